package scenarios

import (
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// Route metrics of navigation runs (goal and linear-track tasks), written
// to route.csv and drawn in figures/route.png at the end of a run.
//
//   - shortest: the moves of a perfect episode (ShortestSteps: breadth-first
//     search from the start to the nearest paying site).
//   - the settled route: the most common path (the exact sequence of cells,
//     final one included) over the last 10 % of episodes (at least one);
//     among equally common paths the shorter, then the one that reached that count last. Its
//     moves, ratio to the shortest, share of those episodes and whether it
//     reaches the reward.
//   - near_shortest_at: the episodes until the agent reaches a near-shortest
//     route and stays there, judged on its own route, not on exploration:
//     only greedy episodes count (no move of the episode was picked by
//     exploration, agent.Step.Explored), since a residual ε still sends
//     about every other episode on a detour once the route is learned. A
//     greedy episode's length is its moves when it succeeded, +∞ when it
//     did not; the median over the last RouteWindow greedy episodes is
//     near-shortest when ≤ RouteTolerance × shortest. near_shortest_at is
//     the episode count (episodes lived, exploring ones included) at the
//     first greedy episode from which that trailing median stays
//     near-shortest at every later greedy episode to the end of the run;
//     −1 when it is not near-shortest at the end (or fewer than
//     RouteWindow greedy episodes were lived).
const (
	RouteFile      = "route.csv"
	RouteWindow    = 10
	RouteTolerance = 1.1
)

// Route is the route summary of a run.
type Route struct {
	Shortest       int     // moves of the shortest successful episode
	SettledMoves   int     // moves of the settled route
	SettledRatio   float64 // SettledMoves / Shortest
	SettledShare   float64 // fraction of the last episodes that took it
	SettledSuccess bool    // the settled route reaches the reward
	LastEpisodes   int     // episodes it was chosen among
	NearShortestAt int     // see the doc above; -1 never
	Path           []int   // the settled route's places
}

// routeColumns are route.csv's columns, in order.
var routeColumns = []string{"shortest", "settled_moves", "settled_ratio", "settled_share", "settled_success",
	"last_episodes", "near_shortest_at", "window", "tolerance"}

// RouteEpisode is what the route metrics read of one episode.
type RouteEpisode struct {
	Path     []int // places visited, final one included
	Success  bool
	Explored bool // exploration picked at least one of its moves
}

// RouteOf computes the route metrics of a run's episodes, in the order
// lived, for a task whose shortest successful episode takes shortest moves.
func RouteOf(eps []RouteEpisode, shortest int) Route {
	r := Route{Shortest: shortest, NearShortestAt: -1, SettledRatio: math.NaN()}
	n := len(eps)
	paths := make([][]int, n)
	for i, e := range eps {
		paths[i] = e.Path
	}
	if n == 0 {
		return r
	}
	last := max(1, int(math.Round(0.1*float64(n))))
	r.LastEpisodes = last
	count := map[string]int{}
	best, bestKey := -1, ""
	for i := n - last; i < n; i++ {
		k := pathKey(paths[i])
		count[k]++
		c, moves := count[k], len(paths[i])-1
		// later episodes win ties of count and length: ≥ on the episode order
		if best < 0 || c > count[bestKey] || (c == count[bestKey] && moves <= len(paths[best])-1) {
			best, bestKey = i, k
		}
	}
	r.Path = slices.Clone(paths[best])
	r.SettledMoves = len(r.Path) - 1
	r.SettledShare = float64(count[bestKey]) / float64(last)
	r.SettledSuccess = eps[best].Success
	if shortest > 0 {
		r.SettledRatio = float64(r.SettledMoves) / float64(shortest)
	}
	r.NearShortestAt = nearShortestAt(eps, shortest)
	return r
}

// nearShortestAt is Route.NearShortestAt.
func nearShortestAt(eps []RouteEpisode, shortest int) int {
	var length []float64 // of the greedy episodes
	var count []int      // episodes lived after each greedy one
	for i, e := range eps {
		if e.Explored {
			continue
		}
		l := math.Inf(1)
		if e.Success {
			l = float64(len(e.Path) - 1)
		}
		length, count = append(length, l), append(count, i+1)
	}
	if len(length) < RouteWindow || shortest <= 0 {
		return -1
	}
	limit := RouteTolerance * float64(shortest)
	at := -1
	win := make([]float64, RouteWindow)
	for k := len(length); k >= RouteWindow; k-- { // greedy episodes (k−W, k]
		copy(win, length[k-RouteWindow:k])
		slices.Sort(win)
		if med := (win[(RouteWindow-1)/2] + win[RouteWindow/2]) / 2; !(med <= limit) {
			break
		}
		at = count[k-1]
	}
	return at
}

func pathKey(p []int) string {
	var b strings.Builder
	for _, x := range p {
		b.WriteString(strconv.Itoa(x))
		b.WriteByte(',')
	}
	return b.String()
}

// route returns the run's route metrics, or ok false for tasks without a
// shortest path (ShortestSteps).
func (r *run) route() (Route, bool) {
	shortest, ok := ShortestSteps(r.w.env.Maze(), r.w.env.Task())
	if !ok {
		return Route{}, false
	}
	eps := make([]RouteEpisode, len(r.log.Episodes))
	for i, e := range r.log.Episodes {
		_, explored := e.Choices()
		eps[i] = RouteEpisode{Path: episodePlaces(e), Success: e.Success, Explored: explored > 0}
	}
	return RouteOf(eps, shortest), true
}

// episodePlaces returns the places an episode visited, final one included.
func episodePlaces(e *agent.Episode) []int {
	out := make([]int, 0, len(e.Steps)+1)
	for _, s := range e.Steps {
		out = append(out, s.Place)
	}
	return append(out, e.Final.Place)
}

// writeRoute writes route.csv and figures/route.png (the settled route on
// the maze) for navigation tasks.
func (r *run) writeRoute(write func(string, func(io.Writer) error) error, g render.Grid) error {
	rt, ok := r.route()
	if !ok || len(r.log.Episodes) == 0 {
		return nil
	}
	t := record.NewTable(routeColumns...)
	if err := t.Append(rt.Shortest, rt.SettledMoves, rt.SettledRatio, rt.SettledShare, rt.SettledSuccess,
		rt.LastEpisodes, rt.NearShortestAt, RouteWindow, RouteTolerance); err != nil {
		return err
	}
	if err := record.WriteFileAtomic(filepath.Join(r.dir.Path(), RouteFile), func(w io.Writer) error {
		_, err := t.WriteTo(w)
		return err
	}); err != nil {
		return err
	}
	title := fmt.Sprintf("settled route: %d moves (shortest %d), %.0f%% of the last %d episodes",
		rt.SettledMoves, rt.Shortest, 100*rt.SettledShare, rt.LastEpisodes)
	return write("route.png", func(w io.Writer) error {
		return render.Trajectories(w, g, [][]render.Cell{r.cells(rt.Path)}, []string{title}, render.Options{CellSize: cellSize(g)})
	})
}
