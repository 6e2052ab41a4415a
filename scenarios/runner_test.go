package scenarios

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// quick returns the small T-maze scenario shortened for tests.
func quick(t *testing.T, sets ...string) *Scenario {
	t.Helper()
	base := []string{"run.sessions=4", "hippocampus.n=600", "sleep.max_events=6", "run.checkpoint_every=1"}
	sc, err := Load("tmaze-small", append(base, sets...))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// outputs are the files that must be byte-identical for the same scenario and seed.
var outputs = []string{"episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz"}

func readOutputs(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range outputs {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = b
	}
	return m
}

func sameOutputs(t *testing.T, a, b map[string][]byte, what string) {
	t.Helper()
	for _, name := range outputs {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s: %s differs (%d vs %d bytes)", what, name, len(a[name]), len(b[name]))
		}
	}
}

func TestRunIsDeterministic(t *testing.T) {
	dirA, dirB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	resA, err := Run(context.Background(), quick(t), Options{Out: dirA, Name: "tmaze-small"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), quick(t), Options{Out: dirB, Name: "tmaze-small"}); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, readOutputs(t, dirA), readOutputs(t, dirB), "two runs with seed 1")
	// The outcome rule is deterministic too.
	outcome := []string{"sleep.rule=outcome", "sleep.select=all", "agent.retention=recent"}
	dirD, dirE := filepath.Join(t.TempDir(), "d"), filepath.Join(t.TempDir(), "e")
	for _, d := range []string{dirD, dirE} {
		if _, err := Run(context.Background(), quick(t, outcome...), Options{Out: d}); err != nil {
			t.Fatal(err)
		}
	}
	sameOutputs(t, readOutputs(t, dirD), readOutputs(t, dirE), "two outcome-rule runs with seed 1")
	if bytes.Equal(readOutputs(t, dirA)["replay_events.csv"], readOutputs(t, dirD)["replay_events.csv"]) {
		t.Error("the outcome rule replayed exactly what the imitate rule did")
	}
	if resA.Episodes != 20 || resA.Sleeps != 4 || resA.ReplayEvents == 0 {
		t.Errorf("result %+v: want 20 episodes, 4 sleeps and some replay", resA)
	}
	for _, f := range []string{"manifest.json", "figures/learning_curve.png", "figures/replay_vs_success.png",
		"figures/trajectories.png", "figures/replay.png"} {
		if st, err := os.Stat(filepath.Join(dirA, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s: %v", f, err)
		}
	}
	// Another seed gives another run.
	dirC := filepath.Join(t.TempDir(), "c")
	if _, err := Run(context.Background(), quick(t, "run.seed=2"), Options{Out: dirC}); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(readOutputs(t, dirA)["episodes.csv"], readOutputs(t, dirC)["episodes.csv"]) {
		t.Error("seeds 1 and 2 gave the same episodes.csv")
	}
}

// Ctrl-C (a cancelled context) stops after the current episode with a
// checkpoint, and resuming gives the uninterrupted run's bytes.
func TestInterruptAndResume(t *testing.T) {
	// Alternating cues: the environment's count of resets is part of what
	// a resume must restore. The second variant learns by the outcome rule
	// from all recent episodes (sleep/outcome.go).
	for _, sets := range [][]string{
		{"task.cue_side=alternate"},
		{"task.cue_side=alternate", "sleep.rule=outcome", "sleep.select=all", "agent.retention=recent"},
		{"task.cue_side=alternate", "agent.action_rule=pure", "agent.explore_persistence=4"},
	} {
		interruptAndResume(t, sets)
	}
}

func interruptAndResume(t *testing.T, sets []string) {
	t.Helper()
	whole := filepath.Join(t.TempDir(), "whole")
	if _, err := Run(context.Background(), quick(t, sets...), Options{Out: whole}); err != nil {
		t.Fatal(err)
	}
	for _, stopAt := range []int{3, 10, 17} { // mid-session, just before a sleep, late
		dir := filepath.Join(t.TempDir(), "parts")
		ctx, cancel := context.WithCancel(context.Background())
		opt := Options{Out: dir, Progress: func(p Progress) {
			if p.Episode == stopAt && p.Phase == "awake" {
				cancel()
			}
		}}
		_, err := Run(ctx, quick(t, sets...), opt)
		cancel()
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("%v: stop at %d: got %v, want ErrInterrupted", sets, stopAt, err)
		}
		if _, err := Run(context.Background(), quick(t, sets...), Options{Out: dir}); err == nil ||
			!strings.Contains(err.Error(), "use --resume to continue it or --force to overwrite it") {
			t.Fatalf("rerun without --resume: %v", err)
		}
		if _, err := Run(context.Background(), quick(t, sets...), Options{Out: dir, Resume: true}); err != nil {
			t.Fatalf("%v: resume after %d: %v", sets, stopAt, err)
		}
		sameOutputs(t, readOutputs(t, whole), readOutputs(t, dir), strings.Join(sets, " ")+": interrupted at episode "+strconv.Itoa(stopAt)+" and resumed")
	}
}

func TestRunRefusals(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if _, err := Run(context.Background(), quick(t, "run.sessions=1"), Options{Out: dir}); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		opt  Options
		sets []string
		want string
	}{
		{"finished run", Options{Out: dir}, nil, `holds a run with status "finished"; use --resume to continue it or --force to overwrite it`},
		{"resume finished", Options{Out: dir, Resume: true}, nil, "already finished"},
		{"resume nothing", Options{Out: filepath.Join(t.TempDir(), "none"), Resume: true}, nil, "it holds no run (no manifest.json)"},
		{"unwritable", Options{Out: filepath.Join(dir, "episodes.csv", "sub")}, nil, "not writable"},
	}
	for _, c := range cases {
		_, err := Run(context.Background(), quick(t, append([]string{"run.sessions=1"}, c.sets...)...), c.opt)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	// --force starts afresh and gives the same bytes again.
	before := readOutputs(t, dir)
	if _, err := Run(context.Background(), quick(t, "run.sessions=1"), Options{Out: dir, Force: true}); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, before, readOutputs(t, dir), "--force rerun")
	// A changed scenario cannot resume another's checkpoint.
	part := filepath.Join(t.TempDir(), "part")
	ctx, cancel := context.WithCancel(context.Background())
	Run(ctx, quick(t), Options{Out: part, Progress: func(p Progress) {
		if p.Episode == 6 {
			cancel()
		}
	}})
	cancel()
	if _, err := Run(context.Background(), quick(t, "cortex.lr=0.01"), Options{Out: part, Resume: true}); err == nil ||
		!strings.Contains(err.Error(), "the scenario differs from the one the run") {
		t.Errorf("resume with another scenario: %v", err)
	}
}

// numpy loads arrays.npz with the documented names and shapes.
func TestArraysLoadInNumpy(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import numpy").Run(); err != nil {
		t.Skip("Debian's python3-numpy is not installed (scripts/test installs it)")
	}
	dir := filepath.Join(t.TempDir(), "run")
	sets := append([]string{"run.record_hidden=true"}, awakeOn...)
	if _, err := Run(context.Background(), quick(t, sets...), Options{Out: dir}); err != nil {
		t.Fatal(err)
	}
	script := `
import numpy as np, sys, csv
z = np.load(sys.argv[1] + "/arrays.npz")
eps = list(csv.DictReader(open(sys.argv[1] + "/episodes.csv")))
ev = list(csv.DictReader(open(sys.argv[1] + "/replay_events.csv")))
E, R = len(eps), len(ev)
s = z["episode_start"]
S = s[-1]
assert s.shape == (E + 1,) and s.dtype == np.int64, s.shape
assert all(int(e["steps"]) + 1 == s[i + 1] - s[i] for i, e in enumerate(eps))
assert z["position"].shape == (S, 2) and z["action"].shape == (S,) and z["reward"].shape == (S,)
assert z["observation"].shape == (S, 14) and z["observation"].dtype == np.float64
assert z["success"].shape == (E,) and z["success"].dtype == np.uint8
assert list(z["success"]) == [1 if e["success"] == "true" else 0 for e in eps]
assert z["awake_loss"].shape == (E,)
assert z["replay_start"].shape == (R + 1,) and z["replay_position"].shape == (z["replay_start"][-1], 2)
assert [int(e["steps"]) for e in ev] == list(np.diff(z["replay_start"]))
assert z["replay_reverse"].tolist() == [1 if e["direction"] == "reverse" else 0 for e in ev]
assert z["hidden"].shape == (S, 64)
assert z["replay_phase"].tolist() == [1 if e["phase"] == "awake" else 0 for e in ev]
assert z["replay_sweep"].tolist() == [1 if e["kind"] == "sweep" else 0 for e in ev]
assert z["replay_episode_at"].tolist() == [int(e["episode_at"]) for e in ev]
assert z["replay_step_at"].tolist() == [int(e["step_at"]) for e in ev]
assert all(z["replay_sweep"] <= z["replay_phase"]) and 0 < z["replay_sweep"].sum() < z["replay_phase"].sum()
assert z["replay_confidence"].shape == (z["replay_start"][-1],)
# every episode starts at the start cell (1, 4) and its actions end with -1
assert (z["position"][s[:-1]] == [1, 4]).all() and (z["action"][s[1:] - 1] == -1).all()
print(E, S, R)
`
	out, err := exec.Command(py, "-c", script, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy check failed: %v\n%s", err, out)
	}
	t.Logf("numpy: episodes, positions, replays = %s", strings.TrimSpace(string(out)))
}
