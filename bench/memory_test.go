package bench

import (
	"strconv"
	"testing"
)

// TestMemoryR2N2FlatBPTTLinear: segmented reverse replay allocates the same
// bytes and reaches the same peak RSS (within 10 %) at T = 100, 1 000 and
// 5 000, with a gradient equal to BPTT's (relative error ≤ 1e-6) and the
// reversal check passed; BPTT allocates ≈ 1 024 bytes per extra step; the
// checkpointed variant stores T/K states.
func TestMemoryR2N2FlatBPTTLinear(t *testing.T) {
	rep, err := RunMemory(Options{Lengths: []int{100, 1000, 5000}})
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rep.Runs.Header() {
		col[h] = i
	}
	num := func(row []string, name string) float64 {
		v, err := strconv.ParseFloat(row[col[name]], 64)
		if err != nil {
			t.Fatalf("%s %q: %v", name, row[col[name]], err)
		}
		return v
	}
	alloc, peak := map[string][]float64{}, map[string][]float64{}
	for _, row := range rep.Runs.Rows() {
		m := row[0]
		alloc[m] = append(alloc[m], num(row, "allocated_bytes"))
		peak[m] = append(peak[m], num(row, "peak_rss_bytes"))
		if row[col["run"]] != "ok" {
			t.Errorf("%s T=%s: %s", m, row[1], row[col["run"]])
		}
		if m != ModelBPTT {
			if e := num(row, "reversal_error"); e > 1e-8 {
				t.Errorf("%s T=%s: reversal error %g > 1e-8", m, row[1], e)
			}
			if e := num(row, "grad_rel_err"); e > 1e-6 {
				t.Errorf("%s T=%s: gradient relative error vs BPTT %g > 1e-6", m, row[1], e)
			}
		}
	}
	r, c, b := alloc[ModelR2N2BP], alloc[ModelR2N2BP+checkpointSuffix], alloc[ModelBPTT]
	t.Logf("allocated bytes: r2n2-bp %v, checkpoint %v, bptt %v; peak RSS r2n2-bp %v", r, c, b, peak[ModelR2N2BP])
	if r[2] > 1.01*r[0] || r[0] > 1.01*r[2] {
		t.Errorf("segmented R2N2 allocation depends on T: %v", r)
	}
	if p := peak[ModelR2N2BP]; p[0] > 0 && (p[2] > 1.1*p[0] || p[0] > 1.1*p[2]) {
		t.Errorf("segmented R2N2 peak RSS depends on T: %v", p)
	}
	slope := (b[2] - b[1]) / 4000
	if slope < 1000 || slope > 1100 {
		t.Errorf("BPTT allocates %.0f bytes per extra step, want ≈ 1024", slope)
	}
	if !(c[2] > c[1] && c[2]-c[1] < 0.2*(b[2]-b[1])) {
		t.Errorf("checkpointed R2N2 allocation %v: want growing, by less than a fifth of BPTT's", c)
	}
}
