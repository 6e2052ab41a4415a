package hippocampus

import (
	"errors"
	"math"
	"testing"
)

// TestPaperSetting is must-show 1: N = 500 dense sign units, 20 random
// patterns with 40 % active units; both timing modes replay all 20 steps in
// order, ending at the first (reverse) or last (forward).
func TestPaperSetting(t *testing.T) {
	blocks := []int{20}
	tests := []struct {
		timing         Timing
		dir            Direction
		minOv          float64 // lowest overlap at a reached step
		minSim, maxSim float64 // mean updates per transition
	}{
		{SelfTimed, Reverse, 0.95, 8, 16},
		{SelfTimed, Forward, 0.95, 8, 16},
		{Oscillation, Reverse, 0.9, 30, 30},
		{Oscillation, Forward, 0.9, 30, 30},
	}
	for _, tc := range tests {
		t.Run(tc.timing.String()+"/"+tc.dir.String(), func(t *testing.T) {
			cfg := PaperConfig()
			cfg.Timing = tc.timing
			rng := testRNG(3)
			c, err := New(cfg, blocks, rng)
			if err != nil {
				t.Fatal(err)
			}
			ep := make([][]float64, 20)
			for i := range ep {
				ep[i] = oneHot(blocks, []int{i}) // step i carries symbol i
			}
			id, err := c.Store(ep)
			if err != nil {
				t.Fatal(err)
			}
			r := replayAll(t, c, id, tc.dir)
			if !r.sum.Completed || r.sum.Steps != 20 {
				t.Fatalf("summary %+v, want 20 steps completed", r.sum)
			}
			// The order is read from the network's state, not from the
			// replay's step counter: at each visit, the stored step whose
			// pattern the state overlaps most.
			at := statesVisited(t, c, id, tc.dir)
			for j, s := range at {
				want := j
				if tc.dir == Reverse {
					want = 19 - j
				}
				if s != want || r.order[j] != want {
					t.Fatalf("replay visited the patterns of steps %v (reported steps %v)", at, r.order)
				}
			}
			for s, ov := range r.overlaps {
				if ov < tc.minOv {
					t.Errorf("step %d overlap %.3f < %.3f", s, ov, tc.minOv)
				}
			}
			if f := Fidelity(r.decoded, ep, blocks); f != 1 {
				t.Errorf("fidelity %.3f, want 1", f)
			}
			per := float64(r.sum.SimSteps) / 19
			t.Logf("%v %v: %.1f updates per transition, min overlap %.3f", tc.timing, tc.dir, per, minOf(r.overlaps))
			if per < tc.minSim || per > tc.maxSim {
				t.Errorf("%.1f updates per transition, want %v to %v", per, tc.minSim, tc.maxSim)
			}
		})
	}
}

// TestCorridor is must-show 2: a 100-step episode whose steps 25 … 74 carry
// one content vector replays at ≥ 99 % fidelity in both directions at the
// default size.
func TestCorridor(t *testing.T) {
	blocks := []int{5, 2, 4, 123}
	rng := testRNG(11)
	c, err := New(DefaultConfig(), blocks, rng)
	if err != nil {
		t.Fatal(err)
	}
	ep := corridorEpisode(rng, 100, 25, 50)
	id, err := c.Store(ep)
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []Direction{Forward, Reverse} {
		r := replayAll(t, c, id, dir)
		f := Fidelity(r.decoded, ep, blocks)
		t.Logf("%v: fidelity %.3f, %d updates (%.1f per transition), min overlap %.3f",
			dir, f, r.sum.SimSteps, float64(r.sum.SimSteps)/99, minOf(r.overlaps))
		if !r.sum.Completed || f < 0.99 {
			t.Errorf("%v: completed %v fidelity %.3f, want ≥ 0.99", dir, r.sum.Completed, f)
		}
	}
}

// TestTenEpisodes is must-show 3: ten corridor episodes stored one after
// another each replay at ≥ 95 %; an eleventh pushes out the oldest, which
// then can no longer be replayed.
func TestTenEpisodes(t *testing.T) {
	if testing.Short() {
		t.Skip("ten 100-step episodes at N = 2000 take ~3 s")
	}
	blocks := []int{5, 2, 4, 123}
	rng := testRNG(5)
	c, err := New(DefaultConfig(), blocks, rng)
	if err != nil {
		t.Fatal(err)
	}
	var eps [][][]float64
	for range 11 {
		ep := corridorEpisode(rng, 100, 25, 50)
		eps = append(eps, ep)
		if len(eps) <= 10 {
			if _, err := c.Store(ep); err != nil {
				t.Fatal(err)
			}
		}
	}
	worst := 1.0
	for i, id := range c.Held() {
		for _, dir := range []Direction{Forward, Reverse} {
			f := Fidelity(replayAll(t, c, id, dir).decoded, eps[i], blocks)
			worst = min(worst, f)
			if f < 0.95 {
				t.Errorf("episode %d %v: fidelity %.3f < 0.95", id, dir, f)
			}
		}
	}
	t.Logf("ten episodes: worst fidelity %.3f", worst)
	if _, err := c.Store(eps[10]); err != nil {
		t.Fatal(err)
	}
	if got := c.Held(); len(got) != 10 || got[0] != 1 || got[9] != 10 {
		t.Fatalf("held %v, want 1 … 10", got)
	}
	if _, err := c.Replay(0, Reverse, nil); !errors.Is(err, ErrForgotten) {
		t.Fatalf("replay of the forgotten episode 0: %v", err)
	}
	for _, i := range []int{1, 10} {
		f := Fidelity(replayAll(t, c, EpisodeID(i), Reverse).decoded, eps[i], blocks)
		t.Logf("after forgetting episode 0: episode %d reverse fidelity %.3f", i, f)
		if f < 0.95 {
			t.Errorf("episode %d after forgetting: fidelity %.3f < 0.95", i, f)
		}
	}
}

// TestOrderAndOverlap checks the step numbering and the SimSteps of the
// cue on a small cache, and that a visit error stops the replay.
func TestVisitErrorStops(t *testing.T) {
	c, ep := smallCache(t, 30)
	id, _ := c.Store(ep)
	stop := errors.New("enough")
	n := 0
	sum, err := c.Replay(id, Forward, func(s ReplayStep) error {
		if n == 0 && (s.Step != 0 || s.SimSteps != 0 || s.Overlap != 1) {
			t.Errorf("cue %+v, want step 0, 0 updates, overlap 1", s)
		}
		n++
		if n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || sum.Steps != 5 || sum.Completed {
		t.Fatalf("err %v summary %+v, want the visit error after 5 steps", err, sum)
	}
}

// TestStall: a transition that cannot settle within the bound is reported.
func TestStall(t *testing.T) {
	c, ep := smallCache(t, 30)
	c.cfg.MaxStepsPerTransition = 2
	id, _ := c.Store(ep)
	sum, err := c.Replay(id, Reverse, nil)
	if err != nil || !sum.Stalled || sum.Completed || sum.Steps != 1 || sum.SimSteps != 2 {
		t.Fatalf("summary %+v err %v, want a stall after the cue", sum, err)
	}
}

func smallCache(t testing.TB, T int) (*Cache, [][]float64) {
	t.Helper()
	cfg := DefaultConfig()
	cfg.N, cfg.ReadoutUnits = 400, 2000
	rng := testRNG(9)
	blocks := []int{3, 7}
	c, err := New(cfg, blocks, rng)
	if err != nil {
		t.Fatal(err)
	}
	return c, randomEpisode(rng, blocks, T)
}

func minOf(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = min(m, v)
	}
	return m
}

// statesVisited replays episode id and returns, for each visit, the step of
// the episode whose pattern the network's state overlaps most: where the
// replay really is, independent of the step it reports.
func statesVisited(t *testing.T, c *Cache, id EpisodeID, dir Direction) []int {
	t.Helper()
	e, err := c.find(id)
	if err != nil {
		t.Fatal(err)
	}
	seed, steps := e.seed, e.steps
	idx := make([]int, len(c.st.idx))
	var at []int
	_, err = c.Replay(id, dir, func(ReplayStep) error {
		best, bestStep := math.Inf(-1), -1
		for k := range steps {
			c.st.gen.indices(seed, k, idx)
			if ov := c.st.overlap(idx); ov > best {
				best, bestStep = ov, k
			}
		}
		at = append(at, bestStep)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return at
}
