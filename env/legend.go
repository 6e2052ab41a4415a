package env

import (
	"fmt"
	"slices"
)

// CellKind is what a maze cell is: it decides how the agent may move and what
// the task does there. What the agent sees is the cell's observation class.
type CellKind int

// The cell kinds of a maze layout.
const (
	Wall   CellKind = iota // blocks every move into it
	Floor                  // passable
	Start                  // passable; where every episode begins (exactly one per maze)
	Reward                 // passable; a named reward site with a magnitude
	Cue                    // passable; shows the episode's cue (cue-left or cue-right)
	Door                   // passable only in the task phases that open it
)

var kindNames = [...]string{"wall", "floor", "start", "reward", "cue", "door"}

// String returns the kind's name as written in scenario files.
func (k CellKind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("CellKind(%d)", int(k))
	}
	return kindNames[k]
}

// ParseCellKind returns the kind named s ("wall", "floor", "start", "reward",
// "cue", "door").
func ParseCellKind(s string) (CellKind, error) {
	for i, n := range kindNames {
		if n == s {
			return CellKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown cell kind %q (want one of %v)", s, kindNames[:])
}

// CellKindNames lists the names ParseCellKind accepts.
func CellKindNames() []string { return slices.Clone(kindNames[:]) }

// Arm sides, used by cue sides, reward-site names of the T-mazes and doors.
const (
	SideLeft  = "left"
	SideRight = "right"
)

// CellSpec is one legend entry: what a layout character stands for.
type CellSpec struct {
	Kind CellKind
	// Class is the observation class the cell shows. Empty means the kind's
	// default: "floor" for floor (or "junction" where three or more
	// neighbours are passable), "start" for start, "reward-site" for reward,
	// "door" for door, and ClassCue for cue. ClassCue on any passable kind
	// means "the episode's cue" (cue-left or cue-right).
	Class string
	// Name and Magnitude describe a reward site: the task pays Magnitude
	// when it rewards this site. Names "left" and "right" mark the arm ends
	// of the T-mazes.
	Name      string
	Magnitude float64
	// Open lists the task phases in which a door is open; nil means open in
	// every phase, an empty non-nil slice means never (a validation error).
	Open []string
	// Arm ("left", "right" or "") ties a door to a T-maze arm: in the sample
	// phase of delayed-alternation it is closed unless its arm is sampled.
	Arm string
}

// Legend maps layout characters to cell specifications.
type Legend map[rune]CellSpec

// DefaultLegend is the legend every maze starts from; a scenario's
// [maze.legend] adds characters or replaces these:
//
//	#  wall           .  floor          S  start        C  cue
//	G  reward "goal" (1)   L  reward "left" (1)   R  reward "right" (1)
//	D  door (open in every phase)
//	<  door on the left arm    >  door on the right arm (closed in the
//	   sample phase of delayed-alternation unless that arm is sampled)
func DefaultLegend() Legend {
	return Legend{
		'#': {Kind: Wall},
		'.': {Kind: Floor},
		'S': {Kind: Start},
		'C': {Kind: Cue},
		'G': {Kind: Reward, Name: "goal", Magnitude: 1},
		'L': {Kind: Reward, Name: SideLeft, Magnitude: 1},
		'R': {Kind: Reward, Name: SideRight, Magnitude: 1},
		'D': {Kind: Door},
		'<': {Kind: Door, Arm: SideLeft},
		'>': {Kind: Door, Arm: SideRight},
	}
}

// Merge returns a copy of l with the entries of over added or replacing.
func (l Legend) Merge(over Legend) Legend {
	out := make(Legend, len(l)+len(over))
	for r, c := range l {
		out[r] = c
	}
	for r, c := range over {
		out[r] = c
	}
	return out
}
