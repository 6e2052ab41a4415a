package render

import (
	"bytes"
	"image"
	"math"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	got := Wrap("episode 149 (cue right): rewarded", 15)
	want := []string{"episode 149", "(cue right):", "rewarded"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap = %q, want %q", got, want)
	}
	if got := Wrap("", 10); len(got) != 1 || got[0] != "" {
		t.Errorf("Wrap of nothing = %q", got)
	}
}

// Titles longer than a small maze wrap inside their column; columns are
// panelGap apart, so no title runs into the next.
func TestPanelTitlesDoNotOverlap(t *testing.T) {
	titles := []string{"sleep 29, episode 141: forward", "sleep 29, episode 141: reverse"}
	l := layoutPanels(9*16, titles)
	for i, lines := range l.lines {
		for _, s := range lines {
			if len(s)*CharWidth > l.panelW {
				t.Errorf("title %d line %q is %d pixels, column %d", i, s, len(s)*CharWidth, l.panelW)
			}
		}
	}
	if gap := l.tx[1] - (l.tx[0] + l.panelW); gap != panelGap {
		t.Errorf("gap between title columns %d pixels, want %d", gap, panelGap)
	}
	if l.titleH != panelMargin+2*LineHeight+4 {
		t.Errorf("title height %d, want two lines (%d)", l.titleH, panelMargin+2*LineHeight+4)
	}
}

func TestVisitCounts(t *testing.T) {
	g := tmaze()
	counts, err := VisitCounts(g, [][]Cell{stemToLeft, stemToLeft[:3]})
	if err != nil {
		t.Fatal(err)
	}
	at := func(r, c int) int { return counts[r*g.Cols+c] }
	if at(5, 3) != 2 || at(3, 3) != 2 || at(2, 3) != 1 || at(1, 1) != 1 || at(0, 0) != 0 {
		t.Errorf("counts start %d, (3,3) %d, door %d, reward %d, wall %d; want 2 2 1 1 0", at(5, 3), at(3, 3), at(2, 3), at(1, 1), at(0, 0))
	}
	if _, err := VisitCounts(g, [][]Cell{{{7, 0}}}); err == nil || err.Error() != "render: visit counts: path 0 step 0 at row 7, column 0 is outside the 7×7 grid" {
		t.Errorf("outside: %v", err)
	}
}

func TestHeatmapColours(t *testing.T) {
	g := tmaze()
	counts, _ := VisitCounts(g, [][]Cell{stemToLeft, stemToLeft[:3]})
	dst := image.NewRGBA(image.Rect(0, 0, 7*10, 7*10))
	if err := DrawHeatmap(dst, g, counts, 2, 10); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cell Cell
		want [4]uint8
	}{
		{Cell{5, 3}, rgba(HeatColour(1))},
		{Cell{2, 3}, rgba(HeatColour(0.5))},
		{Cell{1, 5}, rgba(cellColours[Floor])},
		{Cell{0, 0}, rgba(cellColours[Wall])},
	} {
		if got := rgba(dst.RGBAAt(c.cell.Col*10+4, c.cell.Row*10+4)); got != c.want {
			t.Errorf("cell %v: %v, want %v", c.cell, got, c.want)
		}
	}
	if HeatColour(-1) != HeatColour(0) || HeatColour(2) != HeatColour(1) || HeatColour(0) == HeatColour(1) {
		t.Error("HeatColour does not clamp or does not vary")
	}
}

func TestPeakOrder(t *testing.T) {
	act := [][]float64{
		{0, 1, 0.2},
		{0.5, 0, 0.9},
		{0.9, 0, math.NaN()},
	}
	if got := PeakOrder(act); got[0] != 1 || got[1] != 2 || got[2] != 0 {
		t.Errorf("PeakOrder = %v, want [1 2 0] (peaks at steps 0, 1, 2)", got)
	}
}

func TestNavigationFigures(t *testing.T) {
	var b bytes.Buffer
	if err := StepsPerEpisode(&b, []float64{0, 1, 2}, []float64{30, 20, 10}, 8, 2); err != nil || b.Len() == 0 {
		t.Fatalf("steps per episode: %v, %d bytes", err, b.Len())
	}
	if err := StepsPerEpisode(&b, []float64{0, 1}, []float64{3}, 8, 2); err == nil || err.Error() != "render: steps per episode: 2 episodes and 1 step counts; want equal lengths" {
		t.Errorf("lengths: %v", err)
	}
	b.Reset()
	if err := VisitHeatmaps(&b, tmaze(), [][][]Cell{{stemToLeft}, {stemToLeft, stemToLeft}}, []string{"first", "last"}, 16); err != nil || b.Len() == 0 {
		t.Fatalf("visit heat maps: %v", err)
	}
	if err := VisitHeatmaps(&b, tmaze(), nil, nil, 16); err == nil || err.Error() != "render: visit heat maps: 0 groups and 0 titles; want as many titles as groups, at least one" {
		t.Errorf("no groups: %v", err)
	}
}

func rgba(c interface{ RGBA() (r, g, b, a uint32) }) [4]uint8 {
	r, g, b, a := c.RGBA()
	return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
}
