package scenarios

import (
	"context"
	"path/filepath"
	"testing"
)

// The whole system learns the small cued T-maze from replay alone: success
// rises from chance to ≥ 90 %, and with the reward-rate budget the replay
// per sleep falls as it does; with replay off the agent stays near chance.
// (The paper's lengths are measured by the README's main command; see the
// closing notes of issue 5.)
func TestReplayLearnsTheCuedTMaze(t *testing.T) {
	if testing.Short() {
		t.Skip("two 150-episode runs")
	}
	run := func(budget string) *Result {
		return runScenario(t, "tmaze-small", "sleep.budget="+budget, "sleep.measure_after=false")
	}
	learned := run("reward-rate")
	t.Logf("reward-rate: success first 40 %.2f, last 40 %.2f; 90 %% after episode %d (%d sleeps), %d replay events",
		learned.FirstSuccess, learned.FinalSuccess, learned.EpisodesTo90, learned.SleepsTo90, learned.ReplayEvents)
	if learned.FirstSuccess > 0.75 || learned.FinalSuccess < 0.9 {
		t.Errorf("success first 40 %.2f, last 40 %.2f; want from near chance to ≥ 0.90", learned.FirstSuccess, learned.FinalSuccess)
	}
	sleeps := learned.Record.Sleeps
	early, late := 0, 0
	for _, s := range sleeps[:5] {
		early += s.Events
	}
	for _, s := range sleeps[len(sleeps)-5:] {
		late += s.Events
	}
	t.Logf("replay events in the first 5 sleeps %d, in the last 5 %d", early, late)
	if late*3 > early {
		t.Errorf("replay events: first 5 sleeps %d, last 5 sleeps %d; want replay to fall to under a third as success rises", early, late)
	}
	off := run("off")
	t.Logf("replay off: success first 40 %.2f, last 40 %.2f, %d replay events", off.FirstSuccess, off.FinalSuccess, off.ReplayEvents)
	if off.ReplayEvents != 0 || off.FinalSuccess > 0.75 || off.FinalSuccess < 0.25 {
		t.Errorf("replay off: %d events, last-40 success %.2f; want none and near chance", off.ReplayEvents, off.FinalSuccess)
	}
}

// The README's main job: the paper's T-maze (cue 22, delay 52, branch 24),
// 400 episodes. Measured with seed 1: success 0.42 over the first 40
// episodes, 1.00 over the last 40, trailing-40 success ≥ 0.9 from episode
// 221 (22 sleeps); about 2½ minutes on the 2-core machine.
func TestPaperTMaze(t *testing.T) {
	if testing.Short() {
		t.Skip("the paper's T-maze takes about 3 minutes")
	}
	res := runScenario(t, "tmaze-cued")
	t.Logf("success first 40 %.2f, last 40 %.2f; trailing 40 ≥ 0.9 after episode %d (%d sleeps); %d replay events",
		res.FirstSuccess, res.FinalSuccess, res.EpisodesTo90, res.SleepsTo90, res.ReplayEvents)
	if res.FirstSuccess > 0.65 || res.FinalSuccess < 0.9 || res.EpisodesTo90 < 0 {
		t.Errorf("success first 40 %.2f, last 40 %.2f: want near chance, then ≥ 0.90", res.FirstSuccess, res.FinalSuccess)
	}
	for _, v := range res.Record.Events {
		if v.Fidelity < 0.95 {
			t.Errorf("sleep %d event %d (%s): replay fidelity %.3f", v.Sleep, v.Event, v.Direction, v.Fidelity)
			break
		}
	}
}

// Delayed alternation is learned from replay with the paper's rule, given
// the scenario's 2000 episodes. Measured with seed 1: success 0.55 over the
// first 40 episodes, 0.95 over the last 40, trailing-40 success ≥ 0.9 from
// episode 416; about 40 s on the 2-core machine. Over ten other seeds
// (README, "Delayed alternation is learned, slowly") 9 end at ≥ 0.9.
func TestDelayedAlternationIsLearned(t *testing.T) {
	if testing.Short() {
		t.Skip("2000 episodes of tmaze-alternation")
	}
	res := runScenario(t, "tmaze-alternation")
	t.Logf("success first 40 %.2f, last 40 %.2f; trailing 40 ≥ 0.9 after episode %d (%d sleeps); %d replay events",
		res.FirstSuccess, res.FinalSuccess, res.EpisodesTo90, res.SleepsTo90, res.ReplayEvents)
	if res.FirstSuccess > 0.7 || res.FinalSuccess < 0.9 || res.EpisodesTo90 < 0 {
		t.Errorf("success first 40 %.2f, last 40 %.2f: want near chance, then ≥ 0.90", res.FirstSuccess, res.FinalSuccess)
	}
}

// runScenario runs the named scenario with the overrides sets in a
// temporary folder.
func runScenario(t *testing.T, name string, sets ...string) *Result {
	t.Helper()
	sc, err := Load(name, sets)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), sc, Options{Out: filepath.Join(t.TempDir(), name)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ownSuccess returns the success of a run's own episodes (not its demonstrations).
func ownSuccess(res *Result) []bool {
	var own []bool
	for _, e := range res.Record.Episodes {
		if !e.Demonstration {
			own = append(own, e.Success)
		}
	}
	return own
}

// trailing returns the success over the last 40 episodes of s, the first
// episode count at which a 40-episode window reached 0.9 (-1: never) and the
// lowest window from then on.
func trailing(s []bool) (last float64, reached int, minAfter float64) {
	rate := func(w []bool) float64 {
		n := 0
		for _, ok := range w {
			if ok {
				n++
			}
		}
		return float64(n) / float64(len(w))
	}
	reached, minAfter = -1, 1
	for i := 40; i <= len(s); i++ {
		r := rate(s[i-40 : i])
		if reached < 0 && r >= 0.9 {
			reached = i
		}
		if reached >= 0 {
			minAfter = min(minAfter, r)
		}
	}
	return rate(s[len(s)-40:]), reached, minAfter
}

// pureFromDemonstrations runs scenario name with the pure action rule after
// 10 demonstrations, no exploration and the reward-rate budget, with the
// extra overrides.
func pureFromDemonstrations(t *testing.T, name string, extra ...string) []bool {
	t.Helper()
	sets := append([]string{"agent.action_rule=pure", "run.demonstrations=10", "agent.epsilon_start=0",
		"agent.epsilon_end=0", "sleep.budget=reward-rate"}, extra...)
	return ownSuccess(runScenario(t, name, sets...))
}

// The pure action rule (every move from the prediction) learns the small
// cued T-maze from 10 scripted demonstrations when, after them, the agent
// does not explore, a sleep replays up to 200 events (the reward-rate
// budget: many while it fails), and the cache has room for 40 episodes;
// and once at 0.9 it holds (no 40-episode window of its own episodes below
// 0.8 afterwards). With room for only 10 episodes the demonstrations can be
// forgotten behind the agent's own one-sided episodes, and some seeds stay
// near chance (seed 2 here: 1.00 against 0.47; over ten seeds 10 of 10
// against 7 of 10 reach 0.9: the README's "The pure rule from
// demonstrations").
func TestPureRuleLearnsFromDemonstrations(t *testing.T) {
	if testing.Short() {
		t.Skip("two 160-episode runs")
	}
	last, reached, minAfter := trailing(pureFromDemonstrations(t, "tmaze-small",
		"sleep.max_events=200", "hippocampus.max_episodes=40", "run.seed=2"))
	t.Logf("room for 40 episodes: last-40 success %.2f, 0.9 reached after own episode %d, lowest window after %.2f", last, reached, minAfter)
	if last < 0.9 || reached < 0 || minAfter < 0.8 {
		t.Errorf("last-40 success %.2f, 0.9 reached at %d, lowest later window %.2f; want ≥ 0.9, reached, never below 0.8", last, reached, minAfter)
	}
	last, _, _ = trailing(pureFromDemonstrations(t, "tmaze-small",
		"sleep.max_events=200", "hippocampus.max_episodes=10", "run.seed=2"))
	t.Logf("room for 10 episodes: last-40 success %.2f", last)
	if last > 0.75 {
		t.Errorf("room for 10 episodes: last-40 success %.2f; want near chance (the demonstrations are forgotten)", last)
	}
}

// On the paper's T-maze (cue 22, delay 52) the pure rule learns the cue from
// 10 demonstrations when the agent sleeps after every episode with up to
// 200 replay events (the demonstrations are replayed often before the
// cache, about 15 episodes of 100 steps, forgets them), and holds it: seed
// 5, the seed that sleeping every 2 episodes left at 0.45, reaches 1.00
// after 47 own episodes and no later 40-episode window falls below 0.9
// (10 of 10 seeds: docs/sweeps/pure-demos-cued-every1.toml and seeds 1–5
// of the README's command). About 30 s.
func TestPureRuleLearnsThePaperTMazeFromDemonstrations(t *testing.T) {
	if testing.Short() {
		t.Skip("a 410-episode run of the paper's T-maze with 400 sleeps")
	}
	last, reached, minAfter := trailing(pureFromDemonstrations(t, "tmaze-cued",
		"sleep.max_events=200", "sleep.every=1", "run.sessions=400", "hippocampus.max_episodes=40", "run.seed=5"))
	t.Logf("last-40 success %.2f, 0.9 reached after own episode %d, lowest window after %.2f", last, reached, minAfter)
	if last < 0.9 || reached < 0 || minAfter < 0.8 {
		t.Errorf("last-40 success %.2f, 0.9 reached at %d, lowest later window %.2f; want ≥ 0.9, reached, never below 0.8", last, reached, minAfter)
	}
}

// Without demonstrations the pure rule learns the plus maze when its
// exploration is persistent (agent.explore_persistence = 5: an exploratory
// move is kept for 5 steps on average), it sleeps every 2 episodes with up
// to 200 replay events, and ε decays to 0 over 300 episodes: seed 1 reaches
// 1.00 and holds it. With one-step ε-greedy exploration the same seed never
// reaches the east arm's reward in 600 episodes: a uniform walk over four
// moves, half of them into walls, rarely covers the 10 moves in the
// 30-step limit (docs/sweeps/pure-slow-plus.toml).
func TestPureRuleLearnsThePlusMazeWithPersistentExploration(t *testing.T) {
	if testing.Short() {
		t.Skip("two 600-episode runs")
	}
	run := func(persistence string) []bool {
		return ownSuccess(runScenario(t, "plus-maze", "agent.action_rule=pure", "agent.epsilon_end=0",
			"agent.epsilon_decay_episodes=300", "sleep.budget=reward-rate", "sleep.max_events=200", "sleep.every=2",
			"run.sessions=300", "hippocampus.max_episodes=40", "agent.explore_persistence="+persistence))
	}
	last, reached, minAfter := trailing(run("5"))
	t.Logf("persistent exploration: last-40 success %.2f, 0.9 reached after episode %d, lowest window after %.2f", last, reached, minAfter)
	if last < 0.9 || reached < 0 || minAfter < 0.8 {
		t.Errorf("persistent exploration: last-40 success %.2f, 0.9 reached at %d, lowest later window %.2f; want ≥ 0.9, reached, never below 0.8", last, reached, minAfter)
	}
	last, reached, _ = trailing(run("1"))
	t.Logf("one-step exploration: last-40 success %.2f, 0.9 reached after episode %d", last, reached)
	if last > 0.5 {
		t.Errorf("one-step exploration: last-40 success %.2f; want the maze unlearned", last)
	}
}
