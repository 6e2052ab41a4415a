package sweep

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/scenarios"
)

// tinyPlan plans n seeds of a two-session tmaze-small into a temporary folder.
func tinyPlan(t *testing.T, seeds string) *Plan {
	t.Helper()
	src := "schema_version = 1\nscenario = \"tmaze-small\"\nseeds = " + seeds + "\n[set]\nrun.sessions = 2\n"
	s, err := Parse("tiny.toml", []byte(src), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, err := Write(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

var outputs = []string{record.EpisodesFile, record.SleepsFile, record.ReplayEventsFile, record.ArraysFile}

// TestSameIndexAtOnce starts two tasks on the same index at the same
// moment, again and again: exactly one writes it (tasks.log counts one
// run), the other is refused by the lock naming the holder or finds it
// finished, and the run equals an uncontested run byte for byte.
func TestSameIndexAtOnce(t *testing.T) {
	n := 20
	if testing.Short() {
		n = 3
	}
	race, ref := tinyPlan(t, "20"), tinyPlan(t, "20")
	refused := 0
	for i := range n {
		if _, err := ref.RunIndex(context.Background(), i, TaskOptions{}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for k := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[k] = race.RunIndex(context.Background(), i, TaskOptions{})
			}()
		}
		close(start)
		wg.Wait()
		for _, err := range errs {
			if err == nil {
				continue
			}
			if !errors.Is(err, record.ErrLocked) || !strings.Contains(err.Error(), "is in use by another process: process ") {
				t.Fatalf("index %d: %v; want a lock refusal naming the holder", i, err)
			}
			refused++
		}
		if errs[0] != nil && errs[1] != nil {
			t.Fatalf("index %d: both tasks refused", i)
		}
		_, runs, err := race.WallTimes()
		if err != nil {
			t.Fatal(err)
		}
		if runs[i] != 1 {
			t.Fatalf("index %d ran %d times", i, runs[i])
		}
		sameOutputs(t, race.RunDir(i), ref.RunDir(i))
	}
	t.Logf("%d races: %d refused by the lock, %d found the index finished", n, refused, n-refused)
}

func sameOutputs(t *testing.T, a, b string) {
	t.Helper()
	for _, f := range outputs {
		x, err1 := os.ReadFile(filepath.Join(a, f))
		y, err2 := os.ReadFile(filepath.Join(b, f))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between %s and %s (%v, %v)", f, a, b, err1, err2)
		}
	}
}

// TestLocalThenRerunRedoesNothing runs a sweep with two workers, then
// every index again: nothing runs twice, and collect sees every run.
func TestLocalThenRerunRedoesNothing(t *testing.T) {
	p := tinyPlan(t, "3")
	sum, err := p.RunLocal(context.Background(), LocalOptions{Jobs: 2})
	if err != nil || sum.Done != 3 || sum.Skipped != 0 {
		t.Fatalf("first sweep: %+v, %v", sum, err)
	}
	before, _ := os.ReadFile(filepath.Join(p.Dir, TasksLog))
	sum, err = p.RunLocal(context.Background(), LocalOptions{Jobs: 2})
	if err != nil || sum.Todo != 0 || sum.Skipped != 3 {
		t.Fatalf("second sweep: %+v, %v", sum, err)
	}
	for i := range 3 {
		res, err := p.RunIndex(context.Background(), i, TaskOptions{})
		if err != nil || !res.Skipped {
			t.Fatalf("index %d again: %+v, %v; want skipped", i, res, err)
		}
	}
	after, _ := os.ReadFile(filepath.Join(p.Dir, TasksLog))
	if !bytes.Equal(before, after) || bytes.Count(after, []byte("\n")) != 3 {
		t.Fatalf("tasks.log changed or has not 3 lines:\n%s\n%s", before, after)
	}
	c, err := p.Collect()
	if err != nil || len(c.Runs) != 3 || len(c.Points) != 1 || c.Points[0].Stats[MetricSuccessLast].N != 3 {
		t.Fatalf("collect: %+v, %v", c, err)
	}
	if got := Counts(p.StatusAll()); got[StateDone] != 3 {
		t.Fatalf("status counts %v; want 3 done", got)
	}
}

// TestStat checks the mean, standard deviation and t interval on known values.
func TestStat(t *testing.T) {
	s := stat([]float64{1, 2, 3, 4, 5})
	// sd = sqrt(2.5) = 1.5811; t(0.975, 4) = 2.7764; half = 2.7764·1.5811/√5 = 1.9632
	if s.N != 5 || s.Mean != 3 || abs(s.SD-1.58114) > 1e-5 || abs(s.Lo-(3-1.96324)) > 1e-4 || abs(s.Hi-(3+1.96324)) > 1e-4 {
		t.Fatalf("stat = %+v", s)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestLocalStopAndContinue cancels a local sweep while runs are going (as
// Ctrl-C does), then continues it: every index ends with the same bytes
// as in a sweep never stopped.
func TestLocalStopAndContinue(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a small sweep three times")
	}
	src := "schema_version = 1\nscenario = \"tmaze-small\"\nseeds = 3\n[set]\nrun.sessions = 12\nrun.checkpoint_every = 1\n"
	plan := func() *Plan {
		s, err := Parse("stop.toml", []byte(src), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		p, err := Write(s, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	ref, p := plan(), plan()
	if _, err := ref.RunLocal(context.Background(), LocalOptions{Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sum, err := p.RunLocal(ctx, LocalOptions{Jobs: 2, ReportEvery: 5 * time.Millisecond, Report: func(lp LocalProgress) {
		if lp.Fraction > 0.1 {
			cancel()
		}
	}})
	if !errors.Is(err, scenarios.ErrInterrupted) || sum.Done == 3 {
		t.Fatalf("stopped sweep: %+v, %v; want interrupted with indices left", sum, err)
	}
	counts := Counts(p.StatusAll())
	if counts[StateDone] == 3 || counts[StateStopped]+counts[StateMissing] == 0 {
		t.Fatalf("after the stop: %v", counts)
	}
	sum, err = p.RunLocal(context.Background(), LocalOptions{Jobs: 2})
	if err != nil || sum.Done+sum.Skipped != 3 {
		t.Fatalf("continued sweep: %+v, %v", sum, err)
	}
	for i := range 3 {
		sameOutputs(t, p.RunDir(i), ref.RunDir(i))
	}
	t.Logf("stopped with %v; continued", counts)
}
