// Package hippocampus is the hippocampal cache of MODEL.md §3: a network of
// N units that stores whole episodes in one shot and replays any held
// episode forward or in reverse from its cue, decoding step by step the
// content (one-hot blocks: sensory vector and place) bound to each step.
//
// # Dynamics
//
// State h, output s (sign units: s = sgn(h), sgn(0) = +1; k-winners: the
// k = round(f·N) units with the largest h output 1, ties to the lower
// index, the rest 0):
//
//	h ← (1 − 1/τ_c)·h + (1/τ_c)·(λ·W₂ + (1 − λ)·W₁)·s
//
// # Storage (one Hebbian pass per episode)
//
// Step t of an episode gets a fresh random intrinsic pattern ξ_t with
// exactly k active units, p_t = ξ_t − ρ, ρ = k/N. Transition t→t+1 goes
// into matrix t mod 2 of each pair:
//
//	reverse pair:  W += p_t (p_{t+1} + p_t)ᵀ / N      (ξ_{t+1}, ξ_t → ξ_t)
//	forward pair:  W += p_{t+1} (p_t + p_{t+1})ᵀ / N  (ξ_t, ξ_{t+1} → ξ_{t+1})
//	readout:       M += x_t q_tᵀ
//
// All episodes superpose in the same four matrices and M, each trace scaled
// by its episode's strength g (1 when stored, × (1 − Decay) per Decay()).
// The matrices are stored factored (see seqMatrix): a sparse part plus three
// low-rank terms, the same W exactly (tested to 1e-12), so a stored step
// costs O(k²) instead of O(N²). Memory: without Decay every stored value
// is a small integer, and the matrices keep one byte per entry (four N×N
// bytes, 16 MB at the default N = 2000); fields are then summed in 16-bit
// lanes, eight entries per two 64-bit additions (weights.go, fieldcache.go).
// The content readout keeps only its nonzero entries, row by row
// (memory.go), so it grows with what is stored, not with the content width. With Decay, or an
// entry past its range, they are float64 (128 MB), with the same values and
// the same results. The four sequence matrices are
// always exactly (bit for bit) the sum over the held episodes of their
// transitions at their current strengths, so Save does not write them and
// Load rebuilds them (snapshot sizes: docs/hippocampus.md). The 1/N of
// the Hebbian rule is applied when a field is read, so while no Decay has
// been applied every stored value is an integer and forgetting subtracts
// the episode's transitions exactly (O(T·k²)); after a Decay, forgetting
// and Decay rebuild the matrices from the episode table (rebuildSequences).
//
// # What is kept per episode
//
// Only a 64-bit seed (from the cache's base seed and the episode id), the
// number of steps and the strength. The seed regenerates ξ_0 … ξ_{T−1}:
// the cue that starts a replay (ξ_0 forward, ξ_{T−1} reverse; "where the
// animal is") and, for reporting only, the pattern the overlap of each
// replayed step is measured against. No content and no pattern is stored:
// content comes back only through M from the state the network reaches.
// (A derived memo, codeMemo, keeps the expansion code of each step's clean
// pattern, 4·k_r bytes per step: a fixed function of the pattern, it
// changes no result, only the cost.)
//
// # Concurrency
//
// A Cache is not safe for concurrent use, but while it does not change,
// any number of Replayers (NewReplayer), each with working memory of its
// own, may replay it at once and give exactly what Cache.Replay gives: the
// sleep phase produces its replays that way. Store changes the four
// sequence matrices in goroutines of their own, one per matrix, and
// computes the expansion codes of the new episode's steps in parallel;
// every matrix sees the same operations in the same order, so the results
// do not depend on the number of cores.
//
// # Replay
//
// The state starts at the cue's state with h at its fixed-point field. Each
// transition runs on the matrix that takes the current pattern to the next
// (reverse: ξ_t → ξ_{t−1} on reverse matrix (t−1) mod 2; forward: ξ_t →
// ξ_{t+1} on forward matrix t mod 2). λ is flipped
//   - SelfTimed: when the state has settled: after some unit has changed its
//     output since the last flip, SettleUpdates consecutive updates change
//     none (PaperConfig: 1, the paper's rule; DefaultConfig: 3, because with many episodes
//     crosstalk makes a k-winners state flicker, and one quiet update then
//     ends a transition half-way);
//   - Oscillation: λ on the driving matrix is (1 + cos(π m/H − π/2))/2,
//     m = 1 … H = HalfPeriod, the other matrix gets 1 − λ: a continuous
//     (1 + cos)/2 oscillation whose crossings of ½ fall between transitions.
//
// A replay reaches step s after counting |s − cue| transitions; it does not
// check which pattern it is in (callers measure fidelity against their own
// ground truth; Overlap reports how close the state is to ξ_s). A
// self-timed transition longer than MaxStepsPerTransition stops the replay
// with ReplaySummary.Stalled.
//
// # Readout and decoding
//
// q_t is the centred readout code of step t: ξ_t − ρ itself (ReadoutUnits
// = 0, MODEL.md's M) or the code of a fixed random expansion layer of R
// units with k_r = f_r·R active (DefaultConfig: R = 20 000, f_r = 0.005;
// see expansion). The crosstalk on entry j of x̂ = M r grows with the number
// of held steps bound to that entry, and relative to the signal it scales
// like √(V_j / N_read), which the expansion lowers (measured capacities:
// docs/hippocampus.md). Decoding, per
// block, picks the entry j with the largest
//
//	(x̂_j / (g·signal) − ½) / (V_j + g²)
//
// the log-likelihood ratio of "entry j is on" when its crosstalk variance is
// proportional to V_j = Σ g² x_j² over held steps (so a frequent entry, like
// "no reward", does not win by crosstalk alone).
//
// # Forgetting (the rule)
//
//   - At most MaxEpisodes episodes are held. Storing one more first forgets
//     the least salient held episode, the oldest among equals (SetSalience
//     tags an episode; untagged episodes have salience 0, so by default the
//     oldest goes first; the agent tags each episode with its reward, so
//     rewarded episodes outlast unrewarded ones): the sequence matrices are rebuilt without its transitions
//     (patterns regenerated from the seeds) and its content is unbound by
//     subtracting
//     x̂_t q_tᵀ, x̂_t decoded from M at its clean pattern ξ_t (exact whenever
//     that decoding is right; the cache keeps no content to subtract).
//     Held lists what remains, oldest first; replaying a forgotten id
//     returns ErrForgotten.
//   - Decay() (call it after each sleep) multiplies every weight by
//     1 − Decay (the readout is scaled, the sequence matrices are rebuilt
//     with the new strengths). It drops no episode by itself, but an old, decayed episode
//     loses against the crosstalk of fresher ones (tested: two decays of 0.5
//     take a 30-step episode at N = 400 from 100 % to 10 % fidelity).
//
// # Cost of a replayed step
//
// A replay step is one decode plus 8–14 network updates (SelfTimed). What
// is computed is what the sections above define, only cheaper:
//   - Fields are cached per matrix (fieldSlot): an update whose output
//     changed in u units adds u rows of Sᵀ instead of summing all k active
//     rows (sign units: instead of a full product; a full one sums the rows
//     of the rarer sign, 2·Σ rows − Sᵀ1), and one with u = 0 reuses the
//     field. A slot is recomputed at every transition's start
//     and when u > k (sign units: u > N/2), so rounding from adding and
//     removing rows never accumulates beyond one transition. About two full
//     sums per step remain (the state moves to a new pattern, 2k changes,
//     and the next transition runs on the pair's other matrix): at
//     N = 2000 that is ~2 MB of Sᵀ rows read per step, the floor here.
//   - k-winners looks for the k-th largest h only among h ≥ θ − margin, θ
//     the previous threshold: exact when at least k qualify, else a search
//     over all N; the margin adapts. Ties go to the lower index, as before.
//   - The expansion ranks its R units by (count, jitter, index) from a
//     histogram of the integer counts, ordering by jitter only the units at
//     the critical count; a state that is exactly its step's pattern takes
//     its code from the episode's memo, filled at Store.
//
// # Confidence, capacity and the storage policy (confidence.go, admit.go)
//
// Each replayed step carries the cache's confidence in it
// (ReplayStep.Confidence): the overlap of the state with the intrinsic
// pattern of the step the replay has counted to, regenerated from the
// episode's seed; the lived episode is never consulted. Config.Capacity is
// the number of steps the cache replays faithfully in all, from the
// capacity measurements; StoreBounded keeps only the last Capacity() steps
// of a longer episode and forgets held episodes (least salient, then
// oldest, first) until the new one fits, reporting the steps stored.
//
// # Invariants
//
// Inputs are never modified or retained. ReplayStep.Content is a view into
// a cache buffer, valid only during the visit callback. Replay allocates
// nothing. Save/Load round-trip bit-exactly (the sequence matrices are
// rebuilt on Load, bit for bit; tested after forgetting and decay). A Cache is not safe for
// concurrent use.
package hippocampus
