package cortex

import "fmt"

// TrainSequence trains on one episode without storing its trajectory:
// TrainReplay of SliceReplay{xs, targets} (segmented reverse replay, see
// segmented.go; targets[t] is the target of the output after input xs[t], a
// nil entry means no loss at that step). It returns the mean loss over the
// steps with a target, and ErrReversal (wrapped, weights unchanged) if the
// reverse run could not reconstruct the forward states.
func (r *R2N2) TrainSequence(xs, targets [][]float64) (float64, error) {
	if err := r.checkSequence(xs, targets); err != nil {
		return 0, err
	}
	return r.TrainReplay(SliceReplay{Xs: xs, Targets: targets})
}

// ComputeGradients does what TrainSequence does except the Adam step: the
// mean gradients are left in Gradients() and the weights are unchanged. It
// returns the mean loss over the steps with a target.
func (r *R2N2) ComputeGradients(xs, targets [][]float64) (float64, error) {
	if err := r.checkSequence(xs, targets); err != nil {
		return 0, err
	}
	return r.ComputeGradientsReplay(SliceReplay{Xs: xs, Targets: targets})
}

func (r *R2N2) checkSequence(xs, targets [][]float64) error {
	if len(xs) == 0 {
		return fmt.Errorf("cortex: empty sequence")
	}
	if len(targets) != len(xs) {
		return fmt.Errorf("cortex: %d inputs but %d targets", len(xs), len(targets))
	}
	for t, y := range targets {
		if y != nil && len(y) != r.cfg.Out {
			return fmt.Errorf("cortex: target %d has length %d, want Out=%d", t, len(y), r.cfg.Out)
		}
	}
	return nil
}

// Predict runs forward from the initial state and writes the output after
// input xs[t] into ys[t] (each of length Out). It does not train.
func (r *R2N2) Predict(xs, ys [][]float64) error {
	if len(ys) != len(xs) {
		return fmt.Errorf("cortex: Predict with %d inputs but %d outputs", len(xs), len(ys))
	}
	r.Reset()
	for t, x := range xs {
		if len(ys[t]) != r.cfg.Out {
			return fmt.Errorf("cortex: Predict output %d has length %d, want Out=%d", t, len(ys[t]), r.cfg.Out)
		}
		if err := r.Forward(x); err != nil {
			return fmt.Errorf("step %d: %w", t, err)
		}
		copy(ys[t], r.Output())
	}
	return nil
}
