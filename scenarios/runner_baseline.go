package scenarios

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"

	"github.com/replaylab/replaylab/baseline"
)

// Tabular baselines (agent.kind = q-learning | dyna-q) run in the same
// runner and write the same outputs: episodes.csv, arrays.npz and figures
// from their episodes; sleeps.csv and replay_events.csv with their headers
// only (no cache, no sleep). They live run.sessions × sleep.every episodes,
// the replaylab agent's count, and checkpoint every sleep.every ×
// run.checkpoint_every episodes.

// blobBaseline is the checkpoint blob of a baseline's table and model.
const blobBaseline = "baseline.gob"

// baselineConfig returns the baseline settings of the scenario, or ok
// false for the replaylab agent.
func (sc *Scenario) baselineConfig() (cfg baseline.Config, ok bool, err error) {
	if sc.Agent.Kind == "" || sc.Agent.Kind == "replaylab" {
		return cfg, false, nil
	}
	if cfg.Kind, err = baseline.ParseKind(sc.Agent.Kind); err != nil {
		return cfg, true, err
	}
	cfg.Alpha, cfg.Gamma, cfg.PlanningSteps = sc.Agent.Alpha, sc.Agent.Gamma, sc.Agent.PlanningSteps
	if cfg.Policy, err = sc.agentConfig(); err != nil {
		return cfg, true, err
	}
	return cfg, true, cfg.Validate()
}

// newBaseline makes the world's baseline learner when the scenario asks for one.
func (w *world) newBaseline() error {
	cfg, ok, err := w.sc.baselineConfig()
	if err != nil || !ok {
		return err
	}
	w.baseline, err = baseline.New(cfg, w.env, w.streams["policy"].Rand)
	return err
}

// loopBaseline lives the baseline's episodes until the run is done or ctx
// is cancelled.
func (r *run) loopBaseline(ctx context.Context) error {
	total := r.totalEpisodes()
	every := r.w.sc.Sleep.Every * r.w.sc.Run.CheckpointEvery
	for len(r.log.Episodes) < total {
		seed := r.w.streams["env"].Uint64()
		ep, err := r.w.baseline.Live(r.w.env, seed)
		if err != nil {
			return err
		}
		r.log.Episodes = append(r.log.Episodes, ep)
		r.report("awake")
		if n := len(r.log.Episodes); n%every == 0 && n < total {
			if err := r.checkpoint(); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return ErrInterrupted
		}
	}
	return nil
}

// saveBaseline adds the baseline's state to the checkpoint blobs.
func (r *run) saveBaseline(blobs map[string]io.WriterTo) error {
	if r.w.baseline == nil {
		return nil
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(r.w.baseline.Snapshot()); err != nil {
		return fmt.Errorf("checkpoint: baseline: %w", err)
	}
	blobs[blobBaseline] = &buf
	return nil
}

// restoreBaseline loads the baseline's state from the checkpoint blobs.
func (r *run) restoreBaseline(blobs map[string][]byte) error {
	if r.w.baseline == nil {
		return nil
	}
	b, ok := blobs[blobBaseline]
	if !ok {
		return fmt.Errorf("resume: checkpoint in %s has no %s", r.dir.Path(), blobBaseline)
	}
	var st baseline.State
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&st); err != nil {
		return fmt.Errorf("resume: baseline: %w", err)
	}
	if err := r.w.baseline.Restore(st); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	return nil
}
