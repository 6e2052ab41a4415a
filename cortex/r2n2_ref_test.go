package cortex

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

// The step as it was before the kernels of kernels.go: gonum's Gemv and a
// rank-1 Ger per gradient per step. Kept for the tests as a reference (the
// kernels sum in another order, so results agree to rounding, not to the bit)
// and for BenchmarkTrainStep's before/after ratio.

func (r *R2N2) refForward(x []float64) error {
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

func (r *R2N2) refReverseStep(x, target []float64) (float64, error) {
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
	blas64.Gemv(noTrans, 1, r.rAB, vec(r.phiA), 0, vec(r.cur))
	for i, v := range r.cur {
		r.b[i], r.bLo[i] = leakReverse(r.b[i], r.bLo[i], c, -(d * v))
	}
	tanhInto(r.phiB, r.b)
	blas64.Ger(d, vec(r.dA), vec(r.phiB), r.gBA)
	blas64.Ger(d, vec(r.dA), vec(x), r.gIn)
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
	if !allFinite(r.a) || !allFinite(r.b) || math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, fmt.Errorf("cortex: reverse step: %w", ErrDiverged)
	}
	return loss, nil
}

// refGradients is gradients with the reference step.
func (r *R2N2) refGradients(xs, targets [][]float64) error {
	r.Reset()
	for _, x := range xs {
		if err := r.refForward(x); err != nil {
			return err
		}
	}
	if err := r.BeginReverse(); err != nil {
		return err
	}
	for t := len(xs) - 1; t >= 0; t-- {
		if _, err := r.refReverseStep(xs[t], targets[t]); err != nil {
			return err
		}
	}
	return nil
}

// refTrainSequence is TrainSequence with the reference step.
func (r *R2N2) refTrainSequence(xs, targets [][]float64) (float64, error) {
	if err := r.refGradients(xs, targets); err != nil {
		return 0, err
	}
	return r.EndReverse()
}

// TestStepMatchesReference compares the kernel step with the reference step
// in every mode: the same final state and mean gradients to rounding (1e-12
// relative with exact reverse synapses; 1e-8 with learned ones, whose fit
// is not exactly −W, so that the reverse run amplifies the rounding
// difference by about 1/c per step), and, with exact reverse synapses, the
// initial state recovered exactly by both.
func TestStepMatchesReference(t *testing.T) {
	for _, mode := range []string{"bp", "fa", "published"} {
		for _, reverse := range []ReverseSynapses{ReverseExact, ReverseLearned} {
			f, c, _ := ParseMode(mode)
			cfg := DefaultConfig(20, 3, 5)
			cfg.Feedback, cfg.Carry, cfg.Reverse = f, c, reverse
			xs, targets := r2GradientTask(cfg, 60, 2)
			ref, got := newR2N2ForTest(t, cfg, 3), newR2N2ForTest(t, cfg, 3)
			name := fmt.Sprintf("%s reverse %d", mode, reverse)
			tol := 1e-12
			if reverse == ReverseLearned {
				tol = 1e-8
			}
			if err := ref.refGradients(xs, targets); err != nil {
				t.Fatal(err)
			}
			if err := got.stepGradients(xs, targets); err != nil {
				t.Fatal(err)
			}
			lr, errR := ref.finishReverse()
			lg, errG := got.finishReverse()
			if errR != nil || errG != nil {
				t.Fatal(errR, errG)
			}
			if math.Abs(lr-lg) > 1e-12*math.Abs(lr) {
				t.Errorf("%s: mean loss %v, reference %v", name, lg, lr)
			}
			for k := range ref.grads {
				if e := relDiff(got.grads[k], ref.grads[k]); e > tol {
					t.Errorf("%s: gradient %d differs from the reference by %.2e relative", name, k, e)
				}
			}
			if e := relDiff(got.a, ref.a) + relDiff(got.b, ref.b); e > tol {
				t.Errorf("%s: final reverse state differs from the reference by %.2e relative", name, e)
			}
			if reverse == ReverseExact {
				a0, b0 := got.InitialState()
				for _, p := range [][2][]float64{{got.a, a0}, {got.b, b0}, {ref.a, a0}, {ref.b, b0}} {
					if !sameBits(p[0], p[1]) {
						t.Errorf("%s: reverse run does not return to the initial state exactly", name)
					}
				}
			}
		}
	}
}

// relDiff returns ‖a − b‖ / ‖b‖.
func relDiff(a, b []float64) float64 {
	var num, den float64
	for i := range b {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	return math.Sqrt(num / den)
}

// TestStepSameBitsGoAndAsm runs whole training episodes with the Go kernels
// and with the assembly kernels: weights, state and gradients must agree to
// the bit.
func TestStepSameBitsGoAndAsm(t *testing.T) {
	if !asmAvailable {
		t.Skip("no assembly kernels on this build or CPU")
	}
	for _, mode := range []string{"bp", "fa", "published"} {
		for _, reverse := range []ReverseSynapses{ReverseExact, ReverseLearned} {
			f, c, _ := ParseMode(mode)
			cfg := DefaultConfig(36, 5, 7)
			cfg.Feedback, cfg.Carry, cfg.Reverse = f, c, reverse
			xs, targets := r2GradientTask(cfg, 50, 4)
			nets := [2]*R2N2{newR2N2ForTest(t, cfg, 5), newR2N2ForTest(t, cfg, 5)}
			for k, r := range nets {
				run := func() {
					for range 3 {
						if _, err := r.TrainSequence(xs, targets); err != nil {
							t.Fatal(err)
						}
					}
				}
				if k == 0 {
					withGo(run)
				} else {
					run()
				}
			}
			g, a := nets[0], nets[1]
			for k := range g.params {
				if !sameBits(g.params[k], a.params[k]) || !sameBits(g.grads[k], a.grads[k]) {
					t.Errorf("%s reverse %d: matrix %d differs between the Go and assembly kernels", mode, reverse, k)
				}
			}
			if !sameBits(g.a, a.a) || !sameBits(g.b, a.b) || !sameBits(g.aLo, a.aLo) {
				t.Errorf("%s reverse %d: state differs between the Go and assembly kernels", mode, reverse)
			}
		}
	}
}

// stepGradients is refGradients with the production step: Forward over xs,
// then ReverseStep back to the start, in one reverse run.
func (r *R2N2) stepGradients(xs, targets [][]float64) error {
	r.Reset()
	for _, x := range xs {
		if err := r.Forward(x); err != nil {
			return err
		}
	}
	if err := r.BeginReverse(); err != nil {
		return err
	}
	for t := len(xs) - 1; t >= 0; t-- {
		if _, err := r.ReverseStep(xs[t], targets[t]); err != nil {
			return err
		}
	}
	return nil
}
