package cortex

import "gonum.org/v1/gonum/blas/blas64"

// gradBlockSteps is the number of reverse steps whose rank-1 gradient terms
// are collected before they are added to the gradient matrix in one pass.
// Adding k terms per pass reads and writes the matrix once instead of k
// times; each element still receives its terms one at a time, in step order,
// so the sums are those of k rank-1 updates to the bit.
const gradBlockSteps = 16

// gradBlock collects the terms u vᵀ of one gradient sum G (rows×cols) over
// up to gradBlockSteps reverse steps. Terms not yet added are pending until
// the next flush: G is up to date only after flush.
type gradBlock struct {
	g       blas64.General
	u, v    []float64 // k vectors of length g.Rows, k of length g.Cols
	pending int
}

func newGradBlock(g blas64.General) gradBlock {
	return gradBlock{
		g: g,
		u: make([]float64, gradBlockSteps*g.Rows),
		v: make([]float64, gradBlockSteps*g.Cols),
	}
}

// next returns the vectors of the next term, to be filled before the next
// call of next or flush; it adds the pending terms to G first if the block is
// full.
func (b *gradBlock) next() (u, v []float64) {
	if b.pending == gradBlockSteps {
		b.flush()
	}
	rows, cols := b.g.Rows, b.g.Cols
	t := b.pending
	b.pending++
	return b.u[t*rows : (t+1)*rows], b.v[t*cols : (t+1)*cols]
}

// flush adds the pending terms to G.
func (b *gradBlock) flush() {
	rankUpdate(b.g.Data, b.g.Rows, b.g.Cols, b.g.Stride, b.u, b.v, b.pending)
	b.pending = 0
}

// discard drops the pending terms (G is being cleared).
func (b *gradBlock) discard() { b.pending = 0 }
