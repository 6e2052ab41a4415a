package cortex

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// newR2N2ForTest builds a network from cfg with a stream derived from seed.
func newR2N2ForTest(t testing.TB, cfg Config, seed uint64) *R2N2 {
	t.Helper()
	r, err := New(cfg, seeds.New(seed, "cortex-test").Rand)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return r
}

// r2Uniform returns T input vectors of width in, uniform in [lo, hi).
func r2Uniform(rng *rand.Rand, T, in int, lo, hi float64) [][]float64 {
	xs := make([][]float64, T)
	for t := range xs {
		xs[t] = make([]float64, in)
		for i := range xs[t] {
			xs[t][i] = lo + (hi-lo)*rng.Float64()
		}
	}
	return xs
}

// r2Memorisation is MODEL.md §5's task: one random sequence of
// symbols out of k; input s_t one-hot, target s_{t+1} one-hot.
func r2Memorisation(rng *rand.Rand, symbols, k int) (xs, targets [][]float64, next []int) {
	sym := make([]int, symbols)
	for i := range sym {
		sym[i] = rng.IntN(k)
	}
	for t := 0; t+1 < symbols; t++ {
		x, y := make([]float64, k), make([]float64, k)
		x[sym[t]], y[sym[t+1]] = 1, 1
		xs, targets, next = append(xs, x), append(targets, y), append(next, sym[t+1])
	}
	return xs, targets, next
}

// r2FractionCorrect is the fraction of steps whose output argmax is the target.
func r2FractionCorrect(t testing.TB, r *R2N2, xs [][]float64, next []int) float64 {
	t.Helper()
	ys := make([][]float64, len(xs))
	for i := range ys {
		ys[i] = make([]float64, r.cfg.Out)
	}
	if err := r.Predict(xs, ys); err != nil {
		t.Fatalf("Predict: %v", err)
	}
	ok := 0
	for i, y := range ys {
		best := 0
		for k, v := range y {
			if v > y[best] {
				best = k
			}
		}
		if best == next[i] {
			ok++
		}
	}
	return float64(ok) / float64(len(ys))
}

// r2Cosine returns the r2Cosine between two equal-length vectors.
func r2Cosine(u, v []float64) float64 {
	var uv, uu, vv float64
	for i := range u {
		uv += u[i] * v[i]
		uu += u[i] * u[i]
		vv += v[i] * v[i]
	}
	return uv / math.Sqrt(uu*vv)
}

// r2Flatten concatenates the data of the four matrices.
func r2Flatten(m Matrices) []float64 {
	var out []float64
	for _, g := range []([]float64){m.In.Data, m.AB.Data, m.BA.Data, m.Out.Data} {
		out = append(out, g...)
	}
	return out
}

// r2Clone returns a copy of r (weights, initial state) whose
// feedback is f: in particular, the BP twin of an FA network, whose
// gradient is the true gradient at the FA network's weights.
func r2Clone(r *R2N2, f Feedback) *R2N2 {
	cfg := r.cfg
	cfg.Feedback = f
	c := allocR2N2(cfg)
	for i, p := range r.params {
		copy(c.params[i], p)
	}
	copy(c.a0, r.a0)
	copy(c.b0, r.b0)
	if f == FeedbackRandom {
		copy(c.fOut.Data, r.fOut.Data)
		copy(c.fAB.Data, r.fAB.Data)
		copy(c.fBA.Data, r.fBA.Data)
	}
	c.Reset()
	return c
}
