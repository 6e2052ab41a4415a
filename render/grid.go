package render

import (
	"fmt"
	"image/color"
)

// CellKind is what a maze cell is, as far as pictures are concerned.
type CellKind int

// The kinds of cell, each drawn in its own fixed colour (see Palette).
const (
	Wall CellKind = iota
	Floor
	Start
	Reward
	Cue
	Door
	numKinds
)

// Grid is a maze as a picture sees it: Rows×Cols cells in row-major order
// (cell r, c is Kinds[r*Cols+c]; row 0 is drawn at the top), with optional
// one-character labels keyed by the same index.
type Grid struct {
	Rows, Cols int
	Kinds      []CellKind
	Labels     map[int]string
}

// Cell is a position in a Grid.
type Cell struct{ Row, Col int }

// Validate checks the grid's dimensions and kinds.
func (g Grid) Validate() error {
	if g.Rows <= 0 || g.Cols <= 0 {
		return fmt.Errorf("render: grid is %d×%d, want at least 1×1", g.Rows, g.Cols)
	}
	if len(g.Kinds) != g.Rows*g.Cols {
		return fmt.Errorf("render: grid is %d×%d but has %d cell kinds", g.Rows, g.Cols, len(g.Kinds))
	}
	for i, k := range g.Kinds {
		if k < 0 || k >= numKinds {
			return fmt.Errorf("render: cell %d (row %d, column %d) has unknown kind %d", i, i/g.Cols, i%g.Cols, k)
		}
	}
	return nil
}

func (g Grid) contains(c Cell) bool {
	return c.Row >= 0 && c.Row < g.Rows && c.Col >= 0 && c.Col < g.Cols
}

// The fixed palette. Cell colours are light and distinct so that the
// trail, the replayed path and the agent drawn on top stay readable; the
// path colours are from the ColorBrewer qualitative set.
var (
	cellColours = [numKinds]color.RGBA{
		Wall:   {0x3a, 0x3a, 0x3a, 0xff}, // dark grey
		Floor:  {0xf4, 0xf1, 0xe8, 0xff}, // off-white
		Start:  {0xc6, 0xdb, 0xef, 0xff}, // light blue
		Reward: {0xa1, 0xd9, 0x9b, 0xff}, // green
		Cue:    {0xfd, 0xd0, 0xa2, 0xff}, // light orange
		Door:   {0xbc, 0x9b, 0x76, 0xff}, // brown
	}
	gridLine       = color.RGBA{0xd9, 0xd4, 0xc7, 0xff}
	trailColour    = color.RGBA{0x21, 0x71, 0xb5, 0xff} // blue
	forwardColour  = color.RGBA{0xd9, 0x48, 0x01, 0xff} // red-orange
	reverseColour  = color.RGBA{0x6a, 0x3d, 0x9a, 0xff} // purple
	agentColour    = color.RGBA{0x10, 0x10, 0x10, 0xff}
	agentRing      = color.RGBA{0xff, 0xff, 0xff, 0xff}
	labelColour    = color.RGBA{0x20, 0x20, 0x20, 0xff}
	wallLabel      = color.RGBA{0xf0, 0xf0, 0xf0, 0xff}
	backgroundText = color.RGBA{0xff, 0xff, 0xff, 0xff}
	livedColour    = color.NRGBA{0x40, 0x40, 0x40, 0x55} // faint grey
)

// Palette returns the colours pictures are drawn with: the cell colours
// in CellKind order, then grid lines, trail, forward replay, reverse
// replay, agent, agent ring, labels and background.
func Palette() color.Palette {
	p := color.Palette{}
	for _, c := range cellColours {
		p = append(p, c)
	}
	for _, c := range []color.RGBA{gridLine, trailColour, forwardColour, reverseColour, agentColour, agentRing, labelColour, wallLabel, backgroundText} {
		p = append(p, c)
	}
	return p
}

// ReplayColour returns the colour replayed paths are drawn in: red-orange
// forward, purple reverse.
func ReplayColour(reverse bool) color.RGBA {
	if reverse {
		return reverseColour
	}
	return forwardColour
}

// CellColour returns the fixed colour of a cell kind (wall for unknown
// kinds).
func CellColour(k CellKind) color.RGBA {
	if k < 0 || k >= numKinds {
		return cellColours[Wall]
	}
	return cellColours[k]
}

// TrailColour is the opaque colour of the agent's trail.
func TrailColour() color.RGBA { return trailColour }
