package cortex

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestReservoirSpectralRadius(t *testing.T) {
	for _, rho := range []float64{0.5, 1.2, 2} {
		cfg := DefaultReservoirConfig(64, 3, 3)
		cfg.SpectralRadius = rho
		m, err := NewReservoir(cfg, rand.New(rand.NewPCG(3, 4)))
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.SpectralRadiusOfRecurrent()
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-rho) > 1e-9 {
			t.Errorf("spectral radius %v, want %v", got, rho)
		}
	}
	cfg := DefaultReservoirConfig(4, 3, 3)
	cfg.SpectralRadius = math.NaN()
	if _, err := NewReservoir(cfg, rand.New(rand.NewPCG(1, 1))); err == nil ||
		err.Error() != "cortex: reservoir SpectralRadius must be a finite number >= 0, got NaN" {
		t.Errorf("error = %v", err)
	}
}

func TestReservoirLearnsMemorisation(t *testing.T) {
	xs, targets := memoriseTask(1)
	cfg := DefaultReservoirConfig(64, 6, 6)
	cfg.LR = 5e-3
	m, err := NewReservoir(cfg, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	// The readout alone memorises 19 steps of a 64-unit reservoir; longer
	// dependencies (a^n b^n) are where it falls behind.
	first, last, wrong := trainCurve(t, m, xs, targets, 1000)
	t.Logf("reservoir memorisation: loss %.4f → %.4f, %d/19 wrong", first, last, wrong)
	if last > 0.3*first || wrong > 0 {
		t.Errorf("reservoir loss %.4f → %.4f, %d/19 wrong; want loss down > 3× and none wrong", first, last, wrong)
	}
	allocs := testing.AllocsPerRun(5, func() { m.TrainSequence(xs, targets) })
	if allocs != 0 {
		t.Errorf("reservoir TrainSequence allocates %v times", allocs)
	}
}
