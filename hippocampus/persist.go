package hippocampus

import (
	"encoding/gob"
	"fmt"
	"io"
)

// snapshot is the saved form of a Cache: configuration, base seed, weights
// and the episode table. Buffers and the expansion layer are rebuilt.
type snapshot struct {
	Version  int
	Config   Config
	Blocks   []int
	Base     uint64
	Fwd, Rev [2]savedMatrix
	Read     []float64
	XSum     []float64
	ClassVar []float64
	Episodes []savedEpisode
	NextID   EpisodeID
}

type savedMatrix struct {
	S, Post, Pre []float64
	Count        float64
}

func (m *seqMatrix) saved() savedMatrix {
	return savedMatrix{S: m.sT.Data, Post: m.post, Pre: m.pre, Count: m.count}
}

// restore takes the saved values after checking their sizes.
func (m *seqMatrix) restore(s savedMatrix, name string) error {
	n := m.sT.Stride
	if len(s.S) != n*n || len(s.Post) != n || len(s.Pre) != n {
		return fmt.Errorf("hippocampus: load: %s matrix has %d, %d, %d values, want %d, %d, %d",
			name, len(s.S), len(s.Post), len(s.Pre), n*n, n, n)
	}
	m.sT.Data, m.post, m.pre, m.count = s.S, s.Post, s.Pre, s.Count
	return nil
}

type savedEpisode struct {
	ID       EpisodeID
	Seed     uint64
	Steps    int
	Strength float64
}

const snapshotVersion = 1

// Save writes the whole cache to w (encoding/gob); Load restores it so that
// every later Store and Replay gives bit-identical results.
func (c *Cache) Save(w io.Writer) error {
	s := snapshot{
		Version: snapshotVersion, Config: c.cfg, Blocks: c.blocks, Base: c.base,
		Read: c.readT.Data, XSum: c.xsum, ClassVar: c.classVar, NextID: c.nextID,
	}
	for d := range 2 {
		s.Fwd[d], s.Rev[d] = c.fwd[d].saved(), c.rev[d].saved()
	}
	for _, e := range c.episodes {
		s.Episodes = append(s.Episodes, savedEpisode{e.id, e.seed, e.steps, e.strength})
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
	for d := range 2 {
		if err := c.fwd[d].restore(s.Fwd[d], "forward"); err != nil {
			return nil, err
		}
		if err := c.rev[d].restore(s.Rev[d], "reverse"); err != nil {
			return nil, err
		}
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
		c.episodes = append(c.episodes, episode{e.ID, e.Seed, e.Steps, e.Strength})
	}
	return c, nil
}
