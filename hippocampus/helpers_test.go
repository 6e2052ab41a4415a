package hippocampus

import (
	"math/rand/v2"
	"testing"
)

// corridorEpisode returns a T-step episode over blocks [5 2 4 123] (action,
// reward, observation class, place) in which steps start … start+run−1 all
// carry one content vector (a corridor: same action, reward and
// observation, and place held at the corridor cell) and the other steps are
// random, with a reward only at the last step.
func corridorEpisode(rng *rand.Rand, T, start, run int) [][]float64 {
	blocks := []int{5, 2, 4, 123}
	steps := make([][]float64, T)
	corr := []int{rng.IntN(5), 0, rng.IntN(4), rng.IntN(123)}
	for t := range steps {
		cls := []int{rng.IntN(5), 0, rng.IntN(4), rng.IntN(123)}
		if t >= start && t < start+run {
			cls = corr
		}
		if t == T-1 {
			cls[1] = 1
		}
		steps[t] = oneHot(blocks, cls)
	}
	return steps
}

// randomEpisode returns T steps with uniformly random classes per block.
func randomEpisode(rng *rand.Rand, blocks []int, T int) [][]float64 {
	steps := make([][]float64, T)
	cls := make([]int, len(blocks))
	for t := range steps {
		for b, w := range blocks {
			cls[b] = rng.IntN(w)
		}
		steps[t] = oneHot(blocks, cls)
	}
	return steps
}

func oneHot(blocks, cls []int) []float64 {
	dim := 0
	for _, w := range blocks {
		dim += w
	}
	x := make([]float64, dim)
	off := 0
	for b, w := range blocks {
		x[off+cls[b]] = 1
		off += w
	}
	return x
}

// replayed is what one replay produced, in episode order (step 0 first).
type replayed struct {
	sum      ReplaySummary
	order    []int // steps in replay order
	decoded  [][]float64
	overlaps []float64
	sims     []int
}

func replayAll(tb testing.TB, c *Cache, id EpisodeID, dir Direction) replayed {
	tb.Helper()
	T, err := c.Len(id)
	if err != nil {
		tb.Fatal(err)
	}
	r := replayed{decoded: make([][]float64, T), overlaps: make([]float64, T)}
	r.sum, err = c.Replay(id, dir, func(s ReplayStep) error {
		r.order = append(r.order, s.Step)
		r.decoded[s.Step] = append([]float64(nil), s.Content...)
		r.overlaps[s.Step] = s.Overlap
		r.sims = append(r.sims, s.SimSteps)
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func testRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 7)) }

// dense returns Sᵀ of m as float64, row j holding unit j's outgoing weights.
func (m *seqMatrix) dense() []float64 {
	out := make([]float64, m.n*m.n)
	for j := range m.n {
		m.addRow(1, j, out[j*m.n:(j+1)*m.n])
	}
	return out
}
