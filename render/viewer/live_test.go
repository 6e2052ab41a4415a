package viewer

import (
	"context"
	"image"
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
	if !slices.Equal(live.Episodes, file.Episodes) || !slices.Equal(live.Pos, file.Pos) || !slices.Equal(live.Actions, file.Actions) || !slices.Equal(live.Predicted, file.Predicted) {
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

// The first snapshot, before the runner reported anything, is an empty
// run the view can show; the source then reports news.
func TestLiveSourceFromTheStart(t *testing.T) {
	sc, err := scenarios.Load("tmaze-small", []string{"run.sessions=1"})
	if err != nil {
		t.Fatal(err)
	}
	l, err := StartLive(context.Background(), sc, scenarios.Options{Out: filepath.Join(t.TempDir(), "r"), Name: "tmaze-small"})
	if err != nil {
		t.Fatal(err)
	}
	d, src := NewLiveSource(l)
	v := NewView(d)
	if _, ok := v.At(); ok && len(d.Episodes) == 0 {
		t.Error("an empty run has a place")
	}
	var c Canvas
	if _, err := c.Draw(v, 640, 480, image.Pt(-1, -1)); err != nil {
		t.Fatal(err)
	}
	if err := l.Wait(); err != nil {
		t.Fatal(err)
	}
	d2, err := src.Poll()
	if err != nil || d2 == nil || len(d2.Episodes) != 5 {
		t.Fatalf("after the run: %v, data %v", err, d2 != nil)
	}
	v.SetData(d2)
	if at, ok := v.At(); !ok || at.Episode != 0 {
		t.Errorf("after the first news the view is at %+v", at)
	}
}
