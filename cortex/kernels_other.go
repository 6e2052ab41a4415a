//go:build !amd64 || purego

package cortex

// Without the assembly kernels (another architecture, or the purego build
// tag) the Go versions in kernels.go run.
const asmAvailable = false

func matVecAVX2(y, a *float64, rows, n8, stride int, x *float64) {
	panic("cortex: assembly kernel called without assembly")
}

func dotAxpyTAVX2(y, a, x, z, b, w *float64, rows, n8, stride int) {
	panic("cortex: assembly kernel called without assembly")
}

func rankUpdateAVX2(dst *float64, rows, n8, stride int, u, v *float64, k, ldv int) {
	panic("cortex: assembly kernel called without assembly")
}

func adamAVX2(p, grad, m, v *float64, n4 int, k *adamConsts) {
	panic("cortex: assembly kernel called without assembly")
}

func tanhAVX2(dst, src *float64, n4 int, table *float64, k *tanhConsts) {
	panic("cortex: assembly kernel called without assembly")
}

func leakForwardAVX2(h, lo, u *float64, n4 int, c float64) float64 {
	panic("cortex: assembly kernel called without assembly")
}

func leakReverseAVX2(h, lo, u *float64, n4 int, c float64) float64 {
	panic("cortex: assembly kernel called without assembly")
}
