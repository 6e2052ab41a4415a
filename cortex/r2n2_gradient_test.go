package cortex

import (
	"math"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// r2SummedLoss runs r forward from its initial state and returns Σ_t L_t.
func r2SummedLoss(t *testing.T, r *R2N2, xs, targets [][]float64) float64 {
	t.Helper()
	r.Reset()
	var sum float64
	for i, x := range xs {
		if err := r.Forward(x); err != nil {
			t.Fatal(err)
		}
		if targets[i] != nil {
			sum += r.Loss(targets[i])
		}
	}
	return sum
}

// r2GradientTask returns inputs in [0, 1) and targets for a small net: MSE
// targets at every step, or a one-hot class at the last step only.
func r2GradientTask(cfg Config, T int, seed uint64) (xs, targets [][]float64) {
	rng := seeds.New(seed, "gradient-task").Rand
	xs = r2Uniform(rng, T, cfg.In, 0, 1)
	targets = make([][]float64, T)
	for i := range targets {
		if cfg.Loss == LossMSE {
			targets[i] = r2Uniform(rng, 1, cfg.Out, -0.5, 0.5)[0]
		}
	}
	if cfg.Loss == LossCrossEntropy {
		targets[T-1] = make([]float64, cfg.Out)
		targets[T-1][rng.IntN(cfg.Out)] = 1
	}
	return xs, targets
}

// r2RelErr is ‖g − f‖ / ‖f‖.
func r2RelErr(g, f []float64) float64 {
	var num, den float64
	for i := range g {
		num += (g[i] - f[i]) * (g[i] - f[i])
		den += f[i] * f[i]
	}
	return math.Sqrt(num / den)
}

func TestGradientCheckBP(t *testing.T) {
	const n, T, h = 16, 12, 1e-5
	for _, loss := range []Loss{LossMSE, LossCrossEntropy} {
		t.Run(loss.String(), func(t *testing.T) {
			cfg := DefaultConfig(n, 3, 4)
			cfg.Loss = loss
			r := newR2N2ForTest(t, cfg, 7)
			xs, targets := r2GradientTask(cfg, T, 7)
			if _, err := r.ComputeGradients(xs, targets); err != nil {
				t.Fatal(err)
			}
			names := []string{"W_in", "W_AB", "W_BA", "W_out"}
			for m, w := range r.params {
				g := make([]float64, len(w))
				for j := range g {
					g[j] = float64(T) * r.grads[m][j] // mean → sum over steps
				}
				fd := make([]float64, len(w))
				for j := range w {
					orig := w[j]
					w[j] = orig + h
					up := r2SummedLoss(t, r, xs, targets)
					w[j] = orig - h
					down := r2SummedLoss(t, r, xs, targets)
					w[j] = orig
					fd[j] = (up - down) / (2 * h)
				}
				e := r2RelErr(g, fd)
				t.Logf("%s: relative error %.3g vs central differences", names[m], e)
				if e > 1e-5 {
					t.Errorf("%s: relative error %.3g > 1e-5", names[m], e)
				}
			}
		})
	}
}
