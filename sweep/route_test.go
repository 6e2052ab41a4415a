package sweep

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeRun writes a finished run's tables by hand: episodes.csv,
// sleeps.csv and, when route is not "", route.csv.
func writeRun(t *testing.T, route string) string {
	t.Helper()
	dir := t.TempDir()
	eps := "episode,success,awake_loss\n0,false,0.5\n1,true,0.25\n"
	os.WriteFile(filepath.Join(dir, "episodes.csv"), []byte(eps), 0o644)
	os.WriteFile(filepath.Join(dir, "sleeps.csv"), []byte("sleep,events\n0,3\n"), 0o644)
	if route != "" {
		os.WriteFile(filepath.Join(dir, RouteFile), []byte(route), 0o644)
	}
	return dir
}

func TestRouteMetricsAreCollected(t *testing.T) {
	header := "shortest,settled_moves,settled_ratio,settled_share,settled_success,last_episodes,near_shortest_at,window,tolerance\n"
	m, err := ReadMetrics(writeRun(t, header+"14,16,1.1428571428571428,0.5,true,30,120,10,1.1\n"), math.NaN())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{MetricShortest: 14, MetricSettledMoves: 16, MetricSettledRatio: 1.1428571428571428, MetricNearShortestAt: 120, MetricReplayEvents: 3}
	for k, v := range want {
		if m.Values[k] != v {
			t.Errorf("%s = %v, want %v", k, m.Values[k], v)
		}
	}
	m, _ = ReadMetrics(writeRun(t, header+"14,14,1,1,true,30,-1,10,1.1\n"), math.NaN())
	if !math.IsNaN(m.Values[MetricNearShortestAt]) || m.Values[MetricSettledRatio] != 1 {
		t.Errorf("never near-shortest: %v", m.Values)
	}
	m, _ = ReadMetrics(writeRun(t, ""), math.NaN())
	if !math.IsNaN(m.Values[MetricShortest]) {
		t.Errorf("no route.csv: shortest %v, want NaN", m.Values[MetricShortest])
	}
	// The table shows the route columns, with the count of near-shortest seeds.
	c := &Collection{Route: true, Points: []PointSummary{{Point: 0, Stats: map[string]Stat{}}}}
	for _, ratio := range []float64{1, 1.05, 1.5} {
		c.Points[0].Runs = append(c.Points[0].Runs, CollectedRun{Metrics: Metrics{Values: map[string]float64{
			MetricSettledRatio: ratio, MetricNearShortestAt: 100 * ratio}}})
	}
	for _, name := range c.metricNames() {
		var vals []float64
		for _, r := range c.Points[0].Runs {
			v, ok := r.Values[name]
			if !ok {
				v = math.NaN()
			}
			vals = append(vals, v)
		}
		c.Points[0].Stats[name] = stat(vals)
	}
	tab := c.Table()
	for _, s := range []string{"settled / shortest", "(≤ 1.1 in 2/3)", "(median 105, reached in 3/3)"} {
		if !strings.Contains(tab, s) {
			t.Errorf("table lacks %q:\n%s", s, tab)
		}
	}
}
