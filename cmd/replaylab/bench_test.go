package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBenchCommand(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string // in stdout, or the exact error
		err  bool
	}{
		{[]string{"bench", "reconstruct", "--seeds", "1", "--quiet", "--out", dir}, "exact             1      100", false},
		{[]string{"bench", "memory", "--lengths", "100,200", "--quiet", "--out", dir}, "bptt     200", false},
		{[]string{"bench", "xor"}, "unknown task \"xor\" (want one of anbn, mnist, mnist-masked, memorise, reconstruct, memory)", true},
		{[]string{"bench", "anbn", "--models", "lstm"}, "bench: unknown model \"lstm\" (want one of r2n2-bp, r2n2-fa, r2n2-published, rflo, reservoir, bptt)", true},
		{[]string{"bench", "anbn", "--seeds", "0"}, "--seeds must be ≥ 1 and --epochs, --limit, --test-limit ≥ 0", true},
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
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*tmp*")); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
