package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/replaylab/replaylab/scenarios"
)

// The memory estimate is within ±20 % of the peak resident memory a run
// really takes (measured on the built command, a separate process). By
// default two built-ins are checked; REPLAYLAB_MEMORY_ALL=1 checks every
// built-in and the 100×100 open maze of testdata (several minutes), which
// must also stay under 1 GB.
func TestMemoryEstimate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs scenarios to the end")
	}
	bin := buildBinary(t)
	names := []string{"tmaze-small", "plus-maze"}
	if os.Getenv("REPLAYLAB_MEMORY_ALL") != "" {
		names = append(scenarios.Builtins(), "testdata/maze100.toml")
	}
	for _, name := range names {
		sc, err := scenarios.Load(name, nil)
		if err != nil {
			t.Fatal(err)
		}
		est, err := scenarios.EstimateMemory(sc)
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(bin, "run", name, "--quiet", "--out", filepath.Join(t.TempDir(), "run"))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		peak := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss << 10
		ratio := float64(est.Total) / float64(peak)
		t.Logf("%-24s estimate %s, peak %s, ratio %.2f", name, scenarios.FormatBytes(est.Total), scenarios.FormatBytes(peak), ratio)
		if ratio < 0.8 || ratio > 1.2 {
			t.Errorf("%s: estimate %s is not within ±20 %% of the measured peak %s", name, scenarios.FormatBytes(est.Total), scenarios.FormatBytes(peak))
		}
		if peak > 1<<30 {
			t.Errorf("%s: peak %s, want under 1 GiB", name, scenarios.FormatBytes(peak))
		}
	}
}
