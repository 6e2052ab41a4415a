package cortex

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

const (
	noTrans = blas.NoTrans
	trans   = blas.Trans
)

func vec(s []float64) blas64.Vector { return blas64.Vector{N: len(s), Inc: 1, Data: s} }

// checkInput validates an input vector without allocating on success.
func (r *R2N2) checkInput(x []float64) error {
	if len(x) != r.cfg.In {
		return fmt.Errorf("cortex: input has length %d, want In=%d", len(x), r.cfg.In)
	}
	if !allFinite(x) {
		return fmt.Errorf("cortex: input contains NaN or Inf")
	}
	return nil
}

// Forward does one forward step with input x (length In):
//
//	a ← c·a + d·(W_BA φ(b) + W_in x)
//	b ← c·b + d·(W_AB φ(a))        (with the new a)
//
// With ReverseLearned it records the samples (φ(b), W_BA φ(b)) and
// (φ(a), W_AB φ(a)). It errors on a wrong length or a non-finite input, and
// returns ErrDiverged (wrapped) if the new state is not finite. It abandons a
// reverse run in progress. It allocates nothing.
func (r *R2N2) Forward(x []float64) error {
	if err := r.checkInput(x); err != nil {
		return err
	}
	r.inReverse = false
	c, d := r.c, r.d
	blas64.Gemv(noTrans, 1, r.wBA, vec(r.phiB), 0, vec(r.cur))
	if r.ringBA != nil {
		r.ringBA.add(r.phiB, r.cur)
	}
	blas64.Gemv(noTrans, 1, r.wIn, vec(x), 1, vec(r.cur))
	for i, v := range r.cur {
		r.a[i], r.aLo[i] = leakForward(r.a[i], r.aLo[i], c, d*v)
	}
	tanhInto(r.phiA, r.a)
	blas64.Gemv(noTrans, 1, r.wAB, vec(r.phiA), 0, vec(r.cur))
	if r.ringAB != nil {
		r.ringAB.add(r.phiA, r.cur)
	}
	for i, v := range r.cur {
		r.b[i], r.bLo[i] = leakForward(r.b[i], r.bLo[i], c, d*v)
	}
	tanhInto(r.phiB, r.b)
	if !allFinite(r.a) || !allFinite(r.b) {
		return fmt.Errorf("cortex: forward step: state: %w", ErrDiverged)
	}
	return nil
}

// BeginReverse prepares a reverse run from the current (final) state: it sets
// the reverse synapses (exact: R ← −W; learned: the least-squares fit of the
// recorded samples, an error if fewer than N are recorded) and zeroes the
// error signals, gradient sums and loss.
func (r *R2N2) BeginReverse() error {
	if r.cfg.Reverse == ReverseLearned {
		if err := r.fitReverse(); err != nil {
			return err
		}
	} else {
		for i, w := range r.wAB.Data {
			r.rAB.Data[i] = -w
		}
		for i, w := range r.wBA.Data {
			r.rBA.Data[i] = -w
		}
	}
	clear(r.dA)
	clear(r.dB)
	for _, g := range r.grads {
		clear(g)
	}
	r.steps, r.lossSteps, r.lossSum = 0, 0, 0
	r.inReverse = true
	return nil
}

// ReverseStep walks one step back, from the current state (step t+1) to step
// t. target is the target of the output of the current state, nil for no
// loss at this step; x is the input x_t that produced step t+1. Following
// MODEL.md §2 it accumulates
//
//	δB += Fo e ⊙ φ'(b_{t+1});  δA += d·(F_AB δB) ⊙ φ'(a_{t+1})
//	ΔW_out += e φ(b_{t+1})ᵀ;  ΔW_AB += d·δB φ(a_{t+1})ᵀ
//	b_t = (b_{t+1} + d·R_AB φ(a_{t+1})) / c
//	ΔW_BA += d·δA φ(b_t)ᵀ;    ΔW_in += d·δA x_tᵀ
//	a_t = (a_{t+1} + d·R_BA φ(b_t) − d·W_in x_t) / c
//
// then carries (δA, δB) to step t (exact or published rule). It returns the
// loss at step t+1 (0 without a target). It allocates nothing.
func (r *R2N2) ReverseStep(x, target []float64) (float64, error) {
	if !r.inReverse {
		return 0, fmt.Errorf("cortex: ReverseStep without BeginReverse")
	}
	if err := r.checkInput(x); err != nil {
		return 0, fmt.Errorf("cortex: reverse step: %w", err)
	}
	if target != nil && len(target) != r.cfg.Out {
		return 0, fmt.Errorf("cortex: target has length %d, want Out=%d", len(target), r.cfg.Out)
	}
	c, d := r.c, r.d
	var loss float64
	if target != nil {
		blas64.Gemv(noTrans, 1, r.wOut, vec(r.phiB), 0, vec(r.y))
		loss = r.cfg.Loss.Error(r.e, r.y, target)
		blas64.Gemv(trans, 1, r.fOut, vec(r.e), 0, vec(r.tmp))
		for i, p := range r.slopeRates(r.phiB, r.b, r.slope) {
			r.dB[i] += r.tmp[i] * (1 - p*p)
		}
		blas64.Ger(1, vec(r.e), vec(r.phiB), r.gOut)
		r.lossSum += loss
		r.lossSteps++
	}
	blas64.Gemv(trans, 1, r.fAB, vec(r.dB), 0, vec(r.tmp))
	for i, p := range r.slopeRates(r.phiA, r.a, r.slope) {
		r.dA[i] += d * r.tmp[i] * (1 - p*p)
	}
	blas64.Ger(d, vec(r.dB), vec(r.phiA), r.gAB)

	// b_t from b_{t+1} and φ(a_{t+1}).
	blas64.Gemv(noTrans, 1, r.rAB, vec(r.phiA), 0, vec(r.cur))
	for i, v := range r.cur {
		r.b[i], r.bLo[i] = leakReverse(r.b[i], r.bLo[i], c, -(d * v))
	}
	tanhInto(r.phiB, r.b)
	blas64.Ger(d, vec(r.dA), vec(r.phiB), r.gBA)
	blas64.Ger(d, vec(r.dA), vec(x), r.gIn)

	// a_t from a_{t+1}, φ(b_t) and x_t.
	blas64.Gemv(noTrans, 1, r.rBA, vec(r.phiB), 0, vec(r.cur))
	blas64.Gemv(noTrans, -1, r.wIn, vec(x), 1, vec(r.cur))
	for i, v := range r.cur {
		r.a[i], r.aLo[i] = leakReverse(r.a[i], r.aLo[i], c, -(d * v))
	}
	tanhInto(r.phiA, r.a)

	if r.cfg.Carry == CarryExact {
		blas64.Gemv(trans, 1, r.fBA, vec(r.dA), 0, vec(r.tmp))
		for i, p := range r.phiB {
			r.dB[i] = c*r.dB[i] + d*r.tmp[i]*(1-p*p)
			r.dA[i] *= c
		}
	}
	r.steps++
	if !allFinite(r.a) || !allFinite(r.b) {
		return loss, fmt.Errorf("cortex: reverse step: state: %w", ErrDiverged)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, fmt.Errorf("cortex: reverse step: loss: %w", ErrDiverged)
	}
	return loss, nil
}

// finishReverse turns the gradient sums into means over the reverse steps
// (published carry: the reference's divisor, see published.go) and checks them; it returns the mean loss over the steps that had a target.
func (r *R2N2) finishReverse() (float64, error) {
	if !r.inReverse {
		return 0, fmt.Errorf("cortex: EndReverse without BeginReverse")
	}
	r.inReverse = false
	if r.steps == 0 {
		return 0, fmt.Errorf("cortex: EndReverse after no reverse steps")
	}
	inv := 1 / r.gradientDivisor()
	for _, g := range r.grads {
		for j := range g {
			g[j] *= inv
		}
		if !allFinite(g) {
			return 0, fmt.Errorf("cortex: end of reverse run: gradient: %w", ErrDiverged)
		}
	}
	if r.lossSteps == 0 {
		return 0, nil
	}
	return r.lossSum / float64(r.lossSteps), nil
}

// EndReverse divides the summed gradients by the number of reverse steps and
// applies one Adam step. It returns the mean loss over the steps that had a
// target (0 if none had one). A non-finite gradient returns ErrDiverged and leaves the weights
// unchanged.
func (r *R2N2) EndReverse() (float64, error) {
	loss, err := r.finishReverse()
	if err != nil {
		return loss, err
	}
	r.opt.Step(r.params, r.grads)
	return loss, nil
}
