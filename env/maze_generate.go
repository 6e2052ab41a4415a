package env

import (
	"fmt"
	"strings"
)

// TMazeLayout returns the layout of a T-maze in the default legend: the
// start at the top of a vertical stem, the junction at its bottom, arms to
// the left and right ending in the reward sites L and R, walls around.
//
//	stem: cue cells (the first is the start S, which shows the cue when
//	      the legend gives S the class "cue"), then delay plain cells
//	junction: the row below the stem
//	arms: branch cells each way, the last one the reward site
//
// From the start, Down × (cue+delay) reaches the junction, then Left ×
// branch (or Right × branch) reaches an arm end. With doors, the first cell
// of each arm is a door ('<' left, '>' right), so branch must be ≥ 2.
func TMazeLayout(cue, delay, branch int, doors bool) (string, error) {
	if cue < 1 || delay < 0 || branch < 1 || (doors && branch < 2) {
		return "", fmt.Errorf("T-maze needs cue ≥ 1, delay ≥ 0, branch ≥ 1 (≥ 2 with doors), got %d, %d, %d", cue, delay, branch)
	}
	// Compared one by one: a sum of huge lengths would overflow.
	if cue > MaxMazeRows || delay > MaxMazeRows || cue+delay+3 > MaxMazeRows || branch > MaxMazeCols || 2*branch+3 > MaxMazeCols {
		return "", fmt.Errorf("T-maze of cue %d, delay %d, branch %d exceeds the %d×%d maze limit", cue, delay, branch, MaxMazeRows, MaxMazeCols)
	}
	width := 2*branch + 3
	var b strings.Builder
	wall := strings.Repeat("#", width) + "\n"
	stem := func(ch byte) {
		b.WriteString(strings.Repeat("#", branch+1))
		b.WriteByte(ch)
		b.WriteString(strings.Repeat("#", branch+1))
		b.WriteByte('\n')
	}
	b.WriteString(wall)
	stem('S')
	for range cue - 1 {
		stem('C')
	}
	for range delay {
		stem('.')
	}
	arm := []byte(strings.Repeat(".", branch))
	if doors {
		arm[0] = '<'
	}
	left := reverse(arm)
	left[0] = 'L'
	if doors {
		arm[0] = '>'
	}
	right := append([]byte{}, arm...)
	right[len(right)-1] = 'R'
	b.WriteByte('#')
	b.Write(left)
	b.WriteByte('.')
	b.Write(right)
	b.WriteString("#\n")
	b.WriteString(wall)
	return b.String(), nil
}

func reverse(s []byte) []byte {
	out := make([]byte, len(s))
	for i, c := range s {
		out[len(s)-1-i] = c
	}
	return out
}

// TrackLayout returns a straight east-west track of length cells between
// the two reward ends W (west, left) and E (east, right), with the start S
// on the cell next to the west end. Its legend needs W and E as reward
// sites (TrackLegend).
func TrackLayout(length int) (string, error) {
	if length < 3 || length > MaxMazeCols-2 {
		return "", fmt.Errorf("linear track needs 3 ≤ length ≤ %d cells, got %d", MaxMazeCols-2, length)
	}
	wall := strings.Repeat("#", length+2)
	return wall + "\n#WS" + strings.Repeat(".", length-3) + "E#\n" + wall + "\n", nil
}

// TrackLegend returns the legend entries TrackLayout uses besides the
// default legend: W = reward "west", E = reward "east", magnitude 1.
func TrackLegend() Legend {
	return Legend{
		'W': {Kind: Reward, Name: "west", Magnitude: 1},
		'E': {Kind: Reward, Name: "east", Magnitude: 1},
	}
}

// TMazeLegend returns the legend entries TMazeLayout needs besides the
// default legend: with cued, the start cell is the first cue cell and shows
// the episode's cue.
func TMazeLegend(cued bool) Legend {
	if cued {
		return Legend{'S': {Kind: Start, Class: ClassCue}}
	}
	return Legend{}
}
