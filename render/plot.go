package render

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Plot sizes: 7×6 inches at 100 dots per inch (700×600 pixels).
const (
	plotWidth  = 7 * vg.Inch
	plotHeight = 6 * vg.Inch
	plotDPI    = 100
)

var (
	plotBlue   = color.RGBA{0x21, 0x71, 0xb5, 0xff}
	plotOrange = color.RGBA{0xd9, 0x48, 0x01, 0xff}
	plotGrey   = color.RGBA{0x99, 0x99, 0x99, 0xff}
	plotGreen  = color.RGBA{0x23, 0x8b, 0x45, 0xff}

	plotLineWidth = vg.Points(1.5)
	plotDashes    = []vg.Length{vg.Points(6), vg.Points(4)}
)

// MovingAverage returns the trailing mean of x over window values: entry
// i is the mean of x[max(0, i−window+1)..i], so the first entries average
// fewer values. NaN entries are skipped; an all-NaN window gives NaN.
func MovingAverage(x []float64, window int) []float64 {
	out := make([]float64, len(x))
	for i := range x {
		var sum float64
		var n int
		for _, v := range x[max(0, i-window+1) : i+1] {
			if !math.IsNaN(v) {
				sum += v
				n++
			}
		}
		out[i] = math.NaN()
		if n > 0 {
			out[i] = sum / float64(n)
		}
	}
	return out
}

// LearningCurve plots, against the episode number, the success rate as a
// trailing moving average over window episodes (with each episode's 0/1
// outcome as grey dots) and, in a second panel, the consolidator's loss
// per episode. loss may be nil, which leaves the second panel out. NaN
// values (e.g. an episode without a loss) are left out of the lines.
func LearningCurve(w io.Writer, episodes, success, loss []float64, window int) error {
	if len(success) != len(episodes) || (loss != nil && len(loss) != len(episodes)) {
		return fmt.Errorf("render: learning curve: %d episodes, %d successes, %d losses; want equal lengths", len(episodes), len(success), len(loss))
	}
	if window < 1 {
		return fmt.Errorf("render: learning curve: window %d, want ≥ 1 episode", window)
	}
	top := plot.New()
	top.Y.Label.Text = "success rate (fraction)"
	top.X.Label.Text = "episode"
	top.Y.Min, top.Y.Max = -0.05, 1.05
	top.Add(plotter.NewGrid())
	if err := addPoints(top, episodes, success, plotGrey, "outcome of each episode (1 = rewarded)"); err != nil {
		return err
	}
	if err := addLine(top, episodes, MovingAverage(success, window), plotBlue, fmt.Sprintf("mean over the last %d episodes", window)); err != nil {
		return err
	}
	// Bottom right: learning fills the top right and the early failures
	// the bottom left.
	top.Legend.YOffs = vg.Points(12)
	panels := []*plot.Plot{top}
	if loss != nil {
		bottom := plot.New()
		bottom.Y.Label.Text = "loss (mean per step)"
		bottom.X.Label.Text = "episode"
		bottom.Add(plotter.NewGrid())
		if err := addLine(bottom, episodes, loss, plotOrange, ""); err != nil {
			return err
		}
		panels = append(panels, bottom)
	}
	shareX(panels, episodes)
	return writeColumn(w, panels)
}

// ReplayVsSuccess plots, against the sleep number, the number of replay
// events of each sleep and the success rate (fraction of rewarded
// episodes in the awake session before it), in two panels sharing the
// horizontal axis.
func ReplayVsSuccess(w io.Writer, sleepIndex, events, successRate []float64) error {
	if len(events) != len(sleepIndex) || len(successRate) != len(sleepIndex) {
		return fmt.Errorf("render: replay vs success: %d sleeps, %d event counts, %d success rates; want equal lengths", len(sleepIndex), len(events), len(successRate))
	}
	top := plot.New()
	top.Y.Label.Text = "replay events per sleep (count)"
	top.X.Label.Text = "sleep"
	top.Y.Min = 0
	top.Add(plotter.NewGrid())
	if err := addLine(top, sleepIndex, events, plotOrange, ""); err != nil {
		return err
	}
	if err := addPoints(top, sleepIndex, events, plotOrange, ""); err != nil {
		return err
	}
	bottom := plot.New()
	bottom.Y.Label.Text = "success rate before sleep (fraction)"
	bottom.X.Label.Text = "sleep"
	bottom.Y.Min, bottom.Y.Max = 0, 1
	bottom.Add(plotter.NewGrid())
	if err := addLine(bottom, sleepIndex, successRate, plotBlue, ""); err != nil {
		return err
	}
	if err := addPoints(bottom, sleepIndex, successRate, plotBlue, ""); err != nil {
		return err
	}
	panels := []*plot.Plot{top, bottom}
	shareX(panels, sleepIndex)
	return writeColumn(w, panels)
}

// shareX gives all panels the horizontal range of x, so that they line up.
func shareX(panels []*plot.Plot, x []float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range x {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	if lo > hi {
		return
	}
	for _, p := range panels {
		p.X.Min, p.X.Max = lo, hi
	}
}

// finiteXYs pairs x and y, leaving out points where either is NaN or ±Inf.
func finiteXYs(x, y []float64) plotter.XYs {
	xy := make(plotter.XYs, 0, len(x))
	for i := range x {
		if !math.IsNaN(x[i]) && !math.IsNaN(y[i]) && !math.IsInf(x[i], 0) && !math.IsInf(y[i], 0) {
			xy = append(xy, plotter.XY{X: x[i], Y: y[i]})
		}
	}
	return xy
}

func addLine(p *plot.Plot, x, y []float64, c color.Color, legend string) error {
	l, err := plotter.NewLine(finiteXYs(x, y))
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	p.Add(l)
	if legend != "" {
		p.Legend.Add(legend, l)
	}
	return nil
}

func addPoints(p *plot.Plot, x, y []float64, c color.Color, legend string) error {
	s, err := plotter.NewScatter(finiteXYs(x, y))
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	s.Color = c
	s.Shape = draw.CircleGlyph{}
	s.Radius = vg.Points(1.5)
	p.Add(s)
	if legend != "" {
		p.Legend.Add(legend, s)
	}
	return nil
}

// writeColumn stacks the plots vertically on one white PNG canvas, their
// data areas aligned. (Panels have no titles: plot.Align mis-places the
// data area of a titled plot; the figure's file name says what it is.)
func writeColumn(w io.Writer, panels []*plot.Plot) error {
	img := vgimg.NewWith(vgimg.UseWH(plotWidth, plotHeight), vgimg.UseDPI(plotDPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	rows := make([][]*plot.Plot, len(panels))
	for i, p := range panels {
		rows[i] = []*plot.Plot{p}
	}
	tiles := draw.Tiles{Rows: len(panels), Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(12), PadY: vg.Points(12)}
	canvases := plot.Align(rows, tiles, dc)
	for i, p := range panels {
		p.Draw(canvases[i][0])
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w); err != nil {
		return fmt.Errorf("render: png: %w", err)
	}
	return nil
}
