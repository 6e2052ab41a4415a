package cortex

import "math"

// The kernels of the R2N2 step (the leak's and tanh's vector forms are in
// leak.go and tanh.go). Each has one fixed order of
// floating-point operations, written out below in plain Go; on amd64 with
// AVX2 an assembly version (kernels_amd64.s) performs exactly the same
// operations in the same order, four lanes at a time, so both give the same
// bits (TestKernelsMatchGeneric). Products are rounded before they are added
// (float64(a*b) stops the compiler fusing them into an FMA on arm64 and
// elsewhere), so the matrix kernels' results are the same on every platform.
//
// The order of a dot product over j < n: eight lanes, lane l summing
// a[j]·x[j] for j ≡ l (mod 8) in increasing j over the first n − n mod 8
// terms; then ((s0+s4) + (s2+s6)) + ((s1+s5) + (s3+s7)); then the remaining
// n mod 8 terms one at a time. A transposed product z += Bᵀw and a gradient
// update G += Σ_t u_t v_tᵀ add to each element of z or G one term at a time,
// in increasing row i or step t: the result of a block of k gradient steps
// is the result of k rank-1 updates.

// useAsm selects the assembly kernels; set at init where the CPU allows and
// switched off by tests to run the Go versions.
var useAsm = asmAvailable

// dot8 returns Σ_j a[j]·x[j] (j < len(a), len(x) ≥ len(a)) in the order above.
func dot8(a, x []float64) float64 {
	x = x[:len(a)]
	n8 := len(a) &^ 7
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for j := 0; j < n8; j += 8 {
		aa, xx := a[j:j+8:j+8], x[j:j+8:j+8]
		s0 += float64(aa[0] * xx[0])
		s1 += float64(aa[1] * xx[1])
		s2 += float64(aa[2] * xx[2])
		s3 += float64(aa[3] * xx[3])
		s4 += float64(aa[4] * xx[4])
		s5 += float64(aa[5] * xx[5])
		s6 += float64(aa[6] * xx[6])
		s7 += float64(aa[7] * xx[7])
	}
	return dotTail(((s0+s4)+(s2+s6))+((s1+s5)+(s3+s7)), a[n8:], x[n8:])
}

// dotTail returns s + Σ_j a[j]·x[j], adding one term at a time.
func dotTail(s float64, a, x []float64) float64 {
	x = x[:len(a)]
	for j, v := range a {
		s += float64(v * x[j])
	}
	return s
}

// axpyTail does z[j] += b[j]·w for every j, the rounding of z += Bᵀw.
func axpyTail(z, b []float64, w float64) {
	b = b[:len(z)]
	for j, v := range b {
		z[j] += float64(v * w)
	}
}

// matVec sets y[i] = A_i·x for each row A_i of the len(y)×len(x) matrix a
// (row-major, row stride stride).
func matVec(y, a []float64, stride int, x []float64) {
	cols := len(x)
	if len(y) == 0 {
		return
	}
	_ = a[(len(y)-1)*stride+cols-1]
	if n8 := cols &^ 7; useAsm && n8 > 0 {
		matVecAVX2(&y[0], &a[0], len(y), n8, stride, &x[0])
		if n8 < cols {
			for i := range y {
				y[i] = dotTail(y[i], a[i*stride+n8:i*stride+cols], x[n8:])
			}
		}
		return
	}
	if cols < 8 { // dot8 of a short row is its tail alone
		for i := range y {
			y[i] = dotTail(0, a[i*stride:i*stride+cols], x)
		}
		return
	}
	for i := range y {
		y[i] = dot8(a[i*stride:i*stride+cols], x)
	}
}

// dotAxpyT makes one pass over the rows i of two len(y)×len(x) matrices a
// and b: y[i] = A_i·x and z += B_iᵀ·w[i] (z = z + Bᵀw, rows in order). a and
// b may be the same matrix; both have row stride stride.
func dotAxpyT(y, a []float64, x, z, b []float64, w []float64, stride int) {
	cols := len(x)
	if len(y) == 0 {
		return
	}
	last := (len(y)-1)*stride + cols - 1
	_, _, _, _ = a[last], b[last], z[cols-1], w[len(y)-1]
	if n8 := cols &^ 7; useAsm && n8 > 0 {
		dotAxpyTAVX2(&y[0], &a[0], &x[0], &z[0], &b[0], &w[0], len(y), n8, stride)
		if n8 < cols {
			for i := range y {
				o := i * stride
				y[i] = dotTail(y[i], a[o+n8:o+cols], x[n8:])
				axpyTail(z[n8:cols], b[o+n8:o+cols], w[i])
			}
		}
		return
	}
	for i := range y {
		o := i * stride
		y[i] = dot8Axpy(a[o:o+cols], x, z, b[o:o+cols], w[i])
	}
}

// dot8Axpy returns dot8(a, x) and does z[j] += b[j]·wi for j < len(a), in
// one loop.
func dot8Axpy(a, x, z, b []float64, wi float64) float64 {
	x, z, b = x[:len(a)], z[:len(a)], b[:len(a)]
	n8 := len(a) &^ 7
	var s0, s1, s2, s3, s4, s5, s6, s7 float64
	for j := 0; j < n8; j += 8 {
		aa, xx := a[j:j+8:j+8], x[j:j+8:j+8]
		zz, bb := z[j:j+8:j+8], b[j:j+8:j+8]
		s0 += float64(aa[0] * xx[0])
		s1 += float64(aa[1] * xx[1])
		s2 += float64(aa[2] * xx[2])
		s3 += float64(aa[3] * xx[3])
		s4 += float64(aa[4] * xx[4])
		s5 += float64(aa[5] * xx[5])
		s6 += float64(aa[6] * xx[6])
		s7 += float64(aa[7] * xx[7])
		zz[0] += float64(bb[0] * wi)
		zz[1] += float64(bb[1] * wi)
		zz[2] += float64(bb[2] * wi)
		zz[3] += float64(bb[3] * wi)
		zz[4] += float64(bb[4] * wi)
		zz[5] += float64(bb[5] * wi)
		zz[6] += float64(bb[6] * wi)
		zz[7] += float64(bb[7] * wi)
	}
	axpyTail(z[n8:], b[n8:], wi)
	return dotTail(((s0+s4)+(s2+s6))+((s1+s5)+(s3+s7)), a[n8:], x[n8:])
}

// matTVec sets z = Bᵀw for the len(w)×len(z) matrix b (row stride stride),
// adding the rows in order.
func matTVec(z, b []float64, stride int, w []float64) {
	clear(z)
	for i, wi := range w {
		axpyTail(z, b[i*stride:i*stride+len(z)], wi)
	}
}

// rankUpdate adds Σ_t u_t v_tᵀ over k steps to the rows×cols matrix g (row
// stride stride), one step at a time for each element: g[i][j] += u_t[i]·v_t[j]
// for t = 0, 1, …, k−1. u holds the k vectors u_t of length rows one after
// the other, v the k vectors v_t of length cols.
func rankUpdate(g []float64, rows, cols, stride int, u, v []float64, k int) {
	if rows == 0 || cols == 0 || k == 0 {
		return
	}
	_, _, _ = g[(rows-1)*stride+cols-1], u[k*rows-1], v[k*cols-1]
	n8 := cols &^ 7
	if useAsm && n8 > 0 {
		rankUpdateAVX2(&g[0], rows, n8, stride, &u[0], &v[0], k, cols)
	} else {
		n8 = 0
	}
	for i := range rows {
		rankUpdateRow(g[i*stride+n8:i*stride+cols], u[i:], rows, v[n8:], cols, k)
	}
}

// rankUpdateRow adds Σ_t u[t·ldu]·v_t to row, v_t = v[t·ldv:], four
// elements at a time held in registers across the k steps.
func rankUpdateRow(row, u []float64, ldu int, v []float64, ldv, k int) {
	n4 := len(row) &^ 3
	for j := 0; j < n4; j += 4 {
		r := row[j : j+4 : j+4]
		s0, s1, s2, s3 := r[0], r[1], r[2], r[3]
		for t := range k {
			ut, vt := u[t*ldu], v[t*ldv+j:t*ldv+j+4:t*ldv+j+4]
			s0 += float64(ut * vt[0])
			s1 += float64(ut * vt[1])
			s2 += float64(ut * vt[2])
			s3 += float64(ut * vt[3])
		}
		r[0], r[1], r[2], r[3] = s0, s1, s2, s3
	}
	for j := n4; j < len(row); j++ {
		s := row[j]
		for t := range k {
			s += float64(u[t*ldu] * v[t*ldv+j])
		}
		row[j] = s
	}
}

// adamConsts are the constants of one Adam step: β1, 1−β1, β2, 1−β2, the
// bias corrections c1 = 1−β1^t and c2 = 1−β2^t, the learning rate and ε.
type adamConsts struct{ b1, omb1, b2, omb2, c1, c2, lr, eps float64 }

// adamUpdate applies one Adam step to the parameters p with gradient g and
// moments m, v (all of one length), element by element:
//
//	m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g·g
//	p ← p − lr·(m/c1) / (√(v/c2) + ε)
func adamUpdate(p, g, m, v []float64, k *adamConsts) {
	n := len(p)
	g, m, v = g[:n], m[:n], v[:n]
	j := 0
	if n4 := n &^ 3; useAsm && n4 > 0 {
		adamAVX2(&p[0], &g[0], &m[0], &v[0], n4, k)
		j = n4
	}
	for ; j < n; j++ {
		gj := g[j]
		m[j] = float64(k.b1*m[j]) + float64(k.omb1*gj)
		v[j] = float64(k.b2*v[j]) + float64(float64(k.omb2*gj)*gj)
		p[j] -= float64(k.lr*(m[j]/k.c1)) / (math.Sqrt(v[j]/k.c2) + k.eps)
	}
}
