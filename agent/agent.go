package agent

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/hippocampus"
)

// Agent is one animal: a consolidator, a cache and a policy. It is not safe
// for concurrent use.
type Agent struct {
	cfg    Config
	cortex *cortex.R2N2
	cache  *hippocampus.Cache
	rng    *rand.Rand

	lived   int // episodes lived so far: drives the exploration schedules
	hidden  bool
	heading env.Action
	persist env.Action // the exploratory move being kept (-1: none; Config.Persistence)
	open    []env.Action
	allowed []env.Action
	weights []float64
	content [][]float64 // per-step content handed to the cache, reused

	// forward sweeps (sweep.go)
	sweep    SweepConfig
	saved    cortex.ForwardState // the real state during a sweep
	imagined []float64           // the imagined input, reused
}

// New returns an agent acting in mazes whose sensory vectors have the given
// width and whose place code has places entries. The consolidator must take
// and predict sensory vectors; the cache's blocks must be the sensory blocks
// followed by the place block. rng drives exploration only.
func New(cfg Config, cx *cortex.R2N2, cache *hippocampus.Cache, rng *rand.Rand) (*Agent, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cx == nil || cache == nil || rng == nil {
		return nil, errors.New("agent: consolidator, cache and random stream are all required")
	}
	return &Agent{cfg: cfg, cortex: cx, cache: cache, rng: rng,
		open: make([]env.Action, 0, env.NumActions), allowed: make([]env.Action, 0, env.NumActions),
		weights: make([]float64, env.NumActions)}, nil
}

// Consolidator returns the agent's consolidator.
func (a *Agent) Consolidator() *cortex.R2N2 { return a.cortex }

// Cache returns the agent's hippocampal cache.
func (a *Agent) Cache() *hippocampus.Cache { return a.cache }

// Lived returns the number of episodes the agent has lived.
func (a *Agent) Lived() int { return a.lived }

// SetLived restores the episode count (when a run resumes).
func (a *Agent) SetLived(n int) { a.lived = n }

// RecordHidden makes Live record the consolidator's state (a, then b) at every step.
func (a *Agent) RecordHidden(on bool) { a.hidden = on }

// Exploration returns the current ε (epsilon rule) or temperature (softmax rule).
func (a *Agent) Exploration() float64 { return a.cfg.ExplorationAt(a.lived) }

// ExplorationAt returns ε (epsilon rule) or the temperature (softmax rule)
// after lived episodes: the schedules every learner with these settings
// shares (the tabular baselines too).
func (c Config) ExplorationAt(lived int) float64 {
	if c.Exploration == Softmax {
		return schedule(c.TemperatureStart, c.TemperatureEnd, c.TemperatureDecayEpisodes, lived)
	}
	return schedule(c.EpsilonStart, c.EpsilonEnd, c.EpsilonDecayEpisodes, lived)
}

// schedule decays linearly from start to end over n episodes, then stays.
func schedule(start, end float64, n, episode int) float64 {
	if n <= 0 || episode >= n {
		return end
	}
	return start + (end-start)*float64(episode)/float64(n)
}

// Live runs one awake episode in e (reset with seed) until it terminates or
// is truncated, stores it in the cache and returns its record.
func (a *Agent) Live(e *env.Env, seed uint64) (*Episode, error) {
	return a.live(e, seed, false)
}

// Demonstrate lives one scripted expert episode in e (reset with seed): every
// move is env.Env.ExpertMove, a step on a shortest path to the correct
// goal. The episode is stored in the cache and tagged like any other and
// counts as lived (it advances the exploration schedules); only the choice
// of moves differs.
func (a *Agent) Demonstrate(e *env.Env, seed uint64) (*Episode, error) {
	return a.live(e, seed, true)
}

func (a *Agent) live(e *env.Env, seed uint64, demo bool) (*Episode, error) {
	obs := e.Reset(seed)
	a.cortex.Reset()
	a.heading, a.persist = -1, -1
	explore := a.Exploration()
	sensoryWidth := len(obs.Sensory)
	places := e.Maze().NumCells()
	if demo {
		explore = 0
	}
	ep := &Episode{Index: a.lived, Seed: seed, Cue: e.Cue(), Exploration: explore, Demonstration: demo}
	lossSum := 0.0
	for t := 0; ; t++ {
		a.appendContent(t, obs, sensoryWidth, places)
		ep.Sensory = append(ep.Sensory, slices.Clone(obs.Sensory))
		if err := a.cortex.Forward(obs.Sensory); err != nil {
			return nil, fmt.Errorf("agent: episode %d, step %d: %w", ep.Index, t, err)
		}
		if a.hidden {
			h, b := a.cortex.State()
			ep.Hidden = append(ep.Hidden, append(slices.Clone(h), b...))
		}
		var (
			act              env.Action
			choice, explored bool
			err              error
		)
		if demo {
			act, choice = a.expert(e)
		} else if act, choice, explored, err = a.choose(e, ep, t, explore); err != nil {
			return nil, err
		}
		row, col := obs.Row, obs.Col
		predicted := a.predictedMove()
		next, reward, terminated, truncated := e.Step(act)
		if reward > 0 { // how well the consolidator saw it coming (scenarios: awake replay by surprise)
			ep.RewardPredicted = a.cortex.Output()[env.NumActions+2]
		}
		loss := a.cortex.Loss(next.Sensory)
		lossSum += loss
		ep.PeakLoss = max(ep.PeakLoss, loss)
		ep.Steps = append(ep.Steps, Step{Row: row, Col: col, Place: obs.Place, Action: act, Predicted: predicted,
			Reward: reward, Choice: choice, Explored: explored})
		ep.Reward += reward
		obs = next
		if terminated || truncated {
			a.appendContent(t+1, obs, sensoryWidth, places)
			ep.Sensory = append(ep.Sensory, slices.Clone(obs.Sensory))
			ep.Final = Step{Row: obs.Row, Col: obs.Col, Place: obs.Place, Action: -1, Predicted: -1}
			ep.Truncated = truncated && !terminated
			break
		}
	}
	ep.Success = e.Succeeded()
	ep.Loss = lossSum / float64(len(ep.Steps))
	// The cache's capacity policy may keep only the last steps (hippocampus.StoreBounded).
	id, kept, err := a.cache.StoreBounded(a.content[:len(ep.Steps)+1])
	if err != nil {
		return nil, fmt.Errorf("agent: storing episode %d: %w", ep.Index, err)
	}
	ep.CacheID, ep.StoredSteps, ep.StoredFrom = id, kept, len(ep.Steps)+1-kept
	// Tag the trace with its reward (RetainRewarded): when the cache is
	// full, unrewarded episodes are forgotten before rewarded ones.
	if a.cfg.Retention == RetainRewarded {
		if err := a.cache.SetSalience(id, ep.Reward); err != nil {
			return nil, fmt.Errorf("agent: episode %d: %w", ep.Index, err)
		}
	}
	a.lived++
	return ep, nil
}

// appendContent writes step t's content (sensory, then one-hot place) into
// the reused content buffer.
func (a *Agent) appendContent(t int, obs env.Observation, sensoryWidth, places int) {
	if t == len(a.content) {
		a.content = append(a.content, make([]float64, sensoryWidth+places))
	}
	c := a.content[t]
	copy(c, obs.Sensory)
	clear(c[sensoryWidth:])
	c[sensoryWidth+obs.Place] = 1
}

// choose picks the next move at step t of ep. choice reports whether it
// was a real choice (more than one allowed move), explored whether
// exploration picked it. At a choice, forward sweeps (sweep.go) run first
// when configured; with the sweep policy a sweep that decides replaces the
// prediction's move unless exploration picked the move (the exploration
// draw is made either way, so the random stream does not depend on the
// sweeps).
func (a *Agent) choose(e *env.Env, ep *Episode, t int, explore float64) (act env.Action, choice, explored bool, err error) {
	a.allowed = a.allowed[:0]
	if a.cfg.Rule == RulePure {
		for m := range env.Action(env.NumActions) {
			a.allowed = append(a.allowed, m)
		}
	} else {
		a.open = e.OpenMoves(a.open[:0])
		back := reverse(a.heading)
		for _, m := range a.open {
			if m != back {
				a.allowed = append(a.allowed, m)
			}
		}
		if len(a.allowed) == 0 { // dead end: turn back
			a.allowed = append(a.allowed, a.open...)
		}
	}
	switch {
	case len(a.allowed) == 0:
		// Held in place (e.g. the delay of delayed-alternation refuses every
		// move): push on in the current heading, which the task refuses,
		// and keep the heading for when the hold ends.
		if a.heading < 0 {
			return env.Up, false, false, nil
		}
		return a.heading, false, false, nil
	case len(a.allowed) == 1:
		act = a.allowed[0]
	default:
		choice = true
		swept, decided := env.Action(-1), false
		if a.sweep.On {
			if swept, decided, err = a.sweepAt(e, ep, t); err != nil {
				return act, choice, false, err
			}
		}
		act, explored = a.fromPrediction(explore)
		if decided && !explored {
			act = swept
		}
	}
	a.heading = act
	return act, choice, explored, nil
}

// expert picks the demonstrator's move; choice reports whether the agent's
// own rule would have had more than one move to choose from.
func (a *Agent) expert(e *env.Env) (act env.Action, choice bool) {
	a.open = e.OpenMoves(a.open[:0])
	choice = len(a.open) > 2 || (len(a.open) == 2 && a.heading < 0)
	if a.cfg.Rule == RulePure {
		choice = true
	}
	act, ok := e.ExpertMove()
	if !ok { // held in place (delay) or no way on: push on in the heading
		act = a.heading
		if act < 0 {
			act = env.Up
		}
		return act, false
	}
	a.heading = act
	return act, choice
}

// fromPrediction picks among the allowed moves from the consolidator's
// predicted action block, with exploration.
func (a *Agent) fromPrediction(explore float64) (env.Action, bool) {
	y := a.cortex.Output()
	pred := func(m env.Action) float64 { return y[1+int(m)] }
	if a.cfg.Exploration == Softmax {
		hi := math.Inf(-1)
		for _, m := range a.allowed {
			hi = max(hi, pred(m))
		}
		temp := max(explore, 1e-9)
		sum := 0.0
		for i, m := range a.allowed {
			a.weights[i] = math.Exp((pred(m) - hi) / temp)
			sum += a.weights[i]
		}
		u := a.rng.Float64() * sum
		best := greedy(a.allowed, pred)
		for i, m := range a.allowed {
			u -= a.weights[i]
			if u < 0 {
				return m, m != best
			}
		}
		return a.allowed[len(a.allowed)-1], a.allowed[len(a.allowed)-1] != best
	}
	if a.persist >= 0 && explore > 0 && slices.Contains(a.allowed, a.persist) && a.rng.Float64() >= 1/a.cfg.Persistence {
		return a.persist, true
	}
	a.persist = -1
	if a.rng.Float64() < explore {
		m := a.allowed[a.rng.IntN(len(a.allowed))]
		if a.cfg.Persistence > 1 {
			a.persist = m
		}
		return m, true
	}
	return greedy(a.allowed, pred), false
}

// predictedMove returns the move the consolidator's current output predicts
// (the largest of its four action entries, the first on ties), whatever the
// rule then allows: what the viewer shows beside the move taken.
func (a *Agent) predictedMove() env.Action {
	y := a.cortex.Output()
	best := env.Up
	for m := env.Right; m < env.NumActions; m++ {
		if y[1+int(m)] > y[1+int(best)] {
			best = m
		}
	}
	return best
}

// greedy returns the allowed move with the largest prediction (the first on ties).
func greedy(allowed []env.Action, pred func(env.Action) float64) env.Action {
	best := allowed[0]
	for _, m := range allowed[1:] {
		if pred(m) > pred(best) {
			best = m
		}
	}
	return best
}

// reverse returns the move that undoes m (-1 for none).
func reverse(m env.Action) env.Action {
	if m < 0 || m >= env.NumActions {
		return -1
	}
	return (m + 2) % env.NumActions
}
