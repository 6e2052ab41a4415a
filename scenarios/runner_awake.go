package scenarios

import (
	"fmt"
	"io"
	"math"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/sleep"
)

// Awake replay in the run loop: the forward sweeps the agent made during an
// episode become replay events of kind "sweep", and a rewarded episode is
// replayed awake right after it ends ([awake] reverse_at_reward). Both are
// appended to the log in time order, before the next episode or sleep.

// candidate is episode e as a replay candidate.
func candidate(e *agent.Episode) sleep.Candidate {
	return sleep.Candidate{Episode: e.Index, Cache: e.CacheID, Rewarded: e.Reward > 0,
		Reward: e.Reward, Surprise: e.PeakLoss}
}

// reference returns the lived content of a cached step, to score replay
// fidelity (evaluation only).
func (r *run) reference() sleep.Reference {
	return func(episode, step int) []float64 {
		e := r.log.Episodes[episode]
		return e.Content(step+e.StoredFrom, r.w.places)
	}
}

// awakeReplay runs the awake replay events of episode ep, just lived: with
// reverse_at_reward, when it was rewarded, reverse_events replay events of
// it (rule "every") or that many times its reward surprise 1 − ŷ_r, rounded
// (rule "surprise"), at its last step.
func (r *run) awakeReplay(ep *agent.Episode) error {
	aw := r.w.sc.Awake
	if !aw.ReverseAtReward || ep.Reward <= 0 {
		return nil
	}
	n := aw.ReverseEvents
	if aw.ReverseRule == "surprise" {
		n = int(math.Round(float64(n) * (1 - max(0, min(1, ep.RewardPredicted)))))
	}
	events, err := r.w.sleeper.Awake(len(r.log.Sleeps), ep.Index, len(ep.Steps)-1, n,
		r.w.cortex, r.w.cache, candidate(ep), r.reference())
	if err != nil {
		return err
	}
	r.log.Events = append(r.log.Events, events...)
	return nil
}

// sweepEvents returns the forward sweeps of ep as replay events: phase
// awake, kind sweep, direction forward, one per rollout, numbered within
// the episode; Places are the decoded cells (the current one first).
func (r *run) sweepEvents(ep *agent.Episode) []sleep.Event {
	var out []sleep.Event
	nan := math.NaN()
	for k, s := range ep.Sweeps {
		n := len(s.Places)
		conf := make([]float64, n) // a sweep is not the cache's: no confidence
		for i := range conf {
			conf[i] = nan
		}
		v := sleep.Event{Sleep: len(r.log.Sleeps), Event: k, Episode: ep.Index, Direction: "forward",
			StartStep: 0, EndStep: n - 1, Steps: n, SimSteps: len(s.Moves), Completed: s.RewardAt >= 0,
			Fidelity: nan, LossBefore: nan, LossAfter: nan, ReversalError: nan, TrainedFidelity: nan,
			Places: s.Places, Confidence: conf, MinConfidence: nan, Return: nan, Phase: sleep.PhaseAwake, Kind: sleep.KindSweep, EpisodeAt: ep.Index, StepAt: s.Step}
		out = append(out, v)
	}
	return out
}

// phaseOf is an event's phase as recorded: "sleep" or "awake".
func phaseOf(v sleep.Event) string {
	if v.IsAwake() {
		return sleep.PhaseAwake
	}
	return sleep.PhaseSleep
}

// kindOf is an event's kind as recorded: "replay", "splice" or "sweep"
// (events made before kinds existed are replays).
func kindOf(v sleep.Event) string {
	if v.Kind == "" {
		return sleep.KindReplay
	}
	return v.Kind
}

// awakeIndex is an awake event's episode_at or step_at; −1 for a sleep event.
func awakeIndex(v sleep.Event, i int) int {
	if !v.IsAwake() {
		return -1
	}
	return i
}

// sleepEvents returns the events of sleep phases, in order.
func sleepEvents(events []sleep.Event) []sleep.Event {
	var out []sleep.Event
	for _, v := range events {
		if !v.IsAwake() {
			out = append(out, v)
		}
	}
	return out
}

// AwakeSummary counts a run's awake replay and scores its forward sweeps
// against the moves then made.
type AwakeSummary struct {
	Replays int // awake replay events (forward and reverse pairs)
	Sweeps  int // forward sweeps (rollouts)
	// Free sweeps (the rollout of the prediction, not one forced per move)
	// with a direction: the first imagined move that leaves the choice
	// cell. Agree counts those whose direction is the move then made;
	// Explored and AgreeExplored the same over choices exploration made.
	Directed, Agree          int
	Explored, AgreeExplored  int
	ReachReward, ReachChosen int // free sweeps whose decoded path reaches a reward site; of them, the one the episode ended at
}

// summariseAwake scores the sweeps of the log.
func summariseAwake(log *Log, m *env.Maze) AwakeSummary {
	var s AwakeSummary
	for _, v := range log.Events {
		if v.IsAwake() && !v.IsSweep() {
			s.Replays++
		}
	}
	s.Replays /= 2
	for _, e := range log.Episodes {
		s.Sweeps += len(e.Sweeps)
		for _, sw := range e.Sweeps {
			if sw.First >= 0 || sw.Step >= len(e.Steps) {
				continue
			}
			step := e.Steps[sw.Step]
			if dir, ok := sweepDirection(m, sw.Places); ok {
				s.Directed++
				agree := dir == step.Action
				s.Agree += int(b2f(agree))
				if step.Explored {
					s.Explored++
					s.AgreeExplored += int(b2f(agree))
				}
			}
			if site, ok := firstReward(m, sw.Places); ok {
				s.ReachReward++
				s.ReachChosen += int(b2f(site == e.Final.Place))
			}
		}
	}
	return s
}

// sweepDirection is the move from the sweep's first place to the first
// different place it decodes.
func sweepDirection(m *env.Maze, places []int) (env.Action, bool) {
	if len(places) == 0 {
		return -1, false
	}
	r0, c0 := m.Position(places[0])
	for _, p := range places[1:] {
		if p == places[0] {
			continue
		}
		r, c := m.Position(p)
		for a := range env.Action(env.NumActions) {
			if dr, dc := a.Delta(); r0+dr == r && c0+dc == c {
				return a, true
			}
		}
		return -1, false
	}
	return -1, false
}

// firstReward returns the first reward site on a decoded path.
func firstReward(m *env.Maze, places []int) (int, bool) {
	for _, p := range places {
		if r, c := m.Position(p); m.Kind(r, c) == env.Reward {
			return p, true
		}
	}
	return -1, false
}

// writeAwakeFigures writes, when the run has awake events, awake.png (the
// last awake reverse replay over its lived path, and the last choice
// step's forward sweeps dashed over their episode) and, with awake replay,
// awake_vs_success.png (awake replay events per episode against success).
func (r *run) writeAwakeFigures(write func(string, func(io.Writer) error) error, g render.Grid) error {
	var panels []render.AwakePanel
	var titles []string
	if v, ok := r.lastAwakeReplay(); ok {
		e := r.log.Episodes[v.EpisodeAt]
		panels = append(panels, render.AwakePanel{Options: render.Options{CellSize: cellSize(g), Replay: r.cells(v.Places),
			ReplayReverse: true, Lived: path(e)}})
		titles = append(titles, fmt.Sprintf("awake reverse replay after episode %d", e.Index))
	}
	if e, sw := r.lastSweeps(); len(sw) > 0 {
		p := render.AwakePanel{Options: render.Options{CellSize: cellSize(g), Lived: path(e)}}
		row, col := r.w.env.Maze().Position(e.Steps[sw[0].Step].Place)
		p.Agent = &render.Cell{Row: row, Col: col}
		for _, s := range sw {
			p.Sweeps = append(p.Sweeps, r.cells(s.Places))
		}
		panels = append(panels, p)
		titles = append(titles, fmt.Sprintf("forward sweeps, episode %d step %d (dashed)", e.Index, sw[0].Step))
	}
	if len(panels) > 0 {
		if err := write("awake.png", func(w io.Writer) error { return render.AwakePanels(w, g, panels, titles) }); err != nil {
			return err
		}
	}
	if !r.w.sc.Awake.ReverseAtReward || len(r.log.Episodes) == 0 {
		return nil
	}
	n := len(r.log.Episodes)
	episodes, awake, success := make([]float64, n), make([]float64, n), make([]float64, n)
	for i, e := range r.log.Episodes {
		episodes[i], success[i] = float64(i), b2f(e.Success)
	}
	for _, v := range r.log.Events {
		if v.IsAwake() && !v.IsSweep() && v.Direction == "reverse" && v.EpisodeAt < n {
			awake[v.EpisodeAt]++
		}
	}
	return write("awake_vs_success.png", func(w io.Writer) error {
		return render.AwakeVsSuccess(w, episodes, awake, success, min(20, n))
	})
}

// lastAwakeReplay returns the last awake reverse replay event.
func (r *run) lastAwakeReplay() (sleep.Event, bool) {
	for i := len(r.log.Events) - 1; i >= 0; i-- {
		if v := r.log.Events[i]; v.IsAwake() && !v.IsSweep() && v.Direction == "reverse" && len(v.Places) > 0 {
			return v, true
		}
	}
	return sleep.Event{}, false
}

// lastSweeps returns the sweeps of the last choice step that had any, and
// its episode.
func (r *run) lastSweeps() (*agent.Episode, []agent.Sweep) {
	for i := len(r.log.Episodes) - 1; i >= 0; i-- {
		e := r.log.Episodes[i]
		if n := len(e.Sweeps); n > 0 {
			k := n - 1
			for k > 0 && e.Sweeps[k-1].Step == e.Sweeps[n-1].Step {
				k--
			}
			return e, e.Sweeps[k:]
		}
	}
	return nil, nil
}
