package scenarios

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/replaylab/replaylab/record"
)

var awakeOn = []string{"awake.reverse_at_reward=true", "awake.reverse_events=2", "awake.forward_sweeps=true",
	"awake.sweep_steps=12", "awake.sweep_policy=true"}

// columnOf returns the index of a column of a table's header.
func columnOf(t *testing.T, rows [][]string, name string) int {
	t.Helper()
	i := slices.Index(rows[0], name)
	if i < 0 {
		t.Fatalf("no column %s in %v", name, rows[0])
	}
	return i
}

// With every awake mechanism on, a run records awake replays and sweeps in
// time order, is deterministic, and an interrupted run resumes to the same
// bytes.
func TestAwakeReplayRunsAndResumes(t *testing.T) {
	whole := filepath.Join(t.TempDir(), "whole")
	if _, err := Run(context.Background(), quick(t, awakeOn...), Options{Out: whole}); err != nil {
		t.Fatal(err)
	}
	ev := readCSV(t, whole, record.ReplayEventsFile)
	phase, kind, at, step, sl := columnOf(t, ev, "phase"), columnOf(t, ev, "kind"), columnOf(t, ev, "episode_at"),
		columnOf(t, ev, "step_at"), columnOf(t, ev, "sleep")
	counts := map[string]int{}
	lastSleep := 0
	for _, row := range ev[1:] {
		counts[row[phase]+"/"+row[kind]]++
		s, _ := strconv.Atoi(row[sl])
		if s < lastSleep {
			t.Fatalf("rows out of time order: sleep %d after %d", s, lastSleep)
		}
		lastSleep = s
		if row[phase] == "sleep" && (row[at] != "-1" || row[step] != "-1") {
			t.Fatalf("sleep event with episode_at %s step_at %s", row[at], row[step])
		}
	}
	if counts["awake/replay"] == 0 || counts["awake/sweep"] == 0 || counts["sleep/replay"] == 0 || len(counts) != 3 {
		t.Fatalf("event counts %v: want awake replays, sweeps and sleep replays", counts)
	}
	for _, stopAt := range []int{3, 12} {
		dir := filepath.Join(t.TempDir(), "parts")
		ctx, cancel := context.WithCancel(context.Background())
		opt := Options{Out: dir, Progress: func(p Progress) {
			if p.Episode == stopAt && p.Phase == "awake" {
				cancel()
			}
		}}
		_, err := Run(ctx, quick(t, awakeOn...), opt)
		cancel()
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("stop at %d: got %v, want ErrInterrupted", stopAt, err)
		}
		if _, err := Run(context.Background(), quick(t, awakeOn...), Options{Out: dir, Resume: true}); err != nil {
			t.Fatalf("resume after %d: %v", stopAt, err)
		}
		sameOutputs(t, readOutputs(t, whole), readOutputs(t, dir), "awake on, interrupted at episode "+strconv.Itoa(stopAt)+" and resumed")
	}
}

// Forward sweeps that do not decide leave the run bit-identical: the same
// episodes, sleeps and sleep replays as without them; only sweep rows are
// added.
func TestSweepsDoNotChangeTheRun(t *testing.T) {
	plain, swept := filepath.Join(t.TempDir(), "plain"), filepath.Join(t.TempDir(), "swept")
	if _, err := Run(context.Background(), quick(t), Options{Out: plain}); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(context.Background(), quick(t, "awake.forward_sweeps=true", "awake.sweep_steps=20"), Options{Out: swept}); err != nil {
		t.Fatal(err)
	}
	a, b := readOutputs(t, plain), readOutputs(t, swept)
	for _, name := range []string{record.EpisodesFile, record.SleepsFile} {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs with sweeps on", name)
		}
	}
	ea, eb := readCSV(t, plain, record.ReplayEventsFile), readCSV(t, swept, record.ReplayEventsFile)
	kind := columnOf(t, eb, "kind")
	var sleepRows [][]string
	sweeps := 0
	for _, row := range eb[1:] {
		if row[kind] == "sweep" {
			sweeps++
			continue
		}
		sleepRows = append(sleepRows, row)
	}
	if sweeps == 0 {
		t.Fatal("no sweep rows")
	}
	if !slices.EqualFunc(ea[1:], sleepRows, slices.Equal) {
		t.Errorf("sleep replay rows differ with sweeps on (%d vs %d rows)", len(ea)-1, len(sleepRows))
	}
}
