package render

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Options says what to draw on the maze of a Frame.
type Options struct {
	// CellSize is the side of a cell in pixels (default 16, at least 4).
	CellSize int
	// Agent is the agent's cell, drawn as a dark dot with a white ring; nil
	// for none.
	Agent *Cell
	// Trail is the agent's recent path, oldest first, drawn in blue that
	// fades towards the oldest cell.
	Trail []Cell
	// Replay is a replayed path in the order the replay visits it, drawn
	// from pale to saturated with an arrowhead on every step, so its
	// direction reads off the picture; red-orange for forward replay,
	// purple when ReplayReverse is set.
	Replay        []Cell
	ReplayReverse bool
	// Lived is a path drawn faint (a thin grey line) under the trail and
	// the replay: the lived episode under its replay, so that a replay
	// that strays from it shows.
	Lived []Cell
}

func (o Options) cellSize() int {
	if o.CellSize == 0 {
		return 16
	}
	return o.CellSize
}

// Frame returns a new picture of the maze with what opt asks for drawn on
// it; it is (Cols×CellSize)×(Rows×CellSize) pixels.
func Frame(g Grid, opt Options) (*image.RGBA, error) {
	if err := g.Validate(); err != nil {
		return nil, err
	}
	cs := opt.cellSize()
	dst := image.NewRGBA(image.Rect(0, 0, g.Cols*cs, g.Rows*cs))
	return dst, Draw(dst, g, opt)
}

// Draw draws the maze and what opt asks for into dst, with the maze's top
// left corner at dst.Bounds().Min. Drawing uses integer arithmetic only
// (rectangles, discs and triangles tested pixel by pixel, alpha blending
// by image/draw), so the pixels are the same on every platform.
func Draw(dst *image.RGBA, g Grid, opt Options) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if err := checkOverlay(g, opt); err != nil {
		return err
	}
	cs := opt.cellSize()
	drawCells(dst, g, cs)
	drawOverlay(dst, opt, cs)
	return nil
}

// DrawOverlay draws only what opt asks for (trail, replayed path, agent)
// into dst, whose top left corner is the maze's, over cells drawn before
// (by Draw or DrawMaze). Drawing the maze once and the overlay per frame
// gives the same pixels as Draw, which the viewer uses to stay fast on
// large mazes.
func DrawOverlay(dst *image.RGBA, g Grid, opt Options) error {
	if err := checkOverlay(g, opt); err != nil {
		return err
	}
	drawOverlay(dst, opt, opt.cellSize())
	return nil
}

// DrawMaze draws the maze's cells (and labels) alone into dst at cell size cs.
func DrawMaze(dst *image.RGBA, g Grid, cs int) error {
	if err := g.Validate(); err != nil {
		return err
	}
	if cs < 4 {
		return fmt.Errorf("render: cell size %d pixels, want at least 4", cs)
	}
	drawCells(dst, g, cs)
	return nil
}

func drawCells(dst *image.RGBA, g Grid, cs int) {
	o := dst.Bounds().Min
	for i, k := range g.Kinds {
		r := image.Rect(0, 0, cs, cs).Add(o.Add(image.Pt(i%g.Cols*cs, i/g.Cols*cs)))
		fill(dst, r, cellColours[k])
		if k != Wall {
			// A one-pixel line on the right and bottom edges shows the cells.
			fill(dst, image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y), gridLine)
			fill(dst, image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y), gridLine)
		}
	}
	drawLabels(dst, g, cs)
}

// checkOverlay checks the cell size and that every drawn cell is in g.
func checkOverlay(g Grid, opt Options) error {
	if cs := opt.cellSize(); cs < 4 {
		return fmt.Errorf("render: cell size %d pixels, want at least 4", cs)
	}
	for _, p := range []struct {
		name string
		path []Cell
	}{{"trail", opt.Trail}, {"replay", opt.Replay}, {"lived path", opt.Lived}} {
		for i, c := range p.path {
			if !g.contains(c) {
				return fmt.Errorf("render: %s step %d at row %d, column %d is outside the %d×%d grid", p.name, i, c.Row, c.Col, g.Rows, g.Cols)
			}
		}
	}
	if opt.Agent != nil && !g.contains(*opt.Agent) {
		return fmt.Errorf("render: agent at row %d, column %d is outside the %d×%d grid", opt.Agent.Row, opt.Agent.Col, g.Rows, g.Cols)
	}
	return nil
}

func drawOverlay(dst *image.RGBA, opt Options, cs int) {
	o := dst.Bounds().Min
	for i := 1; i < len(opt.Lived); i++ {
		segment(dst, o, cs, opt.Lived[i-1], opt.Lived[i], max(2, cs/8), livedColour)
		if i == len(opt.Lived)-1 {
			endSquare(dst, o, cs, opt.Lived[i], max(2, cs/8), livedColour)
		}
	}
	// Trail: alpha rises linearly from 25 % (oldest) to 90 % (newest).
	n := len(opt.Trail)
	for i := 1; i < n; i++ {
		a := 64 + (230-64)*i/max(n-1, 1)
		segment(dst, o, cs, opt.Trail[i-1], opt.Trail[i], max(3, cs/5), withAlpha(trailColour, a))
		if i == n-1 {
			endSquare(dst, o, cs, opt.Trail[i], max(3, cs/5), withAlpha(trailColour, a))
		}
	}
	// Replay: alpha rises from 35 % to 100 % along the replay order, with an
	// arrowhead on each step pointing the way the replay goes.
	col := forwardColour
	if opt.ReplayReverse {
		col = reverseColour
	}
	n = len(opt.Replay)
	for i := 1; i < n; i++ {
		a := 90 + (255-90)*i/max(n-1, 1)
		c := withAlpha(col, a)
		segment(dst, o, cs, opt.Replay[i-1], opt.Replay[i], max(3, cs/6), c)
		if i == n-1 {
			endSquare(dst, o, cs, opt.Replay[i], max(3, cs/6), c)
		}
		arrowhead(dst, o, cs, opt.Replay[i-1], opt.Replay[i], overFloor(col, a))
	}
	if n == 1 {
		disc(dst, centre(o, cs, opt.Replay[0]), cs/4, col)
	}
	if opt.Agent != nil {
		p := centre(o, cs, *opt.Agent)
		// At least 4 pixels across, so the agent stays visible in small cells.
		r := max(cs*3/10, 4)
		disc(dst, p, r, agentRing)
		disc(dst, p, r-max(1, cs/10), agentColour)
	}
}

// overFloor returns the opaque colour that c with alpha a has over the
// floor, so arrowheads follow the line's gradient but hide what is under
// them.
func overFloor(c color.RGBA, a int) color.RGBA {
	f := cellColours[Floor]
	mix := func(x, y uint8) uint8 { return uint8((int(x)*a + int(y)*(255-a)) / 255) }
	return color.RGBA{mix(c.R, f.R), mix(c.G, f.G), mix(c.B, f.B), 0xff}
}

func withAlpha(c color.RGBA, a int) color.NRGBA { return color.NRGBA{c.R, c.G, c.B, uint8(a)} }

func fill(dst draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(dst, r, image.NewUniform(c), image.Point{}, draw.Over)
}

func centre(o image.Point, cs int, c Cell) image.Point {
	return o.Add(image.Pt(c.Col*cs+cs/2, c.Row*cs+cs/2))
}

// segment draws a thick line from the centre of a towards the centre of b,
// stopping short of b's own square so that consecutive translucent
// segments do not overlap at the joints (the caller draws the last
// square with endSquare). Neighbouring cells (the only steps a grid walk
// makes) give one rectangle; longer jumps give a chain of squares along
// the straight line.
func segment(dst *image.RGBA, o image.Point, cs int, a, b Cell, width int, c color.Color) {
	p, q := centre(o, cs, a), centre(o, cs, b)
	h := width / 2
	sq := func(x, y int) image.Rectangle { return image.Rect(x-h, y-h, x-h+width, y-h+width) }
	if p == q {
		return
	}
	if p.X == q.X || p.Y == q.Y {
		// Union of p's square and the band up to (not into) q's square.
		r := sq(p.X, p.Y)
		switch {
		case q.X > p.X:
			r.Max.X = q.X - h
		case q.X < p.X:
			r.Min.X = q.X - h + width
		case q.Y > p.Y:
			r.Max.Y = q.Y - h
		default:
			r.Min.Y = q.Y - h + width
		}
		fill(dst, r.Canon(), c)
		return
	}
	mask := image.NewAlpha(dst.Bounds())
	steps := max(abs(q.X-p.X), abs(q.Y-p.Y))
	for s := 0; s <= steps; s++ {
		x := p.X + (q.X-p.X)*s/steps
		y := p.Y + (q.Y-p.Y)*s/steps
		draw.Draw(mask, sq(x, y), image.Opaque, image.Point{}, draw.Src)
	}
	draw.Draw(mask, sq(q.X, q.Y), image.Transparent, image.Point{}, draw.Src)
	draw.DrawMask(dst, dst.Bounds(), image.NewUniform(c), image.Point{}, mask, dst.Bounds().Min, draw.Over)
}

// endSquare fills the square of a path's last cell, which segment leaves out.
func endSquare(dst *image.RGBA, o image.Point, cs int, b Cell, width int, c color.Color) {
	q := centre(o, cs, b)
	h := width / 2
	fill(dst, image.Rect(q.X-h, q.Y-h, q.X-h+width, q.Y-h+width), c)
}

// arrowhead draws a triangle at the middle of the step a→b pointing from a
// to b.
func arrowhead(dst *image.RGBA, o image.Point, cs int, a, b Cell, c color.Color) {
	p, q := centre(o, cs, a), centre(o, cs, b)
	dx, dy := sign(q.X-p.X), sign(q.Y-p.Y)
	if dx != 0 && dy != 0 {
		return // no arrowheads on diagonal jumps
	}
	m := image.Pt((p.X+q.X)/2, (p.Y+q.Y)/2)
	s := max(3, cs/4)
	// Triangle with tip m+s·d and base m−s·d ± s·n, n ⟂ d.
	tip := image.Pt(m.X+s*dx, m.Y+s*dy)
	b1 := image.Pt(m.X-s*dx-s*dy, m.Y-s*dy+s*dx)
	b2 := image.Pt(m.X-s*dx+s*dy, m.Y-s*dy-s*dx)
	mask := image.NewAlpha(image.Rect(m.X-s, m.Y-s, m.X+s+1, m.Y+s+1))
	for y := mask.Rect.Min.Y; y < mask.Rect.Max.Y; y++ {
		for x := mask.Rect.Min.X; x < mask.Rect.Max.X; x++ {
			pt := image.Pt(x, y)
			e1, e2, e3 := edge(tip, b1, pt), edge(b1, b2, pt), edge(b2, tip, pt)
			if (e1 >= 0 && e2 >= 0 && e3 >= 0) || (e1 <= 0 && e2 <= 0 && e3 <= 0) {
				mask.SetAlpha(x, y, color.Alpha{0xff})
			}
		}
	}
	draw.DrawMask(dst, mask.Rect, image.NewUniform(c), image.Point{}, mask, mask.Rect.Min, draw.Over)
}

// edge is the signed area of (a, b, p): which side of a→b the point p is.
func edge(a, b, p image.Point) int { return (b.X-a.X)*(p.Y-a.Y) - (b.Y-a.Y)*(p.X-a.X) }

// disc fills the pixels whose centres lie within radius r of p.
func disc(dst *image.RGBA, p image.Point, r int, c color.Color) {
	mask := image.NewAlpha(image.Rect(p.X-r, p.Y-r, p.X+r+1, p.Y+r+1))
	for y := -r; y <= r; y++ {
		for x := -r; x <= r; x++ {
			if x*x+y*y <= r*r {
				mask.SetAlpha(p.X+x, p.Y+y, color.Alpha{0xff})
			}
		}
	}
	draw.DrawMask(dst, mask.Rect, image.NewUniform(c), image.Point{}, mask, mask.Rect.Min, draw.Over)
}

// drawLabels writes each label's text in the top left corner of its cell
// (away from the centre, where paths run) with the 7×13 bitmap font, when
// cells are large enough to hold it.
func drawLabels(dst *image.RGBA, g Grid, cs int) {
	if cs < 14 {
		return
	}
	face := basicfont.Face7x13
	o := dst.Bounds().Min
	for i, s := range g.Labels {
		if i < 0 || i >= len(g.Kinds) || s == "" {
			continue
		}
		col := labelColour
		if g.Kinds[i] == Wall {
			col = wallLabel
		}
		x := o.X + i%g.Cols*cs + 2
		y := o.Y + i/g.Cols*cs + face.Ascent
		d := font.Drawer{Dst: dst, Src: image.NewUniform(col), Face: face, Dot: fixed.P(x, y)}
		d.DrawString(s)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
