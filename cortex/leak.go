package cortex

import "math"

// The leaky update of one unit, x' = c·x + u, and its inverse, are computed
// on a state held as an unevaluated sum hi + lo of two float64 values
// (double-double arithmetic with error-free transformations). The forward
// step's rounding then loses about 2⁻¹⁰⁶ of the state instead of 2⁻⁵³, so the
// exact reverse run (R = −W), which amplifies errors by roughly 1.25 per step
// at g = 1.5, τ = 10, recovers the forward states to the last bit for
// episodes of a few hundred steps instead of about a hundred. Only hi is the
// state seen by everything else (rates, outputs, State); lo is a correction
// of at most half an ulp of hi.

// leakForward returns hi' + lo' ≈ c·(hi + lo) + u.
func leakForward(hi, lo, c, u float64) (float64, float64) {
	p := c * hi
	pe := math.FMA(c, hi, -p) + c*lo // exact error of c·hi, plus c·lo
	s := p + u
	v := s - p
	se := (p - (s - v)) + (u - v) + pe // TwoSum error of p + u
	h := s + se
	return h, se - (h - s)
}

// leakReverse returns hi + lo ≈ (hi' + lo' − u) / c, inverting leakForward.
func leakReverse(hi, lo, c, u float64) (float64, float64) {
	s := hi - u
	v := s - hi
	se := (hi - (s - v)) + (-u - v) + lo // TwoSum error of hi − u, plus lo
	q := s / c
	r := math.FMA(-q, c, s) + se // s − q·c exactly, plus se
	q2 := r / c
	h := q + q2
	return h, q2 - (h - q)
}

// leakForwardVec does (h[i], lo[i]) ← leakForward(h[i], lo[i], c, u[i]) for
// every i and returns Σ h[i]·0, which is 0 exactly when every new h is finite.
func leakForwardVec(h, lo, u []float64, c float64) (fin float64) {
	lo, u = lo[:len(h)], u[:len(h)]
	i0 := 0
	if n4 := len(h) &^ 3; useAsm && n4 > 0 {
		fin = leakForwardAVX2(&h[0], &lo[0], &u[0], n4, c)
		i0 = n4
	}
	for i := i0; i < len(h); i++ {
		h[i], lo[i] = leakForward(h[i], lo[i], c, u[i])
		fin += h[i] * 0
	}
	return fin
}

// leakReverseVec does (h[i], lo[i]) ← leakReverse(h[i], lo[i], c, u[i]) for
// every i and returns Σ h[i]·0, which is 0 exactly when every new h is finite.
func leakReverseVec(h, lo, u []float64, c float64) (fin float64) {
	lo, u = lo[:len(h)], u[:len(h)]
	i0 := 0
	if n4 := len(h) &^ 3; useAsm && n4 > 0 {
		fin = leakReverseAVX2(&h[0], &lo[0], &u[0], n4, c)
		i0 = n4
	}
	for i := i0; i < len(h); i++ {
		h[i], lo[i] = leakReverse(h[i], lo[i], c, u[i])
		fin += h[i] * 0
	}
	return fin
}
