package cortex

import "math"

// The rate function φ = tanh is the single most frequent call of a training
// step (4·N per timestep), and math.Tanh goes through math.Exp. tanh below
// uses the addition formula instead,
//
//	tanh(x₀ + r) = (tanh x₀ + tanh r) / (1 + tanh x₀ · tanh r),
//
// with x₀ = k/32 the nearest grid point (tanh x₀ from a table filled by
// math.Tanh) and tanh r, |r| ≤ 1/64, from its Taylor series to r⁹ (truncation
// below 1e-20 relative). The result is within a few ulp of math.Tanh (tested)
// and deterministic on every platform.

const tanhGrid = 32 // table points per unit of x

// tanhTable[k] = tanh(k/32) for k/32 ≤ 20; beyond, tanh rounds to ±1.
var tanhTable = func() []float64 {
	t := make([]float64, 20*tanhGrid+2)
	for k := range t {
		t[k] = math.Tanh(float64(k) / tanhGrid)
	}
	return t
}()

// tanh returns the hyperbolic tangent of x (NaN for NaN).
func tanh(x float64) float64 {
	ax := math.Abs(x)
	if !(ax < 20) {
		if math.IsNaN(x) {
			return x
		}
		return math.Copysign(1, x)
	}
	k := int(ax*tanhGrid + 0.5)
	r := ax - float64(k)/tanhGrid // exact
	r2 := r * r
	tr := r + r*r2*(-1.0/3+r2*(2.0/15+r2*(-17.0/315+r2*(62.0/2835))))
	t0 := tanhTable[k]
	return math.Copysign((t0+tr)/(1+t0*tr), x)
}

// tanhInto writes dst[i] = tanh(src[i]). The loop body is tanh's, written
// out so that independent elements overlap in the pipeline instead of
// waiting on a call each.
func tanhInto(dst, src []float64) {
	dst = dst[:len(src)]
	i0 := 0
	if n4 := len(src) &^ 3; useAsm && n4 > 0 {
		tanhAVX2(&dst[0], &src[0], n4, &tanhTable[0], &tanhConstants)
		i0 = n4
	}
	for i := i0; i < len(src); i++ {
		x := src[i]
		ax := math.Abs(x)
		if !(ax < 20) {
			dst[i] = tanh(x)
			continue
		}
		k := int(ax*tanhGrid + 0.5)
		r := ax - float64(k)/tanhGrid
		r2 := r * r
		tr := r + r*r2*(-1.0/3+r2*(2.0/15+r2*(-17.0/315+r2*(62.0/2835))))
		t0 := tanhTable[k]
		dst[i] = math.Copysign((t0+tr)/(1+t0*tr), x)
	}
}

// tanhConsts are tanh's constants for the assembly kernel, each four times.
type tanhConsts [10][4]float64

var tanhConstants = func() (k tanhConsts) {
	for i, c := range []float64{
		math.Float64frombits(1<<63 - 1), tanhGrid, 0.5, 1.0 / tanhGrid,
		62.0 / 2835, -17.0 / 315, 2.0 / 15, -1.0 / 3, 1, 20,
	} {
		k[i] = [4]float64{c, c, c, c}
	}
	return k
}()
