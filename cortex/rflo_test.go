package cortex

import (
	"math/rand/v2"
	"testing"
)

var _ SequenceModel = (*RFLO)(nil)
var _ SequenceModel = (*Reservoir)(nil)

// memoriseTask is the memorisation task built here (cortex must not import
// env): a random string of 20 symbols over 6, next-symbol prediction.
func memoriseTask(seed uint64) (xs, targets [][]float64) {
	rng := rand.New(rand.NewPCG(seed, 99))
	s := make([]int, 20)
	for i := range s {
		s[i] = rng.IntN(6)
	}
	for t := range 19 {
		x, y := make([]float64, 6), make([]float64, 6)
		x[s[t]], y[s[t+1]] = 1, 1
		xs, targets = append(xs, x), append(targets, y)
	}
	return xs, targets
}

// trainCurve trains m for trials sequences and returns the first loss, the
// last loss and the number of wrong argmax predictions at the end.
func trainCurve(t *testing.T, m SequenceModel, xs, targets [][]float64, trials int) (first, last float64, wrong int) {
	t.Helper()
	for i := range trials {
		l, err := m.TrainSequence(xs, targets)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = l
		}
		last = l
	}
	ys := make([][]float64, len(xs))
	for i := range ys {
		ys[i] = make([]float64, len(targets[0]))
	}
	if err := m.Predict(xs, ys); err != nil {
		t.Fatal(err)
	}
	for i, y := range ys {
		best := 0
		for k := range y {
			if y[k] > y[best] {
				best = k
			}
		}
		if targets[i][best] != 1 {
			wrong++
		}
	}
	return first, last, wrong
}

// TestBaselinesLearnMemorisation: RFLO and the reservoir (whose readout
// alone memorises 19 steps of 64 units; longer dependencies, a^n b^n, are
// where it falls behind) learn the memorisation task, allocating nothing.
func TestBaselinesLearnMemorisation(t *testing.T) {
	xs, targets := memoriseTask(1)
	for _, tc := range []struct {
		name  string
		build func() (SequenceModel, error)
	}{
		{"RFLO", func() (SequenceModel, error) {
			cfg := DefaultRFLOConfig(64, 6, 6)
			cfg.LR = 5e-3
			return NewRFLO(cfg, rand.New(rand.NewPCG(1, 2)))
		}},
		{"reservoir", func() (SequenceModel, error) {
			cfg := DefaultReservoirConfig(64, 6, 6)
			cfg.LR = 5e-3
			return NewReservoir(cfg, rand.New(rand.NewPCG(1, 2)))
		}},
	} {
		m, err := tc.build()
		if err != nil {
			t.Fatal(err)
		}
		first, last, wrong := trainCurve(t, m, xs, targets, 1000)
		t.Logf("%s memorisation: loss %.4f → %.4f, %d/19 wrong", tc.name, first, last, wrong)
		if last > 0.3*first || wrong > 0 {
			t.Errorf("%s loss %.4f → %.4f, %d/19 wrong; want loss down > 3× and none wrong", tc.name, first, last, wrong)
		}
		allocs := testing.AllocsPerRun(5, func() { m.TrainSequence(xs, targets) })
		if allocs != 0 {
			t.Errorf("%s TrainSequence allocates %v times", tc.name, allocs)
		}
	}
}

func TestRFLORejectsBadConfig(t *testing.T) {
	cfg := DefaultRFLOConfig(0, 1, 1)
	if _, err := NewRFLO(cfg, rand.New(rand.NewPCG(1, 1))); err == nil ||
		err.Error() != "cortex: RFLO sizes must be > 0, got N=0, In=1, Out=1" {
		t.Errorf("error = %v", err)
	}
	cfg = DefaultRFLOConfig(4, 1, 1)
	cfg.Tau = 1
	if _, err := NewRFLO(cfg, rand.New(rand.NewPCG(1, 1))); err == nil ||
		err.Error() != "cortex: Tau must be a finite number > 1, got 1" {
		t.Errorf("error = %v", err)
	}
}

func TestBaselinesNeedTargets(t *testing.T) {
	xs := [][]float64{{1, 0}, {0, 1}}
	rflo, err := NewRFLO(DefaultRFLOConfig(4, 2, 2), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := NewReservoir(DefaultReservoirConfig(4, 2, 2), rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rflo.TrainSequence(xs, nil); err == nil || err.Error() != "cortex: rflo: no targets to train on" {
		t.Errorf("rflo: %v", err)
	}
	if _, err := res.TrainSequence(xs, nil); err == nil || err.Error() != "cortex: reservoir: no targets to train on" {
		t.Errorf("reservoir: %v", err)
	}
}
