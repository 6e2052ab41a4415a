package sleep

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/replaylab/replaylab/hippocampus"
)

// navEpisode returns an episode in the agent's layout: previous action (5),
// reward (2), class (3), then a one-hot place over T steps. moves[t] is the
// move made at step t (0–3); rewarded pays on the last move.
func navEpisode(moves []int, rewarded bool) (contents [][]float64, blocks []int) {
	T := len(moves) + 1
	blocks = []int{5, 2, 3, T}
	for t := range T {
		c := make([]float64, 10+T)
		if t == 0 {
			c[0] = 1
		} else {
			c[1+moves[t-1]] = 1
		}
		if rewarded && t == T-1 {
			c[6] = 1
		} else {
			c[5] = 1
		}
		c[7+t%3] = 1
		c[10+t] = 1
		contents = append(contents, c)
	}
	return contents, blocks
}

// The outcome rule reads G from the replayed reward entries and weights the
// action entries by A = (G − V)/max G: the rewarded episode is imitated more
// and the unrewarded one's moves are pushed down; the imitate rule records
// no return.
func TestOutcomeReturnAndAdvantage(t *testing.T) {
	moves := []int{2, 2, 2, 1, 1, 1, 1}
	good, blocks := navEpisode(moves, true)
	bad, _ := navEpisode([]int{2, 2, 2, 3, 3, 3, 3}, false)
	cache := newCache(t, blocks)
	gid, err := cache.Store(good)
	if err != nil {
		t.Fatal(err)
	}
	bid, err := cache.Store(bad)
	if err != nil {
		t.Fatal(err)
	}
	cands := []Candidate{{Episode: 0, Cache: gid, Rewarded: true, Reward: 1}, {Episode: 1, Cache: bid}}
	run := func(rule Rule) (map[int]Event, *Sleeper) {
		cfg := DefaultConfig()
		cfg.Select, cfg.Rule, cfg.Gamma = SelectAll, rule, 0.9
		s, err := New(cfg, 10, blocks, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		events, err := s.Sleep(0, 8, newCortex(t, 10), cache, cands, nil)
		if err != nil {
			t.Fatal(err)
		}
		byEp := map[int]Event{}
		for _, e := range events {
			if e.Direction == "reverse" {
				if !e.Trained {
					t.Fatalf("%s: event of episode %d not trained", rule, e.Episode)
				}
				byEp[e.Episode] = e
			}
		}
		if len(byEp) != 2 {
			t.Fatalf("%s: replayed episodes %v, want both", rule, byEp)
		}
		return byEp, s
	}
	ev, _ := run(RuleOutcome)
	wantG := math.Pow(0.9, float64(len(moves)-1)) // the reward is received at step T−1
	if g := ev[0].Return; math.Abs(g-wantG) > 1e-12 {
		t.Errorf("return of the rewarded episode %.6f, want γ^%d = %.6f", g, len(moves)-1, wantG)
	}
	if g := ev[1].Return; g != 0 {
		t.Errorf("return of the unrewarded episode %v, want 0", g)
	}
	if a, b := ev[0].Advantage, ev[1].Advantage; !(a > 0 && b < 0 && a-b == 1) {
		t.Errorf("advantages %v (rewarded), %v (not); want > 0, < 0, differing by (G₁ − G₀)/max G = 1", a, b)
	}
	imit, _ := run(RuleImitate)
	if !math.IsNaN(imit[0].Return) || imit[0].Advantage != 0 {
		t.Errorf("imitate rule: return %v advantage %v, want NaN and 0", imit[0].Return, imit[0].Advantage)
	}
}

// The weights: A ≥ 0 weights every action entry κ·A; A < 0 only the taken
// move's, κ·|A|·(1 − certainty), with target 0; other entries keep 1.
func TestOutcomeWeights(t *testing.T) {
	target := []float64{0, 0, 1, 0, 0, 1, 0, 0, 0, 1}
	dst := make([]float64, len(target))
	o := outcomeWeights{on: true, adv: 0.5, gain: 2, actions: 5, certainty: []float64{0.75}}
	o.fill(dst, target, 0)
	want := []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	for k := range want {
		if dst[k] != want[k] {
			t.Fatalf("A = 0.5: weights %v, want %v", dst, want)
		}
	}
	if got := o.adjust(target, 0); &got[0] != &target[0] {
		t.Error("A ≥ 0 changed the target")
	}
	o.adv = -0.5
	o.fill(dst, target, 0)
	want = []float64{0, 0, 0.25, 0, 0, 1, 1, 1, 1, 1}
	for k := range want {
		if math.Abs(dst[k]-want[k]) > 1e-15 {
			t.Fatalf("A = −0.5: weights %v, want %v", dst, want)
		}
	}
	adj := o.adjust(target, 0)
	if adj[2] != 0 || target[2] != 1 || adj[5] != 1 {
		t.Errorf("A < 0: adjusted target %v (from %v), want the taken move's entry 0 and the rest kept", adj, target)
	}
}

// predictedMove replays contents[:t+1] through cx and returns its output
// entry of move m (the prediction of the move made at step t).
func predictedMove(t *testing.T, cx interface {
	Reset()
	Forward([]float64) error
	Output() []float64
}, contents [][]float64, step, m int) float64 {
	t.Helper()
	cx.Reset()
	for _, c := range contents[:step+1] {
		if err := cx.Forward(c[:10]); err != nil {
			t.Fatal(err)
		}
	}
	return cx.Output()[1+m]
}

// Learning from a failure: two episodes share a start and differ in one
// choice (step 3: right is rewarded, left is not). Replaying both, the
// imitate rule raises the prediction of the failed choice (it clones every
// move); the outcome rule lowers it below the rewarded one, with the
// advantage given per episode or per step.
func TestOutcomeLearnsFromFailure(t *testing.T) {
	good, blocks := navEpisode([]int{2, 2, 2, 1, 1, 1}, true)
	bad, _ := navEpisode([]int{2, 2, 2, 3, 3, 3}, false)
	cache := newCache(t, blocks)
	gid, err := cache.Store(good)
	if err != nil {
		t.Fatal(err)
	}
	bid, err := cache.Store(bad)
	if err != nil {
		t.Fatal(err)
	}
	cands := []Candidate{{Episode: 0, Cache: gid, Rewarded: true, Reward: 1}, {Episode: 1, Cache: bid}}
	const choice, left, right = 3, 3, 1
	margin := map[Rule]float64{}
	stepMargin := 0.0
	for i, rule := range []Rule{RuleImitate, RuleOutcome, RuleOutcome} {
		cfg := DefaultConfig()
		cfg.Select, cfg.Rule, cfg.MeasureAfter = SelectAll, rule, false
		if i == 2 {
			cfg.Credit = CreditStep
		}
		s, err := New(cfg, 10, blocks, rand.New(rand.NewPCG(1, 2)))
		if err != nil {
			t.Fatal(err)
		}
		cx := newCortex(t, 10)
		for i := range 30 {
			if _, err := s.Sleep(i, 10, cx, cache, cands, nil); err != nil {
				t.Fatal(err)
			}
		}
		m := predictedMove(t, cx, good, choice, right) - predictedMove(t, cx, good, choice, left)
		if i == 2 {
			stepMargin = m
			continue
		}
		margin[rule] = m
	}
	t.Logf("outcome rule with per-step credit: %.3f", stepMargin)
	if stepMargin < 0.3 {
		t.Errorf("outcome rule, per-step credit: right − left = %.3f at the choice, want ≥ 0.3", stepMargin)
	}
	t.Logf("prediction right − left at the choice: imitate %.3f, outcome %.3f", margin[RuleImitate], margin[RuleOutcome])
	if margin[RuleOutcome] < 0.3 {
		t.Errorf("outcome rule: right − left = %.3f at the choice, want ≥ 0.3 (the rewarded move preferred)", margin[RuleOutcome])
	}
	if math.Abs(margin[RuleImitate]) > 0.2 {
		t.Errorf("imitate rule: right − left = %.3f, want near 0 (both moves cloned alike)", margin[RuleImitate])
	}
}

// placeEpisode returns a production of known outcome whose forward replay
// visits places (indices into a one-hot place block of width nPlaces) and
// pays on its last step, in the layout of navEpisode.
func placeEpisode(places []int, nPlaces int) (*production, []int) {
	blocks := []int{5, 2, 3, nPlaces}
	p := &production{steps: len(places), known: true}
	for t, z := range places {
		c := make([]float64, 10+nPlaces)
		c[0] = 1 // the moves do not matter here
		if t == len(places)-1 {
			c[6] = 1
		} else {
			c[5] = 1
		}
		c[7] = 1
		c[10+z] = 1
		p.fwd.steps = append(p.fwd.steps, hippocampus.ReplayStep{Step: t, Content: c})
	}
	return p, blocks
}

// Per-step credit: each move's return-to-go against the mean of those
// replayed at its place, over the best there. A short route 0→1→2→3 and a
// long one 0→4→5→2→3, both rewarded at 3, share places 0 and 2: at 0 the
// short route's move is better than the mean and the long one's worse; at 2
// both are worth the same (A = 0); at 4 and 5 the long route is alone (A = 0),
// where episode credit would push every move of the long route down.
func TestStepCreditAdvantages(t *testing.T) {
	short, blocks := placeEpisode([]int{0, 1, 2, 3}, 6)
	long, _ := placeEpisode([]int{0, 4, 5, 2, 3}, 6)
	cfg := DefaultConfig()
	cfg.Rule, cfg.Credit, cfg.Gamma = RuleOutcome, CreditStep, 0.9
	s, err := New(cfg, 10, blocks, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	s.stepAdvantages([]*production{short, long}, []int{0, 1})
	g := func(k int) float64 { return math.Pow(0.9, float64(k)) }
	wantRTG := map[string][]float64{"short": {g(2), g(1), 1}, "long": {g(3), g(2), g(1), 1}}
	v0, best0 := (g(2)+g(3))/2, g(2)
	wantA := map[string][]float64{"short": {(g(2) - v0) / best0, 0, 0}, "long": {(g(3) - v0) / best0, 0, 0, 0}}
	for name, p := range map[string]*production{"short": short, "long": long} {
		for k, w := range wantRTG[name] {
			if math.Abs(p.rtg[k]-w) > 1e-12 {
				t.Errorf("%s route: return-to-go %v, want %v", name, p.rtg, wantRTG[name])
				break
			}
		}
		for k, w := range wantA[name] {
			if math.Abs(p.advs[k]-w) > 1e-12 {
				t.Errorf("%s route: advantages %v, want %v", name, p.advs, wantA[name])
				break
			}
		}
	}
	if !(short.adv > 0 && long.adv < 0) {
		t.Errorf("mean advantages %v (short), %v (long); want > 0 and < 0", short.adv, long.adv)
	}
	// An event drawn twice counts twice in V(z).
	s.stepAdvantages([]*production{short, long}, []int{0, 0, 1})
	v0 = (2*g(2) + g(3)) / 3
	if a := long.advs[0]; math.Abs(a-(g(3)-v0)/best0) > 1e-12 {
		t.Errorf("long route at place 0 with the short one drawn twice: A = %v, want %v", a, (g(3)-v0)/best0)
	}
}

// The imitation floor: a move with A ≥ 0 on a route that reached a reward
// keeps weight ≥ ν on the action entries; one that did not (G_t = 0) is not
// imitated.
func TestImitationFloor(t *testing.T) {
	target := []float64{0, 0, 1, 0, 0, 1, 0, 0, 0, 1}
	dst := make([]float64, len(target))
	o := outcomeWeights{on: true, gain: 2, actions: 5, floor: 0.5,
		advs: []float64{0, 0.1, 0.4, 0}, rtg: []float64{0.8, 0.9, 1, 0}}
	for step, want := range []float64{0.5, 0.5, 0.8, 0} {
		o.fill(dst, target, step)
		for k := range 5 {
			if math.Abs(dst[k]-want) > 1e-15 {
				t.Fatalf("step %d (A %v, G_t %v): action weights %v, want %v", step, o.advs[step], o.rtg[step], dst[:5], want)
			}
		}
	}
	o = outcomeWeights{on: true, gain: 2, actions: 5, floor: 0.5, adv: 0.1, ret: 0.7}
	o.fill(dst, target, 3)
	if dst[0] != 0.5 {
		t.Errorf("episode credit, A 0.1, G 0.7: action weight %v, want the floor 0.5", dst[0])
	}
}
