package hippocampus

import "testing"

func TestZZCapacityR(t *testing.T) {
	for _, n := range []int{1000, 2000} {
		for _, r := range []int{5000, 10000, 20000} {
			cfg := DefaultConfig()
			cfg.N, cfg.ReadoutUnits = n, r
			for _, seed := range []uint64{1, 2} {
				p, err := MeasureCapacity(cfg, []int{5, 2, 4, 123}, 100, 10, seed)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("N=%d R=%d seed=%d fwd %.3f rev %.3f worst %.3f complete %.2f per %.1f", n, r, seed, p.Forward, p.Reverse, p.Worst, p.Complete, p.PerTrans)
			}
		}
	}
}
