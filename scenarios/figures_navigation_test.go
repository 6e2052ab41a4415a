package scenarios

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/replaylab/replaylab/record"
)

func TestShortestSteps(t *testing.T) {
	for _, tt := range []struct {
		name string
		want int
		ok   bool
	}{
		{"linear-track", 1 + 3*15, true}, // to the west end, then three runs of 15 moves
		{"plus-maze", 0, true},
		{"tmaze-small", 0, false},
	} {
		sc, err := Load(tt.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		e, err := sc.NewEnv()
		if err != nil {
			t.Fatal(err)
		}
		got, ok := ShortestSteps(e.Maze(), e.Task())
		if ok != tt.ok || (tt.want > 0 && got != tt.want) || (tt.name == "plus-maze" && got <= 0) {
			t.Errorf("%s: %d, %v; want %d, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

// A task without a cue writes an empty cue column, and goal and
// linear-track runs get the steps-per-episode figure; every run gets the
// visit heat maps.
func TestNavigationOutputs(t *testing.T) {
	sc, err := Load("linear-track", []string{"run.sessions=1"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "run")
	if _, err := Run(context.Background(), sc, Options{Out: dir}); err != nil {
		t.Fatal(err)
	}
	header, rows, err := record.ReadCSV(filepath.Join(dir, "episodes.csv"))
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range header {
		if h == "cue" {
			col = i
		}
	}
	if col < 0 || len(rows) != 10 {
		t.Fatalf("header %v, %d rows", header, len(rows))
	}
	for i, r := range rows {
		if r[col] != "" {
			t.Errorf("episode %d of linear-track has cue %q, want empty", i, r[col])
		}
	}
	for _, f := range []string{"steps_per_episode.png", "visits.png"} {
		if st, err := os.Stat(filepath.Join(dir, "figures", f)); err != nil || st.Size() < 1000 {
			t.Errorf("figures/%s: %v", f, err)
		}
	}
}
