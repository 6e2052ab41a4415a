package viewer

import (
	"fmt"
	"image"
	"image/color"

	"github.com/replaylab/replaylab/render"
)

var actionNames = [...]string{"up", "right", "down", "left"}

// PredictionHint is what the prediction panel says for a run recorded
// before arrays.npz had predicted_action.
const PredictionHint = "predicted move: not recorded in this run (it predates predicted_action in arrays.npz); run the scenario again with the current replaylab to see it"

// Agreement is how the consolidator's predicted moves compare with the
// moves taken over one episode.
type Agreement struct {
	Moves  int // moves made
	Agree  int // moves taken that were the predicted move
	Walled int // moves where the prediction pointed into a wall or out of the maze
}

// Rate is the fraction of moves that were the predicted move (NaN-free: 0
// for an episode of no moves).
func (a Agreement) Rate() float64 {
	if a.Moves == 0 {
		return 0
	}
	return float64(a.Agree) / float64(a.Moves)
}

// stepClass says how move t of an episode compares with its prediction.
type stepClass int

const (
	stepAgree  stepClass = iota // the move taken was the predicted one
	stepDiffer                  // another move was taken (exploration, or the rule's no turning back)
	stepWalled                  // the prediction pointed into a wall, so the rule took another move
)

var stepColours = [...]color.RGBA{stepAgree: agreeCol, stepDiffer: differCol, stepWalled: wallPredCol}

// classify compares the move taken at position i with its prediction.
func (d *Data) classify(i int) stepClass {
	if d.Actions[i] == d.Predicted[i] {
		return stepAgree
	}
	p := d.Predicted[i]
	if p < 0 || p >= len(moveDelta) {
		return stepDiffer
	}
	c := d.Pos[i]
	next := render.Cell{Row: c.Row + moveDelta[p].Y, Col: c.Col + moveDelta[p].X}
	if next.Row < 0 || next.Row >= d.Grid.Rows || next.Col < 0 || next.Col >= d.Grid.Cols || d.Grid.Kinds[next.Row*d.Grid.Cols+next.Col] == render.Wall {
		return stepWalled
	}
	return stepDiffer
}

// Agreement returns episode ep's agreement between predicted moves and
// moves taken; ok is false when the run did not record predictions.
func (d *Data) Agreement(ep int) (a Agreement, ok bool) {
	if d.Predicted == nil || ep < 0 || ep >= len(d.Episodes) {
		return Agreement{}, false
	}
	e := d.Episodes[ep]
	for t := range e.Steps {
		a.Moves++
		switch d.classify(e.start + t) {
		case stepAgree:
			a.Agree++
		case stepWalled:
			a.Walled++
		}
	}
	return a, true
}

// textLine is a line of a panel in its colour.
type textLine struct {
	col color.RGBA
	s   string
}

// predictionLines is the prediction panel's text at place at (an awake
// episode's step): the move taken and the predicted one, the episode's
// agreement and exploration; for a run without predictions, the move
// taken and PredictionHint.
func (v *View) predictionLines(at At) []textLine {
	d := v.data
	e := d.Episodes[at.Episode]
	i := e.start + at.Step
	name := func(a int) string {
		if a < 0 || a >= len(actionNames) {
			return "none (end)"
		}
		return actionNames[a]
	}
	if d.Predicted == nil {
		return []textLine{{ink, "move taken: " + name(d.Actions[i])}, {faintInk, PredictionHint}}
	}
	a, _ := d.Agreement(at.Episode)
	lines := []textLine{
		{takenCol, fmt.Sprintf("move taken: %-6s (dark arrow)", name(d.Actions[i]))},
		{predictedCol, fmt.Sprintf("predicted:  %-6s (pink arrow)", name(d.Predicted[i]))},
		{ink, fmt.Sprintf("agreement: %d of %d moves (%.0f %%)", a.Agree, a.Moves, 100*a.Rate())},
	}
	if a.Walled > 0 {
		lines = append(lines, textLine{faintInk, fmt.Sprintf("%d predictions pointed into a wall", a.Walled)})
	}
	if e.Choices >= 0 {
		lines = append(lines, textLine{faintInk, fmt.Sprintf("exploration picked %d of %d choices", e.Explored, e.Choices)})
	}
	return lines
}

// drawPrediction draws the prediction panel from y down: its text, and a
// strip of one square per move (green: the predicted move was taken;
// amber: another move; grey: the prediction pointed into a wall), the
// current move outlined.
func drawPrediction(dst *image.RGBA, v *View, at At, x, y, w int) {
	d := v.data
	text := func(c color.RGBA, s string) {
		for _, l := range render.Wrap(s, w/render.CharWidth) {
			render.Text(dst, x, y, l, c)
			y += render.LineHeight
		}
	}
	for _, l := range v.predictionLines(at) {
		text(l.col, l.s)
	}
	if d.Predicted == nil {
		return
	}
	e := d.Episodes[at.Episode]
	y += 2
	bw := stripSquare(w, e.Steps)
	perRow := max(1, w/bw)
	for t := range e.Steps {
		px, py := x+(t%perRow)*bw, y+(t/perRow)*(bw+2)
		r := image.Rect(px, py, px+bw-1, py+bw)
		render.FillRect(dst, r, stepColours[d.classify(e.start+t)])
		if t == at.Step {
			render.Outline(dst, r.Inset(-1), cursorCol)
		}
	}
	y += ((e.Steps+perRow-1)/perRow)*(bw+2) + 2
	text(faintInk, "green: predicted move taken; amber: another; grey: prediction into a wall")
}

// stripSquare is the pitch of the prediction strip's squares (each
// pitch−1 wide, pitch tall) for an episode of n moves in w pixels.
func stripSquare(w, n int) int { return max(6, min(10, w/max(n, 1))) }

// drawSweep shows an awake sweep's imagined positions against the path the
// agent then took: a strip of squares, green where the sweep's step t is
// where the agent was t moves later, red where it is not, the current
// step outlined.
func drawSweep(dst *image.RGBA, v *View, at At, x, y, w int) {
	d := v.data
	path := d.ReplayPath(at.ReplayN)
	ahead := d.Path(at.EpisodeAt)[at.StepAt:]
	cur := path[at.Step]
	render.Text(dst, x, y, fmt.Sprintf("sweep imagines row %d, col %d", cur.Row, cur.Col), ink)
	y += render.LineHeight
	render.Text(dst, x, y, "imagined vs the path then taken:", ink)
	y += render.LineHeight + 2
	drawMatchStrip(dst, x, y, w, len(path), at.Step, func(t int) bool { return t < len(ahead) && ahead[t] == path[t] })
}

// drawMatchStrip draws n squares, green where match(t), red elsewhere, the
// square cur outlined.
func drawMatchStrip(dst *image.RGBA, x, y, w, n, cur int, match func(t int) bool) {
	bw := max(6, min(12, w/max(n, 1)))
	perRow := max(1, w/bw)
	for t := range n {
		col := failureCol
		if match(t) {
			col = successCol
		}
		px, py := x+(t%perRow)*bw, y+(t/perRow)*(bw+2)
		render.FillRect(dst, image.Rect(px, py, px+bw-1, py+bw), col)
		if t == cur {
			render.Outline(dst, image.Rect(px, py, px+bw-1, py+bw), cursorCol)
		}
	}
}
