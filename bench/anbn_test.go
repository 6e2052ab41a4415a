package bench

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnBnShortBand6(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three networks for 100 epochs")
	}
	// Band 6–9, seed 1, lr 1e-2: R2N2 in bp mode and exact BPTT compute the
	// same gradient, so they solve the band at the same epoch (measured: 61);
	// RFLO has not solved it after 100 epochs (it does at epoch 489).
	dir := t.TempDir()
	rep, err := RunAnBn(Options{Models: []string{ModelR2N2BP, ModelBPTT, ModelRFLO}, Seeds: 1, Epochs: 100, Bands: []int{6}})
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Write(dir); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Summary.WriteText(&b)
	t.Log("\n" + b.String())
	if len(rep.Summary.Rows) != 3 {
		t.Fatalf("summary has %d rows, want 3", len(rep.Summary.Rows))
	}
	for i, want := range [][]string{{"6-9", "1/1", "61"}, {"6-9", "1/1", "61"}, {"6-9", "0/1", "-"}} {
		// model, band, solved, median_solved_epoch, mean_final_correct, wall
		if row := rep.Summary.Rows[i]; strings.Join(row[1:4], " ") != strings.Join(want, " ") {
			t.Errorf("row %v: want band, solved, median epoch %v", row, want)
		}
	}
	if v := strings.Join(rep.Verdict.Rows[0], "|"); v != "6-9|beats|r2n2-bp beats rflo: yes" {
		t.Errorf("verdict %q", v)
	}
	for _, f := range []string{"anbn_summary.csv", "anbn_verdict.csv", "anbn_runs.csv", "anbn_curves.csv", "anbn_band06.png"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil || st.Size() < 60 {
			t.Errorf("%s: %v (size %d)", f, err, st.Size())
		}
	}
	curves, _ := os.ReadFile(filepath.Join(dir, "anbn_curves.csv"))
	if lines := strings.Count(string(curves), "\n"); lines != 1+3*100 {
		t.Errorf("curves.csv has %d lines, want %d", lines, 1+3*100)
	}
}

func TestParseModelsAndTasks(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		err  string
	}{
		{"r2n2-bp, bptt,r2n2-bp", "r2n2-bp,bptt", ""},
		{"lstm", "", `bench: unknown model "lstm" (want one of r2n2-bp, r2n2-fa, r2n2-published, rflo, reservoir, bptt)`},
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
