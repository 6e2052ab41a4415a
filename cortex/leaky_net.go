package cortex

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// leakyNet is the one population of leaky tanh units with a linear readout
// that the baselines RFLO and the reservoir share; they differ only in which
// weights learn and how (a leakyLearner):
//
//	h_{t+1} = c·h_t + d·(W_rec φ(h_t) + W_in x_t),   y_{t+1} = W_out φ(h_{t+1})
type leakyNet struct {
	name, errName string // in messages: "rflo"/"RFLO", "reservoir"
	in, out       int
	loss          Loss
	c, d          float64

	wRec, wIn, wOut       blas64.General
	h0, h, phi, cur, y, e []float64

	opt           *Adam
	params, grads [][]float64 // what learns, in Adam's order
}

// newLeakyNet allocates a zeroed population of n units with in inputs and
// out outputs; the caller draws the weights and h0.
func newLeakyNet(name, errName string, n, in, out int, tau float64, loss Loss) leakyNet {
	return leakyNet{
		name: name, errName: errName, in: in, out: out, loss: loss, c: 1 - 1/tau, d: 1 / tau,
		wRec: newGeneral(n, n), wIn: newGeneral(n, in), wOut: newGeneral(out, n),
		h: make([]float64, n), phi: make([]float64, n), cur: make([]float64, n),
		y: make([]float64, out), e: make([]float64, out),
	}
}

// leakyLearner is what a learning rule adds to a leakyNet's run over a
// training sequence.
type leakyLearner interface {
	// begin is called once the state is back at h0, before the first step.
	begin()
	// beforeStep sees input x_t while the state is still h_t.
	beforeStep(x []float64)
	// atTarget is called after a step whose output has a target, with
	// ∂L/∂y in e and the new rates in phi.
	atTarget()
}

func (m *leakyNet) reset() {
	copy(m.h, m.h0)
	for i, v := range m.h {
		m.phi[i] = math.Tanh(v)
	}
}

// step advances one step with input x and leaves y = W_out φ(h_{t+1}) in y.
func (m *leakyNet) step(x []float64) {
	c, d := m.c, m.d
	blas64.Gemv(noTrans, 1, m.wRec, vec(m.phi), 0, vec(m.cur))
	blas64.Gemv(noTrans, 1, m.wIn, vec(x), 1, vec(m.cur))
	for i, v := range m.cur {
		m.h[i] = c*m.h[i] + d*v
		m.phi[i] = math.Tanh(m.h[i])
	}
	blas64.Gemv(noTrans, 1, m.wOut, vec(m.phi), 0, vec(m.y))
}

// train runs the sequence from the initial state with learner l
// accumulating its gradients, then applies one Adam step with their mean
// over the steps. It returns the mean loss over the steps with a target
// (before the update) and allocates nothing.
func (m *leakyNet) train(xs, targets [][]float64, l leakyLearner) (float64, error) {
	if targets == nil {
		return 0, fmt.Errorf("cortex: %s: no targets to train on", m.name)
	}
	if err := checkSequence(xs, targets, m.in, m.out); err != nil {
		return 0, err
	}
	for _, g := range m.grads {
		clear(g)
	}
	m.reset()
	l.begin()
	var lossSum float64
	k := 0
	for t, x := range xs {
		l.beforeStep(x)
		m.step(x)
		if targets[t] == nil {
			continue
		}
		lossSum += m.loss.Error(m.e, m.y, targets[t])
		k++
		l.atTarget()
	}
	if !allFinite(m.h) || math.IsNaN(lossSum) || math.IsInf(lossSum, 0) {
		return 0, fmt.Errorf("cortex: %s sequence: %w", m.errName, ErrDiverged)
	}
	return stepMean(m.opt, m.params, m.grads, len(xs), lossSum, k), nil
}

// Predict writes into ys[t] the output after input xs[t], from the initial
// state; it changes no weights.
func (m *leakyNet) Predict(xs, ys [][]float64) error {
	if err := checkPredict(xs, ys, m.in, m.out); err != nil {
		return err
	}
	m.reset()
	for t, x := range xs {
		m.step(x)
		copy(ys[t], m.y)
	}
	return nil
}
