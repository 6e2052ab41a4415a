package hippocampus

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
)

// EpisodeID names a stored episode. Ids increase and are never reused.
type EpisodeID int

// ErrUnknownEpisode is returned (wrapped) for an id the cache never issued.
var ErrUnknownEpisode = errors.New("unknown episode")

// ErrForgotten is returned (wrapped) for an episode the cache has dropped.
var ErrForgotten = errors.New("episode forgotten")

// episode is all the cache keeps per episode: no content, no patterns.
type episode struct {
	id       EpisodeID
	seed     uint64    // regenerates ξ_0 … ξ_{T−1}; the cue is ξ_0 or ξ_{T−1}
	steps    int       // T
	strength float64   // product of the decay factors applied since storage
	memo     *codeMemo // expansion codes of the clean patterns (nil: no expansion)
	salience float64   // retention tag (SetSalience): the least salient is forgotten first
}

// Cache is the hippocampal cache: a network of N units whose four sequence
// matrices and content readout hold many episodes superposed. It is not
// safe for concurrent use.
type Cache struct {
	cfg    Config
	blocks []int
	dim    int     // sum of blocks
	k      int     // active units per pattern
	rho    float64 // k / N
	signal float64 // p·s for the state s of pattern p: k(1−ρ), twice that for sign units
	base   uint64  // base of the episode seeds

	// The forward and reverse pairs (see seqMatrix for the storage).
	fwd, rev [2]seqMatrix
	// The readout M = Σ g x qᵀ with q = r − ρ_r 1 for the readout code r of
	// the step (its pattern ξ, or its expansion code): kept as
	// readT = (Σ g x rᵀ)ᵀ, R×dim, row i for readout unit i, and xsum = Σ g x,
	// so that M r = readTᵀ r − ρ_r (Σ_i r_i) xsum.
	readT    blas64.General
	xsum     []float64
	exp      *expansion // nil: M reads the sequence units
	readRho  float64    // fraction active in what M reads
	readSig  float64    // q·r for the readout code q of the state r
	classVar []float64  // per content entry: Σ strength²·x_j² over held steps

	episodes []episode // held, oldest first
	nextID   EpisodeID

	// st is the cache's own replay state, used by Store, forgetting and
	// Replay; Replayers have states of their own (state.go).
	st *state
}

// New returns an empty cache with the given configuration whose content
// vectors are made of one-hot blocks of the given widths. rng is drawn once,
// for the base seed of the episodes' intrinsic patterns.
func New(cfg Config, blocks []int, rng *rand.Rand) (*Cache, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, errors.New("hippocampus: new: nil random source")
	}
	return newCache(cfg, blocks, rng.Uint64())
}

func newCache(cfg Config, blocks []int, base uint64) (*Cache, error) {
	if len(blocks) == 0 {
		return nil, errors.New("hippocampus: new: no content blocks")
	}
	dim := 0
	for i, b := range blocks {
		if b < 1 {
			return nil, fmt.Errorf("hippocampus: new: block %d has width %d, want at least 1", i, b)
		}
		dim += b
	}
	n, k := cfg.N, cfg.active()
	c := &Cache{
		cfg: cfg, blocks: append([]int(nil), blocks...), dim: dim, k: k,
		rho: float64(k) / float64(n), base: base,
		classVar: make([]float64, dim),
		xsum:     make([]float64, dim),
	}
	c.signal = float64(k) * (1 - c.rho)
	if cfg.Activation == Sign {
		c.signal *= 2
	}
	for d := range 2 {
		c.fwd[d] = newSeqMatrix(n)
		c.rev[d] = newSeqMatrix(n)
	}
	rows := n
	c.readRho, c.readSig = c.rho, c.signal
	if cfg.ReadoutUnits > 0 {
		c.exp = newExpansion(n, k, cfg.ReadoutUnits, cfg.ReadoutSparseness, base)
		rows = cfg.ReadoutUnits
		c.readRho = float64(c.exp.kr) / float64(rows)
		c.readSig = float64(c.exp.kr) * (1 - c.readRho)
	}
	c.readT = blas64.General{Rows: rows, Cols: dim, Stride: dim, Data: make([]float64, rows*dim)}
	c.st = newState(c, false)
	return c, nil
}

// Config returns the cache's configuration.
func (c *Cache) Config() Config { return c.cfg }

// Blocks returns the widths of the content's one-hot blocks.
func (c *Cache) Blocks() []int { return append([]int(nil), c.blocks...) }

// Held returns the ids of the episodes still held, oldest first.
func (c *Cache) Held() []EpisodeID {
	ids := make([]EpisodeID, len(c.episodes))
	for i, e := range c.episodes {
		ids[i] = e.id
	}
	return ids
}

// Len returns the number of steps stored for episode id.
func (c *Cache) Len(id EpisodeID) (int, error) {
	e, err := c.find(id)
	if err != nil {
		return 0, fmt.Errorf("hippocampus: len: %w", err)
	}
	return e.steps, nil
}

// Strength returns the factor by which decay has scaled episode id's traces
// (1 for an episode stored since the last Decay).
func (c *Cache) Strength(id EpisodeID) (float64, error) {
	e, err := c.find(id)
	if err != nil {
		return 0, fmt.Errorf("hippocampus: strength: %w", err)
	}
	return e.strength, nil
}

func (c *Cache) find(id EpisodeID) (*episode, error) {
	for i := range c.episodes {
		if c.episodes[i].id == id {
			return &c.episodes[i], nil
		}
	}
	if id < 0 || id >= c.nextID {
		return nil, fmt.Errorf("episode %d: %w (ids issued so far: 0 to %d)", id, ErrUnknownEpisode, c.nextID-1)
	}
	return nil, fmt.Errorf("episode %d: %w (the cache holds %d episodes, %v)", id, ErrForgotten, len(c.episodes), c.Held())
}

// Store binds an episode in one shot: steps[t] is the content vector of
// step t (len = sum of blocks). When the cache already holds MaxEpisodes
// episodes, the least salient (then oldest) is forgotten first.
func (c *Cache) Store(steps [][]float64) (EpisodeID, error) {
	if len(steps) == 0 {
		return 0, errors.New("hippocampus: store: empty episode")
	}
	for t, x := range steps {
		if len(x) != c.dim {
			return 0, fmt.Errorf("hippocampus: store: step %d has %d values, want %d (blocks %v)", t, len(x), c.dim, c.blocks)
		}
		for j, v := range x {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, fmt.Errorf("hippocampus: store: step %d value %d is %v", t, j, v)
			}
		}
	}
	if len(c.episodes) >= c.cfg.MaxEpisodes {
		// Without decay every stored value is an integer (weights.go), so
		// subtracting the forgotten transitions is exact; after a decay the
		// matrices are rebuilt from the episode table instead.
		exact := c.cfg.Decay == 0
		for len(c.episodes) >= c.cfg.MaxEpisodes {
			i := c.leastSalient()
			c.st.forget(c.episodes[i])
			if exact {
				c.st.imprintSequences(c.episodes[i], -1)
			}
			c.episodes = append(c.episodes[:i], c.episodes[i+1:]...)
		}
		if !exact {
			c.st.rebuildSequences()
		}
	}
	e := episode{id: c.nextID, seed: episodeSeed(c.base, c.nextID), steps: len(steps), strength: 1}
	e.memo = c.newMemo(e.steps)
	c.nextID++
	c.st.imprint(e, 1, func(t int) []float64 { return steps[t] })
	c.st.imprintSequences(e, 1)
	c.episodes = append(c.episodes, e)
	return e.id, nil
}

// leastSalient returns the index of the held episode to forget next: the
// least salient, the oldest among equals.
func (c *Cache) leastSalient() int {
	best := 0
	for i, e := range c.episodes {
		if e.salience < c.episodes[best].salience {
			best = i
		}
	}
	return best
}

// SetSalience tags a held episode for retention: when the cache is full,
// the least salient held episode is forgotten first, the oldest among
// equals. Every episode starts at salience 0, so without tags the oldest
// goes first. The agent tags an episode with the reward it earned, as a
// reward signal tags a hippocampal trace for retention.
func (c *Cache) SetSalience(id EpisodeID, salience float64) error {
	if math.IsNaN(salience) {
		return fmt.Errorf("hippocampus: salience of episode %d is NaN", id)
	}
	e, err := c.find(id)
	if err != nil {
		return fmt.Errorf("hippocampus: set salience: %w", err)
	}
	e.salience = salience
	return nil
}

// imprint adds (sign = +1) or removes (sign = −1) an episode's content
// traces, M += g·x_t q_tᵀ, g the episode's strength and q the centred
// readout code of step t (its sequence traces: imprintSequences).
func (c *state) imprint(e episode, sign float64, content func(t int) []float64) {
	g := sign * e.strength
	d := c.dim
	cur := c.ib
	for t := 0; t < e.steps; t++ {
		c.gen.indices(e.seed, t, cur)
		x := content(t) // before the expansion code below: forget decodes here
		rows := cur
		if c.exp != nil {
			c.expansionCode(cur, e.memo, t, true)
			rows = c.xs.active
		}
		for _, r := range rows {
			blas64.Axpy(g, vec(x), vec(c.readT.Data[r*d:(r+1)*d]))
		}
		blas64.Axpy(g, vec(x), vec(c.xsum))
		for j, xj := range x {
			c.classVar[j] = max(0, c.classVar[j]+sign*e.strength*e.strength*xj*xj)
		}
	}
}

// forget removes an episode's content traces: its content, which the cache
// does not keep, is read out of M from each clean pattern
// (x̂_t = decode(M ξ_t)) and that is what is unbound. Its transitions leave
// the sequence matrices when the caller rebuilds them (rebuildSequences)
// without it.
func (c *state) forget(e episode) {
	c.imprint(e, -1, func(t int) []float64 {
		c.gen.indices(e.seed, t, c.idx)
		c.patternState(c.idx, e.strength)
		c.decode(e.strength, e.memo, t)
		return c.content
	})
}

// Decay scales every trace by 1 − Config.Decay (call it after each sleep).
// Held episodes stay held; their Strength falls geometrically.
func (c *Cache) Decay() {
	if c.cfg.Decay == 0 {
		return
	}
	g := 1 - c.cfg.Decay
	scale(g, c.readT.Data)
	scale(g, c.xsum)
	scale(g*g, c.classVar)
	for i := range c.episodes {
		c.episodes[i].strength *= g
	}
	c.st.rebuildSequences()
}

func scale(a float64, x []float64) {
	blas64.Scal(a, blas64.Vector{N: len(x), Inc: 1, Data: x})
}

func vec(x []float64) blas64.Vector { return blas64.Vector{N: len(x), Inc: 1, Data: x} }
