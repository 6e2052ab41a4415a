package scenarios

import (
	"context"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// sleep.splice_events on goal-pillars: every sleep records spliced replay
// events (kind "splice", trained, a route no shorter than the maze's
// shortest path and no longer than the shortest rewarded episode the
// cache held), numpy's replay_splice marks exactly them, and an
// interrupted run resumes to the same bytes.
func TestSplicedReplayRunsAndResumes(t *testing.T) {
	sets := []string{"sleep.splice_events=2", "agent.retention=recent", "run.sessions=4", "sleep.every=5"}
	whole := filepath.Join(t.TempDir(), "whole")
	if _, err := Run(context.Background(), goalScenario(t, "goal-pillars", sets...), Options{Out: whole}); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, whole, "replay_events.csv")
	kind, steps, trained, sl := columnOf(t, rows, "kind"), columnOf(t, rows, "steps"), columnOf(t, rows, "trained"), columnOf(t, rows, "sleep")
	eps := readCSV(t, whole, "episodes.csv")
	epSteps, success := columnOf(t, eps, "steps"), columnOf(t, eps, "success")
	spliced := map[string]int{}
	for _, r := range rows[1:] {
		if r[kind] != "splice" {
			continue
		}
		spliced[r[sl]]++
		n, _ := strconv.Atoi(r[steps])
		s, _ := strconv.Atoi(r[sl])
		// the cache holds the last 10 episodes: those of the last two
		// sessions before sleep s
		best := 1 << 30
		for _, e := range eps[1+max(0, 5*(s+1)-10) : 1+5*(s+1)] {
			if e[success] == "true" {
				m, _ := strconv.Atoi(e[epSteps])
				best = min(best, m)
			}
		}
		if r[trained] != "true" || n < 15 || n > best+1 {
			t.Errorf("sleep %d: spliced replay of %d steps (trained %s); want trained, 15 ≤ steps ≤ %d (shortest rewarded episode held + 1)", s, n, r[trained], best+1)
		}
	}
	if len(spliced) == 0 {
		t.Fatal("no spliced replay recorded")
	}
	for s, n := range spliced {
		if n != 4 {
			t.Errorf("sleep %s: %d spliced rows, want 4 (2 events, forward and reverse)", s, n)
		}
	}
	if py := "/usr/bin/python3"; exec.Command(py, "-c", "import numpy").Run() == nil {
		script := `
import numpy as np, sys, csv
z = np.load(sys.argv[1] + "/arrays.npz")
ev = list(csv.DictReader(open(sys.argv[1] + "/replay_events.csv")))
assert z["replay_splice"].tolist() == [1 if e["kind"] == "splice" else 0 for e in ev]
assert z["replay_splice"].sum() > 0
`
		if out, err := exec.Command(py, "-c", script, whole).CombinedOutput(); err != nil {
			t.Errorf("numpy check failed: %v\n%s", err, out)
		}
	}
	out := readOutputs(t, whole)
	goalResumes(t, "goal-pillars", sets, out, "splicing")
}

// Spliced replay takes the agent to the shortest route on three open goal
// mazes (seed 1, the settings of docs/sweeps/goal-splice-*.toml): the route
// it settles on over the last 30 episodes is the shortest path itself
// (detour 15 moves, rooms 22, zigzag 23). Without the spliced events the
// same detour run settles on a detour of 19 moves.
func TestSplicedReplayFindsTheShortestRoute(t *testing.T) {
	if testing.Short() {
		t.Skip("four goal-maze runs of 300 episodes (about a minute)")
	}
	sets := []string{"task.observation=class+view+place", "agent.retention=recent", "agent.explore_persistence=5"}
	route := func(name string, splice int) (shortest, settled int, success string) {
		res := runScenario(t, name, append(sets, "sleep.splice_events="+strconv.Itoa(splice))...)
		rows := readCSV(t, res.Dir, RouteFile)
		shortest, _ = strconv.Atoi(rows[1][columnOf(t, rows, "shortest")])
		settled, _ = strconv.Atoi(rows[1][columnOf(t, rows, "settled_moves")])
		return shortest, settled, rows[1][columnOf(t, rows, "settled_success")]
	}
	for _, name := range []string{"goal-detour", "goal-rooms", "goal-zigzag"} {
		if shortest, settled, ok := route(name, 10); settled != shortest || ok != "true" {
			t.Errorf("%s with spliced replay: settled on %d moves (success %s), want the shortest path, %d", name, settled, ok, shortest)
		}
	}
	if shortest, settled, _ := route("goal-detour", 0); settled <= shortest {
		t.Errorf("goal-detour without spliced replay: settled on %d moves; want longer than the shortest, %d (measured: 19)", settled, shortest)
	}
}
