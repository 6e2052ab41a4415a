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
	field, sel    []float64
	active, next  []int
}

// readoutDrive is the mean number of active inputs a readout unit receives.
const readoutDrive = 5

func newExpansion(n, activeIn, r int, fr float64, base uint64) *expansion {
	kr := max(1, int(float64(r)*fr+0.5))
	fan := max(1, min(r, readoutDrive*r/activeIn))
	x := &expansion{
		r: r, kr: kr, fanOut: fan,
		targets: make([]int32, n*fan), jitter: make([]float64, r),
		field: make([]float64, r), sel: make([]float64, r),
		active: make([]int, 0, r), next: make([]int, 0, r),
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

// code writes into x.active the k_r readout units most driven by the input
// units in in (those with a positive output).
func (x *expansion) code(in []int) {
	copy(x.field, x.jitter)
	for _, i := range in {
		for _, r := range x.targets[i*x.fanOut : (i+1)*x.fanOut] {
			x.field[r]++
		}
	}
	copy(x.sel, x.field)
	theta := kthLargest(x.sel, x.kr)
	x.active = x.active[:0]
	for r, v := range x.field {
		if v > theta {
			x.active = append(x.active, r)
		}
	}
	for r, v := range x.field {
		if len(x.active) == x.kr {
			break
		}
		if v == theta {
			x.active = append(x.active, r)
		}
	}
}
