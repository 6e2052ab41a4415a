package sleep

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// routeEpisode returns an episode in the agent's layout (previous action 5,
// reward 2, class 3, place nPlaces) that visits places in order; the move
// into place q is labelled q mod 4 and the class is q mod 3, so equal places
// give equal states. rewarded pays on arriving at the last place.
func routeEpisode(places []int, nPlaces int, rewarded bool) (contents [][]float64, blocks []int) {
	blocks = []int{5, 2, 3, nPlaces}
	for t, q := range places {
		c := make([]float64, 10+nPlaces)
		if t == 0 {
			c[0] = 1
		} else {
			c[1+q%4] = 1
		}
		if rewarded && t == len(places)-1 {
			c[6] = 1
		} else {
			c[5] = 1
		}
		c[7+q%3] = 1
		c[10+q] = 1
		contents = append(contents, c)
	}
	return contents, blocks
}

// spliceFixture stores a rewarded route 0 1 2 3 4 5 6 9 (7 moves) and an
// unrewarded episode 0 7 3 10 that reaches place 3 in 2 moves instead of 3.
func spliceFixture(t *testing.T) (*hippocampus.Cache, []Candidate, []int) {
	t.Helper()
	const places = 12
	long, blocks := routeEpisode([]int{0, 1, 2, 3, 4, 5, 6, 9}, places, true)
	short, _ := routeEpisode([]int{0, 7, 3, 10}, places, false)
	cache := newCache(t, blocks)
	lid, err := cache.Store(long)
	if err != nil {
		t.Fatal(err)
	}
	sid, err := cache.Store(short)
	if err != nil {
		t.Fatal(err)
	}
	return cache, []Candidate{{Episode: 0, Cache: lid, Rewarded: true, Reward: 1}, {Episode: 1, Cache: sid}}, blocks
}

// spliceSleeper returns a Sleeper with the default settings, the given
// selection of drawn events and splice spliced events per sleep.
func spliceSleeper(t *testing.T, blocks []int, sel Selection, splice int) *Sleeper {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Select, cfg.SpliceEvents = sel, splice
	s, err := New(cfg, 10, blocks, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The spliced route joins the unrewarded episode's start to the rewarded
// one's end where both pass place 3: 6 moves, where the only rewarded
// replay took 7. The consolidator trained only on spliced events (no drawn
// event: budget 0) predicts the first move of the shortcut, the move into
// place 7 (label 3), not the rewarded episode's first move (into place 1,
// label 1); and the events are recorded as kind "splice" of the episode the
// route ends in. The drawn events' selection (rewarded only) does not limit
// the search: the shortcut is in the unrewarded episode.
func TestSpliceFindsTheShortcut(t *testing.T) {
	cache, cands, blocks := spliceFixture(t)
	// drawn events: rewarded episodes only; the splice reads every held one
	s := spliceSleeper(t, blocks, SelectRewarded, 30)
	cfg := s.Config()
	cx := newCortex(t, 10)
	events, err := s.Sleep(0, 0, cx, cache, cands, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2*cfg.SpliceEvents {
		t.Fatalf("%d events, want %d (two per spliced event)", len(events), 2*cfg.SpliceEvents)
	}
	want := []int{0, 7, 3, 4, 5, 6, 9}
	for _, e := range events {
		if !e.IsSplice() || !e.Trained || e.Episode != 0 || e.Steps != len(want) {
			t.Fatalf("event %+v: want a trained splice of %d steps ending in episode 0", e, len(want))
		}
	}
	if got := events[0].Places; !slices.Equal(got, want) {
		t.Errorf("spliced route %v, want %v", got, want)
	}
	rev := slices.Clone(want)
	slices.Reverse(rev)
	if got := events[1].Places; !slices.Equal(got, rev) {
		t.Errorf("reverse of the spliced route %v, want %v", got, rev)
	}
	first, _ := routeEpisode(want, 12, true)
	cx.Reset()
	if err := cx.Forward(first[0][:10]); err != nil {
		t.Fatal(err)
	}
	out := cx.Output()
	if shortcut, old := out[1+7%4], out[1+1%4]; !(shortcut > 0.4 && shortcut > old+0.3) {
		t.Errorf("after spliced replay the predicted first move is %.2f toward the shortcut, %.2f along the old route; want the shortcut", shortcut, old)
	}
}

// Without a reward in any replay there is no route; with splicing on, a
// sleep's drawn events are those it makes with splicing off (the spliced
// events come after them and draw no random number), and a sleep without
// splicing is reproducible.
func TestSpliceOffAndWithoutReward(t *testing.T) {
	cache, cands, blocks := spliceFixture(t)
	events, err := spliceSleeper(t, blocks, SelectAll, 4).Sleep(0, 0, newCortex(t, 10), cache, cands[1:], nil)
	if err != nil || len(events) != 0 {
		t.Fatalf("only an unrewarded episode: %d events (err %v), want none", len(events), err)
	}

	run := func(splice int) ([]Event, *cortex.R2N2) {
		cx := newCortex(t, 10)
		events, err := spliceSleeper(t, blocks, SelectAll, splice).Sleep(0, 3, cx, cache, cands, nil)
		if err != nil {
			t.Fatal(err)
		}
		return events, cx
	}
	off, cxOff := run(0)
	on, _ := run(2)
	if len(on) != len(off)+4 {
		t.Fatalf("%d events with 2 spliced, %d without; want 4 more", len(on), len(off))
	}
	for i := range off {
		if off[i].Episode != on[i].Episode || off[i].LossBefore != on[i].LossBefore || off[i].IsSplice() {
			t.Fatalf("drawn event %d differs with splicing on: %+v vs %+v", i, on[i], off[i])
		}
	}
	again, cxAgain := run(0)
	if len(again) != len(off) || !slices.Equal(cxOff.Output(), cxAgain.Output()) {
		t.Error("a sleep without splicing is not reproducible")
	}
}
