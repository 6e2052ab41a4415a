package bench

import (
	"strings"
	"testing"
)

func TestCompareBand(t *testing.T) {
	for _, tc := range []struct {
		name string
		a, b bandResult
		want int
	}{
		{"more seeds solved wins over a higher final rate", bandResult{3, 0.9, 900}, bandResult{2, 1, 10}, 1},
		{"same seeds, higher final rate", bandResult{2, 0.75, 900}, bandResult{2, 0.5, 10}, 1},
		{"same seeds and final, earlier median", bandResult{3, 1, 400}, bandResult{3, 1, 410}, 1},
		{"later median loses", bandResult{3, 1, 410}, bandResult{3, 1, 400}, -1},
		{"nobody solved, same final: tie", bandResult{0, 0.25, 0}, bandResult{0, 0.25, 0}, 0},
		{"final difference below 1e-9 is a tie", bandResult{1, 0.5, 7}, bandResult{1, 0.5 + 1e-12, 7}, 0},
	} {
		if got := compareBand(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: compareBand = %d, want %d", tc.name, got, tc.want)
		}
		if got := compareBand(tc.b, tc.a); got != -tc.want {
			t.Errorf("%s (swapped): compareBand = %d, want %d", tc.name, got, -tc.want)
		}
	}
}

func TestANBNVerdict(t *testing.T) {
	models := []string{ModelR2N2BP, ModelRFLO, ModelReservoir}
	res := map[string][]bandResult{
		ModelR2N2BP:    {{3, 1, 416}, {3, 1, 71}, {0, 0.5, 0}, {0, 0.5, 0}},
		ModelRFLO:      {{0, 0.5, 0}, {3, 1, 71}, {0, 0.25, 0}, {0, 0.5, 0}},
		ModelReservoir: {{2, 0.92, 30}, {3, 1, 38}, {1, 0.5, 900}, {0, 0.25, 0}},
	}
	got, err := anbnVerdict(models, []int{1, 6, 11, 16}, res)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"1-4", "beats", "beats", "r2n2-bp beats rflo and reservoir: yes"},
		{"6-9", "ties", "loses", "r2n2-bp beats rflo and reservoir: no"},
		{"11-14", "beats", "loses", "r2n2-bp beats rflo and reservoir: no"},
		{"16-19", "ties", "beats", "r2n2-bp beats rflo and reservoir: n/a (no model solved)"},
	}
	if h := strings.Join(got.Header(), ","); h != "band,r2n2-bp_vs_rflo,r2n2-bp_vs_reservoir,verdict" {
		t.Errorf("header %s", h)
	}
	if got.Len() != len(want) {
		t.Fatalf("verdict has %d rows, want %d", got.Len(), len(want))
	}
	for i, row := range got.Rows() {
		if strings.Join(row, "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, row, want[i])
		}
	}
	if v, err := anbnVerdict([]string{ModelBPTT}, []int{1}, map[string][]bandResult{ModelBPTT: {{1, 1, 1}}}); v != nil || err != nil {
		t.Errorf("verdict without r2n2-bp: %v, %v; want none", v, err)
	}
}
