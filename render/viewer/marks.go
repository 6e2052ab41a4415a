package viewer

import (
	"image"
	"image/color"

	"github.com/replaylab/replaylab/render"
)

// The consolidator's own marks on the maze, drawn by the viewer over
// render's frame: its predicted move at the agent and an awake sweep's
// imagined path. Pink is the consolidator's colour (render's palette has
// no colour for what the network imagines).
var (
	predictedCol = color.RGBA{0xe7, 0x29, 0x8a, 0xff} // pink: the consolidator's prediction and sweeps
	takenCol     = color.RGBA{0x30, 0x30, 0x30, 0xff} // the move taken
	agreeCol     = successCol
	differCol    = color.RGBA{0xf0, 0xa0, 0x20, 0xff} // amber: the move taken is not the predicted one
	wallPredCol  = color.RGBA{0xb4, 0xb4, 0xb4, 0xff} // grey: the prediction pointed into a wall
)

// moveDelta is the (column, row) step of moves 0 up, 1 right, 2 down, 3 left.
var moveDelta = [4]image.Point{{0, -1}, {1, 0}, {0, 1}, {-1, 0}}

// DrawMarks draws the viewer's marks for place at into dst, whose top left
// corner is the maze's, over render's frame for the same place: while
// awake (panels on, and the run recorded predicted_action), the move taken
// as a dark arrow from the agent and the predicted move as a thinner pink
// one on top of it; during an awake sweep, the imagined path so far as a
// dashed pink line ahead of the agent.
func (v *View) DrawMarks(dst *image.RGBA, at At, cs int) {
	d := v.data
	if at.Sweep {
		drawDashed(dst, cs, d.ReplayPath(at.ReplayN)[:at.Step+1], max(2, cs/6), predictedCol)
		return
	}
	if at.Replay || !v.panels || d.Predicted == nil {
		return
	}
	i := d.Episodes[at.Episode].start + at.Step
	c := d.Pos[i]
	if a := d.Actions[i]; a >= 0 && a < 4 {
		drawArrow(dst, cs, c, a, max(3, cs/4), takenCol)
	}
	if p := d.Predicted[i]; p >= 0 && p < 4 {
		drawArrow(dst, cs, c, p, max(1, cs/8), predictedCol)
	}
}

// drawArrow draws an arrow of the given shaft width from the edge of the
// agent's dot in cell c towards the neighbouring cell in direction move
// (clipped to dst).
func drawArrow(dst *image.RGBA, cs int, c render.Cell, move, width int, col color.RGBA) {
	o := dst.Rect.Min
	p := o.Add(image.Pt(c.Col*cs+cs/2, c.Row*cs+cs/2))
	d := moveDelta[move]
	from := max(cs*3/10, 4) // the agent's radius (render draws max(3cs/10, 4))
	head := max(3, cs/4)
	tip := max(cs-cs/8, from+head+8) // at least 8 pixels of shaft: in small cells the arrow reaches past the neighbour's centre
	// The shaft: a band of the given width along d, ...
	a, b := p.Add(d.Mul(from)), p.Add(d.Mul(tip-head))
	n := image.Pt(abs(d.Y), abs(d.X)) // across the shaft
	shaft := image.Rect(min(a.X, b.X), min(a.Y, b.Y), max(a.X, b.X)+1, max(a.Y, b.Y)+1)
	shaft.Min = shaft.Min.Sub(n.Mul(width / 2))
	shaft.Max = shaft.Max.Add(n.Mul(width - width/2 - 1))
	render.FillRect(dst, shaft, col)
	// ... and the head, a triangle narrowing to the tip.
	for s := 0; s <= head; s++ {
		q := p.Add(d.Mul(tip - s))
		render.FillRect(dst, image.Rectangle{q.Sub(n.Mul(s)), q.Add(n.Mul(s)).Add(image.Pt(1, 1))}, col)
	}
}

// drawDashed draws path as a dashed line through the cells' centres.
func drawDashed(dst *image.RGBA, cs int, path []render.Cell, width int, col color.RGBA) {
	o := dst.Rect.Min
	dash := max(3, cs/3)
	h := width / 2
	run := 0 // pixels along the path so far
	centre := func(c render.Cell) image.Point { return o.Add(image.Pt(c.Col*cs+cs/2, c.Row*cs+cs/2)) }
	for k := 1; k < len(path); k++ {
		p, q := centre(path[k-1]), centre(path[k])
		n := max(abs(q.X-p.X), abs(q.Y-p.Y))
		for s := 0; s < n; s++ {
			if (run/dash)%2 == 0 {
				x, y := p.X+(q.X-p.X)*s/n, p.Y+(q.Y-p.Y)*s/n
				render.FillRect(dst, image.Rect(x-h, y-h, x-h+width, y-h+width), col)
			}
			run++
		}
	}
	if n := len(path); n > 0 { // the head of the sweep
		q := centre(path[n-1])
		r := max(2, cs/5)
		render.FillRect(dst, image.Rect(q.X-r, q.Y-r, q.X+r+1, q.Y+r+1), col)
	}
}
