package render

import (
	"bytes"
	"image"
	"image/color"
	"testing"
)

// tmaze is a small T-maze: a stem from the start (bottom) with a cue cell,
// a door, and two arms ending in a reward (left) and an empty end (right).
func tmaze() Grid {
	layout := []string{
		"#######",
		"#R...F#",
		"###D###",
		"###.###",
		"###C###",
		"###S###",
		"#######",
	}
	kinds := map[byte]CellKind{'#': Wall, '.': Floor, 'F': Floor, 'S': Start, 'R': Reward, 'C': Cue, 'D': Door}
	g := Grid{Rows: len(layout), Cols: len(layout[0]), Labels: map[int]string{}}
	for r, row := range layout {
		for c := range len(row) {
			g.Kinds = append(g.Kinds, kinds[row[c]])
			if row[c] != '#' && row[c] != '.' {
				g.Labels[r*g.Cols+c] = string(row[c])
			}
		}
	}
	return g
}

var stemToLeft = []Cell{{5, 3}, {4, 3}, {3, 3}, {2, 3}, {1, 3}, {1, 2}, {1, 1}}

func reversed(p []Cell) []Cell {
	out := make([]Cell, len(p))
	for i, c := range p {
		out[len(p)-1-i] = c
	}
	return out
}

func TestFrameGolden(t *testing.T) {
	agent := Cell{1, 1}
	tests := []struct {
		name string
		opt  Options
	}{
		{"frame_trail.png", Options{CellSize: 24, Trail: stemToLeft, Agent: &agent}},
		{"frame_replay_forward.png", Options{CellSize: 24, Replay: stemToLeft}},
		{"frame_replay_reverse.png", Options{CellSize: 24, Replay: reversed(stemToLeft), ReplayReverse: true, Agent: &agent}},
	}
	for _, tt := range tests {
		img, err := Frame(tmaze(), tt.opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WritePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		checkGolden(t, tt.name, buf.Bytes())
	}
}

func TestFramePixels(t *testing.T) {
	g := tmaze()
	img, err := Frame(g, Options{CellSize: 10})
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds() != image.Rect(0, 0, 70, 70) {
		t.Fatalf("bounds %v, want 70×70", img.Bounds())
	}
	tests := []struct {
		x, y int
		want color.RGBA
	}{
		{0, 0, cellColours[Wall]},
		{42, 12, cellColours[Floor]},  // row 1, col 4
		{32, 52, cellColours[Start]},  // row 5, col 3
		{12, 12, cellColours[Reward]}, // row 1, col 1 (left of its label)
		{39, 52, gridLine},            // right edge of the start cell
		{35, 59, gridLine},            // bottom edge of the start cell
		{31, 41, cellColours[Cue]},    // row 4, col 3
		{31, 21, cellColours[Door]},   // row 2, col 3
	}
	for _, tt := range tests {
		if got := img.RGBAAt(tt.x, tt.y); got != tt.want {
			t.Errorf("pixel (%d, %d) = %v, want %v", tt.x, tt.y, got, tt.want)
		}
	}
	agent := Cell{5, 3}
	img, _ = Frame(g, Options{CellSize: 10, Agent: &agent})
	if got := img.RGBAAt(35, 55); got != agentColour {
		t.Errorf("agent centre = %v, want %v", got, agentColour)
	}
}

func TestFrameErrors(t *testing.T) {
	g := tmaze()
	out := Cell{9, 0}
	tests := []struct {
		name string
		g    Grid
		opt  Options
		want string
	}{
		{"empty grid", Grid{}, Options{}, "render: grid is 0×0, want at least 1×1"},
		{"short kinds", Grid{Rows: 2, Cols: 2, Kinds: []CellKind{Wall}}, Options{}, "render: grid is 2×2 but has 1 cell kinds"},
		{"bad kind", Grid{Rows: 1, Cols: 2, Kinds: []CellKind{Wall, 42}}, Options{}, "render: cell 1 (row 0, column 1) has unknown kind 42"},
		{"tiny cells", g, Options{CellSize: 2}, "render: cell size 2 pixels, want at least 4"},
		{"trail outside", g, Options{Trail: []Cell{{1, 1}, {-1, 1}}}, "render: trail step 1 at row -1, column 1 is outside the 7×7 grid"},
		{"replay outside", g, Options{Replay: []Cell{{1, 7}}}, "render: replay step 0 at row 1, column 7 is outside the 7×7 grid"},
		{"agent outside", g, Options{Agent: &out}, "render: agent at row 9, column 0 is outside the 7×7 grid"},
	}
	for _, tt := range tests {
		_, err := Frame(tt.g, tt.opt)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s: err = %v, want %s", tt.name, err, tt.want)
		}
	}
}
