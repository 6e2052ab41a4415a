package render

import (
	"fmt"
	"image"
	"image/color"
	"io"
)

// Trajectories draws each path on its own copy of the maze, side by side,
// with its title above it, and writes the picture as PNG. Each path is
// drawn as a trail (blue, fading towards its start) with the agent's dot
// on its last cell; opt sets the cell size (its other fields are ignored).
// A typical use is the first and last episodes of a run.
func Trajectories(w io.Writer, g Grid, paths [][]Cell, titles []string, opt Options) error {
	panels := make([]Options, len(paths))
	for i, path := range paths {
		panels[i] = Options{CellSize: opt.CellSize, Trail: path}
		if len(path) > 0 {
			last := path[len(path)-1]
			panels[i].Agent = &last
		}
	}
	return Panels(w, g, panels, titles)
}

// Panels draws the maze once per Options, side by side, each with its
// title above it, and writes the picture as PNG. Titles wider than their
// panel wrap onto more lines (panels are at least minPanelWidth pixels
// wide), and panels are panelGap pixels apart, so titles never run into
// each other. The cell size is the first panel's.
func Panels(w io.Writer, g Grid, panels []Options, titles []string) error {
	if len(panels) == 0 || len(titles) != len(panels) {
		return fmt.Errorf("render: panels: %d panels and %d titles; want as many titles as panels, at least one", len(panels), len(titles))
	}
	if err := g.Validate(); err != nil {
		return err
	}
	cs := panels[0].cellSize()
	pw, ph := g.Cols*cs, g.Rows*cs
	lay := layoutPanels(pw, titles)
	dst := image.NewRGBA(image.Rect(0, 0, lay.width, lay.titleH+ph+panelMargin))
	fill(dst, dst.Rect, color.White)
	for i, o := range panels {
		x0 := lay.x[i]
		sub := dst.SubImage(image.Rect(x0, lay.titleH, x0+pw, lay.titleH+ph)).(*image.RGBA)
		o.CellSize = cs
		if err := Draw(sub, g, o); err != nil {
			return fmt.Errorf("render: panel %d (%s): %w", i, titles[i], err)
		}
		lay.drawTitle(dst, i, labelColour)
	}
	return WritePNG(w, dst)
}

// Panel layout: margins, the gap between panels, and the narrowest panel
// (titles wrap to it).
const (
	panelMargin   = 8
	panelGap      = 24
	minPanelWidth = 22 * CharWidth
)

// panelLayout places equal-width panels side by side with wrapped titles.
type panelLayout struct {
	width, panelW, titleH int
	x                     []int      // left edge of each panel's maze
	tx                    []int      // left edge of each title column
	lines                 [][]string // wrapped titles
}

func layoutPanels(pw int, titles []string) panelLayout {
	col := max(pw, minPanelWidth)
	lay := panelLayout{panelW: col}
	n := 1
	for _, t := range titles {
		l := Wrap(t, col/CharWidth)
		lay.lines = append(lay.lines, l)
		n = max(n, len(l))
	}
	lay.titleH = panelMargin + n*LineHeight + 4
	x := panelMargin
	for range titles {
		lay.tx = append(lay.tx, x)
		lay.x = append(lay.x, x+(col-pw)/2)
		x += col + panelGap
	}
	lay.width = x - panelGap + panelMargin
	return lay
}

func (l panelLayout) drawTitle(dst *image.RGBA, i int, c color.Color) {
	for j, line := range l.lines[i] {
		Text(dst, l.tx[i], panelMargin+j*LineHeight, line, c)
	}
}
