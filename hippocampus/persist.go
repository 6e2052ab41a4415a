package hippocampus

import (
	"encoding/gob"
	"fmt"
	"io"
)

// snapshot is the saved form of a Cache: configuration, base seed, the
// content readout and the episode table. The sequence matrices, buffers,
// memos and the expansion layer are rebuilt: the matrices are exactly a
// function of the episode table (rebuildSequences), so a snapshot is about
// 8·R·dim bytes (plus gob's compression of zeros), not 4·8·N².
type snapshot struct {
	Version  int
	Config   Config
	Blocks   []int
	Base     uint64
	Read     []float64
	XSum     []float64
	ClassVar []float64
	Episodes []savedEpisode
	NextID   EpisodeID
}

type savedEpisode struct {
	ID       EpisodeID
	Seed     uint64
	Steps    int
	Strength float64
	Salience float64
}

const snapshotVersion = 3

// Save writes the whole cache to w (encoding/gob); Load restores it so that
// every later Store and Replay gives bit-identical results.
func (c *Cache) Save(w io.Writer) error {
	s := snapshot{
		Version: snapshotVersion, Config: c.cfg, Blocks: c.blocks, Base: c.base,
		Read: c.readT.Data, XSum: c.xsum, ClassVar: c.classVar, NextID: c.nextID,
	}
	for _, e := range c.episodes {
		s.Episodes = append(s.Episodes, savedEpisode{e.id, e.seed, e.steps, e.strength, e.salience})
	}
	if err := gob.NewEncoder(w).Encode(&s); err != nil {
		return fmt.Errorf("hippocampus: save: %w", err)
	}
	return nil
}

// Load reads a cache written by Save.
func Load(r io.Reader) (*Cache, error) {
	var s snapshot
	if err := gob.NewDecoder(r).Decode(&s); err != nil {
		return nil, fmt.Errorf("hippocampus: load: %w", err)
	}
	if s.Version != snapshotVersion {
		return nil, fmt.Errorf("hippocampus: load: snapshot version %d, want %d", s.Version, snapshotVersion)
	}
	if err := s.Config.Validate(); err != nil {
		return nil, fmt.Errorf("hippocampus: load: %w", err)
	}
	c, err := newCache(s.Config, s.Blocks, s.Base)
	if err != nil {
		return nil, fmt.Errorf("hippocampus: load: %w", err)
	}
	check := func(name string, got, want int) error {
		if got != want {
			return fmt.Errorf("hippocampus: load: %s has %d values, want %d", name, got, want)
		}
		return nil
	}
	if err := check("readout", len(s.Read), len(c.readT.Data)); err != nil {
		return nil, err
	}
	if err := check("class variances", len(s.ClassVar), c.dim); err != nil {
		return nil, err
	}
	if err := check("content sum", len(s.XSum), c.dim); err != nil {
		return nil, err
	}
	c.readT.Data, c.xsum, c.classVar, c.nextID = s.Read, s.XSum, s.ClassVar, s.NextID
	for _, e := range s.Episodes {
		if e.Steps < 1 || e.ID < 0 || e.ID >= s.NextID {
			return nil, fmt.Errorf("hippocampus: load: episode %d with %d steps (next id %d)", e.ID, e.Steps, s.NextID)
		}
		c.episodes = append(c.episodes, episode{id: e.ID, seed: e.Seed, steps: e.Steps, strength: e.Strength, memo: c.newMemo(e.Steps), salience: e.Salience})
	}
	c.st.rebuildSequences()
	return c, nil
}
