package baseline

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/env"
)

// room is a 4×5 room with a wall segment: the shortest route takes 7 moves.
const room = `
#######
#S....#
#.###.#
#.....#
#....G#
#######
`

// shortest is the moves of the shortest route in room.
const shortest = 7

func roomEnv(t *testing.T) *env.Env {
	t.Helper()
	m, err := env.ParseMaze(room, env.DefaultLegend())
	if err != nil {
		t.Fatal(err)
	}
	e, err := env.New(m, env.Task{Kind: env.KindGoal, MaxSteps: 200})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func config(kind Kind) Config {
	p := agent.DefaultConfig()
	p.EpsilonStart, p.EpsilonEnd, p.EpsilonDecayEpisodes = 0.1, 0.1, 0
	return Config{Kind: kind, Alpha: 0.5, Gamma: 0.95, PlanningSteps: 20, Policy: p}
}

// greedyMoves walks the greedy route from the start (first best move on
// ties, no learning) in a copy of the task and returns its moves, -1 when
// it does not reach the goal within 100 moves.
func greedyMoves(t *testing.T, l *Learner) int {
	e := roomEnv(t)
	e.Reset(0)
	for n := 1; n <= 100; n++ {
		s := l.StateOf(e)
		best := env.Up
		for a := env.Right; a < env.NumActions; a++ {
			if l.Q(s, a) > l.Q(s, best) {
				best = a
			}
		}
		if _, _, term, _ := e.Step(best); term {
			return n
		}
	}
	return -1
}

// episodesToShortest lives up to limit episodes and returns the count after
// which the greedy route was the shortest after five episodes in a row
// (-1 never), and the episodes.
func episodesToShortest(t *testing.T, kind Kind, seed uint64, limit int) (int, []*agent.Episode) {
	t.Helper()
	e := roomEnv(t)
	l, err := New(config(kind), e, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	run := 0
	var eps []*agent.Episode
	for i := range limit {
		ep, err := l.Live(e, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		eps = append(eps, ep)
		if greedyMoves(t, l) == shortest {
			run++
		} else {
			run = 0
		}
		if run == 5 {
			return i + 1, eps
		}
	}
	return -1, eps
}

// Both learners' greedy routes become the shortest within 60 episodes, and Dyna-Q
// needs fewer episodes than Q-learning (median over 5 seeds).
func TestLearnersReachShortestRoute(t *testing.T) {
	var q, dyna []int
	for seed := range uint64(5) {
		nq, _ := episodesToShortest(t, QLearning, seed, 60)
		nd, _ := episodesToShortest(t, DynaQ, seed, 60)
		if nq < 0 || nd < 0 {
			t.Fatalf("seed %d: Q-learning %d, Dyna-Q %d episodes to a shortest greedy route five times in a row (-1: not within 60)", seed, nq, nd)
		}
		q, dyna = append(q, nq), append(dyna, nd)
	}
	slices.Sort(q)
	slices.Sort(dyna)
	t.Logf("episodes to a shortest greedy route five times in a row: Q-learning %v, Dyna-Q %v", q, dyna)
	if dyna[2] >= q[2] {
		t.Fatalf("median episodes: Dyna-Q %d, Q-learning %d: planning should need fewer", dyna[2], q[2])
	}
}

// Same seed, same episodes; a learner restored from a snapshot (and its
// stream) continues exactly as the original.
func TestDeterministicAndRestorable(t *testing.T) {
	_, a := episodesToShortest(t, DynaQ, 7, 30)
	_, b := episodesToShortest(t, DynaQ, 7, 30)
	for i := range a {
		if !slices.Equal(a[i].Steps, b[i].Steps) {
			t.Fatalf("episode %d differs between two runs with the same seed", i)
		}
	}

	e := roomEnv(t)
	src := rand.NewPCG(3, 1)
	l, _ := New(config(DynaQ), e, rand.New(src))
	for i := range 10 {
		l.Live(e, uint64(i))
	}
	snap := l.Snapshot()
	state, _ := src.MarshalBinary()
	want, _ := l.Live(e, 10)

	src2 := rand.NewPCG(0, 0)
	src2.UnmarshalBinary(state)
	l2, _ := New(config(DynaQ), e, rand.New(src2))
	if err := l2.Restore(snap); err != nil {
		t.Fatal(err)
	}
	got, _ := l2.Live(e, 10)
	if !slices.Equal(got.Steps, want.Steps) || got.Index != want.Index || got.Loss != want.Loss {
		t.Fatalf("restored learner's episode differs:\n got %+v\nwant %+v", got.Steps, want.Steps)
	}
	if err := l2.Restore(State{Q: make([]float64, 3)}); err == nil || err.Error() != "baseline: restore: table has 3 entries, want 68 (another maze or task?)" {
		t.Fatalf("restore of a wrong table: %v", err)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct {
		mod  func(*Config)
		want string
	}{
		{func(c *Config) { c.Alpha = 0 }, "baseline: alpha must be in (0, 1], got 0"},
		{func(c *Config) { c.Gamma = 1.5 }, "baseline: gamma must be in [0, 1], got 1.5"},
		{func(c *Config) { c.PlanningSteps = -1 }, "baseline: planning_steps must be ≥ 0, got -1"},
	} {
		cfg := config(QLearning)
		c.mod(&cfg)
		if err := cfg.Validate(); err == nil || err.Error() != c.want {
			t.Errorf("error %v, want %s", err, c.want)
		}
	}
	if _, err := ParseKind("sarsa"); err == nil || err.Error() != `baseline: unknown learner "sarsa" (want q-learning or dyna-q)` {
		t.Errorf("ParseKind: %v", err)
	}
}
