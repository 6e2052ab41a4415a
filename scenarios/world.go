package scenarios

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/replaylab/replaylab/env"
)

// worldProblem is a problem found while building the maze and task: its
// key, and the layout row it concerns (-1 for none).
type worldProblem struct {
	key string
	row int
	msg string
}

// layoutFor returns the layout text of s (generated when [maze] has none)
// and the legend entries the generator needs.
func layoutFor(s *Scenario) (string, env.Legend, error) {
	if strings.TrimSpace(s.Maze.Layout) != "" {
		return s.Maze.Layout, env.Legend{}, nil
	}
	t := s.Task
	switch t.Kind {
	case env.KindCuedTMaze:
		l, err := env.TMazeLayout(t.CueLength, t.DelayLength, t.BranchLength, false)
		return l, env.TMazeLegend(true), err
	case env.KindDelayedAlternation:
		l, err := env.TMazeLayout(1, t.StemLength, t.BranchLength, true)
		return l, env.TMazeLegend(false), err
	case env.KindLinearTrack:
		l, err := env.TrackLayout(t.TrackLength)
		return l, env.TrackLegend(), err
	}
	return "", nil, fmt.Errorf("missing: task %s needs a layout (only cued-tmaze, delayed-alternation and linear-track are generated)", t.Kind)
}

// legendFor converts the [maze.legend] entries of s to env cell specs.
func legendFor(s *Scenario) (env.Legend, []worldProblem) {
	var probs []worldProblem
	out := env.Legend{}
	keys := sortedKeys(s.Maze.Legend)
	for _, ch := range keys {
		le := s.Maze.Legend[ch]
		key := "maze.legend." + ch
		bad := func(format string, args ...any) {
			probs = append(probs, worldProblem{key: key, row: -1, msg: fmt.Sprintf(format, args...)})
		}
		r, size := utf8.DecodeRuneInString(ch)
		if size == 0 || size != len(ch) || r == '\n' || r == '\r' {
			bad("legend keys are single layout characters (not a line break), got %s", quote(ch))
			continue
		}
		kind, err := env.ParseCellKind(le.Kind)
		if err != nil {
			bad("kind: %v", err)
			continue
		}
		spec := env.CellSpec{Kind: kind, Class: le.Class, Name: le.Name, Open: le.Open, Arm: le.Arm}
		if kind == env.Wall && le.Class != "" {
			bad("class: a wall is never observed, remove the class")
		}
		if kind != env.Reward && (le.Name != "" || le.Magnitude != nil) {
			bad("name and magnitude apply to reward sites only, this entry is a %s", kind)
		}
		if kind != env.Door && (le.Open != nil || le.Arm != "") {
			bad("open and arm apply to doors only, this entry is a %s", kind)
		}
		if kind == env.Reward {
			spec.Magnitude = 1
			if le.Magnitude != nil {
				spec.Magnitude = *le.Magnitude
				if m := spec.Magnitude; !(m >= -maxReward && m <= maxReward) {
					bad("magnitude: must be a number in [-%g, %g], got %g", maxReward, maxReward, m)
				}
			}
			if spec.Name == "" {
				spec.Name = ch
			}
		}
		out[r] = spec
	}
	return out, probs
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// buildMaze parses the scenario's maze (generated or written).
func buildMaze(s *Scenario) (*env.Maze, env.Legend, []worldProblem) {
	user, probs := legendFor(s)
	layout, gen, err := layoutFor(s)
	if err != nil {
		probs = append(probs, worldProblem{key: "maze.layout", row: -1, msg: err.Error()})
	}
	if len(probs) > 0 {
		return nil, nil, probs
	}
	legend := env.DefaultLegend().Merge(gen).Merge(user)
	m, err := env.ParseMaze(layout, legend)
	if err != nil {
		return nil, nil, envProblems(err, "maze.layout")
	}
	return m, legend, nil
}

// envProblems converts env.Problems to worldProblems.
func envProblems(err error, layoutKey string) []worldProblem {
	var ps env.Problems
	if !errors.As(err, &ps) {
		return []worldProblem{{key: layoutKey, row: -1, msg: err.Error()}}
	}
	out := make([]worldProblem, len(ps))
	for i, p := range ps {
		out[i] = worldProblem{key: layoutKey, row: p.Row, msg: p.Msg}
		if p.Key != "" {
			out[i] = worldProblem{key: "task." + p.Key, row: -1, msg: p.Msg}
		}
	}
	return out
}

// envTask returns the env task of the scenario.
func (s *Scenario) envTask() env.Task {
	t := s.Task
	return env.Task{
		Kind: t.Kind, CueSide: t.CueSide, DelaySteps: t.DelaySteps, SampleReward: t.SampleReward,
		Runs: t.Runs, MaxSteps: t.MaxSteps, ObsNoise: t.ObsNoise,
		Observation: t.Observation, ViewRadius: t.ViewRadius, PlaceCells: t.PlaceCells, PlaceSigma: t.PlaceSigma,
	}
}

// NewMaze returns the scenario's maze (the written layout, or the one
// generated from the task's lengths).
func (s *Scenario) NewMaze() (*env.Maze, error) {
	m, _, probs := buildMaze(s)
	if len(probs) > 0 {
		return nil, worldError(s.Source, probs)
	}
	return m, nil
}

// NewEnv returns a fresh environment for the scenario: its maze and task.
// Each call makes an independent Env (they share nothing mutable).
func (s *Scenario) NewEnv() (*env.Env, error) {
	m, err := s.NewMaze()
	if err != nil {
		return nil, err
	}
	e, err := env.New(m, s.envTask())
	if err != nil {
		return nil, worldError(s.Source, envProblems(err, "maze.layout"))
	}
	return e, nil
}

func worldError(file string, probs []worldProblem) error {
	e := &Error{}
	for _, p := range probs {
		e.Problems = append(e.Problems, Problem{File: file, Key: p.key, Msg: p.msg})
	}
	return e
}

// buildWorld builds the maze and the task, reports their problems with
// lines, and resolves max_steps and the legend in use.
func (v *validator) buildWorld(s *Scenario) {
	m, legend, probs := buildMaze(s)
	var e *env.Env
	if len(probs) == 0 {
		var err error
		if e, err = env.New(m, s.envTask()); err != nil {
			probs = envProblems(err, "maze.layout")
		}
	}
	for _, p := range probs {
		line := 0
		if p.key == "maze.layout" {
			line = v.layoutLine(s, p.row)
		}
		v.addAt(p.key, line, "%s", p.msg)
	}
	if len(probs) > 0 {
		return
	}
	if given := s.Task.MaxSteps; given > 0 {
		if least := leastSteps(m, s.envTask()); given < least {
			v.add("task.max_steps", "%d is below the shortest successful episode (%d moves): every episode would be cut off; use at least %d, or 0 for automatic", given, least, least)
			return
		}
	}
	s.Task.MaxSteps = e.Task().MaxSteps
	normaliseTask(s)
	s.Maze.Legend = resolvedLegend(s, m, legend)
}

// layoutLine returns the file line of layout row row (-1: the layout key's
// line); for a generated layout, the [task] line.
func (v *validator) layoutLine(s *Scenario, row int) int {
	if strings.TrimSpace(s.Maze.Layout) == "" {
		return v.lines.line("task")
	}
	base := v.lines.line("maze.layout")
	if base == 0 || row < 0 || base > len(v.lines.raw) {
		return base
	}
	text := v.lines.raw[base-1]
	if !strings.Contains(text, `"""`) && !strings.Contains(text, `'''`) {
		return base // a one-line string: every row is on the key's line
	}
	skipped := 0
	lines := strings.Split(s.Maze.Layout, "\n")
	for skipped < len(lines) && strings.TrimSpace(lines[skipped]) == "" {
		skipped++
	}
	return base + 1 + skipped + row
}

// resolvedLegend is the legend written out resolved: every character the
// layout uses and every entry the file gave, each with its defaults explicit.
func resolvedLegend(s *Scenario, m *env.Maze, legend env.Legend) map[string]LegendEntry {
	out := map[string]LegendEntry{}
	used := map[rune]bool{}
	for _, row := range m.Layout() {
		for _, r := range row {
			used[r] = true
		}
	}
	for k := range s.Maze.Legend {
		r, _ := utf8.DecodeRuneInString(k)
		used[r] = true
	}
	phases := env.TaskPhases(s.Task.Kind)
	for r := range used {
		spec := legend[r]
		le := LegendEntry{Kind: spec.Kind.String(), Class: spec.Class}
		switch spec.Kind {
		case env.Reward:
			mag := spec.Magnitude
			le.Name, le.Magnitude = spec.Name, &mag
		case env.Door:
			le.Open, le.Arm = spec.Open, spec.Arm
			if le.Open == nil {
				le.Open = slices.Clone(phases)
			}
		}
		out[string(r)] = le
	}
	return out
}

// leastSteps returns the moves of the shortest successful episode of task t
// in maze m: the automatic max_steps is three times that (plus the delay
// steps of delayed alternation, which count once).
func leastSteps(m *env.Maze, t env.Task) int {
	t.MaxSteps = 0
	e, err := env.New(m, t)
	if err != nil {
		return 0
	}
	auto := e.Task().MaxSteps
	if t.Kind == env.KindDelayedAlternation {
		return (auto-t.DelaySteps)/3 + t.DelaySteps
	}
	return auto / 3
}
