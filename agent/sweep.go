package agent

import (
	"fmt"
	"math"

	"github.com/replaylab/replaylab/env"
)

// Forward sweeps at choice points (Johnson & Redish 2007; Pfeiffer & Foster
// 2013): see the package doc for the equations.

// SweepConfig sets the forward sweeps.
type SweepConfig struct {
	On       bool    // sweep at every choice step
	Steps    int     // H: imagined steps per rollout
	Policy   bool    // one rollout per allowed first move; the best discounted predicted reward decides
	Discount float64 // γ of the predicted reward, in (0, 1]
}

// Validate reports the first invalid setting.
func (c SweepConfig) Validate() error {
	switch {
	case c.On && c.Steps < 1:
		return fmt.Errorf("agent: sweep steps must be ≥ 1, got %d", c.Steps)
	case c.On && !(c.Discount > 0 && c.Discount <= 1):
		return fmt.Errorf("agent: sweep discount must be in (0, 1], got %g", c.Discount)
	}
	return nil
}

// Sweep is one imagined rollout of the consolidator from its awake state at
// a choice step, decoded onto the maze.
type Sweep struct {
	Step     int          // the episode's step at which it was made (the choice step)
	First    env.Action   // the first move it was forced to imagine (-1: the free rollout)
	Moves    []env.Action // the imagined moves, in order (-1: a step predicting no move)
	Places   []int        // dead-reckoned places: the current one, then one per imagined step
	RewardAt int          // imagined step (0-based) at which reward was first predicted (-1: never)
	Value    float64      // γ^RewardAt, 0 when no reward was predicted
	Decided  bool         // the policy took this rollout's first move
}

// SetSweeps sets the forward sweeps.
func (a *Agent) SetSweeps(c SweepConfig) error {
	if err := c.Validate(); err != nil {
		return err
	}
	a.sweep = c
	return nil
}

// Sweeps returns the forward-sweep settings.
func (a *Agent) Sweeps() SweepConfig { return a.sweep }

// sweepAt runs the sweeps of a choice step from the consolidator's current
// state (after the step's input) and appends them to ep. With the policy
// on it returns the move whose rollout has the largest value, and ok = false
// on a tie or when no rollout predicts reward. The consolidator's state is
// put back exactly (cortex.R2N2.RestoreForward): the real run does not see
// the sweep.
func (a *Agent) sweepAt(e *env.Env, ep *Episode, step int) (best env.Action, ok bool, err error) {
	a.cortex.SaveForward(&a.saved)
	defer func() {
		if rerr := a.cortex.RestoreForward(&a.saved); err == nil {
			err = rerr
		}
	}()
	if !a.sweep.Policy {
		s, err := a.rollout(e, step, -1)
		ep.Sweeps = append(ep.Sweeps, s)
		return -1, false, err
	}
	first := len(ep.Sweeps)
	for _, m := range a.allowed {
		if err := a.cortex.RestoreForward(&a.saved); err != nil {
			return -1, false, err
		}
		s, err := a.rollout(e, step, m)
		if err != nil {
			return -1, false, err
		}
		ep.Sweeps = append(ep.Sweeps, s)
	}
	mine := ep.Sweeps[first:]
	at, ok := bestSweep(mine)
	if !ok {
		return -1, false, nil
	}
	mine[at].Decided = true
	return mine[at].First, true, nil
}

// bestSweep returns the index of the rollout with the largest value, and
// false when none has a value above 0 or the largest is shared.
func bestSweep(sweeps []Sweep) (int, bool) {
	hi, at, ties := 0.0, -1, 0
	for i, s := range sweeps {
		switch {
		case s.Value > hi:
			hi, at, ties = s.Value, i, 1
		case s.Value == hi && hi > 0:
			ties++
		}
	}
	return at, at >= 0 && ties == 1
}

// rollout imagines up to H steps: the cleaned prediction of the next
// sensory vector (one-hot per block) is fed back as the next input; with
// first ≥ 0 the first imagined move is replaced by first. It stops early at
// the first step whose cleaned prediction says "reward received". The moves
// are decoded onto the maze from the current cell (DeadReckon).
func (a *Agent) rollout(e *env.Env, step int, first env.Action) (Sweep, error) {
	s := Sweep{Step: step, First: first, RewardAt: -1}
	err := a.imagine(e, &s)
	row, col := e.Position()
	s.Places = DeadReckon(e.Maze(), row, col, s.Moves)
	if err != nil {
		return s, fmt.Errorf("agent: sweep at step %d: %w", step, err)
	}
	if s.RewardAt >= 0 {
		s.Value = math.Pow(a.sweep.Discount, float64(s.RewardAt))
	}
	return s, nil
}

// imagine runs the rollout's imagined steps into s.Moves and s.RewardAt.
func (a *Agent) imagine(e *env.Env, s *Sweep) error {
	for k := range a.sweep.Steps {
		x := cleanBlocks(a.imagined, a.cortex.Output(), e.Blocks())
		a.imagined = x
		if k == 0 && s.First >= 0 {
			clear(x[:env.NumActions+1])
			x[1+int(s.First)] = 1
		}
		mv := env.Action(hot(x[:env.NumActions+1]) - 1) // entry 0 is "no move": -1
		s.Moves = append(s.Moves, mv)
		if x[env.NumActions+2] == 1 { // the reward block's "received" entry
			s.RewardAt = k
			return nil
		}
		if k+1 < a.sweep.Steps {
			if err := a.cortex.Forward(x); err != nil {
				return fmt.Errorf("imagined step %d: %w", k, err)
			}
		}
	}
	return nil
}

// cleanBlocks writes into dst the one-hot vector with a 1 at the largest
// entry of each block of y (the first on ties) and returns it.
func cleanBlocks(dst, y []float64, blocks []int) []float64 {
	dst = append(dst[:0], y...)
	clear(dst)
	off := 0
	for _, w := range blocks {
		dst[off+hot(y[off:off+w])] = 1
		off += w
	}
	return dst
}

// hot returns the index of the largest entry (the first on ties).
func hot(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// DeadReckon decodes imagined moves onto maze m from the cell (row, col):
// the places visited, the start first, one per move. A move into a wall or
// off the grid leaves the place unchanged, as it would awake; a move of -1
// (none) too. Doors count as open: the decoding follows the maze's walls.
func DeadReckon(m *env.Maze, row, col int, moves []env.Action) []int {
	places := make([]int, 0, len(moves)+1)
	places = append(places, m.CellIndex(row, col))
	for _, mv := range moves {
		if dr, dc := mv.Delta(); mv >= 0 && m.Passable(row+dr, col+dc) {
			row, col = row+dr, col+dc
		}
		places = append(places, m.CellIndex(row, col))
	}
	return places
}
