package viewer

import (
	"context"
	"sync"

	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/scenarios"
)

// Live runs a scenario with scenarios.Run, the runner of `replaylab run`
// (same run directory, same bytes), and collects what it reports after
// every episode and sleep into Data the window can show. It only reads the
// runner's log, during the runner's progress call.
type Live struct {
	mu      sync.Mutex
	data    Data
	version int // bumped on every change
	done    bool
	err     error
	hidden  [][][]float64 // per episode, when recorded
	hasCue  bool
	places  func(p int) render.Cell
	ended   chan struct{}
}

// StartLive starts the run in the background; cancel ctx to stop it (after
// the current episode, with a checkpoint, as Ctrl-C does for replaylab run).
func StartLive(ctx context.Context, sc *scenarios.Scenario, opt scenarios.Options) (*Live, error) {
	e, err := sc.NewEnv()
	if err != nil {
		return nil, err
	}
	m := e.Maze()
	l := &Live{hasCue: scenarios.TaskHasCue(e.Task().Kind), ended: make(chan struct{})}
	l.places = func(p int) render.Cell { r, c := m.Position(p); return render.Cell{Row: r, Col: c} }
	l.data = Data{Name: opt.Name + " (live)", Status: "running", Grid: scenarios.MazeGrid(m)}
	if s, ok := scenarios.ShortestSteps(m, e.Task()); ok {
		l.data.Shortest = s
	}
	l.data.HiddenHint = "no activity recorded: start again with --set run.record_hidden=true"
	prev := opt.Progress
	opt.Progress = func(p scenarios.Progress) {
		l.observe(p.Log)
		if prev != nil {
			prev(p)
		}
	}
	go func() {
		defer close(l.ended)
		_, err := scenarios.Run(ctx, sc, opt)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.done, l.err = true, err
		l.data.Status = "finished"
		if err != nil {
			l.data.Status = "stopped: " + err.Error()
		}
		l.version++
	}()
	return l, nil
}

// observe appends what the log gained since the last call.
func (l *Live) observe(log *scenarios.Log) {
	if log == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	d := &l.data
	for _, e := range log.Episodes[len(d.Episodes):] {
		cue := ""
		if l.hasCue {
			cue = e.Cue
		}
		choices, explored := e.Choices()
		d.Episodes = append(d.Episodes, Episode{Index: e.Index, Cue: cue, Steps: len(e.Steps), Reward: e.Reward, Success: e.Success,
			Choices: choices, Explored: explored, start: len(d.Pos)})
		for _, s := range e.Steps {
			d.Pos = append(d.Pos, render.Cell{Row: s.Row, Col: s.Col})
			d.Actions = append(d.Actions, int(s.Action))
			d.Predicted = append(d.Predicted, int(s.Predicted))
		}
		d.Pos = append(d.Pos, render.Cell{Row: e.Final.Row, Col: e.Final.Col})
		d.Actions = append(d.Actions, -1)
		d.Predicted = append(d.Predicted, -1)
		l.hidden = append(l.hidden, e.Hidden)
	}
	for _, v := range log.Events[len(d.Replays):] {
		r := Replay{Sleep: v.Sleep, Event: v.Event, Episode: v.Episode, Reverse: v.Direction == "reverse", Fidelity: v.Fidelity, Loss: v.LossBefore,
			Awake: v.IsAwake(), Sweep: v.IsSweep(), Splice: v.IsSplice(), EpisodeAt: -1, StepAt: -1, start: len(d.ReplayPos)}
		if r.Awake {
			r.EpisodeAt, r.StepAt = v.EpisodeAt, v.StepAt
		}
		for _, p := range v.Places {
			d.ReplayPos = append(d.ReplayPos, l.places(p))
		}
		r.end = len(d.ReplayPos)
		d.Replays = append(d.Replays, r)
	}
	for _, s := range log.Sleeps[len(d.Sleeps):] {
		d.Sleeps = append(d.Sleeps, Sleep{Index: s.Sleep, AfterEpisode: s.AfterEpisode, Events: s.Events})
	}
	l.version++
}

// Snapshot returns the data so far (a copy of the slice headers: entries
// already reported never change) and a version that changes with it.
func (l *Live) Snapshot() (*Data, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d := l.data
	d.Sleeps = append([]Sleep(nil), d.Sleeps...) // linkSleeps writes into them
	hidden := l.hidden[:len(l.hidden):len(l.hidden)]
	d.Hidden = func(i int) ([][]float64, bool) {
		if i < 0 || i >= len(hidden) || len(hidden[i]) == 0 {
			return nil, false
		}
		return hidden[i], true
	}
	d.linkSleeps()
	return &d, l.version
}

// Done reports whether the run ended, and how.
func (l *Live) Done() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.done, l.err
}

// Wait waits for the run to end and returns its error.
func (l *Live) Wait() error {
	<-l.ended
	_, err := l.Done()
	return err
}
