package cortex

import (
	"errors"
	"fmt"
	"math"
)

// ErrRunaway reports a loss or gradient that stayed finite but ran away:
// far above its running level. Training that has gone this way (a learning
// rate far too large, typically) never recovers, but only NaN or Inf would
// stop it otherwise (ErrDiverged), after thousands of useless updates.
var ErrRunaway = errors.New("cortex: diverged (loss or gradient ran away)")

// Divergence detects finite divergence of the consolidator's training: it
// follows the running level of each observed quantity (an exponential
// mean over about 1/Rate observations) and reports ErrRunaway when one
// value exceeds Factor times max(level, Floor). The floor keeps a loss
// that has fallen near zero from making ordinary novelty look like
// divergence. The zero value uses the defaults (DefaultDivergence).
//
// The bound: with the defaults a replay loss above 1000·max(level, 1) or
// a gradient norm above 1000·max(level, 1) is divergence. Losses here are
// ½‖y − x‖² per step over one-hot sensory vectors, of order one for any
// sane network (at most a few times the number of one-hot blocks), so the
// bound is three orders of magnitude above anything learning produces.
type Divergence struct {
	Factor float64 // bound relative to the running level (default 1000)
	Floor  float64 // level below which the bound does not fall (default 1)
	Rate   float64 // weight of a new observation in the running level (default 0.1)

	levels map[string]float64
}

// DefaultDivergence returns the detector with its default bound.
func DefaultDivergence() Divergence { return Divergence{Factor: 1000, Floor: 1, Rate: 0.1} }

// Observe checks value, the latest observation of the named quantity
// (e.g. "replay loss"), against its running level and then updates the
// level. It returns an error wrapping ErrRunaway (or ErrDiverged for NaN
// or Inf) that names the quantity, the value and the level.
func (d *Divergence) Observe(name string, value float64) error {
	if d.Factor == 0 {
		*d = DefaultDivergence()
	}
	if math.IsNaN(value) || math.IsInf(value, 0) {
		return fmt.Errorf("%s is %v: %w", name, value, ErrDiverged)
	}
	if d.levels == nil {
		d.levels = map[string]float64{}
	}
	level, seen := d.levels[name]
	if bound := d.Factor * max(level, d.Floor); value > bound {
		return fmt.Errorf("%s %.3g is more than %g times its running level %.3g: %w", name, value, d.Factor, max(level, d.Floor), ErrRunaway)
	}
	if !seen {
		level = value
	}
	d.levels[name] = level + d.Rate*(value-level)
	return nil
}

// GradientNorm returns the Euclidean norm of the gradient of the last
// reverse run (after EndReverse: the mean gradient that was applied).
func (r *R2N2) GradientNorm() float64 {
	s := 0.0
	for _, g := range r.grads {
		for _, v := range g {
			s += v * v
		}
	}
	return math.Sqrt(s)
}
