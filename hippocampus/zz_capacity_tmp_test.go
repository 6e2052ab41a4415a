package hippocampus

import "testing"

func TestZZCapacityR(t *testing.T) {
	for _, eps := range []int{7} {
		for _, r := range []int{10000, 20000} {
			cfg := DefaultConfig()
			cfg.N, cfg.ReadoutUnits = 1000, r
			for _, seed := range []uint64{1} {
				p, err := MeasureCapacity(cfg, []int{5, 2, 4, 123}, 100, eps, seed)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("N=1000 eps=%d R=%d seed=%d fwd %.3f rev %.3f worst %.3f complete %.2f per %.1f", eps, r, seed, p.Forward, p.Reverse, p.Worst, p.Complete, p.PerTrans)
			}
		}
	}
}
