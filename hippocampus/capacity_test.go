package hippocampus

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestMeasureCapacity(t *testing.T) {
	tests := []struct {
		n, steps     int
		wantFwd, min float64
	}{
		{500, 20, 1, 1},  // the paper's setting
		{500, 100, 0, 0}, // far past capacity: ~N/20 transitions
		{1000, 50, 1, 1}, // MODEL.md: N = 1000 holds 50 steps
	}
	for _, tc := range tests {
		cfg := PaperConfig()
		cfg.N = tc.n
		p, err := MeasureCapacity(cfg, []int{4, 9}, tc.steps, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("N=%d T=%d: %+v", tc.n, tc.steps, p)
		if tc.wantFwd == 1 && (p.Forward != 1 || p.Reverse != 1 || p.Complete != 1) {
			t.Errorf("N=%d T=%d: fidelity %.3f/%.3f complete %.2f, want 1", tc.n, tc.steps, p.Forward, p.Reverse, p.Complete)
		}
		if tc.wantFwd == 0 && p.Worst > 0.5 {
			t.Errorf("N=%d T=%d: worst fidelity %.3f, want a failure below 0.5", tc.n, tc.steps, p.Worst)
		}
	}
	if _, err := MeasureCapacity(PaperConfig(), []int{4}, 1, 1, 1); err == nil ||
		err.Error() != "hippocampus: capacity: 1 steps × 1 episodes, want at least 2 × 1" {
		t.Errorf("error %v", err)
	}
}

// Example stores one corridor episode and replays it in reverse.
func Example() {
	rng := rand.New(rand.NewPCG(1, 2))
	blocks := []int{4, 2, 30} // observation, reward, place
	c, err := New(PaperConfig(), blocks, rng)
	if err != nil {
		panic(err)
	}
	episode := CorridorEpisode(rng, blocks, 16)
	id, _ := c.Store(episode)
	decoded := make([][]float64, len(episode))
	sum, err := c.Replay(id, Reverse, func(s ReplayStep) error {
		decoded[s.Step] = append([]float64(nil), s.Content...)
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v replay of episode %d: %d steps, completed %v, fidelity %.2f\n",
		sum.Direction, sum.Episode, sum.Steps, sum.Completed, Fidelity(decoded, episode, blocks))
	// Output: reverse replay of episode 0: 16 steps, completed true, fidelity 1.00
}
