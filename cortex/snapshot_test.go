package cortex

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// An imagined run between SaveForward and RestoreForward leaves no trace:
// the real run continues bit-identically, samples of the learned reverse
// synapses included.
func TestRestoreForwardIsExact(t *testing.T) {
	for _, rev := range []ReverseSynapses{ReverseExact, ReverseLearned} {
		cfg := DefaultConfig(8, 5, 5)
		cfg.Reverse = rev
		build := func() *R2N2 {
			r, err := New(cfg, rand.New(rand.NewPCG(3, 4)))
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		plain, dreamer := build(), build()
		rng := rand.New(rand.NewPCG(5, 6))
		input := func() []float64 {
			x := make([]float64, 5)
			x[rng.IntN(5)] = 1
			return x
		}
		var saved ForwardState
		for step := range 40 {
			x := input()
			for _, r := range []*R2N2{plain, dreamer} {
				if err := r.Forward(x); err != nil {
					t.Fatal(err)
				}
			}
			if step%7 == 3 { // imagine a few steps, then come back
				dreamer.SaveForward(&saved)
				for range 5 {
					if err := dreamer.Forward(slices.Clone(dreamer.Output())); err != nil {
						t.Fatal(err)
					}
				}
				if err := dreamer.RestoreForward(&saved); err != nil {
					t.Fatal(err)
				}
			}
		}
		pa, pb := plain.State()
		da, db := dreamer.State()
		if !slices.Equal(pa, da) || !slices.Equal(pb, db) || !slices.Equal(plain.Output(), dreamer.Output()) {
			t.Fatalf("reverse %v: state after imagined runs differs from the plain run", rev)
		}
		// The reverse run (and the learned fit from the samples) must agree too.
		for _, r := range []*R2N2{plain, dreamer} {
			if err := r.BeginReverse(); err != nil {
				t.Fatalf("reverse %v: %v", rev, err)
			}
		}
		pab, pba := plain.ReverseWeights()
		dab, dba := dreamer.ReverseWeights()
		if !slices.Equal(pab.Data, dab.Data) || !slices.Equal(pba.Data, dba.Data) {
			t.Fatalf("reverse %v: reverse synapses differ after imagined runs", rev)
		}
	}
}

func TestRestoreForwardRefusesForeignState(t *testing.T) {
	a, _ := New(DefaultConfig(8, 5, 5), rand.New(rand.NewPCG(1, 2)))
	b, _ := New(DefaultConfig(6, 5, 5), rand.New(rand.NewPCG(1, 2)))
	var s ForwardState
	if err := a.RestoreForward(&s); err == nil {
		t.Fatal("restoring a never-saved state: no error")
	}
	b.SaveForward(&s)
	if err := a.RestoreForward(&s); err == nil {
		t.Fatal("restoring a state of another size: no error")
	}
}
