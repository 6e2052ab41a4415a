package cortex

import (
	"fmt"
	"math/rand/v2"
)

// freshInitStd is the standard deviation of the reference code's per-sequence
// initial state (each unit a normal draw with standard deviation 3, clipped to
// ±InitScale: most units land on ±InitScale).
const freshInitStd = 3

// freshStream is the R2N2's own random stream for InitFresh. It is seeded at
// New from the caller's stream (after every other draw, so the weights are
// those of the other initial states) and saved by Save, so that a resumed
// network draws the same initial states as one that never stopped.
type freshStream struct {
	src *rand.PCG
	rng *rand.Rand
}

func newFreshStream() *freshStream {
	src := rand.NewPCG(0, 0)
	return &freshStream{src: src, rng: rand.New(src)}
}

// draw fills a and b with a fresh initial state.
func (f *freshStream) draw(a, b []float64, scale float64) {
	for _, s := range [][]float64{a, b} {
		for i := range s {
			s[i] = max(-scale, min(scale, freshInitStd*f.rng.NormFloat64()))
		}
	}
}

// state and setState are the stream's bytes in a checkpoint.
func (f *freshStream) state() ([]byte, error) { return f.src.MarshalBinary() }

func (f *freshStream) setState(b []byte) error {
	if err := f.src.UnmarshalBinary(b); err != nil {
		return fmt.Errorf("cortex: initial-state stream: %w", err)
	}
	return nil
}

// errFreshBaseline is returned by the baselines, which keep one initial
// state per network.
func errFreshBaseline(model string) error {
	return fmt.Errorf("cortex: %s: InitFresh (a fresh initial state per sequence) is offered by R2N2 only", model)
}
