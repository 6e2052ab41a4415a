package cortex

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
)

// BPTT is the exact backpropagation-through-time reference for R2N2: the
// same two-group leaky network (MODEL.md §2), trained from stored states
// instead of a reverse run. It is the benchmarks' upper reference and the
// memory comparison: it keeps φ(a_t), φ(b_t) for every step of a sequence,
// 2·N·(T+1) float64s, so its memory grows linearly with the sequence length
// T, whereas R2N2's does not.
//
// Built from the same Config and random stream, a BPTT has exactly the
// weights and initial state of New's R2N2 (same draw order). The Feedback,
// Carry, Reverse and ReverseSamples settings are ignored: BPTT always uses
// the transposed weights and the exact carry. One TrainSequence is one Adam
// step on the gradient summed over the sequence and divided by its number of
// steps, as R2N2 does.
type BPTT struct {
	cfg  Config
	c, d float64

	wIn, wAB, wBA, wOut blas64.General
	gIn, gAB, gBA, gOut blas64.General // gradient sums (Gradient) or means (after TrainSequence)
	a0, b0              []float64

	phiA, phiB []float64 // stored rates, (T+1)·N each; row t is step t; grown as needed
	a, b       []float64 // current state while running forward
	cur        []float64 // N scratch
	dA, dB, tA []float64 // error signals and N scratch
	y, e       []float64

	opt    *Adam
	params [][]float64
	grads  [][]float64
}

// NewBPTT builds the exact-BPTT network, drawing W_in, W_AB, W_BA, W_out and
// the initial state from rng in New's order.
func NewBPTT(cfg Config, rng *rand.Rand) (*BPTT, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Init == InitFresh {
		return nil, errFreshBaseline("BPTT")
	}
	if rng == nil {
		return nil, fmt.Errorf("cortex: NewBPTT needs a random stream, got nil")
	}
	n, in, out := cfg.N, cfg.In, cfg.Out
	m := &BPTT{cfg: cfg, c: 1 - 1/cfg.Tau, d: 1 / cfg.Tau}
	m.wIn, m.wAB, m.wBA, m.wOut = newGeneral(n, in), newGeneral(n, n), newGeneral(n, n), newGeneral(out, n)
	m.gIn, m.gAB, m.gBA, m.gOut = newGeneral(n, in), newGeneral(n, n), newGeneral(n, n), newGeneral(out, n)
	fillNormal(m.wIn, 0.1/math.Sqrt(float64(n)), rng)
	fillNormal(m.wAB, cfg.Gain/math.Sqrt(float64(n)), rng)
	fillNormal(m.wBA, cfg.Gain/math.Sqrt(float64(n)), rng)
	fillNormal(m.wOut, 0.1/math.Sqrt(float64(out)), rng)
	m.a0 = initialState(n, cfg.Init, cfg.InitScale, rng)
	m.b0 = initialState(n, cfg.Init, cfg.InitScale, rng)
	m.a, m.b, m.cur = make([]float64, n), make([]float64, n), make([]float64, n)
	m.dA, m.dB, m.tA = make([]float64, n), make([]float64, n), make([]float64, n)
	m.y, m.e = make([]float64, out), make([]float64, out)
	m.params = [][]float64{m.wIn.Data, m.wAB.Data, m.wBA.Data, m.wOut.Data}
	m.grads = [][]float64{m.gIn.Data, m.gAB.Data, m.gBA.Data, m.gOut.Data}
	m.opt = NewAdam(cfg.LR, n*in, n*n, n*n, out*n)
	return m, nil
}

// Weights returns views of the trained matrices.
func (m *BPTT) Weights() Matrices { return Matrices{In: m.wIn, AB: m.wAB, BA: m.wBA, Out: m.wOut} }

// Gradients returns views of the gradients: sums after Gradient, the means
// Adam applied after TrainSequence.
func (m *BPTT) Gradients() Matrices { return Matrices{In: m.gIn, AB: m.gAB, BA: m.gBA, Out: m.gOut} }

// StoredFloats returns how many float64s the state store currently holds
// (2·N·(T+1) for the longest sequence seen): BPTT's memory cost.
func (m *BPTT) StoredFloats() int { return cap(m.phiA) + cap(m.phiB) }

// checkSequence validates a sequence's shapes and values.
func checkSequence(xs, targets [][]float64, in, out int) error {
	if len(xs) == 0 {
		return fmt.Errorf("cortex: empty sequence")
	}
	if targets != nil && len(targets) != len(xs) {
		return fmt.Errorf("cortex: %d inputs but %d targets", len(xs), len(targets))
	}
	for t, x := range xs {
		if len(x) != in {
			return fmt.Errorf("cortex: input %d has length %d, want In=%d", t, len(x), in)
		}
		if !allFinite(x) {
			return fmt.Errorf("cortex: input %d contains NaN or Inf", t)
		}
		if targets != nil && targets[t] != nil && len(targets[t]) != out {
			return fmt.Errorf("cortex: target %d has length %d, want Out=%d", t, len(targets[t]), out)
		}
	}
	return nil
}

// forward runs the sequence from the initial state and stores the rates of
// steps 0 … T. It allocates only when T exceeds every earlier sequence.
func (m *BPTT) forward(xs [][]float64) error {
	n, T := m.cfg.N, len(xs)
	if need := n * (T + 1); cap(m.phiA) < need {
		m.phiA, m.phiB = make([]float64, need), make([]float64, need)
	}
	m.phiA, m.phiB = m.phiA[:n*(T+1)], m.phiB[:n*(T+1)]
	copy(m.a, m.a0)
	copy(m.b, m.b0)
	for i := range n {
		m.phiA[i], m.phiB[i] = math.Tanh(m.a[i]), math.Tanh(m.b[i])
	}
	c, d := m.c, m.d
	for t, x := range xs {
		pb := m.phiB[t*n : (t+1)*n]
		pa1, pb1 := m.phiA[(t+1)*n:(t+2)*n], m.phiB[(t+1)*n:(t+2)*n]
		// a_{t+1} = c·a_t + d·(W_BA φ(b_t) + W_in x_t)
		blas64.Gemv(noTrans, 1, m.wBA, vec(pb), 0, vec(m.cur))
		blas64.Gemv(noTrans, 1, m.wIn, vec(x), 1, vec(m.cur))
		for i, v := range m.cur {
			m.a[i] = c*m.a[i] + d*v
			pa1[i] = math.Tanh(m.a[i])
		}
		// b_{t+1} = c·b_t + d·W_AB φ(a_{t+1})
		blas64.Gemv(noTrans, 1, m.wAB, vec(pa1), 0, vec(m.cur))
		for i, v := range m.cur {
			m.b[i] = c*m.b[i] + d*v
			pb1[i] = math.Tanh(m.b[i])
		}
	}
	if !allFinite(m.a) || !allFinite(m.b) {
		return fmt.Errorf("cortex: BPTT forward run: state: %w", ErrDiverged)
	}
	return nil
}

// Gradient runs the sequence forward from the initial state, storing every
// state, then backward through the stored states, and leaves in Gradients
// the exact gradient of the summed loss Σ_t L_t. It returns the mean loss
// over the steps that have a target (0 if none) and changes no weights.
func (m *BPTT) Gradient(xs, targets [][]float64) (float64, error) {
	if err := checkSequence(xs, targets, m.cfg.In, m.cfg.Out); err != nil {
		return 0, err
	}
	if err := m.forward(xs); err != nil {
		return 0, err
	}
	for _, g := range m.grads {
		clear(g)
	}
	clear(m.dA)
	clear(m.dB)
	n, c, d := m.cfg.N, m.c, m.d
	var lossSum float64
	lossSteps := 0
	for t := len(xs) - 1; t >= 0; t-- {
		pb := m.phiB[t*n : (t+1)*n]
		pa1, pb1 := m.phiA[(t+1)*n:(t+2)*n], m.phiB[(t+1)*n:(t+2)*n]
		if targets != nil && targets[t] != nil {
			// δB += W_outᵀ e_{t+1} ⊙ φ'(b_{t+1}); ΔW_out += e φ(b_{t+1})ᵀ
			blas64.Gemv(noTrans, 1, m.wOut, vec(pb1), 0, vec(m.y))
			lossSum += m.cfg.Loss.Error(m.e, m.y, targets[t])
			lossSteps++
			blas64.Gemv(trans, 1, m.wOut, vec(m.e), 0, vec(m.cur))
			for i, v := range m.cur {
				m.dB[i] += v * (1 - pb1[i]*pb1[i])
			}
			blas64.Ger(1, vec(m.e), vec(pb1), m.gOut)
		}
		// ΔW_AB += d·δB φ(a_{t+1})ᵀ; δA += d·(W_ABᵀ δB) ⊙ φ'(a_{t+1})
		blas64.Ger(d, vec(m.dB), vec(pa1), m.gAB)
		blas64.Gemv(trans, d, m.wAB, vec(m.dB), 0, vec(m.cur))
		for i, v := range m.cur {
			m.dA[i] += v * (1 - pa1[i]*pa1[i])
		}
		// ΔW_BA += d·δA φ(b_t)ᵀ; ΔW_in += d·δA x_tᵀ
		blas64.Ger(d, vec(m.dA), vec(pb), m.gBA)
		blas64.Ger(d, vec(m.dA), vec(xs[t]), m.gIn)
		// (δA, δB) ← (c·δA, c·δB + d·(W_BAᵀ δA) ⊙ φ'(b_t))
		blas64.Gemv(trans, d, m.wBA, vec(m.dA), 0, vec(m.tA))
		for i := range n {
			m.dB[i] = c*m.dB[i] + m.tA[i]*(1-pb[i]*pb[i])
			m.dA[i] *= c
		}
	}
	if !allFinite(m.dA) || !allFinite(m.dB) || math.IsNaN(lossSum) || math.IsInf(lossSum, 0) {
		return 0, fmt.Errorf("cortex: BPTT backward run: %w", ErrDiverged)
	}
	if lossSteps == 0 {
		return 0, nil
	}
	return lossSum / float64(lossSteps), nil
}

// TrainSequence computes the exact gradient (Gradient), divides it by the
// number of steps and applies one Adam step. It returns the mean loss before
// the update.
func (m *BPTT) TrainSequence(xs, targets [][]float64) (float64, error) {
	loss, err := m.Gradient(xs, targets)
	if err != nil {
		return 0, err
	}
	inv := 1 / float64(len(xs))
	for _, g := range m.grads {
		for i := range g {
			g[i] *= inv
		}
	}
	m.opt.Step(m.params, m.grads)
	return loss, nil
}

// Predict writes into ys[t] the output after input xs[t], running from the
// initial state; it changes no weights.
func (m *BPTT) Predict(xs, ys [][]float64) error {
	if err := checkPredict(xs, ys, m.cfg.In, m.cfg.Out); err != nil {
		return err
	}
	if err := m.forward(xs); err != nil {
		return err
	}
	n := m.cfg.N
	for t, y := range ys {
		blas64.Gemv(noTrans, 1, m.wOut, vec(m.phiB[(t+1)*n:(t+2)*n]), 0, vec(y))
	}
	return nil
}
