package hippocampus

// patternState sets the output s to the state of the pattern with active
// units idx (ξ for k-winners, 2ξ − 1 for sign units) and h to the field
// that state produces at a fixed point of an episode of strength g,
// (g·signal/N)·p, so that h starts settled.
func (c *state) patternState(idx []int, g float64) {
	off := 0.0
	if c.cfg.Activation == Sign {
		off = -1
	}
	for i := range c.s {
		c.s[i] = off
	}
	for _, i := range idx {
		c.s[i] = 1
	}
	a := g * c.signal / float64(c.cfg.N)
	for i := range c.h {
		c.h[i] = -a * c.rho
	}
	for _, i := range idx {
		c.h[i] = a * (1 - c.rho)
	}
	c.active = append(c.active[:0], idx...)
	c.sumS = float64(len(idx))
	if c.cfg.Activation == Sign {
		c.sumS = float64(2*len(idx) - c.cfg.N)
	}
	c.theta, c.margin = a*(1-c.rho), a/2
	c.invalidateFields()
}

// update performs one step of the leaky dynamics
//
//	h ← (1 − 1/τ)·h + (1/τ)·(w·W_a s + (1 − w)·W_b s)
//
// (b is ignored when w = 1) followed by the output rule, and returns how
// many units changed their output. The fields come from the cached slots
// (fieldcache.go), which the changed units then update.
func (c *state) update(a, b *seqMatrix, w float64) int {
	sa := c.slot(a, nil)
	var sb *fieldSlot
	if w != 1 {
		sb = c.slot(b, sa)
	}
	rho, sumS := c.rho, c.sumS
	// The slots hold N·W s (weights.go); 1/N enters with the drive.
	leak, drive := 1-1/c.cfg.Tau, 1/(c.cfg.Tau*float64(c.cfg.N))
	ca := -2 * rho * sumS
	shiftA := -rho*sa.bs + 2*rho*rho*a.count*sumS
	ga, pa := sa.g, a.post
	if w == 1 {
		for i := range c.h {
			in := (ga[i] + ca*pa[i]) + shiftA
			c.h[i] = leak*c.h[i] + drive*in
		}
	} else {
		shiftB := -rho*sb.bs + 2*rho*rho*b.count*sumS
		gb, pb := sb.g, b.post
		for i := range c.h {
			in := w*((ga[i]+ca*pa[i])+shiftA) + (1-w)*((gb[i]+ca*pb[i])+shiftB)
			c.h[i] = leak*c.h[i] + drive*in
		}
	}
	c.changed, c.delta = c.changed[:0], c.delta[:0]
	var n int
	if c.cfg.Activation == Sign {
		for i, hi := range c.h {
			si := 1.0
			if hi < 0 {
				si = -1
			}
			if si != c.s[i] {
				c.changed = append(c.changed, i)
				c.delta = append(c.delta, si-c.s[i])
				c.sumS += si - c.s[i]
				c.s[i] = si
			}
		}
		n = len(c.changed)
	} else {
		n = c.winners()
	}
	c.applyChanges()
	return n
}

// winners applies k-winners-take-all to h: the k units with the largest h
// (ties broken by lower index) get output 1. It returns the number of
// units whose output changed and lists them in c.changed, c.delta.
//
// The k-th largest h is searched only among the candidates h ≥ θ − margin,
// θ the previous threshold: when at least k units qualify it is exactly
// the k-th largest of all; otherwise the search falls back to all N
// units. The margin adapts (doubled after a fallback, halved when more
// than 4k qualify); it changes the cost, never the result.
func (c *state) winners() int {
	p := c.theta - c.margin
	c.cand = c.cand[:0]
	for i, hi := range c.h {
		if hi >= p {
			c.cand = append(c.cand, i)
		}
	}
	var theta float64
	cand := c.cand
	if len(cand) >= c.k {
		sel := c.sel[:len(cand)]
		for q, i := range cand {
			sel[q] = c.h[i]
		}
		theta = kthLargest(sel, c.k)
		if len(cand) > 4*c.k {
			c.margin /= 2
		}
	} else {
		copy(c.sel, c.h)
		theta = kthLargest(c.sel, c.k)
		c.margin = 2*c.margin + 1e-300
		cand = c.all
	}
	c.theta = theta
	c.next = c.next[:0]
	for _, i := range cand {
		if c.h[i] > theta {
			c.next = append(c.next, i)
		}
	}
	for _, i := range cand {
		if len(c.next) == c.k {
			break
		}
		if c.h[i] == theta {
			c.next = append(c.next, i)
		}
	}
	// s = 2 marks "stays active"; what is still 1 afterwards turns off.
	for _, i := range c.next {
		if c.s[i] == 0 {
			c.changed = append(c.changed, i)
			c.delta = append(c.delta, 1)
		}
		c.s[i] = 2
	}
	for _, i := range c.active {
		if c.s[i] == 1 {
			c.changed = append(c.changed, i)
			c.delta = append(c.delta, -1)
			c.s[i] = 0
		}
	}
	for _, i := range c.next {
		c.s[i] = 1
	}
	c.active, c.next = c.next, c.active
	return len(c.changed)
}

// kthLargest returns the k-th largest value of x (1-based), reordering x.
// Quickselect with a median-of-three pivot.
func kthLargest(x []float64, k int) float64 {
	lo, hi, want := 0, len(x)-1, k-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if x[mid] > x[lo] {
			x[mid], x[lo] = x[lo], x[mid]
		}
		if x[hi] > x[lo] {
			x[hi], x[lo] = x[lo], x[hi]
		}
		if x[mid] > x[hi] {
			x[mid], x[hi] = x[hi], x[mid]
		}
		pivot := x[hi] // median of the three, sorted descending
		i, j := lo, hi
		for i <= j {
			for x[i] > pivot {
				i++
			}
			for x[j] < pivot {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return x[want]
		}
	}
	return x[want]
}

// overlap returns m = p·s / signal for the pattern with active units idx:
// 1 when the state is exactly that pattern's state, about 0 for an
// unrelated one.
func (c *state) overlap(idx []int) float64 {
	sum := 0.0
	if c.cfg.Activation == Sign {
		for _, v := range c.s {
			sum += v
		}
	} else {
		sum = float64(len(c.active))
	}
	dot := 0.0
	for _, i := range idx {
		dot += c.s[i]
	}
	return (dot - c.rho*sum) / c.signal
}
