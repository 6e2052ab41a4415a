package hippocampus

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
)

// Salient episodes outlast others: the least salient, oldest first, goes.
func TestSalienceDecidesWhatIsForgotten(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.MaxEpisodes, cfg.ReadoutUnits = 600, 3, 4000
	blocks := []int{4, 12}
	c, err := New(cfg, blocks, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	episodes := map[EpisodeID][][]float64{}
	store := func(salience float64) EpisodeID {
		ep := make([][]float64, 12)
		for s := range ep {
			ep[s] = make([]float64, 16)
			ep[s][rng.IntN(4)] = 1
			ep[s][4+s] = 1
		}
		id, err := c.Store(ep)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.SetSalience(id, salience); err != nil {
			t.Fatal(err)
		}
		episodes[id] = ep
		return id
	}
	a := store(1) // rewarded
	b := store(0)
	d := store(1)
	e := store(0) // full: b (salience 0) goes, not the older a
	if got, want := c.Held(), []EpisodeID{a, d, e}; !slices.Equal(got, want) {
		t.Fatalf("held %v, want %v", got, want)
	}
	f := store(0) // e is the only unrewarded one held: it goes
	if got, want := c.Held(), []EpisodeID{a, d, f}; !slices.Equal(got, want) {
		t.Fatalf("held %v, want %v", got, want)
	}
	// Survivors still replay right, and the tags survive Save/Load.
	for _, id := range c.Held() {
		var dec [][]float64
		if _, err := c.Replay(id, Reverse, func(s ReplayStep) error {
			dec = append(dec, slices.Clone(s.Content))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		slices.Reverse(dec)
		if fid := Fidelity(dec, episodes[id], blocks); fid < 1 {
			t.Errorf("episode %d replays with fidelity %.2f after forgetting others", id, fid)
		}
	}
	var buf bytes.Buffer
	if err := c.Save(&buf); err != nil {
		t.Fatal(err)
	}
	c2, err := Load(&buf)
	if err != nil {
		t.Fatal(err)
	}
	c = c2
	store(0)
	if got, want := c.Held(), []EpisodeID{a, d, f + 1}; !slices.Equal(got, want) {
		t.Fatalf("after Load: held %v, want %v (f forgotten, the rewarded a and d kept)", got, want)
	}
	if err := c.SetSalience(b, 1); !errors.Is(err, ErrForgotten) {
		t.Errorf("SetSalience on a forgotten episode: %v", err)
	}
}

// Without decay, forgetting subtracts an episode's transitions, and the
// result is bit for bit the matrices rebuilt from the episodes still held
// (every stored value is an integer), so a snapshot need not store them.
func TestForgettingBySubtractionIsExact(t *testing.T) {
	cfg := DefaultConfig()
	cfg.N, cfg.MaxEpisodes, cfg.ReadoutUnits = 500, 2, 2000
	c, err := New(cfg, []int{3, 7}, testRNG(5))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := c.Store(randomEpisode(testRNG(uint64(10+i)), []int{3, 7}, 30)); err != nil {
			t.Fatal(err)
		}
	}
	var before [][]float64
	for _, m := range []*seqMatrix{&c.fwd[0], &c.fwd[1], &c.rev[0], &c.rev[1]} {
		before = append(before, slices.Clone(m.sT.Data), slices.Clone(m.post), slices.Clone(m.pre), slices.Clone(m.colSum))
	}
	c.st.rebuildSequences()
	k := 0
	for _, m := range []*seqMatrix{&c.fwd[0], &c.fwd[1], &c.rev[0], &c.rev[1]} {
		for _, got := range [][]float64{m.sT.Data, m.post, m.pre, m.colSum} {
			if !slices.Equal(got, before[k]) {
				t.Fatalf("array %d after three forgettings differs from the rebuilt one", k)
			}
			k++
		}
	}
}
