package sleep

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/cortex"
)

// TestFailedReversalIsNotTrained is Must-show 3 of issue 13 in sleep: with
// learned reverse synapses and a reversal tolerance of 0 (a fitted R is
// never bit-exact, so every reverse run fails the check, down to segments
// of one step), the replay event is recorded as not trained with its
// reversal error, every step dropped, and the weights and Adam's state do
// not change.
func TestFailedReversalIsNotTrained(t *testing.T) {
	const T, symbols = 80, 6
	contents, blocks := episode(rand.New(rand.NewPCG(1, 2)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	cfg := cortex.DefaultConfig(32, symbols, symbols)
	cfg.Reverse, cfg.ReversalTol = cortex.ReverseLearned, 0
	cx, err := cortex.New(cfg, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	w := cx.Weights()
	before := slices.Concat(w.In.Data, w.AB.Data, w.BA.Data, w.Out.Data)
	steps := cx.Optimizer().T
	scfg := DefaultConfig()
	scfg.Select, scfg.Budget, scfg.Events = SelectAll, BudgetFixed, 1
	s, err := New(scfg, symbols, blocks, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	ref := func(_, step int) []float64 { return contents[step] }
	events, err := s.Sleep(0, 1, cx, cache, []Candidate{{Episode: 0, Cache: id, Rewarded: true}}, ref)
	if err != nil {
		t.Fatal(err)
	}
	fwd, rev := events[0], events[1]
	t.Logf("faithful %d steps, reversal error %.3g, failed %v, trained %v, dropped %d", rev.FaithfulSteps, rev.ReversalError, rev.ReversalFailed, rev.Trained, rev.DroppedSteps)
	if rev.FaithfulSteps != T || !rev.ReversalFailed || !(rev.ReversalError > 0) || rev.Trained || fwd.Trained ||
		rev.TrainedSteps != 0 || rev.DroppedSteps != T {
		t.Errorf("reverse event %+v: want %d faithful steps, reversal failed with error > 0, not trained, %d dropped", rev, T, T)
	}
	w = cx.Weights()
	if !slices.Equal(before, slices.Concat(w.In.Data, w.AB.Data, w.BA.Data, w.Out.Data)) || cx.Optimizer().T != steps {
		t.Errorf("the weights or Adam's step count changed after a failed reversal")
	}
	// The same event with the default tolerance trains.
	cfg.ReversalTol = cortex.DefaultReversalTol
	cx2, err := cortex.New(cfg, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	events, err = s.Sleep(1, 1, cx2, cache, []Candidate{{Episode: 0, Cache: id, Rewarded: true}}, ref)
	if err != nil {
		t.Fatal(err)
	}
	if rev := events[1]; !rev.Trained || rev.ReversalFailed || rev.TrainedSteps != T || rev.TrainedFidelity != 1 {
		t.Errorf("default tolerance: %+v, want trained on all %d steps at fidelity 1", rev, T)
	}
}
