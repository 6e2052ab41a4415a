package hippocampus

import (
	"sync"

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
	n int
	// Sᵀ, row j holding unit j's outgoing weights, in one of two forms:
	// narrow while every entry is an integer below 256 (no Decay; see the
	// narrow form below), wide (float64) otherwise. Exactly one is non-nil.
	narrow []uint64
	wide   []float64
	post   []float64 // a
	pre    []float64 // b
	count  float64   // n
	// colSum = Sᵀ1 (Σ over all units' rows) and preSum = Σ b: the field of
	// a sign state, Σ s_j row_j, is then 2·Σ_{s_j=+1} row_j − colSum.
	colSum []float64
	preSum float64
	colMax float64 // max colSum, as of the last changeSequences
}

// The narrow form holds each entry of Sᵀ in a byte, eight to a word: entry
// (j, i) is byte i mod 8 of word j·W + i/8, W = ⌈N/8⌉ words per row. Without
// Decay every strength is 1, so the entries are counts of stored
// transitions: small integers (about 2ρ² per transition held). Storing a
// transition that would take an entry past 255 widens the matrix to float64
// first; the values, hence every result, are the same in both forms.
//
// A field Σ_{j∈J} row_j over a set J of units is summed in 16-bit lanes
// (fieldcache.go): the even bytes of a row word, masked, are four lanes;
// the odd bytes, shifted and masked, four more. Eight entries then cost
// one word load, two masks, a shift and two 64-bit additions (and rows are
// summed four at a time, so the field's words are read and written once
// per four rows), and there is no carry between lanes while every column
// sum is below 2¹⁶ (packable): every lane is a sum of entries of its
// column.
const (
	byteLanes = 0x00ff00ff00ff00ff // the even bytes of a word, as 16-bit lanes
	laneBits  = 16
	laneMask  = 1<<laneBits - 1
)

// rowWords returns W, the number of 64-bit words of a narrow row of n entries.
func rowWords(n int) int { return (n + 7) / 8 }

// laneWords returns the number of words of a field in 16-bit lanes.
func laneWords(n int) int { return 2 * rowWords(n) }

// lane returns the word and shift of unit i's 16-bit lane in a field of n
// units: units 8q, 8q+2, 8q+4, 8q+6 are the lanes of word q (the even half,
// the even bytes of row word q), units 8q+1, … 8q+7 those of word W + q
// (the odd half).
func lane(i, n int) (word int, shift uint) {
	return (i&1)*rowWords(n) + i>>3, uint(laneBits * ((i & 7) >> 1))
}

func newSeqMatrix(n int, narrow bool) seqMatrix {
	m := seqMatrix{n: n, post: make([]float64, n), pre: make([]float64, n), colSum: make([]float64, n)}
	if narrow {
		m.narrow = make([]uint64, n*rowWords(n))
	} else {
		m.wide = make([]float64, n*n)
	}
	return m
}

// narrowRow returns row j of the narrow form.
func (m *seqMatrix) narrowRow(j int) []uint64 {
	w := rowWords(m.n)
	return m.narrow[j*w : (j+1)*w : (j+1)*w]
}

// wideRow returns row j of the wide form.
func (m *seqMatrix) wideRow(j int) []float64 { return m.wide[j*m.n : (j+1)*m.n : (j+1)*m.n] }

// packable reports whether fields of this matrix can be summed in 16-bit
// lanes: narrow form and every column sum below 2¹⁶.
func (m *seqMatrix) packable() bool {
	return m.narrow != nil && m.colMax <= laneMask
}

// findColMax sets colMax (after changes, so that packable only reads and
// replays may share the matrix).
func (m *seqMatrix) findColMax() {
	m.colMax = 0
	for _, v := range m.colSum {
		m.colMax = max(m.colMax, v)
	}
}

// widen converts the narrow form to the wide one (same values).
func (m *seqMatrix) widen() {
	m.wide = make([]float64, m.n*m.n)
	for j := range m.n {
		row, dst := m.narrowRow(j), m.wideRow(j)
		for i := range dst {
			dst[i] = float64(row[i>>3] >> (8 * (i & 7)) & 0xff)
		}
	}
	m.narrow = nil
}

// addRow adds alpha·(row j of Sᵀ) to dst, whatever the form.
func (m *seqMatrix) addRow(alpha float64, j int, dst []float64) {
	if m.narrow == nil {
		blas64.Axpy(alpha, vec(m.wideRow(j)), vec(dst))
		return
	}
	row := m.narrowRow(j)
	dst = dst[:m.n]
	for i := range dst {
		if v := row[i>>3] >> (8 * (i & 7)) & 0xff; v != 0 {
			dst[i] += alpha * float64(v)
		}
	}
}

// add stores the transition (pre ξ_a + ξ_b → post ξ_u) with weight w (the
// episode's strength, negative to unlearn).
func (m *seqMatrix) add(w float64, post, preA, preB []int) {
	if m.narrow != nil && w != 1 && w != -1 {
		m.widen()
	}
	for _, pre := range [2][]int{preA, preB} {
		for _, j := range pre {
			if m.narrow != nil && !m.addNarrow(j, post, w > 0) {
				m.widen()
			}
			if m.narrow == nil {
				row := m.wideRow(j)
				for _, i := range post {
					row[i] += w
				}
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

// addNarrow adds 1 (or subtracts 1) to the entries (j, i), i in post, of
// the narrow form. It changes nothing and returns false when an entry
// would pass 255.
func (m *seqMatrix) addNarrow(j int, post []int, up bool) bool {
	row := m.narrowRow(j)
	if !up {
		for _, i := range post {
			row[i>>3] -= 1 << (8 * (i & 7))
		}
		return true
	}
	for n, i := range post {
		sh := 8 * (i & 7)
		row[i>>3] += 1 << sh
		if row[i>>3]>>sh&0xff == 0 { // the byte wrapped (and carried): undo
			row[i>>3] -= 1 << sh
			for _, u := range post[:n] {
				row[u>>3] -= 1 << (8 * (u & 7))
			}
			return false
		}
	}
	return true
}

// field writes dst = W s for the sequence matrix m from scratch: the
// definition, which update computes through the cached slots (fieldcache.go).
func (c *state) field(dst []float64, m *seqMatrix) {
	var sumS, bs float64
	clear(dst)
	if c.cfg.Activation == Sign {
		for j, v := range c.s {
			m.addRow(v, j, dst)
			sumS += v
			bs += m.pre[j] * v
		}
	} else {
		for _, j := range c.active {
			m.addRow(1, j, dst)
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
func (c *Cache) imprintSequences(e episode, sign float64) {
	c.changeSequences(false, []seqJob{{e, sign}})()
}

// rebuildSequences recomputes the four sequence matrices from the held
// episodes (seeds, lengths, strengths), oldest first. Storing appends to
// the same sum, so the matrices are always exactly this function of the
// episode table: with decay, forgetting and Decay rebuild instead of
// subtracting or scaling, and Save need not write the matrices.
func (c *Cache) rebuildSequences() {
	jobs := make([]seqJob, len(c.episodes))
	for i, e := range c.episodes {
		jobs[i] = seqJob{e, 1}
	}
	c.changeSequences(true, jobs)()
}

// seqJob is one change of the sequence matrices: episode e's transitions
// added with weight sign·strength.
type seqJob struct {
	e    episode
	sign float64
}

// seqWorker is the working memory of one sequence matrix's changes.
type seqWorker struct {
	gen      *patternGen
	prev, to []int
}

// changeSequences applies the jobs, in order, to each of the four sequence
// matrices (reset first, if asked), one goroutine per matrix, and returns
// a function that waits for them. Each matrix sees the same operations in
// the same order whatever runs at the same time, so the result does not
// depend on the number of cores. Until the wait returns, the caller must
// not touch the sequence matrices.
func (c *Cache) changeSequences(reset bool, jobs []seqJob) (wait func()) {
	var wg sync.WaitGroup
	for q := range c.seqWork {
		m := &c.fwd[q%2]
		if q >= 2 {
			m = &c.rev[q%2]
		}
		wg.Add(1)
		go func(m *seqMatrix, w *seqWorker, parity int, reverse bool) {
			defer wg.Done()
			if reset {
				m.reset()
			}
			for _, job := range jobs {
				g := job.sign * job.e.strength
				// the transitions t → t+1 with t mod 2 = parity
				for t := parity; t+1 < job.e.steps; t += 2 {
					w.gen.indices(job.e.seed, t, w.prev)
					w.gen.indices(job.e.seed, t+1, w.to)
					if reverse {
						m.add(g, w.prev, w.prev, w.to)
					} else {
						m.add(g, w.to, w.prev, w.to)
					}
				}
			}
			m.findColMax()
		}(m, c.seqWork[q], q%2, q >= 2)
	}
	return wg.Wait
}

func (m *seqMatrix) reset() {
	clear(m.narrow)
	clear(m.wide)
	clear(m.post)
	clear(m.pre)
	clear(m.colSum)
	m.count, m.preSum = 0, 0
}
