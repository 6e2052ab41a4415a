package hippocampus

import (
	"fmt"
	"math"
)

// Timing says what flips the control signal λ that hands the state from one
// of the two matrices of a direction to the other.
type Timing int

const (
	// SelfTimed flips λ (between 0 and 1) once the state has settled: after
	// the state has left the pattern it held at the last flip, SettleUpdates
	// consecutive updates change no unit's output.
	SelfTimed Timing = iota
	// Oscillation drives λ with an external oscillation, λ = (1 + cos)/2,
	// one half-period of HalfPeriod updates per transition.
	Oscillation
)

// String returns "self-timed" or "oscillation".
func (t Timing) String() string {
	switch t {
	case SelfTimed:
		return "self-timed"
	case Oscillation:
		return "oscillation"
	}
	return fmt.Sprintf("Timing(%d)", int(t))
}

// Activation is the output rule of the cache's units.
type Activation int

const (
	// KWinners keeps the k = round(Sparseness·N) units with the largest h
	// active (output 1) and silences the rest (output 0).
	KWinners Activation = iota
	// Sign gives every unit the output sgn(h) ∈ {−1, +1}, sgn(0) = +1: the
	// paper's dense sign units. Patterns still have round(Sparseness·N)
	// active units; the state of pattern ξ is 2ξ − 1.
	Sign
)

// String returns "k-winners" or "sign".
func (a Activation) String() string {
	switch a {
	case KWinners:
		return "k-winners"
	case Sign:
		return "sign"
	}
	return fmt.Sprintf("Activation(%d)", int(a))
}

// Config holds the parameters of a Cache.
type Config struct {
	N          int        // number of units
	Sparseness float64    // fraction f of units active in an intrinsic pattern
	Activation Activation // k-winners-take-all (sparse) or sign units (dense)
	Tau        float64    // τ_c of the leaky dynamics h ← (1−1/τ)h + (1/τ)W(λ)s

	Timing        Timing // what flips λ
	HalfPeriod    int    // Oscillation: updates per transition (half a period)
	SettleUpdates int    // SelfTimed: quiet updates that count as settled

	// ReadoutUnits is the size R of the expansion layer the content
	// readout M reads from (0: M reads the N sequence units directly).
	ReadoutUnits      int
	ReadoutSparseness float64 // fraction of the R readout units active

	MaxEpisodes int     // episodes held at most; storing one more forgets the oldest
	Decay       float64 // fraction of every weight removed by Decay() (0 = none)

	// MaxStepsPerTransition bounds a self-timed transition; a replay that
	// needs more stops with ReplaySummary.Stalled set.
	MaxStepsPerTransition int
}

// DefaultConfig returns the defaults: N = 2000 units, 3 % sparse patterns
// with k-winners-take-all (k = 60), τ_c = 6, self-timed (3 quiet updates),
// content read through an expansion layer of 20 000 units (0.5 % active),
// 10 episodes held, no decay. These meet MODEL.md §3's numbers with margin:
// ten 100-step corridor episodes held together replay at 100 % (at 5 %
// sparseness and 10 000 readout units the worst was 95 %). Memory (no
// decay, doc.go): the four sequence matrices take 4·N² B = 16 MB (128 MB
// with decay), the readout its nonzero entries only (memory.go), the
// expansion's wiring 13 MB.
func DefaultConfig() Config {
	return Config{
		N:                     2000,
		Sparseness:            0.03,
		Activation:            KWinners,
		Tau:                   6,
		Timing:                SelfTimed,
		HalfPeriod:            30,
		SettleUpdates:         3,
		ReadoutUnits:          20000,
		ReadoutSparseness:     0.005,
		MaxEpisodes:           10,
		Decay:                 0,
		MaxStepsPerTransition: 200,
	}
}

// PaperConfig returns the setting of the paper's demonstration: N = 500 dense
// sign units, patterns with 40 % active units, τ_c = 6, self-timed, content
// read directly from the sequence units.
func PaperConfig() Config {
	c := DefaultConfig()
	c.N = 500
	c.Sparseness = 0.4
	c.Activation = Sign
	c.ReadoutUnits = 0  // M reads the sign units directly, as MODEL.md §3 writes it
	c.SettleUpdates = 1 // the paper's rule: flip after one quiet update
	return c
}

// active returns k, the number of active units in a pattern.
func (c Config) active() int { return int(math.Round(c.Sparseness * float64(c.N))) }

// Validate reports the first parameter that is out of range.
func (c Config) Validate() error {
	switch {
	case c.N < 2:
		return fmt.Errorf("hippocampus: config: N = %d, want at least 2", c.N)
	case !(c.Sparseness > 0 && c.Sparseness < 1):
		return fmt.Errorf("hippocampus: config: Sparseness = %v, want 0 < f < 1", c.Sparseness)
	case c.active() < 1 || c.active() >= c.N:
		return fmt.Errorf("hippocampus: config: Sparseness %v gives %d active of %d units, want 1 to N-1", c.Sparseness, c.active(), c.N)
	case c.Activation != KWinners && c.Activation != Sign:
		return fmt.Errorf("hippocampus: config: unknown activation %d", int(c.Activation))
	case !(c.Tau >= 1) || math.IsInf(c.Tau, 0):
		return fmt.Errorf("hippocampus: config: Tau = %v, want a finite value ≥ 1", c.Tau)
	case c.Timing != SelfTimed && c.Timing != Oscillation:
		return fmt.Errorf("hippocampus: config: unknown timing %d", int(c.Timing))
	case c.HalfPeriod < 1:
		return fmt.Errorf("hippocampus: config: HalfPeriod = %d, want at least 1", c.HalfPeriod)
	case c.SettleUpdates < 1:
		return fmt.Errorf("hippocampus: config: SettleUpdates = %d, want at least 1", c.SettleUpdates)
	case c.ReadoutUnits < 0:
		return fmt.Errorf("hippocampus: config: ReadoutUnits = %d, want 0 (direct readout) or more", c.ReadoutUnits)
	case c.ReadoutUnits > 0 && !(c.ReadoutSparseness > 0 && c.ReadoutSparseness < 1):
		return fmt.Errorf("hippocampus: config: ReadoutSparseness = %v, want 0 < f < 1", c.ReadoutSparseness)
	case c.MaxEpisodes < 1:
		return fmt.Errorf("hippocampus: config: MaxEpisodes = %d, want at least 1", c.MaxEpisodes)
	case !(c.Decay >= 0 && c.Decay < 1):
		return fmt.Errorf("hippocampus: config: Decay = %v, want 0 ≤ decay < 1", c.Decay)
	case c.MaxStepsPerTransition < 1:
		return fmt.Errorf("hippocampus: config: MaxStepsPerTransition = %d, want at least 1", c.MaxStepsPerTransition)
	}
	return nil
}
