package bench

import (
	"errors"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/internal/seeds"
	"github.com/replaylab/replaylab/record"
)

// MemoryShape is the memory benchmark's network: two groups of 64, 28 inputs
// (an MNIST row), 10 outputs, cross-entropy at the last step.
var MemoryShape = Shape{N: 64, In: 28, Out: 10, Loss: cortex.LossCrossEntropy, LR: 5e-4, Init: cortex.InitConstant}

// DefaultMemoryLengths are the sequence lengths of the memory benchmark.
var DefaultMemoryLengths = []int{100, 1000, 10000, 100000}

// memoryUse is one measurement.
type memoryUse struct {
	alloc, retained uint64 // TotalAlloc delta; HeapAlloc growth still live after training
	wall            time.Duration
	note            string // "ok", or the divergence that ended the run early
}

// measureMemory builds the model and trains it on one sequence, measuring
// the bytes allocated meanwhile (TotalAlloc delta) and the bytes still live
// afterwards with the model held (HeapAlloc delta after a GC). It must run
// alone: other goroutines' allocations would be counted.
func measureMemory(name string, xs, targets [][]float64) (memoryUse, error) {
	var m0, m1, m2 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	start := time.Now()
	m, err := NewModel(name, MemoryShape, "memory", 1)
	if err != nil {
		return memoryUse{}, err
	}
	note := "ok"
	if _, err := m.TrainSequence(xs, targets); errors.Is(err, cortex.ErrDiverged) {
		// A reverse run over a long sequence can blow up (errors grow by
		// about 1/c per step back); the memory it used is still measured.
		note = err.Error()
	} else if err != nil {
		return memoryUse{}, fmt.Errorf("bench: memory %s T=%d: %w", name, len(xs), err)
	}
	wall := time.Since(start)
	runtime.ReadMemStats(&m1)
	runtime.GC()
	runtime.ReadMemStats(&m2)
	runtime.KeepAlive(m)
	retained := uint64(0)
	if m2.HeapAlloc > m0.HeapAlloc {
		retained = m2.HeapAlloc - m0.HeapAlloc
	}
	return memoryUse{alloc: m1.TotalAlloc - m0.TotalAlloc, retained: retained, wall: wall, note: note}, nil
}

// RunMemory measures, for each sequence length T, the memory that training
// one sequence takes for each model (default: r2n2-bp and bptt). Runs are
// sequential so that the allocation counters see one run at a time; the
// inputs (T rows of 28 uniform values, target at the last step) are built
// before measuring and are not counted.
func RunMemory(o Options) (*Report, error) {
	models := o.Models
	if len(models) == 0 {
		models = []string{ModelR2N2BP, ModelBPTT}
	}
	lengths := o.Lengths
	if len(lengths) == 0 {
		lengths = DefaultMemoryLengths
	}
	rep := &Report{Task: "memory"}
	rep.Summary = record.NewTable("model", "T", "allocated_bytes", "retained_bytes", "bytes_per_step", "seconds", "us_per_step", "run")
	rep.Runs = record.NewTable(rep.Summary.Header()...)
	fig := Figure{File: "memory.png", Title: "memory to train one sequence of length T (n = 64)",
		XLabel: "sequence length T", YLabel: "bytes allocated (log)", LogX: true, LogY: true}
	curves := make([]Curve, len(models))
	rng := seeds.New(1, "bench/memory/inputs").Rand
	for _, T := range slices.Sorted(slices.Values(lengths)) {
		xs, targets := make([][]float64, T), make([][]float64, T)
		flat := make([]float64, T*MemoryShape.In)
		for t := range xs {
			xs[t] = flat[t*MemoryShape.In : (t+1)*MemoryShape.In]
			for i := range xs[t] {
				xs[t][i] = 0.5 * rng.Float64()
			}
		}
		targets[T-1] = make([]float64, MemoryShape.Out)
		targets[T-1][3] = 1
		for mi, name := range models {
			u, err := measureMemory(name, xs, targets)
			if err != nil {
				return nil, err
			}
			o.logf("memory %-15s T=%6d: allocated %d B, retained %d B, %.2fs, %s", name, T, u.alloc, u.retained, u.wall.Seconds(), u.note)
			row := []any{name, T, u.alloc, u.retained, float64(u.alloc) / float64(T), u.wall.Seconds(), 1e6 * u.wall.Seconds() / float64(T), u.note}
			rep.add(rep.Summary, row...)
			rep.add(rep.Runs, row...)
			curves[mi].Label = name
			curves[mi].X = append(curves[mi].X, float64(T))
			curves[mi].Y = append(curves[mi].Y, float64(max(u.alloc, 1)))
		}
	}
	fig.Curves = curves
	rep.Figures = []Figure{fig}
	return rep, nil
}
