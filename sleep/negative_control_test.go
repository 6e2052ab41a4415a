package sleep

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// maxWeightDiff is the largest entry-wise difference of two networks' weights.
func maxWeightDiff(x, y *cortex.R2N2) float64 {
	a, b := x.Weights(), y.Weights()
	worst := 0.0
	for _, pair := range [][2][]float64{{a.In.Data, b.In.Data}, {a.AB.Data, b.AB.Data}, {a.BA.Data, b.BA.Data}, {a.Out.Data, b.Out.Data}} {
		for i := range pair[0] {
			worst = max(worst, math.Abs(pair[0][i]-pair[1][i]))
		}
	}
	return worst
}

// The negative control of TestReplayEventEqualsTrainingOnTheEpisode: when
// the cache replays the episode badly (a small cache, the episode decayed
// twice by half while fresher episodes were stored over it), one replay
// event must not train the consolidator as the lived episode would: either
// sleep drops the unfaithful replay (and records the dropped steps) or it
// trains differently.
// If it did not, the replay test above could not tell a faithful replay
// from any replay at all (e.g. a sleeper that read the lived episode).
func TestDegradedReplayDiffersFromTheLivedEpisode(t *testing.T) {
	const T, symbols = 20, 6
	rng := rand.New(rand.NewPCG(1, 2))
	contents, blocks := episode(rng, T, symbols)
	cfg := hippocampus.DefaultConfig()
	cfg.N, cfg.ReadoutUnits, cfg.Decay = 400, 2000, 0.5
	cache, err := hippocampus.New(cfg, blocks, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		cache.Decay()
		fresh, _ := episode(rng, T, symbols)
		if _, err := cache.Store(fresh); err != nil {
			t.Fatal(err)
		}
	}
	viaReplay, direct, untrained := newCortex(t, symbols), newCortex(t, symbols), newCortex(t, symbols)
	s, err := New(Config{Select: SelectAll, Budget: BudgetFixed, Events: 1, MaxEvents: 1, Window: 1, MeasureAfter: true},
		symbols, blocks, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	ref := func(_, step int) []float64 { return contents[step] }
	events, err := s.Sleep(0, 1, viaReplay, cache, []Candidate{{Episode: 0, Cache: id, Rewarded: true}}, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 {
		t.Fatal("no replay event")
	}
	fwd := events[0]
	xs := make([][]float64, T)
	for i, c := range contents {
		xs[i] = c[:symbols]
	}
	if _, err := direct.TrainSequence(xs[:T-1], xs[1:]); err != nil {
		t.Fatal(err)
	}
	diff, moved := maxWeightDiff(viaReplay, direct), maxWeightDiff(viaReplay, untrained)
	t.Logf("degraded replay: forward fidelity %.3f over %d steps; weights differ from direct training by %.3g (moved %.3g from the start)",
		fwd.Fidelity, fwd.Steps, diff, moved)
	if fwd.Fidelity > 0.5 {
		t.Fatalf("forward replay fidelity %.3f: the control needs a degraded replay (≤ 0.5)", fwd.Fidelity)
	}
	if moved == 0 {
		// The faithful-part rule (faithful.go) dropped the replay: that is
		// the intended outcome, and the record must say so.
		rev := events[1]
		if rev.Trained || rev.DroppedSteps == 0 {
			t.Fatalf("weights unchanged, but the reverse event says trained=%v with %d dropped steps", rev.Trained, rev.DroppedSteps)
		}
		return
	}
	// One Adam step moves a weight by about lr = 5e-3; a faithful replay
	// matches direct training to 1e-12.
	if diff < 1e-4 {
		t.Errorf("training on a replay of fidelity %.3f matches training on the lived episode to %.3g: the replay test cannot tell them apart", fwd.Fidelity, diff)
	}
}
