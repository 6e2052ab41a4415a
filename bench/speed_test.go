package bench

import (
	"testing"
	"time"

	"github.com/replaylab/replaylab/hippocampus"
)

// The kernel figures measure real work: whole sequences and replays, at
// least once, with a wall time that covers them.
func TestSpeedKernels(t *testing.T) {
	r, err := speedConsolidator(32, 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count < 100 || r.Count%100 != 0 || r.Wall < 10*time.Millisecond {
		t.Errorf("consolidator: %d steps in %v, want whole 100-step sequences over at least 10ms", r.Count, r.Wall)
	}
	cfg := hippocampus.PaperConfig()
	replay, store, err := speedCache(cfg, 10*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if replay.Count < 20 || replay.Count%20 != 0 || store.Count < 1 {
		t.Errorf("cache: %d replay steps, %d stores; want whole 20-step replays and a store", replay.Count, store.Count)
	}
}

// The sleep timing runs on a finished run's checkpoint.
func TestSpeedSleep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tmaze-small")
	}
	dir := t.TempDir()
	if _, err := speedRun("tmaze-small", dir); err != nil {
		t.Fatal(err)
	}
	r, err := speedSleep(dir+"/checkpoint", 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 100 || r.Wall <= 0 {
		t.Errorf("sleep: %+v", r)
	}
}
