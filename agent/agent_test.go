package agent

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/hippocampus"
)

// tmaze returns a cued T-maze environment of the given lengths.
func tmaze(t *testing.T, cue, delay, branch int) *env.Env {
	t.Helper()
	layout, err := env.TMazeLayout(cue, delay, branch, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := env.ParseMaze(layout, env.DefaultLegend().Merge(env.TMazeLegend(true)))
	if err != nil {
		t.Fatal(err)
	}
	e, err := env.New(m, env.Task{Kind: "cued-tmaze"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func newAgent(t *testing.T, e *env.Env, cfg Config) *Agent {
	t.Helper()
	w := e.SensoryLen()
	cx, err := cortex.New(cortex.DefaultConfig(16, w, w), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	hc := hippocampus.DefaultConfig()
	hc.N = 1000
	cache, err := hippocampus.New(hc, append(e.Blocks(), e.Maze().NumCells()), rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(cfg, cx, cache, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// With the locomotion prior the agent runs the T-maze without turning back
// or bumping into walls from its first episode: every episode takes the
// shortest path to one arm end, and the only choice is at the junction.
func TestPriorRunsTheMazeFromTheFirstEpisode(t *testing.T) {
	const cue, delay, branch = 3, 5, 4
	e := tmaze(t, cue, delay, branch)
	a := newAgent(t, e, DefaultConfig())
	left, right := 0, 0
	for i := range 40 {
		ep, err := a.Live(e, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		if len(ep.Steps) != cue+delay+branch || ep.Truncated {
			t.Fatalf("episode %d: %d steps (truncated %v), want the shortest path of %d", i, len(ep.Steps), ep.Truncated, cue+delay+branch)
		}
		choices, _ := ep.Choices()
		if choices != 1 {
			t.Fatalf("episode %d: %d choices, want 1 (the junction)", i, choices)
		}
		if ep.Steps[cue+delay].Action == env.Left {
			left++
		} else {
			right++
		}
		if n, err := a.Cache().Len(ep.CacheID); err != nil || n != len(ep.Steps)+1 {
			t.Fatalf("episode %d: cache holds %d steps (%v), want %d", i, n, err, len(ep.Steps)+1)
		}
	}
	// ε decays from 1: early turns are random, both arms are visited.
	if left < 5 || right < 5 {
		t.Errorf("turned left %d and right %d times in 40 episodes; want both arms explored", left, right)
	}
	if a.Lived() != 40 {
		t.Errorf("Lived = %d, want 40", a.Lived())
	}
}

// With the pure rule every move is a choice among all four moves.
func TestPureRuleChoosesEveryMove(t *testing.T) {
	e := tmaze(t, 2, 2, 2)
	cfg := DefaultConfig()
	cfg.Rule = RulePure
	a := newAgent(t, e, cfg)
	ep, err := a.Live(e, 1)
	if err != nil {
		t.Fatal(err)
	}
	choices, explored := ep.Choices()
	if choices != len(ep.Steps) || explored == 0 {
		t.Errorf("%d steps, %d choices, %d explored; want every step a choice, ε = 1 exploring", len(ep.Steps), choices, explored)
	}
}

func TestSchedules(t *testing.T) {
	cases := []struct {
		start, end float64
		n, ep      int
		want       float64
	}{
		{1, 0.05, 100, 0, 1},
		{1, 0.05, 100, 50, 0.525},
		{1, 0.05, 100, 100, 0.05},
		{1, 0.05, 100, 1000, 0.05},
		{0.5, 0.5, 0, 3, 0.5},
	}
	for _, c := range cases {
		if got := schedule(c.start, c.end, c.n, c.ep); got < c.want-1e-12 || got > c.want+1e-12 {
			t.Errorf("schedule(%v, %v, %d, %d) = %v, want %v", c.start, c.end, c.n, c.ep, got, c.want)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	cases := []struct {
		mutate func(*Config)
		want   string
	}{
		{func(c *Config) { c.EpsilonStart = 1.5 }, "agent: epsilon must be in [0, 1], got start 1.5 end 0.05"},
		{func(c *Config) { c.TemperatureEnd = -1 }, "agent: temperature must be ≥ 0, got start 1 end -1"},
		{func(c *Config) { c.EpsilonDecayEpisodes = -2 }, "agent: decay episodes must be ≥ 0"},
	}
	for _, c := range cases {
		cfg := DefaultConfig()
		c.mutate(&cfg)
		if err := cfg.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
	if _, err := ParseRule("greedy"); err == nil || !strings.Contains(err.Error(), `unknown action rule "greedy"`) {
		t.Errorf("ParseRule: %v", err)
	}
	if _, err := New(DefaultConfig(), nil, nil, nil); err == nil {
		t.Error("New with no parts: want an error")
	}
}

// Softmax exploration: a cold temperature always takes the predicted move,
// a hot one picks the two arms about equally often.
func TestSoftmaxTemperature(t *testing.T) {
	e := tmaze(t, 2, 3, 2)
	for _, c := range []struct {
		temp     float64
		lo, hi   int // explored choices out of 200
		describe string
	}{
		{1e-9, 0, 0, "cold"},
		{1e3, 70, 130, "hot"},
	} {
		cfg := DefaultConfig()
		cfg.Exploration = Softmax
		cfg.TemperatureStart, cfg.TemperatureEnd = c.temp, c.temp
		a := newAgent(t, e, cfg)
		explored := 0
		for i := range 200 {
			ep, err := a.Live(e, uint64(i))
			if err != nil {
				t.Fatal(err)
			}
			_, x := ep.Choices()
			explored += x
		}
		if explored < c.lo || explored > c.hi {
			t.Errorf("%s softmax (T = %g): %d of 200 junction choices explored, want %d to %d", c.describe, c.temp, explored, c.lo, c.hi)
		}
	}
}
