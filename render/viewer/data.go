package viewer

import (
	"github.com/replaylab/replaylab/render"
)

// Episode is one awake episode as the viewer shows it.
type Episode struct {
	Index   int
	Cue     string // "" when the task has none
	Steps   int    // moves made
	Reward  float64
	Success bool
	// Choices and Explored are the moves with more than one allowed move
	// and those exploration picked (episodes.csv); −1 when the run's table
	// has no such columns.
	Choices, Explored int
	start             int // first row of the episode in Data.Pos (Steps+1 rows)
}

// Replay is one replay (forward or reverse half of a replay event), in
// sleep or, for runs that record awake replay, while awake.
type Replay struct {
	Sleep, Event, Episode int
	Reverse               bool
	Fidelity, Loss        float64
	// Awake marks a replay made while awake (phase "awake"); Sweep marks an
	// awake sweep, the consolidator's imagined forward rollout from its
	// current state rather than the cache's replay of a stored episode.
	// Runs recorded before awake replay have only sleep replays.
	Awake, Sweep bool
	// Splice marks a spliced sleep replay (kind "splice"): the shortest
	// route to reward in the sleep's replays, joined where they share a
	// state; Episode is the episode its last step comes from.
	Splice bool
	// EpisodeAt and StepAt are the awake episode and its step at which an
	// awake replay happened; −1 for sleep replays.
	EpisodeAt, StepAt int
	start, end        int // rows in Data.ReplayPos
}

// Sleep is one sleep: after which episode it came and its replays.
type Sleep struct {
	Index        int
	AfterEpisode int // episodes lived before it
	Events       int // replay events (forward and reverse pairs)
	first, count int // its replays in Data.Replays
}

// Data is everything the viewer shows of a run, whether read from a run
// directory or observed live. Positions of all episodes are stacked as in
// arrays.npz; the viewer owns Data and never changes a run.
type Data struct {
	Name     string // scenario name or run directory
	Status   string // running, finished or failed
	Grid     render.Grid
	Shortest int // moves of a perfect episode (goal and linear-track), 0 if none
	Episodes []Episode
	Pos      []render.Cell // every recorded position, episode after episode
	Actions  []int         // move made at each position, −1 at final ones
	// Predicted is the consolidator's predicted move at each position
	// (rows as Pos, −1 at final ones); nil for runs recorded before
	// arrays.npz had predicted_action.
	Predicted []int
	Replays   []Replay
	ReplayPos []render.Cell
	Sleeps    []Sleep
	// Hidden returns the consolidator's state (a then b, one row per
	// position) for episode i; nil, false when the run did not record it.
	Hidden func(i int) ([][]float64, bool)
	// HiddenHint tells how to record activity when Hidden has none.
	HiddenHint string
}

// Path returns the positions of episode i, its final one included.
func (d *Data) Path(i int) []render.Cell {
	e := d.Episodes[i]
	return d.Pos[e.start : e.start+e.Steps+1]
}

// ReplayPath returns the decoded positions of replay j, in replay order.
func (d *Data) ReplayPath(j int) []render.Cell {
	r := d.Replays[j]
	return d.ReplayPos[r.start:r.end]
}

// linkSleeps fills each sleep's range of replays (replays are in sleep
// order) and adds sleeps that have replays but no row yet.
func (d *Data) linkSleeps() {
	for i := range d.Sleeps {
		d.Sleeps[i].first, d.Sleeps[i].count = 0, 0
	}
	byIndex := map[int]int{}
	for i, s := range d.Sleeps {
		byIndex[s.Index] = i
	}
	for j, r := range d.Replays {
		i, ok := byIndex[r.Sleep]
		if !ok || r.Awake {
			continue
		}
		if d.Sleeps[i].count == 0 {
			d.Sleeps[i].first = j
		}
		d.Sleeps[i].count++
	}
}
