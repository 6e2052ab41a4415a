package datasets

import (
	"fmt"
	"math/rand/v2"
)

// Defaults of the memorisation task (MODEL.md §5): one sequence of 20 steps
// over 6 one-hot symbols, learned by next-step prediction.
const (
	MemoriseLength  = 20
	MemoriseSymbols = 6
)

// MemoriseSymbolsFrom draws the memorisation string: length symbols, each
// uniform in [0, symbols), independent of each other (repeats allowed). The
// same stream state gives the same string.
func MemoriseSymbolsFrom(rng *rand.Rand, length, symbols int) ([]int, error) {
	if length < 2 || symbols < 2 {
		return nil, fmt.Errorf("datasets: memorisation needs length ≥ 2 and symbols ≥ 2, got %d and %d", length, symbols)
	}
	s := make([]int, length)
	for i := range s {
		s[i] = rng.IntN(symbols)
	}
	return s, nil
}

// Memorise returns the memorisation task as a next-symbol sequence: a string
// of length symbols (MemoriseSymbolsFrom) becomes length−1 steps, input
// symbol t, target symbol t+1. "20 steps" in MODEL.md is the string length,
// so the default task has 19 predictions.
func Memorise(rng *rand.Rand, length, symbols int) (Sequence, error) {
	s, err := MemoriseSymbolsFrom(rng, length, symbols)
	if err != nil {
		return Sequence{}, err
	}
	return NextSymbol(s, symbols)
}
