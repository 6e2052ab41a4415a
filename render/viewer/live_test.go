package viewer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/scenarios"
)

// A live run is scenarios.Run's: what the viewer observed equals what it
// then reads back from the run directory, and that directory's tables are
// byte-identical to a headless run's.
func TestLiveObservesTheRunner(t *testing.T) {
	sc, err := scenarios.Load("tmaze-small", []string{"run.sessions=4", "run.record_hidden=true"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "live")
	l, err := StartLive(context.Background(), sc, scenarios.Options{Out: dir, Name: "tmaze-small"})
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(); err != nil {
		t.Fatal(err)
	}
	live, _ := l.Snapshot()
	file, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(live.Episodes, file.Episodes) || !slices.Equal(live.Pos, file.Pos) || !slices.Equal(live.Actions, file.Actions) {
		t.Error("live episodes differ from the run directory's")
	}
	if !slices.Equal(live.Replays, file.Replays) || !slices.Equal(live.ReplayPos, file.ReplayPos) || !slices.Equal(live.Sleeps, file.Sleeps) {
		t.Error("live replays differ from the run directory's")
	}
	hl, okl := live.Hidden(7)
	hf, okf := file.Hidden(7)
	if !okl || !okf || len(hl) != len(hf) || !slices.Equal(hl[3], hf[3]) {
		t.Errorf("hidden activity of episode 7: live %v (%d rows), file %v (%d rows)", okl, len(hl), okf, len(hf))
	}
	if live.Status != "finished" {
		t.Errorf("status %q", live.Status)
	}
	// The headless run of the same scenario writes the same tables.
	ref := smallRun(t)
	for _, f := range []string{"episodes.csv", "replay_events.csv", "sleeps.csv"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(ref, f))
		if len(a) == 0 || string(a) != string(b) {
			t.Errorf("%s of the live run differs from the headless run's", f)
		}
	}
}
