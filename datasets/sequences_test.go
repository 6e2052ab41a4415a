package datasets

import (
	"math/rand/v2"
	"testing"
)

func TestCountWrong(t *testing.T) {
	// Step 1 has no target; step 2 is wrong; step 4 ties, and a tie counts
	// for the first output, which is wrong.
	targets := [][]float64{{1, 0}, nil, {0, 1}, {0, 1}, {0, 1}}
	ys := [][]float64{{0.9, 0.1}, {0, 5}, {0.6, 0.4}, {0.2, 0.3}, {0.5, 0.5}}
	if got := CountWrong(ys, targets); got != 2 {
		t.Errorf("CountWrong = %d, want 2", got)
	}
}

func TestRandomInputs(t *testing.T) {
	seq, err := RandomInputs(rand.New(rand.NewPCG(3, 4)), 100, 64, 0, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	lo, hi, sum := 1.0, 0.0, 0.0
	for _, x := range seq.Inputs {
		for _, v := range x {
			lo, hi, sum = min(lo, v), max(hi, v), sum+v
		}
	}
	mean := sum / 6400
	if lo < 0 || hi >= 0.5 || mean < 0.24 || mean > 0.26 {
		t.Errorf("inputs in [%v, %v], mean %v; want [0, 0.5), mean ≈ 0.25", lo, hi, mean)
	}
	for _, tc := range []struct {
		T, dim int
		lo, hi float64
		want   string
	}{
		{0, 3, 0, 1, "datasets: random inputs need T > 0 and dim > 0, got T = 0, dim = 3"},
		{5, 3, 1, 1, "datasets: random inputs need a finite range lo < hi, got [1, 1)"},
	} {
		if _, err := RandomInputs(rand.New(rand.NewPCG(1, 1)), tc.T, tc.dim, tc.lo, tc.hi); err == nil || err.Error() != tc.want {
			t.Errorf("RandomInputs(%d, %d, %v, %v) error = %v, want %q", tc.T, tc.dim, tc.lo, tc.hi, err, tc.want)
		}
	}
}
