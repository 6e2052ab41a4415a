package env

import (
	"math"
	"slices"
	"testing"
)

// tinyRoom is a 2×3 room: S at (1,1), G at (2,3); a wall at (1,3) is inside.
const tinyRoom = `
#####
#S.##
#..G#
#####
`

func tinyEnv(t *testing.T, task Task) *Env {
	t.Helper()
	m, err := ParseMaze(tinyRoom, DefaultLegend())
	if err != nil {
		t.Fatal(err)
	}
	task.Kind = KindGoal
	e, err := New(m, task)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestParseObservation(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
		err  string
	}{
		{"", []string{"class"}, ""},
		{"place+class", []string{"class", "place"}, ""},
		{" view + class ", []string{"class", "view"}, ""},
		{"class+smell", nil, `unknown observation part "smell" in "class+smell" (want a "+"-joined set of [class view place])`},
		{"view+view", nil, `observation part "view" named twice in "view+view"`},
	} {
		got, err := ParseObservation(c.in)
		if c.err != "" {
			if err == nil || err.Error() != c.err {
				t.Errorf("%q: error %v, want %s", c.in, err, c.err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// The class+view vector at the start of the tiny room, entry by entry.
func TestViewEncodingExact(t *testing.T) {
	e := tinyEnv(t, Task{Observation: "class+view", ViewRadius: 1})
	nc := len(e.Maze().Classes()) // 7 fixed classes
	if got, want := e.Blocks(), append([]int{5, 2, nc}, slices.Repeat([]int{1 + nc}, 9)...); !slices.Equal(got, want) {
		t.Fatalf("blocks %v, want %v", got, want)
	}
	obs := e.Reset(1)
	want := make([]float64, 5+2+nc+9*(1+nc))
	want[0] = 1     // no previous action
	want[5] = 1     // no reward
	want[7+2] = 1   // class: start
	off := 7 + nc   // view blocks, reading order around (1,1)
	views := []int{ // 0 wall, else 1 + class index (0 floor, 1 junction, 2 start, 5 reward-site)
		0, 0, 0, // the top wall
		0, 1 + 2, 1 + 0, // west wall, start, floor
		0, 1 + 0, 1 + 1, // wall, floor, (2,2) a junction (three open neighbours)
	}
	for i, v := range views {
		want[off+i*(1+nc)+v] = 1
	}
	if !slices.Equal(obs.Sensory, want) {
		t.Fatalf("sensory\n got %v\nwant %v", obs.Sensory, want)
	}
	// Moving right then down reaches (2,2): the goal (reward-site) east, walls south.
	e.Step(Right)
	obs, _, _, _ = e.Step(Down)
	got := func(cell int) int {
		b := obs.Sensory[off+cell*(1+nc) : off+(cell+1)*(1+nc)]
		return slices.Index(b, 1)
	}
	for cell, w := range []int{1 + 2, 1 + 0, 0, 1 + 0, 1 + 1, 1 + 5, 0, 0, 0} {
		if got(cell) != w {
			t.Errorf("at (2,2) view cell %d shows %d, want %d", cell, got(cell), w)
		}
	}
}

// The place population: one Gaussian field per cell by default, peaked at
// the agent's cell with exp(−d²/2σ²) elsewhere; Regenerate restores it.
func TestPlaceEncodingExact(t *testing.T) {
	e := tinyEnv(t, Task{Observation: "place", PlaceSigma: 1})
	if got := e.Encoding().PlaceCentres(); !slices.Equal(got, []int{0, 1, 2, 3, 4}) {
		t.Fatalf("centres %v, want every place", got)
	}
	obs := e.Reset(1)
	pop := obs.Sensory[7:]
	// places: 0 (1,1) 1 (1,2) 2 (2,1) 3 (2,2) 4 (2,3); the agent is at place 0
	want := []float64{1, math.Exp(-0.5), math.Exp(-0.5), math.Exp(-1), math.Exp(-2.5)}
	for i := range want {
		if math.Abs(pop[i]-want[i]) > 1e-15 {
			t.Fatalf("population %v, want %v", pop, want)
		}
	}
	decoded := slices.Clone(obs.Sensory)
	clear(decoded[7:])
	decoded[7] = 1 // what the cache's argmax decoding gives back
	e.Encoding().Regenerate(decoded, obs.Place)
	if !slices.Equal(decoded, obs.Sensory) {
		t.Fatalf("regenerated %v, want %v", decoded, obs.Sensory)
	}
}

// Farthest-point centres: spread out, deterministic.
func TestPlaceCentresSpread(t *testing.T) {
	e := tinyEnv(t, Task{Observation: "class+place", PlaceCells: 2, PlaceSigma: 1})
	if got := e.Encoding().PlaceCentres(); !slices.Equal(got, []int{0, 4}) {
		t.Fatalf("centres %v, want [0 4] (the two farthest cells)", got)
	}
	if got := e.Encoding().PartWidths(); !slices.Equal(got, []int{5, 2, 7, 2}) {
		t.Fatalf("part widths %v", got)
	}
}

func TestObservationProblems(t *testing.T) {
	m, _ := ParseMaze(tinyRoom, DefaultLegend())
	for _, c := range []struct {
		task Task
		want string
	}{
		{Task{Kind: KindGoal, Observation: "view", ViewRadius: 0}, "view_radius: must be in [1, 5] cells, got 0"},
		{Task{Kind: KindGoal, Observation: "place", PlaceSigma: 0}, "place_sigma: must be a number of cells in (0, 1000], got 0"},
		{Task{Kind: KindGoal, Observation: "place", PlaceCells: -1, PlaceSigma: 1}, "place_cells: must be in [0, 10000] (0: one per non-wall cell), got -1"},
	} {
		_, err := New(m, c.task)
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: error %v, want %s", c.task, err, c.want)
		}
	}
}
