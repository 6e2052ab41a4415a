package hippocampus

import (
	"math"
	"slices"
)

// sparseRows is the content readout stored by rows, each row holding only
// its nonzero entries (columns ascending). A stored step adds its content
// x (a few one-hot blocks: a handful of nonzeros) to the k_r rows of its
// readout code, so the readout costs memory in proportion to what is
// stored (about k_r·nnz(x) entries per step), not R·dim: with one content
// entry per maze cell, a dense R×dim readout grew by 8·R bytes (160 kB at
// R = 20 000) per cell whether or not the cell was ever visited.
//
// An entry that returns to exactly zero (forgetting subtracts the integer
// traces it added, see Store) is removed. The arithmetic on the remaining
// entries is the dense readout's, term for term, so results are unchanged.
type sparseRows struct {
	dim  int
	cols [][]int32
	vals [][]float64
}

func newSparseRows(rows, dim int) sparseRows {
	return sparseRows{dim: dim, cols: make([][]int32, rows), vals: make([][]float64, rows)}
}

// addScaled adds g·x to row r (x dense, len dim).
func (m *sparseRows) addScaled(r int, g float64, x []float64) {
	cols, vals := m.cols[r], m.vals[r]
	for j, xj := range x {
		if xj == 0 {
			continue
		}
		q, found := slices.BinarySearch(cols, int32(j))
		if !found {
			cols = slices.Insert(cols, q, int32(j))
			vals = slices.Insert(vals, q, 0)
		}
		vals[q] += g * xj
		if vals[q] == 0 {
			cols = slices.Delete(cols, q, q+1)
			vals = slices.Delete(vals, q, q+1)
		}
	}
	m.cols[r], m.vals[r] = cols, vals
}

// accumulate adds w·(row r) to dst (len dim).
func (m *sparseRows) accumulate(r int, w float64, dst []float64) {
	vals := m.vals[r]
	for q, j := range m.cols[r] {
		dst[j] += w * vals[q]
	}
}

// scale multiplies every entry by a.
func (m *sparseRows) scale(a float64) {
	for _, v := range m.vals {
		for q := range v {
			v[q] *= a
		}
	}
}

// dense returns the readout as a dense row-major R×dim slice (tests, sizes).
func (m *sparseRows) dense() []float64 {
	out := make([]float64, len(m.cols)*m.dim)
	for r, cols := range m.cols {
		for q, j := range cols {
			out[r*m.dim+int(j)] = m.vals[r][q]
		}
	}
	return out
}

// entries returns the number of stored nonzero entries.
func (m *sparseRows) entries() int {
	n := 0
	for _, c := range m.cols {
		n += len(c)
	}
	return n
}

// EstimateBytes returns the memory, in bytes, that a cache with
// configuration cfg and content blocks of the given widths needs when it
// holds at most heldSteps steps (MaxEpisodes episodes of at most the
// longest episode's length) of content vectors with nnz nonzero entries
// each (the number of one-hot blocks). It counts what grows with the
// configuration: the four sequence matrices (4·N² B without Decay, 4·N²·8 B
// with it), their per-unit
// vectors, the expansion layer's wiring and buffers, the sparse content
// readout (k_r·nnz entries of 12 B per held step, doubled for the spare
// capacity of growing rows, at most R·dim), the code memos (4·k_r B per
// held step) and the dim- and N-sized buffers. It is an estimate of what
// New and Store allocate, not of the Go runtime's overhead on top.
func EstimateBytes(cfg Config, blocks []int, heldSteps int) int64 {
	// In float64: a huge N must give a huge estimate, not an overflow.
	n := float64(cfg.N)
	dim := 0.0
	for _, b := range blocks {
		dim += float64(b)
	}
	nnz := float64(len(blocks))
	held := float64(max(heldSteps, 0))
	// seqMatrix: Sᵀ (one byte per entry without Decay, weights.go; float64
	// with it), post, pre, colSum.
	entry := 8.0
	if cfg.Decay == 0 {
		entry = 8 * float64(rowWords(cfg.N)) / max(n, 1)
	}
	total := 4 * (n*n*entry + 4*n*8)
	total += 12 * n * 8  // h, s, f1, sel, slots, delta, index buffers
	total += 6 * dim * 8 // classVar, xsum, xhat, content, ...
	rows := n
	kr := float64(cfg.active())
	if cfg.ReadoutUnits > 0 {
		r := float64(cfg.ReadoutUnits)
		rows = r
		kr = max(1, math.Round(cfg.ReadoutSparseness*r))
		fan := float64(max(1, min(cfg.ReadoutUnits, readoutDrive*cfg.ReadoutUnits/max(1, cfg.active()))))
		total += n*fan*4 + r*(8+4+8+3*8) // targets, jitter, count, sel, above, ties, active
		total += held * kr * 4           // code memos
	}
	entries := min(rows*dim, 2*held*kr*nnz)
	total += entries*12 + rows*2*24 // entries (int32 column, float64 value), row headers
	if total >= math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(total)
}
