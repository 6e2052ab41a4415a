package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
)

// Sequence is one example of a sequence benchmark: the input at every step
// and the target for the output read after that input. A nil target means
// the step carries no loss (e.g. every step but the last in classification).
type Sequence struct {
	Inputs  [][]float64
	Targets [][]float64
}

// OneHot returns a vector of length k with a 1 at index i.
func OneHot(i, k int) []float64 {
	v := make([]float64, k)
	v[i] = 1
	return v
}

// NextSymbol turns a string of symbols (each in [0, k)) into a next-symbol
// prediction sequence: input s[t] one-hot, target s[t+1] one-hot, for
// t = 0 … len(s)−2. It returns an error if the string has fewer than two
// symbols or a symbol is out of range.
func NextSymbol(s []int, k int) (Sequence, error) {
	if len(s) < 2 {
		return Sequence{}, fmt.Errorf("datasets: next-symbol sequence needs at least 2 symbols, got %d", len(s))
	}
	for t, c := range s {
		if c < 0 || c >= k {
			return Sequence{}, fmt.Errorf("datasets: symbol %d at position %d outside [0, %d)", c, t, k)
		}
	}
	seq := Sequence{Inputs: make([][]float64, len(s)-1), Targets: make([][]float64, len(s)-1)}
	for t := range len(s) - 1 {
		seq.Inputs[t] = OneHot(s[t], k)
		seq.Targets[t] = OneHot(s[t+1], k)
	}
	return seq, nil
}

// CountWrong returns how many steps with a target have an output whose
// argmax (the first among equals) differs from the argmax of the target; ys are the outputs after each
// input (as from a model's Predict). Steps whose target is nil are skipped.
func CountWrong(ys, targets [][]float64) int {
	wrong := 0
	for t, tg := range targets {
		if tg != nil && floats.MaxIdx(ys[t]) != floats.MaxIdx(tg) {
			wrong++
		}
	}
	return wrong
}

// RandomInputs returns T input vectors of dimension dim with entries drawn
// uniformly from [lo, hi), as used for the activity-reconstruction task
// (MODEL.md §5: random inputs, T = 100; the consolidator issue uses
// [0, 0.5)). The sequence has no targets.
func RandomInputs(rng *rand.Rand, T, dim int, lo, hi float64) (Sequence, error) {
	if T <= 0 || dim <= 0 {
		return Sequence{}, fmt.Errorf("datasets: random inputs need T > 0 and dim > 0, got T = %d, dim = %d", T, dim)
	}
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return Sequence{}, fmt.Errorf("datasets: random inputs need a finite range lo < hi, got [%v, %v)", lo, hi)
	}
	seq := Sequence{Inputs: make([][]float64, T), Targets: make([][]float64, T)}
	for t := range T {
		x := make([]float64, dim)
		for i := range x {
			x[i] = lo + (hi-lo)*rng.Float64()
		}
		seq.Inputs[t] = x
	}
	return seq, nil
}
