package hippocampus

import (
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

// roomBlocks are the content blocks of a 10×10 open room: previous action
// (none + 4 moves), reward (2), observation class (4), place (100).
var roomBlocks = []int{5, 2, 4, 100}

// roomWalk returns a random walk of T steps in a 10×10 room as content
// vectors (the observation class is the place mod 4, so that classes repeat
// as a room's floor does).
func roomWalk(rng *rand.Rand, T int) [][]float64 {
	r, c, prev := rng.IntN(10), rng.IntN(10), 0
	out := make([][]float64, 0, T)
	for range T {
		x := make([]float64, 111)
		x[prev], x[5], x[7+(r*10+c)%4], x[11+r*10+c] = 1, 1, 1, 1
		out = append(out, x)
		for {
			a := rng.IntN(4)
			dr, dc := []int{-1, 1, 0, 0}[a], []int{0, 0, -1, 1}[a]
			if r+dr >= 0 && r+dr < 10 && c+dc >= 0 && c+dc < 10 {
				r, c, prev = r+dr, c+dc, a+1
				break
			}
		}
	}
	return out
}

// rocAUC is the probability that a random faithful step has a higher score
// than a random unfaithful one (ties count half).
func rocAUC(score []float64, good []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		rank := float64(i+j+1) / 2
		for _, k := range idx[i:j] {
			if good[k] {
				rankSum += rank
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// TestConfidenceSeparatesFaithfulSteps: a cache of N = 1 000 overloaded
// with three random walks of 250 steps in a 10×10 room (750 steps, its
// capacity is 546) replays many steps wrong; the cache's confidence, which
// never sees the lived episodes, ranks right steps above wrong ones with a
// ROC AUC ≥ 0.95, no wrong step has confidence ≥ 0.99, and a replay of the
// same walks stored within capacity (StoreBounded) stays above
// DefaultMinConfidence at every step.
func TestConfidenceSeparatesFaithfulSteps(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 9 600 steps of an N = 1 000 cache")
	}
	cfg := DefaultConfig()
	cfg.N, cfg.MaxEpisodes = 1000, 4
	rng := rand.New(rand.NewPCG(3, 4))
	walks := make([][][]float64, 3)
	for i := range walks {
		walks[i] = roomWalk(rng, 250)
	}
	score := func(c *Cache, ids []EpisodeID, offsets []int) (conf []float64, good []bool) {
		for i, id := range ids {
			for _, dir := range []Direction{Forward, Reverse} {
				if _, err := c.Replay(id, dir, func(s ReplayStep) error {
					conf = append(conf, s.Confidence)
					good = append(good, SameBlocks(s.Content, walks[i][s.Step+offsets[i]], roomBlocks))
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
		}
		return conf, good
	}
	over, err := New(cfg, roomBlocks, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	var ids []EpisodeID
	for _, w := range walks {
		id, err := over.Store(w)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	conf, good := score(over, ids, []int{0, 0, 0})
	right, wrongHigh, wrongMax := 0, 0, 0.0
	for i, g := range good {
		if g {
			right++
		} else {
			wrongMax = max(wrongMax, conf[i])
			if conf[i] >= 0.99 {
				wrongHigh++
			}
		}
	}
	auc := rocAUC(conf, good)
	t.Logf("overloaded (load %d, capacity %d): %d of %d steps right, ROC AUC of the confidence %.3f, wrong steps with confidence ≥ 0.99: %d (highest %.3f)",
		over.Load(), cfg.Capacity(), right, len(good), auc, wrongHigh, wrongMax)
	if auc < 0.95 || wrongHigh > 0 || right == 0 || right == len(good) {
		t.Errorf("AUC %.3f (want ≥ 0.95), %d wrong steps at confidence ≥ 0.99 (want 0), %d of %d right (want both kinds)", auc, wrongHigh, right, len(good))
	}

	within, err := New(cfg, roomBlocks, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	ids, offsets := nil, []int(nil)
	for i := 1; i < 3; i++ { // two walks: 500 steps
		id, kept, err := within.StoreBounded(walks[i])
		if err != nil {
			t.Fatal(err)
		}
		ids, offsets = append(ids, id), append(offsets, len(walks[i])-kept)
	}
	walks = walks[1:]
	if within.Load() > cfg.Capacity() || len(within.Held()) != 2 {
		t.Errorf("within capacity: load %d, capacity %d, held %v", within.Load(), cfg.Capacity(), within.Held())
	}
	conf, good = score(within, ids, offsets)
	low := math.Inf(1)
	for i := range conf {
		low = min(low, conf[i])
		if !good[i] {
			t.Errorf("within capacity: a wrong step (confidence %.3f)", conf[i])
			break
		}
	}
	t.Logf("within capacity (load %d): %d steps, all right, lowest confidence %.3f", within.Load(), len(conf), low)
	if low < DefaultMinConfidence {
		t.Errorf("within capacity: lowest confidence %.3f < %g", low, DefaultMinConfidence)
	}
}

// TestStoreBounded: an episode longer than the capacity keeps its last
// Capacity() steps; held episodes are forgotten (least salient first) until
// the load fits.
func TestStoreBounded(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.MaxEpisodes, cfg.ReadoutUnits = 500, 10, 2000
	c, err := New(cfg, roomBlocks, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	capacity := cfg.Capacity()
	rng := rand.New(rand.NewPCG(2, 2))
	a, _, err := c.StoreBounded(roomWalk(rng, 120))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.SetSalience(a, 1); err != nil {
		t.Fatal(err)
	}
	if _, kept, err := c.StoreBounded(roomWalk(rng, 60)); err != nil || kept != 60 {
		t.Fatalf("kept %d, %v", kept, err)
	}
	// 120 + 60 held; 10 more fit; then 70 more exceed 200: the least
	// salient, oldest first, goes (the 60-step one) and the rest fits.
	ten, kept, err := c.StoreBounded(roomWalk(rng, 10))
	if err != nil || kept != 10 || len(c.Held()) != 3 {
		t.Fatalf("kept %d, held %v, %v", kept, c.Held(), err)
	}
	id, kept, err := c.StoreBounded(roomWalk(rng, 70))
	if err != nil {
		t.Fatal(err)
	}
	if held := c.Held(); kept != 70 || len(held) != 3 || held[0] != a || held[1] != ten || held[2] != id || c.Load() != 200 {
		t.Errorf("capacity %d: kept %d, held %v (want [%d %d %d]), load %d (want 200)", capacity, kept, held, a, ten, id, c.Load())
	}
	_, kept, err = c.StoreBounded(roomWalk(rng, 1000))
	if err != nil {
		t.Fatal(err)
	}
	if kept != capacity || len(c.Held()) != 1 || c.Load() != capacity {
		t.Errorf("1 000 steps: kept %d (want %d), held %v, load %d", kept, capacity, c.Held(), c.Load())
	}
}
