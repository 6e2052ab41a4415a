package baseline

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/env"
)

// Kind is a tabular learner.
type Kind int

const (
	// QLearning is one-step tabular Q-learning.
	QLearning Kind = iota
	// DynaQ is Q-learning plus planning from a learned deterministic model.
	DynaQ
)

// ParseKind maps "q-learning" and "dyna-q" to a Kind.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "q-learning":
		return QLearning, nil
	case "dyna-q":
		return DynaQ, nil
	}
	return 0, fmt.Errorf("baseline: unknown learner %q (want q-learning or dyna-q)", s)
}

// String returns "q-learning" or "dyna-q".
func (k Kind) String() string {
	if k == DynaQ {
		return "dyna-q"
	}
	return "q-learning"
}

// Config sets a tabular learner.
type Config struct {
	Kind          Kind
	Alpha         float64      // learning rate α in (0, 1]
	Gamma         float64      // discount γ in [0, 1]
	PlanningSteps int          // Dyna-Q: simulated updates per real step (ignored by Q-learning)
	Policy        agent.Config // action rule and exploration schedules, as the replaylab agent's
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Kind != QLearning && c.Kind != DynaQ:
		return fmt.Errorf("baseline: unknown kind %d", c.Kind)
	case !(c.Alpha > 0 && c.Alpha <= 1):
		return fmt.Errorf("baseline: alpha must be in (0, 1], got %g", c.Alpha)
	case !(c.Gamma >= 0 && c.Gamma <= 1):
		return fmt.Errorf("baseline: gamma must be in [0, 1], got %g", c.Gamma)
	case c.PlanningSteps < 0:
		return fmt.Errorf("baseline: planning_steps must be ≥ 0, got %d", c.PlanningSteps)
	}
	return c.Policy.Validate()
}

// outcome is Dyna-Q's model entry for one (state, move): the last outcome seen.
type outcome struct {
	Reward   float64
	Next     int
	Terminal bool
	Allowed  uint8 // bit a set: move a allowed in Next
}

// Learner is a tabular Q-learning or Dyna-Q agent for one maze and task. It
// is not safe for concurrent use.
type Learner struct {
	cfg    Config
	rng    *rand.Rand
	phases []string
	sides  int // 2 for the T-mazes, else 1
	states int

	st State

	allowed []env.Action
	ties    []env.Action
	weights []float64
}

// State is what a Learner has learned: saved in checkpoints.
type State struct {
	Q     []float64 // Q[s·NumActions + a]
	Model []outcome // Dyna-Q: per (s, a); valid where Tried
	Tried []bool
	Pairs []int // Dyna-Q: the (s, a) pairs tried, in the order first tried
	Lived int   // episodes lived
}

// New returns a learner for the task and maze of e. rng drives exploration,
// tie-breaks and planning draws.
func New(cfg Config, e *env.Env, rng *rand.Rand) (*Learner, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if e == nil || rng == nil {
		return nil, errors.New("baseline: an environment and a random stream are required")
	}
	l := &Learner{cfg: cfg, rng: rng, phases: env.TaskPhases(e.Task().Kind), sides: 1,
		allowed: make([]env.Action, 0, env.NumActions), ties: make([]env.Action, 0, env.NumActions),
		weights: make([]float64, env.NumActions)}
	if k := e.Task().Kind; k == env.KindCuedTMaze || k == env.KindDelayedAlternation {
		l.sides = 2
	}
	l.states = e.Maze().NumCells() * len(l.phases) * l.sides
	n := l.states * env.NumActions
	l.st = State{Q: make([]float64, n)}
	if cfg.Kind == DynaQ {
		l.st.Model, l.st.Tried = make([]outcome, n), make([]bool, n)
	}
	return l, nil
}

// Kind returns the learner's kind.
func (l *Learner) Kind() Kind { return l.cfg.Kind }

// Lived returns the number of episodes lived.
func (l *Learner) Lived() int { return l.st.Lived }

// Q returns the action value of move a in state s (see the package doc).
func (l *Learner) Q(s int, a env.Action) float64 { return l.st.Q[s*env.NumActions+int(a)] }

// StateOf returns the learner's state index for the current state of e.
func (l *Learner) StateOf(e *env.Env) int {
	side := 0
	if l.sides == 2 && e.Cue() == env.SideRight {
		side = 1
	}
	row, col := e.Position()
	phase := max(0, slices.Index(l.phases, e.Phase()))
	return (e.Maze().CellIndex(row, col)*len(l.phases)+phase)*l.sides + side
}

// Snapshot returns a deep copy of what the learner has learned.
func (l *Learner) Snapshot() State {
	return State{Q: slices.Clone(l.st.Q), Model: slices.Clone(l.st.Model), Tried: slices.Clone(l.st.Tried),
		Pairs: slices.Clone(l.st.Pairs), Lived: l.st.Lived}
}

// Restore replaces what the learner has learned with st (from Snapshot of
// a learner with the same configuration, maze and task).
func (l *Learner) Restore(st State) error {
	n := l.states * env.NumActions
	if len(st.Q) != n {
		return fmt.Errorf("baseline: restore: table has %d entries, want %d (another maze or task?)", len(st.Q), n)
	}
	if l.cfg.Kind == DynaQ && (len(st.Model) != n || len(st.Tried) != n) {
		return fmt.Errorf("baseline: restore: Dyna-Q model has %d entries, want %d", len(st.Model), n)
	}
	l.st = State{Q: slices.Clone(st.Q), Model: slices.Clone(st.Model), Tried: slices.Clone(st.Tried),
		Pairs: slices.Clone(st.Pairs), Lived: st.Lived}
	return nil
}

// allowedMoves writes into l.allowed the moves considered in the current
// state of e and returns them as a bit set.
func (l *Learner) allowedMoves(e *env.Env) uint8 {
	if l.cfg.Policy.Rule == agent.RulePure {
		l.allowed = append(l.allowed[:0], env.Up, env.Right, env.Down, env.Left)
	} else {
		l.allowed = e.OpenMoves(l.allowed[:0])
	}
	var bits uint8
	for _, a := range l.allowed {
		bits |= 1 << a
	}
	return bits
}

// maxQ is the largest Q(s, a) over the moves in bits (0 for none).
func (l *Learner) maxQ(s int, bits uint8) float64 {
	best, any := 0.0, false
	for a := range env.NumActions {
		if bits&(1<<a) != 0 {
			if q := l.st.Q[s*env.NumActions+a]; !any || q > best {
				best, any = q, true
			}
		}
	}
	return best
}

// update applies one Q-learning update and returns the TD error.
func (l *Learner) update(s int, a env.Action, o outcome) float64 {
	target := o.Reward
	if !o.Terminal {
		target += l.cfg.Gamma * l.maxQ(o.Next, o.Allowed)
	}
	i := s*env.NumActions + int(a)
	td := target - l.st.Q[i]
	l.st.Q[i] += l.cfg.Alpha * td
	return td
}

// plan makes Dyna-Q's simulated updates.
func (l *Learner) plan() {
	if l.cfg.Kind != DynaQ || len(l.st.Pairs) == 0 {
		return
	}
	for range l.cfg.PlanningSteps {
		i := l.st.Pairs[l.rng.IntN(len(l.st.Pairs))]
		l.update(i/env.NumActions, env.Action(i%env.NumActions), l.st.Model[i])
	}
}

// greedy returns a move of largest Q among l.allowed, ties broken uniformly.
func (l *Learner) greedy(s int) env.Action {
	l.ties = l.ties[:0]
	best := math.Inf(-1)
	for _, a := range l.allowed {
		q := l.st.Q[s*env.NumActions+int(a)]
		switch {
		case q > best:
			best = q
			l.ties = append(l.ties[:0], a)
		case q == best:
			l.ties = append(l.ties, a)
		}
	}
	if len(l.ties) == 1 {
		return l.ties[0]
	}
	return l.ties[l.rng.IntN(len(l.ties))]
}

// choose picks a move among l.allowed in state s; explored reports that
// exploration, not the greedy choice, picked it.
func (l *Learner) choose(s int, explore float64) (act, best env.Action, explored bool) {
	best = l.greedy(s)
	if len(l.allowed) < 2 {
		return best, best, false
	}
	if l.cfg.Policy.Exploration == agent.Softmax {
		temp := max(explore, 1e-9)
		hi := l.st.Q[s*env.NumActions+int(best)]
		sum := 0.0
		for i, a := range l.allowed {
			l.weights[i] = math.Exp((l.st.Q[s*env.NumActions+int(a)] - hi) / temp)
			sum += l.weights[i]
		}
		u := l.rng.Float64() * sum
		act = l.allowed[len(l.allowed)-1]
		for i, a := range l.allowed {
			if u -= l.weights[i]; u < 0 {
				act = a
				break
			}
		}
		return act, best, act != best
	}
	if l.rng.Float64() < explore {
		return l.allowed[l.rng.IntN(len(l.allowed))], best, true
	}
	return best, best, false
}

// Live runs one episode in e (reset with seed), learning after every step,
// and returns its record.
func (l *Learner) Live(e *env.Env, seed uint64) (*agent.Episode, error) {
	obs := e.Reset(seed)
	explore := l.cfg.Policy.ExplorationAt(l.st.Lived)
	ep := &agent.Episode{Index: l.st.Lived, Seed: seed, Cue: e.Cue(), Exploration: explore, CacheID: -1}
	l.allowedMoves(e)
	tdSum := 0.0
	for {
		ep.Sensory = append(ep.Sensory, slices.Clone(obs.Sensory))
		s := l.StateOf(e)
		held, choice := len(l.allowed) == 0, len(l.allowed) > 1
		act, best, explored := env.Up, env.Up, false
		if !held {
			act, best, explored = l.choose(s, explore)
		}
		row, col, place := obs.Row, obs.Col, obs.Place
		next, reward, terminated, truncated := e.Step(act)
		nextBits := l.allowedMoves(e)
		if !held {
			o := outcome{Reward: reward, Next: l.StateOf(e), Terminal: terminated, Allowed: nextBits}
			td := l.update(s, act, o)
			tdSum += td * td
			if l.cfg.Kind == DynaQ {
				i := s*env.NumActions + int(act)
				if !l.st.Tried[i] {
					l.st.Tried[i] = true
					l.st.Pairs = append(l.st.Pairs, i)
				}
				l.st.Model[i] = o
				l.plan()
			}
		}
		ep.Steps = append(ep.Steps, agent.Step{Row: row, Col: col, Place: place, Action: act, Predicted: best,
			Reward: reward, Choice: choice, Explored: explored})
		ep.Reward += reward
		obs = next
		if terminated || truncated {
			ep.Sensory = append(ep.Sensory, slices.Clone(obs.Sensory))
			ep.Final = agent.Step{Row: obs.Row, Col: obs.Col, Place: obs.Place, Action: -1, Predicted: -1}
			ep.Truncated = truncated && !terminated
			break
		}
	}
	ep.Success = e.Succeeded()
	ep.Loss = tdSum / float64(len(ep.Steps))
	if math.IsInf(ep.Reward, 0) || math.IsNaN(ep.Reward) {
		return nil, fmt.Errorf("baseline: episode %d: summed reward %v", ep.Index, ep.Reward)
	}
	l.st.Lived++
	return ep, nil
}
