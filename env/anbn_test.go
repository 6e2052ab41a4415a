package env

import (
	"slices"
	"testing"
)

func TestAnBnString(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want []int
	}{
		{1, []int{SymbolA, SymbolEnd, SymbolB, SymbolEnd}},
		{3, []int{0, 0, 0, 2, 1, 1, 1, 2}},
	} {
		got, err := AnBnString(tc.n)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("AnBnString(%d) = %v, %v; want %v", tc.n, got, err, tc.want)
		}
	}
	if _, err := AnBnString(0); err == nil || err.Error() != "env: a^n b^n needs n ≥ 1, got 0" {
		t.Errorf("AnBnString(0) error = %v", err)
	}
}

func TestAnBnBand(t *testing.T) {
	for _, m := range AnBnBands {
		band, err := AnBnBand(m)
		if err != nil {
			t.Fatal(err)
		}
		if len(band) != AnBnBandWidth {
			t.Fatalf("band %d has %d strings", m, len(band))
		}
		for i, seq := range band {
			n := m + i
			if len(seq.Inputs) != 2*n+1 || len(seq.Targets) != 2*n+1 {
				t.Errorf("band %d string n=%d: %d inputs, %d targets; want %d", m, n, len(seq.Inputs), len(seq.Targets), 2*n+1)
			}
			// A perfect predictor (the targets themselves) is correct; one
			// that is wrong on two steps is not; wrong on one step still is.
			if !AnBnCorrect(seq.Targets, seq) {
				t.Errorf("band %d n=%d: targets not scored correct", m, n)
			}
			ys := slices.Clone(seq.Targets)
			ys[0] = OneHot(SymbolB, AnBnSymbols)
			if !AnBnCorrect(ys, seq) {
				t.Errorf("band %d n=%d: one wrong step scored incorrect", m, n)
			}
			ys[len(ys)-1] = OneHot(SymbolA, AnBnSymbols)
			if AnBnCorrect(ys, seq) {
				t.Errorf("band %d n=%d: two wrong steps scored correct", m, n)
			}
		}
	}
	if _, err := AnBnBand(0); err == nil {
		t.Error("AnBnBand(0) gave no error")
	}
}
