package cortex

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas/blas64"
)

// R2N2 is the reversible recurrent network of MODEL.md §2: groups A and B of
// N tanh units, trained from a forward run followed by a reverse run that
// regenerates the earlier states and accumulates the error signals.
//
// An R2N2 owns all its buffers; the slices and matrices returned by its
// accessors are views that stay valid for the life of the network (Output:
// until the next call). It is not safe for concurrent use.
type R2N2 struct {
	cfg  Config
	c, d float64 // leak 1 − 1/τ and drive 1/τ

	wIn, wAB, wBA, wOut blas64.General // trained weights (row-major)
	rAB, rBA            blas64.General // reverse synapses
	fOut, fAB, fBA      blas64.General // feedback, used transposed; alias W in BP mode
	gIn, gAB, gBA, gOut blas64.General // gradient sums of one reverse run (means after EndReverse)
	blocks              [4]gradBlock   // terms of gIn, gAB, gBA, gOut not yet added, indexed by block*

	a0, b0     []float64 // initial state, drawn at New
	a, b       []float64 // current state
	aLo, bLo   []float64 // low-order parts of the state (see leak.go)
	phiA, phiB []float64 // tanh(a), tanh(b) of the current state, always kept in step
	cur, tmp   []float64 // N scratch
	slope      []float64 // N scratch for the published carry's φ' (published.go)
	xin        []float64 // W_in x of the current step
	y, e       []float64 // output and its error, Out
	dA, dB     []float64 // error signals δA, δB

	opt    *Adam
	params [][]float64 // W_in, W_AB, W_BA, W_out data, in Adam's order
	grads  [][]float64

	ringBA, ringAB *sampleRing  // (rate, current) samples, only with ReverseLearned
	fresh          *freshStream // initial-state draws, only with InitFresh
	seg            segState     // segmented reverse replay (segmented.go)

	inReverse bool
	steps     int     // reverse steps taken in the current run
	lossSteps int     // of which with a target
	lossSum   float64 // summed loss of the current run
}

// Indices of R2N2.blocks.
const (
	blockIn = iota
	blockAB
	blockBA
	blockOut
)

// Matrices groups the four trained matrices of an R2N2 (or their
// gradients): In is N×In, AB and BA are N×N, Out is Out×N, all row-major.
type Matrices struct {
	In, AB, BA, Out blas64.General
}

func newGeneral(rows, cols int) blas64.General {
	return blas64.General{Rows: rows, Cols: cols, Stride: cols, Data: make([]float64, rows*cols)}
}

func fillNormal(m blas64.General, std float64, rng *rand.Rand) {
	for i := range m.Data {
		m.Data[i] = std * rng.NormFloat64()
	}
}

// New builds an R2N2 with weights, feedback matrices and initial state drawn
// from rng, in this order: W_in, W_AB, W_BA, W_out, initial a, initial b,
// then (FA only) Fo, F_AB, F_BA, then (InitFresh only, instead of the initial
// state) the seed of the initial-state stream. It returns an error for
// invalid settings.
func New(cfg Config, rng *rand.Rand) (*R2N2, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, fmt.Errorf("cortex: New needs a random stream, got nil")
	}
	r := allocR2N2(cfg)
	n := float64(cfg.N)
	fillNormal(r.wIn, 0.1/math.Sqrt(n), rng)
	fillNormal(r.wAB, cfg.Gain/math.Sqrt(n), rng)
	fillNormal(r.wBA, cfg.Gain/math.Sqrt(n), rng)
	fillNormal(r.wOut, 0.1/math.Sqrt(float64(cfg.Out)), rng)
	for _, s := range [][]float64{r.a0, r.b0} {
		for i := range s {
			if cfg.Init == InitConstant {
				s[i] = cfg.InitScale
			} else if cfg.Init != InitFresh {
				s[i] = max(-cfg.InitScale, min(cfg.InitScale, rng.NormFloat64()))
			}
		}
	}
	if cfg.Feedback == FeedbackRandom {
		fillNormal(r.fOut, cfg.FeedbackGain/math.Sqrt(float64(cfg.Out)), rng)
		fillNormal(r.fAB, cfg.FeedbackGain/math.Sqrt(n), rng)
		fillNormal(r.fBA, cfg.FeedbackGain/math.Sqrt(n), rng)
	}
	if r.fresh != nil {
		r.fresh.src.Seed(rng.Uint64(), rng.Uint64())
	}
	r.Reset()
	return r, nil
}

// allocR2N2 makes a zeroed network of cfg's sizes with every buffer in place.
func allocR2N2(cfg Config) *R2N2 {
	n, in, out := cfg.N, cfg.In, cfg.Out
	r := &R2N2{cfg: cfg, c: 1 - 1/cfg.Tau, d: 1 / cfg.Tau}
	r.wIn, r.wAB, r.wBA, r.wOut = newGeneral(n, in), newGeneral(n, n), newGeneral(n, n), newGeneral(out, n)
	r.rAB, r.rBA = newGeneral(n, n), newGeneral(n, n)
	if cfg.Feedback == FeedbackRandom {
		r.fOut, r.fAB, r.fBA = newGeneral(out, n), newGeneral(n, n), newGeneral(n, n)
	} else {
		r.fOut, r.fAB, r.fBA = r.wOut, r.wAB, r.wBA
	}
	r.gIn, r.gAB, r.gBA, r.gOut = newGeneral(n, in), newGeneral(n, n), newGeneral(n, n), newGeneral(out, n)
	r.blocks = [4]gradBlock{newGradBlock(r.gIn), newGradBlock(r.gAB), newGradBlock(r.gBA), newGradBlock(r.gOut)}
	vecs := make([]float64, 14*n+2*out)
	take := func(k int) []float64 { s := vecs[:k:k]; vecs = vecs[k:]; return s }
	r.a0, r.b0, r.a, r.b, r.aLo, r.bLo = take(n), take(n), take(n), take(n), take(n), take(n)
	r.phiA, r.phiB, r.cur, r.tmp, r.slope, r.xin = take(n), take(n), take(n), take(n), take(n), take(n)
	r.dA, r.dB = take(n), take(n)
	r.y, r.e = take(out), take(out)
	r.params = [][]float64{r.wIn.Data, r.wAB.Data, r.wBA.Data, r.wOut.Data}
	r.grads = [][]float64{r.gIn.Data, r.gAB.Data, r.gBA.Data, r.gOut.Data}
	r.opt = NewAdam(cfg.LR, n*in, n*n, n*n, out*n)
	if cfg.Reverse == ReverseLearned {
		k := cfg.samples()
		r.ringBA, r.ringAB = newSampleRing(k, n), newSampleRing(k, n)
	}
	if cfg.Init == InitFresh {
		r.fresh = newFreshStream()
	}
	return r
}

// Config returns the network's configuration.
func (r *R2N2) Config() Config { return r.cfg }

// Reset sets the state to the initial state (drawn once at New, fixed
// thereafter; with InitFresh a new draw at every Reset) and abandons any
// reverse run in progress.
func (r *R2N2) Reset() {
	if r.fresh != nil {
		r.fresh.draw(r.a0, r.b0, r.cfg.InitScale)
	}
	copy(r.a, r.a0)
	copy(r.b, r.b0)
	clear(r.aLo)
	clear(r.bLo)
	r.syncRates()
	r.inReverse = false
}

// SetState sets the current state to (a, b), each of length N and finite.
// The initial state used by Reset is not changed.
func (r *R2N2) SetState(a, b []float64) error {
	if len(a) != r.cfg.N || len(b) != r.cfg.N {
		return fmt.Errorf("cortex: SetState with lengths %d and %d, want N=%d", len(a), len(b), r.cfg.N)
	}
	if !allFinite(a) || !allFinite(b) {
		return fmt.Errorf("cortex: SetState: state contains NaN or Inf")
	}
	copy(r.a, a)
	copy(r.b, b)
	clear(r.aLo)
	clear(r.bLo)
	r.syncRates()
	r.inReverse = false
	return nil
}

// InitialState returns views of the initial state (a₀, b₀).
func (r *R2N2) InitialState() (a, b []float64) { return r.a0, r.b0 }

// State returns views of the current state (a, b).
func (r *R2N2) State() (a, b []float64) { return r.a, r.b }

// Output returns y = W_out φ(b) of the current state. The slice is a view
// into an internal buffer, valid until the next call on r.
func (r *R2N2) Output() []float64 {
	matVec(r.y, r.wOut.Data, r.wOut.Stride, r.phiB)
	return r.y
}

// Loss returns the loss of the current output against target (length Out;
// NaN for another length). It changes nothing observable.
func (r *R2N2) Loss(target []float64) float64 {
	if len(target) != r.cfg.Out {
		return math.NaN()
	}
	return r.cfg.Loss.Error(r.e, r.Output(), target)
}

// Weights returns views of the trained matrices.
func (r *R2N2) Weights() Matrices { return Matrices{In: r.wIn, AB: r.wAB, BA: r.wBA, Out: r.wOut} }

// Gradients returns views of the accumulated gradients: running sums during
// a reverse run, the means (the gradient Adam applied) after EndReverse or
// ComputeGradients.
func (r *R2N2) Gradients() Matrices {
	r.flushGradients()
	return Matrices{In: r.gIn, AB: r.gAB, BA: r.gBA, Out: r.gOut}
}

// ReverseWeights returns views of the reverse synapses R_AB and R_BA as set
// by the last BeginReverse.
func (r *R2N2) ReverseWeights() (ab, ba blas64.General) { return r.rAB, r.rBA }

// FeedbackWeights returns views of the feedback matrices, stored with the
// shapes of W_out, W_AB, W_BA and applied transposed. In BP mode they are the
// forward weights themselves.
func (r *R2N2) FeedbackWeights() (out, ab, ba blas64.General) { return r.fOut, r.fAB, r.fBA }

// Optimizer returns the network's Adam optimiser (its state is saved by Save).
func (r *R2N2) Optimizer() *Adam { return r.opt }

func (r *R2N2) syncRates() {
	for i, v := range r.a {
		r.phiA[i] = tanh(v)
	}
	for i, v := range r.b {
		r.phiB[i] = tanh(v)
	}
}

func allFinite(s []float64) bool {
	var sum float64
	for _, v := range s {
		sum += v * 0 // NaN and ±Inf give NaN; finite values give 0
	}
	return sum == 0
}
