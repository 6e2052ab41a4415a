package hippocampus

// patternState sets the output s to the state of the pattern with active
// units idx (ξ for k-winners, 2ξ − 1 for sign units) and h to the field
// that state produces at a fixed point of an episode of strength g,
// (g·signal/N)·p, so that h starts settled.
func (c *Cache) patternState(idx []int, g float64) {
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
}

// update performs one step of the leaky dynamics
//
//	h ← (1 − 1/τ)·h + (1/τ)·(w·W_a s + (1 − w)·W_b s)
//
// (b is ignored when w = 1) followed by the output rule, and returns how
// many units changed their output.
func (c *Cache) update(a, b *seqMatrix, w float64) int {
	c.field(c.f1, a)
	if w != 1 {
		c.field(c.f2, b)
	}
	leak, drive := 1-1/c.cfg.Tau, 1/c.cfg.Tau
	for i := range c.h {
		in := c.f1[i]
		if w != 1 {
			in = w*in + (1-w)*c.f2[i]
		}
		c.h[i] = leak*c.h[i] + drive*in
	}
	if c.cfg.Activation == Sign {
		changed := 0
		for i, hi := range c.h {
			si := 1.0
			if hi < 0 {
				si = -1
			}
			if si != c.s[i] {
				changed++
				c.s[i] = si
			}
		}
		return changed
	}
	return c.winners()
}

// winners applies k-winners-take-all to h: the k units with the largest h
// (ties broken by lower index) get output 1. It returns the number of
// units whose output changed.
func (c *Cache) winners() int {
	copy(c.sel, c.h)
	theta := kthLargest(c.sel, c.k)
	c.next = c.next[:0]
	for i, hi := range c.h {
		if hi > theta {
			c.next = append(c.next, i)
		}
	}
	for i, hi := range c.h {
		if len(c.next) == c.k {
			break
		}
		if hi == theta {
			c.next = append(c.next, i)
		}
	}
	changed := 0
	for _, i := range c.next {
		if c.s[i] == 0 {
			changed++
		}
	}
	for _, i := range c.active {
		c.s[i] = 0
	}
	for _, i := range c.next {
		c.s[i] = 1
	}
	c.active, c.next = c.next, c.active
	return 2 * changed
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
func (c *Cache) overlap(idx []int) float64 {
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
