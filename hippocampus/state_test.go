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

// The narrow forms (sequence matrices in bytes with fields summed in 16-bit
// lanes) replay exactly as the wide float64 forms of
// the same matrices, for k-winners and sign units, and the matrices hold
// the same values.
func TestNarrowEqualsWide(t *testing.T) {
	paper := PaperConfig()
	paper.N = 300
	def := DefaultConfig()
	def.N, def.ReadoutUnits = 500, 3000
	for _, cfg := range []Config{def, paper} {
		blocks := []int{5, 2, 4, 123}
		narrow, _ := New(cfg, blocks, testRNG(7))
		wide, _ := New(cfg, blocks, testRNG(7))
		rng := testRNG(8)
		for range 3 {
			ep := CorridorEpisode(rng, blocks, 20)
			narrow.Store(ep)
			wide.Store(ep)
		}
		for _, m := range []*seqMatrix{&wide.fwd[0], &wide.fwd[1], &wide.rev[0], &wide.rev[1]} {
			m.widen()
		}
		for d := range 2 {
			if !slices.Equal(narrow.fwd[d].dense(), wide.fwd[d].dense()) || !slices.Equal(narrow.rev[d].dense(), wide.rev[d].dense()) {
				t.Fatalf("%v: matrices differ after widening", cfg.Activation)
			}
		}
		if !narrow.fwd[0].packable() || wide.fwd[0].packable() {
			t.Fatalf("%v: packable narrow %v, wide %v; want true, false", cfg.Activation, narrow.fwd[0].packable(), wide.fwd[0].packable())
		}
		for _, id := range narrow.Held() {
			for _, dir := range []Direction{Forward, Reverse} {
				var a, b []float64
				var sa, sb []ReplayStep
				collect := func(content *[]float64, steps *[]ReplayStep) func(ReplayStep) error {
					return func(st ReplayStep) error {
						*content = append(*content, st.Content...)
						st.Content = nil
						*steps = append(*steps, st)
						return nil
					}
				}
				suma, _ := narrow.Replay(id, dir, collect(&a, &sa))
				sumb, _ := wide.Replay(id, dir, collect(&b, &sb))
				if suma != sumb || !slices.Equal(a, b) || !reflect.DeepEqual(sa, sb) {
					t.Fatalf("%v episode %d %v: narrow %+v, wide %+v", cfg.Activation, id, dir, suma, sumb)
				}
				if suma.SimSteps == 0 {
					t.Fatalf("%v: no network updates", cfg.Activation)
				}
			}
		}
	}
}

// A non-integer content value is bound exactly in the sparse readout; the
// cache keeps working and its Save/Load round trip replays identically.
func TestReadoutNonInteger(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.ReadoutUnits = 400, 2000
	blocks := []int{3, 7}
	c, _ := New(cfg, blocks, testRNG(3))
	ep := randomEpisode(testRNG(4), blocks, 10)
	if _, err := c.Store(ep); err != nil {
		t.Fatal(err)
	}
	ep[3][1] = 0.5
	id, err := c.Store(ep)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	d, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.readT.dense(), c.readT.dense()) {
		t.Fatal("loaded readout differs")
	}
	var a, b []float64
	sa, _ := c.Replay(id, Forward, func(st ReplayStep) error { a = append(a, st.Content...); return nil })
	sb, _ := d.Replay(id, Forward, func(st ReplayStep) error { b = append(b, st.Content...); return nil })
	if sa != sb || !slices.Equal(a, b) || !sa.Completed {
		t.Fatalf("replay after load %+v, before %+v", sb, sa)
	}
}

// An entry that would pass 255 widens a narrow matrix without changing a
// value: the same transition stored 300 times reads 300 (or 600 where the
// unit is in both presynaptic patterns) in the wide form.
func TestNarrowWidensOnOverflow(t *testing.T) {
	m := newSeqMatrix(20, true)
	post, a, b := []int{1, 9, 17}, []int{2, 9}, []int{9, 13}
	for range 300 {
		m.add(1, post, a, b)
	}
	if m.narrow != nil {
		t.Fatal("still narrow after 300 additions")
	}
	d := m.dense()
	for _, c := range []struct{ j, i, want int }{{2, 1, 300}, {9, 17, 600}, {13, 9, 300}, {2, 2, 0}} {
		if got := d[c.j*20+c.i]; got != float64(c.want) {
			t.Errorf("entry (%d, %d) = %v, want %d", c.j, c.i, got, c.want)
		}
	}
}
