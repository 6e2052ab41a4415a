package cortex

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// sampleRing keeps the most recent cap (rate, current) pairs recorded during
// forward steps, for the least-squares fit of one reverse matrix. Its memory
// is fixed at New, whatever the episode length.
type sampleRing struct {
	n, cap int
	rate   []float64 // cap×n, row i is one presynaptic rate vector
	cur    []float64 // cap×n, row i is the recurrent current it produced
	head   int       // next row to write
	count  int       // rows filled, ≤ cap
}

func newSampleRing(capacity, n int) *sampleRing {
	return &sampleRing{n: n, cap: capacity, rate: make([]float64, capacity*n), cur: make([]float64, capacity*n)}
}

func (s *sampleRing) add(rate, cur []float64) {
	o := s.head * s.n
	copy(s.rate[o:o+s.n], rate)
	copy(s.cur[o:o+s.n], cur)
	s.head = (s.head + 1) % s.cap
	s.count = min(s.count+1, s.cap)
}

// ErrFewSamples reports a fit of learned reverse synapses with fewer than N
// recorded samples (e.g. a sequence shorter than N/2 steps right after an
// update with SamplesCurrent). It is returned wrapped; test with errors.Is.
var ErrFewSamples = errors.New("cortex: too few samples to fit the reverse synapses")

type fewSamplesError struct{ msg string }

func (e fewSamplesError) Error() string { return e.msg }
func (e fewSamplesError) Unwrap() error { return ErrFewSamples }

// fit solves min_X ‖Φ X + C‖ by QR (Φ: rates, C: currents, one sample per
// row) and writes R = Xᵀ into dst, so that R φ ≈ −current.
func (s *sampleRing) fit(name string, dst []float64) error {
	if s.count < s.n {
		return fewSamplesError{fmt.Sprintf("cortex: learned reverse synapses %s: %d samples recorded, need at least N=%d (run forward first)", name, s.count, s.n)}
	}
	phi := mat.NewDense(s.count, s.n, s.rate[:s.count*s.n])
	negC := mat.NewDense(s.count, s.n, nil)
	negC.Scale(-1, mat.NewDense(s.count, s.n, s.cur[:s.count*s.n]))
	var qr mat.QR
	qr.Factorize(phi)
	var x mat.Dense
	if err := qr.SolveTo(&x, false, negC); err != nil {
		// A mat.Condition error still yields a solution; the reconstruction
		// error it causes is measured, not hidden. Anything else fails.
		var cond mat.Condition
		if !errors.As(err, &cond) {
			return fmt.Errorf("cortex: learned reverse synapses %s: least squares: %w", name, err)
		}
	}
	r := mat.NewDense(s.n, s.n, dst)
	r.Copy(x.T())
	if !allFinite(dst) {
		return fmt.Errorf("cortex: learned reverse synapses %s: fit: %w", name, ErrDiverged)
	}
	return nil
}

// fitReverse refits R_BA and R_AB from the recorded samples.
func (r *R2N2) fitReverse() error {
	if err := r.ringBA.fit("R_BA", r.rBA.Data); err != nil {
		return err
	}
	return r.ringAB.fit("R_AB", r.rAB.Data)
}

// ClearSamples forgets the recorded (rate, current) samples, e.g. after the
// weights changed so much that old samples mislead the fit. It does nothing
// when Reverse is ReverseExact.
func (r *R2N2) ClearSamples() {
	for _, s := range []*sampleRing{r.ringBA, r.ringAB} {
		if s != nil {
			s.head, s.count = 0, 0
		}
	}
}

// Samples returns how many (rate, current) samples each reverse matrix's fit
// would use now (0 with ReverseExact).
func (r *R2N2) Samples() int {
	if r.ringBA == nil {
		return 0
	}
	return min(r.ringBA.count, r.ringAB.count)
}
