package scenarios

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// Checkpoint blobs: the consolidator (NPZ), the cache, the random streams,
// the run's log (gob; it carries NaN losses that JSON cannot), and the
// resolved scenario, so a resume can refuse a scenario that changed.
const (
	blobCortex   = "cortex.npz"
	blobCache    = "cache.bin"
	blobStreams  = "streams.gob"
	blobLog      = "log.gob"
	blobScenario = "scenario.toml"
)

// checkpoint writes the outputs so far and a checkpoint they agree with.
func (r *run) checkpoint() error {
	if err := r.writeOutputs(); err != nil {
		return err
	}
	var cx, cache, streams, log bytes.Buffer
	if err := r.w.cortex.Save(&cx); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := r.w.cache.Save(&cache); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	states := map[string][]byte{}
	for name, s := range r.w.streams {
		b, err := s.MarshalBinary()
		if err != nil {
			return fmt.Errorf("checkpoint: stream %s: %w", name, err)
		}
		states[name] = b
	}
	if err := gob.NewEncoder(&streams).Encode(states); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := gob.NewEncoder(&log).Encode(r.log); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	blobs := map[string]io.WriterTo{
		blobCortex: &cx, blobCache: &cache, blobStreams: &streams, blobLog: &log,
		blobScenario: bytes.NewReader([]byte(r.resolved)),
	}
	if err := r.saveBaseline(blobs); err != nil {
		return err
	}
	if err := r.dir.SaveCheckpoint(blobs); err != nil {
		return err
	}
	r.logger().Info("checkpoint", "episode", len(r.log.Episodes), "sleeps", len(r.log.Sleeps))
	return nil
}

// restore loads the checkpoint of the run directory into r.
func (r *run) restore() error {
	blobs, err := r.dir.LoadCheckpoint()
	if err != nil {
		return err
	}
	for _, name := range []string{blobCortex, blobCache, blobStreams, blobLog, blobScenario} {
		if _, ok := blobs[name]; !ok {
			return fmt.Errorf("resume: checkpoint in %s has no %s", r.dir.Path(), name)
		}
	}
	if string(blobs[blobScenario]) != r.resolved {
		return fmt.Errorf("resume: %s", r.differs())
	}
	cx, err := cortex.Load(bytes.NewReader(blobs[blobCortex]), int64(len(blobs[blobCortex])))
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	cache, err := hippocampus.Load(bytes.NewReader(blobs[blobCache]))
	if err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	var states map[string][]byte
	if err := gob.NewDecoder(bytes.NewReader(blobs[blobStreams])).Decode(&states); err != nil {
		return fmt.Errorf("resume: random streams: %w", err)
	}
	for name, s := range r.w.streams {
		if err := s.UnmarshalBinary(states[name]); err != nil {
			return fmt.Errorf("resume: random stream %s: %w", name, err)
		}
	}
	var log Log
	if err := gob.NewDecoder(bytes.NewReader(blobs[blobLog])).Decode(&log); err != nil {
		return fmt.Errorf("resume: run log: %w", err)
	}
	// Rebuild the agent around the restored consolidator and cache; its
	// policy stream was restored above.
	if err := r.w.newAgent(cx, cache); err != nil {
		return fmt.Errorf("resume: %w", err)
	}
	r.w.agent.SetLived(len(log.Episodes))
	if err := r.restoreBaseline(blobs); err != nil {
		return err
	}
	// The environment counts its resets (for alternating cues): one per episode.
	r.w.env.SetResets(len(log.Episodes))
	r.log = &log
	r.created = r.dir.Previous.Created
	r.logger().Info("resumed", "episode", len(log.Episodes), "sleeps", len(log.Sleeps))
	return nil
}
