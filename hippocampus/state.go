package hippocampus

// state is the working memory of one replay (or of storing): the network's
// fields h and outputs s, the cached field slots, the pattern generator and
// every buffer a replay reuses. It reads the cache it embeds (matrices,
// readout, episode table) and owns nothing of the model. The cache has one
// state of its own (Cache.st), used by Store, forgetting and Replay; each
// Replayer has another, so that several replays of an unchanging cache can
// run at once.
type state struct {
	*Cache

	// shared: other states may replay the cache at the same time, so the
	// episodes' code memos are read, never filled (the result is the same,
	// see codeMemo).
	shared bool

	gen           *patternGen
	idx, ia, ib   []int
	h, s, f1      []float64 // f1: scratch for field (tests)
	sel           []float64
	active, next  []int
	xhat, content []float64
	pos           []int       // units with positive output (sign units)
	xs            *expScratch // nil without an expansion layer

	// incremental dynamics (fieldcache.go, winners)
	slots         [2]fieldSlot
	sumS          float64   // Σ s
	changed       []int     // units whose output the last update changed
	delta         []float64 // and by how much
	theta, margin float64   // last k-WTA threshold, candidate margin
	cand, all     []int
}

func newState(c *Cache, shared bool) *state {
	n, k, dim := c.cfg.N, c.k, c.dim
	st := &state{
		Cache: c, shared: shared,
		gen: newPatternGen(n, k),
		idx: make([]int, k), ia: make([]int, k), ib: make([]int, k),
		h: make([]float64, n), s: make([]float64, n), f1: make([]float64, n),
		sel:    make([]float64, n),
		active: make([]int, 0, n), next: make([]int, 0, n),
		xhat: make([]float64, dim), content: make([]float64, dim),
		pos:     make([]int, 0, n),
		changed: make([]int, 0, n), delta: make([]float64, 0, n),
		cand: make([]int, 0, n), all: make([]int, n),
	}
	if c.exp != nil {
		st.xs = c.exp.newScratch(n)
	}
	for i := range st.slots {
		st.slots[i].g = make([]float64, n)
	}
	for i := range st.all {
		st.all[i] = i
	}
	return st
}

// Replayer replays the episodes of one cache with working memory of its
// own: several Replayers may replay the same cache concurrently (each from
// one goroutine at a time) as long as nothing changes the cache meanwhile
// (Store, SetSalience, Decay). A replay by a Replayer gives exactly what
// Cache.Replay gives.
type Replayer struct {
	st *state
}

// NewReplayer returns a Replayer of the cache. It fills the code memo of
// every held episode first (a loaded cache starts without), so that
// concurrent replays only read it. It allocates about 8 N words of
// buffers, plus the expansion layer's working memory.
func (c *Cache) NewReplayer() *Replayer {
	c.fillMemos()
	return &Replayer{st: newState(c, true)}
}

// Cache returns the cache the Replayer replays.
func (r *Replayer) Cache() *Cache { return r.st.Cache }

// Replay is Cache.Replay with the Replayer's own working memory.
func (r *Replayer) Replay(id EpisodeID, dir Direction, visit func(ReplayStep) error) (ReplaySummary, error) {
	return r.st.replay(id, dir, visit)
}

// fillMemos computes the expansion code of every clean pattern of the held
// episodes that their memos lack (after Load; Store fills them).
func (c *Cache) fillMemos() {
	if c.exp == nil {
		return
	}
	for _, e := range c.episodes {
		for t := range e.steps {
			if !e.memo.have[t] {
				c.st.gen.indices(e.seed, t, c.st.idx)
				c.st.expansionCode(c.st.idx, e.memo, t, true)
			}
		}
	}
}
