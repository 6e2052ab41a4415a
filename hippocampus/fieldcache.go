package hippocampus

import "gonum.org/v1/gonum/blas/blas64"

// fieldSlot caches the sparse part of a sequence matrix's field for the
// current output s, g = Sᵀs (Σ over the active units of their outgoing rows
// for k-winners), and b·s, so that an update whose output changed in a few
// units costs a few row additions instead of a full product. The field
// itself is W s = g − 2ρ(Σs)·a + (−ρ b·s + 2ρ² n Σs)·1 (see seqMatrix).
//
// When the matrix is packable (narrow form, weights.go) the slot sums rows
// in 16-bit lanes, p = Σ_{j∈J} row_j over a set J of units (the active ones
// for k-winners, those at +1 for sign units, so g = 2p − colSum), exactly,
// eight entries per two 64-bit additions, and g is unpacked from p when read.
// Otherwise g is summed in float64 and the slot is refreshed (recomputed
// from scratch) at the start of every transition and whenever more units
// changed than a full product costs, so rounding from adding and
// subtracting rows never accumulates beyond one transition. In the packed
// form every value is an exact integer, so both forms give the same g.
type fieldSlot struct {
	m      *seqMatrix // nil: invalid
	g      []float64
	bs     float64
	packed bool     // g is unpacked from p
	p      []uint64 // lanes of Σ_{j∈J} row_j
	stale  bool     // p changed since g was unpacked
}

// slot returns the field slot holding matrix m for the current output,
// computing it when no slot holds it (other is the slot to keep, if any).
// A packed slot's g may be stale: unpack it before reading g.
func (c *state) slot(m *seqMatrix, keep *fieldSlot) *fieldSlot {
	for i := range c.slots {
		if sl := &c.slots[i]; sl.m == m {
			return sl
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
	if m.packable() {
		c.packedField(sl, m)
		return
	}
	sl.packed = false
	if c.cfg.Activation == Sign {
		// Σ s_j row_j = ±(2·Σ_{s_j=±1} row_j − colSum), over the rarer sign
		want := 1.0
		if c.sumS > 0 {
			want = -1
		}
		clear(sl.g)
		for j, v := range c.s {
			if v == want {
				m.addRow(2, j, sl.g)
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
		m.addRow(1, j, sl.g)
		sl.bs += m.pre[j]
	}
}

// packedField computes slot sl in lanes: p = Σ_{j∈J} row_j with J the
// active units (k-winners) or the units at +1 (sign units; summed as
// colSum − Σ_{s_j=−1} row_j when those are fewer). Every value is an
// integer below 2¹⁶ (seqMatrix.packable), so there is no rounding.
func (c *state) packedField(sl *fieldSlot, m *seqMatrix) {
	p := sl.p
	sl.packed, sl.stale = true, true
	clear(p)
	if c.cfg.Activation != Sign {
		addRows(p, m, c.active, false)
		for _, j := range c.active {
			sl.bs += m.pre[j]
		}
		return
	}
	c.on = c.on[:0]
	if c.sumS <= 0 { // at most half the units at +1: sum them
		for j, v := range c.s {
			if v > 0 {
				c.on = append(c.on, j)
			}
		}
		addRows(p, m, c.on, false)
	} else { // sum the units at −1 and take them from the column sums
		for i, v := range m.colSum {
			q, sh := lane(i, m.n)
			p[q] += uint64(v) << sh
		}
		for j, v := range c.s {
			if v < 0 {
				c.on = append(c.on, j)
			}
		}
		addRows(p, m, c.on, true)
	}
	for j, v := range c.s {
		sl.bs += v * m.pre[j]
	}
}

// unpack writes g from the lanes p: g = p (k-winners) or 2p − colSum (sign).
func (c *state) unpack(sl *fieldSlot) {
	g, p := sl.g, sl.p
	n := len(g)
	w := rowWords(n)
	full := n &^ 7
	for q := 0; q < full; q += 8 {
		e, o := p[q>>3], p[w+q>>3]
		gq := g[q : q+8 : q+8]
		gq[0] = float64(e & laneMask)
		gq[1] = float64(o & laneMask)
		gq[2] = float64(e >> laneBits & laneMask)
		gq[3] = float64(o >> laneBits & laneMask)
		gq[4] = float64(e >> (2 * laneBits) & laneMask)
		gq[5] = float64(o >> (2 * laneBits) & laneMask)
		gq[6] = float64(e >> (3 * laneBits))
		gq[7] = float64(o >> (3 * laneBits))
	}
	for i := full; i < n; i++ {
		q, sh := lane(i, n)
		g[i] = float64(p[q] >> sh & laneMask)
	}
	if c.cfg.Activation == Sign {
		cs := sl.m.colSum[:n]
		for i := range g {
			g[i] = 2*g[i] - cs[i]
		}
	}
	sl.stale = false
}

// applyChanges adds to every valid slot the rows of the units whose output
// changed, unit c.changed[i] by c.delta[i] (new output − old output), or
// invalidates the slots when that would cost more than recomputing them.
func (c *state) applyChanges() {
	full := c.k // rows a k-winners field costs
	if c.cfg.Activation == Sign {
		full = c.cfg.N / 2 // at most, over the rarer sign
	}
	for i := range c.slots {
		sl := &c.slots[i]
		if sl.m == nil || len(c.changed) == 0 {
			continue
		}
		if len(c.changed) > full {
			sl.m = nil
			continue
		}
		if sl.packed {
			// a unit that turned on (to +1) joins J, one that turned off
			// leaves it: every intermediate sum is over a set of units
			c.on, c.off = c.on[:0], c.off[:0]
			for q, j := range c.changed {
				d := c.delta[q]
				if d > 0 {
					c.on = append(c.on, j)
				} else {
					c.off = append(c.off, j)
				}
				sl.bs += d * sl.m.pre[j]
			}
			addRows(sl.p, sl.m, c.off, true)
			addRows(sl.p, sl.m, c.on, false)
			sl.stale = true
			continue
		}
		for q, j := range c.changed {
			d := c.delta[q]
			sl.m.addRow(d, j, sl.g)
			sl.bs += d * sl.m.pre[j]
		}
	}
}

// addRows adds (sub: subtracts) the narrow rows js of m to the lanes p,
// four rows at a time: the four rows' masked bytes (each below 256) are
// summed first, without carry between lanes, then added to p once. No
// lane of p overflows or goes below 0 (see seqMatrix).
func addRows(p []uint64, m *seqMatrix, js []int, sub bool) {
	w := rowWords(m.n)
	pe, po := p[:w:w], p[w:2*w:2*w]
	for len(js) >= 4 {
		r0, r1, r2, r3 := m.narrowRow(js[0]), m.narrowRow(js[1]), m.narrowRow(js[2]), m.narrowRow(js[3])
		r1, r2, r3 = r1[:len(r0)], r2[:len(r0)], r3[:len(r0)]
		pe, po := pe[:len(r0)], po[:len(r0)]
		if sub {
			for q, a := range r0 {
				b, c, d := r1[q], r2[q], r3[q]
				pe[q] -= a&byteLanes + b&byteLanes + c&byteLanes + d&byteLanes
				po[q] -= a>>8&byteLanes + b>>8&byteLanes + c>>8&byteLanes + d>>8&byteLanes
			}
		} else {
			for q, a := range r0 {
				b, c, d := r1[q], r2[q], r3[q]
				pe[q] += a&byteLanes + b&byteLanes + c&byteLanes + d&byteLanes
				po[q] += a>>8&byteLanes + b>>8&byteLanes + c>>8&byteLanes + d>>8&byteLanes
			}
		}
		js = js[4:]
	}
	for _, j := range js {
		r := m.narrowRow(j)
		pe, po := pe[:len(r)], po[:len(r)]
		if sub {
			for q, a := range r {
				pe[q] -= a & byteLanes
				po[q] -= a >> 8 & byteLanes
			}
		} else {
			for q, a := range r {
				pe[q] += a & byteLanes
				po[q] += a >> 8 & byteLanes
			}
		}
	}
}
