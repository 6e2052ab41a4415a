package agent

import (
	"testing"

	"github.com/replaylab/replaylab/env"
)

// A demonstration takes the shortest path to the cued arm, is stored in the
// cache and counts as lived.
func TestDemonstrateTakesTheShortestPathToTheCuedArm(t *testing.T) {
	const cue, delay, branch = 3, 5, 4
	e := tmaze(t, cue, delay, branch)
	a := newAgent(t, e, DefaultConfig())
	for i := range 6 {
		ep, err := a.Demonstrate(e, uint64(i))
		if err != nil {
			t.Fatal(err)
		}
		if !ep.Demonstration || !ep.Success || ep.Reward != 1 || len(ep.Steps) != cue+delay+branch {
			t.Fatalf("demonstration %d: demo %v success %v reward %v in %d steps, want a success in %d",
				i, ep.Demonstration, ep.Success, ep.Reward, len(ep.Steps), cue+delay+branch)
		}
		turn := ep.Steps[cue+delay].Action
		if want := map[string]env.Action{env.SideLeft: env.Left, env.SideRight: env.Right}[ep.Cue]; turn != want {
			t.Errorf("demonstration %d: cue %s, turned %v", i, ep.Cue, turn)
		}
		if choices, explored := ep.Choices(); choices != 1 || explored != 0 {
			t.Errorf("demonstration %d: %d choices (%d explored), want 1 (0)", i, choices, explored)
		}
		if n, err := a.Cache().Len(ep.CacheID); err != nil || n != len(ep.Steps)+1 {
			t.Fatalf("demonstration %d: cache holds %d steps (%v), want %d", i, n, err, len(ep.Steps)+1)
		}
	}
	if a.Lived() != 6 {
		t.Errorf("Lived = %d, want 6", a.Lived())
	}
}

// With the pure rule a demonstration still follows the expert; every move
// counts as a choice, as it would for the agent itself.
func TestDemonstratePureRule(t *testing.T) {
	e := tmaze(t, 2, 2, 2)
	cfg := DefaultConfig()
	cfg.Rule = RulePure
	a := newAgent(t, e, cfg)
	ep, err := a.Demonstrate(e, 1)
	if err != nil {
		t.Fatal(err)
	}
	if choices, _ := ep.Choices(); !ep.Success || len(ep.Steps) != 6 || choices != 6 {
		t.Errorf("pure-rule demonstration: success %v, %d steps, %d choices; want success in 6 steps, 6 choices",
			ep.Success, len(ep.Steps), choices)
	}
}
