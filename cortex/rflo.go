package cortex

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
)

// RFLOConfig configures an RFLO network. Start from DefaultRFLOConfig.
type RFLOConfig struct {
	// N is the number of recurrent units (2n to match an R2N2 with two groups
	// of n); In and Out are the input and output widths.
	N, In, Out int
	// Tau is the time constant (> 1): leak c = 1 − 1/τ, drive d = 1/τ.
	Tau float64
	// Gain is g: W_rec is drawn with standard deviation g/√N.
	Gain float64
	// FeedbackGain is the standard deviation times √Out of the fixed random
	// feedback matrix B (N×Out).
	FeedbackGain float64
	// Loss is applied at the steps that have a target; LR is Adam's learning
	// rate.
	Loss Loss
	LR   float64
	// Init and InitScale choose the initial state as for R2N2.
	Init      InitState
	InitScale float64
}

// DefaultRFLOConfig returns RFLO settings matched to R2N2's defaults: τ = 10,
// g = 1.5, feedback gain 1, MSE, lr 1e-3, initial state a normal draw clipped
// to ±0.2.
func DefaultRFLOConfig(n, in, out int) RFLOConfig {
	return RFLOConfig{N: n, In: in, Out: out, Tau: 10, Gain: 1.5, FeedbackGain: 1,
		Loss: LossMSE, LR: 1e-3, Init: InitClippedNormal, InitScale: 0.2}
}

// Validate reports the first bad parameter.
func (c RFLOConfig) Validate() error {
	if c.N <= 0 || c.In <= 0 || c.Out <= 0 {
		return fmt.Errorf("cortex: RFLO sizes must be > 0, got N=%d, In=%d, Out=%d", c.N, c.In, c.Out)
	}
	if c.Init == InitFresh {
		return errFreshBaseline("RFLO")
	}
	r := DefaultConfig(c.N, c.In, c.Out)
	r.Tau, r.Gain, r.FeedbackGain, r.Loss, r.LR, r.Init, r.InitScale = c.Tau, c.Gain, c.FeedbackGain, c.Loss, c.LR, c.Init, c.InitScale
	return r.Validate()
}

// RFLO is random-feedback local online learning (Murray 2019, eLife
// 8:e43299) on one population of N leaky tanh units with a linear readout:
//
//	h_{t+1} = c·h_t + d·(W_rec φ(h_t) + W_in x_t),   y_{t+1} = W_out φ(h_{t+1})
//
// Learning is local in space and time. Each weight keeps an eligibility
// trace of how its presynaptic activity drove the unit, dropping the
// dependence through other units (Murray's approximation). Because the state
// h is leaky-linear in the drive, the trace of W_rec[i,j] does not depend on
// i, so the traces are two vectors:
//
//	P ← c·P + d·φ(h_t),   Q ← c·Q + d·x_t         (updated with every step)
//	u = (B e_{t+1}) ⊙ φ'(h_{t+1})                   (output error through fixed random B)
//	ΔW_rec += u Pᵀ,   ΔW_in += u Qᵀ,   ΔW_out += e_{t+1} φ(h_{t+1})ᵀ   (delta rule)
//
// with e = ∂L/∂y. The updates are summed over a sequence, divided by its
// number of steps and applied by one Adam step per sequence, as for R2N2 (so
// the comparison differs only in how credit is assigned). Memory is
// independent of the sequence length.
type RFLO struct {
	leakyNet
	cfg RFLOConfig

	fb              blas64.General // B, N×Out
	gRec, gIn, gOut blas64.General
	p, q, u         []float64 // traces P (N), Q (In) and N scratch
}

// NewRFLO builds an RFLO network, drawing W_in (0.1/√N), W_rec (g/√N),
// W_out (0.1/√Out), the initial state and B from rng in this order.
func NewRFLO(cfg RFLOConfig, rng *rand.Rand) (*RFLO, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, fmt.Errorf("cortex: NewRFLO needs a random stream, got nil")
	}
	n, in, out := cfg.N, cfg.In, cfg.Out
	m := &RFLO{leakyNet: newLeakyNet("rflo", "RFLO", n, in, out, cfg.Tau, cfg.Loss), cfg: cfg}
	m.fb = newGeneral(n, out)
	m.gRec, m.gIn, m.gOut = newGeneral(n, n), newGeneral(n, in), newGeneral(out, n)
	fillNormal(m.wIn, 0.1/math.Sqrt(float64(n)), rng)
	fillNormal(m.wRec, cfg.Gain/math.Sqrt(float64(n)), rng)
	fillNormal(m.wOut, 0.1/math.Sqrt(float64(out)), rng)
	m.h0 = initialState(n, cfg.Init, cfg.InitScale, rng)
	fillNormal(m.fb, cfg.FeedbackGain/math.Sqrt(float64(out)), rng)
	m.p, m.u, m.q = make([]float64, n), make([]float64, n), make([]float64, in)
	m.params = [][]float64{m.wIn.Data, m.wRec.Data, m.wOut.Data}
	m.grads = [][]float64{m.gIn.Data, m.gRec.Data, m.gOut.Data}
	m.opt = NewAdam(cfg.LR, n*in, n*n, out*n)
	return m, nil
}

// initialState draws n initial values as R2N2 does: constant scale, or a
// standard normal clipped to ±scale.
func initialState(n int, init InitState, scale float64, rng *rand.Rand) []float64 {
	s := make([]float64, n)
	for i := range s {
		if init == InitConstant {
			s[i] = scale
		} else {
			s[i] = max(-scale, min(scale, rng.NormFloat64()))
		}
	}
	return s
}

// begin clears the traces at the start of a sequence.
func (m *RFLO) begin() {
	clear(m.p)
	clear(m.q)
}

// beforeStep updates the traces with φ(h_t) and x_t, the presynaptic
// activity of the step about to be taken.
func (m *RFLO) beforeStep(x []float64) {
	c, d := m.c, m.d
	for j, v := range m.phi {
		m.p[j] = c*m.p[j] + d*v
	}
	for k, v := range x {
		m.q[k] = c*m.q[k] + d*v
	}
}

// atTarget accumulates the RFLO updates of a step with a target.
func (m *RFLO) atTarget() {
	blas64.Gemv(noTrans, 1, m.fb, vec(m.e), 0, vec(m.u))
	for i, v := range m.phi {
		m.u[i] *= 1 - v*v
	}
	blas64.Ger(1, vec(m.u), vec(m.p), m.gRec)
	blas64.Ger(1, vec(m.u), vec(m.q), m.gIn)
	blas64.Ger(1, vec(m.e), vec(m.phi), m.gOut)
}

// TrainSequence runs the sequence online from the initial state,
// accumulating the RFLO updates, then applies one Adam step with their mean.
// It returns the mean loss over the steps with a target (before the update).
// It allocates nothing.
func (m *RFLO) TrainSequence(xs, targets [][]float64) (float64, error) {
	return m.train(xs, targets, m)
}

// stepMean divides the summed gradients by the number of steps, applies
// one Adam step and returns the mean loss over the k steps with a target.
func stepMean(opt *Adam, params, grads [][]float64, steps int, lossSum float64, k int) float64 {
	inv := 1 / float64(steps)
	for _, g := range grads {
		for i := range g {
			g[i] *= inv
		}
	}
	opt.Step(params, grads)
	if k == 0 {
		return 0
	}
	return lossSum / float64(k)
}

// checkPredict validates the arguments of Predict.
func checkPredict(xs, ys [][]float64, in, out int) error {
	if err := checkSequence(xs, nil, in, out); err != nil {
		return err
	}
	if len(ys) != len(xs) {
		return fmt.Errorf("cortex: Predict: %d inputs but %d outputs", len(xs), len(ys))
	}
	for t, y := range ys {
		if len(y) != out {
			return fmt.Errorf("cortex: Predict: output %d has length %d, want Out=%d", t, len(y), out)
		}
	}
	return nil
}
