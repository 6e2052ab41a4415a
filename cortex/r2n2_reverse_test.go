package cortex

import (
	"math"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// r2Reconstruction runs forward T steps from a state drawn in [−5, 5]
// with inputs in [0, 0.5), then reverse from the final state, and returns
// max_t max_i |state_t^fwd − state_t^rev| over both groups.
func r2Reconstruction(t *testing.T, r *R2N2, run uint64, T int) float64 {
	t.Helper()
	n := r.cfg.N
	rng := seeds.New(run, "reconstruction").Rand
	init := r2Uniform(rng, 2, n, -5, 5)
	xs := r2Uniform(rng, T, r.cfg.In, 0, 0.5)
	if err := r.SetState(init[0], init[1]); err != nil {
		t.Fatal(err)
	}
	fwd := make([][]float64, T+1) // fwd[t] = (a_t, b_t) concatenated
	snap := func() []float64 {
		a, b := r.State()
		return append(append([]float64(nil), a...), b...)
	}
	fwd[0] = snap()
	for i, x := range xs {
		if err := r.Forward(x); err != nil {
			t.Fatal(err)
		}
		fwd[i+1] = snap()
	}
	if err := r.BeginReverse(); err != nil {
		t.Fatal(err)
	}
	var worst float64
	for i := T - 1; i >= 0; i-- {
		if _, err := r.ReverseStep(xs[i], nil); err != nil {
			t.Fatal(err)
		}
		for k, v := range snap() {
			worst = math.Max(worst, math.Abs(v-fwd[i][k]))
		}
	}
	return worst
}

func TestReconstruction(t *testing.T) {
	const n, T = 64, 100
	t.Run("exact", func(t *testing.T) {
		r := newR2N2ForTest(t, DefaultConfig(n, 10, 10), 1)
		got := r2Reconstruction(t, r, 1, T)
		t.Logf("exact R = -W: n=%d T=%d max abs reconstruction error %.3g", n, T, got)
		if got > 1e-8 {
			t.Errorf("exact reconstruction error %.3g > 1e-8", got)
		}
	})
	t.Run("learned", func(t *testing.T) {
		cfg := DefaultConfig(n, 10, 10)
		cfg.Reverse = ReverseLearned
		cfg.ReverseSamples = 4 * T
		r := newR2N2ForTest(t, cfg, 1)
		// Three forward runs only to collect samples; the fourth is also
		// reconstructed, with R fitted on all four (4·T samples).
		for run := uint64(10); run < 13; run++ {
			r2Reconstruction(t, r, run, T)
			r.Reset()
		}
		got := r2Reconstruction(t, r, 1, T)
		t.Logf("learned R (%d samples): n=%d T=%d max abs reconstruction error %.3g", r.Samples(), n, T, got)
		if got > 1 {
			t.Errorf("learned reconstruction error %.3g > 1", got)
		}
	})
}
