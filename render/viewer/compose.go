package viewer

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/replaylab/replaylab/render"
)

// Window layout, in pixels.
const (
	topBar    = 22  // status line
	sideWidth = 340 // information and panels, right of the maze
	stripH    = 16  // timeline strip: one tick per episode
	sleepH    = 28  // timeline strip: replay events per sleep
	pad       = 8
	trailLen  = 20 // positions of the fading trail
)

var (
	background = color.RGBA{0xfa, 0xfa, 0xf7, 0xff}
	ink        = color.RGBA{0x20, 0x20, 0x20, 0xff}
	faintInk   = color.RGBA{0x70, 0x70, 0x70, 0xff}
	successCol = color.RGBA{0x31, 0xa3, 0x54, 0xff}
	failureCol = color.RGBA{0xde, 0x2d, 0x26, 0xff}
	cursorCol  = color.RGBA{0x10, 0x10, 0x10, 0xff}
	helpBox    = color.RGBA{0xff, 0xff, 0xff, 0xff}
)

// Layout is where the parts of the window are for a window size.
type Layout struct {
	Area     image.Rectangle // the space for the maze
	Maze     image.Rectangle // the whole maze, cells of CellSize pixels; it can extend beyond Area (then clipped to it)
	CellSize int
	Side     image.Rectangle // information and panels
	Episodes image.Rectangle // timeline strip: episodes
	Sleeps   image.Rectangle // timeline strip: sleeps
}

// LayoutFor places the window's parts in a w×h window for grid g: the
// maze as large as fits with whole-pixel cells (at least 4 pixels).
func LayoutFor(g render.Grid, w, h int) Layout {
	var l Layout
	tlTop := h - pad - stripH - sleepH - 4
	l.Episodes = image.Rect(pad, tlTop, w-pad, tlTop+stripH)
	l.Sleeps = image.Rect(pad, tlTop+stripH+4, w-pad, tlTop+stripH+4+sleepH)
	areaW, areaH := w-sideWidth-3*pad, tlTop-topBar-2*pad
	cs := max(4, min(areaW/max(g.Cols, 1), areaH/max(g.Rows, 1)))
	l.CellSize = cs
	mw, mh := g.Cols*cs, g.Rows*cs
	x0 := pad + max(0, (areaW-mw)/2)
	y0 := topBar + pad + max(0, (areaH-mh)/2)
	l.Maze = image.Rect(x0, y0, x0+mw, y0+mh)
	l.Area = image.Rect(pad, topBar+pad, pad+areaW, topBar+pad+areaH)
	l.Side = image.Rect(w-sideWidth-pad, topBar+pad, w-pad, tlTop-pad)
	return l
}

// LayoutAt is LayoutFor with the maze scrolled, when it is larger than
// its area, so that the agent (or the replay's head) is in view.
func (v *View) LayoutAt(w, h int) Layout {
	l := LayoutFor(v.data.Grid, w, h)
	if l.Maze.In(l.Area) {
		return l
	}
	focus := image.Pt(l.Maze.Dx()/2, l.Maze.Dy()/2)
	if c, ok := v.focus(); ok {
		focus = image.Pt(c.Col*l.CellSize+l.CellSize/2, c.Row*l.CellSize+l.CellSize/2)
	}
	scroll := func(size, area, f int) int {
		if size <= area {
			return -(area - size) / 2
		}
		return min(max(f-area/2, 0), size-area)
	}
	off := image.Pt(scroll(l.Maze.Dx(), l.Area.Dx(), focus.X), scroll(l.Maze.Dy(), l.Area.Dy(), focus.Y))
	l.Maze = l.Maze.Sub(l.Maze.Min).Add(l.Area.Min.Sub(off))
	return l
}

// focus is the cell the view follows: the agent, or the replay's head.
func (v *View) focus() (render.Cell, bool) {
	at, ok := v.At()
	switch {
	case !ok:
		return render.Cell{}, false
	case at.Replay:
		return v.data.ReplayPath(at.ReplayN)[at.Step], true
	}
	return v.data.Path(at.Episode)[at.Step], true
}

// FrameOptions returns what render draws on the maze at the view's place:
// the agent and its fading trail while awake; the replayed path so far
// while asleep, over the replayed episode's lived path (faint) when the
// replay overlay is on. An awake replay is drawn the same way with the
// agent where it stands; an awake sweep is not render's to draw (DrawMarks
// draws it), only the agent and its trail.
func (v *View) FrameOptions(cs int) render.Options {
	at, ok := v.At()
	if !ok {
		return render.Options{CellSize: cs}
	}
	return v.frameOptionsAt(at, cs)
}

func (v *View) frameOptionsAt(at At, cs int) render.Options {
	opt := render.Options{CellSize: cs}
	d := v.data
	if at.Replay {
		if at.Awake {
			v.agentAt(&opt, at.EpisodeAt, at.StepAt)
			if at.Sweep {
				return opt
			}
		}
		path := d.ReplayPath(at.ReplayN)
		opt.Replay = path[:at.Step+1]
		opt.ReplayReverse = at.Reverse
		if v.overlay && !d.Replays[at.ReplayN].Splice {
			opt.Lived = d.Path(at.Episode)
		}
		return opt
	}
	v.agentAt(&opt, at.Episode, at.Step)
	if v.overlay {
		if j := v.lastReplayBefore(); j >= 0 {
			opt.Lived = d.ReplayPath(j)
		}
	}
	return opt
}

// agentAt puts the agent and its trail at step s of episode ep.
func (v *View) agentAt(opt *render.Options, ep, s int) {
	path := v.data.Path(ep)
	agent := path[s]
	opt.Agent = &agent
	opt.Trail = path[max(0, s-trailLen+1) : s+1]
}

// lastReplayBefore returns the last replay before the current item, −1 if
// none: while awake, the overlay shows what the last sleep consolidated.
func (v *View) lastReplayBefore() int {
	for i := v.item - 1; i >= 0; i-- {
		if it := v.timeline.items[i]; it.replay && !v.data.Replays[it.index].Awake {
			return it.index
		}
	}
	return -1
}

// Canvas keeps the window's picture and the maze drawn once per cell
// size, so a frame costs a copy of the maze and the overlay.
type Canvas struct {
	img      *image.RGBA
	maze     *image.RGBA
	scratch  *image.RGBA
	mazeCS   int
	mazeGrid *render.Grid
	act      actCache
}

// actCache keeps the activity panel's unit orders for one episode.
type actCache struct {
	episode  int
	ok       bool
	a, b     [][]float64
	oa, ob   []int
	sa, sb   float64
	data     *Data
	computed bool
}

// Image returns the last picture drawn.
func (c *Canvas) Image() *image.RGBA { return c.img }

// Draw draws the whole window for view v at size w×h, with the mouse at
// mouse (for the hover readout), and returns the picture (owned by c and
// reused by the next Draw).
func (c *Canvas) Draw(v *View, w, h int, mouse image.Point) (*image.RGBA, error) {
	if c.img == nil || c.img.Rect.Dx() != w || c.img.Rect.Dy() != h {
		c.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	dst := c.img
	render.FillRect(dst, dst.Rect, background)
	l := v.LayoutAt(w, h)
	if err := c.drawMaze(dst, v, l); err != nil {
		return nil, err
	}
	v.drawStatus(dst)
	side := dst.SubImage(l.Side).(*image.RGBA)
	y := v.drawInfo(side, l, mouse)
	if v.panels {
		c.drawPanels(side, v, y)
	}
	v.drawTimeline(dst, l)
	if v.help {
		v.drawHelp(dst)
	}
	return dst, nil
}

// drawMaze draws the maze once per cell size, then per frame copies it
// into a scratch picture, draws the overlay there, and copies the part
// inside the maze area to the window.
func (c *Canvas) drawMaze(dst *image.RGBA, v *View, l Layout) error {
	g := v.data.Grid
	if c.maze == nil || c.mazeCS != l.CellSize || c.mazeGrid != &v.data.Grid {
		c.maze = image.NewRGBA(image.Rect(0, 0, g.Cols*l.CellSize, g.Rows*l.CellSize))
		if err := render.DrawMaze(c.maze, g, l.CellSize); err != nil {
			return err
		}
		c.scratch = image.NewRGBA(c.maze.Rect)
		c.mazeCS, c.mazeGrid = l.CellSize, &v.data.Grid
	}
	copy(c.scratch.Pix, c.maze.Pix)
	if err := render.DrawOverlay(c.scratch, g, v.FrameOptions(l.CellSize)); err != nil {
		return err
	}
	if at, ok := v.At(); ok {
		v.DrawMarks(c.scratch, at, l.CellSize)
	}
	vis := l.Maze.Intersect(l.Area).Intersect(dst.Rect)
	for y := vis.Min.Y; y < vis.Max.Y; y++ {
		so := c.scratch.PixOffset(vis.Min.X-l.Maze.Min.X, y-l.Maze.Min.Y)
		do := dst.PixOffset(vis.Min.X, y)
		copy(dst.Pix[do:do+4*vis.Dx()], c.scratch.Pix[so:so+4*vis.Dx()])
	}
	return nil
}

// drawStatus writes the top line: run, status and place.
func (v *View) drawStatus(dst *image.RGBA) {
	d := v.data
	state := "playing"
	if v.paused {
		state = "paused"
	}
	s := fmt.Sprintf("%s (%s)  %d episodes, %d sleeps  %s at %g steps/s  H: help", d.Name, d.Status, len(d.Episodes), len(d.Sleeps), state, speeds[v.speed])
	if v.message != "" {
		s += "  | " + v.message
	}
	render.Text(dst, pad, 4, s, ink)
}

// drawInfo writes what is happening at the view's place and under the
// mouse; it returns the y below the text.
func (v *View) drawInfo(dst *image.RGBA, l Layout, mouse image.Point) int {
	x, y := dst.Rect.Min.X, dst.Rect.Min.Y
	line := func(c color.RGBA, format string, args ...any) {
		render.Text(dst, x, y, fmt.Sprintf(format, args...), c)
		y += render.LineHeight
	}
	d := v.data
	at, ok := v.At()
	switch {
	case !ok:
		line(ink, "no episodes yet")
		line(faintInk, "(waiting for the run's first checkpoint)")
	case at.Sweep:
		r := d.Replays[at.ReplayN]
		line(predictedCol, "AWAKE sweep: episode %d, at step %d", at.EpisodeAt, at.StepAt)
		line(ink, "the consolidator imagines its way ahead")
		line(ink, "step %d of %d", at.Step, r.end-r.start-1)
		line(faintInk, "pink dashes: the imagined path")
	case at.Awake:
		r := d.Replays[at.ReplayN]
		line(render.ReplayColour(r.Reverse), "AWAKE replay: episode %d, at step %d: %s", at.EpisodeAt, at.StepAt, direction(r.Reverse))
		line(ink, "replaying episode %d (%s)", r.Episode, outcome(d.Episodes[r.Episode]))
		line(ink, "step %d of %d", at.Step, r.end-r.start-1)
		line(ink, "fidelity %.3f   loss %.4g", r.Fidelity, r.Loss)
		if v.overlay {
			line(faintInk, "grey: the episode as lived")
		}
	case at.Replay:
		r := d.Replays[at.ReplayN]
		line(render.ReplayColour(r.Reverse), "SLEEP %d, replay event %d: %s", r.Sleep, r.Event, direction(r.Reverse))
		if r.Splice {
			line(ink, "spliced route: pieces of replays joined")
			line(ink, "at shared states; last piece: episode %d", r.Episode)
			line(ink, "step %d of %d", at.Step, r.end-r.start-1)
			line(ink, "loss %.4g (no one lived episode to compare)", r.Loss)
			break
		}
		line(ink, "replaying episode %d (%s)", r.Episode, outcome(d.Episodes[r.Episode]))
		line(ink, "step %d of %d", at.Step, r.end-r.start-1)
		line(ink, "fidelity %.3f   loss %.4g", r.Fidelity, r.Loss)
		if v.overlay {
			line(faintInk, "grey: the episode as lived")
		}
	default:
		e := d.Episodes[at.Episode]
		line(render.TrailColour(), "AWAKE: episode %d", e.Index)
		if e.Cue != "" {
			line(ink, "cue: %s", e.Cue)
		}
		line(ink, "step %d of %d", at.Step, e.Steps)
		oc := ink
		if at.Step == e.Steps {
			oc = failureCol
			if e.Success {
				oc = successCol
			}
		}
		line(oc, "outcome: %s (reward %g)", outcome(e), e.Reward)
		if d.Shortest > 0 {
			line(faintInk, "shortest path: %d moves", d.Shortest)
		}
		if v.overlay && v.lastReplayBefore() >= 0 {
			line(faintInk, "grey: the last sleep's last replay (R hides)")
		}
	}
	if v.hasAwake {
		line(faintInk, "timeline: episodes (green rewarded, red not;")
		line(faintInk, "ticks: awake replays on top, sweeps below);")
	} else {
		line(faintInk, "timeline: episodes (green rewarded, red not);")
	}
	line(faintInk, "below, replay events per sleep. Click to jump.")
	if c, ok := cellAt(l, d.Grid, mouse); ok {
		k := d.Grid.Kinds[c.Row*d.Grid.Cols+c.Col]
		line(faintInk, "cell row %d, col %d: %s, %d visits", c.Row, c.Col, kindName(k), v.visits[c.Row*d.Grid.Cols+c.Col])
	}
	return y + pad
}

func outcome(e Episode) string {
	if e.Success {
		return "rewarded"
	}
	return "not rewarded"
}

func kindName(k render.CellKind) string {
	return [...]string{"wall", "floor", "start", "reward site", "cue", "door"}[k]
}

// cellAt returns the maze cell under p.
func cellAt(l Layout, g render.Grid, p image.Point) (render.Cell, bool) {
	if !p.In(l.Maze.Intersect(l.Area)) {
		return render.Cell{}, false
	}
	return render.Cell{Row: (p.Y - l.Maze.Min.Y) / l.CellSize, Col: (p.X - l.Maze.Min.X) / l.CellSize}, true
}

// drawPanels draws the activity panel (awake) or the decoded-position
// panel (asleep) in the side column from y down.
func (c *Canvas) drawPanels(dst *image.RGBA, v *View, y int) {
	x := dst.Rect.Min.X
	w := dst.Rect.Dx()
	at, ok := v.At()
	if !ok {
		return
	}
	switch {
	case at.Sweep:
		drawSweep(dst, v, at, x, y, w)
		return
	case at.Replay:
		drawDecoded(dst, v, at, x, y, w)
		return
	}
	act := c.activity(v.data, at.Episode)
	if !act.ok {
		for _, s := range render.Wrap(v.data.HiddenHint, w/render.CharWidth) {
			render.Text(dst, x, y, s, faintInk)
			y += render.LineHeight
		}
		y += pad
	} else {
		for _, p := range []struct {
			name  string
			rows  [][]float64
			order []int
			scale float64
		}{{"A", act.a, act.oa, act.sa}, {"B", act.b, act.ob, act.sb}} {
			render.Text(dst, x, y, fmt.Sprintf("consolidator %s: %d units by peak time, step ->", p.name, len(p.order)), ink)
			y += render.LineHeight
			r := image.Rect(x, y, x+w, y+min(160, max(64, 2*len(p.order))))
			if area, err := render.DrawActivity(dst.SubImage(r).(*image.RGBA), p.rows, p.order, p.scale, at.Step); err == nil {
				y = area.Max.Y + pad
			}
		}
	}
	drawPrediction(dst, v, at, x, y, w)
}

// activity returns episode ep's activity split into A and B, each with its
// peak-time order and colour scale, cached per episode.
func (c *Canvas) activity(d *Data, ep int) *actCache {
	a := &c.act
	if a.computed && a.episode == ep && a.data == d {
		return a
	}
	*a = actCache{episode: ep, data: d, computed: true}
	rows, ok := d.Hidden(ep)
	if !ok || len(rows) == 0 {
		return a
	}
	n := len(rows[0]) / 2
	a.ok = true
	for _, r := range rows {
		a.a = append(a.a, r[:n])
		a.b = append(a.b, r[n:])
	}
	a.oa, a.ob = render.PeakOrder(a.a), render.PeakOrder(a.b)
	a.sa, a.sb = maxAbs(a.a), maxAbs(a.b)
	return a
}

func maxAbs(rows [][]float64) float64 {
	m := 0.0
	for _, r := range rows {
		for _, v := range r {
			if !math.IsNaN(v) {
				m = max(m, math.Abs(v))
			}
		}
	}
	return m
}

// drawDecoded shows the cache's decoded position at each replayed step
// against the lived one: a strip of squares, green where they agree, red
// where the replay strayed, the current step outlined.
func drawDecoded(dst *image.RGBA, v *View, at At, x, y, w int) {
	d := v.data
	r := d.Replays[at.ReplayN]
	path := d.ReplayPath(at.ReplayN)
	lived := d.Path(r.Episode)
	cur := path[at.Step]
	render.Text(dst, x, y, fmt.Sprintf("cache decodes row %d, col %d", cur.Row, cur.Col), ink)
	y += render.LineHeight
	if r.Splice {
		return // a spliced route is no one lived episode
	}
	render.Text(dst, x, y, "decoded vs lived, step by step:", ink)
	y += render.LineHeight + 2
	drawMatchStrip(dst, x, y, w, len(path), at.Step, func(t int) bool {
		s := t // the episode step replayed at replay step t
		if r.Reverse {
			s = len(lived) - 1 - t
		}
		return s >= 0 && s < len(lived) && lived[s] == path[t]
	})
}

// drawTimeline draws the two strips (episodes: green rewarded, red not;
// sleeps: bar height ∝ replay events) and the cursor.
func (v *View) drawTimeline(dst *image.RGBA, l Layout) {
	d := v.data
	n := len(d.Episodes)
	render.FillRect(dst, l.Episodes, color.RGBA{0xe8, 0xe8, 0xe4, 0xff})
	render.FillRect(dst, l.Sleeps, color.RGBA{0xf0, 0xee, 0xe8, 0xff})
	if n == 0 {
		return
	}
	w := l.Episodes.Dx()
	xOf := func(ep int) int { return l.Episodes.Min.X + ep*w/n }
	for i, e := range d.Episodes {
		c := failureCol
		if e.Success {
			c = successCol
		}
		render.FillRect(dst, image.Rect(xOf(i), l.Episodes.Min.Y, max(xOf(i+1), xOf(i)+1), l.Episodes.Max.Y), c)
	}
	for _, r := range d.Replays {
		if !r.Awake {
			continue
		}
		// Awake replays tick the top of the episode strip, sweeps its bottom.
		band, col := image.Rect(0, l.Episodes.Min.Y, 0, l.Episodes.Min.Y+5), render.ReplayColour(r.Reverse)
		if r.Sweep {
			band, col = image.Rect(0, l.Episodes.Max.Y-5, 0, l.Episodes.Max.Y), predictedCol
		}
		x := min(xOf(r.EpisodeAt), l.Episodes.Max.X-2)
		band.Min.X, band.Max.X = x, max(xOf(r.EpisodeAt+1), x+2)
		render.FillRect(dst, band, col)
	}
	most := 1
	for _, s := range d.Sleeps {
		most = max(most, s.Events)
	}
	for _, s := range d.Sleeps {
		h := s.Events * (sleepH - 2) / most
		x := min(xOf(s.AfterEpisode), l.Sleeps.Max.X-2)
		render.FillRect(dst, image.Rect(x, l.Sleeps.Max.Y-h, x+2, l.Sleeps.Max.Y), render.ReplayColour(false))
	}
	at, _ := v.At()
	cx := xOf(at.Episode)
	switch {
	case at.Awake:
		cx = xOf(at.EpisodeAt)
	case at.Replay:
		cx = xOf(d.Sleeps[sleepRow(d, at.Sleep)].AfterEpisode)
	}
	cx = min(cx, l.Episodes.Max.X-2)
	render.FillRect(dst, image.Rect(cx-1, l.Episodes.Min.Y-3, cx+2, l.Sleeps.Max.Y+2), cursorCol)
}

func sleepRow(d *Data, sleep int) int {
	for i, s := range d.Sleeps {
		if s.Index == sleep {
			return i
		}
	}
	return 0
}

var helpLines = []string{
	"Controls",
	"",
	"space      pause / play",
	"<- / ->    one step back / forward",
	"up/down +- faster / slower",
	"Home/End   start / end of the run",
	"N / P      next / previous episode",
	"R          replay overlay (lived path",
	"           under a replay; last replay",
	"           while awake)",
	"Tab        activity panels",
	"S          screenshot (PNG)",
	"G          current episode/replay as GIF",
	"H          this help",
	"",
	"mouse: click or drag on the timeline",
	"to jump (top strip: episodes, green =",
	"rewarded; bottom: replay per sleep);",
	"hover a cell for its class and visits",
}

func (v *View) drawHelp(dst *image.RGBA) {
	lines := helpLines
	if v.fps > 0 {
		lines = append(lines[:len(lines):len(lines)], "", fmt.Sprintf("window: %.1f frames per second", v.fps))
	}
	bw, bh := 40*render.CharWidth+2*pad, len(lines)*render.LineHeight+2*pad
	x0, y0 := max(0, (dst.Rect.Dx()-bw)/2), max(0, (dst.Rect.Dy()-bh)/2)
	r := image.Rect(x0, y0, x0+bw, y0+bh)
	render.FillRect(dst, r, helpBox)
	render.Outline(dst, r, ink)
	for i, s := range lines {
		render.Text(dst, x0+pad, y0+pad+i*render.LineHeight, s, ink)
	}
}

// TimelineHit says which strip point p is in and where along it (0..1).
func TimelineHit(l Layout, p image.Point) (f float64, sleeps, ok bool) {
	band := image.Rect(l.Episodes.Min.X, l.Episodes.Min.Y-3, l.Episodes.Max.X, l.Sleeps.Max.Y+2)
	if !p.In(band) {
		return 0, false, false
	}
	return float64(p.X-l.Episodes.Min.X) / float64(l.Episodes.Dx()), p.Y >= l.Sleeps.Min.Y, true
}
