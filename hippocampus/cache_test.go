package hippocampus

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"testing"
)

// TestErrors is must-show 6: bad input returns these exact messages.
func TestErrors(t *testing.T) {
	c, ep := smallCache(t, 5)
	id, err := c.Store(ep)
	if err != nil {
		t.Fatal(err)
	}
	bad := [][]float64{make([]float64, 10), make([]float64, 9)}
	nan := [][]float64{make([]float64, 10)}
	nan[0][4] = math.NaN()
	c.cfg.MaxEpisodes = 1
	id2, _ := c.Store(ep) // forgets id
	cfg := DefaultConfig()
	cfg.Sparseness = 1.5
	_, errCfg := New(cfg, []int{2}, testRNG(1))
	_, errBlock := New(DefaultConfig(), []int{3, 0}, testRNG(1))
	_, errNoBlock := New(DefaultConfig(), nil, testRNG(1))
	_, errEmpty := c.Store(nil)
	_, errWidth := c.Store(bad)
	_, errNaN := c.Store(nan)
	_, errUnknown := c.Replay(7, Forward, nil)
	_, errForgot := c.Replay(id, Reverse, nil)
	_, errDir := c.Replay(id2, Direction(5), nil)
	_, errLen := c.Len(-1)
	tests := []struct {
		err  error
		want string
	}{
		{errCfg, "hippocampus: config: Sparseness = 1.5, want 0 < f < 1"},
		{errBlock, "hippocampus: new: block 1 has width 0, want at least 1"},
		{errNoBlock, "hippocampus: new: no content blocks"},
		{errEmpty, "hippocampus: store: empty episode"},
		{errWidth, "hippocampus: store: step 1 has 9 values, want 10 (blocks [3 7])"},
		{errNaN, "hippocampus: store: step 0 value 4 is NaN"},
		{errUnknown, "hippocampus: replay: episode 7: unknown episode (ids issued so far: 0 to 1)"},
		{errForgot, "hippocampus: replay: episode 0: episode forgotten (the cache holds 1 episodes, [1])"},
		{errDir, "hippocampus: replay episode 1: unknown direction 5"},
		{errLen, "hippocampus: len: episode -1: unknown episode (ids issued so far: 0 to 1)"},
	}
	for _, tc := range tests {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("got %v\nwant %s", tc.err, tc.want)
		}
	}
}

// TestForgetUnlearns: storing A then B with room for one episode leaves the
// same weights as storing B alone (A's content is unbound through its
// decoded readout, which is exact here).
func TestForgetUnlearns(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.ReadoutUnits, cfg.MaxEpisodes = 300, 1500, 1
	blocks := []int{4, 6}
	a := randomEpisode(testRNG(1), blocks, 20)
	b := randomEpisode(testRNG(2), blocks, 20)
	both, _ := New(cfg, blocks, testRNG(3))
	both.Store(a)
	both.Store(b)
	alone, _ := New(cfg, blocks, testRNG(3))
	alone.nextID = 1 // same id, hence same patterns, as B in both
	alone.Store(b)
	diff := 0.0
	for d := range 2 {
		diff = max(diff, maxAbsDiff(both.fwd[d].dense(), alone.fwd[d].dense()), maxAbsDiff(both.rev[d].post, alone.rev[d].post))
	}
	diff = max(diff, maxAbsDiff(both.readT.dense(), alone.readT.dense()), maxAbsDiff(both.classVar, alone.classVar), maxAbsDiff(both.xsum, alone.xsum))
	if diff > 1e-12 {
		t.Errorf("weights differ by %g after forgetting", diff)
	}
}

// TestDecay: Decay scales the traces and the strength. A fresh episode
// stored after two decays replays exactly; the old one survives a mild decay
// and is overwritten by the fresh one's crosstalk after a strong one
// (N = 400, k = 20, 30 steps each).
func TestDecay(t *testing.T) {
	tests := []struct {
		decay          float64
		minOld, maxOld float64 // old episode's reverse fidelity
	}{
		{0.1, 1, 1},
		{0.5, 0, 0.3},
	}
	for _, tc := range tests {
		c, ep := smallCache(t, 30)
		c.cfg.Decay = tc.decay
		old, _ := c.Store(ep)
		w := c.fwd[0].post[0]
		c.Decay()
		c.Decay()
		g := (1 - tc.decay) * (1 - tc.decay)
		if s, _ := c.Strength(old); s != g || c.fwd[0].post[0] != w*g {
			t.Fatalf("decay %v: strength %v weight %v, want %v and %v", tc.decay, s, c.fwd[0].post[0], g, w*g)
		}
		fresh := randomEpisode(testRNG(4), c.blocks, 30)
		id, _ := c.Store(fresh)
		fOld := Fidelity(replayAll(t, c, old, Reverse).decoded, ep, c.blocks)
		fNew := Fidelity(replayAll(t, c, id, Reverse).decoded, fresh, c.blocks)
		t.Logf("decay %v twice: old %.2f, fresh %.2f", tc.decay, fOld, fNew)
		if fOld < tc.minOld || fOld > tc.maxOld || fNew != 1 {
			t.Errorf("decay %v: old fidelity %.2f (want %v to %v), fresh %.2f (want 1)", tc.decay, fOld, tc.minOld, tc.maxOld, fNew)
		}
	}
}

// TestSaveLoad: a loaded cache replays and stores bit-identically.
func TestSaveLoad(t *testing.T) {
	c, ep := smallCache(t, 25)
	c.Store(ep)
	c.Store(randomEpisode(testRNG(8), c.blocks, 10))
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	next := randomEpisode(testRNG(9), c.blocks, 15)
	c.Store(next)
	d.Store(next)
	if !slices.Equal(c.Held(), d.Held()) {
		t.Fatalf("held %v vs %v", c.Held(), d.Held())
	}
	for _, id := range c.Held() {
		for _, dir := range []Direction{Forward, Reverse} {
			x, y := replayAll(t, c, id, dir), replayAll(t, d, id, dir)
			if x.sum != y.sum || !slices.Equal(x.overlaps, y.overlaps) || !slices.Equal(x.sims, y.sims) ||
				!slices.EqualFunc(x.decoded, y.decoded, slices.Equal) {
				t.Errorf("episode %d %v differs after load", id, dir)
			}
		}
	}
	if _, err := Load(bytes.NewReader([]byte("junk"))); err == nil {
		t.Error("loading junk: no error")
	}
}

// TestReplayAllocs is must-show 5 (allocations): a replay allocates nothing.
func TestReplayAllocs(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), PaperConfig(), func() Config { c := PaperConfig(); c.Timing = Oscillation; c.ReadoutUnits = 2000; return c }()} {
		cfg.N = 400
		rng := testRNG(2)
		c, err := New(cfg, []int{3, 7}, rng)
		if err != nil {
			t.Fatal(err)
		}
		id, err := c.Store(randomEpisode(rng, []int{3, 7}, 10))
		if err != nil {
			t.Fatal(err)
		}
		visit := func(ReplayStep) error { return nil }
		for _, dir := range []Direction{Reverse, Forward} {
			if sum, err := c.Replay(id, dir, visit); err != nil || !sum.Completed || sum.Steps != 10 {
				t.Fatalf("%v %v %v: replay %+v, %v; want all 10 steps", cfg.Activation, cfg.Timing, dir, sum, err)
			}
		}
		allocs := testing.AllocsPerRun(5, func() {
			c.Replay(id, Reverse, visit)
			c.Replay(id, Forward, visit)
		})
		if allocs != 0 {
			t.Errorf("%v %v: %v allocations per replay", cfg.Activation, cfg.Timing, allocs)
		}
	}
}

func TestKthLargest(t *testing.T) {
	rng := testRNG(1)
	for _, n := range []int{1, 2, 7, 100, 1001} {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(rng.IntN(20)) // many ties
		}
		sorted := slices.Clone(x)
		sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
		for _, k := range []int{1, (n + 1) / 2, n} {
			if got := kthLargest(slices.Clone(x), k); got != sorted[k-1] {
				t.Errorf("n=%d k=%d: %v, want %v", n, k, got, sorted[k-1])
			}
		}
	}
}

func TestFidelity(t *testing.T) {
	blocks := []int{2, 3}
	truth := [][]float64{{1, 0, 0, 0, 1}, {0, 1, 1, 0, 0}, {0, 1, 0, 1, 0}, {1, 0, 0, 1, 0}}
	dec := [][]float64{{1, 0, 0, 0, 1}, {0, 1, 0, 1, 0}, {0, 1, 0, 1, 0}}
	if got := Fidelity(dec, truth, blocks); got != 0.5 {
		t.Errorf("fidelity %v, want 0.5", got)
	}
}

func maxAbsDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = max(m, math.Abs(a[i]-b[i]))
	}
	return m
}
