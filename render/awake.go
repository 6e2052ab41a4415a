package render

import (
	"fmt"
	"image"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Awake replay pictures: forward sweeps (imagined rollouts at a choice
// point) are drawn dashed and faint over the maze, so they never read as
// something the cache replayed or the agent lived; awake reverse replays
// are drawn like any replay (Options.Replay).

// sweepColour is the colour of forward sweeps: the forward-replay
// red-orange, drawn at about 60 % opacity and dashed.
var sweepColour = withAlpha(forwardColour, 160)

// SweepColour returns the colour forward sweeps are drawn in (translucent).
func SweepColour() color.NRGBA { return sweepColour }

// DrawSweep draws a forward sweep's decoded path into dst (whose top left
// corner is the maze's) at cell size cs: a thin dashed line, every other
// step drawn, with a small disc where it ends. Steps that stay in a cell
// draw nothing.
func DrawSweep(dst *image.RGBA, g Grid, path []Cell, cs int) error {
	if cs < 4 {
		return fmt.Errorf("render: cell size %d pixels, want at least 4", cs)
	}
	for i, c := range path {
		if !g.contains(c) {
			return fmt.Errorf("render: sweep step %d at row %d, column %d is outside the %d×%d grid", i, c.Row, c.Col, g.Rows, g.Cols)
		}
	}
	o := dst.Bounds().Min
	drawn := 0
	for i := 1; i < len(path); i++ {
		if path[i] == path[i-1] {
			continue
		}
		if drawn%2 == 0 {
			segment(dst, o, cs, path[i-1], path[i], max(2, cs/6), sweepColour)
		}
		drawn++
	}
	if len(path) > 0 {
		disc(dst, centre(o, cs, path[len(path)-1]), max(2, cs/6), sweepColour)
	}
	return nil
}

// AwakePanel is one maze panel of an awake figure: what Options draws
// (the lived path faint, an awake replay), then forward sweeps on top.
type AwakePanel struct {
	Options
	Sweeps [][]Cell
}

// AwakePanels draws the panels side by side with their titles, like
// Panels, adding each panel's sweeps dashed and faint, and writes PNG.
func AwakePanels(w io.Writer, g Grid, panels []AwakePanel, titles []string) error {
	if len(panels) == 0 || len(titles) != len(panels) {
		return fmt.Errorf("render: awake panels: %d panels and %d titles; want as many titles as panels, at least one", len(panels), len(titles))
	}
	if err := g.Validate(); err != nil {
		return err
	}
	cs := panels[0].cellSize()
	pw, ph := g.Cols*cs, g.Rows*cs
	lay := layoutPanels(pw, titles)
	dst := image.NewRGBA(image.Rect(0, 0, lay.width, lay.titleH+ph+panelMargin))
	fill(dst, dst.Rect, color.White)
	for i, p := range panels {
		x0 := lay.x[i]
		sub := dst.SubImage(image.Rect(x0, lay.titleH, x0+pw, lay.titleH+ph)).(*image.RGBA)
		p.CellSize = cs
		if err := Draw(sub, g, p.Options); err != nil {
			return fmt.Errorf("render: panel %d (%s): %w", i, titles[i], err)
		}
		for _, s := range p.Sweeps {
			if err := DrawSweep(sub, g, s, cs); err != nil {
				return fmt.Errorf("render: panel %d (%s): %w", i, titles[i], err)
			}
		}
		lay.drawTitle(dst, i, labelColour)
	}
	return WritePNG(w, dst)
}

// AwakeVsSuccess plots, against the episode number, the awake replay events
// after each episode and the success, both as trailing moving averages over
// window episodes, in two panels sharing the horizontal axis: the
// biological prediction is that awake replay at reward follows success
// early and falls off as nothing new is learned (here it follows success:
// it happens only after rewarded episodes).
func AwakeVsSuccess(w io.Writer, episodes, awake, success []float64, window int) error {
	if len(awake) != len(episodes) || len(success) != len(episodes) {
		return fmt.Errorf("render: awake vs success: %d episodes, %d awake counts, %d successes; want equal lengths", len(episodes), len(awake), len(success))
	}
	if window < 1 {
		return fmt.Errorf("render: awake vs success: window %d, want ≥ 1 episode", window)
	}
	top := plot.New()
	top.Y.Label.Text = fmt.Sprintf("awake replay events per episode (mean of %d)", window)
	top.X.Label.Text = "episode"
	top.Y.Min = 0
	top.Add(plotter.NewGrid())
	if err := addLine(top, episodes, MovingAverage(awake, window), plotOrange, ""); err != nil {
		return err
	}
	bottom := plot.New()
	bottom.Y.Label.Text = fmt.Sprintf("success rate (mean of %d)", window)
	bottom.X.Label.Text = "episode"
	bottom.Y.Min, bottom.Y.Max = 0, 1
	bottom.Add(plotter.NewGrid())
	if err := addLine(bottom, episodes, MovingAverage(success, window), plotBlue, ""); err != nil {
		return err
	}
	panels := []*plot.Plot{top, bottom}
	shareX(panels, episodes)
	return writeColumn(w, panels)
}
