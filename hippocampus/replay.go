package hippocampus

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// Direction is the direction of a replay.
type Direction int

const (
	// Forward replays from the episode's first step to its last.
	Forward Direction = iota
	// Reverse replays from the episode's last step back to its first.
	Reverse
)

// String returns "forward" or "reverse".
func (d Direction) String() string {
	switch d {
	case Forward:
		return "forward"
	case Reverse:
		return "reverse"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// ReplayStep is one step of a replay, as the replay reaches it.
type ReplayStep struct {
	Step     int       // position in the episode (counts down in Reverse)
	Content  []float64 // decoded content, one-hot per block; valid only during the callback
	Overlap  float64   // overlap of the state with the step's intrinsic pattern (1 = exact)
	SimSteps int       // network updates this transition took (0 for the cue)
	// Confidence is the cache's own confidence in the step, in [0, 1]
	// (confidence.go): from its state and its decoding, never the lived
	// episode.
	Confidence float64
}

// ReplaySummary describes a finished replay.
type ReplaySummary struct {
	Episode   EpisodeID
	Direction Direction
	Steps     int  // steps replayed, the cue included
	SimSteps  int  // network updates in all
	Completed bool // the replay reached the episode's other end
	Stalled   bool // a self-timed transition exceeded MaxStepsPerTransition
}

// Replay replays episode id in direction dir from its cue (the state of
// ξ_0 for Forward, ξ_{T−1} for Reverse), calling visit once per step in
// replay order. The step index is the number of transitions counted from
// the cue. A visit error stops the replay and is returned. Replay itself
// allocates nothing.
func (c *Cache) Replay(id EpisodeID, dir Direction, visit func(ReplayStep) error) (ReplaySummary, error) {
	return c.st.replay(id, dir, visit)
}

func (c *state) replay(id EpisodeID, dir Direction, visit func(ReplayStep) error) (ReplaySummary, error) {
	sum := ReplaySummary{Episode: id, Direction: dir}
	if dir != Forward && dir != Reverse {
		return sum, fmt.Errorf("hippocampus: replay episode %d: unknown direction %d", id, int(dir))
	}
	ep, err := c.find(id)
	if err != nil {
		return sum, fmt.Errorf("hippocampus: replay: %w", err)
	}
	e := *ep
	step, delta := 0, 1
	if dir == Reverse {
		step, delta = e.steps-1, -1
	}
	c.gen.indices(e.seed, step, c.idx)
	c.patternState(c.idx, e.strength)
	if err := c.reach(e, step, 0, visit, &sum); err != nil {
		return sum, err
	}
	for j := 1; j < e.steps; j++ {
		to := step + delta
		// The matrix that takes ξ_step to ξ_to: reverse pair index to mod 2
		// (it holds to→to+1), forward pair index step mod 2 (holds step→to).
		drive, other := &c.fwd[step%2], &c.fwd[1-step%2]
		if dir == Reverse {
			drive, other = &c.rev[to%2], &c.rev[1-to%2]
		}
		sim, ok := c.transition(drive, other)
		sum.SimSteps += sim
		if !ok {
			sum.Stalled = true
			return sum, nil
		}
		step = to
		c.gen.indices(e.seed, step, c.idx)
		if err := c.reach(e, step, sim, visit, &sum); err != nil {
			return sum, err
		}
	}
	sum.Completed = true
	return sum, nil
}

// transition runs the network until the next pattern is reached: in
// SelfTimed mode on the drive matrix alone (λ at its extreme) until it
// settles, in Oscillation mode for one half-period with
// λ_drive = (1 + cos(π m/H − π/2))/2, m = 1 … H, on the drive matrix and
// 1 − λ_drive on the other. It returns the updates taken and false when a
// self-timed transition did not settle within MaxStepsPerTransition.
func (c *state) transition(drive, other *seqMatrix) (int, bool) {
	c.invalidateFields() // bounds the rounding of incremental fields to one transition
	if c.cfg.Timing == Oscillation {
		hp := c.cfg.HalfPeriod
		for m := 1; m <= hp; m++ {
			w := (1 + math.Cos(math.Pi*float64(m)/float64(hp)-math.Pi/2)) / 2
			c.update(drive, other, w)
		}
		return hp, true
	}
	moved, quiet := false, 0
	for n := 1; n <= c.cfg.MaxStepsPerTransition; n++ {
		if c.update(drive, other, 1) > 0 {
			moved, quiet = true, 0
		} else {
			quiet++
		}
		if moved && quiet >= c.cfg.SettleUpdates {
			return n, true
		}
	}
	return c.cfg.MaxStepsPerTransition, false
}

// reach decodes the current state, computes its overlap with pattern
// c.idx of the given step, and calls visit.
func (c *state) reach(e episode, step, sim int, visit func(ReplayStep) error, sum *ReplaySummary) error {
	c.decode(e.strength, e.memo, step)
	sum.Steps++
	if visit == nil {
		return nil
	}
	m := c.overlap(c.idx)
	return visit(ReplayStep{Step: step, Content: c.content, Overlap: m, SimSteps: sim, Confidence: confidence(m)})
}

// decode reads x̂ = M s and writes one one-hot vector per block into
// c.content. Within a block it picks the entry j with the largest
//
//	(x̂_j / (g·signal) − 1/2) / (V_j + g²)
//
// where g is the replayed episode's strength and V_j the summed squared
// strength of every held step bound with entry j: the log-likelihood ratio
// of "this entry is on" when the crosstalk on entry j has variance
// proportional to V_j. A frequent entry (a corridor's observation, "no
// reward") collects large crosstalk; a plain argmax would let it win
// wrongly; this rule does not.
//
// With an expansion layer, the code of a state that is exactly the clean
// pattern of step (c.idx) comes from the episode's memo (see codeMemo).
func (c *state) decode(g float64, memo *codeMemo, step int) {
	rows, sumR := c.active, float64(len(c.active))
	switch {
	case c.exp != nil:
		in := c.active
		if c.cfg.Activation == Sign {
			c.pos = c.pos[:0]
			for i, v := range c.s {
				if v > 0 {
					c.pos = append(c.pos, i)
				}
			}
			in = c.pos
		}
		c.expansionCode(in, memo, step, c.isPattern(c.idx))
		rows, sumR = c.xs.active, float64(len(c.xs.active))
	case c.cfg.Activation == Sign:
		rows, sumR = nil, 0
		clear(c.xhat)
		for i, v := range c.s {
			c.readT.accumulate(i, v, c.xhat)
			sumR += v
		}
	}
	if rows != nil {
		clear(c.xhat)
		for _, i := range rows {
			c.readT.accumulate(i, 1, c.xhat)
		}
	}
	blas64.Axpy(-c.readRho*sumR, vec(c.xsum), vec(c.xhat))
	clear(c.content)
	norm := 1 / (g * c.readSig)
	off := 0
	for _, b := range c.blocks {
		best, bestScore := off, math.Inf(-1)
		for j := off; j < off+b; j++ {
			score := (c.xhat[j]*norm - 0.5) / (c.classVar[j] + g*g)
			if score > bestScore {
				best, bestScore = j, score
			}
		}
		c.content[best] = 1
		off += b
	}
}
