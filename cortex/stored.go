package cortex

import "fmt"

// ComputeGradientsStored is the reference for checking reverse replay: the
// same recursion as ReverseStep over src, but every reverse step starts from
// the forward state stored during one forward pass (all of them: memory
// 4·N·(T+1) float64s) instead of a reconstructed one. It is full BPTT on
// exactly the forward arithmetic of this network (the double-double state),
// with its feedback and carry rule. The mean gradients are left in
// Gradients(); the weights are unchanged. It returns the mean loss over the
// steps with a target.
func (r *R2N2) ComputeGradientsStored(src Replay) (float64, error) {
	T := src.Len()
	if T <= 0 {
		return 0, fmt.Errorf("cortex: empty sequence")
	}
	n := r.cfg.N
	states := make([]float64, 0, 4*n*(T+1))
	xs := make([]float64, 0, T*r.cfg.In)
	ys := make([]float64, T*r.cfg.Out)
	has := make([]bool, T)
	snap := func() { states = append(append(append(append(states, r.a...), r.b...), r.aLo...), r.bLo...) }
	r.Reset()
	snap()
	err := src.Steps(0, T, func(t int, x, y []float64) error {
		if y != nil {
			if len(y) != r.cfg.Out {
				return fmt.Errorf("cortex: target %d has length %d, want Out=%d", t, len(y), r.cfg.Out)
			}
			has[t] = true
			copy(ys[t*r.cfg.Out:], y)
		}
		if err := r.Forward(x); err != nil {
			return fmt.Errorf("step %d: %w", t, err)
		}
		xs = append(xs, x...)
		snap()
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := r.BeginReverse(); err != nil {
		return 0, err
	}
	for t := T - 1; t >= 0; t-- {
		s := states[4*n*(t+1):]
		copy(r.a, s[:n])
		copy(r.b, s[n:2*n])
		copy(r.aLo, s[2*n:3*n])
		copy(r.bLo, s[3*n:4*n])
		r.syncRates()
		var y []float64
		if has[t] {
			y = ys[t*r.cfg.Out : (t+1)*r.cfg.Out]
		}
		if _, err := r.ReverseStep(xs[t*r.cfg.In:(t+1)*r.cfg.In], y); err != nil {
			r.inReverse = false
			return 0, fmt.Errorf("step %d: %w", t, err)
		}
	}
	return r.finishReverse()
}
