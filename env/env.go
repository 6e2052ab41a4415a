package env

import (
	"math/rand/v2"
	"slices"
)

// envStream is the PCG stream constant of the per-episode random stream, so
// that Reset(seed) draws the same numbers whatever else uses that seed.
const envStream = 0x656e762d6d617a65 // "env-maze"

// Env is one task in one maze, stepped one move at a time in the Gymnasium
// style: Reset, then Step until terminated or truncated. An Env is not safe
// for concurrent use; make one per goroutine (they may share the Maze).
type Env struct {
	maze *Maze
	task Task
	kind int // taskCued, ...

	pcg *rand.PCG
	rng *rand.Rand

	sensory  []float64
	enc      *Encoding
	doorOpen []bool

	episodes  int // Resets so far
	side      string
	phase     int // index into phases
	phases    []string
	place     int
	prev      Action // -1 = none
	steps     int
	delayLeft int
	lastPaid  int // linear-track: index of the last paid reward site, -1 none
	paidRuns  int
	done      bool
	success   bool
	term      bool
	trunc     bool
}

const (
	taskCued = iota
	taskAlternation
	taskTrack
	taskGoal
)

// New returns an Env running task t in maze m. It checks the task against
// the maze and returns every problem found as Problems. The task's
// automatic values (MaxSteps 0, Runs 0, CueSide "") are filled in; Task
// returns them.
func New(m *Maze, t Task) (*Env, error) {
	t, ps := checkTask(m, t)
	if len(ps) > 0 {
		return nil, ps
	}
	e := &Env{maze: m, task: t, phases: TaskPhases(t.Kind)}
	e.kind = slices.Index(TaskKinds(), t.Kind)
	e.pcg = rand.NewPCG(0, envStream)
	e.rng = rand.New(e.pcg)
	e.enc = newEncoding(m, t)
	e.sensory = make([]float64, e.enc.Width())
	e.doorOpen = make([]bool, len(m.doors))
	e.prev = -1
	e.side = SideLeft
	e.updateDoors()
	return e, nil
}

// Maze returns the maze.
func (e *Env) Maze() *Maze { return e.maze }

// Task returns the task with its automatic values filled in.
func (e *Env) Task() Task { return e.task }

// Blocks returns the widths of the sensory blocks, in order: previous
// action (NumActions+1), reward (2), then the observation parts' blocks
// (Encoding.Blocks).
func (e *Env) Blocks() []int { return e.enc.Blocks() }

// Encoding returns how the Env encodes what the agent senses.
func (e *Env) Encoding() *Encoding { return e.enc }

// SensoryLen returns the length of the sensory vector.
func (e *Env) SensoryLen() int { return len(e.sensory) }

// Resets returns how many episodes Reset has started; with cue_side
// "alternate" it decides the next side.
func (e *Env) Resets() int { return e.episodes }

// SetResets restores the count of Resets (when a saved run resumes).
func (e *Env) SetResets(n int) { e.episodes = n }

// Reset starts an episode and returns its first observation (previous
// action "none", no reward, the start cell's class). The episode's random
// draws (the cue side when random, observation noise) come from a stream
// seeded by seed alone, so the same seed gives the same episode; with
// cue_side "alternate" the side also depends on how many Resets came before
// (left on the first).
func (e *Env) Reset(seed uint64) Observation {
	e.pcg.Seed(seed, envStream)
	switch e.task.CueSide {
	case CueLeft, CueRight:
		e.side = e.task.CueSide
	case CueAlternate:
		e.side = SideLeft
		if e.episodes%2 == 1 {
			e.side = SideRight
		}
	default:
		e.side = SideLeft
		if e.rng.IntN(2) == 1 {
			e.side = SideRight
		}
	}
	e.episodes++
	e.phase = 0
	e.place = e.maze.start
	e.prev = -1
	e.steps = 0
	e.delayLeft = 0
	e.lastPaid = -1
	e.paidRuns = 0
	e.done, e.success, e.term, e.trunc = false, false, false, false
	e.updateDoors()
	return e.observe(false)
}

// Step makes move a and returns the new observation, the reward paid on
// arriving, whether the episode ended by the task's rule (terminated) or by
// the step limit (truncated). A move into a wall, off the grid or into a
// closed door leaves the agent in place; so does every move in the delay
// phase. An action outside Up..Left moves nothing and shows as "none" in
// the previous-action block. Stepping after the episode ended moves nothing
// and repeats the end flags with reward 0. Step allocates nothing.
func (e *Env) Step(a Action) (obs Observation, reward float64, terminated, truncated bool) {
	if e.done {
		return e.observe(false), 0, e.term, e.trunc
	}
	if a < 0 || a >= NumActions {
		a = -1
	}
	e.steps++
	e.prev = a
	if a >= 0 && e.phases[e.phase] != PhaseDelay {
		next := e.maze.nbr[e.place*NumActions+int(a)]
		if next >= 0 {
			if d := e.maze.doorAt[next]; d < 0 || e.doorOpen[d] {
				e.place = next
			}
		}
	}
	switch e.kind {
	case taskCued:
		reward = e.stepCued()
	case taskAlternation:
		reward = e.stepAlternation()
	case taskTrack:
		reward = e.stepTrack()
	default:
		reward = e.stepGoal()
	}
	if !e.term && e.steps >= e.task.MaxSteps {
		e.trunc = true
	}
	e.done = e.term || e.trunc
	return e.observe(reward > 0), reward, e.term, e.trunc
}

// observe writes the sensory vector for the current state.
func (e *Env) observe(rewarded bool) Observation {
	s := e.sensory
	clear(s)
	s[int(e.prev)+1] = 1
	if rewarded {
		s[NumActions+2] = 1
	} else {
		s[NumActions+1] = 1
	}
	cue := 3 // ClassCueLeft
	if e.side == SideRight {
		cue = 4 // ClassCueRight
	}
	e.enc.write(s, e.place, cue)
	if σ := e.task.ObsNoise; σ > 0 {
		for i := range s {
			s[i] += σ * e.rng.NormFloat64()
		}
	}
	return Observation{Sensory: s, Row: e.maze.placeRow[e.place], Col: e.maze.placeCol[e.place], Place: e.place}
}

// OpenMoves appends to dst[:0] the moves from the current cell that would
// change the cell (not into a wall, off the grid or into a closed door), in
// the order Up, Right, Down, Left, and returns it. It is empty in the delay
// phase and after the episode ended.
func (e *Env) OpenMoves(dst []Action) []Action {
	dst = dst[:0]
	if e.done || e.phases[e.phase] == PhaseDelay {
		return dst
	}
	for a := range Action(NumActions) {
		next := e.maze.nbr[e.place*NumActions+int(a)]
		if next < 0 {
			continue
		}
		if d := e.maze.doorAt[next]; d >= 0 && !e.doorOpen[d] {
			continue
		}
		dst = append(dst, a)
	}
	return dst
}

// Succeeded reports whether the episode ended with the task's reward (see
// Task for each kind's rule).
func (e *Env) Succeeded() bool { return e.success }

// Phase returns the current task phase ("run", or for delayed-alternation
// "sample", "return", "delay", "choice").
func (e *Env) Phase() string { return e.phases[e.phase] }

// Cue returns the side of the current episode, "left" or "right": the cue
// shown by cue cells, and the sampled arm of delayed-alternation.
func (e *Env) Cue() string { return e.side }

// Steps returns the number of steps taken in the current episode.
func (e *Env) Steps() int { return e.steps }

// Position returns the agent's cell.
func (e *Env) Position() (row, col int) { return e.maze.Position(e.place) }

// DoorOpen reports whether the door at (row, col) is open in the current
// phase; false if there is no door there.
func (e *Env) DoorOpen(row, col int) bool {
	p := e.maze.CellIndex(row, col)
	if p < 0 || e.maze.doorAt[p] < 0 {
		return false
	}
	return e.doorOpen[e.maze.doorAt[p]]
}

// updateDoors opens and closes the doors for the current phase and side.
func (e *Env) updateDoors() {
	phase := e.phases[e.phase]
	for i, d := range e.maze.doors {
		open := d.Open == nil || slices.Contains(d.Open, phase)
		if phase == PhaseSample && d.Arm != "" && d.Arm != e.side {
			open = false
		}
		e.doorOpen[i] = open
	}
}

func (e *Env) setPhase(name string) {
	e.phase = slices.Index(e.phases, name)
	e.updateDoors()
}
