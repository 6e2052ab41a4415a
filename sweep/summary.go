package sweep

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// CollectedRun is one finished index with its metrics.
type CollectedRun struct {
	Run
	Metrics
}

// Stat summarises a metric over a point's seeds: the runs where it is
// defined (N), their mean, sample standard deviation and the 95 % interval
// of the mean (Student's t with N−1 degrees of freedom); SD and the
// interval are NaN for one run.
type Stat struct {
	N                int
	Mean, SD, Lo, Hi float64
}

// PointSummary is one point of a sweep over its finished seeds.
type PointSummary struct {
	Point  int
	Params []Value
	Runs   []CollectedRun
	Stats  map[string]Stat // by metric name
}

// Collection is every finished run of a sweep, by index and by point.
type Collection struct {
	Keys        []string // varied keys
	Route       bool     // some run wrote route.csv: the route metrics are shown
	Runs        []CollectedRun
	Points      []PointSummary // points with at least one finished run
	NotFinished []int          // indices left out
}

// Collect reads the headline metrics of every finished index.
func (p *Plan) Collect() (*Collection, error) {
	wall, _, err := p.WallTimes()
	if err != nil {
		return nil, err
	}
	c := &Collection{Keys: p.ParamKeys()}
	byPoint := map[int]int{}
	for i := range p.Len() {
		out := p.RunDir(i)
		if !finished(out) {
			c.NotFinished = append(c.NotFinished, i)
			continue
		}
		w, ok := wall[i]
		if !ok {
			w = manifestWall(out)
		}
		m, err := ReadMetrics(out, w)
		if err != nil {
			return nil, fmt.Errorf("sweep: index %d: %w", i, err)
		}
		r, _ := p.Run(i)
		cr := CollectedRun{Run: r, Metrics: m}
		if !math.IsNaN(m.Values[MetricShortest]) {
			c.Route = true
		}
		c.Runs = append(c.Runs, cr)
		k, seen := byPoint[r.Point]
		if !seen {
			k = len(c.Points)
			byPoint[r.Point] = k
			c.Points = append(c.Points, PointSummary{Point: r.Point, Params: r.Params})
		}
		c.Points[k].Runs = append(c.Points[k].Runs, cr)
	}
	for k := range c.Points {
		pt := &c.Points[k]
		pt.Stats = map[string]Stat{}
		for _, name := range c.metricNames() {
			vals := make([]float64, len(pt.Runs))
			for j, r := range pt.Runs {
				vals[j] = r.Values[name]
			}
			pt.Stats[name] = stat(vals)
		}
	}
	return c, nil
}

// metricNames returns the metrics the collection shows: the headline
// ones, then the route metrics when some run has them.
func (c *Collection) metricNames() []string {
	if c.Route {
		return append(slices.Clone(MetricNames), RouteMetricNames...)
	}
	return MetricNames
}

// manifestWall is the time between a run's creation and its last manifest
// write, for runs made outside a sweep task (no tasks.log line).
func manifestWall(out string) float64 {
	m, err := record.ReadManifest(out)
	if err != nil || m.Created.IsZero() {
		return math.NaN()
	}
	return m.Updated.Sub(m.Created).Seconds()
}

// stat computes a Stat over the values that are not NaN.
func stat(vals []float64) Stat {
	var x []float64
	for _, v := range vals {
		if !math.IsNaN(v) {
			x = append(x, v)
		}
	}
	s := Stat{N: len(x), Mean: meanOf(x), SD: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if len(x) < 2 {
		return s
	}
	ss := 0.0
	for _, v := range x {
		ss += (v - s.Mean) * (v - s.Mean)
	}
	s.SD = math.Sqrt(ss / float64(len(x)-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(0.975)
	half := t * s.SD / math.Sqrt(float64(len(x)))
	s.Lo, s.Hi = s.Mean-half, s.Mean+half
	return s
}

// WriteSummary writes DIR/summary.csv (one row per finished index: index,
// point, replicate, seed, the varied values, the metrics; an undefined
// metric is an empty cell) and DIR/summary.md (Table).
func (p *Plan) WriteSummary(c *Collection) error {
	header := append(append([]string{"index", "point", "replicate", "seed"}, c.Keys...), c.metricNames()...)
	rows := make([][]string, len(c.Runs))
	for k, r := range c.Runs {
		row := []string{strconv.Itoa(r.Index), strconv.Itoa(r.Point), strconv.Itoa(r.Replicate), strconv.FormatUint(r.Seed, 10)}
		for _, v := range r.Params {
			row = append(row, v.Text)
		}
		for _, name := range c.metricNames() {
			v := r.Values[name]
			if math.IsNaN(v) {
				row = append(row, "")
			} else {
				row = append(row, record.FormatFloat(v))
			}
		}
		rows[k] = row
	}
	if err := record.WriteCSV(filepath.Join(p.Dir, SummaryFile), header, rows); err != nil {
		return err
	}
	return record.WriteFileAtomic(filepath.Join(p.Dir, SummaryTable), func(w io.Writer) error {
		_, err := io.WriteString(w, c.Table())
		return err
	})
}

// metricTitle and metricDigits say how the table shows each metric.
var (
	metricTitle = map[string]string{
		MetricSuccessLast: "success, last 40", MetricSuccessFirst: "success, first 40",
		MetricEpisodesTo90: "trailing-40 success ≥ 0.9 at episode", MetricReplayEvents: "replay events",
		MetricAwakeLoss: "awake loss, last 40", MetricWall: "wall time (s)",
		MetricShortest: "shortest path (moves)", MetricSettledMoves: "settled route (moves)",
		MetricSettledRatio: "settled / shortest", MetricNearShortestAt: "episodes to a near-shortest route",
	}
	metricDigits = map[string]int{
		MetricSuccessLast: 2, MetricSuccessFirst: 2, MetricEpisodesTo90: 0, MetricReplayEvents: 0,
		MetricAwakeLoss: 3, MetricWall: 1,
		MetricShortest: 0, MetricSettledMoves: 1, MetricSettledRatio: 2, MetricNearShortestAt: 0,
	}
)

// Table returns the per-point table as Markdown: for each point its
// values, the number of finished runs and, per metric, "mean ± sd [95 %
// interval]" over its seeds. The episode threshold also says in how many
// runs it was reached.
func (c *Collection) Table() string {
	var b strings.Builder
	cols := append(append([]string{"point"}, c.Keys...), "runs")
	for _, name := range c.metricNames() {
		cols = append(cols, metricTitle[name])
	}
	b.WriteString("| " + strings.Join(cols, " | ") + " |\n")
	b.WriteString("|" + strings.Repeat("---|", len(cols)) + "\n")
	for _, pt := range c.Points {
		cells := []string{strconv.Itoa(pt.Point)}
		for _, v := range pt.Params {
			cells = append(cells, v.Text)
		}
		cells = append(cells, strconv.Itoa(len(pt.Runs)))
		for _, name := range c.metricNames() {
			cell := formatStat(pt.Stats[name], metricDigits[name])
			switch name {
			case MetricEpisodesTo90:
				cell = fmt.Sprintf("%s (reached in %d/%d)", cell, pt.Stats[name].N, len(pt.Runs))
			case MetricSettledRatio:
				near := 0
				for _, r := range pt.Runs {
					if r.Values[name] <= NearShortestRatio {
						near++
					}
				}
				cell = fmt.Sprintf("%s (≤ %g in %d/%d)", cell, NearShortestRatio, near, len(pt.Runs))
			case MetricNearShortestAt:
				cell = fmt.Sprintf("%s (median %s, reached in %d/%d)", cell, medianText(pt.Runs, name), pt.Stats[name].N, len(pt.Runs))
			}
			cells = append(cells, cell)
		}
		b.WriteString("| " + strings.Join(cells, " | ") + " |\n")
	}
	b.WriteString("\nmean ± standard deviation [95 % interval of the mean] over seeds.\n")
	return b.String()
}

// medianText is the median of a metric over the runs where it is defined
// ("–" for none), with its NaN-free values sorted.
func medianText(runs []CollectedRun, name string) string {
	var x []float64
	for _, r := range runs {
		if v := r.Values[name]; !math.IsNaN(v) {
			x = append(x, v)
		}
	}
	if len(x) == 0 {
		return "–"
	}
	slices.Sort(x)
	return strconv.FormatFloat((x[(len(x)-1)/2]+x[len(x)/2])/2, 'f', -1, 64)
}

func formatStat(s Stat, digits int) string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', digits, 64) }
	switch {
	case s.N == 0:
		return "–"
	case s.N == 1:
		return f(s.Mean)
	}
	return fmt.Sprintf("%s ± %s [%s, %s]", f(s.Mean), f(s.SD), f(s.Lo), f(s.Hi))
}

// WriteFigures draws the sweep's figures into DIR/figures and returns
// their paths: the headline metric (success over the last 40 episodes)
// against each varied key, and the learning curves of every point (mean
// trailing-40 success over seeds with its 95 % interval) in one figure.
func (p *Plan) WriteFigures(c *Collection) ([]string, error) {
	if len(c.Runs) == 0 {
		return nil, nil
	}
	dir := filepath.Join(p.Dir, FiguresDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	var paths []string
	save := func(name string, draw func(io.Writer) error) error {
		var buf bytes.Buffer
		if err := draw(&buf); err != nil {
			return fmt.Errorf("sweep: figure %s: %w", name, err)
		}
		path := filepath.Join(dir, name)
		paths = append(paths, path)
		return record.WriteFileAtomic(path, func(w io.Writer) error {
			_, err := w.Write(buf.Bytes())
			return err
		})
	}
	for _, ax := range p.Axes {
		for k, key := range ax.Keys {
			labels, runs, means := byValue(c, ax, k, MetricSuccessLast)
			err := save(MetricSuccessLast+"_vs_"+sanitize(key)+".png", func(w io.Writer) error {
				return render.MetricByValue(w, key, metricTitle[MetricSuccessLast]+" (fraction)", 0, 1, labels, runs, means)
			})
			if err != nil {
				return paths, err
			}
		}
	}
	err := save("learning_curves.png", func(w io.Writer) error {
		return render.MeanCurves(w, "episode", fmt.Sprintf("success over the last %d episodes (fraction)", Window), 0, 1, learningCurves(c))
	})
	return paths, err
}

// byValue groups the runs' metric by the value of key k of axis ax, in
// the axis's order.
func byValue(c *Collection, ax Axis, k int, metric string) ([]string, [][]float64, []render.Interval) {
	labels := make([]string, len(ax.Values))
	runs := make([][]float64, len(ax.Values))
	for i, pos := range ax.Values {
		labels[i] = pos[k].Text
		for _, r := range c.Runs {
			for _, v := range r.Params {
				if v.Key == pos[k].Key && v.Literal == pos[k].Literal {
					runs[i] = append(runs[i], r.Values[metric])
				}
			}
		}
	}
	means := make([]render.Interval, len(runs))
	for i, vals := range runs {
		s := stat(vals)
		means[i] = render.Interval{Mean: s.Mean, Lo: s.Lo, Hi: s.Hi}
	}
	return labels, runs, means
}

// learningCurves averages each point's trailing success over its seeds,
// episode by episode (over the runs that lived that episode).
func learningCurves(c *Collection) []render.Curve {
	var curves []render.Curve
	for _, pt := range c.Points {
		var trailing [][]float64
		longest := 0
		for _, r := range pt.Runs {
			trailing = append(trailing, render.MovingAverage(r.Success, Window))
			longest = max(longest, len(r.Success))
		}
		cv := render.Curve{Label: pointLabel(pt.Params), Runs: len(pt.Runs)}
		for e := range longest {
			var at []float64
			for _, t := range trailing {
				if e < len(t) {
					at = append(at, t[e])
				}
			}
			s := stat(at)
			cv.X = append(cv.X, float64(e))
			cv.Mean = append(cv.Mean, s.Mean)
			cv.Lo = append(cv.Lo, s.Lo)
			cv.Hi = append(cv.Hi, s.Hi)
		}
		curves = append(curves, cv)
	}
	return curves
}

func pointLabel(params []Value) string {
	if len(params) == 0 {
		return "all runs"
	}
	parts := make([]string, len(params))
	for i, v := range params {
		parts[i] = v.Key + "=" + v.Text
	}
	return strings.Join(parts, ", ")
}
