package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/record"
)

func TestBenchCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string // in stdout, or the exact error
		err  bool
	}{
		{[]string{"bench", "reconstruct", "--seeds", "1", "--quiet", "--out", dir}, "exact             1      100", false},
		{[]string{"bench", "memory", "--lengths", "100,200", "--quiet", "--out", dir}, "bptt                200", false},
		{[]string{"bench", "xor"}, "unknown task \"xor\" (want one of anbn, mnist, mnist-masked, memorise, reconstruct, memory)", true},
		{[]string{"bench", "anbn", "--models", "lstm"}, "bench: unknown model \"lstm\" (want one of r2n2-bp, r2n2-fa, r2n2-published, r2n2-fa-published, rflo, reservoir, bptt)", true},
		{[]string{"bench", "anbn", "--seeds", "0"}, "--seeds must be ≥ 1 and --epochs, --limit, --test-limit ≥ 0", true},
		{[]string{"bench", "anbn", "--lr", "-1"}, "--lr must be a finite number ≥ 0 (0 = the task's default), got -1", true},
		{[]string{"bench", "anbn", "--model-lr", "lstm=1e-2"}, "--model-lr: bench: unknown model \"lstm\" (want one of r2n2-bp, r2n2-fa, r2n2-published, r2n2-fa-published, rflo, reservoir, bptt)", true},
		{[]string{"bench", "anbn", "--model-lr", "rflo=fast"}, "--model-lr: rflo=fast is not a positive learning rate", true},
		// R2N2-bp at lr 2e-2 solves band 6–9 within the 60 epochs, RFLO at
		// 1e-2 does not (checked with the runs table below).
		{anbnArgs(dir), "6-9   beats            r2n2-bp beats rflo: yes", false},
	} {
		root := newRootCmd()
		var out bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&bytes.Buffer{})
		root.SetArgs(tc.args)
		err := root.Execute()
		switch {
		case tc.err && (err == nil || err.Error() != tc.want):
			t.Errorf("%v: error %v, want %q", tc.args, err, tc.want)
		case !tc.err && err != nil:
			t.Errorf("%v: %v", tc.args, err)
		case !tc.err && !strings.Contains(out.String(), tc.want):
			t.Errorf("%v: output %q lacks %q", tc.args, out.String(), tc.want)
		}
	}
	for _, f := range []string{"reconstruct_summary.csv", "reconstruct_error.png", "memory_summary.csv", "memory.png"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	// The anbn runs table: R2N2-bp solved at an epoch within 1…60, RFLO not.
	_, rows, err := record.ReadCSV(filepath.Join(dir, "anbn_runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	solved := map[string]int{}
	for _, row := range rows { // model, band, seed, solved_epoch, …
		solved[row[0]], _ = strconv.Atoi(row[3])
	}
	if e := solved["r2n2-bp"]; e < 1 || e > 60 || solved["rflo"] != 0 || len(rows) != 2 {
		t.Errorf("anbn runs: solved epochs %v, want r2n2-bp within 1…60 and rflo 0", solved)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

func anbnArgs(dir string) []string {
	return []string{"bench", "anbn", "--models", "r2n2-bp,rflo", "--bands", "6", "--epochs", "60", "--seeds", "1",
		"--lr", "2e-2", "--model-lr", "rflo=1e-2", "--fixed-init", "--quiet", "--out", dir}
}
