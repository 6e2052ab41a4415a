package hippocampus

import (
	"fmt"
	"math/rand/v2"
)

// CapacityPoint is one measurement of replay fidelity: a fresh cache with
// Config holds Episodes corridor episodes of Steps steps each, and every
// one is replayed in both directions.
type CapacityPoint struct {
	Config   Config
	Steps    int
	Episodes int
	Forward  float64 // mean fidelity of forward replays
	Reverse  float64 // mean fidelity of reverse replays
	Worst    float64 // lowest fidelity of any replay
	Complete float64 // fraction of replays that reached the episode's end
	PerTrans float64 // mean network updates per transition
}

// MeasureCapacity stores episodes corridor episodes (CorridorEpisode) of
// the given length in a fresh cache and replays each forward and in
// reverse. The same seed gives the same numbers.
func MeasureCapacity(cfg Config, blocks []int, steps, episodes int, seed uint64) (CapacityPoint, error) {
	p := CapacityPoint{Config: cfg, Steps: steps, Episodes: episodes, Worst: 1}
	if steps < 2 || episodes < 1 {
		return p, fmt.Errorf("hippocampus: capacity: %d steps × %d episodes, want at least 2 × 1", steps, episodes)
	}
	rng := rand.New(rand.NewPCG(seed, 0xca9))
	c, err := New(cfg, blocks, rng)
	if err != nil {
		return p, err
	}
	truth := make([][][]float64, episodes)
	ids := make([]EpisodeID, episodes)
	for e := range truth {
		truth[e] = CorridorEpisode(rng, blocks, steps)
		if ids[e], err = c.Store(truth[e]); err != nil {
			return p, err
		}
	}
	decoded := make([][]float64, steps)
	for i := range decoded {
		decoded[i] = make([]float64, c.dim)
	}
	replays, sims, trans := 0, 0, 0
	for e, id := range ids {
		for _, dir := range []Direction{Forward, Reverse} {
			for _, d := range decoded {
				clear(d)
			}
			sum, err := c.Replay(id, dir, func(s ReplayStep) error {
				copy(decoded[s.Step], s.Content)
				return nil
			})
			if err != nil {
				return p, err
			}
			f := fidelityDecoded(decoded, truth[e], blocks)
			if dir == Forward {
				p.Forward += f / float64(episodes)
			} else {
				p.Reverse += f / float64(episodes)
			}
			p.Worst = min(p.Worst, f)
			replays++
			if sum.Completed {
				p.Complete++
			}
			sims += sum.SimSteps
			trans += max(0, sum.Steps-1)
		}
	}
	p.Complete /= float64(replays)
	if trans > 0 {
		p.PerTrans = float64(sims) / float64(trans)
	}
	return p, nil
}

// fidelityDecoded is Fidelity where a step never reached is all zeros.
func fidelityDecoded(decoded, truth [][]float64, blocks []int) float64 {
	right := 0
	for t := range truth {
		if nonzero(decoded[t]) && SameBlocks(decoded[t], truth[t], blocks) {
			right++
		}
	}
	return float64(right) / float64(len(truth))
}

func nonzero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return true
		}
	}
	return false
}

// CorridorEpisode returns a T-step episode of one-hot blocks in which the
// middle half (steps T/4 … T/4+T/2−1) carries one content vector, as a
// corridor does, and every other step a uniformly random one.
func CorridorEpisode(rng *rand.Rand, blocks []int, T int) [][]float64 {
	dim := 0
	for _, w := range blocks {
		dim += w
	}
	corridor := randomContent(rng, blocks, dim)
	steps := make([][]float64, T)
	for t := range steps {
		if t >= T/4 && t < T/4+T/2 {
			steps[t] = append([]float64(nil), corridor...)
		} else {
			steps[t] = randomContent(rng, blocks, dim)
		}
	}
	return steps
}

func randomContent(rng *rand.Rand, blocks []int, dim int) []float64 {
	x := make([]float64, dim)
	off := 0
	for _, w := range blocks {
		x[off+rng.IntN(w)] = 1
		off += w
	}
	return x
}
