package cortex

// The published carry (CarryPublished: modes published and fa-published)
// reproduces the public reference implementation step for step, and three of
// the reference's details come with it (cortex/doc.go lists them; the parity
// test checks them against testdata/reference-parity.json):
//
//   - φ': the reference computes 1/cosh²(10·tanh(x/10)) from the state x, not
//     1 − tanh²(x). Both agree for small |x|; in the tails the reference's
//     is larger (it saturates at 1/cosh²(10) instead of going to 0).
//   - the gradient divisor before Adam: the reference divides the summed
//     gradient by its sequence length T for prediction (T symbols drive T−1
//     steps, so the number of reverse steps + 1) and by 1 for classification
//     (the sum of one loss at the last step).
//   - the steps the reverse run covers: for prediction the T−1 driven steps,
//     which is what TrainSequence does with a next-symbol sequence.
//
// bp and fa keep 1 − tanh² and the division by the number of reverse steps.

// publishedSlopeScale is the 10 of the reference's φ'(x) = 1/cosh²(10·tanh(x/10)).
const publishedSlopeScale = 10

// slopeRates returns the rates p whose 1 − p² is the φ' the error signals
// use at state: rates itself (p = tanh(state), so 1 − p² = 1 − tanh²) for
// the exact carry; for the published carry p = tanh(10·tanh(state/10)),
// written into scratch, so that 1 − p² = 1/cosh²(10·tanh(state/10)).
// It allocates nothing.
func (r *R2N2) slopeRates(rates, state, scratch []float64) []float64 {
	if r.cfg.Carry != CarryPublished {
		return rates
	}
	scratch = scratch[:len(state)]
	for i, x := range state {
		scratch[i] = tanh(publishedSlopeScale * tanh(x/publishedSlopeScale))
	}
	return scratch
}

// gradientDivisor is what EndReverse divides the summed gradient by: the
// number of reverse steps, or under the published carry the reference's
// divisor (steps + 1 with MSE, 1 with cross-entropy).
func (r *R2N2) gradientDivisor() float64 {
	if r.cfg.Carry != CarryPublished {
		return float64(r.steps)
	}
	if r.cfg.Loss == LossCrossEntropy {
		return 1
	}
	return float64(r.steps + 1)
}
