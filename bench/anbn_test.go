package bench

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestAnBnShortBand6(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three networks for 100 epochs, twice")
	}
	// Band 6–9, seed 1, lr 1e-2, one fixed initial state (BPTT has no fresh
	// one): R2N2 in bp mode and exact BPTT compute the same gradient from the
	// same weights, so they must solve the band at the same epoch; R2N2-bp
	// must solve it within the 100 epochs; RFLO is slower on this band, so
	// the verdict is "beats"; and the results do not depend on the number of
	// workers.
	o := Options{Models: []string{ModelR2N2BP, ModelBPTT, ModelRFLO}, Seeds: 1, Epochs: 100, Bands: []int{6}, FixedInit: true, Workers: 1}
	rep, err := RunAnBn(o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteText(&b, rep.Summary); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	solved := map[string]int{}
	for _, row := range rep.Runs.Rows() { // model, band, seed, solved_epoch, …
		solved[row[0]], _ = strconv.Atoi(row[3])
	}
	if len(solved) != 3 {
		t.Fatalf("runs table has models %v, want 3", solved)
	}
	if e := solved[ModelR2N2BP]; e < 1 || e > 100 {
		t.Errorf("r2n2-bp solved band 6–9 at epoch %d, want within 1…100", e)
	}
	if solved[ModelBPTT] != solved[ModelR2N2BP] {
		t.Errorf("bptt solved at epoch %d, r2n2-bp at %d: same gradient, want the same epoch", solved[ModelBPTT], solved[ModelR2N2BP])
	}
	if v := strings.Join(rep.Verdict.Rows()[0], "|"); v != "6-9|beats|r2n2-bp beats rflo: yes" {
		t.Errorf("verdict %q", v)
	}
	for _, f := range []string{"anbn_summary.csv", "anbn_verdict.csv", "anbn_runs.csv", "anbn_curves.csv", "anbn_band06.png"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() < 60 {
			t.Errorf("%s: %v", f, err)
		}
	}
	if n := rep.Curves.Len(); n != 3*100 {
		t.Errorf("curves table has %d rows, want %d", n, 3*100)
	}
	o.Workers = 2
	rep2, err := RunAnBn(o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.EqualFunc(rep.Curves.Rows(), rep2.Curves.Rows(), slices.Equal) {
		t.Errorf("curves differ between 1 and 2 workers")
	}
}

func TestParseModelsAndTasks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		err  string
	}{
		{"r2n2-bp, bptt,r2n2-bp", "r2n2-bp,bptt", ""},
		{"lstm", "", `bench: unknown model "lstm" (want one of r2n2-bp, r2n2-fa, r2n2-published, r2n2-fa-published, rflo, reservoir, bptt)`},
		{" , ", "", "bench: no models given"},
	} {
		got, err := ParseModels(tc.in)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("ParseModels(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || strings.Join(got, ",") != tc.want {
			t.Errorf("ParseModels(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	if _, err := Run("xor", Options{}); err == nil ||
		err.Error() != `bench: unknown task "xor" (want one of anbn, mnist, mnist-masked, memorise, reconstruct, memory)` {
		t.Errorf("Run(xor) error = %v", err)
	}
}
