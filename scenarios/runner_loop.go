package scenarios

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/sleep"
)

// Log is a run's record: every episode, every sleep and every replay event.
// It feeds the tables, arrays and figures. Training never reads its content
// (the lived steps): sleep trains on the cache's replay. The sleep schedule
// reads scalars from it: the budget the recent episodes' success and awake
// loss, the selection each episode's reward, peak loss and cache id; replay
// fidelity compares a replay with the lived content (measured, not trained on).
type Log struct {
	Episodes []*agent.Episode // one per episode lived
	Sleeps   []SleepRecord    // one per sleep
	Events   []sleep.Event    // two per replay event (forward, reverse), sleep and awake, and one per forward sweep, in time order
}

// SleepRecord summarises one sleep.
type SleepRecord struct {
	Sleep        int     // sleep index (0-based)
	AfterEpisode int     // episodes lived before it
	Planned      int     // replay events the budget rule asked for
	Events       int     // replay events run (0 when no episode qualified)
	SuccessRate  float64 // r̄ over the window the budget saw
	AwakeLoss    float64 // ē over the same window
}

// run is one scenario run in progress.
type run struct {
	w        *world
	dir      *record.Dir
	opt      Options
	log      *Log
	resolved string
	created  time.Time
}

func newRun(sc *Scenario, dir *record.Dir, opt Options) (*run, error) {
	var buf bytes.Buffer
	if err := sc.WriteResolved(&buf); err != nil {
		return nil, err
	}
	r := &run{w: &world{sc: sc}, dir: dir, opt: opt, log: &Log{}, resolved: buf.String(), created: time.Now().UTC()}
	if !opt.Resume {
		// The manifest comes first, so that a run killed at any later
		// moment can be resumed from its folder alone.
		if err := r.begin(); err != nil {
			return nil, err
		}
	}
	w, err := assemble(sc)
	if err != nil {
		r.fail(err)
		return nil, err
	}
	r.w = w
	return r, nil
}

func (r *run) logger() *slog.Logger {
	if r.opt.Logger != nil {
		return r.opt.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (r *run) manifest(status record.Status, failure error) record.Manifest {
	m := record.Manifest{Scenario: r.opt.Name, Resolved: r.resolved, Seed: r.w.sc.Run.Seed,
		Version: r.opt.Version, Status: status, Created: r.created, Updated: time.Now().UTC()}
	if failure != nil {
		m.Error = failure.Error()
	}
	return m
}

// begin marks the run as running.
func (r *run) begin() error { return r.dir.WriteManifest(r.manifest(record.StatusRunning, nil)) }

// fail marks the run as failed; the last checkpoint stays.
func (r *run) fail(err error) {
	if werr := r.dir.WriteManifest(r.manifest(record.StatusFailed, err)); werr != nil {
		r.logger().Error("writing manifest", "err", werr)
	}
}

// totalEpisodes is the number of awake episodes the run lives.
// Demonstrations come first and count.
func (r *run) totalEpisodes() int {
	return r.w.sc.Run.Demonstrations + r.w.sc.Run.Sessions*r.w.sc.Sleep.Every
}

// loop lives episodes and sleeps until the run is done or ctx is cancelled.
func (r *run) loop(ctx context.Context) error {
	every, total, demos := r.w.sc.Sleep.Every, r.totalEpisodes(), r.w.sc.Run.Demonstrations
	for {
		if own := len(r.log.Episodes) - demos; own >= 0 && len(r.log.Sleeps) < own/every { // a sleep is due
			if err := r.sleep(); err != nil {
				return err
			}
			if n := len(r.log.Sleeps); n%r.w.sc.Run.CheckpointEvery == 0 && len(r.log.Episodes) < total {
				if err := r.checkpoint(); err != nil {
					return err
				}
			}
			if err := ctx.Err(); err != nil {
				return ErrInterrupted
			}
			continue
		}
		if len(r.log.Episodes) >= total {
			return nil
		}
		if err := r.awake(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return ErrInterrupted
		}
	}
}

// awake lives one episode.
func (r *run) awake() error {
	seed := r.w.streams["env"].Uint64()
	live := r.w.agent.Live
	if len(r.log.Episodes) < r.w.sc.Run.Demonstrations {
		live = r.w.agent.Demonstrate
	}
	ep, err := live(r.w.env, seed)
	if err != nil {
		return r.explain(err)
	}
	if math.IsInf(ep.Reward, 0) || math.IsNaN(ep.Reward) {
		return fmt.Errorf("episode %d: its summed reward overflowed to %v; lower the reward magnitudes (maze.legend.*.magnitude, task.sample_reward)", ep.Index, ep.Reward)
	}
	r.log.Episodes = append(r.log.Episodes, ep)
	r.log.Events = append(r.log.Events, r.sweepEvents(ep)...)
	if err := r.awakeReplay(ep); err != nil {
		return r.explain(err)
	}
	r.report("awake")
	return nil
}

// recent returns the success (1/0) and awake loss of the last window episodes.
func (r *run) recent(window int) (success, loss []float64) {
	eps := r.log.Episodes[max(0, len(r.log.Episodes)-window):]
	for _, e := range eps {
		success = append(success, b2f(e.Success))
		loss = append(loss, e.Loss)
	}
	return success, loss
}

// sleep runs one sleep phase.
func (r *run) sleep() error {
	cfg := r.w.sleeper.Config()
	success, loss := r.recent(cfg.Window)
	planned := cfg.Plan(success, loss)
	index := len(r.log.Sleeps)
	var cands []sleep.Candidate
	// Every episode lived is a candidate; the sleeper keeps those the cache
	// still holds (rewarded ones outlast others: agent tags their salience).
	for _, e := range r.log.Episodes {
		cands = append(cands, candidate(e))
	}
	ref := r.reference()
	events, err := r.w.sleeper.Sleep(index, planned, r.w.cortex, r.w.cache, cands, ref)
	if err != nil {
		return r.explain(err)
	}
	sleep.MarkSleep(events)
	r.w.cache.Decay()
	r.log.Events = append(r.log.Events, events...)
	r.log.Sleeps = append(r.log.Sleeps, SleepRecord{Sleep: index, AfterEpisode: len(r.log.Episodes), Planned: planned,
		Events: len(events) / 2, SuccessRate: mean(success), AwakeLoss: mean(loss)})
	r.report("sleep")
	return nil
}

func (r *run) report(phase string) {
	success, _ := r.recent(r.w.sleeper.Config().Window)
	p := Progress{Episode: len(r.log.Episodes), Episodes: r.totalEpisodes(), Sleeps: len(r.log.Sleeps), Phase: phase,
		SuccessRate: mean(success), Log: r.log}
	if n := len(r.log.Episodes); n > 0 {
		p.Loss = r.log.Episodes[n-1].Loss
	}
	if n := len(r.log.Sleeps); n > 0 {
		p.Events = r.log.Sleeps[n-1].Events
	}
	if r.opt.Progress != nil {
		r.opt.Progress(p)
	}
	if phase == "sleep" {
		r.logger().Info("sleep", "sleep", p.Sleeps, "episode", p.Episode, "of", p.Episodes,
			"success", fmt.Sprintf("%.2f", p.SuccessRate), "replay_events", p.Events)
	}
}

// finish writes the outputs and figures and marks the run finished.
func (r *run) finish() (*Result, error) {
	if err := r.writeOutputs(); err != nil {
		r.fail(err)
		return nil, err
	}
	if err := r.writeFigures(); err != nil {
		r.fail(err)
		return nil, err
	}
	if err := r.dir.WriteManifest(r.manifest(record.StatusFinished, nil)); err != nil {
		return nil, err
	}
	return r.result(), nil
}

func (r *run) result() *Result {
	var success []float64
	for _, e := range r.log.Episodes {
		success = append(success, b2f(e.Success))
	}
	first, last := successStats(success, 40)
	res := &Result{Dir: r.dir.Path(), Episodes: len(r.log.Episodes), Sleeps: len(r.log.Sleeps), ReplayEvents: len(sleepEvents(r.log.Events)) / 2,
		FirstSuccess: first, FinalSuccess: last, EpisodesTo90: -1, SleepsTo90: -1, Record: r.log, ResolvedConfig: r.resolved,
		Awake: summariseAwake(r.log, r.w.env.Maze())}
	for i := 40; i <= len(success); i++ {
		if mean(success[i-40:i]) >= 0.9 {
			res.EpisodesTo90 = i
			res.SleepsTo90 = i / r.w.sc.Sleep.Every
			break
		}
	}
	return res
}

// explain adds to a divergence error the setting to lower.
func (r *run) explain(err error) error {
	if errors.Is(err, cortex.ErrRunaway) || errors.Is(err, cortex.ErrDiverged) {
		return fmt.Errorf("%w; lower cortex.lr (now %g)", err, r.w.sc.Cortex.LR)
	}
	return err
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
