package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildBinary builds the replaylab command once per test binary.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "replaylab")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

var runArgs = []string{"run", "tmaze-small", "--set", "run.sessions=6", "--set", "hippocampus.n=600",
	"--set", "sleep.max_events=6", "--set", "run.checkpoint_every=1"}

// A run killed with SIGKILL (no chance to clean up) and resumed from its
// last checkpoint gives the same bytes as a run never interrupted.
func TestKilledRunResumesBitExactly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it three times")
	}
	bin := buildBinary(t)
	whole := filepath.Join(t.TempDir(), "whole")
	if out, err := exec.Command(bin, append(runArgs, "--out", whole)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}

	killed := filepath.Join(t.TempDir(), "killed")
	cmd := exec.Command(bin, append(runArgs, "--out", killed)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	checkpoints := 0
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "msg=checkpoint") {
			if checkpoints++; checkpoints == 2 {
				cmd.Process.Kill()
				break
			}
		}
	}
	cmd.Wait()
	if checkpoints < 2 {
		t.Fatalf("saw %d checkpoints before the run ended", checkpoints)
	}
	if out, err := exec.Command(bin, append(runArgs, "--out", killed)...).CombinedOutput(); err == nil ||
		!strings.Contains(string(out), `holds a run with status "running"; use --resume`) {
		t.Fatalf("rerun of a killed run without --resume: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, append(runArgs, "--out", killed, "--resume")...).CombinedOutput()
	if err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "msg=resumed") {
		t.Errorf("resume did not say where it resumed:\n%s", out)
	}
	for _, f := range []string{"episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz"} {
		a, _ := os.ReadFile(filepath.Join(whole, f))
		b, _ := os.ReadFile(filepath.Join(killed, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: killed-and-resumed run differs from the uninterrupted one (%d vs %d bytes)", f, len(a), len(b))
		}
	}
}

func TestRunCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("schema_version = 1\n[sleep]\nevry = 3\n"), 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"run", filepath.Join(dir, "missing.toml")}, "missing.toml: no such file, and no built-in scenario of that name"},
		{[]string{"run", bad}, "bad.toml:3: sleep.evry: unknown key"},
		{[]string{"run", "tmaze-small", "--out", filepath.Join(bad, "x")}, "not writable"},
		{[]string{"run", "tmaze-small", "--set", "run.sessions=0"}, "run.sessions"},
	}
	for _, c := range cases {
		root := newRootCmd()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&out)
		root.SetArgs(c.args)
		err := root.Execute()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want an error containing %q", c.args, err, c.want)
		}
	}
}
