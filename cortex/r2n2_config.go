package cortex

import (
	"errors"
	"fmt"
	"math"
)

// Feedback selects the matrices that carry error signals backward.
type Feedback int

const (
	// FeedbackTransposed uses the transposes of the forward weights
	// (Fo = W_outᵀ, F_AB = W_ABᵀ, F_BA = W_BAᵀ): backpropagation.
	FeedbackTransposed Feedback = iota
	// FeedbackRandom uses fixed random matrices drawn at New: feedback
	// alignment, no weight transport.
	FeedbackRandom
)

// Carry selects how the error signals (δA, δB) are carried from step t+1 to t.
type Carry int

const (
	// CarryExact is exact BPTT: (δA, δB) ← (c·δA, c·δB + d·(F_BA δA) ⊙ φ'(b_t)).
	CarryExact Carry = iota
	// CarryPublished is the public reference code's rule: (δA, δB) carried
	// unchanged, which is only approximately BPTT.
	CarryPublished
)

// ReverseSynapses selects how the reverse synapses R_AB, R_BA are obtained.
type ReverseSynapses int

const (
	// ReverseExact sets R ← −W before each reverse run.
	ReverseExact ReverseSynapses = iota
	// ReverseLearned fits R by least squares to (rate, current) samples
	// recorded during forward steps.
	ReverseLearned
)

// SampleSource selects which (rate, current) samples the learned reverse
// synapses are fitted from.
type SampleSource int

const (
	// SamplesCurrent fits R only from samples recorded since the last weight
	// update made by TrainReplay or TrainSequence (the ring is emptied after
	// each update), i.e. with the weights the reverse run uses: in sleep,
	// the forward replay that precedes each reverse run.
	SamplesCurrent SampleSource = iota
	// SamplesRing fits R from the most recent ReverseSamples samples, even
	// those recorded before the last updates (the behaviour before issue 13).
	SamplesRing
)

var sampleSourceNames = []string{"current", "ring"}

// String returns "current" or "ring".
func (s SampleSource) String() string {
	if s >= 0 && int(s) < len(sampleSourceNames) {
		return sampleSourceNames[s]
	}
	return fmt.Sprintf("SampleSource(%d)", int(s))
}

// ParseSampleSource maps "current" and "ring" to a SampleSource.
func ParseSampleSource(s string) (SampleSource, error) {
	for i, n := range sampleSourceNames {
		if n == s {
			return SampleSource(i), nil
		}
	}
	return 0, fmt.Errorf("cortex: unknown reverse sample source %q (want current or ring)", s)
}

// InitState selects the initial state drawn at New.
type InitState int

const (
	// InitClippedNormal draws each unit from a standard normal and clips it
	// to [−InitScale, InitScale] (sequence tasks).
	InitClippedNormal InitState = iota
	// InitConstant sets every unit to InitScale (classification).
	InitConstant
	// InitFresh draws a new initial state at every Reset, so for every
	// sequence TrainSequence and Predict run: each unit a normal draw with
	// standard deviation 3 clipped to [−InitScale, InitScale], as the
	// reference code does for prediction tasks. R2N2 only (init_fresh.go).
	InitFresh
)

// ErrDiverged reports a state, gradient or output that became NaN or ±Inf.
// It is always returned wrapped with context; test with errors.Is.
var ErrDiverged = errors.New("cortex: diverged (NaN or Inf)")

// ParseMode maps a mode name to its feedback and carry settings:
// "bp" (transposed, exact), "fa" (random, exact), "published" (transposed,
// published) and "fa-published" (random, published).
func ParseMode(s string) (Feedback, Carry, error) {
	switch s {
	case "bp":
		return FeedbackTransposed, CarryExact, nil
	case "fa":
		return FeedbackRandom, CarryExact, nil
	case "published":
		return FeedbackTransposed, CarryPublished, nil
	case "fa-published":
		return FeedbackRandom, CarryPublished, nil
	}
	return 0, 0, fmt.Errorf("cortex: unknown mode %q (want bp, fa, published or fa-published)", s)
}

// ModeName is the inverse of ParseMode.
func ModeName(f Feedback, c Carry) string {
	name := "bp"
	if f == FeedbackRandom {
		name = "fa"
	}
	if c == CarryPublished {
		if f == FeedbackRandom {
			return "fa-published"
		}
		return "published"
	}
	return name
}

// Config holds the consolidator's sizes and settings. Start from
// DefaultConfig and change what differs.
type Config struct {
	// N is the number of units per group (A and B each have N); In and Out
	// are the input and output widths.
	N, In, Out int
	// Tau is the time constant τ (> 1): leak c = 1 − 1/τ, drive d = 1/τ.
	Tau float64
	// Gain is g: W_AB and W_BA are drawn with standard deviation g/√N.
	Gain float64
	// FeedbackGain is g_fb: random feedback matrices have standard deviation
	// g_fb/√(fan-in of the path) (Out for Fo, N for F_AB and F_BA).
	FeedbackGain float64
	// Feedback, Carry and Reverse select the learning rule (see ParseMode).
	Feedback Feedback
	Carry    Carry
	Reverse  ReverseSynapses
	// ReverseSamples is the capacity of the ring buffer of (rate, current)
	// samples kept per reverse matrix when Reverse is ReverseLearned; 0 means
	// 4·N. Memory is fixed by it, independent of episode length.
	ReverseSamples int
	// ReverseSource says which recorded samples the learned fit may use:
	// only those made with the current weights (the default), or the whole
	// ring whatever weights made them.
	ReverseSource SampleSource
	// Segmenting, SegmentLen and ReversalTol set the reverse replay of
	// TrainReplay and TrainSequence (segmented.go): the variant, the segment
	// length K (0: chosen from the measured reversal horizon) and the largest
	// reconstruction error accepted at a checked state; a run above it is not
	// trained on.
	Segmenting  Segmenting
	SegmentLen  int
	ReversalTol float64
	// Loss is the loss applied at steps that have a target.
	Loss Loss
	// LR is Adam's learning rate.
	LR float64
	// Init and InitScale choose the initial state.
	Init      InitState
	InitScale float64
}

// DefaultConfig returns the defaults of MODEL.md §2 for n units per group:
// τ = 10, g = 1.5, g_fb = 1, bp mode, exact reverse synapses, MSE, lr 1e-3,
// initial state a normal draw clipped to ±0.2, segmented reverse replay with
// K from the measured horizon and a reversal tolerance of 1e-6.
func DefaultConfig(n, in, out int) Config {
	return Config{
		N: n, In: in, Out: out,
		Tau: 10, Gain: 1.5, FeedbackGain: 1,
		Feedback: FeedbackTransposed, Carry: CarryExact, Reverse: ReverseExact,
		Loss: LossMSE, LR: 1e-3,
		Init: InitClippedNormal, InitScale: 0.2,
		ReversalTol: DefaultReversalTol,
	}
}

// samples returns the effective ring capacity.
func (c Config) samples() int {
	if c.ReverseSamples == 0 {
		return 4 * c.N
	}
	return c.ReverseSamples
}

// Validate reports the first bad parameter with a message naming it.
func (c Config) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch {
	case c.N <= 0:
		return fmt.Errorf("cortex: N (units per group) must be > 0, got %d", c.N)
	case c.In <= 0:
		return fmt.Errorf("cortex: In (input width) must be > 0, got %d", c.In)
	case c.Out <= 0:
		return fmt.Errorf("cortex: Out (output width) must be > 0, got %d", c.Out)
	case !finite(c.Tau) || c.Tau <= 1:
		return fmt.Errorf("cortex: Tau must be a finite number > 1, got %v", c.Tau)
	case !finite(c.Gain) || c.Gain < 0:
		return fmt.Errorf("cortex: Gain must be a finite number >= 0, got %v", c.Gain)
	case !finite(c.FeedbackGain) || c.FeedbackGain < 0:
		return fmt.Errorf("cortex: FeedbackGain must be a finite number >= 0, got %v", c.FeedbackGain)
	case !finite(c.LR) || c.LR < 0:
		return fmt.Errorf("cortex: LR must be a finite number >= 0, got %v", c.LR)
	case !finite(c.InitScale) || c.InitScale < 0:
		return fmt.Errorf("cortex: InitScale must be a finite number >= 0, got %v", c.InitScale)
	case c.Feedback != FeedbackTransposed && c.Feedback != FeedbackRandom:
		return fmt.Errorf("cortex: unknown Feedback %d", c.Feedback)
	case c.Carry != CarryExact && c.Carry != CarryPublished:
		return fmt.Errorf("cortex: unknown Carry %d", c.Carry)
	case c.Reverse != ReverseExact && c.Reverse != ReverseLearned:
		return fmt.Errorf("cortex: unknown ReverseSynapses %d", c.Reverse)
	case c.Loss != LossMSE && c.Loss != LossCrossEntropy:
		return fmt.Errorf("cortex: unknown Loss %d", c.Loss)
	case c.Init != InitClippedNormal && c.Init != InitConstant && c.Init != InitFresh:
		return fmt.Errorf("cortex: unknown InitState %d", c.Init)
	case c.ReverseSource != SamplesCurrent && c.ReverseSource != SamplesRing:
		return fmt.Errorf("cortex: unknown ReverseSource %d", c.ReverseSource)
	case c.Segmenting != SegmentReplay && c.Segmenting != SegmentCheckpoint && c.Segmenting != SegmentOff:
		return fmt.Errorf("cortex: unknown Segmenting %d", c.Segmenting)
	case c.SegmentLen < 0 || c.SegmentLen > MaxSegment:
		return fmt.Errorf("cortex: SegmentLen must be in [0, %d] (0: from the measured horizon), got %d", MaxSegment, c.SegmentLen)
	case !(c.ReversalTol >= 0) || math.IsInf(c.ReversalTol, 0):
		return fmt.Errorf("cortex: ReversalTol must be a finite number >= 0, got %v", c.ReversalTol)
	case c.ReverseSamples < 0:
		return fmt.Errorf("cortex: ReverseSamples must be >= 0, got %d", c.ReverseSamples)
	case c.Reverse == ReverseLearned && c.samples() < c.N:
		return fmt.Errorf("cortex: ReverseSamples must be >= N=%d to fit reverse synapses, got %d", c.N, c.ReverseSamples)
	}
	return nil
}
