package bench

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
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

// checkpointSuffix names the checkpointed variant of an R2N2 model in the
// memory table (e.g. "r2n2-bp/checkpoint").
const checkpointSuffix = "/checkpoint"

// memoryUse is one measurement.
type memoryUse struct {
	alloc, retained uint64 // TotalAlloc delta; HeapAlloc growth still live after training
	peak            uint64 // peak resident set size of the process during the run (0: unknown)
	wall            time.Duration
	note            string // "ok", or why the run was not trained
	rev             cortex.Reversal
	grads           [][]float64 // the gradient applied (means), for the cross-check
	check           float64     // R2N2: relative error against ComputeGradientsStored
}

// memoryInputs generates the benchmark's sequence on demand: input t is 28
// values 0.5·u with u uniform from a counter-based hash of (t, i), the
// target a one-hot class at the last step. Nothing of length T is stored, so
// the memory measured is the model's alone. It is a cortex.Replay.
type memoryInputs struct {
	T    int
	x, y []float64
}

func newMemoryInputs(T int) *memoryInputs {
	g := &memoryInputs{T: T, x: make([]float64, MemoryShape.In), y: make([]float64, MemoryShape.Out)}
	g.y[3] = 1
	return g
}

// Len returns T.
func (g *memoryInputs) Len() int { return g.T }

// Steps visits steps from … end−1.
func (g *memoryInputs) Steps(from, end int, visit func(t int, x, target []float64) error) error {
	if from < 0 || from > end || end > g.T {
		return fmt.Errorf("bench: memory inputs: steps [%d, %d) of %d", from, end, g.T)
	}
	for t := from; t < end; t++ {
		g.fill(t, g.x)
		var y []float64
		if t == g.T-1 {
			y = g.y
		}
		if err := visit(t, g.x, y); err != nil {
			return err
		}
	}
	return nil
}

// fill writes input t into x (splitmix64 of the element's index).
func (g *memoryInputs) fill(t int, x []float64) {
	for i := range x {
		z := uint64(t*len(x)+i+1) * 0x9E3779B97F4A7C15
		z = (z ^ z>>30) * 0xBF58476D1CE4E5B9
		z = (z ^ z>>27) * 0x94D049BB133111EB
		z ^= z >> 31
		x[i] = 0.5 * float64(z>>11) / (1 << 53)
	}
}

// materialise returns the sequence as stored slices (for BPTT).
func (g *memoryInputs) materialise() (xs, targets [][]float64) {
	xs, targets = make([][]float64, g.T), make([][]float64, g.T)
	flat := make([]float64, g.T*MemoryShape.In)
	for t := range xs {
		xs[t] = flat[t*MemoryShape.In : (t+1)*MemoryShape.In]
		g.fill(t, xs[t])
	}
	targets[g.T-1] = slices.Clone(g.y)
	return xs, targets
}

// measure runs train alone, measuring the bytes allocated meanwhile
// (TotalAlloc delta), the bytes still live afterwards with the model held
// (HeapAlloc delta after a GC) and the process's peak RSS (reset before the
// run; the heap is returned to the OS first). It must run alone: other
// goroutines' allocations would be counted.
func measure(train func() (model any, note string, err error)) (memoryUse, error) {
	var m0, m1, m2 runtime.MemStats
	debug.FreeOSMemory()
	runtime.ReadMemStats(&m0)
	rssOK := resetPeakRSS()
	start := time.Now()
	model, note, err := train()
	if err != nil {
		return memoryUse{}, err
	}
	wall := time.Since(start)
	runtime.ReadMemStats(&m1)
	var peak uint64
	if rssOK {
		peak = peakRSS()
	}
	runtime.GC()
	runtime.ReadMemStats(&m2)
	runtime.KeepAlive(model)
	retained := uint64(0)
	if m2.HeapAlloc > m0.HeapAlloc {
		retained = m2.HeapAlloc - m0.HeapAlloc
	}
	return memoryUse{alloc: m1.TotalAlloc - m0.TotalAlloc, retained: retained, peak: peak, wall: wall, note: note}, nil
}

// measureR2N2 trains a fresh R2N2 of the named mode on the generated
// sequence by segmented reverse replay (variant seg).
func measureR2N2(name string, seg cortex.Segmenting, src *memoryInputs) (memoryUse, error) {
	var r *cortex.R2N2
	u, err := measure(func() (any, string, error) {
		cfg := cortex.DefaultConfig(MemoryShape.N, MemoryShape.In, MemoryShape.Out)
		cfg.Loss, cfg.LR, cfg.Init, cfg.Segmenting = MemoryShape.Loss, MemoryShape.LR, MemoryShape.Init, seg
		var err error
		if cfg.Feedback, cfg.Carry, err = cortex.ParseMode(strings.TrimPrefix(name, "r2n2-")); err != nil {
			return nil, "", err
		}
		// The stream NewModel uses: the same weights as BPTT's.
		if r, err = cortex.New(cfg, seeds.New(1, "bench/memory/consolidator").Rand); err != nil {
			return nil, "", err
		}
		if _, err := r.TrainReplay(src); errors.Is(err, cortex.ErrReversal) || errors.Is(err, cortex.ErrDiverged) {
			return r, err.Error(), nil
		} else if err != nil {
			return nil, "", fmt.Errorf("bench: memory %s T=%d: %w", name, src.T, err)
		}
		return r, "ok", nil
	})
	if err != nil {
		return u, err
	}
	u.rev = r.LastReversal()
	u.grads = cloneGrads(r.Gradients())
	// The check, after measuring: a twin network (same stream, same
	// weights) computes full BPTT from stored states of its own forward
	// arithmetic.
	twin, err := cortex.New(r.Config(), seeds.New(1, "bench/memory/consolidator").Rand)
	if err != nil {
		return u, err
	}
	if _, err := twin.ComputeGradientsStored(src); err != nil {
		return u, fmt.Errorf("bench: memory %s T=%d: reference: %w", name, src.T, err)
	}
	u.check = gradRelErr(u.grads, cloneGrads(twin.Gradients()))
	return u, nil
}

func cloneGrads(g cortex.Matrices) [][]float64 {
	return [][]float64{slices.Clone(g.In.Data), slices.Clone(g.AB.Data), slices.Clone(g.BA.Data), slices.Clone(g.Out.Data)}
}

// measureBPTT trains BPTT on the stored sequence (built before measuring).
func measureBPTT(xs, targets [][]float64) (memoryUse, error) {
	var m *cortex.BPTT
	u, err := measure(func() (any, string, error) {
		model, err := NewModel(ModelBPTT, MemoryShape, "memory", 1)
		if err != nil {
			return nil, "", err
		}
		m = model.(*cortex.BPTT)
		if _, err := m.TrainSequence(xs, targets); errors.Is(err, cortex.ErrDiverged) {
			return m, err.Error(), nil
		} else if err != nil {
			return nil, "", fmt.Errorf("bench: memory bptt T=%d: %w", len(xs), err)
		}
		return m, "ok", nil
	})
	if err != nil {
		return u, err
	}
	u.grads = cloneGrads(m.Gradients())
	return u, nil
}

// gradRelErr is the largest, over the four matrices, of ‖g − ref‖ / ‖ref‖.
func gradRelErr(g, ref [][]float64) float64 {
	worst := 0.0
	for m := range g {
		var num, den float64
		for i := range g[m] {
			num += (g[m][i] - ref[m][i]) * (g[m][i] - ref[m][i])
			den += ref[m][i] * ref[m][i]
		}
		worst = max(worst, math.Sqrt(num/den))
	}
	return worst
}

// RunMemory measures, for each sequence length T, the memory and time that
// training one sequence takes: each R2N2 model (default r2n2-bp) by
// segmented reverse replay ("r2n2-bp") and by its checkpointed variant
// ("r2n2-bp/checkpoint"), and BPTT with stored states. Runs are sequential
// so that the counters see one run at a time. R2N2 reads the sequence from
// a generator (nothing of length T stored); BPTT needs it stored, built
// before measuring (not in its allocation, but in its peak RSS). Each R2N2
// gradient is checked (grad_rel_err, the largest relative error over the
// four matrices) against full BPTT from stored states on the same forward
// arithmetic (ComputeGradientsStored, run after measuring), and compared
// with the BPTT model's (grad_vs_bptt; the two forward passes round
// differently, which matters where the network's dynamics amplify rounding
// over long runs); its reversal error is reported.
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
	rep.Summary = record.NewTable("model", "T", "K", "allocated_bytes", "retained_bytes", "peak_rss_bytes", "bytes_per_step",
		"seconds", "us_per_step", "forward_steps", "reversal_error", "grad_rel_err", "grad_vs_bptt", "run")
	rep.Runs = record.NewTable(rep.Summary.Header()...)
	fig := Figure{File: "memory.png", Title: "memory to train one sequence of length T (n = 64)",
		XLabel: "sequence length T", YLabel: "bytes allocated (log)", LogX: true, LogY: true}
	var curves []Curve
	curve := func(label string) *Curve {
		for i := range curves {
			if curves[i].Label == label {
				return &curves[i]
			}
		}
		curves = append(curves, Curve{Label: label})
		return &curves[len(curves)-1]
	}
	// All R2N2 runs first, then BPTT's: BPTT's large heaps would otherwise
	// raise the process's resident baseline under the later R2N2 runs.
	type result struct {
		name string
		T    int
		u    memoryUse
	}
	var results []result
	bptt := map[int]memoryUse{}
	lengths = slices.Sorted(slices.Values(lengths))
	for _, name := range models {
		if name != ModelBPTT && !strings.HasPrefix(name, "r2n2-") {
			return nil, fmt.Errorf("bench: memory measures r2n2-* and bptt, not %q", name)
		}
	}
	for _, name := range models {
		if name == ModelBPTT {
			continue
		}
		// One unrecorded run first: the process's first run touches code
		// and runtime pages (≈ 1 MB of RSS) that every later run finds.
		if _, err := measureR2N2(name, cortex.SegmentReplay, newMemoryInputs(lengths[0])); err != nil {
			return nil, err
		}
		for _, seg := range []cortex.Segmenting{cortex.SegmentReplay, cortex.SegmentCheckpoint} {
			label := name
			if seg == cortex.SegmentCheckpoint {
				label += checkpointSuffix
			}
			for _, T := range lengths {
				u, err := measureR2N2(name, seg, newMemoryInputs(T))
				if err != nil {
					return nil, err
				}
				results = append(results, result{label, T, u})
			}
		}
	}
	if slices.Contains(models, ModelBPTT) {
		for _, T := range lengths {
			xs, targets := newMemoryInputs(T).materialise()
			u, err := measureBPTT(xs, targets)
			if err != nil {
				return nil, err
			}
			results = append(results, result{ModelBPTT, T, u})
			bptt[T] = u
		}
	}
	for _, res := range results {
		u, T := res.u, res.T
		k, fwd, revErr, check, vsBPTT := "", "", "", "", ""
		if res.name != ModelBPTT {
			k, fwd, revErr = fmt.Sprint(u.rev.K), fmt.Sprint(u.rev.ForwardSteps), fmt.Sprintf("%.3g", u.rev.Error)
			check = fmt.Sprintf("%.3g", u.check)
			if b, ok := bptt[T]; ok && b.note == "ok" && strings.HasPrefix(res.name, ModelR2N2BP) {
				vsBPTT = fmt.Sprintf("%.3g", gradRelErr(u.grads, b.grads))
			}
		}
		o.logf("memory %-20s T=%6d: allocated %d B, peak RSS %d B, %.2fs, K %s, reversal error %s, gradient check %s (vs BPTT model %s), %s",
			res.name, T, u.alloc, u.peak, u.wall.Seconds(), k, revErr, check, vsBPTT, u.note)
		row := []any{res.name, T, k, u.alloc, u.retained, u.peak, float64(u.alloc) / float64(T), u.wall.Seconds(),
			1e6 * u.wall.Seconds() / float64(T), fwd, revErr, check, vsBPTT, u.note}
		rep.add(rep.Summary, row...)
		rep.add(rep.Runs, row...)
		c := curve(res.name)
		c.X = append(c.X, float64(T))
		c.Y = append(c.Y, float64(max(u.alloc, 1)))
	}
	fig.Curves = curves
	rep.Figures = []Figure{fig}
	return rep, nil
}
