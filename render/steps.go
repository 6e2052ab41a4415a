package render

import (
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// StepsPerEpisode plots the moves of each episode (grey dots) and their
// trailing mean over window episodes against the episode number, with the
// shortest possible episode (shortest, in moves) as a dashed green line;
// a NaN or non-positive shortest leaves the line out.
func StepsPerEpisode(w io.Writer, episodes, steps []float64, shortest float64, window int) error {
	if len(steps) != len(episodes) {
		return fmt.Errorf("render: steps per episode: %d episodes and %d step counts; want equal lengths", len(episodes), len(steps))
	}
	if window < 1 {
		return fmt.Errorf("render: steps per episode: window %d, want ≥ 1 episode", window)
	}
	p := plot.New()
	p.Y.Label.Text = "moves per episode (count)"
	p.X.Label.Text = "episode"
	p.Y.Min = 0
	p.Add(plotter.NewGrid())
	if err := addPoints(p, episodes, steps, plotGrey, "moves of each episode"); err != nil {
		return err
	}
	if err := addLine(p, episodes, MovingAverage(steps, window), plotBlue, fmt.Sprintf("mean over the last %d episodes", window)); err != nil {
		return err
	}
	if shortest > 0 && !math.IsNaN(shortest) && len(episodes) > 0 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, e := range episodes {
			lo, hi = min(lo, e), max(hi, e)
		}
		l, err := plotter.NewLine(plotter.XYs{{X: lo, Y: shortest}, {X: hi, Y: shortest}})
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		l.Color = plotGreen
		l.Width = plotLineWidth
		l.Dashes = plotDashes
		p.Add(l)
		p.Legend.Add(fmt.Sprintf("shortest path: %g moves", shortest), l)
	}
	// Head room above the data for the legend.
	top := shortest
	for _, v := range steps {
		if !math.IsNaN(v) {
			top = max(top, v)
		}
	}
	if top > 0 {
		p.Y.Max = 1.3 * top
	}
	p.Legend.Top = true
	shareX([]*plot.Plot{p}, episodes)
	return writeColumn(w, []*plot.Plot{p})
}
