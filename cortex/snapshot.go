package cortex

import "errors"

// Imagined runs. A forward sweep (agent/sweep.go) runs the consolidator
// forward on its own predictions from its current awake state, then puts
// the state back as if nothing had happened: the real run continues
// bit-identically. ForwardState holds everything a forward step changes —
// the state in double-double form (a, b and their low-order parts), the
// rates kept in step with it, the reverse-run flag, and with learned
// reverse synapses the sample rings the forward step records into (an
// imagined step must not become a sample the next fit sees). Weights,
// optimiser and gradient sums are never touched by Forward and are not
// saved.

// ForwardState is a saved forward state of an R2N2 (see SaveForward). The
// zero value is ready to use; its buffers are allocated on first use and
// reused.
type ForwardState struct {
	a, b, aLo, bLo, phiA, phiB []float64
	inReverse                  bool
	rings                      [2]ringState
	saved                      bool
}

// ringState is a copy of a sampleRing's contents and position.
type ringState struct {
	rate, cur   []float64
	head, count int
}

func (s *ringState) save(r *sampleRing) {
	if r == nil {
		return
	}
	s.rate = append(s.rate[:0], r.rate...)
	s.cur = append(s.cur[:0], r.cur...)
	s.head, s.count = r.head, r.count
}

func (s *ringState) restore(r *sampleRing) {
	if r == nil {
		return
	}
	copy(r.rate, s.rate)
	copy(r.cur, s.cur)
	r.head, r.count = s.head, s.count
}

// SaveForward copies r's forward state into dst, reusing dst's buffers.
func (r *R2N2) SaveForward(dst *ForwardState) {
	dst.a = append(dst.a[:0], r.a...)
	dst.b = append(dst.b[:0], r.b...)
	dst.aLo = append(dst.aLo[:0], r.aLo...)
	dst.bLo = append(dst.bLo[:0], r.bLo...)
	dst.phiA = append(dst.phiA[:0], r.phiA...)
	dst.phiB = append(dst.phiB[:0], r.phiB...)
	dst.inReverse = r.inReverse
	dst.rings[0].save(r.ringBA)
	dst.rings[1].save(r.ringAB)
	dst.saved = true
}

// RestoreForward puts back the forward state saved in src by SaveForward on
// the same network (or one of the same sizes and reverse mode): forward
// steps after it give exactly what they would have given without the steps
// taken in between. It errors if src was never saved or was saved from a
// network of other sizes.
func (r *R2N2) RestoreForward(src *ForwardState) error {
	if !src.saved || len(src.a) != len(r.a) || (r.ringBA != nil) != (src.rings[0].rate != nil) {
		return errors.New("cortex: RestoreForward of a state not saved from this network")
	}
	copy(r.a, src.a)
	copy(r.b, src.b)
	copy(r.aLo, src.aLo)
	copy(r.bLo, src.bLo)
	copy(r.phiA, src.phiA)
	copy(r.phiB, src.phiB)
	r.inReverse = src.inReverse
	src.rings[0].restore(r.ringBA)
	src.rings[1].restore(r.ringAB)
	return nil
}
