package cortex

import (
	"math"
	"math/rand/v2"
	"testing"
)

var _ SequenceModel = (*R2N2)(nil)
var _ SequenceModel = (*BPTT)(nil)

// randomTask returns T random inputs in [0, 0.5) and targets: one-hot at
// every step (MSE) or only at the last step (cross-entropy).
func randomTask(rng *rand.Rand, T, in, out int, lastOnly bool) (xs, targets [][]float64) {
	xs, targets = make([][]float64, T), make([][]float64, T)
	for t := range T {
		xs[t] = make([]float64, in)
		for i := range xs[t] {
			xs[t][i] = 0.5 * rng.Float64()
		}
		if !lastOnly || t == T-1 {
			targets[t] = make([]float64, out)
			targets[t][rng.IntN(out)] = 1
		}
	}
	return xs, targets
}

// summedLoss is Σ_t L_t of a BPTT network's current weights.
func summedLoss(t *testing.T, m *BPTT, xs, targets [][]float64) float64 {
	t.Helper()
	mean, err := m.Gradient(xs, targets)
	if err != nil {
		t.Fatal(err)
	}
	k := 0
	for _, tg := range targets {
		if tg != nil {
			k++
		}
	}
	return mean * float64(k)
}

func TestBPTTGradientMatchesFiniteDifferences(t *testing.T) {
	for _, tc := range []struct {
		name     string
		loss     Loss
		lastOnly bool
	}{
		{"mse every step", LossMSE, false},
		{"cross-entropy last step", LossCrossEntropy, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, 12))
			cfg := DefaultConfig(8, 3, 4)
			cfg.Loss = tc.loss
			m, err := NewBPTT(cfg, rng)
			if err != nil {
				t.Fatal(err)
			}
			xs, targets := randomTask(rng, 12, 3, 4, tc.lastOnly)
			if _, err := m.Gradient(xs, targets); err != nil {
				t.Fatal(err)
			}
			analytic := make([][]float64, len(m.grads))
			for i, g := range m.grads {
				analytic[i] = append([]float64(nil), g...)
			}
			const h = 1e-6
			worst := 0.0
			for p, w := range m.params {
				var num2, diff2 float64
				for j := range w {
					old := w[j]
					w[j] = old + h
					lp := summedLoss(t, m, xs, targets)
					w[j] = old - h
					lm := summedLoss(t, m, xs, targets)
					w[j] = old
					fd := (lp - lm) / (2 * h)
					num2 += fd * fd
					diff2 += (fd - analytic[p][j]) * (fd - analytic[p][j])
				}
				rel := math.Sqrt(diff2 / num2)
				worst = max(worst, rel)
				t.Logf("matrix %d: relative error %.2e", p, rel)
			}
			if worst > 1e-6 {
				t.Errorf("worst relative error %.2e, want ≤ 1e-6", worst)
			}
		})
	}
}

func TestBPTTMatchesR2N2InBPMode(t *testing.T) {
	cfg := DefaultConfig(16, 5, 6)
	m, err := NewBPTT(cfg, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(cfg, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	xs, targets := randomTask(rand.New(rand.NewPCG(7, 8)), 40, 5, 6, false)
	lb, err := m.Gradient(xs, targets)
	if err != nil {
		t.Fatal(err)
	}
	lr, err := r.ComputeGradients(xs, targets)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(lb-lr) > 1e-9*math.Abs(lb) {
		t.Errorf("mean loss BPTT %v, R2N2 %v", lb, lr)
	}
	gb, gr := m.Gradients(), r.Gradients()
	for _, p := range []struct {
		name string
		b, r []float64
	}{{"In", gb.In.Data, gr.In.Data}, {"AB", gb.AB.Data, gr.AB.Data}, {"BA", gb.BA.Data, gr.BA.Data}, {"Out", gb.Out.Data, gr.Out.Data}} {
		var num, diff float64
		for i, v := range p.b {
			v /= float64(len(xs)) // BPTT holds sums, R2N2 means
			num += v * v
			diff += (v - p.r[i]) * (v - p.r[i])
		}
		if rel := math.Sqrt(diff / num); rel > 1e-8 {
			t.Errorf("W_%s: BPTT and R2N2 (bp) gradients differ by %.2e relative", p.name, rel)
		}
	}
}

func TestBPTTStoresStatesLinearlyAndReusesThem(t *testing.T) {
	cfg := DefaultConfig(8, 2, 2)
	m, err := NewBPTT(cfg, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	for _, T := range []int{10, 100} {
		xs, targets := randomTask(rand.New(rand.NewPCG(2, 2)), T, 2, 2, false)
		if _, err := m.TrainSequence(xs, targets); err != nil {
			t.Fatal(err)
		}
		if got, want := m.StoredFloats(), 2*8*(T+1); got != want {
			t.Errorf("T=%d: stores %d floats, want %d", T, got, want)
		}
		allocs := testing.AllocsPerRun(5, func() { m.TrainSequence(xs, targets) })
		if allocs != 0 {
			t.Errorf("T=%d: TrainSequence allocates %v times once the store is grown", T, allocs)
		}
	}
}

func TestBPTTRejectsBadInput(t *testing.T) {
	m, _ := NewBPTT(DefaultConfig(4, 2, 3), rand.New(rand.NewPCG(1, 1)))
	for _, tc := range []struct {
		xs, targets [][]float64
		want        string
	}{
		{nil, nil, "cortex: empty sequence"},
		{[][]float64{{1, 2}}, [][]float64{nil, nil}, "cortex: 1 inputs but 2 targets"},
		{[][]float64{{1}}, [][]float64{nil}, "cortex: input 0 has length 1, want In=2"},
		{[][]float64{{1, math.NaN()}}, [][]float64{nil}, "cortex: input 0 contains NaN or Inf"},
		{[][]float64{{1, 2}}, [][]float64{{1}}, "cortex: target 0 has length 1, want Out=3"},
	} {
		if _, err := m.TrainSequence(tc.xs, tc.targets); err == nil || err.Error() != tc.want {
			t.Errorf("error = %v, want %q", err, tc.want)
		}
	}
}

// BenchmarkBaselineStep times one training timestep (T = 100, Adam amortised)
// of the baselines at R2N2's n = 64 (RFLO and reservoir: 128 units). Reported
// per timestep: divide ns/op by 100.
func BenchmarkBaselineStep(b *testing.B) {
	const n, T = 64, 100
	xs, targets := randomTask(rand.New(rand.NewPCG(1, 2)), T, 28, 10, false)
	bp, _ := NewBPTT(DefaultConfig(n, 28, 10), rand.New(rand.NewPCG(1, 1)))
	rf, _ := NewRFLO(DefaultRFLOConfig(2*n, 28, 10), rand.New(rand.NewPCG(1, 1)))
	rs, _ := NewReservoir(DefaultReservoirConfig(2*n, 28, 10), rand.New(rand.NewPCG(1, 1)))
	for _, m := range []struct {
		name  string
		model SequenceModel
	}{{"bptt/n=64", bp}, {"rflo/N=128", rf}, {"reservoir/N=128", rs}} {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.model.TrainSequence(xs, targets); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*T), "ns/step")
		})
	}
}
