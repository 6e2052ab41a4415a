package hippocampus

import (
	"math/rand/v2"
	"slices"
)

// patternGen regenerates intrinsic patterns from (episode seed, step): the
// cache keeps no copy of them. It draws the k active units by a partial
// Fisher–Yates shuffle of a permutation it then restores, so a draw costs
// O(k) and allocates nothing.
type patternGen struct {
	n     int
	perm  []int
	swaps []int
	src   *rand.PCG
	rng   *rand.Rand
}

func newPatternGen(n, k int) *patternGen {
	g := &patternGen{n: n, perm: make([]int, n), swaps: make([]int, k), src: rand.NewPCG(0, 0)}
	g.rng = rand.New(g.src)
	for i := range g.perm {
		g.perm[i] = i
	}
	return g
}

// indices writes the active units of pattern ξ_t of the episode with the
// given seed into dst (len k), in ascending order.
func (g *patternGen) indices(seed uint64, t int, dst []int) {
	g.src.Seed(seed, uint64(t))
	k := len(dst)
	for i := 0; i < k; i++ {
		j := i + g.rng.IntN(g.n-i)
		g.perm[i], g.perm[j] = g.perm[j], g.perm[i]
		g.swaps[i] = j
		dst[i] = g.perm[i]
	}
	for i := k - 1; i >= 0; i-- {
		j := g.swaps[i]
		g.perm[i], g.perm[j] = g.perm[j], g.perm[i]
	}
	slices.Sort(dst) // ascending: the scattered weight updates then walk memory forward
}

// episodeSeed derives an episode's pattern seed from the cache's base seed
// and the episode's id (splitmix64 finaliser).
func episodeSeed(base uint64, id EpisodeID) uint64 {
	z := base + 0x9e3779b97f4a7c15*uint64(id+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
