package cortex

import (
	"math"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

// TestInitFreshDrawsPerSequence: with InitFresh every Reset draws a new
// initial state within ±InitScale (mostly on the bounds, the draw's standard
// deviation being 3), the same seed gives the same draws, and the weights
// are those of the fixed-state network of the same seed.
func TestInitFreshDrawsPerSequence(t *testing.T) {
	cfg := DefaultConfig(32, 3, 3)
	cfg.Init = InitFresh
	r := newR2N2ForTest(t, cfg, 7)
	twin := newR2N2ForTest(t, cfg, 7)
	a1, _ := r.InitialState()
	first := slices.Clone(a1)
	r.Reset()
	a2, b2 := r.InitialState()
	if slices.Equal(first, a2) {
		t.Fatalf("Reset drew the same initial state again: %v", a2)
	}
	var onBound int
	for _, v := range append(slices.Clone(a2), b2...) {
		if math.Abs(v) > cfg.InitScale {
			t.Fatalf("initial unit %v outside ±%v", v, cfg.InitScale)
		}
		if math.Abs(v) == cfg.InitScale {
			onBound++
		}
	}
	// P(|N(0, 9)| ≥ 0.2) = 0.947: expect ~61 of 64 on the bounds.
	if onBound < 52 {
		t.Errorf("%d of 64 units on ±%v, want ≥ 52 (std-3 draw, clipped)", onBound, cfg.InitScale)
	}
	twin.Reset()
	if ta, _ := twin.InitialState(); !slices.Equal(ta, a2) {
		t.Errorf("same seed, second draw differs: %v vs %v", ta, a2)
	}
	fixedCfg := cfg
	fixedCfg.Init = InitClippedNormal
	fixed := newR2N2ForTest(t, fixedCfg, 7)
	if !slices.Equal(fixed.wOut.Data, r.wOut.Data) || !slices.Equal(fixed.wIn.Data, r.wIn.Data) {
		t.Errorf("InitFresh changed the weights drawn for the seed")
	}
}

// TestInitFreshBaselinesRefuse: the baselines keep one state per network
// and say so instead of silently ignoring InitFresh.
func TestInitFreshBaselinesRefuse(t *testing.T) {
	cfg := DefaultConfig(8, 3, 3)
	cfg.Init = InitFresh
	rng := seeds.New(1, "test").Rand
	_, err := NewBPTT(cfg, rng)
	want := "cortex: BPTT: InitFresh (a fresh initial state per sequence) is offered by R2N2 only"
	if err == nil || err.Error() != want {
		t.Errorf("NewBPTT: %v, want %q", err, want)
	}
	rc := DefaultRFLOConfig(8, 3, 3)
	rc.Init = InitFresh
	if _, err := NewRFLO(rc, rng); err == nil || err.Error() != "cortex: RFLO: InitFresh (a fresh initial state per sequence) is offered by R2N2 only" {
		t.Errorf("NewRFLO: %v", err)
	}
	vc := DefaultReservoirConfig(8, 3, 3)
	vc.Init = InitFresh
	if _, err := NewReservoir(vc, rng); err == nil || err.Error() != "cortex: reservoir: InitFresh (a fresh initial state per sequence) is offered by R2N2 only" {
		t.Errorf("NewReservoir: %v", err)
	}
}
