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
	matVec(r.cur, r.wBA.Data, r.wBA.Stride, r.phiB)
	if r.ringBA != nil {
		r.ringBA.add(r.phiB, r.cur)
	}
	matVec(r.xin, r.wIn.Data, r.wIn.Stride, x)
	for i, v := range r.cur {
		r.cur[i] = d * (v + r.xin[i])
	}
	fin := leakForwardVec(r.a, r.aLo, r.cur, c) // stays 0 while every state is finite
	tanhInto(r.phiA, r.a)
	matVec(r.cur, r.wAB.Data, r.wAB.Stride, r.phiA)
	if r.ringAB != nil {
		r.ringAB.add(r.phiA, r.cur)
	}
	for i, v := range r.cur {
		r.cur[i] = d * v
	}
	fin += leakForwardVec(r.b, r.bLo, r.cur, c)
	tanhInto(r.phiB, r.b)
	if fin != 0 {
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
	for i := range r.blocks {
		r.blocks[i].discard()
	}
	r.steps, r.lossSteps, r.lossSum = 0, 0, 0
	r.inReverse = true
	return nil
}

// reverseSynapses returns the matrix whose products give the reverse
// currents R_AB φ(a), R_BA φ(b), and their sign: exact R is −W, and W·φ
// negated is R·φ to the bit (negation is exact), so the exact reverse run
// reads W, which the forward run and the feedback already keep in cache.
func (r *R2N2) reverseSynapses() (ab, ba blas64.General, sign float64) {
	if r.cfg.Reverse == ReverseExact {
		return r.wAB, r.wBA, -1
	}
	return r.rAB, r.rBA, 1
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
//
// Each matrix is read once per step: F_AB δB and R_AB φ(a_{t+1}) in one pass,
// F_BA δA and R_BA φ(b_t) in another (dotAxpyT), and the ΔW terms are added
// in blocks of steps (gradBlock).
func (r *R2N2) ReverseStep(x, target []float64) (float64, error) {
	return r.ReverseStepWeighted(x, target, nil)
}

// ReverseStepWeighted is ReverseStep with a weight per output entry on the
// loss at step t+1: L = ½·Σ_k w_k (y_k − target_k)², so e = w ⊙ (y − target)
// (Loss.WeightedError; MSE only). A nil weight is ReverseStep. Sleep uses it
// to weight the action entries of a replayed episode by its outcome.
func (r *R2N2) ReverseStepWeighted(x, target, weight []float64) (float64, error) {
	if !r.inReverse {
		return 0, fmt.Errorf("cortex: ReverseStep without BeginReverse")
	}
	if err := r.checkInput(x); err != nil {
		return 0, fmt.Errorf("cortex: reverse step: %w", err)
	}
	if target != nil && len(target) != r.cfg.Out {
		return 0, fmt.Errorf("cortex: target has length %d, want Out=%d", len(target), r.cfg.Out)
	}
	if weight != nil {
		if err := r.cfg.Loss.CheckWeights(weight, r.cfg.Out); err != nil {
			return 0, fmt.Errorf("cortex: reverse step: %w", err)
		}
	}
	var loss float64
	if target != nil {
		loss = r.outputError(target, weight)
	}
	rAB, rBA, sign := r.reverseSynapses()
	fin := r.reverseB(rAB, sign)
	fin += r.reverseA(rBA, sign, x)
	r.steps++
	if fin != 0 {
		return loss, fmt.Errorf("cortex: reverse step: state: %w", ErrDiverged)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, fmt.Errorf("cortex: reverse step: loss: %w", ErrDiverged)
	}
	return loss, nil
}

// outputError computes the loss of the current output against target (with
// per-entry weights w, nil for none) and its error e, adds δB += Fo e ⊙ φ'(b) and the term e φ(b)ᵀ of ΔW_out, and
// returns the loss.
func (r *R2N2) outputError(target, w []float64) float64 {
	matVec(r.y, r.wOut.Data, r.wOut.Stride, r.phiB)
	loss := r.cfg.Loss.WeightedError(r.e, r.y, target, w)
	matTVec(r.tmp, r.fOut.Data, r.fOut.Stride, r.e)
	for i, p := range r.slopeRates(r.phiB, r.b, r.slope) {
		r.dB[i] += r.tmp[i] * (1 - p*p)
	}
	u, v := r.blocks[blockOut].next()
	copy(u, r.e)
	copy(v, r.phiB)
	r.lossSum += loss
	r.lossSteps++
	return loss
}

// reverseB does the B half of a reverse step: δA += d·(F_AB δB) ⊙ φ'(a_{t+1}),
// the term d·δB φ(a_{t+1})ᵀ of ΔW_AB, and b_t from b_{t+1} and φ(a_{t+1}),
// with rAB·φ times sign the reverse current. It returns 0 if b_t is finite.
func (r *R2N2) reverseB(rAB blas64.General, sign float64) float64 {
	c, d := r.c, r.d
	clear(r.tmp)
	dotAxpyT(r.cur, rAB.Data, r.phiA, r.tmp, r.fAB.Data, r.dB, rAB.Stride)
	u, v := r.blocks[blockAB].next()
	copy(v, r.phiA)
	u = u[:len(r.dB)]
	for i, p := range r.slopeRates(r.phiA, r.a, r.slope) {
		r.dA[i] += d * r.tmp[i] * (1 - p*p)
		u[i] = d * r.dB[i]
	}
	for i, cur := range r.cur {
		r.cur[i] = -(d * (sign * cur))
	}
	fin := leakReverseVec(r.b, r.bLo, r.cur, c)
	tanhInto(r.phiB, r.b)
	return fin
}

// reverseA does the A half of a reverse step: the terms d·δA φ(b_t)ᵀ of
// ΔW_BA and d·δA x_tᵀ of ΔW_in, a_t from a_{t+1}, φ(b_t) and x_t, and the
// carry of (δA, δB) to step t. It returns 0 if a_t is finite.
func (r *R2N2) reverseA(rBA blas64.General, sign float64, x []float64) float64 {
	c, d := r.c, r.d
	exact := r.cfg.Carry == CarryExact
	if exact {
		clear(r.tmp)
		dotAxpyT(r.cur, rBA.Data, r.phiB, r.tmp, r.fBA.Data, r.dA, rBA.Stride)
	} else {
		matVec(r.cur, rBA.Data, rBA.Stride, r.phiB)
	}
	uBA, vBA := r.blocks[blockBA].next()
	uIn, vIn := r.blocks[blockIn].next()
	copy(vBA, r.phiB)
	copy(vIn, x)
	uBA, uIn = uBA[:len(r.dA)], uIn[:len(r.dA)]
	for i, da := range r.dA {
		uBA[i] = d * da
		uIn[i] = d * da
	}
	matVec(r.xin, r.wIn.Data, r.wIn.Stride, x)
	for i, cur := range r.cur {
		r.cur[i] = -(d * (sign*cur - r.xin[i]))
	}
	fin := leakReverseVec(r.a, r.aLo, r.cur, c)
	tanhInto(r.phiA, r.a)
	if exact {
		for i, p := range r.phiB {
			r.dB[i] = c*r.dB[i] + d*r.tmp[i]*(1-p*p)
			r.dA[i] *= c
		}
	}
	return fin
}

// flushGradients adds every pending ΔW term to the gradient sums.
func (r *R2N2) flushGradients() {
	for i := range r.blocks {
		r.blocks[i].flush()
	}
}

// finishReverse turns the gradient sums into means over the reverse steps
// (published carry: the reference's divisor, see published.go) and checks
// them; it returns the mean loss over the steps that had a target.
func (r *R2N2) finishReverse() (float64, error) {
	if !r.inReverse {
		return 0, fmt.Errorf("cortex: EndReverse without BeginReverse")
	}
	r.inReverse = false
	r.flushGradients()
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
