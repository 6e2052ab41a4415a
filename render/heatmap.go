package render

import (
	"fmt"
	"image"
	"image/color"
	"io"
)

// VisitCounts returns how many times each cell of g is visited by paths
// (every position of every path counts once; row-major, like Grid.Kinds).
func VisitCounts(g Grid, paths [][]Cell) ([]int, error) {
	counts := make([]int, g.Rows*g.Cols)
	for i, p := range paths {
		for j, c := range p {
			if !g.contains(c) {
				return nil, fmt.Errorf("render: visit counts: path %d step %d at row %d, column %d is outside the %d×%d grid", i, j, c.Row, c.Col, g.Rows, g.Cols)
			}
			counts[c.Row*g.Cols+c.Col]++
		}
	}
	return counts, nil
}

// HeatColour maps a fraction f in [0, 1] to the sequential heat scale of
// visit maps: pale yellow (few) through orange to dark red (most).
// Values outside [0, 1] are clamped.
func HeatColour(f float64) color.RGBA {
	stops := [...]color.RGBA{{0xff, 0xf7, 0xbc, 0xff}, {0xfe, 0xc4, 0x4f, 0xff}, {0xec, 0x70, 0x14, 0xff}, {0x99, 0x34, 0x04, 0xff}, {0x4a, 0x10, 0x02, 0xff}}
	return ramp(stops[:], f)
}

// ramp interpolates linearly between evenly spaced colour stops.
func ramp(stops []color.RGBA, f float64) color.RGBA {
	f = min(1, max(0, f))
	pos := f * float64(len(stops)-1)
	i := min(int(pos), len(stops)-2)
	t := pos - float64(i)
	a, b := stops[i], stops[i+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x) + t*(float64(y)-float64(x)) + 0.5) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}

// DrawHeatmap draws g into dst at cell size cs with every open cell
// coloured by its visit count relative to top (HeatColour of count/top;
// cells never visited keep the floor colour, walls stay walls).
func DrawHeatmap(dst *image.RGBA, g Grid, counts []int, top, cs int) error {
	if err := DrawMaze(dst, g, cs); err != nil {
		return err
	}
	if len(counts) != len(g.Kinds) {
		return fmt.Errorf("render: heat map: %d counts for a %d×%d grid", len(counts), g.Rows, g.Cols)
	}
	o := dst.Bounds().Min
	for i, n := range counts {
		if n == 0 || g.Kinds[i] == Wall {
			continue
		}
		r := image.Rect(0, 0, cs-1, cs-1).Add(o.Add(image.Pt(i%g.Cols*cs, i/g.Cols*cs)))
		fill(dst, r, HeatColour(float64(n)/float64(max(top, 1))))
	}
	return nil
}

// VisitHeatmaps draws one heat map of visit counts per group of paths
// (typically the first and last 10 % of a run's episodes), side by side
// with their titles, on one shared scale (the largest count of any
// panel) shown as a colour bar underneath, and writes the picture as PNG.
func VisitHeatmaps(w io.Writer, g Grid, groups [][][]Cell, titles []string, cs int) error {
	if len(groups) == 0 || len(titles) != len(groups) {
		return fmt.Errorf("render: visit heat maps: %d groups and %d titles; want as many titles as groups, at least one", len(groups), len(titles))
	}
	if err := g.Validate(); err != nil {
		return err
	}
	if cs < 4 {
		return fmt.Errorf("render: cell size %d pixels, want at least 4", cs)
	}
	counts := make([][]int, len(groups))
	top := 0
	for i, paths := range groups {
		var err error
		if counts[i], err = VisitCounts(g, paths); err != nil {
			return fmt.Errorf("render: visit heat maps: %s: %w", titles[i], err)
		}
		for _, n := range counts[i] {
			top = max(top, n)
		}
	}
	pw, ph := g.Cols*cs, g.Rows*cs
	lay := layoutPanels(pw, titles)
	const barH = 12
	legendY := lay.titleH + ph + panelMargin
	dst := image.NewRGBA(image.Rect(0, 0, max(lay.width, 2*panelMargin+40*CharWidth), legendY+barH+LineHeight+panelMargin))
	fill(dst, dst.Rect, color.White)
	for i := range groups {
		sub := dst.SubImage(image.Rect(lay.x[i], lay.titleH, lay.x[i]+pw, lay.titleH+ph)).(*image.RGBA)
		if err := DrawHeatmap(sub, g, counts[i], top, cs); err != nil {
			return err
		}
		lay.drawTitle(dst, i, labelColour)
	}
	// Colour bar: 1 visit to the largest count.
	x0, x1 := panelMargin, dst.Rect.Dx()-panelMargin
	for x := x0; x < x1; x++ {
		fill(dst, image.Rect(x, legendY, x+1, legendY+barH), HeatColour(float64(x-x0)/float64(max(x1-x0-1, 1))))
	}
	Text(dst, x0, legendY+barH+1, "visits: 1", labelColour)
	right := fmt.Sprintf("%d (most)", top)
	Text(dst, x1-len(right)*CharWidth, legendY+barH+1, right, labelColour)
	return WritePNG(w, dst)
}
