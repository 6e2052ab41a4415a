package hippocampus

import (
	"bytes"
	"reflect"
	"slices"
	"sync"
	"testing"
)

// Replayers of a loaded cache (whose code memos start empty), replaying
// concurrently, give exactly what the cache's own Replay gives.
func TestReplayersMatchReplay(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.ReadoutUnits, cfg.MaxEpisodes = 600, 4000, 3
	blocks := []int{5, 2, 4, 123}
	orig, err := New(cfg, blocks, testRNG(5))
	if err != nil {
		t.Fatal(err)
	}
	rng := testRNG(6)
	for _, T := range []int{30, 12, 25, 18} { // the first is forgotten
		if _, err := orig.Store(CorridorEpisode(rng, blocks, T)); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := orig.Save(&buf); err != nil {
		t.Fatal(err)
	}
	c, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		steps   []ReplayStep
		content []float64
		sum     ReplaySummary
	}
	replay := func(f func(EpisodeID, Direction, func(ReplayStep) error) (ReplaySummary, error), id EpisodeID, dir Direction) run {
		var r run
		var err error
		r.sum, err = f(id, dir, func(st ReplayStep) error {
			r.content = append(r.content, st.Content...)
			st.Content = nil
			r.steps = append(r.steps, st)
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		return r
	}
	rps := []*Replayer{c.NewReplayer(), c.NewReplayer(), c.NewReplayer()}
	var wg sync.WaitGroup
	got := make([][]run, len(rps))
	for w, rp := range rps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 2 {
				for _, id := range c.Held() {
					for _, dir := range []Direction{Forward, Reverse} {
						got[w] = append(got[w], replay(rp.Replay, id, dir))
					}
				}
			}
		}()
	}
	wg.Wait()
	var want []run
	for range 2 {
		for _, id := range orig.Held() {
			for _, dir := range []Direction{Forward, Reverse} {
				want = append(want, replay(orig.Replay, id, dir))
			}
		}
	}
	for w := range got {
		if len(got[w]) != len(want) {
			t.Fatalf("replayer %d: %d replays, want %d", w, len(got[w]), len(want))
		}
		for i, r := range got[w] {
			if r.sum != want[i].sum || !reflect.DeepEqual(r.steps, want[i].steps) || !slices.Equal(r.content, want[i].content) {
				t.Fatalf("replayer %d, replay %d: %+v differs from the cache's %+v", w, i, r.sum, want[i].sum)
			}
		}
	}
	if !want[0].sum.Completed || want[0].sum.Steps != 12 {
		t.Errorf("first replay %+v, want 12 steps completed", want[0].sum)
	}
}
