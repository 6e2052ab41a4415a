package hippocampus

import "math/rand/v2"

// expansion is the optional readout layer between the sequence units and
// the content readout M: a fixed random expansion to R ≫ N units, each
// driven by the count of its active inputs, of which the k_r = f_r·R most
// driven fire (pattern separation, as the dentate gyrus is thought to do).
// Its codes of two different steps overlap far less than the steps' own
// patterns do, so the crosstalk on M, which sets how many steps can be
// bound to one content entry, falls by about N/R.
//
// Connectivity: each sequence unit projects to fanOut readout units drawn
// from the cache's base seed, chosen so that a readout unit receives on
// average readoutDrive active inputs. A fixed jitter in [0, ½) per readout
// unit breaks ties between equal counts. Nothing of it is learned or saved:
// it is regenerated from the base seed.
type expansion struct {
	r, kr, fanOut int
	targets       []int32 // targets[i*fanOut : (i+1)*fanOut]: where unit i projects
	jitter        []float64
}

// expScratch is the working memory of expansion.code; every replay state
// has its own, so that states can compute codes concurrently.
type expScratch struct {
	count       []int32 // active inputs per readout unit
	hist        []int   // readout units per count
	sel         []float64
	above, ties []int
	active      []int // the code: the k_r readout units, ascending
}

func (x *expansion) newScratch(n int) *expScratch {
	return &expScratch{
		count: make([]int32, x.r), hist: make([]int, n+1), sel: make([]float64, x.r),
		above: make([]int, 0, x.r), ties: make([]int, 0, x.r),
		active: make([]int, 0, x.r),
	}
}

// readoutDrive is the mean number of active inputs a readout unit receives.
const readoutDrive = 5

func newExpansion(n, activeIn, r int, fr float64, base uint64) *expansion {
	kr := max(1, int(float64(r)*fr+0.5))
	fan := max(1, min(r, readoutDrive*r/activeIn))
	x := &expansion{
		r: r, kr: kr, fanOut: fan,
		targets: make([]int32, n*fan), jitter: make([]float64, r),
	}
	rng := rand.New(rand.NewPCG(base, 0x5eed))
	for i := range x.targets {
		x.targets[i] = int32(rng.IntN(r))
	}
	for i := range x.jitter {
		x.jitter[i] = rng.Float64() / 2
	}
	return x
}

// code writes into w.active, in ascending order, the k_r readout units most
// driven by the input units in (those with a positive output): the drive of
// unit r is its count of active inputs plus jitter[r] < ½, so units are
// ranked by count, then jitter, then lower index. The selection counts
// instead of sorting: a histogram of the counts gives the count c* of the
// k_r-th unit; only the units at c* are ranked by jitter.
func (x *expansion) code(in []int, w *expScratch) {
	clear(w.count)
	for _, i := range in {
		for _, r := range x.targets[i*x.fanOut : (i+1)*x.fanOut] {
			w.count[r]++
		}
	}
	top := int32(0)
	for _, c := range w.count {
		w.hist[c]++
		top = max(top, c)
	}
	cstar, need := int32(0), x.kr
	for c := top; c >= 0; c-- {
		if w.hist[c] >= need {
			cstar = c
			break
		}
		need -= w.hist[c]
	}
	clear(w.hist[:top+1])
	w.above, w.ties = w.above[:0], w.ties[:0]
	for r, c := range w.count {
		if c > cstar {
			w.above = append(w.above, r)
		} else if c == cstar {
			w.ties = append(w.ties, r)
		}
	}
	// keep the need highest jitters among the ties, in index order
	if need < len(w.ties) {
		sel := w.sel[:len(w.ties)]
		for q, r := range w.ties {
			sel[q] = x.jitter[r]
		}
		theta := kthLargest(sel, need)
		eq := need // ties at theta kept, lowest index first
		for _, r := range w.ties {
			if x.jitter[r] > theta {
				eq--
			}
		}
		kept := w.ties[:0] // filtered in place
		for _, r := range w.ties {
			if j := x.jitter[r]; j > theta || (j == theta && eq > 0) {
				if j == theta {
					eq--
				}
				kept = append(kept, r)
			}
		}
		w.ties = kept
	}
	w.active = mergeSorted(w.active[:0], w.above, w.ties)
}

// mergeSorted appends to dst the union of the ascending, disjoint lists a
// and b, in ascending order.
func mergeSorted(dst, a, b []int) []int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] < b[j] {
			dst = append(dst, a[i])
			i++
		} else {
			dst = append(dst, b[j])
			j++
		}
	}
	dst = append(dst, a[i:]...)
	return append(dst, b[j:]...)
}
