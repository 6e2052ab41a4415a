package datasets

import (
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func TestMemoriseIsSeededAndShaped(t *testing.T) {
	a, err := MemoriseSymbolsFrom(rand.New(rand.NewPCG(1, 2)), MemoriseLength, MemoriseSymbols)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := MemoriseSymbolsFrom(rand.New(rand.NewPCG(1, 2)), MemoriseLength, MemoriseSymbols)
	c, _ := MemoriseSymbolsFrom(rand.New(rand.NewPCG(1, 3)), MemoriseLength, MemoriseSymbols)
	if !slices.Equal(a, b) || slices.Equal(a, c) {
		t.Fatalf("same seed %v vs %v; other seed %v", a, b, c)
	}
	seen := map[int]bool{}
	for _, s := range a {
		seen[s] = true
	}
	if len(a) != 20 || len(seen) < 4 {
		t.Errorf("string %v: length %d, %d distinct symbols", a, len(a), len(seen))
	}
	seq, err := Memorise(rand.New(rand.NewPCG(1, 2)), MemoriseLength, MemoriseSymbols)
	if err != nil {
		t.Fatal(err)
	}
	if len(seq.Inputs) != 19 || floats.MaxIdx(seq.Targets[18]) != a[19] || floats.MaxIdx(seq.Inputs[0]) != a[0] {
		t.Errorf("sequence does not follow the string %v", a)
	}
	if _, err := Memorise(rand.New(rand.NewPCG(1, 2)), 1, 6); err == nil ||
		err.Error() != "datasets: memorisation needs length ≥ 2 and symbols ≥ 2, got 1 and 6" {
		t.Errorf("bad length error = %v", err)
	}
}
