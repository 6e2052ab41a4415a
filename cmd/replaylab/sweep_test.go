package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runRoot runs the command line with args and returns its output and error.
func runRoot(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

// The sweep commands end to end on a tiny plan: plan, one index by hand,
// the rest locally, status, the Slurm script, collect.
func TestSweepCommands(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "tiny.toml")
	src := "schema_version = 1\nscenario = \"tmaze-small\"\nseeds = 2\n[set]\nrun.sessions = 2\n[grid]\nsleep.budget = [\"reward-rate\", \"off\"]\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	sw := filepath.Join(dir, "sw")
	out, err := runRoot(t, "sweep", "plan", file, "--out", sw)
	if err != nil || !strings.HasPrefix(out, "4 runs (2 points × 2 seeds) of tmaze-small planned in ") {
		t.Fatalf("plan: %q, %v", out, err)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	t.Setenv("PBS_ARRAYID", "")
	if _, err := runRoot(t, "run", "--sweep", sw); err == nil || err.Error() != "sweep: no --index given and none of SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or PBS_ARRAYID is set: run one index with --index N" {
		t.Fatalf("run --sweep without an index: %v", err)
	}
	t.Setenv("JOB_COMPLETION_INDEX", "3")
	if out, err := runRoot(t, "run", "--sweep", sw, "--quiet"); err != nil || !strings.Contains(out, "index 3: ran to the end") {
		t.Fatalf("run --sweep with JOB_COMPLETION_INDEX=3: %q, %v", out, err)
	}
	if out, _ := runRoot(t, "sweep", "status", sw, "--brief"); out != "4 indices: done 1, running 0, stopped 0, failed 0, missing 3\nto run: 0-2\n" {
		t.Fatalf("status: %q", out)
	}
	if out, err := runRoot(t, "sweep", "slurm", sw, "--only-missing", "--binary", "/opt/replaylab", "--per-task", "2"); err != nil || !strings.Contains(out, "2 array tasks") {
		t.Fatalf("slurm --only-missing: %q, %v", out, err)
	}
	script, _ := os.ReadFile(filepath.Join(sw, "slurm", "missing.sbatch"))
	if !strings.Contains(string(script), "#SBATCH --array=0-1\n") || !strings.Contains(string(script), "exec '/opt/replaylab' run --sweep ") {
		t.Fatalf("missing.sbatch:\n%s", script)
	}
	if out, err := runRoot(t, "sweep", "local", sw, "--jobs", "2", "--quiet"); err != nil || !strings.Contains(out, "3 indices ran, 0 failed, 1 already finished") {
		t.Fatalf("local: %q, %v", out, err)
	}
	out, err = runRoot(t, "sweep", "collect", sw)
	if err != nil || !strings.Contains(out, "| 0 | reward-rate | 2 |") || !strings.Contains(out, "| 1 | off | 2 |") || !strings.Contains(out, "4 of 4 indices finished") {
		t.Fatalf("collect: %q, %v", out, err)
	}
	for _, f := range []string{"summary.csv", "summary.md", "figures/learning_curves.png", "figures/success_last40_vs_sleep.budget.png"} {
		if st, err := os.Stat(filepath.Join(sw, f)); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
}
