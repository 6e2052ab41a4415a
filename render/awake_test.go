package render

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
)

// A sweep is drawn dashed: every other step of its decoded path is drawn,
// in the translucent sweep colour, so the cells between the drawn steps'
// midpoints show the floor; it ends with a disc.
func TestDrawSweepIsDashed(t *testing.T) {
	g := tmaze()
	const cs = 16
	dst, err := Frame(g, Options{CellSize: cs})
	if err != nil {
		t.Fatal(err)
	}
	plain := image.NewRGBA(dst.Rect)
	copy(plain.Pix, dst.Pix)
	path := []Cell{{5, 3}, {4, 3}, {4, 3}, {3, 3}, {2, 3}, {1, 3}}
	if err := DrawSweep(dst, g, path, cs); err != nil {
		t.Fatal(err)
	}
	// The midpoint between two cells' centres, on the vertical stem.
	mid := func(a, b Cell) (int, int) { return a.Col*cs + cs/2, (a.Row+b.Row)*cs/2 + cs/2 }
	changed := func(x, y int) bool { return dst.RGBAAt(x, y) != plain.RGBAAt(x, y) }
	steps := [][2]Cell{{{5, 3}, {4, 3}}, {{4, 3}, {3, 3}}, {{3, 3}, {2, 3}}, {{2, 3}, {1, 3}}}
	for i, s := range steps {
		x, y := mid(s[0], s[1])
		if want := i%2 == 0; changed(x, y) != want {
			t.Errorf("step %d (%v→%v): drawn %v, want %v (dashes on every other moving step)", i, s[0], s[1], changed(x, y), want)
		}
	}
	// Translucent: the floor shows through a drawn dash.
	x, y := mid(steps[0][0], steps[0][1])
	if c := dst.RGBAAt(x, y); c == (forwardColour) {
		t.Errorf("sweep drawn opaque (%v)", c)
	}
	if end := (Cell{1, 3}); !changed(end.Col*cs+cs/2, end.Row*cs+cs/2) {
		t.Error("no disc where the sweep ends")
	}
	if err := DrawSweep(dst, g, []Cell{{5, 3}, {9, 3}}, cs); err == nil || !strings.Contains(err.Error(), "sweep step 1 at row 9") {
		t.Errorf("path outside the grid: %v", err)
	}
}

func TestAwakeFigures(t *testing.T) {
	g := tmaze()
	var buf bytes.Buffer
	panels := []AwakePanel{
		{Options: Options{Replay: reversed(stemToLeft), ReplayReverse: true, Lived: stemToLeft}},
		{Options: Options{Lived: stemToLeft[:4]}, Sweeps: [][]Cell{stemToLeft[3:], {{2, 3}, {1, 3}, {1, 4}, {1, 5}}}},
	}
	if err := AwakePanels(&buf, g, panels, []string{"awake reverse replay", "forward sweeps"}); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil || img.Bounds().Dx() < 2*g.Cols*16 {
		t.Fatalf("awake panels: %v, bounds %v", err, img.Bounds())
	}
	if err := AwakePanels(&buf, g, panels, []string{"one title"}); err == nil {
		t.Error("two panels with one title: no error")
	}
	buf.Reset()
	ep := []float64{0, 1, 2, 3}
	if err := AwakeVsSuccess(&buf, ep, []float64{0, 1, 1, 0}, []float64{0, 1, 1, 1}, 2); err != nil || buf.Len() == 0 {
		t.Fatalf("awake vs success: %v (%d bytes)", err, buf.Len())
	}
	if err := AwakeVsSuccess(&buf, ep, []float64{0}, []float64{0, 1, 1, 1}, 2); err == nil {
		t.Error("mismatched lengths: no error")
	}
}
