package scenarios

import (
	"context"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// readCSV returns the rows of a run's table, header first.
func readCSV(t *testing.T, dir, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// run.demonstrations = 3: three expert episodes (shortest path to the cued
// arm, all rewarded) come first, the first sleep follows sleep.every own
// episodes later, and an interrupted run resumes to the same bytes, also
// when stopped among the demonstrations.
func TestDemonstrationsComeFirst(t *testing.T) {
	const demos = "run.demonstrations=3"
	whole := filepath.Join(t.TempDir(), "whole")
	res, err := Run(context.Background(), quick(t, demos), Options{Out: whole})
	if err != nil {
		t.Fatal(err)
	}
	if res.Episodes != 23 || res.Sleeps != 4 {
		t.Errorf("result %+v: want 23 episodes (3 demonstrations) and 4 sleeps", res)
	}
	eps := readCSV(t, whole, "episodes.csv")
	col := map[string]int{}
	for i, name := range eps[0] {
		col[name] = i
	}
	for i := 1; i <= 3; i++ {
		// tmaze-small: cue 3, delay 4, branch 3; the shortest path is 10 moves.
		if eps[i][col["success"]] != "true" || eps[i][col["steps"]] != "10" {
			t.Errorf("demonstration %d: success %s in %s steps, want true in 10", i-1, eps[i][col["success"]], eps[i][col["steps"]])
		}
	}
	sleeps := readCSV(t, whole, "sleeps.csv")
	if got, _ := strconv.Atoi(sleeps[1][1]); got != 8 {
		t.Errorf("first sleep after episode %s, want 8 (3 demonstrations + 5)", sleeps[1][1])
	}
	for _, stopAt := range []int{2, 9} {
		dir := filepath.Join(t.TempDir(), "parts")
		ctx, cancel := context.WithCancel(context.Background())
		opt := Options{Out: dir, Progress: func(p Progress) {
			if p.Episode == stopAt && p.Phase == "awake" {
				cancel()
			}
		}}
		_, err := Run(ctx, quick(t, demos), opt)
		cancel()
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("stop at %d: got %v, want ErrInterrupted", stopAt, err)
		}
		if _, err := Run(context.Background(), quick(t, demos), Options{Out: dir, Resume: true}); err != nil {
			t.Fatalf("resume after %d: %v", stopAt, err)
		}
		sameOutputs(t, readOutputs(t, whole), readOutputs(t, dir), "interrupted at episode "+strconv.Itoa(stopAt)+" and resumed")
	}
}
