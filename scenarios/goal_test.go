package scenarios

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Route metrics on a hand-made run of 20 episodes in a maze whose shortest
// path takes 4 moves.
func TestRouteOfHandMadeRun(t *testing.T) {
	short := []int{0, 1, 2, 3, 4}      // 4 moves
	long := []int{0, 5, 6, 7, 8, 3, 4} // 6 moves
	other := []int{0, 1, 2, 3, 9, 4}   // 5 moves
	lost := []int{0, 5, 0, 5, 0, 5, 0} // truncated
	var eps []RouteEpisode
	add := func(p []int, success, explored bool) {
		eps = append(eps, RouteEpisode{Path: p, Success: success, Explored: explored})
	}
	for range 6 { // greedy but long: trailing median 6 > 4.4
		add(long, true, false)
	}
	add(lost, false, false)
	for range 3 {
		add(short, true, true) // exploring: not counted for near_shortest_at
	}
	for range 8 { // greedy and shortest from episode 11 on
		add(short, true, false)
	}
	add(other, true, true)
	add(other, true, true)
	r := RouteOf(eps, 4)
	// The last 10 % = 2 episodes, both the 5-move path.
	if r.Shortest != 4 || r.SettledMoves != 5 || r.SettledRatio != 1.25 || r.SettledShare != 1 || !r.SettledSuccess || r.LastEpisodes != 2 {
		t.Errorf("settled route: %+v", r)
	}
	// Greedy episodes: 6 long, 1 lost, 8 short (episodes 11–18). The median
	// of the last 10 greedy ones is ≤ 4.4 once 6 of them are short: at
	// episode 16 (greedy windows ending there and later).
	if r.NearShortestAt != 16 {
		t.Errorf("near_shortest_at %d, want 16", r.NearShortestAt)
	}
	// The most common path wins; equally common: the shorter.
	r = RouteOf([]RouteEpisode{{Path: long, Success: true}, {Path: short, Success: true}, {Path: long, Success: true}, {Path: short, Success: true}}, 4)
	if r.SettledMoves != 4 || r.LastEpisodes != 1 {
		t.Errorf("4 episodes: last %d, settled %d moves; want the last episode's 4", r.LastEpisodes, r.SettledMoves)
	}
	eps = nil
	for range 10 {
		add(long, true, false)
	}
	for range 10 {
		add(short, true, false)
		add(short, true, false)
	}
	r = RouteOf(eps, 4)
	if r.SettledMoves != 4 || r.NearShortestAt != 16 {
		t.Errorf("settled %d moves, near-shortest at %d; want 4 and 16", r.SettledMoves, r.NearShortestAt)
	}
	if r := RouteOf(nil, 4); r.NearShortestAt != -1 || !math.IsNaN(r.SettledRatio) {
		t.Errorf("no episodes: %+v", r)
	}
}

func goalScenario(t *testing.T, name string, sets ...string) *Scenario {
	t.Helper()
	sc, err := Load(name, append([]string{"run.checkpoint_every=1", "hippocampus.n=800"}, sets...))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// A baseline run writes the usual outputs (no sleeps, no replay), route.csv,
// and is deterministic and resumable byte-identically.
func TestBaselineRunDeterministicAndResumable(t *testing.T) {
	for _, kind := range []string{"q-learning", "dyna-q"} {
		sets := []string{"agent.kind=" + kind, "run.sessions=6", "sleep.every=5"}
		whole := filepath.Join(t.TempDir(), "whole")
		res, err := Run(context.Background(), goalScenario(t, "goal-pillars", sets...), Options{Out: whole})
		if err != nil {
			t.Fatal(err)
		}
		if res.Episodes != 30 || res.Sleeps != 0 || res.ReplayEvents != 0 {
			t.Errorf("%s: %d episodes, %d sleeps, %d replay events; want 30, 0, 0", kind, res.Episodes, res.Sleeps, res.ReplayEvents)
		}
		out := readOutputs(t, whole)
		if n := strings.Count(string(out["sleeps.csv"]), "\n"); n != 1 {
			t.Errorf("%s: sleeps.csv has %d lines, want the header only", kind, n)
		}
		if b, err := os.ReadFile(filepath.Join(whole, RouteFile)); err != nil || !strings.HasPrefix(string(b), "shortest,settled_moves,") || !strings.Contains(string(b), "\n14,") {
			t.Errorf("%s: route.csv %q, %v", kind, b, err)
		}
		again := filepath.Join(t.TempDir(), "again")
		if _, err := Run(context.Background(), goalScenario(t, "goal-pillars", sets...), Options{Out: again}); err != nil {
			t.Fatal(err)
		}
		sameOutputs(t, out, readOutputs(t, again), kind+": two runs with seed 1")
		goalResumes(t, "goal-pillars", sets, out, kind)
	}
}

// goalResumes interrupts the goal scenario name with sets at episodes 4 and
// 13, resumes it, and checks that it ends with the bytes out of the
// uninterrupted run.
func goalResumes(t *testing.T, name string, sets []string, out map[string][]byte, what string) {
	t.Helper()
	for _, stopAt := range []int{4, 13} {
		dir := filepath.Join(t.TempDir(), "parts")
		ctx, cancel := context.WithCancel(context.Background())
		_, err := Run(ctx, goalScenario(t, name, sets...), Options{Out: dir, Progress: func(p Progress) {
			if p.Episode == stopAt {
				cancel()
			}
		}})
		cancel()
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("%s: stop at %d: %v", what, stopAt, err)
		}
		if _, err := Run(context.Background(), goalScenario(t, name, sets...), Options{Out: dir, Resume: true}); err != nil {
			t.Fatal(err)
		}
		sameOutputs(t, out, readOutputs(t, dir), what+": interrupted at episode "+strconv.Itoa(stopAt)+" and resumed")
	}
}

// Replay fidelity with each observation: the cache gives back, per block,
// what was sensed (fidelity of forward replays, measured against the lived
// episodes), and with place cells the consolidator is fed in replay the
// population sensed awake (Sleeper.SetExpand).
func TestReplayFidelityPerObservation(t *testing.T) {
	if testing.Short() {
		t.Skip("four short goal-pillars runs (a few seconds)")
	}
	for _, obs := range []string{"class", "class+view", "class+place", "view+place"} {
		sc := goalScenario(t, "goal-pillars", "task.observation="+obs, "run.sessions=3", "task.place_cells=12",
			"sleep.select=all", "sleep.budget=fixed", "sleep.events=4")
		res, err := Run(context.Background(), sc, Options{Out: filepath.Join(t.TempDir(), "r")})
		if err != nil {
			t.Fatal(err)
		}
		sum, n := 0.0, 0
		for _, ev := range res.Record.Events {
			if ev.Direction == "forward" && !math.IsNaN(ev.Fidelity) {
				sum += ev.Fidelity
				n++
			}
		}
		if n == 0 || sum/float64(n) < 0.95 {
			t.Errorf("%s: mean forward replay fidelity %.3f over %d replays, want ≥ 0.95", obs, sum/float64(n), n)
		}
		t.Logf("%s: mean forward replay fidelity %.3f over %d replays", obs, sum/float64(n), n)
	}
}

// What the consolidator gets in replay of a place-cell block is the awake
// population, exactly, when the cache decodes the place right.
func TestPlaceExpanderRestoresPopulation(t *testing.T) {
	sc := goalScenario(t, "goal-pillars", "task.observation=class+place", "task.place_cells=10", "task.place_sigma=1.5")
	e, err := sc.NewEnv()
	if err != nil {
		t.Fatal(err)
	}
	expand := placeExpander(e.Encoding(), e.SensoryLen())
	if expand == nil {
		t.Fatal("no expander with place cells")
	}
	obs := e.Reset(3)
	e.Step(1) // right
	obs, _, _, _ = e.Step(2)
	places := e.Maze().NumCells()
	// The cache's decoding: every block one-hot at its argmax.
	content := make([]float64, e.SensoryLen()+places)
	off := 0
	for _, w := range append(e.Blocks(), places) {
		var block []float64
		if off < e.SensoryLen() {
			block = obs.Sensory[off : off+w]
		} else {
			block = make([]float64, w)
			block[obs.Place] = 1
		}
		best := 0
		for i, v := range block {
			if v > block[best] {
				best = i
			}
		}
		content[off+best] = 1
		off += w
	}
	expand(content)
	for i, v := range obs.Sensory {
		if content[i] != v {
			t.Fatalf("entry %d: replay gives %g, awake was %g", i, content[i], v)
		}
	}
	sc = goalScenario(t, "goal-pillars", "task.observation=class+view")
	e, _ = sc.NewEnv()
	if placeExpander(e.Encoding(), e.SensoryLen()) != nil {
		t.Error("an expander without place cells: one-hot blocks need none")
	}
}
