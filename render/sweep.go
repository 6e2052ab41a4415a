package render

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Interval is a mean with a confidence interval [Lo, Hi].
type Interval struct {
	Mean, Lo, Hi float64
}

// MetricByValue plots a sweep's metric against the values of one varied
// parameter: the values are categories along the horizontal axis (labels,
// in order), each run is a grey dot at its value, and the mean over runs is
// a blue dot with its interval as an error bar. runs[i] holds the metric of
// every run at value i; means[i] the mean and interval there. NaN runs
// (e.g. a threshold never reached) are left out. The vertical axis spans
// yMin to yMax (NaN for automatic), e.g. 0 to 1 for a fraction.
func MetricByValue(w io.Writer, parameter, metric string, yMin, yMax float64, labels []string, runs [][]float64, means []Interval) error {
	if len(runs) != len(labels) || len(means) != len(labels) || len(labels) == 0 {
		return fmt.Errorf("render: metric by value: %d labels, %d run lists, %d means; want equal, non-zero lengths", len(labels), len(runs), len(means))
	}
	p := plot.New()
	p.X.Label.Text = parameter
	p.Y.Label.Text = metric
	setYRange(p, yMin, yMax)
	p.Add(plotter.NewGrid())
	var xs, ys []float64
	for i, vals := range runs {
		for k, v := range vals {
			// Spread a value's runs a little sideways so that equal ones stay visible.
			xs = append(xs, float64(i)+0.06*(float64(k)-float64(len(vals)-1)/2)/math.Max(1, float64(len(vals)-1)))
			ys = append(ys, v)
		}
	}
	if err := addPoints(p, xs, ys, plotGrey, "one run"); err != nil {
		return err
	}
	bars := intervalXYs{}
	for i, m := range means {
		if !math.IsNaN(m.Mean) {
			lo, hi := m.Lo, m.Hi
			if math.IsNaN(lo) || math.IsNaN(hi) {
				lo, hi = m.Mean, m.Mean
			}
			bars = append(bars, intervalXY{x: float64(i), y: m.Mean, lo: lo, hi: hi})
		}
	}
	if len(bars) > 0 {
		eb, err := plotter.NewYErrorBars(bars)
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		eb.Color = plotBlue
		eb.Width = vg.Points(1.5)
		eb.CapWidth = vg.Points(8)
		p.Add(eb)
		mx := make([]float64, len(bars))
		my := make([]float64, len(bars))
		for i, b := range bars {
			mx[i], my[i] = b.x, b.y
		}
		s, err := plotter.NewScatter(finiteXYs(mx, my))
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		s.Color = plotBlue
		s.Shape = draw.CircleGlyph{}
		s.Radius = vg.Points(4)
		p.Add(s)
		p.Legend.Add("mean and 95 % interval", s)
	}
	p.NominalX(labels...)
	p.X.Min, p.X.Max = -0.5, float64(len(labels))-0.5
	p.Legend.Top = true
	return writeColumn(w, []*plot.Plot{p})
}

// Curve is one line of MeanCurves: a mean over runs with its interval as a
// band, at each X.
type Curve struct {
	Label   string
	X, Mean []float64
	Lo, Hi  []float64 // the interval; NaN where it is unknown (one run)
	Runs    int       // runs averaged, shown in the legend
}

// MeanCurves draws several mean curves with their interval bands in one
// figure, e.g. the learning curves of every point of a sweep. The
// vertical axis spans yMin to yMax (NaN for automatic); bands are cut there.
func MeanCurves(w io.Writer, xLabel, yLabel string, yMin, yMax float64, curves []Curve) error {
	if len(curves) == 0 {
		return fmt.Errorf("render: mean curves: no curves")
	}
	p := plot.New()
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	setYRange(p, yMin, yMax)
	p.Add(plotter.NewGrid())
	var allX []float64
	for k, c := range curves {
		if len(c.Mean) != len(c.X) || len(c.Lo) != len(c.X) || len(c.Hi) != len(c.X) {
			return fmt.Errorf("render: mean curves: curve %q has %d x, %d means, %d lows, %d highs; want equal lengths", c.Label, len(c.X), len(c.Mean), len(c.Lo), len(c.Hi))
		}
		col := plotutil.Color(k)
		if band := bandPolygon(c.X, clip(c.Lo, yMin, yMax), clip(c.Hi, yMin, yMax)); band != nil {
			r, g, b, _ := col.RGBA()
			band.Color = color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0x40}
			band.LineStyle.Width = 0
			p.Add(band)
		}
		if err := addLine(p, c.X, c.Mean, col, fmt.Sprintf("%s (%d runs)", c.Label, c.Runs)); err != nil {
			return err
		}
		allX = append(allX, c.X...)
	}
	shareX([]*plot.Plot{p}, allX)
	p.Legend.Top = false
	p.Legend.Left = false
	p.Legend.YOffs = vg.Points(12)
	return writeColumn(w, []*plot.Plot{p})
}

// bandPolygon returns the filled region between lo and hi, or nil when
// the interval is unknown everywhere.
func bandPolygon(x, lo, hi []float64) *plotter.Polygon {
	var upper, lower plotter.XYs
	for i := range x {
		if math.IsNaN(lo[i]) || math.IsNaN(hi[i]) || math.IsNaN(x[i]) {
			continue
		}
		upper = append(upper, plotter.XY{X: x[i], Y: hi[i]})
		lower = append(lower, plotter.XY{X: x[i], Y: lo[i]})
	}
	if len(upper) < 2 {
		return nil
	}
	ring := append(plotter.XYs{}, upper...)
	for i := len(lower) - 1; i >= 0; i-- {
		ring = append(ring, lower[i])
	}
	poly, err := plotter.NewPolygon(ring)
	if err != nil {
		return nil
	}
	return poly
}

// intervalXY is a point with an interval, for error bars.
type intervalXY struct{ x, y, lo, hi float64 }

type intervalXYs []intervalXY

func (s intervalXYs) Len() int                    { return len(s) }
func (s intervalXYs) XY(i int) (float64, float64) { return s[i].x, s[i].y }
func (s intervalXYs) YError(i int) (float64, float64) {
	return s[i].y - s[i].lo, s[i].hi - s[i].y
}

// setYRange fixes the vertical axis to [yMin, yMax] with a small margin,
// where they are not NaN.
func setYRange(p *plot.Plot, yMin, yMax float64) {
	margin := 0.0
	if !math.IsNaN(yMin) && !math.IsNaN(yMax) {
		margin = 0.05 * (yMax - yMin)
	}
	if !math.IsNaN(yMin) {
		p.Y.Min = yMin - margin
	}
	if !math.IsNaN(yMax) {
		p.Y.Max = yMax + margin
	}
}

// clip returns x limited to [lo, hi] (either NaN for no limit); NaN stays NaN.
func clip(x []float64, lo, hi float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		if !math.IsNaN(lo) && v < lo {
			v = lo
		}
		if !math.IsNaN(hi) && v > hi {
			v = hi
		}
		out[i] = v
	}
	return out
}
