package hippocampus

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// seqMatrix is one of the four sequence matrices. MODEL.md's Hebbian term
// W += u vᵀ/N, with the centred patterns u = ξ_u − ρ1 and
// v = ξ_a + ξ_b − 2ρ1, expands into a sparse part and three low-rank ones:
//
//	u vᵀ = ξ_u(ξ_a+ξ_b)ᵀ − 2ρ ξ_u 1ᵀ − ρ 1(ξ_a+ξ_b)ᵀ + 2ρ² 1 1ᵀ
//
// so W = S − 2ρ a 1ᵀ − ρ 1 bᵀ + 2ρ² n 1 1ᵀ with S = Σ ξ_u(ξ_a+ξ_b)ᵀ/N,
// a = Σ ξ_u/N, b = Σ (ξ_a+ξ_b)/N and n = Σ 1/N. Storing a transition then
// touches 2k² entries of S instead of N², and W s costs one product with S
// plus O(N). The product is the same matrix, not an approximation.
type seqMatrix struct {
	sT    blas64.General // Sᵀ: row j holds unit j's outgoing weights
	post  []float64      // a
	pre   []float64      // b
	count float64        // n
}

func newSeqMatrix(n int) seqMatrix {
	return seqMatrix{
		sT:   blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)},
		post: make([]float64, n), pre: make([]float64, n),
	}
}

// add stores the transition (pre ξ_a + ξ_b → post ξ_u) with weight w (the
// episode's strength over N, negative to unlearn).
func (m *seqMatrix) add(w float64, post, preA, preB []int) {
	n := m.sT.Stride
	for _, pre := range [2][]int{preA, preB} {
		for _, j := range pre {
			row := m.sT.Data[j*n : (j+1)*n]
			for _, i := range post {
				row[i] += w
			}
			m.pre[j] += w
		}
	}
	for _, i := range post {
		m.post[i] += w
	}
	m.count += w
}

func (m *seqMatrix) scale(f float64) {
	scale(f, m.sT.Data)
	scale(f, m.post)
	scale(f, m.pre)
	m.count *= f
}

// field writes dst = W s for the sequence matrix m.
func (c *Cache) field(dst []float64, m *seqMatrix) {
	var sumS, bs float64
	if c.cfg.Activation == Sign {
		blas64.Gemv(blas.Trans, 1, m.sT, vec(c.s), 0, vec(dst))
		for j, v := range c.s {
			sumS += v
			bs += m.pre[j] * v
		}
	} else {
		clear(dst)
		n := c.cfg.N
		for _, j := range c.active {
			blas64.Axpy(1, vec(m.sT.Data[j*n:(j+1)*n]), vec(dst))
			bs += m.pre[j]
		}
		sumS = float64(len(c.active))
	}
	rho := c.rho
	blas64.Axpy(-2*rho*sumS, vec(m.post), vec(dst))
	shift := -rho*bs + 2*rho*rho*m.count*sumS
	for i := range dst {
		dst[i] += shift
	}
}
