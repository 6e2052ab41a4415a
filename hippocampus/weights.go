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
// so N·W = S − 2ρ a 1ᵀ − ρ 1 bᵀ + 2ρ² n 1 1ᵀ with S = Σ g ξ_u(ξ_a+ξ_b)ᵀ,
// a = Σ g ξ_u, b = Σ g (ξ_a+ξ_b) and n = Σ g (g the episode's strength).
// Storing a transition then touches 2k² entries of S instead of N², and
// W s costs one product with S plus O(N). The product is the same matrix,
// not an approximation. The factor 1/N is applied when a field is read,
// so that while every strength is 1 (no Decay) all stored values are
// integers: adding and subtracting episodes is exact, and forgetting one
// subtracts its transitions instead of rebuilding.
type seqMatrix struct {
	sT    blas64.General // Sᵀ: row j holds unit j's outgoing weights
	post  []float64      // a
	pre   []float64      // b
	count float64        // n
	// colSum = Sᵀ1 (Σ over all units' rows) and preSum = Σ b: the field of
	// a sign state, Σ s_j row_j, is then 2·Σ_{s_j=+1} row_j − colSum.
	colSum []float64
	preSum float64
}

func newSeqMatrix(n int) seqMatrix {
	return seqMatrix{
		sT:   blas64.General{Rows: n, Cols: n, Stride: n, Data: make([]float64, n*n)},
		post: make([]float64, n), pre: make([]float64, n), colSum: make([]float64, n),
	}
}

// add stores the transition (pre ξ_a + ξ_b → post ξ_u) with weight w (the
// episode's strength, negative to unlearn).
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
	both := w * float64(len(preA)+len(preB))
	for _, i := range post {
		m.post[i] += w
		m.colSum[i] += both
	}
	m.preSum += both
	m.count += w
}

// field writes dst = W s for the sequence matrix m from scratch: the
// definition, which update computes through the cached slots (fieldcache.go).
func (c *state) field(dst []float64, m *seqMatrix) {
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
	invN := 1 / float64(c.cfg.N)
	for i := range dst {
		dst[i] = (dst[i] + shift) * invN
	}
}

// imprintSequences adds an episode's transitions to the sequence matrices:
//
//	reverse pair, matrix t mod 2:  W += g p_t (p_{t+1} + p_t)ᵀ / N
//	forward pair, matrix t mod 2:  W += g p_{t+1} (p_t + p_{t+1})ᵀ / N
//
// with p = ξ − ρ and g the episode's strength; sign −1 unlearns them.
func (c *state) imprintSequences(e episode, sign float64) {
	gn := sign * e.strength
	prev, cur := c.ia, c.ib
	for t := 0; t < e.steps; t++ {
		c.gen.indices(e.seed, t, cur)
		if t > 0 {
			m := (t - 1) % 2
			c.rev[m].add(gn, prev, prev, cur)
			c.fwd[m].add(gn, cur, prev, cur)
		}
		prev, cur = cur, prev
	}
}

// rebuildSequences recomputes the four sequence matrices from the held
// episodes (seeds, lengths, strengths), oldest first. Storing appends to
// the same sum, so the matrices are always exactly this function of the
// episode table: forgetting and Decay rebuild instead of subtracting or
// scaling, and Save need not write the matrices.
func (c *state) rebuildSequences() {
	for d := range 2 {
		c.fwd[d].reset()
		c.rev[d].reset()
	}
	for _, e := range c.episodes {
		c.imprintSequences(e, 1)
	}
}

func (m *seqMatrix) reset() {
	clear(m.sT.Data)
	clear(m.post)
	clear(m.pre)
	clear(m.colSum)
	m.count, m.preSum = 0, 0
}
