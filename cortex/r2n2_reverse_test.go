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

// TestReconstruction is the reversal check of MODEL.md §5: n = 64, inputs in
// [0, 0.5), initial state in [−5, 5]. Measured max abs error: exact R 0 at
// T = 100 and 200, 4e-16 at T = 300 (a plain float64 state without the
// low-order part gives 1.3e-7 at T = 100). Learned R (least squares on 4 runs)
// is within 2e-13 of −W, yet the reverse run amplifies that by ~1.25 per step:
// 1.4e-11 at T = 50, 5.4e-7 at T = 100 (400 samples), 1.2e-6 with the
// default ring of the last 4·N = 256 samples.
func TestReconstruction(t *testing.T) {
	const n = 64
	for _, tc := range []struct {
		name    string
		reverse ReverseSynapses
		samples int // ring capacity (learned only)
		T       int
		max     float64
	}{
		{"exact T=100", ReverseExact, 0, 100, 1e-8},
		{"exact T=200", ReverseExact, 0, 200, 1e-8},
		{"exact T=300", ReverseExact, 0, 300, 1e-8},
		{"learned 4 runs T=50", ReverseLearned, 200, 50, 1e-4},
		{"learned 4 runs T=100", ReverseLearned, 400, 100, 1e-4},
		{"learned default ring T=100", ReverseLearned, 0, 100, 1e-4},
	} {
		cfg := DefaultConfig(n, 10, 10)
		cfg.Reverse, cfg.ReverseSamples = tc.reverse, tc.samples
		r := newR2N2ForTest(t, cfg, 1)
		if tc.reverse == ReverseLearned {
			// Three forward runs only to collect samples; the fourth is the
			// one reconstructed, with R fitted on the ring's content.
			for run := uint64(10); run < 13; run++ {
				rng := seeds.New(run, "reconstruction").Rand
				init := r2Uniform(rng, 2, n, -5, 5)
				if err := r.SetState(init[0], init[1]); err != nil {
					t.Fatal(err)
				}
				for _, x := range r2Uniform(rng, tc.T, r.cfg.In, 0, 0.5) {
					if err := r.Forward(x); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		got := r2Reconstruction(t, r, 1, tc.T)
		rab, rba := r.ReverseWeights()
		var fitErr float64 // max |R + W| of the fit
		for i := range rab.Data {
			fitErr = math.Max(fitErr, math.Max(math.Abs(rab.Data[i]+r.wAB.Data[i]), math.Abs(rba.Data[i]+r.wBA.Data[i])))
		}
		t.Logf("%s: %d samples, max |R + W| %.2g, max abs reconstruction error %.3g", tc.name, r.Samples(), fitErr, got)
		if got > tc.max {
			t.Errorf("%s: reconstruction error %.3g > %g", tc.name, got, tc.max)
		}
	}
}
