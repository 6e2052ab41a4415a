package env

// Action is a move on the grid.
type Action int

// The four moves, in the order of the action block of the sensory vector
// (after its leading "none" entry).
const (
	Up Action = iota
	Right
	Down
	Left
	// NumActions is the number of moves.
	NumActions = 4
)

var actionNames = [...]string{"up", "right", "down", "left"}

// String returns "up", "right", "down" or "left".
func (a Action) String() string {
	if a < 0 || a >= NumActions {
		return "none"
	}
	return actionNames[a]
}

// Delta returns the change of (row, col) the move makes; rows grow downward.
func (a Action) Delta() (dRow, dCol int) {
	switch a {
	case Up:
		return -1, 0
	case Right:
		return 0, 1
	case Down:
		return 1, 0
	case Left:
		return 0, -1
	}
	return 0, 0
}

// Observation classes every maze has, in this order at the start of the
// class block; a legend's custom classes follow, sorted by name.
const (
	ClassFloor      = "floor"       // a corridor cell
	ClassJunction   = "junction"    // a floor cell with three or more non-wall neighbours
	ClassStart      = "start"       // the start cell
	ClassCueLeft    = "cue-left"    // a cue cell in an episode cued "left"
	ClassCueRight   = "cue-right"   // a cue cell in an episode cued "right"
	ClassRewardSite = "reward-site" // a reward site, whether or not it pays now
	ClassDoor       = "door"        // a door cell
	// ClassCue is not a class but a legend value: the cell shows the
	// episode's cue, ClassCueLeft or ClassCueRight.
	ClassCue = "cue"
)

var fixedClasses = [...]string{ClassFloor, ClassJunction, ClassStart, ClassCueLeft, ClassCueRight, ClassRewardSite, ClassDoor}

// classEpisodeCue marks a place whose class is the episode's cue.
const classEpisodeCue = -1

func defaultClass(k CellKind) string {
	switch k {
	case Start:
		return ClassStart
	case Reward:
		return ClassRewardSite
	case Cue:
		return ClassCue
	case Door:
		return ClassDoor
	}
	return ClassFloor
}

// Observation is what the agent receives after Reset or Step.
//
// Sensory is the concatenation of blocks (widths from Env.Blocks; the
// package doc has the whole encoding):
//
//	previous action  NumActions+1: index 0 = none (the first observation of
//	                 an episode), then 1+Up, 1+Right, 1+Down, 1+Left; a move
//	                 into a wall or closed door still counts as the action taken
//	reward           2: index 0 = none, 1 = received (reward > 0) at this step
//	class            one entry per observation class of the maze (Maze.Classes)
//	view             (2r+1)² blocks of 1 + classes (task observation "view")
//	place            the place-cell population (task observation "place")
//
// plus independent Gaussian noise of standard deviation obs_noise on every
// entry when configured. Sensory is a view of a buffer the Env owns and
// overwrites on the next Reset or Step: copy it to keep it.
type Observation struct {
	Sensory  []float64
	Row, Col int // the agent's cell
	Place    int // its place index (Maze.CellIndex)
}
