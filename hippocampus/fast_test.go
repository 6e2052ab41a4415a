package hippocampus

import (
	"bytes"
	"slices"
	"sort"
	"testing"
)

// TestExpansionCodeRanks: the counting selection picks exactly the k_r
// readout units ranked highest by (count + jitter, then lower index), the
// definition, for inputs of several sizes.
func TestExpansionCodeRanks(t *testing.T) {
	rng := testRNG(4)
	for _, tc := range []struct{ n, k, r int }{{400, 12, 2000}, {2000, 60, 20000}, {500, 200, 2000}} {
		x := newExpansion(tc.n, tc.k, tc.r, 0.005, 99)
		ws := x.newScratch(tc.n)
		for range 5 {
			in := rng.Perm(tc.n)[:tc.k+rng.IntN(tc.k)]
			slices.Sort(in)
			x.code(in, ws)
			drive := make([]float64, tc.r)
			copy(drive, x.jitter)
			for _, i := range in {
				for _, r := range x.targets[i*x.fanOut : (i+1)*x.fanOut] {
					drive[r]++
				}
			}
			order := make([]int, tc.r)
			for i := range order {
				order[i] = i
			}
			sort.SliceStable(order, func(a, b int) bool { return drive[order[a]] > drive[order[b]] })
			want := slices.Clone(order[:x.kr])
			slices.Sort(want)
			if !slices.Equal(ws.active, want) {
				t.Fatalf("n=%d r=%d: code %v, want %v", tc.n, tc.r, ws.active, want)
			}
		}
	}
}

// TestWinnersExact: the candidate search gives the k largest h (ties to the
// lower index) whatever the previous threshold and margin, and lists the
// changed units.
func TestWinnersExact(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.ReadoutUnits = 300, 0
	cache, err := New(cfg, []int{3}, testRNG(1))
	if err != nil {
		t.Fatal(err)
	}
	c := cache.st
	rng := testRNG(2)
	c.patternState(c.all[:c.k], 1)
	for trial := range 200 {
		for i := range c.h {
			c.h[i] = float64(rng.IntN(40)) / 7 // many ties
		}
		c.theta, c.margin = rng.NormFloat64()*3, float64(trial%5)*rng.Float64()
		before := slices.Clone(c.s)
		c.changed, c.delta = c.changed[:0], c.delta[:0]
		n := c.winners()
		order := slices.Clone(c.all)
		sort.SliceStable(order, func(a, b int) bool { return c.h[order[a]] > c.h[order[b]] })
		want := slices.Clone(order[:c.k])
		slices.Sort(want)
		got := slices.Clone(c.active)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: winners %v, want %v", trial, got, want)
		}
		diff := 0
		for i := range c.s {
			if c.s[i] != before[i] {
				diff++
			}
		}
		if n != diff || len(c.changed) != diff {
			t.Fatalf("trial %d: %d changed reported, %d listed, %d true", trial, n, len(c.changed), diff)
		}
	}
}

// TestIncrementalField: after each update, the cached field slots equal a
// fresh computation, and the field they give equals W s, to 1e-12.
func TestIncrementalField(t *testing.T) {
	for _, cfg := range []Config{DefaultConfig(), PaperConfig()} {
		cfg.N = 400
		if cfg.ReadoutUnits > 0 {
			cfg.ReadoutUnits = 2000
		}
		cache, err := New(cfg, []int{3, 7}, testRNG(2))
		if err != nil {
			t.Fatal(err)
		}
		c := cache.st
		id, _ := c.Store(randomEpisode(testRNG(3), []int{3, 7}, 20))
		e, _ := c.find(id)
		c.gen.indices(e.seed, 10, c.idx)
		c.patternState(c.idx, 1)
		fresh := fieldSlot{g: make([]float64, cfg.N)}
		for u := range 12 {
			c.update(&c.rev[0], &c.rev[1], 0.7)
			for i := range c.slots {
				sl := &c.slots[i]
				if sl.m == nil {
					continue
				}
				c.sparseField(&fresh, sl.m)
				if d := maxAbsDiff(sl.g, fresh.g); d > 1e-12 || abs(sl.bs-fresh.bs) > 1e-12 {
					t.Fatalf("%v update %d: slot differs by %g (b·s by %g)", cfg.Activation, u, d, sl.bs-fresh.bs)
				}
				// and the slot's field is the definition's W s
				c.field(c.f1, sl.m)
				worst, rho := 0.0, c.rho
				for i, gi := range sl.g {
					w := (gi - 2*rho*c.sumS*sl.m.post[i] - rho*sl.bs + 2*rho*rho*sl.m.count*c.sumS) / float64(cfg.N)
					worst = max(worst, abs(w-c.f1[i]))
				}
				if worst > 1e-12 {
					t.Fatalf("%v update %d: field differs from W s by %g", cfg.Activation, u, worst)
				}
			}
		}
	}
}

func abs(x float64) float64 { return max(x, -x) }

// TestSaveLoadRebuilds: after forgetting and decay, a loaded cache (whose
// sequence matrices are rebuilt from the episode table, not read) has the
// same matrices bit for bit and replays and stores identically.
func TestSaveLoadRebuilds(t *testing.T) {
	c, ep := smallCache(t, 25)
	c.cfg.MaxEpisodes, c.cfg.Decay = 2, 0.2
	for i := range 3 {
		c.Store(randomEpisode(testRNG(uint64(20+i)), c.blocks, 12))
	}
	c.Decay()
	c.Store(ep)
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for m := range 2 {
		for _, p := range [][2]*seqMatrix{{&c.fwd[m], &d.fwd[m]}, {&c.rev[m], &d.rev[m]}} {
			if !slices.Equal(p[0].sT.Data, p[1].sT.Data) || !slices.Equal(p[0].post, p[1].post) ||
				!slices.Equal(p[0].pre, p[1].pre) || p[0].count != p[1].count {
				t.Fatalf("matrix %d differs after load", m)
			}
		}
	}
	c.Decay()
	d.Decay()
	next := randomEpisode(testRNG(9), c.blocks, 15)
	c.Store(next)
	d.Store(next)
	if !slices.Equal(c.Held(), d.Held()) || len(c.Held()) != 2 {
		t.Fatalf("held %v vs %v", c.Held(), d.Held())
	}
	for _, id := range c.Held() {
		for _, dir := range []Direction{Forward, Reverse} {
			x, y := replayAll(t, c, id, dir), replayAll(t, d, id, dir)
			if x.sum != y.sum || !slices.Equal(x.overlaps, y.overlaps) ||
				!slices.EqualFunc(x.decoded, y.decoded, slices.Equal) {
				t.Errorf("episode %d %v differs after load", id, dir)
			}
		}
	}
}

// TestSaveSize: the snapshot holds no N×N matrix (N = 1000, R = 20 000,
// ten 100-step episodes: ~3 MB where the matrices alone took 26 MB).
func TestSaveSize(t *testing.T) {
	if testing.Short() {
		t.Skip("stores ten 100-step episodes at N = 1000")
	}
	cfg := DefaultConfig()
	cfg.N = 1000
	rng := testRNG(1)
	c, _ := New(cfg, benchBlocks, rng)
	for range 10 {
		c.Store(CorridorEpisode(rng, benchBlocks, 100))
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	t.Logf("N=1000, 10 episodes: snapshot %.2f MB", float64(buf.Len())/1e6)
	if buf.Len() > 8*cfg.ReadoutUnits*c.dim {
		t.Errorf("snapshot %d bytes, want at most 8·R·dim = %d", buf.Len(), 8*cfg.ReadoutUnits*c.dim)
	}
}
