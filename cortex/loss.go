package cortex

import (
	"fmt"
	"math"
)

// Loss selects the loss applied to the linear output y at a step that has a
// target.
type Loss int

const (
	// LossMSE is the squared error for next-step prediction, per step
	// L = ½·Σ_k (y_k − target_k)², so that ∂L/∂y = y − target. (A sum, not a
	// mean over k: the ½ makes the error signal the plain difference.)
	LossMSE Loss = iota
	// LossCrossEntropy is softmax cross-entropy, L = −Σ_k target_k·log p_k
	// with p = softmax(y); ∂L/∂y = p − target (target sums to 1, e.g. one-hot).
	// It is applied at the steps that have a target (the last one for
	// classification).
	LossCrossEntropy
)

// String returns the loss name used in configs and reports.
func (l Loss) String() string {
	switch l {
	case LossMSE:
		return "mse"
	case LossCrossEntropy:
		return "crossentropy"
	}
	return fmt.Sprintf("Loss(%d)", int(l))
}

// ParseLoss maps "mse" and "crossentropy" (also "ce") to a Loss.
func ParseLoss(s string) (Loss, error) {
	switch s {
	case "mse":
		return LossMSE, nil
	case "crossentropy", "ce":
		return LossCrossEntropy, nil
	}
	return 0, fmt.Errorf("cortex: unknown loss %q (want mse or crossentropy)", s)
}

// Error writes dL/dy into e and returns the loss value for output y against
// target. e, y and target must have the same length; e may alias neither y
// nor target. It allocates nothing.
func (l Loss) Error(e, y, target []float64) float64 {
	switch l {
	case LossCrossEntropy:
		// Stable log-softmax: log p_k = y_k − max − log Σ exp(y_j − max).
		mx := math.Inf(-1)
		for _, v := range y {
			mx = math.Max(mx, v)
		}
		var z float64
		for k, v := range y {
			e[k] = math.Exp(v - mx)
			z += e[k]
		}
		logZ := math.Log(z)
		var loss float64
		for k, v := range y {
			if target[k] != 0 {
				loss -= target[k] * (v - mx - logZ)
			}
			e[k] = e[k]/z - target[k]
		}
		return loss
	default:
		var loss float64
		for k, v := range y {
			d := v - target[k]
			e[k] = d
			loss += 0.5 * d * d
		}
		return loss
	}
}

// WeightedError is Error with a non-negative weight per output entry: for
// MSE, L = ½·Σ_k w_k (y_k − target_k)² and e_k = w_k (y_k − target_k). A nil
// w is all ones (Error). Only MSE takes weights: the weighted cross-entropy
// has no per-entry form that keeps the softmax gradient, so it returns NaN
// for LossCrossEntropy with weights (callers check with CheckWeights first).
// It allocates nothing.
func (l Loss) WeightedError(e, y, target, w []float64) float64 {
	if w == nil {
		return l.Error(e, y, target)
	}
	if l != LossMSE {
		return math.NaN()
	}
	var loss float64
	for k, v := range y {
		d := v - target[k]
		e[k] = w[k] * d
		loss += 0.5 * w[k] * d * d
	}
	return loss
}

// CheckWeights reports whether w can weight the error of an output of width
// out under loss l: MSE only, the right length, every entry finite and ≥ 0.
func (l Loss) CheckWeights(w []float64, out int) error {
	if l != LossMSE {
		return fmt.Errorf("cortex: output weights need the mse loss, not %s", l)
	}
	if len(w) != out {
		return fmt.Errorf("cortex: output weights have length %d, want Out=%d", len(w), out)
	}
	for k, v := range w {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("cortex: output weight %d is %v, want finite and ≥ 0", k, v)
		}
	}
	return nil
}
