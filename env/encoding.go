package env

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

// Observation parts a task may sense, beside the previous action and the
// reward (which every sensory vector has). A task senses one or more of
// them, in this order in the sensory vector, whatever order they were named in.
const (
	SenseClass = "class" // the cell's observation class: one block over Maze.Classes
	SenseView  = "view"  // the cells within ViewRadius: one block per cell, wall or its class
	SensePlace = "place" // a population of place cells with Gaussian fields
)

// SenseParts lists the observation parts in the order of the sensory vector.
func SenseParts() []string { return []string{SenseClass, SenseView, SensePlace} }

// ParseObservation splits a "+"-joined set of observation parts ("class",
// "class+view", "view+place", ...) and returns them in the order of the
// sensory vector. Spaces around the parts are allowed; "" means "class".
func ParseObservation(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return []string{SenseClass}, nil
	}
	seen := map[string]bool{}
	for _, p := range strings.Split(s, "+") {
		p = strings.TrimSpace(p)
		if !slices.Contains(SenseParts(), p) {
			return nil, fmt.Errorf("unknown observation part %q in %q (want a \"+\"-joined set of %v)", p, s, SenseParts())
		}
		if seen[p] {
			return nil, fmt.Errorf("observation part %q named twice in %q", p, s)
		}
		seen[p] = true
	}
	var out []string
	for _, p := range SenseParts() {
		if seen[p] {
			out = append(out, p)
		}
	}
	return out, nil
}

// Limits on the observation settings, so that a typo cannot make a sensory
// vector of millions of entries.
const (
	MaxViewRadius = 5
	MaxPlaceCells = 10000
)

// Encoding is how an Env writes what the agent senses into its sensory
// vector: the blocks' widths and offsets and the place cells' centres. It
// is immutable once made and safe for concurrent use (Regenerate is called
// from the sleep's replay workers).
type Encoding struct {
	maze       *Maze
	parts      []string
	radius     int
	sigma      float64
	centres    []int // place-cell centres (place indices)
	blocks     []int
	classOff   int // -1 without the class part
	viewOff    int // -1 without the view part
	placeOff   int // -1 without the place part
	viewBlocks int // (2r+1)² viewed cells
	width      int
}

// newEncoding builds the encoding of task t in maze m (t already checked).
func newEncoding(m *Maze, t Task) *Encoding {
	parts, _ := ParseObservation(t.Observation)
	enc := &Encoding{maze: m, parts: parts, radius: t.ViewRadius, sigma: t.PlaceSigma, classOff: -1, viewOff: -1, placeOff: -1}
	enc.blocks = []int{NumActions + 1, 2}
	off := NumActions + 1 + 2
	for _, p := range parts {
		switch p {
		case SenseClass:
			enc.classOff = off
			enc.blocks = append(enc.blocks, len(m.classes))
			off += len(m.classes)
		case SenseView:
			enc.viewOff = off
			side := 2*t.ViewRadius + 1
			enc.viewBlocks = side * side
			for range enc.viewBlocks {
				enc.blocks = append(enc.blocks, 1+len(m.classes))
			}
			off += enc.viewBlocks * (1 + len(m.classes))
		case SensePlace:
			enc.placeOff = off
			enc.centres = placeCentres(m, t.PlaceCells)
			enc.blocks = append(enc.blocks, len(enc.centres))
			off += len(enc.centres)
		}
	}
	enc.width = off
	return enc
}

// Blocks returns the widths of the sensory blocks, in order: previous
// action, reward, then per observation part its blocks (class: one; view:
// one per viewed cell; place: one over the place cells). A copy.
func (enc *Encoding) Blocks() []int { return slices.Clone(enc.blocks) }

// PartWidths returns the sensory widths of previous action, reward, then
// each observation part (a view's blocks summed), in order.
func (enc *Encoding) PartWidths() []int {
	out := []int{NumActions + 1, 2}
	for _, p := range enc.parts {
		switch p {
		case SenseClass:
			out = append(out, len(enc.maze.classes))
		case SenseView:
			out = append(out, enc.viewBlocks*(1+len(enc.maze.classes)))
		case SensePlace:
			out = append(out, len(enc.centres))
		}
	}
	return out
}

// Width returns the length of the sensory vector.
func (enc *Encoding) Width() int { return enc.width }

// Parts returns the observation parts, in the order of the sensory vector.
func (enc *Encoding) Parts() []string { return slices.Clone(enc.parts) }

// PlaceCentres returns the place cells' centres as place indices (a copy;
// nil without the place part).
func (enc *Encoding) PlaceCentres() []int { return slices.Clone(enc.centres) }

// placeCentres chooses k place-cell centres among the maze's places by
// farthest-point sampling: the first is place 0 (the first non-wall cell in
// reading order), each next one the place farthest (Euclidean, in cells)
// from every centre chosen so far, the lowest place index on ties. The
// centres are spread over the floor, deterministic and need no seed. k = 0
// (or k ≥ the number of places) puts one centre on every place, in place order.
func placeCentres(m *Maze, k int) []int {
	n := m.NumCells()
	if k <= 0 || k >= n {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	near := slices.Repeat([]float64{math.Inf(1)}, n) // squared distance to the nearest centre
	out := make([]int, 0, k)
	next := 0
	for len(out) < k {
		out = append(out, next)
		best := -1.0
		for p := range n {
			near[p] = min(near[p], m.dist2(p, next))
			if near[p] > best {
				best, next = near[p], p
			}
		}
	}
	return out
}

// dist2 is the squared Euclidean distance between two places, in cells.
func (m *Maze) dist2(p, q int) float64 {
	dr := float64(m.placeRow[p] - m.placeRow[q])
	dc := float64(m.placeCol[p] - m.placeCol[q])
	return dr*dr + dc*dc
}

// write writes the observation parts of the agent at place p into s (the
// whole sensory vector, previous-action and reward blocks already written
// by the caller). cue is the class index a cue cell shows this episode.
func (enc *Encoding) write(s []float64, p, cue int) {
	m := enc.maze
	if enc.classOff >= 0 {
		c := m.class[p]
		if c == classEpisodeCue {
			c = cue
		}
		s[enc.classOff+c] = 1
	}
	if enc.viewOff >= 0 {
		w := 1 + len(m.classes)
		row, col := m.placeRow[p], m.placeCol[p]
		i := 0
		for dr := -enc.radius; dr <= enc.radius; dr++ {
			for dc := -enc.radius; dc <= enc.radius; dc++ {
				q := m.CellIndex(row+dr, col+dc)
				entry := 0 // wall or outside the grid
				if q >= 0 {
					c := m.class[q]
					if c == classEpisodeCue {
						c = cue
					}
					entry = 1 + c
				}
				s[enc.viewOff+i*w+entry] = 1
				i++
			}
		}
	}
	if enc.placeOff >= 0 {
		enc.population(s[enc.placeOff:enc.placeOff+len(enc.centres)], p)
	}
}

// population writes the place cells' rates at place p into r:
// r_i = exp(−‖x_p − c_i‖² / (2σ²)).
func (enc *Encoding) population(r []float64, p int) {
	k := 1 / (2 * enc.sigma * enc.sigma)
	for i, c := range enc.centres {
		r[i] = math.Exp(-enc.maze.dist2(p, c) * k)
	}
}

// Regenerate rewrites the place-cell block of the sensory vector s (length
// Width) as the population of an agent at place p, leaving every other
// entry as it is. A cache stores the population but decodes each block to
// one-hot (its peak); sleep calls Regenerate with the replayed place so
// that the consolidator is fed, in replay, the population it sensed awake
// (without the awake noise, like every decoded block). It does nothing
// without the place part or when p is not a place.
func (enc *Encoding) Regenerate(s []float64, p int) {
	if enc.placeOff < 0 || p < 0 || p >= enc.maze.NumCells() || len(s) < enc.width {
		return
	}
	enc.population(s[enc.placeOff:enc.placeOff+len(enc.centres)], p)
}

// checkObservation reports problems of the observation settings of t.
func checkObservation(m *Maze, t Task) Problems {
	var ps Problems
	add := func(key, format string, args ...any) {
		ps = append(ps, Problem{Row: -1, Col: -1, Key: key, Msg: fmt.Sprintf(format, args...)})
	}
	parts, err := ParseObservation(t.Observation)
	if err != nil {
		add("observation", "%v", err)
		return ps
	}
	if slices.Contains(parts, SenseView) && (t.ViewRadius < 1 || t.ViewRadius > MaxViewRadius) {
		add("view_radius", "must be in [1, %d] cells, got %d", MaxViewRadius, t.ViewRadius)
	}
	if slices.Contains(parts, SensePlace) {
		if t.PlaceCells < 0 || t.PlaceCells > MaxPlaceCells {
			add("place_cells", "must be in [0, %d] (0: one per non-wall cell), got %d", MaxPlaceCells, t.PlaceCells)
		}
		if !(t.PlaceSigma > 0 && t.PlaceSigma <= float64(MaxMazeRows)) {
			add("place_sigma", "must be a number of cells in (0, %d], got %g", MaxMazeRows, t.PlaceSigma)
		}
	}
	return ps
}
