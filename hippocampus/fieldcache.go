package hippocampus

import "gonum.org/v1/gonum/blas/blas64"

// fieldSlot caches the sparse part of a sequence matrix's field for the
// current output s, g = Sᵀs (Σ over the active units of their outgoing rows
// for k-winners), and b·s, so that an update whose output changed in a few
// units costs a few row additions instead of a full product. The field
// itself is W s = g − 2ρ(Σs)·a + (−ρ b·s + 2ρ² n Σs)·1 (see seqMatrix).
//
// A slot is refreshed (recomputed from scratch) at the start of every
// transition and whenever more units changed than a full product costs,
// so rounding from adding and subtracting rows never accumulates beyond
// one transition.
type fieldSlot struct {
	m  *seqMatrix // nil: invalid
	g  []float64
	bs float64
}

// slot returns the field slot holding matrix m for the current output,
// computing it when no slot holds it (other is the slot to keep, if any).
func (c *state) slot(m *seqMatrix, keep *fieldSlot) *fieldSlot {
	for i := range c.slots {
		if c.slots[i].m == m {
			return &c.slots[i]
		}
	}
	sl := &c.slots[0]
	if sl == keep {
		sl = &c.slots[1]
	}
	c.sparseField(sl, m)
	return sl
}

// invalidateFields forgets the cached fields (new state or new transition).
func (c *state) invalidateFields() {
	for i := range c.slots {
		c.slots[i].m = nil
	}
}

// sparseField computes slot sl from scratch for matrix m.
func (c *state) sparseField(sl *fieldSlot, m *seqMatrix) {
	sl.m, sl.bs = m, 0
	n := c.cfg.N
	if c.cfg.Activation == Sign {
		// Σ s_j row_j = ±(2·Σ_{s_j=±1} row_j − colSum), over the rarer sign
		want := 1.0
		if c.sumS > 0 {
			want = -1
		}
		clear(sl.g)
		for j, v := range c.s {
			if v == want {
				blas64.Axpy(2, vec(m.sT.Data[j*n:(j+1)*n]), vec(sl.g))
				sl.bs += 2 * m.pre[j]
			}
		}
		blas64.Axpy(-1, vec(m.colSum), vec(sl.g))
		sl.bs -= m.preSum
		if want < 0 {
			blas64.Scal(-1, vec(sl.g))
			sl.bs = -sl.bs
		}
		return
	}
	clear(sl.g)
	for _, j := range c.active {
		blas64.Axpy(1, vec(m.sT.Data[j*n:(j+1)*n]), vec(sl.g))
		sl.bs += m.pre[j]
	}
}

// applyChanges adds to every valid slot the rows of the units whose output
// changed, unit c.changed[i] by c.delta[i] (new output − old output), or
// invalidates the slots when that would cost more than recomputing them.
func (c *state) applyChanges() {
	full := c.k // rows a k-winners field costs
	if c.cfg.Activation == Sign {
		full = c.cfg.N / 2 // at most, over the rarer sign
	}
	n := c.cfg.N
	for i := range c.slots {
		sl := &c.slots[i]
		if sl.m == nil || len(c.changed) == 0 {
			continue
		}
		if len(c.changed) > full {
			sl.m = nil
			continue
		}
		for q, j := range c.changed {
			d := c.delta[q]
			blas64.Axpy(d, vec(sl.m.sT.Data[j*n:(j+1)*n]), vec(sl.g))
			sl.bs += d * sl.m.pre[j]
		}
	}
}
