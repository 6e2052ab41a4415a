package env

import (
	"fmt"
	"math"
	"slices"
)

// Task kinds.
const (
	KindCuedTMaze          = "cued-tmaze"
	KindDelayedAlternation = "delayed-alternation"
	KindLinearTrack        = "linear-track"
	KindGoal               = "goal"
)

// TaskKinds lists the task kinds.
func TaskKinds() []string {
	return []string{KindCuedTMaze, KindDelayedAlternation, KindLinearTrack, KindGoal}
}

// Cue-side rules: how the side of each episode (the cue of cued-tmaze, the
// sampled arm of delayed-alternation) is chosen.
const (
	CueRandom    = "random"    // a fair coin per episode, drawn from the Reset seed
	CueAlternate = "alternate" // left, right, left, ... counted over the Env's Resets
	CueLeft      = SideLeft    // always left
	CueRight     = SideRight   // always right
)

// CueSides lists the cue-side rules.
func CueSides() []string { return []string{CueRandom, CueAlternate, CueLeft, CueRight} }

// Task phases, as reported by Env.Phase and named in a door's Open list.
const (
	PhaseRun    = "run"    // the only phase of cued-tmaze, linear-track and goal
	PhaseSample = "sample" // delayed-alternation: forced run into the sampled arm
	PhaseReturn = "return" // delayed-alternation: back to the start
	PhaseDelay  = "delay"  // delayed-alternation: held at the start for DelaySteps
	PhaseChoice = "choice" // delayed-alternation: free choice, the other arm pays
)

// TaskPhases returns the phases of a task kind, in the order they occur.
func TaskPhases(kind string) []string {
	if kind == KindDelayedAlternation {
		return []string{PhaseSample, PhaseReturn, PhaseDelay, PhaseChoice}
	}
	return []string{PhaseRun}
}

// Task is the rule an Env runs in a maze.
//
//   - cued-tmaze: reward sites "left" and "right"; cue cells show the
//     episode's side; reaching the cued site pays its magnitude, reaching
//     either ends the episode (Succeeded only for the cued one).
//   - delayed-alternation: reward sites "left" and "right"; phase sample
//     (doors of the other arm closed) ends at the sampled site, paying
//     SampleReward; phase return ends at the start; phase delay holds the
//     agent at the start for DelaySteps steps (every move is refused and
//     OpenMoves is empty); phase choice ends the episode at either site,
//     paying the magnitude of the site not sampled (Succeeded) and 0 at the
//     sampled one.
//   - linear-track: exactly two reward sites; the first end reached pays,
//     then only the other end than the last paid one; the episode ends
//     (Succeeded) after Runs paid runs.
//   - goal: reaching any reward site ends the episode, paying its magnitude;
//     Succeeded when that magnitude is positive.
//
// Every kind truncates after MaxSteps steps.
type Task struct {
	Kind         string
	CueSide      string  // cue-side rule; "" means random
	DelaySteps   int     // delayed-alternation
	SampleReward float64 // delayed-alternation
	Runs         int     // linear-track; 0 means 2
	MaxSteps     int     // 0 means automatic: 3 × a perfect episode's moves (+ DelaySteps in delayed-alternation)
	ObsNoise     float64 // σ of the Gaussian noise on the sensory vector
	// Observation is the "+"-joined set of observation parts the agent
	// senses (SenseClass, SenseView, SensePlace); "" means "class".
	Observation string
	ViewRadius  int     // view: cells seen in each direction (the view is (2r+1)² cells)
	PlaceCells  int     // place: number of place cells; 0 = one per non-wall cell
	PlaceSigma  float64 // place: field width σ, in cells
}

// checkTask returns every problem of task t in maze m, and the task with
// its automatic values filled in.
func checkTask(m *Maze, t Task) (Task, Problems) {
	var ps Problems
	add := func(key, format string, args ...any) {
		ps = append(ps, Problem{Row: -1, Col: -1, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	if !slices.Contains(TaskKinds(), t.Kind) {
		add("kind", "unknown task kind %q (want one of %v)", t.Kind, TaskKinds())
		return t, ps
	}
	if t.CueSide == "" {
		t.CueSide = CueRandom
	}
	if !slices.Contains(CueSides(), t.CueSide) {
		add("cue_side", "unknown cue side %q (want one of %v)", t.CueSide, CueSides())
	}
	if t.DelaySteps < 0 {
		add("delay_steps", "must be ≥ 0, got %d", t.DelaySteps)
	}
	if t.Runs == 0 {
		t.Runs = 2
	}
	if t.Runs < 0 {
		add("runs", "must be ≥ 1, got %d", t.Runs)
	}
	if t.MaxSteps < 0 {
		add("max_steps", "must be ≥ 1 (or 0 for automatic), got %d", t.MaxSteps)
	}
	if !(t.ObsNoise >= 0 && t.ObsNoise <= math.MaxFloat64) {
		add("obs_noise", "must be a finite number ≥ 0, got %g", t.ObsNoise)
	}

	ps = append(ps, checkObservation(m, t)...)

	sr, sc := m.Start()
	dist := m.Distances(sr, sc)
	ps = append(ps, checkSites(m, t.Kind, dist)...)
	switch t.Kind {
	case KindCuedTMaze, KindDelayedAlternation:
		for _, side := range []string{SideLeft, SideRight} {
			if n := m.countRewards(side); n != 1 {
				add("", "task %s needs exactly one reward site named %q, found %d", t.Kind, side, n)
			}
		}
	case KindLinearTrack:
		if len(m.rewards) != 2 {
			add("", "task linear-track needs exactly two reward sites (the ends), found %d", len(m.rewards))
		}
	case KindGoal:
		if !slices.ContainsFunc(m.rewards, func(r RewardSite) bool { return r.Magnitude > 0 }) {
			add("", "task goal needs at least one reward site with a magnitude > 0, found none")
		}
	}
	if len(ps) == 0 && t.MaxSteps == 0 {
		t.MaxSteps = 3 * optimalSteps(m, t, dist)
		if t.Kind == KindDelayedAlternation {
			t.MaxSteps += t.DelaySteps
		}
	}
	return t, ps
}

// checkSites reports reward sites unreachable from the start (dist: steps
// from the start, −1 unreachable) or with a bad magnitude, and doors whose
// phases or arm do not fit the task kind.
func checkSites(m *Maze, kind string, dist []int) Problems {
	var ps Problems
	phases := TaskPhases(kind)
	sr, sc := m.Start()
	for _, rs := range m.rewards {
		if dist[rs.Place] < 0 {
			ps = append(ps, Problem{Row: rs.Row, Col: rs.Col, Msg: fmt.Sprintf(
				"reward site %q at row %d, col %d is unreachable from the start at row %d, col %d", rs.Name, rs.Row, rs.Col, sr, sc)})
		}
		if !(rs.Magnitude >= 0 && rs.Magnitude <= math.MaxFloat64) {
			ps = append(ps, Problem{Row: rs.Row, Col: rs.Col, Msg: fmt.Sprintf("reward site %q has magnitude %g: want a finite number ≥ 0", rs.Name, rs.Magnitude)})
		}
	}
	for _, d := range m.doors {
		if d.Open != nil && !slices.ContainsFunc(d.Open, func(p string) bool { return slices.Contains(phases, p) }) {
			ps = append(ps, Problem{Row: d.Row, Col: d.Col, Msg: fmt.Sprintf(
				"door at row %d, col %d can never open: its open phases %q name none of the %s phases %q", d.Row, d.Col, d.Open, kind, phases)})
		}
		for _, p := range d.Open {
			if !slices.Contains(phases, p) {
				ps = append(ps, Problem{Row: d.Row, Col: d.Col, Msg: fmt.Sprintf("door at row %d, col %d: unknown phase %q (task %s has %q)", d.Row, d.Col, p, kind, phases)})
			}
		}
		if d.Arm != "" && d.Arm != SideLeft && d.Arm != SideRight {
			ps = append(ps, Problem{Row: d.Row, Col: d.Col, Msg: fmt.Sprintf("door at row %d, col %d: arm %q, want \"left\", \"right\" or none", d.Row, d.Col, d.Arm)})
		}
	}
	return ps
}

func (m *Maze) countRewards(name string) int {
	n := 0
	for _, r := range m.rewards {
		if r.Name == name {
			n++
		}
	}
	return n
}

func (m *Maze) rewardNamed(name string) int {
	return slices.IndexFunc(m.rewards, func(r RewardSite) bool { return r.Name == name })
}

// optimalSteps is the number of moves of a perfect episode (without the
// delay), the longer arm counted where the side is drawn per episode.
func optimalSteps(m *Maze, t Task, dist []int) int {
	switch t.Kind {
	case KindCuedTMaze:
		return max(dist[m.rewards[m.rewardNamed(SideLeft)].Place], dist[m.rewards[m.rewardNamed(SideRight)].Place])
	case KindDelayedAlternation:
		return 3 * max(dist[m.rewards[m.rewardNamed(SideLeft)].Place], dist[m.rewards[m.rewardNamed(SideRight)].Place])
	case KindLinearTrack:
		a, b := m.rewards[0], m.rewards[1]
		between := m.Distances(a.Row, a.Col)[b.Place]
		return min(dist[a.Place], dist[b.Place]) + (t.Runs-1)*between
	}
	best := -1
	for _, r := range m.rewards {
		if r.Magnitude > 0 && (best < 0 || dist[r.Place] < best) {
			best = dist[r.Place]
		}
	}
	return best
}
