package render

import (
	"fmt"
	"image"
	"image/color"
	"io"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
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
// title above it, and writes the picture as PNG. A panel is as wide as its
// maze or its title, whichever is wider. The cell size is the first
// panel's.
func Panels(w io.Writer, g Grid, panels []Options, titles []string) error {
	if len(panels) == 0 || len(titles) != len(panels) {
		return fmt.Errorf("render: panels: %d panels and %d titles; want as many titles as panels, at least one", len(panels), len(titles))
	}
	if err := g.Validate(); err != nil {
		return err
	}
	cs := panels[0].cellSize()
	const margin, titleH, charW = 8, 20, 7
	pw, ph := g.Cols*cs, g.Rows*cs
	widths := make([]int, len(panels))
	total := margin
	for i, t := range titles {
		widths[i] = max(pw, charW*len(t))
		total += widths[i] + margin
	}
	dst := image.NewRGBA(image.Rect(0, 0, total, titleH+ph+margin))
	fill(dst, dst.Rect, color.White)
	x0 := margin
	for i, o := range panels {
		mx := x0 + (widths[i]-pw)/2
		sub := dst.SubImage(image.Rect(mx, titleH, mx+pw, titleH+ph)).(*image.RGBA)
		o.CellSize = cs
		if err := Draw(sub, g, o); err != nil {
			return fmt.Errorf("render: panel %d (%s): %w", i, titles[i], err)
		}
		d := font.Drawer{Dst: dst, Src: image.NewUniform(labelColour), Face: basicfont.Face7x13, Dot: fixed.P(x0, titleH-6)}
		d.DrawString(titles[i])
		x0 += widths[i] + margin
	}
	return WritePNG(w, dst)
}
