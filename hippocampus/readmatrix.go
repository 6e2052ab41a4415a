package hippocampus

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// readMatrix holds readT = (Σ g x rᵀ)ᵀ of the content readout, R×dim, row i
// for readout unit i, in one of two forms. While every strength is 1 (no
// Decay) and every content value bound is an integer, every entry is an
// integer: a count of held steps bound with that entry (minus what
// forgetting unbound), so the narrow form keeps it in an int8 and sums
// rows in int64. A row of 134 entries is then 134 bytes instead of 1072,
// which is what a decode, reading k_r scattered rows, waits for. Binding a
// non-integer value, a strength other than 1 or an entry past the int8
// range widens the matrix to float64 first. Every sum of integers below
// 2⁵³ is exact in float64, so both forms give the same decode.
type readMatrix struct {
	rows, dim int
	narrow    []int8    // nil: wide
	wide      []float64 // nil: narrow
}

func newReadMatrix(rows, dim int, narrow bool) readMatrix {
	m := readMatrix{rows: rows, dim: dim}
	if narrow {
		m.narrow = make([]int8, rows*dim)
	} else {
		m.wide = make([]float64, rows*dim)
	}
	return m
}

// dense returns the matrix as float64 values, row-major (a copy in the
// narrow form).
func (m *readMatrix) dense() []float64 {
	if m.narrow == nil {
		return m.wide
	}
	out := make([]float64, len(m.narrow))
	for i, v := range m.narrow {
		out[i] = float64(v)
	}
	return out
}

// setDense replaces the values (len rows·dim), keeping the narrow form when
// every value is an integer in range.
func (m *readMatrix) setDense(v []float64) {
	if m.narrow != nil {
		ok := true
		for _, x := range v {
			if x != math.Trunc(x) || math.Abs(x) > math.MaxInt8 {
				ok = false
				break
			}
		}
		if ok {
			for i, x := range v {
				m.narrow[i] = int8(x)
			}
			return
		}
		m.narrow = nil
	}
	m.wide = v
}

func (m *readMatrix) widen() {
	m.wide = m.dense()
	m.narrow = nil
}

// bind adds g·x to rows rs (nz: scratch of len dim).
func (m *readMatrix) bind(g float64, rs []int, x []float64, nz []int) {
	if m.narrow != nil {
		// the nonzero entries of x, if all are integers in range
		nz = nz[:0]
		for j, v := range x {
			if v != 0 {
				if v != math.Trunc(v) || math.Abs(v) > math.MaxInt8 || (g != 1 && g != -1) {
					m.widen()
					break
				}
				nz = append(nz, j)
			}
		}
	}
	if m.narrow != nil && !m.fitsNarrow(g, rs, x, nz) {
		m.widen()
	}
	d := m.dim
	if m.narrow == nil {
		for _, r := range rs {
			blas64.Axpy(g, vec(x), vec(m.wide[r*d:(r+1)*d]))
		}
		return
	}
	for _, r := range rs {
		row := m.narrow[r*d : (r+1)*d]
		for _, j := range nz {
			row[j] += int8(g * x[j])
		}
	}
}

// fitsNarrow reports whether adding g·x (nonzero at nz) to rows rs keeps
// every entry in the int8 range.
func (m *readMatrix) fitsNarrow(g float64, rs []int, x []float64, nz []int) bool {
	d := m.dim
	for _, r := range rs {
		row := m.narrow[r*d : (r+1)*d]
		for _, j := range nz {
			if s := float64(row[j]) + g*x[j]; s > math.MaxInt8 || s < math.MinInt8 {
				return false
			}
		}
	}
	return true
}

// sumRows writes Σ_{r∈rs} row_r to dst (acc: scratch of len dim).
func (m *readMatrix) sumRows(rs []int, dst []float64, acc []int64) {
	d := m.dim
	if m.narrow == nil {
		clear(dst)
		for _, r := range rs {
			blas64.Axpy(1, vec(m.wide[r*d:(r+1)*d]), vec(dst))
		}
		return
	}
	clear(acc)
	acc = acc[:d]
	for _, r := range rs {
		row := m.narrow[r*d : (r+1)*d]
		row = row[:len(acc)]
		for j, v := range row {
			acc[j] += int64(v)
		}
	}
	for j, v := range acc {
		dst[j] = float64(v)
	}
}

// mulState writes Σ_i s_i row_i (all rows, s of len rows) to dst.
func (m *readMatrix) mulState(s, dst []float64, acc []int64) {
	d := m.dim
	if m.narrow == nil {
		a := blas64.General{Rows: m.rows, Cols: d, Stride: d, Data: m.wide}
		blas64.Gemv(blas.Trans, 1, a, vec(s), 0, vec(dst))
		return
	}
	clear(acc)
	acc = acc[:d]
	for i, si := range s {
		row := m.narrow[i*d : (i+1)*d]
		row = row[:len(acc)]
		switch si {
		case 1:
			for j, v := range row {
				acc[j] += int64(v)
			}
		case -1:
			for j, v := range row {
				acc[j] -= int64(v)
			}
		default: // not a sign state (the dynamics never make one)
			m.widen()
			m.mulState(s, dst, acc)
			return
		}
	}
	for j, v := range acc {
		dst[j] = float64(v)
	}
}
