package cortex

import (
	"math"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// weightedSlice is a WeightedReplay over stored steps: W[t] weights the
// output error of step t (nil: all ones).
type weightedSlice struct {
	SliceReplay
	W [][]float64
}

func (s weightedSlice) Weight(t int, dst []float64) bool {
	if s.W[t] == nil {
		return false
	}
	copy(dst, s.W[t])
	return true
}

// weightedSummedLoss runs r forward from its initial state and returns
// Σ_t ½·Σ_k w_tk (y_tk − target_tk)².
func weightedSummedLoss(t *testing.T, r *R2N2, s weightedSlice) float64 {
	t.Helper()
	r.Reset()
	var sum float64
	for i, x := range s.Xs {
		if err := r.Forward(x); err != nil {
			t.Fatal(err)
		}
		y := r.Output()
		for k, v := range y {
			w := 1.0
			if s.W[i] != nil {
				w = s.W[i][k]
			}
			d := v - s.Targets[i][k]
			sum += 0.5 * w * d * d
		}
	}
	return sum
}

// TestGradientCheckWeighted checks the gradient of the weighted MSE (some
// steps unweighted, some with zero and large weights) against central
// differences, in one segment and in segments of 5 (weights are buffered
// per segment).
func TestGradientCheckWeighted(t *testing.T) {
	const n, T, h = 16, 12, 1e-5
	for _, K := range []int{0, 5} {
		cfg := DefaultConfig(n, 3, 4)
		cfg.SegmentLen = K
		r := newR2N2ForTest(t, cfg, 11)
		xs, targets := r2GradientTask(cfg, T, 11)
		rng := seeds.New(11, "weights").Rand
		ws := make([][]float64, T)
		for i := range ws {
			if i%3 == 1 {
				continue // all ones
			}
			ws[i] = r2Uniform(rng, 1, cfg.Out, 0, 3)[0]
			ws[i][rng.IntN(cfg.Out)] = 0
		}
		src := weightedSlice{SliceReplay{xs, targets}, ws}
		if _, err := r.ComputeGradientsReplay(src); err != nil {
			t.Fatal(err)
		}
		names := []string{"W_in", "W_AB", "W_BA", "W_out"}
		for m, w := range r.params {
			g := make([]float64, len(w))
			for j := range g {
				g[j] = float64(T) * r.grads[m][j]
			}
			fd := make([]float64, len(w))
			for j := range w {
				orig := w[j]
				w[j] = orig + h
				up := weightedSummedLoss(t, r, src)
				w[j] = orig - h
				down := weightedSummedLoss(t, r, src)
				w[j] = orig
				fd[j] = (up - down) / (2 * h)
			}
			if e := r2RelErr(g, fd); e > 1e-5 {
				t.Errorf("K=%d %s: relative error %.3g > 1e-5", K, names[m], e)
			}
		}
		// The weights matter: the unweighted gradient differs.
		weighted := r2Flatten(r.Gradients())
		if _, err := r.ComputeGradientsReplay(src.SliceReplay); err != nil {
			t.Fatal(err)
		}
		if c := r2Cosine(weighted, r2Flatten(r.Gradients())); c > 0.999 {
			t.Errorf("K=%d: weighted and unweighted gradients have cosine %.4f: the weights did nothing", K, c)
		}
	}
}

func TestReverseStepWeightsRefused(t *testing.T) {
	cfg := DefaultConfig(8, 3, 4)
	r := newR2N2ForTest(t, cfg, 1)
	x, y := []float64{1, 0, 0}, []float64{0, 1, 0, 0}
	for _, tc := range []struct {
		w    []float64
		want string
	}{
		{[]float64{1, 1}, "output weights have length 2, want Out=4"},
		{[]float64{1, -1, 0, 0}, "output weight 1 is -1, want finite and ≥ 0"},
		{[]float64{1, math.NaN(), 0, 0}, "output weight 1 is NaN"},
	} {
		if err := r.Forward(x); err != nil {
			t.Fatal(err)
		}
		if err := r.BeginReverse(); err != nil {
			t.Fatal(err)
		}
		_, err := r.ReverseStepWeighted(x, y, tc.w)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("weights %v: error %v, want %q", tc.w, err, tc.want)
		}
	}
	cfg.Loss = LossCrossEntropy
	if err := cfg.Loss.CheckWeights([]float64{1, 1, 1, 1}, 4); err == nil || !strings.Contains(err.Error(), "need the mse loss") {
		t.Errorf("cross-entropy with weights: %v", err)
	}
}
