package scenarios

import (
	"fmt"
	"image"
	"io"
	"math"
	"path/filepath"
	"slices"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// The run directory's tables (columns documented in the README).
var (
	episodeColumns = []string{"episode", "session", "cue", "steps", "reward", "success", "truncated",
		"choices", "explored", "exploration", "awake_loss", "cache_id", "stored_steps", "demonstration"}
	sleepColumns = []string{"sleep", "after_episode", "planned_events", "events", "success_rate", "awake_loss",
		"reversal_failures", "dropped_steps"}
	eventColumns = []string{"sleep", "event", "episode", "direction", "start_step", "end_step", "steps",
		"sim_steps", "completed", "fidelity", "loss_before", "loss_after", "trained",
		"min_confidence", "faithful_steps", "trained_steps", "dropped_steps", "reversal_error", "reversal_failed",
		"return", "advantage", "phase", "kind", "episode_at", "step_at"}
)

// writeOutputs writes episodes.csv, sleeps.csv, replay_events.csv and
// arrays.npz from the log as one generation (record.Dir.CommitOutputs), so
// that on disk they always describe the same episodes.
func (r *run) writeOutputs() error {
	every := r.w.sc.Sleep.Every
	eps := record.NewTable(episodeColumns...)
	for _, e := range r.log.Episodes {
		choices, explored := e.Choices()
		if err := eps.Append(e.Index, e.Index/every, r.cue(e), len(e.Steps), e.Reward, e.Success, e.Truncated,
			choices, explored, e.Exploration, e.Loss, int(e.CacheID), e.StoredSteps, e.Demonstration); err != nil {
			return err
		}
	}
	sleeps := record.NewTable(sleepColumns...)
	for _, s := range r.log.Sleeps {
		failures, dropped := 0, 0 // issue 13: reverse runs not trained on, steps left out
		for _, v := range r.log.Events {
			if v.Sleep == s.Sleep && v.Direction == "reverse" && !v.IsAwake() {
				failures += int(b2f(v.ReversalFailed))
				dropped += v.DroppedSteps
			}
		}
		if err := sleeps.Append(s.Sleep, s.AfterEpisode, s.Planned, s.Events, s.SuccessRate, s.AwakeLoss, failures, dropped); err != nil {
			return err
		}
	}
	events := record.NewTable(eventColumns...)
	for _, v := range r.log.Events {
		if err := events.Append(v.Sleep, v.Event, v.Episode, v.Direction, v.StartStep, v.EndStep, v.Steps,
			v.SimSteps, v.Completed, v.Fidelity, v.LossBefore, v.LossAfter, v.Trained,
			v.MinConfidence, v.FaithfulSteps, v.TrainedSteps, v.DroppedSteps, v.ReversalError, v.ReversalFailed,
			v.Return, v.Advantage, phaseOf(v), kindOf(v), awakeIndex(v, v.EpisodeAt), awakeIndex(v, v.StepAt)); err != nil {
			return err
		}
	}
	z, err := r.arrays()
	if err != nil {
		return err
	}
	files := map[string]func(io.Writer) error{}
	for name, t := range map[string]io.WriterTo{record.EpisodesFile: eps, record.SleepsFile: sleeps,
		record.ReplayEventsFile: events, record.ArraysFile: z} {
		files[name] = func(w io.Writer) error { _, err := t.WriteTo(w); return err }
	}
	return r.dir.CommitOutputs(files)
}

// arrays collects the run's arrays. Steps of all episodes are stacked;
// episode_start[i]..episode_start[i+1] are episode i's rows (its positions,
// final position included). Replayed steps are stacked the same way with
// replay_start.
func (r *run) arrays() (*record.NPZ, error) {
	maze := r.w.env.Maze()
	width := r.w.sensory
	var (
		start                   = []int64{0}
		pos, act, pred          []int64
		reward, obs             []float64
		success                 []uint8
		loss                    []float64
		hidden                  []float64
		hiddenWidth             = 2 * r.w.sc.Cortex.N
		rStart                  = []int64{0}
		rPos                    []int64
		rSleep, rEp, rDir       []int64
		rConf                   []float64
		rFid                    []float64
		rPhase, rSweep, rSplice []int64
		rEpAt, rStepAt          []int64
	)
	for _, e := range r.log.Episodes {
		for i, s := range slices.Concat(e.Steps, []agent.Step{e.Final}) {
			pos = append(pos, int64(s.Row), int64(s.Col))
			act = append(act, int64(s.Action))
			pred = append(pred, int64(s.Predicted))
			reward = append(reward, s.Reward)
			obs = append(obs, e.Sensory[i]...)
			if r.w.sc.Run.RecordHidden {
				if i < len(e.Hidden) {
					hidden = append(hidden, e.Hidden[i]...)
				} else {
					for range hiddenWidth {
						hidden = append(hidden, math.NaN())
					}
				}
			}
		}
		start = append(start, int64(len(act)))
		success = append(success, uint8(b2f(e.Success)))
		loss = append(loss, e.Loss)
	}
	for _, v := range r.log.Events {
		for _, p := range v.Places {
			row, col := maze.Position(p)
			rPos = append(rPos, int64(row), int64(col))
		}
		rConf = append(rConf, v.Confidence...)
		rStart = append(rStart, int64(len(rPos)/2))
		rSleep, rEp = append(rSleep, int64(v.Sleep)), append(rEp, int64(v.Episode))
		rDir = append(rDir, int64(b2f(v.Direction == "reverse")))
		rFid = append(rFid, v.Fidelity)
		rPhase, rSweep = append(rPhase, int64(b2f(v.IsAwake()))), append(rSweep, int64(b2f(v.IsSweep())))
		rSplice = append(rSplice, int64(b2f(v.IsSplice())))
		rEpAt, rStepAt = append(rEpAt, int64(awakeIndex(v, v.EpisodeAt))), append(rStepAt, int64(awakeIndex(v, v.StepAt)))
	}
	steps := len(act)
	z := &record.NPZ{}
	type array struct {
		name  string
		data  any
		shape []int
	}
	adds := []array{
		{"episode_start", start, nil},
		{"position", pos, []int{steps, 2}},
		{"action", act, nil},
		{"predicted_action", pred, nil},
		{"reward", reward, nil},
		{"observation", obs, []int{steps, width}},
		{"success", success, nil},
		{"awake_loss", loss, nil},
		{"replay_start", rStart, nil},
		{"replay_position", rPos, []int{len(rPos) / 2, 2}},
		{"replay_sleep", rSleep, nil},
		{"replay_episode", rEp, nil},
		{"replay_reverse", rDir, nil},
		{"replay_fidelity", rFid, nil},
		{"replay_confidence", rConf, nil},
		{"replay_phase", rPhase, nil},
		{"replay_sweep", rSweep, nil},
		{"replay_splice", rSplice, nil},
		{"replay_episode_at", rEpAt, nil},
		{"replay_step_at", rStepAt, nil},
	}
	if r.w.sc.Run.RecordHidden {
		adds = append(adds, array{"hidden", hidden, []int{steps, hiddenWidth}})
	}
	for _, a := range adds {
		if err := z.Add(a.name, a.data, a.shape...); err != nil {
			return nil, err
		}
	}
	return z, nil
}

// grid converts the maze for pictures.
func grid(m *env.Maze) render.Grid {
	g := render.Grid{Rows: m.Rows, Cols: m.Cols, Kinds: make([]render.CellKind, m.Rows*m.Cols)}
	for row := range m.Rows {
		for col := range m.Cols {
			k := render.Wall
			switch m.Kind(row, col) {
			case env.Floor:
				k = render.Floor
			case env.Start:
				k = render.Start
			case env.Reward:
				k = render.Reward
			case env.Cue:
				k = render.Cue
			case env.Door:
				k = render.Door
			}
			g.Kinds[row*m.Cols+col] = k
		}
	}
	return g
}

// writeFigures writes the learning curve, replay against success, the
// first and last trajectories, the last replay, and optionally a GIF.
func (r *run) writeFigures() error {
	figs, err := r.dir.Figures()
	if err != nil {
		return err
	}
	write := func(name string, f func(io.Writer) error) error {
		return record.WriteFileAtomic(filepath.Join(figs, name), f)
	}
	var epIdx, success, loss []float64
	for _, e := range r.log.Episodes {
		epIdx = append(epIdx, float64(e.Index))
		success = append(success, b2f(e.Success))
		loss = append(loss, e.Loss)
	}
	if len(epIdx) > 0 {
		if err := write("learning_curve.png", func(w io.Writer) error {
			return render.LearningCurve(w, epIdx, success, loss, min(20, len(epIdx)))
		}); err != nil {
			return err
		}
	}
	var sl, ev, sr []float64
	for _, s := range r.log.Sleeps {
		sl, ev, sr = append(sl, float64(s.Sleep)), append(ev, float64(s.Events)), append(sr, s.SuccessRate)
	}
	if len(sl) > 0 {
		if err := write("replay_vs_success.png", func(w io.Writer) error {
			return render.ReplayVsSuccess(w, sl, ev, sr)
		}); err != nil {
			return err
		}
	}
	g := grid(r.w.env.Maze())
	if n := len(r.log.Episodes); n > 0 {
		first, last := r.log.Episodes[0], r.log.Episodes[n-1]
		paths := [][]render.Cell{path(first), path(last)}
		titles := []string{r.episodeTitle(first), r.episodeTitle(last)}
		if err := write("trajectories.png", func(w io.Writer) error {
			return render.Trajectories(w, g, paths, titles, render.Options{CellSize: cellSize(g)})
		}); err != nil {
			return err
		}
	}
	if err := r.writeNavigationFigures(write, g); err != nil {
		return err
	}
	if err := r.writeReplayFigure(write, g); err != nil {
		return err
	}
	if err := r.writeAwakeFigures(write, g); err != nil {
		return err
	}
	if r.w.sc.Run.GIF {
		return r.writeGIF(write, g)
	}
	return nil
}

// writeReplayFigure draws the last sleep's last forward and reverse replay.
func (r *run) writeReplayFigure(write func(string, func(io.Writer) error) error, g render.Grid) error {
	slept := sleepEvents(r.log.Events)
	if len(slept) < 2 {
		return nil
	}
	var panels []render.Options
	var titles []string
	for _, v := range slept[len(slept)-2:] {
		panels = append(panels, render.Options{CellSize: cellSize(g), Replay: r.cells(v.Places), ReplayReverse: v.Direction == "reverse"})
		titles = append(titles, fmt.Sprintf("sleep %d, episode %d: %s", v.Sleep, v.Episode, v.Direction))
	}
	return write("replay.png", func(w io.Writer) error {
		return render.Panels(w, g, panels, titles)
	})
}

// writeGIF animates the last episode step by step with its trail.
func (r *run) writeGIF(write func(string, func(io.Writer) error) error, g render.Grid) error {
	if len(r.log.Episodes) == 0 {
		return nil
	}
	cells := path(r.log.Episodes[len(r.log.Episodes)-1])
	var frames []*image.RGBA
	for i := range cells {
		agent := cells[i]
		f, err := render.Frame(g, render.Options{CellSize: cellSize(g), Agent: &agent, Trail: cells[max(0, i-20) : i+1]})
		if err != nil {
			return err
		}
		frames = append(frames, f)
	}
	return write("last_episode.gif", func(w io.Writer) error { return render.WriteGIF(w, frames, 5) })
}

func (r *run) cells(places []int) []render.Cell {
	m := r.w.env.Maze()
	out := make([]render.Cell, len(places))
	for i, p := range places {
		row, col := m.Position(p)
		out[i] = render.Cell{Row: row, Col: col}
	}
	return out
}

func path(e *agent.Episode) []render.Cell {
	rows, cols := e.Path()
	out := make([]render.Cell, len(rows))
	for i := range rows {
		out[i] = render.Cell{Row: rows[i], Col: cols[i]}
	}
	return out
}

// cue is the episode's cue as recorded: empty for tasks without one.
func (r *run) cue(e *agent.Episode) string {
	if !TaskHasCue(r.w.env.Task().Kind) {
		return ""
	}
	return e.Cue
}

func (r *run) episodeTitle(e *agent.Episode) string {
	outcome := "not rewarded"
	if e.Success {
		outcome = "rewarded"
	}
	if cue := r.cue(e); cue != "" {
		return fmt.Sprintf("episode %d (cue %s): %s", e.Index, cue, outcome)
	}
	return fmt.Sprintf("episode %d: %s", e.Index, outcome)
}

// cellSize keeps pictures of large mazes within about 1000 pixels.
func cellSize(g render.Grid) int { return max(4, min(16, 1000/max(g.Rows, g.Cols))) }
