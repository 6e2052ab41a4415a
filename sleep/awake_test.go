package sleep

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// An awake replay event of an episode trains the consolidator exactly as
// the same sleep replay event: bit-identical weights (and optimiser state,
// seen through a second event), identical records apart from the phase
// fields, and no draw from the sleep's random stream.
func TestAwakeReplayTrainsLikeTheSleepEvent(t *testing.T) {
	const T, symbols = 20, 6
	contents, blocks := episode(rand.New(rand.NewPCG(1, 2)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Select: SelectAll, Budget: BudgetFixed, Events: 1, MaxEvents: 1, Window: 1, MeasureAfter: true,
		MinConfidence: 0.5}
	newSleeper := func() *Sleeper {
		s, err := New(cfg, symbols, blocks, rand.New(rand.NewPCG(7, 8)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	asleep, awake := newCortex(t, symbols), newCortex(t, symbols)
	ss, sa := newSleeper(), newSleeper()
	ref := func(_, step int) []float64 { return contents[step] }
	cand := Candidate{Episode: 0, Cache: id, Rewarded: true, Reward: 1}
	slept, err := ss.Sleep(0, 2, asleep, cache, []Candidate{cand}, ref)
	if err != nil {
		t.Fatal(err)
	}
	woke, err := sa.Awake(3, 0, T-2, 2, awake, cache, cand, ref)
	if err != nil {
		t.Fatal(err)
	}
	if len(slept) != 4 || len(woke) != 4 {
		t.Fatalf("%d sleep and %d awake events, want 4 each (two replay events)", len(slept), len(woke))
	}
	a, b := asleep.Weights(), awake.Weights()
	for _, pair := range [][2][]float64{{a.In.Data, b.In.Data}, {a.AB.Data, b.AB.Data}, {a.BA.Data, b.BA.Data}, {a.Out.Data, b.Out.Data}} {
		if !slices.Equal(pair[0], pair[1]) {
			t.Fatal("weights after awake replay differ from those after the same sleep replay")
		}
	}
	MarkSleep(slept)
	for i := range woke {
		w, s := woke[i], slept[i]
		if w.Phase != PhaseAwake || w.Kind != KindReplay || w.EpisodeAt != 0 || w.StepAt != T-2 || w.Sleep != 3 || !w.IsAwake() {
			t.Errorf("awake event %d: phase %q kind %q at episode %d step %d sleep %d", i, w.Phase, w.Kind, w.EpisodeAt, w.StepAt, w.Sleep)
		}
		if s.Phase != PhaseSleep || s.EpisodeAt != -1 || s.StepAt != -1 || s.IsAwake() {
			t.Errorf("sleep event %d: phase %q at %d/%d", i, s.Phase, s.EpisodeAt, s.StepAt)
		}
		w.Phase, w.Kind, w.EpisodeAt, w.StepAt, w.Sleep = s.Phase, s.Kind, s.EpisodeAt, s.StepAt, s.Sleep
		if !reflect.DeepEqual(nanFree(w), nanFree(s)) {
			t.Errorf("event %d differs:\nawake %+v\nsleep %+v", i, w, s)
		}
	}
	if !slept[1].Trained || !(slept[2].LossBefore < slept[0].LossBefore) {
		t.Errorf("the events did not train: %+v", slept[1])
	}
	// Awake replay drew nothing from its sleeper's stream: both continue alike.
	if newSleeper().rng.Uint64() != sa.rng.Uint64() {
		t.Error("awake replay consumed random draws of the sleep stream")
	}
	// An episode the cache no longer holds is not replayed.
	if ev, err := sa.Awake(3, 1, 0, 1, awake, cache, Candidate{Episode: 1, Cache: id + 99}, ref); err != nil || ev != nil {
		t.Errorf("awake replay of an episode not held: %v, %v", ev, err)
	}
}

// nanFree returns v with its NaN fields set to a fixed value (NaN ≠ NaN
// would make equal records compare different).
func nanFree(v Event) Event {
	for _, f := range []*float64{&v.Fidelity, &v.LossBefore, &v.LossAfter, &v.TrainedFidelity, &v.ReversalError, &v.MinConfidence, &v.Return, &v.Advantage} {
		if *f != *f {
			*f = -12345
		}
	}
	return v
}

// Under the outcome rule an awake replay event trains as under imitate
// (the episode was just rewarded; there is no sleep to measure its
// advantage against): bit-identical weights, Return NaN, Advantage 0.
func TestAwakeReplayImitatesUnderTheOutcomeRule(t *testing.T) {
	const T, symbols = 20, 6
	contents, blocks := episode(rand.New(rand.NewPCG(3, 4)), T, symbols)
	cache := newCache(t, blocks)
	id, err := cache.Store(contents)
	if err != nil {
		t.Fatal(err)
	}
	ref := func(_, step int) []float64 { return contents[step] }
	cand := Candidate{Episode: 0, Cache: id, Rewarded: true, Reward: 1}
	var weights [2][]float64
	for i, rule := range []Rule{RuleImitate, RuleOutcome} {
		cfg := Config{Select: SelectAll, Budget: BudgetFixed, Events: 1, MaxEvents: 1, Window: 1, MeasureAfter: true,
			MinConfidence: 0.5, Rule: rule, Gamma: DefaultGamma, AdvantageGain: DefaultAdvantageGain}
		s, err := New(cfg, symbols, blocks, rand.New(rand.NewPCG(7, 8)))
		if err != nil {
			t.Fatal(err)
		}
		cx := newCortex(t, symbols)
		woke, err := s.Awake(0, 0, T-2, 2, cx, cache, cand, ref)
		if err != nil {
			t.Fatal(err)
		}
		if len(woke) != 4 || !woke[1].Trained {
			t.Fatalf("rule %v: %d events, trained %v", rule, len(woke), len(woke) > 1 && woke[1].Trained)
		}
		for _, v := range woke {
			if v.Return == v.Return || v.Advantage != 0 {
				t.Errorf("rule %v: awake event has return %v, advantage %v; want NaN, 0", rule, v.Return, v.Advantage)
			}
		}
		w := cx.Weights()
		weights[i] = slices.Concat(w.In.Data, w.AB.Data, w.BA.Data, w.Out.Data)
	}
	if !slices.Equal(weights[0], weights[1]) {
		t.Error("awake replay under the outcome rule trained differently from imitate")
	}
}
