package agent

import (
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/hippocampus"
)

// Step is one awake step: where the agent was and what it did.
type Step struct {
	Row, Col, Place int        // position before the move (row, column from the top-left)
	Action          env.Action // the move made (-1 on the final position)
	Predicted       env.Action // the consolidator's predicted move (argmax of its action block over all four moves; -1 on the final position)
	Reward          float64    // reward received for the move
	Choice          bool       // more than one move was allowed
	Explored        bool       // exploration, not the prediction, picked the move
}

// Episode is the record of one awake episode, for tables, arrays and
// figures. Training never reads its steps: sleep trains from the cache's
// replay. Sleep's budget and selection read its scalars (Success, Loss,
// Reward, PeakLoss, CacheID), and replay fidelity is measured against its
// Content.
type Episode struct {
	Index         int     // episodes lived before this one
	Seed          uint64  // the environment's reset seed
	Cue           string  // the task's cue for the episode ("" if none)
	Exploration   float64 // ε or temperature used (0 for a demonstration)
	Demonstration bool    // a scripted expert lived it (Agent.Demonstrate)
	Steps         []Step  // one per move
	Final         Step    // the position after the last move
	Reward        float64 // summed reward
	Success       bool    // the task counted the episode a success
	Truncated     bool    // the step limit ended it
	Loss          float64 // mean per-step prediction loss of the consolidator while awake
	PeakLoss      float64 // largest per-step prediction loss: the episode's biggest surprise
	CacheID       hippocampus.EpisodeID
	StoredSteps   int         // positions the cache stored (all len(Steps)+1 unless its capacity policy cut the start)
	StoredFrom    int         // the position that is the cache's step 0
	Sensory       [][]float64 // the sensory vector at each position, the final one included
	Hidden        [][]float64 // the consolidator's state (a then b) after each step's input, if recorded
	Sweeps        []Sweep     // forward sweeps made at choice steps, in order (sweep.go)
	// RewardPredicted is the consolidator's predicted "reward received"
	// entry for the step at which the episode's last reward arrived (0 if
	// none did): what awake replay by surprise reads.
	RewardPredicted float64
}

// Content returns step t's content as stored in the cache: the sensory
// vector, then the one-hot place code over places cells. It is for scoring
// replay fidelity, never for training.
func (e *Episode) Content(t, places int) []float64 {
	if t < 0 || t >= len(e.Sensory) {
		return nil
	}
	c := make([]float64, len(e.Sensory[t])+places)
	copy(c, e.Sensory[t])
	p := e.Final.Place
	if t < len(e.Steps) {
		p = e.Steps[t].Place
	}
	c[len(e.Sensory[t])+p] = 1
	return c
}

// Choices returns the number of real choices in the episode and how many of
// them exploration made.
func (e *Episode) Choices() (choices, explored int) {
	for _, s := range e.Steps {
		if s.Choice {
			choices++
			if s.Explored {
				explored++
			}
		}
	}
	return choices, explored
}

// Path returns the visited positions, the final one included.
func (e *Episode) Path() (rows, cols []int) {
	for _, s := range e.Steps {
		rows, cols = append(rows, s.Row), append(cols, s.Col)
	}
	return append(rows, e.Final.Row), append(cols, e.Final.Col)
}
