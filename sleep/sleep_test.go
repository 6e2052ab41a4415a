package sleep

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// episode returns a T-step episode whose contents are a random symbol
// sequence (one-hot over symbols) followed by a one-hot place code (the
// step index): blocks [symbols, T].
func episode(rng *rand.Rand, T, symbols int) (contents [][]float64, blocks []int) {
	for t := range T {
		c := make([]float64, symbols+T)
		c[rng.IntN(symbols)] = 1
		c[symbols+t] = 1
		contents = append(contents, c)
	}
	return contents, []int{symbols, T}
}

func newCache(t *testing.T, blocks []int) *hippocampus.Cache {
	t.Helper()
	cfg := hippocampus.DefaultConfig()
	cfg.N = 1000
	c, err := hippocampus.New(cfg, blocks, rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newCortex(t *testing.T, width int) *cortex.R2N2 {
	t.Helper()
	cfg := cortex.DefaultConfig(32, width, width)
	cfg.LR = 5e-3
	r, err := cortex.New(cfg, rand.New(rand.NewPCG(5, 6)))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// A replay event trains the consolidator exactly as training on the lived
// sequence would: the cache's replay is a faithful source, and the reverse
// run with exact reverse synapses is BPTT.
func TestReplayEventEqualsTrainingOnTheEpisode(t *testing.T) {
	const T, symbols = 20, 6
	contents, blocks := episode(rand.New(rand.NewPCG(1, 2)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	viaReplay, direct := newCortex(t, symbols), newCortex(t, symbols)
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
	if len(events) != 2 {
		t.Fatalf("got %d events, want forward and reverse", len(events))
	}
	fwd, rev := events[0], events[1]
	if fwd.Direction != "forward" || rev.Direction != "reverse" || !fwd.Completed || !rev.Completed {
		t.Fatalf("events %+v %+v", fwd, rev)
	}
	if fwd.StartStep != 0 || fwd.EndStep != T-1 || rev.StartStep != T-1 || rev.EndStep != 0 || fwd.Steps != T || rev.Steps != T {
		t.Errorf("steps: forward %d→%d (%d), reverse %d→%d (%d); want 0→%d and back, %d each",
			fwd.StartStep, fwd.EndStep, fwd.Steps, rev.StartStep, rev.EndStep, rev.Steps, T-1, T)
	}
	if fwd.Fidelity != 1 || rev.Fidelity != 1 {
		t.Errorf("fidelity forward %v reverse %v, want 1", fwd.Fidelity, rev.Fidelity)
	}
	if !(fwd.LossAfter < fwd.LossBefore) {
		t.Errorf("loss before %v, after %v: want a decrease", fwd.LossBefore, fwd.LossAfter)
	}
	xs := make([][]float64, T)
	for i, c := range contents {
		xs[i] = c[:symbols]
	}
	if _, err := direct.TrainSequence(xs[:T-1], xs[1:]); err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	a, b := viaReplay.Weights(), direct.Weights()
	for _, pair := range [][2][]float64{{a.In.Data, b.In.Data}, {a.AB.Data, b.AB.Data}, {a.BA.Data, b.BA.Data}, {a.Out.Data, b.Out.Data}} {
		for i := range pair[0] {
			worst = max(worst, math.Abs(pair[0][i]-pair[1][i]))
		}
	}
	if worst > 1e-12 {
		t.Errorf("weights after one replay event differ from training on the episode by %.3g", worst)
	}
	t.Logf("replay event: %d + %d network updates, loss %.4f → %.4f, max weight difference to direct training %.3g",
		fwd.SimSteps, rev.SimSteps, fwd.LossBefore, fwd.LossAfter, worst)
}

// Sleeping on a cached sequence teaches the consolidator to predict it.
func TestSleepMemorisesACachedSequence(t *testing.T) {
	if testing.Short() {
		t.Skip("memorisation through replay takes a few seconds")
	}
	const T, symbols = 20, 6
	contents, blocks := episode(rand.New(rand.NewPCG(11, 12)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	cx := newCortex(t, symbols)
	s, err := New(Config{Select: SelectRewarded, Budget: BudgetFixed, Events: 10, MaxEvents: 10, Window: 1},
		symbols, blocks, rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		t.Fatal(err)
	}
	xs := make([][]float64, T)
	ys := make([][]float64, T)
	for i, c := range contents {
		xs[i], ys[i] = c[:symbols], make([]float64, symbols)
	}
	correct := func() int {
		if err := cx.Predict(xs[:T-1], ys[:T-1]); err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := range T - 1 {
			if hippocampus.Argmax(ys[i]) == hippocampus.Argmax(xs[i+1]) {
				n++
			}
		}
		return n
	}
	const maxSleeps = 60
	for sl := range maxSleeps {
		if _, err := s.Sleep(sl, 10, cx, cache, []Candidate{{Cache: id, Rewarded: true}}, nil); err != nil {
			t.Fatal(err)
		}
		if c := correct(); c == T-1 {
			t.Logf("all %d predictions right after %d sleeps (%d replay events)", T-1, sl+1, 10*(sl+1))
			return
		}
	}
	t.Fatalf("after %d sleeps of 10 replay events, %d of %d predictions right", maxSleeps, correct(), T-1)
}

func TestSleepSkipsUnrewardedAndForgotten(t *testing.T) {
	const T, symbols = 8, 3
	contents, blocks := episode(rand.New(rand.NewPCG(1, 1)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	cx := newCortex(t, symbols)
	s, _ := New(DefaultConfig(), symbols, blocks, rand.New(rand.NewPCG(1, 1)))
	cands := []Candidate{{Episode: 0, Cache: id, Rewarded: false}, {Episode: 1, Cache: id + 100, Rewarded: true}}
	events, err := s.Sleep(0, 5, cx, cache, cands, nil)
	if err != nil || len(events) != 0 {
		t.Fatalf("got %d events, err %v; want none: one candidate unrewarded, the other not held", len(events), err)
	}
}
