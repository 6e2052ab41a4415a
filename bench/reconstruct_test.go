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
	// reverse_synapses, seeds, T, median, worst: one row for each kind.
	want := map[string]float64{"exact": 1e-8, "learned": 1e-4}
	if n := rep.Summary.Len(); n != len(want) {
		t.Fatalf("summary has %d rows, want %d (exact, learned)", n, len(want))
	}
	for _, row := range rep.Summary.Rows() {
		if _, ok := want[row[0]]; !ok || row[1] != "2" || row[2] != "100" {
			t.Errorf("row %v: want exact or learned, 2 seeds, T = 100", row)
		}
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
