package cortex

import (
	"fmt"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// trainStepNet returns a bp-mode network of n units per group (In = Out = 6)
// and T random inputs and targets.
func trainStepNet(tb testing.TB, n, T int) (*R2N2, [][]float64, [][]float64) {
	r := newR2N2ForTest(tb, DefaultConfig(n, 6, 6), 1)
	rng := seeds.New(2, "bench").Rand
	return r, r2Uniform(rng, T, 6, 0, 1), r2Uniform(rng, T, 6, 0, 1)
}

// BenchmarkTrainStep measures one training timestep: a forward step plus a
// reverse step with error signals and gradient accumulation, with the Adam
// step and BeginReverse amortised over episodes of T = 100 (one op = one
// timestep). Besides wall-clock ns/op it reports cpu-ns/op, the CPU time of
// the benchmark's thread per timestep (Linux), which stays meaningful when
// other processes share the cores.
func BenchmarkTrainStep(b *testing.B) {
	for _, n := range []int{32, 64, 128, 256, 512} {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) { benchTrainStep(b, n, (*R2N2).TrainSequence) })
	}
}

// BenchmarkTrainStepPaths measures the same timestep along the other paths,
// for ratios taken in one run: "gonum" is the step before the kernels
// (r2n2_ref_test.go), "go" the kernels' Go versions (what the purego build
// tag and CPUs without AVX2 run), "asm" the assembly kernels where present.
func BenchmarkTrainStepPaths(b *testing.B) {
	for _, n := range []int{64, 256} {
		b.Run(fmt.Sprintf("n=%d/path=gonum", n), func(b *testing.B) { benchTrainStep(b, n, (*R2N2).refTrainSequence) })
		b.Run(fmt.Sprintf("n=%d/path=go", n), func(b *testing.B) {
			withGo(func() { benchTrainStep(b, n, (*R2N2).TrainSequence) })
		})
		if asmAvailable {
			b.Run(fmt.Sprintf("n=%d/path=asm", n), func(b *testing.B) { benchTrainStep(b, n, (*R2N2).TrainSequence) })
		}
	}
}

func benchTrainStep(b *testing.B, n int, train func(*R2N2, [][]float64, [][]float64) (float64, error)) {
	const T = 100
	r, xs, targets := trainStepNet(b, n, T)
	cpu, unlock := threadCPU()
	defer unlock()
	b.ReportAllocs()
	b.ResetTimer()
	start := cpu()
	for done := 0; done < b.N; done += T {
		if _, err := train(r, xs, targets); err != nil {
			b.Fatal(err)
		}
	}
	if used := cpu() - start; used > 0 {
		b.ReportMetric(float64(used)/float64(b.N), "cpu-ns/op")
	}
}

func TestStepsAllocateNothing(t *testing.T) {
	for _, mode := range []string{"bp", "fa", "published"} {
		for _, reverse := range []ReverseSynapses{ReverseExact, ReverseLearned} {
			f, c, _ := ParseMode(mode)
			cfg := DefaultConfig(16, 3, 4)
			cfg.Feedback, cfg.Carry, cfg.Reverse = f, c, reverse
			r := newR2N2ForTest(t, cfg, 1)
			xs, targets := r2GradientTask(cfg, 40, 1)
			i := 0
			fwd := testing.AllocsPerRun(20, func() {
				if err := r.Forward(xs[i]); err != nil {
					t.Fatal(err)
				}
				i++
			})
			if err := r.BeginReverse(); err != nil {
				t.Fatal(err)
			}
			rev := testing.AllocsPerRun(20, func() {
				i--
				if _, err := r.ReverseStep(xs[i], targets[i]); err != nil {
					t.Fatal(err)
				}
			})
			allocs := fwd + rev
			if allocs != 0 {
				t.Errorf("%s reverse %d: Forward+ReverseStep allocate %v times, want 0", mode, reverse, allocs)
			}
		}
	}
}
