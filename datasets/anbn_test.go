package datasets

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
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
	if _, err := AnBnString(0); err == nil || err.Error() != "datasets: a^n b^n needs n ≥ 1, got 0" {
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

func TestAnBnIdealPredictor(t *testing.T) {
	// The best any model can do: 'a' after every 'a' (it cannot know where
	// the run ends), then b…b# exactly. It has exactly one wrong prediction
	// (after the last 'a') and is scored correct; the final '#' is never an
	// input, so there is no prediction after it to score.
	for _, n := range []int{1, 2, 9, 29} {
		s, err := AnBnString(n)
		if err != nil {
			t.Fatal(err)
		}
		seq, err := NextSymbol(s, AnBnSymbols)
		if err != nil {
			t.Fatal(err)
		}
		if last := floats.MaxIdx(seq.Inputs[len(seq.Inputs)-1]); last != SymbolB {
			t.Errorf("n=%d: last input %d, want b (the final '#' is not an input)", n, last)
		}
		ys := make([][]float64, len(seq.Inputs))
		for i := range ys {
			switch {
			case i < n: // after an 'a'
				ys[i] = OneHot(SymbolA, AnBnSymbols)
			case i < 2*n: // after '#' or a 'b' that is not the last
				ys[i] = OneHot(SymbolB, AnBnSymbols)
			default: // after the last 'b'
				ys[i] = OneHot(SymbolEnd, AnBnSymbols)
			}
		}
		if w := CountWrong(ys, seq.Targets); w != 1 || !AnBnCorrect(ys, seq) {
			t.Errorf("n=%d: ideal predictor has %d wrong (correct %v), want 1 (true)", n, w, AnBnCorrect(ys, seq))
		}
	}
}
