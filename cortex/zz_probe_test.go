package cortex

import "testing"

func TestProbeRecon(t *testing.T) {
	for _, T := range []int{150, 200, 300, 400} {
		for seed := uint64(1); seed <= 3; seed++ {
			r := newR2N2ForTest(t, DefaultConfig(64, 10, 10), seed)
			t.Logf("T=%d seed=%d err=%.3g", T, seed, r2Reconstruction(t, r, seed, T))
		}
	}
}
