package agent

import (
	"slices"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/env"
)

// Sweep decoding on a known maze: the T-maze of cue 2, delay 2, branch 3,
// whose stem runs down column 4 from the start (row 1) to the junction
// (row 5), with arms to columns 1 and 7.
func TestDeadReckonOnATMaze(t *testing.T) {
	e := tmaze(t, 2, 2, 3)
	m := e.Maze()
	sr, sc := m.Start()
	const jr = 5
	if sr != 1 || sc != 4 || m.Kind(jr, sc+3) != env.Reward || m.Kind(jr, sc-3) != env.Reward {
		t.Fatalf("layout changed:\n%s", strings.Join(m.Layout(), "\n"))
	}
	cell := func(r, c int) int { return m.CellIndex(r, c) }
	D, L, R, U := env.Down, env.Left, env.Right, env.Up
	depth := jr - sr
	down := slices.Repeat([]env.Action{D}, depth)
	for _, tc := range []struct {
		name  string
		moves []env.Action
		want  []int
	}{
		{"stem then left arm", append(slices.Clone(down), L, L, L),
			append(column(m, sr, jr, sc), cell(jr, sc-1), cell(jr, sc-2), cell(jr, sc-3))},
		{"walls stop a move: left at the start, down past the junction", []env.Action{L, D},
			[]int{cell(sr, sc), cell(sr, sc), cell(sr+1, sc)}},
		{"no move stays", []env.Action{-1, U}, []int{cell(sr, sc), cell(sr, sc), cell(sr, sc)}},
		{"into the right arm and bump its end", append(slices.Clone(down), R, R, R, R, R),
			append(column(m, sr, jr, sc), cell(jr, sc+1), cell(jr, sc+2), cell(jr, sc+3), cell(jr, sc+3), cell(jr, sc+3))},
	} {
		got := DeadReckon(m, sr, sc, tc.moves)
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: places %v, want %v", tc.name, got, tc.want)
		}
		for _, p := range got {
			if p < 0 {
				t.Errorf("%s: decoded a wall (place %d)", tc.name, p)
			}
		}
	}
}

// column returns the places of rows from..to of column c.
func column(m *env.Maze, from, to, c int) []int {
	var out []int
	for r := from; r <= to; r++ {
		out = append(out, m.CellIndex(r, c))
	}
	return out
}

func TestCleanBlocks(t *testing.T) {
	y := []float64{0.1, 0.7, 0.7, -1, 0, 0.2, 0.1, 3, -2}
	got := cleanBlocks(nil, y, []int{5, 2, 2})
	want := []float64{0, 1, 0, 0, 0, 1, 0, 1, 0}
	if !slices.Equal(got, want) {
		t.Fatalf("cleanBlocks: %v, want %v (one-hot per block, the first on ties)", got, want)
	}
}

// Sweeps that do not decide leave the agent's life bit-identical: same
// moves, same predictions, same consolidator state, and the cache holds
// the same episodes. The sweeps themselves are recorded at choice steps.
func TestSweepsLeaveTheEpisodeUnchanged(t *testing.T) {
	e1, e2 := tmaze(t, 3, 5, 4), tmaze(t, 3, 5, 4)
	plain, sweeper := newAgent(t, e1, DefaultConfig()), newAgent(t, e2, DefaultConfig())
	if err := sweeper.SetSweeps(SweepConfig{On: true, Steps: 15, Discount: 0.9}); err != nil {
		t.Fatal(err)
	}
	sweeps := 0
	for i := range 12 {
		a, err := plain.Live(e1, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		b, err := sweeper.Live(e2, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Steps) != len(b.Steps) || a.Loss != b.Loss || !slices.Equal(a.Steps, b.Steps) {
			t.Fatalf("episode %d: sweeps changed the episode (loss %v vs %v)", i, a.Loss, b.Loss)
		}
		choices, _ := b.Choices()
		if len(b.Sweeps) != choices {
			t.Fatalf("episode %d: %d sweeps at %d choices, want one per choice", i, len(b.Sweeps), choices)
		}
		for _, s := range b.Sweeps {
			if !b.Steps[s.Step].Choice || len(s.Places) != len(s.Moves)+1 || s.Places[0] != b.Steps[s.Step].Place {
				t.Fatalf("episode %d: sweep %+v not at a choice step or not decoded from the agent's cell", i, s)
			}
		}
		sweeps += len(b.Sweeps)
	}
	if sweeps == 0 {
		t.Fatal("no sweeps recorded")
	}
	pa, pb := plain.Consolidator().State()
	sa, sb := sweeper.Consolidator().State()
	if !slices.Equal(pa, sa) || !slices.Equal(pb, sb) {
		t.Fatal("consolidator state differs after sweeps")
	}
}

func TestBestSweep(t *testing.T) {
	v := func(vals ...float64) []Sweep {
		out := make([]Sweep, len(vals))
		for i, x := range vals {
			out[i].Value = x
		}
		return out
	}
	for _, tc := range []struct {
		name string
		in   []Sweep
		at   int
		ok   bool
	}{
		{"sooner reward wins", v(0.9*0.9, 0.9, 0), 1, true},
		{"tie: the prediction decides", v(0.81, 0.81), -1, false},
		{"tie below the best does not matter", v(0.5, 0.5, 0.9), 2, true},
		{"no reward predicted", v(0, 0, 0), -1, false},
		{"no rollouts", nil, -1, false},
	} {
		at, ok := bestSweep(tc.in)
		if ok != tc.ok || (ok && at != tc.at) {
			t.Errorf("%s: got %d, %v; want %d, %v", tc.name, at, ok, tc.at, tc.ok)
		}
	}
}
