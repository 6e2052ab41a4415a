package seeds

import "testing"

func TestStreamsAreReproducibleAndIndependent(t *testing.T) {
	a1, a2, b := New(7, "cortex"), New(7, "cortex"), New(7, "cache")
	same, diff := 0, 0
	for range 100 {
		x, y, z := a1.Uint64(), a2.Uint64(), b.Uint64()
		if x == y {
			same++
		}
		if x != z {
			diff++
		}
	}
	if same != 100 || diff != 100 {
		t.Fatalf("same seed and name agreed %d/100, other name differed %d/100", same, diff)
	}
}

func TestStateRoundTrip(t *testing.T) {
	s := New(1, "policy")
	s.Float64()
	state, err := s.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	want := s.Float64()
	r := New(99, "other")
	if err := r.UnmarshalBinary(state); err != nil {
		t.Fatal(err)
	}
	if got := r.Float64(); got != want {
		t.Fatalf("restored stream gave %v, want %v", got, want)
	}
}
