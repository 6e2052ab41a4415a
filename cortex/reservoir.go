package cortex

import (
	"fmt"
	"math"
	"math/cmplx"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// ReservoirConfig configures a reservoir network. Start from
// DefaultReservoirConfig.
type ReservoirConfig struct {
	// N is the number of recurrent units (2n to match an R2N2); In and Out
	// are the input and output widths.
	N, In, Out int
	// Tau is the time constant (> 1) of the same leaky dynamics as RFLO.
	Tau float64
	// SpectralRadius is the largest eigenvalue modulus W_rec is scaled to.
	// With the leak, the linearised step at h = 0 is c·I + d·W_rec, whose
	// spectral radius is at most c + d·SpectralRadius.
	SpectralRadius float64
	// InputScale sets W_in's standard deviation to InputScale/√In.
	InputScale float64
	// Loss, LR (Adam, readout only), Init and InitScale as for R2N2.
	Loss      Loss
	LR        float64
	Init      InitState
	InitScale float64
}

// DefaultReservoirConfig returns reservoir settings: τ = 10, spectral radius
// 1.2 (the leaky step then has radius ≤ 1.02: at the edge of chaos), input
// scale 1 (a reservoir cannot learn its input weights, so they are not tiny
// as R2N2's are), MSE, lr 1e-3, initial state a normal draw clipped to ±0.2.
func DefaultReservoirConfig(n, in, out int) ReservoirConfig {
	return ReservoirConfig{N: n, In: in, Out: out, Tau: 10, SpectralRadius: 1.2, InputScale: 1,
		Loss: LossMSE, LR: 1e-3, Init: InitClippedNormal, InitScale: 0.2}
}

// Validate reports the first bad parameter.
func (c ReservoirConfig) Validate() error {
	switch {
	case c.N <= 0 || c.In <= 0 || c.Out <= 0:
		return fmt.Errorf("cortex: reservoir sizes must be > 0, got N=%d, In=%d, Out=%d", c.N, c.In, c.Out)
	case math.IsNaN(c.Tau) || math.IsInf(c.Tau, 0) || c.Tau <= 1:
		return fmt.Errorf("cortex: reservoir Tau must be a finite number > 1, got %v", c.Tau)
	case !(c.SpectralRadius >= 0) || math.IsInf(c.SpectralRadius, 0):
		return fmt.Errorf("cortex: reservoir SpectralRadius must be a finite number >= 0, got %v", c.SpectralRadius)
	case !(c.InputScale >= 0) || math.IsInf(c.InputScale, 0):
		return fmt.Errorf("cortex: reservoir InputScale must be a finite number >= 0, got %v", c.InputScale)
	case !(c.LR >= 0) || math.IsInf(c.LR, 0):
		return fmt.Errorf("cortex: reservoir LR must be a finite number >= 0, got %v", c.LR)
	case !(c.InitScale >= 0) || math.IsInf(c.InitScale, 0):
		return fmt.Errorf("cortex: reservoir InitScale must be a finite number >= 0, got %v", c.InitScale)
	case c.Loss != LossMSE && c.Loss != LossCrossEntropy:
		return fmt.Errorf("cortex: unknown Loss %d", c.Loss)
	case c.Init == InitFresh:
		return errFreshBaseline("reservoir")
	case c.Init != InitClippedNormal && c.Init != InitConstant:
		return fmt.Errorf("cortex: unknown InitState %d", c.Init)
	}
	return nil
}

// Reservoir is an echo-state network: N leaky tanh units with fixed random
// recurrent and input weights, and a trained linear readout,
//
//	h_{t+1} = c·h_t + d·(W_rec φ(h_t) + W_in x_t),   y_{t+1} = W_out φ(h_{t+1}).
//
// W_rec is drawn normal and rescaled so its spectral radius is
// SpectralRadius; W_in is normal with standard deviation InputScale/√In. Only
// W_out learns, online: the delta-rule gradient Σ_t e_{t+1} φ(h_{t+1})ᵀ over
// a sequence, divided by its number of steps, one Adam step per sequence (no
// ridge regression over stored states: like the other learners it sees each
// sequence once per epoch and stores nothing).
type Reservoir struct {
	leakyNet
	cfg  ReservoirConfig
	gOut blas64.General
}

// NewReservoir builds a reservoir, drawing W_rec, W_in, W_out (0.1/√Out) and
// the initial state from rng in this order. It returns an error if W_rec has
// spectral radius 0 and SpectralRadius is not 0.
func NewReservoir(cfg ReservoirConfig, rng *rand.Rand) (*Reservoir, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, fmt.Errorf("cortex: NewReservoir needs a random stream, got nil")
	}
	n, in, out := cfg.N, cfg.In, cfg.Out
	m := &Reservoir{leakyNet: newLeakyNet("reservoir", "reservoir", n, in, out, cfg.Tau, cfg.Loss), cfg: cfg}
	m.gOut = newGeneral(out, n)
	fillNormal(m.wRec, 1/math.Sqrt(float64(n)), rng)
	rho, err := spectralRadius(m.wRec)
	if err != nil {
		return nil, err
	}
	if rho == 0 && cfg.SpectralRadius != 0 {
		return nil, fmt.Errorf("cortex: reservoir W_rec has spectral radius 0, cannot scale it to %v", cfg.SpectralRadius)
	}
	for i := range m.wRec.Data {
		if cfg.SpectralRadius == 0 {
			m.wRec.Data[i] = 0
		} else {
			m.wRec.Data[i] *= cfg.SpectralRadius / rho
		}
	}
	fillNormal(m.wIn, cfg.InputScale/math.Sqrt(float64(in)), rng)
	fillNormal(m.wOut, 0.1/math.Sqrt(float64(out)), rng)
	m.h0 = initialState(n, cfg.Init, cfg.InitScale, rng)
	m.params, m.grads = [][]float64{m.wOut.Data}, [][]float64{m.gOut.Data}
	m.opt = NewAdam(cfg.LR, out*n)
	return m, nil
}

// spectralRadius returns the largest eigenvalue modulus of the square g.
func spectralRadius(g blas64.General) (float64, error) {
	var eig mat.Eigen
	if !eig.Factorize(mat.NewDense(g.Rows, g.Cols, append([]float64(nil), g.Data...)), mat.EigenNone) {
		return 0, fmt.Errorf("cortex: reservoir: eigenvalue decomposition of W_rec failed")
	}
	rho := 0.0
	for _, v := range eig.Values(nil) {
		rho = max(rho, cmplx.Abs(v))
	}
	return rho, nil
}

// SpectralRadiusOfRecurrent returns the spectral radius of W_rec as built.
func (m *Reservoir) SpectralRadiusOfRecurrent() (float64, error) { return spectralRadius(m.wRec) }

// The reservoir's recurrent and input weights are fixed: nothing to reset
// or trace, only the readout learns.
func (m *Reservoir) begin()                 {}
func (m *Reservoir) beforeStep(x []float64) {}

// atTarget accumulates the readout's delta-rule gradient e φ(h)ᵀ.
func (m *Reservoir) atTarget() { blas64.Ger(1, vec(m.e), vec(m.phi), m.gOut) }

// TrainSequence runs the sequence from the initial state, accumulating the
// readout gradient, and applies one Adam step with its mean. It returns the
// mean loss over the steps with a target (before the update) and allocates
// nothing.
func (m *Reservoir) TrainSequence(xs, targets [][]float64) (float64, error) {
	return m.train(xs, targets, m)
}
