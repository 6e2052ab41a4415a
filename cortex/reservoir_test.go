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
