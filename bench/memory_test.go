package bench

import (
	"strconv"
	"testing"
)

func TestMemoryR2N2FlatBPTTLinear(t *testing.T) {
	rep, err := RunMemory(Options{Lengths: []int{100, 1000, 5000}})
	if err != nil {
		t.Fatal(err)
	}
	alloc := map[string][]float64{}
	for _, row := range rep.Runs.Rows() {
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		alloc[row[0]] = append(alloc[row[0]], v)
		if row[7] != "ok" {
			t.Errorf("%s T=%s: %s", row[0], row[1], row[7])
		}
	}
	r, b := alloc[ModelR2N2BP], alloc[ModelBPTT]
	t.Logf("allocated bytes: r2n2-bp %v, bptt %v", r, b)
	// R2N2: the same bytes (model and buffers, ~415 kB) whatever T.
	if r[2] > 1.01*r[0] {
		t.Errorf("R2N2 allocation grows with T: %v", r)
	}
	// BPTT: the stored rates, 2·64 float64s = 1024 bytes per step.
	slope := (b[2] - b[1]) / 4000
	if slope < 1000 || slope > 1100 {
		t.Errorf("BPTT allocates %.0f bytes per extra step, want ≈ 1024", slope)
	}
}
