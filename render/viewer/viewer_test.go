package viewer

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/scenarios"
)

var (
	runOnce sync.Once
	runDir  string
	runErr  error
)

// smallRun makes (once per test binary) a finished tmaze-small run of 20
// episodes with hidden activity recorded.
func smallRun(t *testing.T) string {
	t.Helper()
	runOnce.Do(func() {
		dir, err := os.MkdirTemp("", "viewer-run-")
		if err != nil {
			runErr = err
			return
		}
		runDir = filepath.Join(dir, "run")
		sc, err := scenarios.Load("tmaze-small", []string{"run.sessions=4", "run.record_hidden=true"})
		if err != nil {
			runErr = err
			return
		}
		_, runErr = scenarios.Run(context.Background(), sc, scenarios.Options{Out: runDir, Name: "tmaze-small"})
	})
	if runErr != nil {
		t.Fatal(runErr)
	}
	return runDir
}

// copyRun copies the run's top-level files into a new folder to damage.
func copyRun(t *testing.T) string {
	src := smallRun(t)
	dst := t.TempDir()
	for _, f := range []string{"manifest.json", "episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz"} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func TestOpenIndexesTheRun(t *testing.T) {
	d, err := Open(smallRun(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Episodes) != 20 || len(d.Sleeps) != 4 || len(d.Replays)%2 != 0 || len(d.Replays) == 0 {
		t.Fatalf("%d episodes, %d sleeps, %d replays: want 20, 4 and an even number > 0", len(d.Episodes), len(d.Sleeps), len(d.Replays))
	}
	for i, e := range d.Episodes {
		p := d.Path(i)
		if len(p) != e.Steps+1 || p[0] != (render.Cell{Row: 1, Col: 4}) {
			t.Fatalf("episode %d: %d positions starting at %v, want %d from the start (1, 4)", i, len(p), p[0], e.Steps+1)
		}
		if e.Cue != "left" && e.Cue != "right" {
			t.Fatalf("episode %d: cue %q, want left or right", i, e.Cue)
		}
	}
	rows, ok := d.Hidden(3)
	if !ok || len(rows) != d.Episodes[3].Steps || len(rows[0]) != 64 {
		t.Fatalf("hidden of episode 3: ok %v, %d rows: want %d rows of 64 (2 × n = 32)", ok, len(rows), d.Episodes[3].Steps)
	}
}

func TestOpenBadInput(t *testing.T) {
	empty := t.TempDir()
	_, err := Open(empty)
	want := empty + " is not a run directory: it has no manifest.json (make one with: replaylab run SCENARIO --out " + empty + ")"
	if err == nil || err.Error() != want {
		t.Errorf("not a run: %v\nwant %s", err, want)
	}

	trunc := copyRun(t)
	b, _ := os.ReadFile(filepath.Join(trunc, "episodes.csv"))
	os.WriteFile(filepath.Join(trunc, "episodes.csv"), b[:len(b)/2], 0o644)
	if _, err := Open(trunc); err == nil || !strings.Contains(err.Error(), "episodes.csv") {
		t.Errorf("truncated episodes.csv: %v, want an error naming the file", err)
	}

	corrupt := copyRun(t)
	b, _ = os.ReadFile(filepath.Join(corrupt, "arrays.npz"))
	for i := 100; i < len(b)-100; i++ {
		b[i] ^= 0x5a
	}
	os.WriteFile(filepath.Join(corrupt, "arrays.npz"), b, 0o644)
	if _, err := Open(corrupt); err == nil || !strings.Contains(err.Error(), "arrays.npz") {
		t.Errorf("corrupt arrays.npz: %v, want an error naming the file", err)
	}

	short := copyRun(t)
	b, _ = os.ReadFile(filepath.Join(short, "arrays.npz"))
	os.WriteFile(filepath.Join(short, "arrays.npz"), b[:len(b)-200], 0o644)
	if _, err := Open(short); err == nil || !strings.Contains(err.Error(), "arrays.npz: not a readable npz archive") {
		t.Errorf("cut arrays.npz: %v", err)
	}
}

// Another helper adds columns (phase, reversal_error, stored_steps): they
// must be ignored.
func TestOpenToleratesExtraColumns(t *testing.T) {
	dir := copyRun(t)
	for _, f := range []string{"episodes.csv", "replay_events.csv"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		lines[0] = "extra," + lines[0]
		for i := 1; i < len(lines); i++ {
			lines[i] = "7," + lines[i]
		}
		os.WriteFile(filepath.Join(dir, f), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	}
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Episodes) != 20 || d.Episodes[5].Index != 5 {
		t.Errorf("%d episodes, episode 5 is %d", len(d.Episodes), d.Episodes[5].Index)
	}
}

func TestSeek(t *testing.T) {
	d, _ := Open(smallRun(t))
	v := NewView(d)
	if err := v.Seek("3:2"); err != nil {
		t.Fatal(err)
	}
	if at, _ := v.At(); at.Replay || at.Episode != 3 || at.Step != 2 {
		t.Errorf("3:2 gives %+v", at)
	}
	fwd := d.Replays[0]
	n := fwd.end - fwd.start
	if err := v.Seek("0:0:" + itoa(n)); err != nil { // first step of the reverse half
		t.Fatal(err)
	}
	if at, _ := v.At(); !at.Replay || !at.Reverse || at.Step != 0 || at.Sleep != 0 || at.Event != 0 {
		t.Errorf("0:0:%d gives %+v, want the reverse replay's step 0", n, at)
	}
	for spec, want := range map[string]string{
		"20:0":    "--at 20:0: the run has episodes 0 to 19",
		"3:999":   "--at 3:999: episode 3 has steps 0 to " + itoa(d.Episodes[3].Steps),
		"9:0:0":   "--at 9:0:0: the run has no replay event 0 in sleep 9 (4 sleeps; see replay_events.csv)",
		"x:1":     `--at "x:1": "x" is not a non-negative whole number (want episode:step or sleep:event:step)`,
		"1:2:3:4": `--at "1:2:3:4": want episode:step or sleep:event:step`,
	} {
		if err := v.Seek(spec); err == nil || err.Error() != want {
			t.Errorf("Seek(%q) = %v\nwant %s", spec, err, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// BenchmarkOpen opens the run in $REPLAYLAB_BENCH_RUN (default: the small
// test run), as the viewer does at start.
func BenchmarkOpen(b *testing.B) {
	dir := os.Getenv("REPLAYLAB_BENCH_RUN")
	if dir == "" {
		dir = smallRun(&testing.T{})
	}
	for range b.N {
		if _, err := Open(dir); err != nil {
			b.Fatal(err)
		}
	}
}
