package datasets

import "fmt"

// The a^n b^n alphabet (MODEL.md §5), as one-hot indices.
const (
	SymbolA   = 0
	SymbolB   = 1
	SymbolEnd = 2 // '#'
	// AnBnSymbols is the alphabet size.
	AnBnSymbols = 3
	// AnBnBandWidth is the number of string lengths in a band: n ∈ [m, m+3].
	AnBnBandWidth = 4
	// AnBnMaxWrong is how many wrong next-symbol predictions a string may have
	// and still count as correct: the end of the a-run cannot be predicted.
	AnBnMaxWrong = 1
)

// AnBnBands are the band starts m of the paper's a^n b^n experiment.
var AnBnBands = []int{1, 6, 11, 16, 21, 26}

// AnBnString returns aⁿ # bⁿ # as symbol indices (length 2n+2).
func AnBnString(n int) ([]int, error) {
	if n < 1 {
		return nil, fmt.Errorf("datasets: a^n b^n needs n ≥ 1, got %d", n)
	}
	s := make([]int, 0, 2*n+2)
	for range n {
		s = append(s, SymbolA)
	}
	s = append(s, SymbolEnd)
	for range n {
		s = append(s, SymbolB)
	}
	return append(s, SymbolEnd), nil
}

// AnBnBand returns the band starting at m: the next-symbol sequences of
// aⁿ # bⁿ # for n = m … m+3, in increasing n. Each string is its own sequence
// (a model starts it from its initial state); the string aⁿ#bⁿ# gives 2n+1
// predictions.
func AnBnBand(m int) ([]Sequence, error) {
	if m < 1 {
		return nil, fmt.Errorf("datasets: a^n b^n band needs m ≥ 1, got %d", m)
	}
	band := make([]Sequence, AnBnBandWidth)
	for i := range band {
		s, err := AnBnString(m + i)
		if err != nil {
			return nil, err
		}
		if band[i], err = NextSymbol(s, AnBnSymbols); err != nil {
			return nil, err
		}
	}
	return band, nil
}

// AnBnCorrect reports whether the outputs ys for one string of a band count
// as a correct prediction: at most AnBnMaxWrong wrong next-symbol argmaxes.
func AnBnCorrect(ys [][]float64, seq Sequence) bool {
	return CountWrong(ys, seq.Targets) <= AnBnMaxWrong
}
