//go:build amd64 && !purego

package cortex

import "golang.org/x/sys/cpu"

// asmAvailable: the AVX2 kernels need AVX2 and an OS that saves the YMM
// registers (x/sys/cpu checks both), and FMA for the leak, whose Go version
// calls math.FMA; elsewhere they use no FMA, so that they round exactly as
// the Go versions do.
var asmAvailable = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// matVecAVX2 sets y[i] to the eight-lane part of dot8(A_i, x) (its first n8
// columns, reduced) for rows i < rows.
//
//go:noescape
func matVecAVX2(y, a *float64, rows, n8, stride int, x *float64)

// dotAxpyTAVX2 is dotAxpyT over the first n8 columns (the dot products
// reduced, without their tails).
//
//go:noescape
func dotAxpyTAVX2(y, a, x, z, b, w *float64, rows, n8, stride int)

// rankUpdateAVX2 is rankUpdate over the first n8 columns; ldv is the length
// of each v_t.
//
//go:noescape
func rankUpdateAVX2(dst *float64, rows, n8, stride int, u, v *float64, k, ldv int)

// adamAVX2 is adamUpdate over the first n4 elements (n4 a positive multiple
// of 4).
//
//go:noescape
func adamAVX2(p, grad, m, v *float64, n4 int, k *adamConsts)

// tanhAVX2 is tanhInto over the first n4 elements (n4 a positive multiple
// of 4), with table = &tanhTable[0].
//
//go:noescape
func tanhAVX2(dst, src *float64, n4 int, table *float64, k *tanhConsts)

// leakForwardAVX2 and leakReverseAVX2 are leakForwardVec and leakReverseVec
// over the first n4 elements (n4 a positive multiple of 4).
//
//go:noescape
func leakForwardAVX2(h, lo, u *float64, n4 int, c float64) (fin float64)

//go:noescape
func leakReverseAVX2(h, lo, u *float64, n4 int, c float64) (fin float64)
