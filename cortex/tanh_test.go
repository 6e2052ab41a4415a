package cortex

import (
	"math"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

func TestTanhMatchesMath(t *testing.T) {
	rng := seeds.New(1, "tanh").Rand
	worst := 0.0
	check := func(x float64) {
		got, want := tanh(x), math.Tanh(x)
		if want == 0 {
			if got != 0 {
				t.Fatalf("tanh(%v) = %v, want 0", x, got)
			}
			return
		}
		ulp := math.Abs(got-want) / (math.Nextafter(math.Abs(want), 2) - math.Abs(want))
		worst = math.Max(worst, ulp)
	}
	for i := 0; i < 200000; i++ {
		check((rng.Float64() - 0.5) * 50)
		check((rng.Float64() - 0.5) * 0.1)
		check(math.Ldexp(rng.Float64(), -rng.IntN(60)))
	}
	for _, x := range []float64{0, 1.0 / 64, 19.99, 20, 21, 1e300, math.Inf(1), math.Inf(-1)} {
		check(x)
		check(-x)
	}
	t.Logf("max error vs math.Tanh: %.2f ulp", worst)
	if worst > 4 {
		t.Errorf("max error %.2f ulp > 4", worst)
	}
	if !math.IsNaN(tanh(math.NaN())) {
		t.Errorf("tanh(NaN) = %v, want NaN", tanh(math.NaN()))
	}
}

func BenchmarkTanh(b *testing.B) {
	xs, out := make([]float64, 256), make([]float64, 256)
	for i := range xs {
		xs[i] = float64(i-128) / 40
	}
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, x := range xs {
				out[i] = math.Tanh(x)
			}
		}
	})
	b.Run("table", func(b *testing.B) {
		for b.Loop() {
			for i, x := range xs {
				out[i] = tanh(x)
			}
		}
	})
}
