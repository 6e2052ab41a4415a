package sleep

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/replaylab/replaylab/hippocampus"
)

// A sleep gives the same events and the same consolidator, byte for byte,
// whatever the number of producer goroutines, and every event replays
// exactly what the cache's own (serial) Replay gives.
func TestSleepSameAtAnyWorkerCount(t *testing.T) {
	const symbols = 5
	rng := rand.New(rand.NewPCG(21, 22))
	lengths := []int{12, 7, 15, 9}
	_, blocks := episode(rng, 15, symbols)
	cache := newCache(t, blocks)
	var cands []Candidate
	var truth [][][]float64
	for i, T := range lengths {
		contents, _ := episode(rng, T, symbols)
		padded := make([][]float64, T) // the place block is 15 wide for every episode
		for t := range contents {
			padded[t] = make([]float64, symbols+15)
			copy(padded[t], contents[t][:symbols])
			padded[t][symbols+t] = 1
		}
		truth = append(truth, padded)
		id, err := cache.Store(padded)
		if err != nil {
			t.Fatal(err)
		}
		cands = append(cands, Candidate{Episode: i, Cache: id, Rewarded: true})
	}
	ref := func(ep, step int) []float64 { return truth[ep][step] }
	cfg := Config{Select: SelectAll, Budget: BudgetFixed, Events: 9, MaxEvents: 9, Window: 1, MeasureAfter: true}
	var want []Event
	var wantCx []byte
	for _, workers := range []int{1, 2, 3, 8} {
		s, err := New(cfg, symbols, blocks, rand.New(rand.NewPCG(7, 8)))
		if err != nil {
			t.Fatal(err)
		}
		s.SetWorkers(workers)
		cx := newCortex(t, symbols)
		var events []Event
		for sl := range 2 {
			ev, err := s.Sleep(sl, 9, cx, cache, cands, ref)
			if err != nil {
				t.Fatal(err)
			}
			events = append(events, ev...)
		}
		var buf bytes.Buffer
		if err := cx.Save(&buf); err != nil {
			t.Fatal(err)
		}
		if want == nil {
			want, wantCx = events, buf.Bytes()
			continue
		}
		if len(events) != len(want) {
			t.Fatalf("%d workers: %d events, want %d", workers, len(events), len(want))
		}
		for i := range events {
			if !sameEvent(events[i], want[i]) {
				t.Fatalf("%d workers: event %d is %+v, want %+v", workers, i, events[i], want[i])
			}
		}
		if !bytes.Equal(buf.Bytes(), wantCx) {
			t.Fatalf("%d workers: the consolidator differs from the one trained with 1", workers)
		}
	}
	// Each event's places are those of the cache's serial replay.
	byCache := map[int]hippocampus.EpisodeID{}
	for _, c := range cands {
		byCache[c.Episode] = c.Cache
	}
	trained := 0
	for _, ev := range want {
		dir := hippocampus.Forward
		if ev.Direction == "reverse" {
			dir = hippocampus.Reverse
		}
		var places []int
		if _, err := cache.Replay(byCache[ev.Episode], dir, func(st hippocampus.ReplayStep) error {
			places = append(places, hippocampus.Argmax(st.Content[symbols:]))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(places, ev.Places) {
			t.Fatalf("episode %d %s: places %v, the cache replays %v", ev.Episode, ev.Direction, ev.Places, places)
		}
		if ev.Trained {
			trained++
		}
	}
	if trained != len(want) {
		t.Errorf("%d of %d replays trained, want all (the episodes are within capacity)", trained, len(want))
	}
}

func sameEvent(a, b Event) bool {
	same := func(x, y float64) bool { return x == y || (math.IsNaN(x) && math.IsNaN(y)) }
	return same(a.Fidelity, b.Fidelity) && same(a.LossBefore, b.LossBefore) && same(a.LossAfter, b.LossAfter) &&
		reflect.DeepEqual(a.Places, b.Places) &&
		a.Sleep == b.Sleep && a.Event == b.Event && a.Episode == b.Episode && a.Direction == b.Direction &&
		a.StartStep == b.StartStep && a.EndStep == b.EndStep && a.Steps == b.Steps && a.SimSteps == b.SimSteps &&
		a.Completed == b.Completed && a.Trained == b.Trained
}
