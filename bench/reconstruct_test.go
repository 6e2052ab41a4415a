package bench

import (
	"strconv"
	"testing"
)

func TestReconstructExactAndLearned(t *testing.T) {
	rep, err := RunReconstruct(Options{Seeds: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"exact": 1e-8, "learned": 1e-4}
	for _, row := range rep.Summary.Rows {
		worst, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s reverse synapses: worst max abs error %g", row[0], worst)
		if worst > want[row[0]] {
			t.Errorf("%s: worst error %g, want ≤ %g", row[0], worst, want[row[0]])
		}
	}
}
