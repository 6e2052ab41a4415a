package hippocampus

import (
	"math"
	"testing"
)

// TestFieldMatchesDenseHebb: the factored storage gives W s of MODEL.md's
// dense rule W = Σ p_t (p_{t+1} + p_t)ᵀ / N (reverse, t even) to 1e-12.
func TestFieldMatchesDenseHebb(t *testing.T) {
	for _, act := range []Activation{KWinners, Sign} {
		cfg := DefaultConfig()
		cfg.N, cfg.Sparseness, cfg.Activation, cfg.ReadoutUnits = 60, 0.2, act, 0
		cache, err := New(cfg, []int{3}, testRNG(1))
		if err != nil {
			t.Fatal(err)
		}
		c := cache.st
		id, _ := c.Store(randomEpisode(testRNG(2), []int{3}, 7))
		e, _ := c.find(id)
		n := cfg.N
		p := make([][]float64, e.steps)
		for s := range p {
			c.gen.indices(e.seed, s, c.idx)
			p[s] = make([]float64, n)
			for i := range p[s] {
				p[s][i] = -c.rho
			}
			for _, i := range c.idx {
				p[s][i] = 1 - c.rho
			}
		}
		w := make([]float64, n*n)
		for s := 0; s+1 < e.steps; s += 2 {
			for i := range n {
				for j := range n {
					w[i*n+j] += p[s][i] * (p[s+1][j] + p[s][j]) / float64(n)
				}
			}
		}
		c.gen.indices(12345, 0, c.idx) // an arbitrary state
		c.patternState(c.idx, 1)
		c.field(c.f1, &c.rev[0])
		worst := 0.0
		for i := range n {
			want := 0.0
			for j := range n {
				want += w[i*n+j] * c.s[j]
			}
			worst = max(worst, math.Abs(c.f1[i]-want))
		}
		if worst > 1e-12 {
			t.Errorf("%v: W s differs from the dense rule by %g", act, worst)
		}
	}
}
