package hippocampus

import (
	"math/rand/v2"
	"runtime"
	"testing"
)

// EstimateBytes is within ±20 % of what a cache really holds on the heap
// after storing ten 100-step episodes, and a maze of 10 000 cells (one
// content entry per cell) costs nothing like 8·R bytes per cell: a dense
// readout would take 20 000 × 10 014 × 8 B = 1.6 GB here.
func TestEstimateBytes(t *testing.T) {
	blocks := []int{5, 2, 4, 10000}
	rng := rand.New(rand.NewPCG(3, 3))
	var eps [][][]float64
	for range 10 {
		eps = append(eps, randomEpisode(rng, blocks, 100))
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	c, err := New(DefaultConfig(), blocks, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range eps {
		if _, err := c.Store(ep); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(c)
	runtime.KeepAlive(eps)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	est := EstimateBytes(DefaultConfig(), blocks, 10*100)
	ratio := float64(est) / float64(held)
	t.Logf("estimate %d B, heap %d B, ratio %.3f, readout entries %d", est, held, ratio, c.readT.entries())
	if ratio < 0.8 || ratio > 1.2 {
		t.Errorf("estimate %d B is not within ±20 %% of the %d B the cache holds", est, held)
	}
	if held > 200<<20 {
		t.Errorf("cache of a 10 000-cell maze holds %d MB, want under 200 MB", held>>20)
	}
}
