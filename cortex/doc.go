// Package cortex is the consolidator: a reversible recurrent network (R2N2)
// that learns from replay without storing its trajectory, with its optimiser
// (Adam), its losses, and the baselines it is compared with (RFLO, a
// reservoir, exact BPTT) behind the small SequenceModel interface.
//
// # R2N2 (MODEL.md §2)
//
// Groups A and B of N units, rates φ = tanh, leak c = 1 − 1/τ, drive d = 1/τ:
//
//	a_{t+1} = c·a_t + d·(W_BA φ(b_t) + W_in x_t)
//	b_{t+1} = c·b_t + d·W_AB φ(a_{t+1})
//	y_{t+1} = W_out φ(b_{t+1})
//
// and the reverse step, given x_t again,
//
//	b_t = (b_{t+1} + d·R_AB φ(a_{t+1})) / c
//	a_t = (a_{t+1} + d·R_BA φ(b_t) − d·W_in x_t) / c
//
// A training step (TrainSequence or TrainReplay, or by hand Forward… then
// BeginReverse, ReverseStep…, EndReverse) runs forward over the episode
// keeping only the final state, then reverse, computing the error signals on the way back
// (the equations are at ReverseStep), sums ΔW over the reverse run, divides by
// the number of reverse steps and applies one Adam step (β1 0.9, β2 0.999,
// ε 1e-7). Memory is fixed at New: it does not grow with episode length.
//
// # Choices MODEL.md leaves open
//
//   - Losses: MSE is ½·Σ_k (y_k − target_k)² per step (a sum over outputs, so
//     ∂L/∂y = y − target); cross-entropy is softmax cross-entropy at the steps
//     that have a target. The loss returned by TrainSequence and EndReverse is
//     the mean over the steps that had a target; the gradient is divided by
//     the number of reverse steps, as MODEL.md says.
//   - Weighted MSE (loss.go, ReverseStepWeighted, WeightedReplay): a step
//     may weight each output entry, L = ½·Σ_k w_k (y_k − target_k)² with
//     w_k ≥ 0 finite, so e = w ⊙ (y − target) enters δB exactly where the
//     unweighted e does; the recursion is otherwise unchanged, so the
//     result is the exact BPTT gradient of the weighted loss (checked by
//     finite differences, weighted_test.go). A WeightedReplay's weights are
//     asked once per step while the segment being reversed is buffered and
//     held fixed for its reverse run. Only MSE takes weights (sleep weights
//     the action entries of a replayed episode by its outcome).
//   - Initialisation: W_in ~ N(0, 0.1/√N), W_AB, W_BA ~ N(0, g/√N),
//     W_out ~ N(0, 0.1/√Out); random feedback ~ N(0, g_fb/√fan-in) with fan-in
//     Out for Fo and N for F_AB, F_BA; the clipped-normal initial state is a
//     standard normal clipped to ±InitScale. Draw order is fixed (see New).
//   - Feedback matrices are stored with the shapes of W_out, W_AB, W_BA and
//     applied transposed; in BP mode they are the weights themselves.
//   - Learned reverse synapses: each forward step records (φ(b_t), W_BA φ(b_t))
//     and (φ(a_{t+1}), W_AB φ(a_{t+1})) in a ring of the most recent
//     ReverseSamples (default 4·N) pairs; BeginReverse fits R by least squares
//     (QR) to R φ ≈ −current and needs at least N samples. Which samples
//     count: see ReverseSource below.
//   - State precision: each unit's state is kept as hi + lo in double-double
//     arithmetic for the leaky update only (leak.go); everything else sees hi.
//     Plain float64 loses about 1.25× per step in the reverse run (1e-7 max
//     error at T = 100, n = 64, states from ±5); with the low-order part the
//     exact reverse run returns the forward states bit for bit up to T ≈ 200
//     and within 1e-13 at T = 300.
//   - tanh is computed by a table and the addition formula, within 3 ulp of
//     math.Tanh (tanh.go), for speed.
//
// # Reverse replay that never lies (MODEL.md §2.6, segmented.go)
//
// The forward dynamics contract, so the reverse run expands every error it
// carries (about 1.25× per step at N = 64, τ = 10, g = 1.5): past the
// reversal horizon H (a few hundred steps with the double-double state) the
// reconstructed states, and with them the gradient, are noise. Hence:
//
//   - Reversal check. Every reverse replay (TrainReplay, TrainSequence and
//     their ComputeGradients forms) compares the state its reverse run
//     reaches with the known forward state at every segment boundary and at
//     the initial state; the largest difference is Reversal.Error
//     (LastReversal). Above Config.ReversalTol (default 1e-6) the gradient
//     is not applied and ErrReversal is returned. ReversalError gives the
//     same check for a hand-driven Forward…ReverseStep run back to step 0.
//   - Segmented reverse replay. The sequence (a Replay: the cache's forward
//     replay, or SliceReplay) is reversed K ≤ H steps at a time, last
//     segment first; before each segment it is replayed forward from the
//     initial state to the segment's end, and the error signals and gradient
//     sums are carried across the boundary, so the gradient is full BPTT's
//     at any T. K is Config.SegmentLen, or 0: the whole sequence is tried as
//     one segment when T ≤ MaxSegment, and otherwise (or after it failed) K
//     is 3/4 of the horizon measured on the sequence by bisection
//     (MeasureHorizon). A failed check halves K and redoes the pass; the K
//     in use only shrinks (learning raises the gain and shortens H) and is
//     saved with the network.
//   - Variants (Config.Segmenting). SegmentReplay (the default): memory
//     independent of T (one state, the error signals, the sums and a
//     MaxSegment-row input buffer), forward cost ≈ T²/(2K): at T = 10⁵,
//     K = 300, 16.8 million forward steps. SegmentCheckpoint stores the state
//     (4·N float64s) at each segment start during one forward pass: memory
//     grows by 2 KB per segment at N = 64, forward cost ≈ 2T (205 000 steps
//     at T = 10⁵). Both give the same gradient bit for bit. The default is
//     the one whose memory does not depend on T, MODEL.md's headline
//     property and the form that needs no store of cortical states; for the
//     episodes of the agent (≈ 100 steps, one segment) the two are the same.
//     Wall times: docs/benchmarks.md, "Memory". SegmentOff reverses in one
//     run (the check still applies, with no retry).
//   - Learned reverse synapses. With ReverseSource = SamplesCurrent (the
//     default) the sample ring is emptied after every update made by
//     TrainReplay or TrainSequence, so R is always fitted from samples made
//     with the weights the reverse run uses: in sleep, the forward replay
//     that precedes the reverse run (≥ N samples needed: an episode shorter
//     than N steps cannot be fitted) and the segments' forward replays. The
//     reversal check applies to it as to exact R. SamplesRing keeps the
//     older rule (the last ReverseSamples samples, whatever weights made
//     them).
//   - ComputeGradientsStored is the reference the checks use: full BPTT from
//     stored states of this network's own forward arithmetic.
//
// # Kernels
//
// The matrix work of a step runs in four kernels (kernels.go), each with one
// fixed order of floating-point operations: matVec (W·φ, dot products in
// eight lanes reduced as ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)), then the
// tail); dotAxpyT, one pass over a matrix's rows that gives both R·φ and Fᵀδ
// (with exact reverse synapses the pass reads W and negates, which is R·φ
// to the bit, so in bp mode each matrix is read once per reverse half-step);
// rankUpdate, which adds the ΔW terms u vᵀ of up to 16 reverse steps
// (gradBlock, grad_block.go) in one pass over the gradient, each element
// still receiving its terms one at a time in step order, so the sum is that
// of rank-1 updates; and adamUpdate. The per-unit work of a half-step (drive,
// leak, tanh) runs over whole vectors (leakForwardVec, leakReverseVec,
// tanhInto), with the finiteness check folded into the leak. The matrix
// kernels round every product before adding it (float64(a·b), no FMA), so
// they give the same bits on every platform.
//
// On amd64 with AVX2 and FMA the same kernels run as assembly
// (kernels_amd64.s), four lanes per instruction, VMULPD then VADDPD in the Go
// order (FMA only where the Go code calls math.FMA): the results are bitwise
// those of the Go versions (TestKernelsMatchGeneric, TestTanhIntoMatchesTanh,
// TestLeakVecMatchesLeak, TestAdamUpdateMatchesFormula; tolerance 0), so the
// choice changes speed, never results. Build with -tags purego
// to run the Go versions. The exact reverse run inverts the forward run to
// the bit because both compute W·φ with the same kernel. The step before the
// kernels (gonum's Gemv and a Ger per gradient per step) is kept in the tests
// (r2n2_ref_test.go): the kernels agree with it to rounding
// (TestStepMatchesReference), and BenchmarkTrainStepPaths times both.
//
// # Invariants
//
// An R2N2 owns every buffer; accessors return views (Output's is valid until
// the next call). Inputs are never modified. Forward and ReverseStep allocate
// nothing. Every non-finite state, loss or gradient is reported as a wrapped
// ErrDiverged, and a diverged reverse run never updates the weights. No random
// draw from the caller's stream happens after New (InitFresh draws from the
// network's own stream, which Save stores), so a network saved between
// episodes (Save) and loaded (Load) continues bit-exactly.
package cortex
