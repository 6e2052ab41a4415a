package cortex

import "fmt"

// TrainSequence trains on one episode without storing its trajectory: Reset,
// Forward over xs keeping only the final state, BeginReverse, ReverseStep
// back over the episode (targets[t] is the target of the output after input
// xs[t]; a nil entry means no loss at that step), EndReverse. It returns the
// mean loss over the steps with a target.
func (r *R2N2) TrainSequence(xs, targets [][]float64) (float64, error) {
	if err := r.gradients(xs, targets); err != nil {
		return 0, err
	}
	return r.EndReverse()
}

// ComputeGradients does what TrainSequence does except the Adam step: the
// mean gradients are left in Gradients() and the weights are unchanged. It
// returns the mean loss over the steps with a target.
func (r *R2N2) ComputeGradients(xs, targets [][]float64) (float64, error) {
	if err := r.gradients(xs, targets); err != nil {
		return 0, err
	}
	return r.finishReverse()
}

func (r *R2N2) gradients(xs, targets [][]float64) error {
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
	r.Reset()
	for t, x := range xs {
		if err := r.Forward(x); err != nil {
			return fmt.Errorf("step %d: %w", t, err)
		}
	}
	if err := r.BeginReverse(); err != nil {
		return err
	}
	for t := len(xs) - 1; t >= 0; t-- {
		if _, err := r.ReverseStep(xs[t], targets[t]); err != nil {
			r.inReverse = false
			return fmt.Errorf("step %d: %w", t, err)
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
