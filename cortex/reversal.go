package cortex

import (
	"fmt"
)

// ReversalError returns the largest distance max_i |s_i − s0_i| over both
// groups between the current state and the initial state: the reconstruction
// error of a reverse run that went back to step 0 of a forward run started
// by Reset (+Inf if the state is not finite).
func (r *R2N2) ReversalError() float64 { return stateDistance(r.a, r.b, r.a0, r.b0) }

// MeasureHorizon returns the reversal horizon H of the current weights on
// src: the largest L ≤ min(src.Len(), MaxSegment) such that running forward
// over the first L steps from the initial state and reversing (with the
// reverse synapses BeginReverse would set) returns to the initial state
// within tol. It assumes the error grows with L (bisection) and changes no
// weight; the state is left at the end of the last probe.
func (r *R2N2) MeasureHorizon(src Replay, tol float64) (int, error) {
	var rep Reversal
	saved := r.cfg.ReversalTol
	r.cfg.ReversalTol = tol
	defer func() { r.cfg.ReversalTol = saved }()
	return r.horizon(src, min(src.Len(), MaxSegment), &rep)
}

// horizon bisects for the longest prefix of src, at most lmax steps, whose
// state-only reverse run returns to the initial state within the tolerance.
func (r *R2N2) horizon(src Replay, lmax int, rep *Reversal) (int, error) {
	if lmax <= 0 {
		return 0, fmt.Errorf("cortex: reversal horizon of an empty sequence")
	}
	r.seg.buf.ensure(MaxSegment, r.cfg.In, r.cfg.Out)
	probe := func(L int) (bool, error) {
		r.Reset()
		if err := src.Steps(0, L, r.bufferAndForward(0)); err != nil {
			return false, fmt.Errorf("cortex: reversal horizon: forward replay: %w", err)
		}
		if err := r.setReverse(); err != nil {
			return false, err
		}
		for t := L - 1; t >= 0; t-- {
			x, _ := r.seg.buf.get(t)
			r.reverseState(x)
		}
		rep.ForwardSteps += L
		rep.ReverseSteps += L
		return r.ReversalError() <= r.cfg.ReversalTol, nil
	}
	ok, err := probe(lmax)
	if err != nil || ok {
		return lmax, err
	}
	lo, hi := 0, lmax // probe(lo) holds (trivially at 0), probe(hi) fails
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		ok, err := probe(mid)
		if err != nil {
			return 0, err
		}
		if ok {
			lo = mid
		} else {
			hi = mid
		}
	}
	return max(lo, 1), nil
}

// setReverse sets the reverse synapses as BeginReverse does (exact: −W;
// learned: the least-squares fit of the recorded samples).
func (r *R2N2) setReverse() error {
	if r.cfg.Reverse == ReverseLearned {
		return r.fitReverse()
	}
	for i, w := range r.wAB.Data {
		r.rAB.Data[i] = -w
	}
	for i, w := range r.wBA.Data {
		r.rBA.Data[i] = -w
	}
	return nil
}

// reverseState is the state part of ReverseStep: from step t+1 back to step
// t with input x_t, no error signals. It allocates nothing.
func (r *R2N2) reverseState(x []float64) {
	// The same kernels and order of operations as ReverseStep (reverseB,
	// reverseA), so that this check measures the production reverse run.
	c, d := r.c, r.d
	rAB, rBA, sign := r.reverseSynapses()
	matVec(r.cur, rAB.Data, rAB.Stride, r.phiA)
	for i, cur := range r.cur {
		r.cur[i] = -(d * (sign * cur))
	}
	leakReverseVec(r.b, r.bLo, r.cur, c)
	tanhInto(r.phiB, r.b)
	matVec(r.cur, rBA.Data, rBA.Stride, r.phiB)
	matVec(r.xin, r.wIn.Data, r.wIn.Stride, x)
	for i, cur := range r.cur {
		r.cur[i] = -(d * (sign*cur - r.xin[i]))
	}
	leakReverseVec(r.a, r.aLo, r.cur, c)
	tanhInto(r.phiA, r.a)
}
