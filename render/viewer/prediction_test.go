package viewer

import (
	"image"
	"image/color"
	"path/filepath"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// countIn counts the pixels of colour c in r.
func countIn(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	n := 0
	r = r.Intersect(img.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if img.RGBAAt(x, y) == c {
				n++
			}
		}
	}
	return n
}

// firstDisagreement returns an episode and step of the run where the move
// taken was not the predicted one and both are moves.
func firstDisagreement(t *testing.T, d *Data) (ep, step int) {
	t.Helper()
	for i, e := range d.Episodes {
		for s := range e.Steps {
			k := e.start + s
			if d.Predicted[k] >= 0 && d.Actions[k] != d.Predicted[k] {
				return i, s
			}
		}
	}
	t.Fatal("the test run has no move that differs from its prediction")
	return 0, 0
}

func TestPredictionPanel(t *testing.T) {
	d, err := Open(smallRun(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Predicted) != len(d.Actions) {
		t.Fatalf("%d predictions for %d positions", len(d.Predicted), len(d.Actions))
	}
	ep, step := firstDisagreement(t, d)
	e := d.Episodes[ep]

	// The agreement counted from the arrays directly.
	var want Agreement
	for s := range e.Steps {
		want.Moves++
		if d.Actions[e.start+s] == d.Predicted[e.start+s] {
			want.Agree++
		}
	}
	got, ok := d.Agreement(ep)
	if !ok || got.Moves != want.Moves || got.Agree != want.Agree || got.Agree == got.Moves {
		t.Fatalf("episode %d agreement %+v (ok %v), want %d of %d moves and at least one disagreement", ep, got, ok, want.Agree, want.Moves)
	}

	// Arrows at the agent: the move taken dark, the prediction pink.
	v := NewView(d)
	var c Canvas
	const w, h = 900, 600
	if err := v.Seek(itoa(ep) + ":" + itoa(step)); err != nil {
		t.Fatal(err)
	}
	img, err := c.Draw(v, w, h, image.Pt(-1, -1))
	if err != nil {
		t.Fatal(err)
	}
	mazeMatchesFrame(t, v, img, w, h)
	l := v.LayoutAt(w, h)
	cs := l.CellSize
	k := e.start + step
	at := d.Pos[k]
	centre := l.Maze.Min.Add(image.Pt(at.Col*cs+cs/2, at.Row*cs+cs/2))
	along := func(move int) color.RGBA {
		return img.RGBAAt(centre.Add(moveDelta[move].Mul(max(cs*3/10, 4)+2)).X, centre.Add(moveDelta[move].Mul(max(cs*3/10, 4)+2)).Y)
	}
	if got := along(d.Predicted[k]); got != predictedCol {
		t.Errorf("episode %d step %d: pixel along the predicted move %s is %v, want pink %v", ep, step, actionNames[d.Predicted[k]], got, predictedCol)
	}
	if got := along(d.Actions[k]); got != takenCol {
		t.Errorf("episode %d step %d: pixel along the move taken %s is %v, want %v", ep, step, actionNames[d.Actions[k]], got, takenCol)
	}

	// The strip: one square of (pitch−1)×pitch pixels per move, by class,
	// at a step whose square's outline hides no square and whose outcome
	// line is not yet coloured.
	if err := v.Seek(itoa(ep) + ":" + itoa(e.Steps-1)); err != nil {
		t.Fatal(err)
	}
	img, _ = c.Draw(v, w, h, image.Pt(-1, -1))
	bw := stripSquare(l.Side.Dx(), e.Steps)
	var n [3]int
	for s := range e.Steps {
		n[d.classify(e.start+s)]++
	}
	for class, col := range stepColours {
		if got := countIn(img, l.Side, col); got != n[class]*(bw-1)*bw {
			t.Errorf("strip: %d pixels of class %d, want %d squares of %d×%d", got, class, n[class], bw-1, bw)
		}
	}
	if n[stepAgree] != want.Agree {
		t.Errorf("%d green squares, %d agreeing moves", n[stepAgree], want.Agree)
	}
}

func TestPredictionPanelOldRun(t *testing.T) {
	dir := copyRun(t)
	path := filepath.Join(dir, record.ArraysFile)
	z, err := record.ReadNPZ(path)
	if err != nil {
		t.Fatal(err)
	}
	var old record.NPZ
	for _, a := range z.Arrays() {
		if a.Name != "predicted_action" {
			if err := old.Add(a.Name, a.Data, a.Shape...); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := old.Write(path); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Predicted != nil {
		t.Fatal("a run without predicted_action has predictions")
	}
	v := NewView(d)
	if err := v.Seek("3:2"); err != nil {
		t.Fatal(err)
	}
	at, _ := v.At()
	lines := v.predictionLines(at)
	if len(lines) != 2 || lines[1].s != PredictionHint || lines[0].s != "move taken: "+actionNames[d.Actions[d.Episodes[3].start+2]] {
		t.Errorf("old run's panel says %q, want the move taken and %q", lines, PredictionHint)
	}
	var c Canvas
	img, err := c.Draw(v, 900, 600, image.Pt(-1, -1))
	if err != nil {
		t.Fatal(err)
	}
	l := v.LayoutAt(900, 600)
	for _, col := range []color.RGBA{differCol, wallPredCol, predictedCol} {
		if n := countIn(img, l.Side.Union(l.Maze), col); n != 0 {
			t.Errorf("old run: %d pixels of %v (prediction strip or arrow)", n, col)
		}
	}
	if !slices.ContainsFunc(render.Wrap(PredictionHint, l.Side.Dx()/render.CharWidth), func(s string) bool { return len(s) > 0 }) {
		t.Error("the hint wraps to nothing")
	}
}
