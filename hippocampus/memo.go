package hippocampus

// codeMemo keeps, per episode, the expansion code of each step's clean
// intrinsic pattern ξ_t: k_r readout unit indices per step, filled when the
// step is stored and reused whenever a replay (or forgetting) decodes a
// state that is exactly ξ_t. The code is a fixed function of the pattern
// (the expansion's wiring never changes), so the memo changes no result,
// only the cost: a decode then skips the expansion's k·fanOut = 5R count
// increments. It holds no content and is not saved; a loaded cache refills
// it on demand. Memory: 4·k_r bytes per stored step (400 kB for ten
// 100-step episodes at the defaults).
type codeMemo struct {
	kr    int
	codes []int32 // codes[t*kr : (t+1)*kr], ascending
	have  []bool
}

// newMemo returns an empty memo for an episode of the given length, or nil
// when the cache has no expansion layer.
func (c *Cache) newMemo(steps int) *codeMemo {
	if c.exp == nil {
		return nil
	}
	kr := c.exp.kr
	return &codeMemo{kr: kr, codes: make([]int32, steps*kr), have: make([]bool, steps)}
}

// expansionCode writes the expansion code of the input units in into
// c.xs.active; clean says in is exactly the pattern of step t, whose code
// the memo then supplies or records (supplies only, in a shared state).
func (c *state) expansionCode(in []int, memo *codeMemo, t int, clean bool) {
	if !clean || memo == nil {
		c.exp.code(in, c.xs)
		return
	}
	code := memo.codes[t*memo.kr : (t+1)*memo.kr]
	if memo.have[t] {
		c.xs.active = c.xs.active[:len(code)]
		for q, r := range code {
			c.xs.active[q] = int(r)
		}
		return
	}
	c.exp.code(in, c.xs)
	if c.shared || len(c.xs.active) != len(code) {
		return // read-only, or fewer than k_r readout units driven: not memoised
	}
	for q, r := range c.xs.active {
		code[q] = int32(r)
	}
	memo.have[t] = true
}

// isPattern reports whether the output is exactly the state of the pattern
// with active units idx (ξ for k-winners, 2ξ − 1 for sign units).
func (c *state) isPattern(idx []int) bool {
	want := float64(len(idx))
	if c.cfg.Activation == Sign {
		want = float64(2*len(idx) - c.cfg.N)
	}
	if c.sumS != want {
		return false
	}
	for _, i := range idx {
		if c.s[i] != 1 {
			return false
		}
	}
	return true
}
