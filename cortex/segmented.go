package cortex

import (
	"errors"
	"fmt"
	"math"
)

// Segmented reverse replay (MODEL.md §2.6). The reverse run of a contracting
// network loses the forward states after a few hundred steps (the reversal
// horizon H), so a reverse run covers at most K ≤ H steps at a time: for
// segment j = m−1 … 0 the sequence is replayed forward from the initial
// state to the segment's end, then reversed over the segment, with the error
// signals (δA, δB) and the gradient sums carried across segment boundaries.
// The result is the full BPTT gradient at any length T; the memory is one
// state, the error signals, the gradient sums and a buffer of the K inputs
// of the segment being reversed.

// MaxSegment is the longest segment one reverse run covers. The input buffer
// of the segmented variants has MaxSegment rows whatever T, so that memory is
// the same for every sequence length.
const MaxSegment = 1024

// DefaultReversalTol is the default largest reconstruction error accepted at
// a checked state (Config.ReversalTol).
const DefaultReversalTol = 1e-6

// ErrReversal reports a reverse run whose reconstruction error at a checked
// state (a segment boundary or the initial state) exceeds the tolerance even
// at the shortest segment: its gradient is not applied. It is returned
// wrapped; test with errors.Is.
var ErrReversal = errors.New("cortex: reverse run did not reconstruct the forward states")

// Segmenting selects how a reverse replay is split into segments.
type Segmenting int

const (
	// SegmentReplay replays the sequence forward from the initial state to
	// the end of each segment: memory independent of T, forward cost about
	// T²/(2K). No cortical state is stored.
	SegmentReplay Segmenting = iota
	// SegmentCheckpoint stores the state at each segment start during one
	// forward pass and replays forward from the stored state: memory T/K
	// states, forward cost about 2T.
	SegmentCheckpoint
	// SegmentOff reverses the whole sequence in one run (reversal checked at
	// step 0 only, no retry): exact only within the reversal horizon. Its
	// input buffer holds the whole sequence.
	SegmentOff
)

var segmentingNames = []string{"replay", "checkpoint", "off"}

// String returns "replay", "checkpoint" or "off".
func (s Segmenting) String() string {
	if s >= 0 && int(s) < len(segmentingNames) {
		return segmentingNames[s]
	}
	return fmt.Sprintf("Segmenting(%d)", int(s))
}

// ParseSegmenting maps "replay", "checkpoint" and "off" to a Segmenting.
func ParseSegmenting(s string) (Segmenting, error) {
	for i, n := range segmentingNames {
		if n == s {
			return Segmenting(i), nil
		}
	}
	return 0, fmt.Errorf("cortex: unknown segmenting %q (want replay, checkpoint or off)", s)
}

// Replay is a sequence the consolidator can hear again, as the cache
// replays an episode. Steps calls visit for steps from … end−1 in order with
// the input x_t and the target of the output read after it (nil: no loss at
// that step); x and target are only read during the call. A visit error
// stops Steps and is returned.
type Replay interface {
	Len() int
	Steps(from, end int, visit func(t int, x, target []float64) error) error
}

// WeightedReplay is a Replay whose steps also weight the error of each
// output entry: the loss at step t is ½·Σ_k w_tk (y_tk − target_tk)²
// (ReverseStepWeighted; MSE only). Weight fills dst (length Out) with step
// t's weights, or returns false for all ones. It is asked once per step of
// the segment being reversed, after the forward replay visited that step.
type WeightedReplay interface {
	Replay
	Weight(t int, dst []float64) bool
}

// SliceReplay is a Replay over stored inputs and targets (Targets[t] is the
// target after Xs[t]; a nil entry or a short Targets means no loss).
type SliceReplay struct {
	Xs, Targets [][]float64
}

// Len returns len(Xs).
func (s SliceReplay) Len() int { return len(s.Xs) }

// Steps visits steps from … end−1.
func (s SliceReplay) Steps(from, end int, visit func(t int, x, target []float64) error) error {
	if from < 0 || from > end || end > len(s.Xs) {
		return fmt.Errorf("cortex: replay of steps [%d, %d) of a %d-step sequence", from, end, len(s.Xs))
	}
	for t := from; t < end; t++ {
		var y []float64
		if t < len(s.Targets) {
			y = s.Targets[t]
		}
		if err := visit(t, s.Xs[t], y); err != nil {
			return err
		}
	}
	return nil
}

// Reversal describes the reversal check of the last reverse replay
// (TrainReplay, ComputeGradientsReplay, TrainSequence, ComputeGradients).
type Reversal struct {
	// Error is the largest reconstruction error max_i |s_i^fwd − s_i^rev|
	// over both groups at every checked state of the final pass: each
	// segment boundary, where the reverse run of the later segment meets the
	// forward replay of the earlier one, and the initial state. +Inf if a
	// reverse run diverged.
	Error float64
	// Tolerance is the Config.ReversalTol the error was checked against.
	Tolerance float64
	// K is the segment length of the final pass and Segments its number of
	// segments; Halvings counts the passes redone with K halved.
	K, Segments, Halvings int
	// ForwardSteps and ReverseSteps count the steps of every pass (the
	// cost), Checkpoints the states stored (SegmentCheckpoint only).
	ForwardSteps, ReverseSteps, Checkpoints int
	// Trained says the gradient was applied (TrainReplay, TrainSequence).
	Trained bool
}

// OK reports whether the reconstruction stayed within the tolerance.
func (v Reversal) OK() bool { return v.Error <= v.Tolerance }

// segBuffer holds the inputs, targets and output weights of the segment
// being reversed.
type segBuffer struct {
	in, out int
	x, y, w []float64
	has     []bool
	hasW    []bool
}

func (b *segBuffer) ensure(rows, in, out int) {
	if len(b.has) >= rows {
		return
	}
	b.in, b.out = in, out
	b.x, b.y, b.has = make([]float64, rows*in), make([]float64, rows*out), make([]bool, rows)
	b.w, b.hasW = make([]float64, rows*out), make([]bool, rows)
}

// putWeight asks src for row i's output weights (step t).
func (b *segBuffer) putWeight(i, t int, src WeightedReplay) {
	b.hasW[i] = src != nil && src.Weight(t, b.w[i*b.out:(i+1)*b.out])
}

// weight returns row i's output weights, nil for all ones.
func (b *segBuffer) weight(i int) []float64 {
	if b.hasW[i] {
		return b.w[i*b.out : (i+1)*b.out]
	}
	return nil
}

func (b *segBuffer) put(i int, x, y []float64) {
	copy(b.x[i*b.in:(i+1)*b.in], x)
	b.has[i] = y != nil
	if y != nil {
		copy(b.y[i*b.out:(i+1)*b.out], y)
	}
}

func (b *segBuffer) get(i int) (x, y []float64) {
	x = b.x[i*b.in : (i+1)*b.in]
	if b.has[i] {
		y = b.y[i*b.out : (i+1)*b.out]
	}
	return x, y
}

// segState is the extra state of segmented replay, part of an R2N2.
type segState struct {
	k     int       // segment length in use (0: not yet chosen); only shrinks
	buf   segBuffer // inputs of the segment being reversed
	bndA  []float64 // state the last reverse run reached (boundary check)
	bndB  []float64
	ckpt  []float64 // SegmentCheckpoint: (a, b, aLo, bLo) per segment start
	last  Reversal
	start int                                    // first step the visit function buffers
	visit func(t int, x, target []float64) error // made once, see bufferAndForward
	wsrc  WeightedReplay                         // the replay being trained on, if it weights its outputs
}

// errReconstruction marks a pass that ended because the reverse run's state
// diverged: the reconstruction failed, the pass is redone with a shorter K.
var errReconstruction = errors.New("reconstruction diverged")

// LastReversal returns the reversal check of the last reverse replay.
func (r *R2N2) LastReversal() Reversal { return r.seg.last }

// SegmentLen returns the segment length K that the next reverse replay
// starts from: the one set or measured so far, shortened by every failed
// check (0 if none has been chosen yet).
func (r *R2N2) SegmentLen() int { return r.seg.k }

// TrainReplay trains on one sequence by segmented reverse replay: the exact
// BPTT gradient of the summed loss (bp mode; the same recursion with the
// chosen feedback and carry otherwise), divided by the number of steps, then
// one Adam step. It returns the mean loss over the steps with a target. If
// the reconstruction error at a checked state exceeds Config.ReversalTol
// even after K was halved down to 1 (or with SegmentOff), it returns
// ErrReversal (wrapped) and the weights are unchanged; LastReversal tells the
// error either way. With learned reverse synapses and SamplesCurrent, the
// sample ring is emptied after the update, so the next fit sees only samples
// made with the new weights.
func (r *R2N2) TrainReplay(src Replay) (float64, error) {
	if err := r.replayGradients(src); err != nil {
		return 0, err
	}
	loss, err := r.finishReverse()
	if err != nil {
		return loss, err
	}
	r.opt.Step(r.params, r.grads)
	r.seg.last.Trained = true
	if r.cfg.Reverse == ReverseLearned && r.cfg.ReverseSource == SamplesCurrent {
		r.ClearSamples()
	}
	return loss, nil
}

// ComputeGradientsReplay does what TrainReplay does except the Adam step:
// the mean gradients are left in Gradients() and the weights are unchanged.
func (r *R2N2) ComputeGradientsReplay(src Replay) (float64, error) {
	if err := r.replayGradients(src); err != nil {
		return 0, err
	}
	return r.finishReverse()
}

// replayGradients accumulates the gradient sums of src over one accepted
// pass, choosing K and halving it after every failed check.
func (r *R2N2) replayGradients(src Replay) error {
	r.seg.wsrc, _ = src.(WeightedReplay)
	defer func() { r.seg.wsrc = nil }()
	T := src.Len()
	if T <= 0 {
		return fmt.Errorf("cortex: empty sequence")
	}
	rep := Reversal{Tolerance: r.cfg.ReversalTol}
	tentative := false
	K := r.seg.k
	switch {
	case r.cfg.Segmenting == SegmentOff:
		K = T
	case K > 0:
	case r.cfg.SegmentLen > 0:
		K = r.cfg.SegmentLen
	case T <= MaxSegment:
		K, tentative = T, true // one segment if it reverses; measured otherwise
	default:
		h, err := r.horizon(src, min(T, MaxSegment), &rep)
		if err != nil {
			return err
		}
		K = max(1, 3*h/4)
		r.seg.k = K
	}
	K = min(K, T)
	for {
		rep.K, rep.Segments = K, (T+K-1)/K
		err := r.pass(src, T, K, &rep)
		if err != nil && !errors.Is(err, errReconstruction) {
			r.inReverse = false
			r.seg.last = rep
			return err
		}
		if rep.Error <= rep.Tolerance {
			break
		}
		if K == 1 || r.cfg.Segmenting == SegmentOff {
			r.inReverse = false
			r.seg.last = rep
			return fmt.Errorf("cortex: reverse replay of %d steps in segments of %d: reconstruction error %.3g > tolerance %g: %w",
				T, K, rep.Error, rep.Tolerance, ErrReversal)
		}
		next := K / 2
		if tentative {
			tentative = false
			h, err := r.horizon(src, K, &rep)
			if err != nil {
				r.inReverse = false
				return err
			}
			next = min(next, max(1, 3*h/4))
		}
		K = max(1, next)
		r.seg.k = K
		rep.Halvings++
	}
	r.seg.last = rep
	return nil
}

// bufferAndForward returns the visit function of a forward replay that
// buffers the steps from start on and steps the network. The function is
// made once per network (no allocation per segment).
func (r *R2N2) bufferAndForward(start int) func(t int, x, y []float64) error {
	r.seg.start = start
	if r.seg.visit == nil {
		r.seg.visit = func(t int, x, y []float64) error {
			if y != nil && len(y) != r.cfg.Out {
				return fmt.Errorf("cortex: target %d has length %d, want Out=%d", t, len(y), r.cfg.Out)
			}
			if t >= r.seg.start {
				r.seg.buf.put(t-r.seg.start, x, y) // Forward rejects a bad x below
				r.seg.buf.putWeight(t-r.seg.start, t, r.seg.wsrc)
			}
			if err := r.Forward(x); err != nil {
				return fmt.Errorf("step %d: %w", t, err)
			}
			return nil
		}
	}
	return r.seg.visit
}

// reverseSegment runs the reverse steps end−1 … start from the current state
// with the buffered inputs, carrying the error signals.
func (r *R2N2) reverseSegment(start, end int, rep *Reversal) error {
	for t := end - 1; t >= start; t-- {
		x, y := r.seg.buf.get(t - start)
		if _, err := r.ReverseStepWeighted(x, y, r.seg.buf.weight(t-start)); err != nil {
			if errors.Is(err, ErrDiverged) && !(allFinite(r.a) && allFinite(r.b)) {
				rep.Error = math.Inf(1)
				return errReconstruction
			}
			return fmt.Errorf("step %d: %w", t, err)
		}
	}
	rep.ReverseSteps += end - start
	return nil
}

// pass runs one segmented pass with segment length K and sets rep.Error.
func (r *R2N2) pass(src Replay, T, K int, rep *Reversal) error {
	rows := K
	if r.cfg.Segmenting != SegmentOff {
		rows = MaxSegment // the same memory for every T
	}
	r.seg.buf.ensure(max(rows, K), r.cfg.In, r.cfg.Out)
	n := r.cfg.N
	if len(r.seg.bndA) != n {
		r.seg.bndA, r.seg.bndB = make([]float64, n), make([]float64, n)
	}
	rep.Error = 0
	m := (T + K - 1) / K
	if r.cfg.Segmenting == SegmentCheckpoint {
		return r.checkpointPass(src, T, K, m, rep)
	}
	for j := m - 1; j >= 0; j-- {
		start, end := j*K, min((j+1)*K, T)
		r.Reset()
		if err := src.Steps(0, end, r.bufferAndForward(start)); err != nil {
			return fmt.Errorf("cortex: forward replay to step %d: %w", end, err)
		}
		rep.ForwardSteps += end
		if j < m-1 {
			rep.Error = max(rep.Error, stateDistance(r.a, r.b, r.seg.bndA, r.seg.bndB))
		}
		if err := r.beginSegment(j == m-1); err != nil {
			return err
		}
		if err := r.reverseSegment(start, end, rep); err != nil {
			return err
		}
		copy(r.seg.bndA, r.a)
		copy(r.seg.bndB, r.b)
	}
	rep.Error = max(rep.Error, stateDistance(r.a, r.b, r.a0, r.b0))
	return nil
}

// checkpointPass is pass for SegmentCheckpoint: one forward pass storing the
// state at each segment start, then per segment a forward replay from its
// stored start and the reverse run, checked against the stored start.
func (r *R2N2) checkpointPass(src Replay, T, K, m int, rep *Reversal) error {
	n := r.cfg.N
	need := 4 * n * m
	if cap(r.seg.ckpt) < need {
		r.seg.ckpt = make([]float64, need)
	}
	ck := r.seg.ckpt[:need]
	save := func(j int) {
		o := ck[4*n*j:]
		copy(o[:n], r.a)
		copy(o[n:2*n], r.b)
		copy(o[2*n:3*n], r.aLo)
		copy(o[3*n:4*n], r.bLo)
	}
	r.Reset()
	last := (m - 1) * K
	fill := r.bufferAndForward(last)
	err := src.Steps(0, T, func(t int, x, y []float64) error {
		if t%K == 0 {
			save(t / K)
		}
		return fill(t, x, y)
	})
	if err != nil {
		return fmt.Errorf("cortex: forward replay: %w", err)
	}
	rep.ForwardSteps += T
	rep.Checkpoints = m
	for j := m - 1; j >= 0; j-- {
		start, end := j*K, min((j+1)*K, T)
		if j < m-1 {
			o := ck[4*n*j:]
			copy(r.a, o[:n])
			copy(r.b, o[n:2*n])
			copy(r.aLo, o[2*n:3*n])
			copy(r.bLo, o[3*n:4*n])
			r.syncRates()
			if err := src.Steps(start, end, r.bufferAndForward(start)); err != nil {
				return fmt.Errorf("cortex: forward replay of steps [%d, %d): %w", start, end, err)
			}
			rep.ForwardSteps += end - start
		}
		if err := r.beginSegment(j == m-1); err != nil {
			return err
		}
		if err := r.reverseSegment(start, end, rep); err != nil {
			return err
		}
		o := ck[4*n*j:]
		rep.Error = max(rep.Error, stateDistance(r.a, r.b, o[:n], o[n:2*n]))
	}
	return nil
}

// beginSegment starts the reverse run of a segment: the first one of a pass
// sets the reverse synapses and zeroes the error signals and sums
// (BeginReverse); later ones carry them on.
func (r *R2N2) beginSegment(first bool) error {
	if first {
		return r.BeginReverse()
	}
	r.inReverse = true
	return nil
}

// stateDistance returns max_i max(|a_i − a'_i|, |b_i − b'_i|), +Inf if any
// is not finite.
func stateDistance(a, b, a2, b2 []float64) float64 {
	var worst float64
	for i := range a {
		d := max(math.Abs(a[i]-a2[i]), math.Abs(b[i]-b2[i]))
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		worst = max(worst, d)
	}
	return worst
}
