package sweep

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/replaylab/replaylab/scenarios"
)

// LocalOptions configures RunLocal.
type LocalOptions struct {
	Jobs    int    // workers; 0 means one per core (runtime.NumCPU)
	Version string // program version for the manifests
	// Report, if set, is called with the sweep's progress when a run ends
	// and every ReportEvery while runs go on. Calls never overlap.
	Report      func(LocalProgress)
	ReportEvery time.Duration // default 1 s
}

// LocalProgress is a snapshot of a local sweep.
type LocalProgress struct {
	Total    int           // indices of the sweep
	Todo     int           // indices this call set out to run (unfinished at its start)
	Done     int           // of Todo, finished
	Running  int           // running now
	Failed   int           // of Todo, failed (or held by another process)
	Fraction float64       // of Todo's work done, counting episodes of running runs
	Elapsed  time.Duration // since the call began
	ETA      time.Duration // estimated time left (0 when unknown)
}

// String writes the snapshot as one line for a log or a progress bar.
func (lp LocalProgress) String() string {
	eta := "ETA unknown"
	if lp.ETA > 0 {
		eta = "ETA " + lp.ETA.Round(time.Second).String()
	}
	return fmt.Sprintf("%d/%d done, %d running, %d failed, %s", lp.Done, lp.Todo, lp.Running, lp.Failed, eta)
}

// LocalSummary is what RunLocal did.
type LocalSummary struct {
	LocalProgress
	Skipped  int           // indices already finished at the start
	Failures []error       // one per failed index
	Wall     time.Duration // the call's wall time
}

// RunLocal runs every unfinished index of the plan on this machine with
// opt.Jobs workers, each index through RunIndex. Cancelling ctx stops every
// run after its current episode with a checkpoint and returns an error
// wrapping scenarios.ErrInterrupted; a second call continues. Indices that
// fail do not stop the others; RunLocal then returns an error naming them.
func (p *Plan) RunLocal(ctx context.Context, opt LocalOptions) (LocalSummary, error) {
	jobs := opt.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	every := opt.ReportEvery
	if every <= 0 {
		every = time.Second
	}
	var todo []int
	for i := range p.Len() {
		if !finished(p.RunDir(i)) {
			todo = append(todo, i)
		}
	}
	pool := &localPool{plan: p, start: time.Now(), fraction: map[int]float64{}, report: opt.Report}
	pool.snap = LocalProgress{Total: p.Len(), Todo: len(todo)}
	sum := LocalSummary{Skipped: p.Len() - len(todo)}

	queue := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(todo), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				pool.run(ctx, i, opt.Version)
			}
		}()
	}
	stopTicker := make(chan struct{})
	tickerDone := make(chan struct{})
	go func() {
		defer close(tickerDone)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				pool.publish()
			case <-stopTicker:
				return
			}
		}
	}()
	for _, i := range todo {
		if ctx.Err() != nil {
			break
		}
		select {
		case queue <- i:
		case <-ctx.Done():
		}
	}
	close(queue)
	wg.Wait()
	close(stopTicker)
	<-tickerDone

	sum.LocalProgress = pool.snapshot()
	sum.Failures = pool.failures
	sum.Wall = time.Since(pool.start)
	switch {
	case ctx.Err() != nil || pool.interrupted:
		return sum, fmt.Errorf("sweep: stopped with %d of %d indices left: %w", sum.Todo-sum.Done, sum.Todo, scenarios.ErrInterrupted)
	case len(sum.Failures) > 0:
		msgs := make([]string, 0, min(len(sum.Failures), 5))
		for _, e := range sum.Failures[:min(len(sum.Failures), 5)] {
			msgs = append(msgs, e.Error())
		}
		more := ""
		if len(sum.Failures) > 5 {
			more = fmt.Sprintf("\n(and %d more)", len(sum.Failures)-5)
		}
		return sum, fmt.Errorf("sweep: %d of %d indices failed:\n%s%s", len(sum.Failures), sum.Todo, strings.Join(msgs, "\n"), more)
	}
	return sum, nil
}

// localPool is the shared state of RunLocal's workers.
type localPool struct {
	plan        *Plan
	start       time.Time
	report      func(LocalProgress)
	mu          sync.Mutex
	snap        LocalProgress
	fraction    map[int]float64 // running index -> fraction of its episodes done
	failures    []error
	interrupted bool
	reportMu    sync.Mutex // keeps Report calls from overlapping
}

func (lp *localPool) run(ctx context.Context, i int, version string) {
	lp.mu.Lock()
	lp.snap.Running++
	lp.fraction[i] = 0
	lp.mu.Unlock()
	_, err := lp.plan.RunIndex(ctx, i, TaskOptions{Version: version, Progress: func(pr scenarios.Progress) {
		if pr.Episodes > 0 {
			lp.mu.Lock()
			lp.fraction[i] = float64(pr.Episode) / float64(pr.Episodes)
			lp.mu.Unlock()
		}
	}})
	lp.mu.Lock()
	lp.snap.Running--
	delete(lp.fraction, i)
	switch {
	case errors.Is(err, scenarios.ErrInterrupted):
		lp.interrupted = true
	case err != nil:
		lp.snap.Failed++
		lp.failures = append(lp.failures, err)
	default:
		lp.snap.Done++
	}
	lp.mu.Unlock()
	lp.publish()
}

// snapshot returns the progress now, with its fraction and ETA.
func (lp *localPool) snapshot() LocalProgress {
	lp.mu.Lock()
	defer lp.mu.Unlock()
	s := lp.snap
	s.Elapsed = time.Since(lp.start)
	if s.Todo > 0 {
		work := float64(s.Done + s.Failed)
		for _, f := range lp.fraction {
			work += f
		}
		s.Fraction = work / float64(s.Todo)
	}
	if s.Fraction > 0 && s.Fraction < 1 {
		s.ETA = time.Duration(float64(s.Elapsed) * (1 - s.Fraction) / s.Fraction)
	}
	return s
}

func (lp *localPool) publish() {
	if lp.report == nil {
		return
	}
	lp.reportMu.Lock()
	defer lp.reportMu.Unlock()
	lp.report(lp.snapshot())
}
