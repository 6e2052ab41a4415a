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
	if len(paths) == 0 || len(titles) != len(paths) {
		return fmt.Errorf("render: trajectories: %d paths and %d titles; want as many titles as paths, at least one", len(paths), len(titles))
	}
	if err := g.Validate(); err != nil {
		return err
	}
	cs := opt.cellSize()
	const margin, titleH = 8, 20
	pw, ph := g.Cols*cs, g.Rows*cs
	dst := image.NewRGBA(image.Rect(0, 0, margin+len(paths)*(pw+margin), titleH+ph+margin))
	fill(dst, dst.Rect, color.White)
	for i, path := range paths {
		x0 := margin + i*(pw+margin)
		sub := dst.SubImage(image.Rect(x0, titleH, x0+pw, titleH+ph)).(*image.RGBA)
		o := Options{CellSize: cs, Trail: path}
		if len(path) > 0 {
			last := path[len(path)-1]
			o.Agent = &last
		}
		if err := Draw(sub, g, o); err != nil {
			return fmt.Errorf("render: trajectory %d (%s): %w", i, titles[i], err)
		}
		d := font.Drawer{Dst: dst, Src: image.NewUniform(labelColour), Face: basicfont.Face7x13, Dot: fixed.P(x0, titleH-6)}
		d.DrawString(titles[i])
	}
	return WritePNG(w, dst)
}
