package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/replaylab/replaylab/record"
)

// sameAsLone reports the outputs of out that differ from those of lone.
func sameAsLone(t *testing.T, lone, out string) {
	t.Helper()
	for _, f := range record.OutputFiles {
		a, _ := os.ReadFile(filepath.Join(lone, f))
		b, err := os.ReadFile(filepath.Join(out, f))
		if len(a) == 0 || err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s: %s differs from a lone run (%d vs %d bytes, %v)", out, f, len(a), len(b), err)
		}
	}
}

// Two processes started together on one --out, 20 times (a run, then a
// resume, in turn): exactly one proceeds, the other names it as the
// holder, and the finished run equals a lone run byte for byte.
func TestTwoProcessesOneFolder(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command about 60 times")
	}
	bin := buildBinary(t)
	lone := finishedRun(t, bin, t.TempDir())
	for trial := range 20 {
		dir := t.TempDir()
		out := filepath.Join(dir, "run")
		args := append([]string{"run", "tmaze-small", "--quiet", "--out", out}, quickSets...)
		kind := "run"
		if trial%2 == 1 {
			kind = "resume"
			out = finishedRun(t, bin, dir)
			markRunning(t, out)
			args = []string{"run", "--resume", "--quiet", "--out", out}
		}
		var cmds [2]*exec.Cmd
		var errs [2]bytes.Buffer
		for i := range cmds {
			cmds[i] = exec.Command(bin, args...)
			cmds[i].Stderr = &errs[i]
		}
		for _, c := range cmds {
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range cmds {
			c.Wait()
		}
		winners := 0
		for i, c := range cmds {
			other := cmds[1-i]
			switch c.ProcessState.ExitCode() {
			case 0:
				winners++
			default:
				want := fmt.Sprintf("is in use by another process: process %d on ", other.Process.Pid)
				if !strings.Contains(errs[i].String(), want) {
					t.Errorf("trial %d (%s): the refused process said %q, want it to name process %d", trial, kind, errs[i].String(), other.Process.Pid)
				}
			}
		}
		if winners != 1 {
			t.Errorf("trial %d (%s): %d processes proceeded, want exactly 1 (stderr: %q, %q)", trial, kind, winners, errs[0].String(), errs[1].String())
		}
		sameAsLone(t, lone, out)
	}
}

// consistent checks, at a kill moment, that the folder's tables and arrays
// describe the same episodes; it returns the episodes on disk (-1: none yet).
func consistent(t *testing.T, out string) int {
	t.Helper()
	_, rows, err := record.ReadCSV(filepath.Join(out, record.EpisodesFile))
	if os.IsNotExist(err) || (err != nil && strings.Contains(err.Error(), "no such file")) {
		return -1
	}
	if err != nil {
		t.Fatalf("episodes.csv at a kill moment: %v", err)
	}
	z, err := record.ReadNPZ(filepath.Join(out, record.ArraysFile))
	if err != nil {
		t.Fatalf("arrays.npz at a kill moment: %v", err)
	}
	start, _ := z.Get("episode_start")
	success, _ := z.Get("success")
	_, sleeps, err := record.ReadCSV(filepath.Join(out, record.SleepsFile))
	if err != nil {
		t.Fatal(err)
	}
	replays, _ := z.Get("replay_sleep")
	_, events, _ := record.ReadCSV(filepath.Join(out, record.ReplayEventsFile))
	if start.Shape[0]-1 != len(rows) || success.Shape[0] != len(rows) || replays.Shape[0] != len(events) {
		t.Errorf("%s disagrees: episodes.csv %d rows, arrays %d episodes; replay_events.csv %d rows, arrays %d replays",
			out, len(rows), start.Shape[0]-1, len(events), replays.Shape[0])
	}
	if n := len(sleeps); len(rows) < n*5 {
		t.Errorf("%s: %d sleeps after %d episodes", out, n, len(rows))
	}
	return len(rows)
}

// Killed with SIGKILL at 32 random moments (from process start to the
// end, so before the first checkpoint and while outputs are written too),
// the folder's tables and arrays always agree, and `run --resume --out
// DIR` alone then finishes with the bytes of an uninterrupted run.
func TestKilledAtRandomMoments(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the command about 65 times")
	}
	bin := buildBinary(t)
	sets := []string{"--set", "run.sessions=8"}
	start := time.Now()
	lone := finishedRun(t, bin, t.TempDir(), sets...)
	whole := time.Since(start)
	rng := rand.New(rand.NewPCG(10, 10))
	states := map[string]int{}
	for trial := range 32 {
		out := filepath.Join(t.TempDir(), "run")
		args := append(append([]string{"run", "tmaze-small", "--quiet", "--out", out}, quickSets...), sets...)
		cmd := exec.Command(bin, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		at := time.Duration(rng.Float64() * float64(whole))
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		state := "killed with outputs on disk"
		switch {
		case cmd.ProcessState.Success():
			state = "finished before the kill"
		case consistent(t, out) < 0:
			state = "killed before the first outputs"
		}
		if _, err := record.ReadManifest(out); err != nil {
			state = "killed before the manifest"
		} else if !record.HasCheckpoint(out) {
			state = "killed before the first checkpoint"
		}
		states[state]++
		if state == "killed before the manifest" {
			// Nothing of the run exists yet: it is started again.
			args = append(args, "--force")
		} else {
			args = []string{"run", "--resume", "--quiet", "--out", out}
		}
		if state != "finished before the kill" {
			if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
				t.Fatalf("trial %d (%s at %v): %v\n%s", trial, state, at, err, b)
			}
		}
		sameAsLone(t, lone, out)
	}
	t.Logf("kill moments over %v: %v", whole.Round(time.Millisecond), states)
}
