package sweep

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/record"
)

// Window is the number of episodes the headline success rates average
// (the first and the last Window episodes), and the trailing window whose
// success must reach Threshold.
const (
	Window    = 40
	Threshold = 0.9
)

// Metric names, the columns of summary.csv after the parameters.
const (
	MetricSuccessFirst = "success_first40"
	MetricSuccessLast  = "success_last40"
	MetricEpisodesTo90 = "episodes_to_90"
	MetricReplayEvents = "replay_events"
	MetricAwakeLoss    = "awake_loss_last40"
	MetricWall         = "wall_s"
)

// Route metric names (from a navigation run's route.csv; see
// scenarios.RouteOf): the shortest path's moves, the settled route's
// moves and ratio to the shortest, and the episodes until the greedy
// route is near-shortest and stays so (NaN when never).
const (
	MetricShortest       = "shortest"
	MetricSettledMoves   = "settled_moves"
	MetricSettledRatio   = "settled_ratio"
	MetricNearShortestAt = "near_shortest_at"
)

// RouteMetricNames lists the route metrics in table order. They are
// collected when the runs wrote route.csv, and summary.csv and the table
// show them when any run of the sweep did.
var RouteMetricNames = []string{MetricShortest, MetricSettledMoves, MetricSettledRatio, MetricNearShortestAt}

// RouteFile is the route table of a navigation run (scenarios.RouteFile).
const RouteFile = "route.csv"

// NearShortestRatio is the settled-route ratio to the shortest path that
// the table counts as near-shortest.
const NearShortestRatio = 1.1

// MetricNames lists the headline metrics in table order; the first is the
// one plotted against each parameter.
var MetricNames = []string{MetricSuccessLast, MetricSuccessFirst, MetricEpisodesTo90, MetricReplayEvents, MetricAwakeLoss, MetricWall}

// Metrics are the headline numbers of one finished run, by metric name,
// and its per-episode success for learning curves.
type Metrics struct {
	Values  map[string]float64 // NaN where undefined (episodes_to_90 when never reached)
	Success []float64          // 1 or 0 per episode
}

// ReadMetrics reads the headline metrics of the finished run in runDir
// from its episodes.csv and sleeps.csv, by column name. wall is the run's
// time in seconds (NaN when unknown).
func ReadMetrics(runDir string, wall float64) (Metrics, error) {
	cols, err := readColumns(filepath.Join(runDir, record.EpisodesFile), "success", "awake_loss")
	if err != nil {
		return Metrics{}, err
	}
	success := make([]float64, len(cols[0]))
	for i, s := range cols[0] {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return Metrics{}, fmt.Errorf("sweep: %s: row %d: success %q is not a boolean", filepath.Join(runDir, record.EpisodesFile), i+1, s)
		}
		if b {
			success[i] = 1
		}
	}
	loss, err := parseFloats(filepath.Join(runDir, record.EpisodesFile), "awake_loss", cols[1])
	if err != nil {
		return Metrics{}, err
	}
	sl, err := readColumns(filepath.Join(runDir, record.SleepsFile), "events")
	if err != nil {
		return Metrics{}, err
	}
	events, err := parseFloats(filepath.Join(runDir, record.SleepsFile), "events", sl[0])
	if err != nil {
		return Metrics{}, err
	}
	n := min(Window, len(success))
	m := Metrics{Success: success, Values: map[string]float64{
		MetricSuccessFirst: meanOf(success[:n]),
		MetricSuccessLast:  meanOf(success[len(success)-n:]),
		MetricEpisodesTo90: math.NaN(),
		MetricReplayEvents: sum(events),
		MetricAwakeLoss:    meanOf(loss[len(loss)-n:]),
		MetricWall:         wall,
	}}
	for i := Window; i <= len(success); i++ {
		if meanOf(success[i-Window:i]) >= Threshold {
			m.Values[MetricEpisodesTo90] = float64(i)
			break
		}
	}
	if err := readRoute(runDir, m.Values); err != nil {
		return Metrics{}, err
	}
	return m, nil
}

// readRoute sets the route metrics from runDir's route.csv, NaN when the
// run wrote none (not a navigation task); near_shortest_at −1 is NaN.
func readRoute(runDir string, values map[string]float64) error {
	for _, name := range RouteMetricNames {
		values[name] = math.NaN()
	}
	path := filepath.Join(runDir, RouteFile)
	if _, err := os.Stat(path); err != nil {
		return nil
	}
	cols, err := readColumns(path, RouteMetricNames...)
	if err != nil {
		return err
	}
	for k, name := range RouteMetricNames {
		v, err := parseFloats(path, name, cols[k])
		if err != nil {
			return err
		}
		if len(v) != 1 {
			return fmt.Errorf("sweep: %s: want one row, got %d", path, len(v))
		}
		if name == MetricNearShortestAt && v[0] < 0 {
			continue
		}
		values[name] = v[0]
	}
	return nil
}

// readColumns reads the named columns of a CSV table, found by header.
func readColumns(path string, names ...string) ([][]string, error) {
	header, rows, err := record.ReadCSV(path)
	if err != nil {
		return nil, err
	}
	out := make([][]string, len(names))
	for k, name := range names {
		col := -1
		for j, h := range header {
			if h == name {
				col = j
			}
		}
		if col < 0 {
			return nil, fmt.Errorf("sweep: %s has no column %q (columns: %s)", path, name, strings.Join(header, ", "))
		}
		out[k] = make([]string, len(rows))
		for i, r := range rows {
			out[k][i] = r[col]
		}
	}
	return out, nil
}

func parseFloats(path, name string, cells []string) ([]float64, error) {
	v := make([]float64, len(cells))
	for i, c := range cells {
		x, err := strconv.ParseFloat(c, 64)
		if err != nil {
			return nil, fmt.Errorf("sweep: %s: row %d: %s %q is not a number", path, i+1, name, c)
		}
		v[i] = x
	}
	return v, nil
}

// meanOf returns the mean of the non-NaN values, NaN when there are none.
func meanOf(x []float64) float64 {
	s, n := 0.0, 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s
}

// WallTimes returns the seconds each index ran, summed over the lines of
// DIR/tasks.log (a resumed run counts each of its parts), and how many
// runs each index had. An index with no line is absent.
func (p *Plan) WallTimes() (wall map[int]float64, runs map[int]int, err error) {
	wall, runs = map[int]float64{}, map[int]int{}
	f, err := os.Open(filepath.Join(p.Dir, TasksLog))
	if os.IsNotExist(err) {
		return wall, runs, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sweep: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		fields := map[string]string{}
		for _, kv := range strings.Fields(sc.Text()) {
			k, v, _ := strings.Cut(kv, "=")
			fields[k] = v
		}
		i, err1 := strconv.Atoi(fields["index"])
		w, err2 := strconv.ParseFloat(fields["wall_s"], 64)
		if err1 != nil || err2 != nil {
			return nil, nil, fmt.Errorf("sweep: %s:%d: want index=N ... wall_s=S", TasksLog, n)
		}
		wall[i] += w
		runs[i]++
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("sweep: %s: %w", TasksLog, err)
	}
	return wall, runs, nil
}
