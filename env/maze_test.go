package env

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestTMazeLayout(t *testing.T) {
	got, err := TMazeLayout(3, 2, 3, false)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"#########",
		"####S####",
		"####C####",
		"####C####",
		"####.####",
		"####.####",
		"#L.....R#",
		"#########",
	}, "\n") + "\n"
	if got != want {
		t.Fatalf("layout:\n%s\nwant:\n%s", got, want)
	}
	doors, _ := TMazeLayout(1, 0, 2, true)
	if !strings.Contains(doors, "#L<.>R#") {
		t.Errorf("door layout:\n%s", doors)
	}
}

func TestParseMazeGeometry(t *testing.T) {
	layout, _ := TMazeLayout(3, 2, 3, false)
	m, err := ParseMaze(layout, DefaultLegend().Merge(TMazeLegend(true)))
	if err != nil {
		t.Fatal(err)
	}
	if m.Rows != 8 || m.Cols != 9 || m.NumCells() != 5+7 {
		t.Fatalf("Rows %d Cols %d cells %d", m.Rows, m.Cols, m.NumCells())
	}
	if r, c := m.Start(); r != 1 || c != 4 {
		t.Errorf("start (%d,%d)", r, c)
	}
	if m.CellIndex(1, 4) != 0 || m.CellIndex(6, 1) != 5 || m.CellIndex(0, 0) != -1 || m.CellIndex(-1, 3) != -1 {
		t.Errorf("cell indices %d %d %d", m.CellIndex(1, 4), m.CellIndex(6, 1), m.CellIndex(0, 0))
	}
	if m.Kind(6, 7) != Reward || m.Kind(2, 4) != Cue || m.Kind(99, 0) != Wall || !m.Passable(6, 4) || m.Passable(0, 4) {
		t.Error("kinds wrong")
	}
	d := m.Distances(m.Start())
	if got := d[m.CellIndex(6, 1)]; got != 8 {
		t.Errorf("distance to left end %d, want 8", got)
	}
	wantClasses := []string{"floor", "junction", "start", "cue-left", "cue-right", "reward-site", "door"}
	if !slices.Equal(m.Classes(), wantClasses) {
		t.Errorf("classes %v", m.Classes())
	}
	if m.class[m.CellIndex(6, 4)] != 1 || m.class[m.CellIndex(1, 4)] != classEpisodeCue || m.class[m.CellIndex(5, 4)] != 0 {
		t.Errorf("junction/cue/floor classes %d %d %d", m.class[m.CellIndex(6, 4)], m.class[m.CellIndex(1, 4)], m.class[m.CellIndex(5, 4)])
	}
}

func TestParseMazeCustomClass(t *testing.T) {
	lg := DefaultLegend().Merge(Legend{'t': {Kind: Floor, Class: "texture"}, 'a': {Kind: Floor, Class: "alpha"}})
	m, err := ParseMaze("Sta.G", lg)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Classes()[7:]; !slices.Equal(got, []string{"alpha", "texture"}) {
		t.Errorf("custom classes %v", got)
	}
}

func TestParseMazeProblems(t *testing.T) {
	cases := []struct{ name, layout, want string }{
		{"empty", "\n\n", "layout is empty: want at least one row of cells"},
		{"ragged", "#####\n#S.G#\n####", "ragged layout: row 2 has 4 cells, row 0 has 5 (every row must have the same width)"},
		{"unknown", "#S.x.G#", "unknown layout character 'x' at row 0, col 3: add it to [maze.legend]"},
		{"no start", "#..G#", "no start cell: the layout needs exactly one start (S in the default legend)"},
		{"two starts", "#S.SG#", "2 start cells at (0,1) (0,3): the layout needs exactly one"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseMaze(c.layout, DefaultLegend())
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %v is not Problems", err)
			}
			if ps[0].Msg != c.want {
				t.Errorf("got  %q\nwant %q", ps[0].Msg, c.want)
			}
		})
	}
}
