package cortex

import (
	"errors"
	"math"
	"testing"
)

func TestDivergence(t *testing.T) {
	var d Divergence
	for _, v := range []float64{1.5, 1.2, 0.9, 40, 0.01} { // learning, and a novel episode
		if err := d.Observe("replay loss", v); err != nil {
			t.Fatalf("loss %v: %v", v, err)
		}
	}
	err := d.Observe("replay loss", 2e5)
	want := "replay loss 2e+05 is more than 1000 times its running level 4.75: cortex: diverged (loss or gradient ran away)"
	if !errors.Is(err, ErrRunaway) || err.Error() != want {
		t.Errorf("runaway loss: %v\nwant %s", err, want)
	}
	if err := d.Observe("gradient norm", math.Inf(1)); !errors.Is(err, ErrDiverged) {
		t.Errorf("infinite gradient: %v, want ErrDiverged", err)
	}
	// The floor: after the level fell near zero, ordinary values pass.
	e := DefaultDivergence()
	for range 50 {
		e.Observe("replay loss", 1e-6)
	}
	if err := e.Observe("replay loss", 500); err != nil {
		t.Errorf("a loss of 500 after a level of 1e-6: %v, want none (floor 1)", err)
	}
}
