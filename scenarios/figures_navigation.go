package scenarios

import (
	"fmt"
	"io"
	"math"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/render"
)

// MazeGrid converts a maze for pictures (the viewer draws the run's maze
// with it, as the runner's figures do).
func MazeGrid(m *env.Maze) render.Grid { return grid(m) }

// ShortestSteps returns the moves of a perfect episode of a goal or
// linear-track task (the shortest path from the start to the nearest
// rewarding site; for linear-track, the runs between the two ends added),
// and false for other kinds or when no reward site is reachable.
func ShortestSteps(m *env.Maze, t env.Task) (int, bool) {
	sr, sc := m.Start()
	dist := m.Distances(sr, sc)
	sites := m.Rewards()
	switch t.Kind {
	case env.KindGoal:
		best := -1
		for _, r := range sites {
			if d := dist[r.Place]; r.Magnitude > 0 && d >= 0 && (best < 0 || d < best) {
				best = d
			}
		}
		return best, best >= 0
	case env.KindLinearTrack:
		if len(sites) != 2 {
			return 0, false
		}
		a, b := sites[0], sites[1]
		between := m.Distances(a.Row, a.Col)[b.Place]
		first := min(dist[a.Place], dist[b.Place])
		if between < 0 || first < 0 {
			return 0, false
		}
		runs := t.Runs
		if runs == 0 {
			runs = 2
		}
		return first + (runs-1)*between, true
	}
	return 0, false
}

// TaskHasCue reports whether episodes of the task kind have a side (the
// cue of cued-tmaze, the sampled arm of delayed-alternation); for others
// the cue column and titles stay empty.
func TaskHasCue(kind string) bool {
	return kind == env.KindCuedTMaze || kind == env.KindDelayedAlternation
}

// writeNavigationFigures writes steps_per_episode.png (goal and
// linear-track tasks, with the shortest path as a line), route.csv and
// route.png (route.go) and visits.png
// (visit counts over the first and last 10 % of episodes).
func (r *run) writeNavigationFigures(write func(string, func(io.Writer) error) error, g render.Grid) error {
	eps := r.log.Episodes
	if len(eps) == 0 {
		return nil
	}
	if shortest, ok := ShortestSteps(r.w.env.Maze(), r.w.env.Task()); ok {
		var idx, steps []float64
		for _, e := range eps {
			idx, steps = append(idx, float64(e.Index)), append(steps, float64(len(e.Steps)))
		}
		if err := write("steps_per_episode.png", func(w io.Writer) error {
			return render.StepsPerEpisode(w, idx, steps, float64(shortest), min(20, len(idx)))
		}); err != nil {
			return err
		}
	}
	if err := r.writeRoute(write, g); err != nil {
		return err
	}
	n := max(1, int(math.Round(0.1*float64(len(eps)))))
	group := func(es []*agent.Episode) [][]render.Cell {
		out := make([][]render.Cell, len(es))
		for i, e := range es {
			out[i] = path(e)
		}
		return out
	}
	first, last := eps[:n], eps[len(eps)-n:]
	titles := []string{
		fmt.Sprintf("first %d episodes (%d-%d)", n, first[0].Index, first[n-1].Index),
		fmt.Sprintf("last %d episodes (%d-%d)", n, last[0].Index, last[n-1].Index),
	}
	return write("visits.png", func(w io.Writer) error {
		return render.VisitHeatmaps(w, g, [][][]render.Cell{group(first), group(last)}, titles, cellSize(g))
	})
}
