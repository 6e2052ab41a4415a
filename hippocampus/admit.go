package hippocampus

import (
	"errors"
	"math"
)

// Capacity and the too-long-episode policy. The cache's replays stay
// faithful while the transitions it holds in all stay below a capacity that
// depends on its configuration; beyond it a replay wanders (jumps, stalls,
// decodes the wrong content) without failing. Capacity returns that bound
// from the capacity measurements (`replaylab capacity`, docs/capacity.md),
// and StoreBounded applies it before storing.

// Capacity returns the number of steps the cache can hold in all and still
// replay faithfully, from the measurements of `replaylab capacity`
// (fidelity ≥ 0.97 at every measured point below the bound):
//
//   - k-winners with an expansion readout: 200·(N/500)^1.45 (500 → 200,
//     1 000 → 546, 2 000 → 1 493 steps);
//   - k-winners read directly: 0.15·N;
//   - sign units (dense): 0.05·N.
//
// The fits were measured at 3 % sparseness (k-winners) and 40 % (sign
// units); other sparseness values use the same formulas.
func (c Config) Capacity() int {
	n := float64(c.N)
	var steps float64
	switch {
	case c.Activation == Sign:
		steps = 0.05 * n
	case c.ReadoutUnits == 0:
		steps = 0.15 * n
	default:
		steps = 200 * math.Pow(n/500, 1.45)
	}
	return max(2, int(steps))
}

// Load returns the steps of the episodes the cache holds.
func (c *Cache) Load() int {
	load := 0
	for _, e := range c.episodes {
		load += e.steps
	}
	return load
}

// StoreBounded stores an episode under the capacity policy and returns its
// id and the number of its steps stored:
//
//  1. an episode longer than Capacity() keeps only its last Capacity()
//     steps, the ones that lead to the outcome (as replay that starts at
//     the reward does); its step 0 in the cache is then step
//     len(steps) − stored of the episode;
//  2. before storing, held episodes are forgotten, least salient (then
//     oldest) first as Store does at MaxEpisodes, until the steps held plus
//     the new ones fit within Capacity().
//
// Nothing is ever stored beyond the capacity, so what the cache holds it
// can replay; what it drops is said by the returned count.
func (c *Cache) StoreBounded(steps [][]float64) (EpisodeID, int, error) {
	if len(steps) == 0 {
		return 0, 0, errors.New("hippocampus: store: empty episode")
	}
	capacity := c.cfg.Capacity()
	kept := min(len(steps), capacity)
	// Which episodes Store's rule forgets, in its order, until both the
	// episode count and the load fit.
	type held struct {
		salience float64
		steps    int
	}
	sim := make([]held, len(c.episodes))
	load := 0
	for i, e := range c.episodes {
		sim[i] = held{e.salience, e.steps}
		load += e.steps
	}
	for len(sim) > 0 && (len(sim) >= c.cfg.MaxEpisodes || load+kept > capacity) {
		least := 0
		for i, h := range sim {
			if h.salience < sim[least].salience {
				least = i
			}
		}
		load -= sim[least].steps
		sim = append(sim[:least], sim[least+1:]...)
	}
	// Store forgets while it holds MaxEpisodes or more: lower the bound for
	// the call so that it forgets exactly those.
	saved := c.cfg.MaxEpisodes
	c.cfg.MaxEpisodes = len(sim) + 1
	id, err := c.Store(steps[len(steps)-kept:])
	c.cfg.MaxEpisodes = saved
	if err != nil {
		return 0, 0, err
	}
	return id, kept, nil
}
