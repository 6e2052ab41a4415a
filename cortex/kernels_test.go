package cortex

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// withGo runs f with the Go kernels, restoring the selection afterwards.
func withGo(f func()) {
	saved := useAsm
	useAsm = false
	defer func() { useAsm = saved }()
	f()
}

func randSlice(rng *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = rng.NormFloat64()
	}
	return s
}

func sameBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// kernelShapes covers multiples of 4 rows and 8 columns, their tails, and
// the shapes of the network's small matrices (In = Out = 6).
var kernelShapes = []struct{ rows, cols, stride int }{
	{1, 1, 1}, {3, 7, 7}, {4, 8, 8}, {5, 9, 11}, {6, 64, 64}, {64, 6, 6},
	{7, 17, 20}, {16, 16, 16}, {33, 40, 41}, {64, 64, 64}, {256, 256, 256},
}

// TestKernelsMatchGeneric checks that the assembly kernels, where present,
// give the same bits as the Go kernels.
func TestKernelsMatchGeneric(t *testing.T) {
	if !asmAvailable {
		t.Skip("no assembly kernels on this build or CPU")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, s := range kernelShapes {
		a := randSlice(rng, (s.rows-1)*s.stride+s.cols)
		b := randSlice(rng, len(a))
		x, w := randSlice(rng, s.cols), randSlice(rng, s.rows)
		z0 := randSlice(rng, s.cols)

		var y, yGo []float64
		y, yGo = make([]float64, s.rows), make([]float64, s.rows)
		matVec(y, a, s.stride, x)
		withGo(func() { matVec(yGo, a, s.stride, x) })
		if !sameBits(y, yGo) {
			t.Errorf("%v: matVec differs from the Go kernel", s)
		}

		z, zGo := append([]float64(nil), z0...), append([]float64(nil), z0...)
		for _, bm := range [][]float64{a, b} {
			dotAxpyT(y, a, x, z, bm, w, s.stride)
			withGo(func() { dotAxpyT(yGo, a, x, zGo, bm, w, s.stride) })
			if !sameBits(y, yGo) || !sameBits(z, zGo) {
				t.Errorf("%v: dotAxpyT differs from the Go kernel", s)
			}
		}

		for _, k := range []int{1, 3, 16} {
			u, v := randSlice(rng, k*s.rows), randSlice(rng, k*s.cols)
			g := randSlice(rng, len(a))
			gGo := append([]float64(nil), g...)
			rankUpdate(g, s.rows, s.cols, s.stride, u, v, k)
			withGo(func() { rankUpdate(gGo, s.rows, s.cols, s.stride, u, v, k) })
			if !sameBits(g, gGo) {
				t.Errorf("%v k=%d: rankUpdate differs from the Go kernel", s, k)
			}
		}
	}
}

// TestKernelsCompute checks the Go kernels' results against plain loops:
// dot products to rounding, the one-term-at-a-time updates exactly.
func TestKernelsCompute(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, asm := range []bool{false, true} {
		if asm && !asmAvailable {
			continue
		}
		saved := useAsm
		useAsm = asm
		for _, s := range kernelShapes {
			a := randSlice(rng, (s.rows-1)*s.stride+s.cols)
			x, w := randSlice(rng, s.cols), randSlice(rng, s.rows)
			y, z := make([]float64, s.rows), randSlice(rng, s.cols)
			zWant := append([]float64(nil), z...)
			dotAxpyT(y, a, x, z, a, w, s.stride)
			yMat := make([]float64, s.rows)
			matVec(yMat, a, s.stride, x)
			for i := range s.rows {
				var want, mag float64
				for j := range s.cols {
					p := a[i*s.stride+j] * x[j]
					want += p
					mag += math.Abs(p)
					zWant[j] += float64(a[i*s.stride+j] * w[i])
				}
				if d := math.Abs(y[i] - want); d > 1e-15*mag*float64(s.cols) {
					t.Errorf("asm=%v %v row %d: dot %v, plain sum %v", asm, s, i, y[i], want)
				}
				if yMat[i] != y[i] {
					t.Errorf("asm=%v %v row %d: matVec %v, dotAxpyT %v", asm, s, i, yMat[i], y[i])
				}
			}
			if !sameBits(z, zWant) {
				t.Errorf("asm=%v %v: z += Bᵀw differs from the row-by-row sum", asm, s)
			}
			zt := make([]float64, s.cols)
			matTVec(zt, a, s.stride, w)
			for j := range zt {
				zWant[j] = 0
				for i := range s.rows {
					zWant[j] += float64(a[i*s.stride+j] * w[i])
				}
			}
			if !sameBits(zt, zWant[:s.cols]) {
				t.Errorf("asm=%v %v: matTVec differs from the row-by-row sum", asm, s)
			}

			const k = 5
			u, v := randSlice(rng, k*s.rows), randSlice(rng, k*s.cols)
			g := randSlice(rng, len(a))
			gWant := append([]float64(nil), g...)
			rankUpdate(g, s.rows, s.cols, s.stride, u, v, k)
			for tt := range k {
				for i := range s.rows {
					for j := range s.cols {
						gWant[i*s.stride+j] += float64(u[tt*s.rows+i] * v[tt*s.cols+j])
					}
				}
			}
			if !sameBits(g, gWant) {
				t.Errorf("asm=%v %v: rankUpdate differs from %d rank-1 updates", asm, s, k)
			}
		}
		useAsm = saved
	}
}

// BenchmarkKernels measures each kernel alone on n×n matrices (one op = one
// call), for the element rates behind BenchmarkTrainStep.
func BenchmarkKernels(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, n := range []int{64, 256} {
		a, w2 := randSlice(rng, n*n), randSlice(rng, n*n)
		x, w, y, z := randSlice(rng, n), randSlice(rng, n), make([]float64, n), make([]float64, n)
		u, v := randSlice(rng, gradBlockSteps*n), randSlice(rng, gradBlockSteps*n)
		benchCPU(b, fmt.Sprintf("matVec/n=%d", n), func() { matVec(y, a, n, x) })
		benchCPU(b, fmt.Sprintf("dotAxpyT/same/n=%d", n), func() { dotAxpyT(y, a, x, z, a, w, n) })
		benchCPU(b, fmt.Sprintf("dotAxpyT/two/n=%d", n), func() { dotAxpyT(y, a, x, z, w2, w, n) })
		benchCPU(b, fmt.Sprintf("rankUpdate/k=%d/n=%d", gradBlockSteps, n), func() {
			rankUpdate(w2, n, n, n, u, v, gradBlockSteps)
		})
	}
}

// benchCPU runs f as sub-benchmark name, reporting cpu-ns/op besides ns/op.
func benchCPU(b *testing.B, name string, f func()) {
	b.Run(name, func(b *testing.B) {
		cpu, unlock := threadCPU()
		defer unlock()
		start := cpu()
		for range b.N {
			f()
		}
		if used := cpu() - start; used > 0 {
			b.ReportMetric(float64(used)/float64(b.N), "cpu-ns/op")
		}
	})
}

// TestAdamUpdateMatchesFormula checks adamUpdate, Go and assembly, against
// Adam's formula written out element by element, to the bit.
func TestAdamUpdateMatchesFormula(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	k := adamConsts{b1: 0.9, omb1: 1 - 0.9, b2: 0.999, omb2: 1 - 0.999, c1: 1 - 0.9*0.9, c2: 1 - 0.999*0.999, lr: 1e-3, eps: 1e-7}
	for _, n := range []int{1, 3, 4, 7, 64, 390} {
		p, g, m := randSlice(rng, n), randSlice(rng, n), randSlice(rng, n)
		v := randSlice(rng, n)
		for i := range v {
			v[i] = math.Abs(v[i])
		}
		want := [4][]float64{append([]float64(nil), p...), g, append([]float64(nil), m...), append([]float64(nil), v...)}
		for j, gj := range g {
			want[2][j] = float64(k.b1*want[2][j]) + float64(k.omb1*gj)
			want[3][j] = float64(k.b2*want[3][j]) + float64(float64(k.omb2*gj)*gj)
			want[0][j] -= float64(k.lr*(want[2][j]/k.c1)) / (math.Sqrt(want[3][j]/k.c2) + k.eps)
		}
		for _, asm := range []bool{false, true} {
			if asm && !asmAvailable {
				continue
			}
			pp, mm, vv := append([]float64(nil), p...), append([]float64(nil), m...), append([]float64(nil), v...)
			saved := useAsm
			useAsm = asm
			adamUpdate(pp, g, mm, vv, &k)
			useAsm = saved
			if !sameBits(pp, want[0]) || !sameBits(mm, want[2]) || !sameBits(vv, want[3]) {
				t.Errorf("n=%d asm=%v: adamUpdate differs from the formula", n, asm)
			}
		}
	}
}

// TestTanhIntoMatchesTanh checks tanhInto, Go and assembly, against tanh to
// the bit, including ±0, the range limit 20, infinities and NaN.
func TestTanhIntoMatchesTanh(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	src := []float64{0, math.Copysign(0, -1), 1.0 / 64, 19.99, 20, -20, 21, 1e300,
		math.Inf(1), math.Inf(-1), math.NaN(), 5e-324, 19.999999999, -0.5, 0.984375, 3}
	for range 5000 {
		src = append(src, (rng.Float64()-0.5)*50, (rng.Float64()-0.5)*0.1, math.Ldexp(rng.Float64(), -rng.IntN(60)))
	}
	for _, n := range []int{len(src), 7, 4, 3} {
		for _, asm := range []bool{false, true} {
			if asm && !asmAvailable {
				continue
			}
			dst := make([]float64, n)
			saved := useAsm
			useAsm = asm
			tanhInto(dst, src[:n])
			useAsm = saved
			for i, x := range src[:n] {
				if want := tanh(x); math.Float64bits(dst[i]) != math.Float64bits(want) {
					t.Fatalf("asm=%v: tanhInto gives tanh(%v) = %v, tanh gives %v", asm, x, dst[i], want)
				}
			}
		}
	}
}

// TestLeakVecMatchesLeak checks leakForwardVec and leakReverseVec, Go and
// assembly, against leakForward and leakReverse to the bit, and their
// finiteness sum.
func TestLeakVecMatchesLeak(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	const c = 0.9
	for _, n := range []int{3, 4, 7, 64, 101} {
		h, lo, u := randSlice(rng, n), randSlice(rng, n), randSlice(rng, n)
		for i := range lo {
			lo[i] *= 1e-17
			h[i] *= math.Ldexp(1, rng.IntN(20)-10)
		}
		for _, asm := range []bool{false, true} {
			if asm && !asmAvailable {
				continue
			}
			for _, f := range []struct {
				name string
				vec  func(h, lo, u []float64, c float64) float64
				one  func(h, lo, c, u float64) (float64, float64)
			}{{"forward", leakForwardVec, leakForward}, {"reverse", leakReverseVec, leakReverse}} {
				hh, ll := append([]float64(nil), h...), append([]float64(nil), lo...)
				saved := useAsm
				useAsm = asm
				fin := f.vec(hh, ll, u, c)
				uu := append([]float64(nil), u...)
				uu[n-1] = math.Inf(1)
				hInf, lInf := append([]float64(nil), h...), append([]float64(nil), lo...)
				finInf := f.vec(hInf, lInf, uu, c)
				useAsm = saved
				for i := range h {
					wh, wl := f.one(h[i], lo[i], c, u[i])
					if math.Float64bits(hh[i]) != math.Float64bits(wh) || math.Float64bits(ll[i]) != math.Float64bits(wl) {
						t.Fatalf("n=%d asm=%v %s: element %d gives (%v, %v), want (%v, %v)", n, asm, f.name, i, hh[i], ll[i], wh, wl)
					}
				}
				if fin != 0 || !math.IsNaN(finInf) {
					t.Errorf("n=%d asm=%v %s: finiteness sums %v (finite) and %v (with Inf), want 0 and NaN", n, asm, f.name, fin, finInf)
				}
			}
		}
	}
}
