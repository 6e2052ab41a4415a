package env

import (
	"fmt"
	"slices"
	"strings"
)

// Limits on a layout, so that a typo cannot make a maze of a billion cells.
const (
	MaxMazeRows = 1000
	MaxMazeCols = 1000
)

// Maze is a parsed layout: a grid of cells addressed (row, col) from the
// top-left corner, row 0 at the top, col 0 at the left. Non-wall cells are
// numbered in reading order (row by row, left to right); that number is the
// cell's place index. A Maze is immutable once parsed and may be shared by
// many Envs.
type Maze struct {
	Rows, Cols int

	rows     []string   // the layout, one string per row
	kind     []CellKind // per grid cell (row*Cols+col)
	place    []int      // per grid cell: place index or -1 (wall)
	placeRow []int      // per place
	placeCol []int      // per place
	class    []int      // per place: observation class index, or classEpisodeCue
	nbr      []int      // per place*NumActions+action: the place a move leads to, or -1
	start    int        // place of the start
	rewards  []RewardSite
	doors    []DoorSite
	rewardAt []int // per place: index into rewards or -1
	doorAt   []int // per place: index into doors or -1
	classes  []string
}

// RewardSite is a reward cell of a maze.
type RewardSite struct {
	Name      string
	Magnitude float64
	Row, Col  int
	Place     int
}

// DoorSite is a door cell of a maze.
type DoorSite struct {
	Row, Col, Place int
	Open            []string // phases in which it is open; nil = always
	Arm             string   // "left", "right" or ""
}

// ParseMaze parses layout (one character per cell, rows as lines) with the
// given legend (usually DefaultLegend().Merge(user entries)). Blank lines
// before the first and after the last row are ignored, and so is a '\r'
// ending a line. Every problem found is returned together as Problems, each
// with the row and column it concerns.
func ParseMaze(layout string, legend Legend) (*Maze, error) {
	rows := layoutRows(layout)
	grid, probs := layoutGrid(rows)
	if len(probs) > 0 {
		return nil, probs
	}
	m := &Maze{Rows: len(grid), Cols: len(grid[0]), rows: rows}
	specs, probs := m.placeCells(grid, legend)
	if len(probs) > 0 {
		return nil, probs
	}
	m.link(specs)
	return m, nil
}

// layoutGrid splits the layout's rows into cells, checking that there is at
// least one row, that the size is within the limits and that every row has
// the width of row 0.
func layoutGrid(rows []string) ([][]rune, Problems) {
	if len(rows) == 0 {
		return nil, Problems{{Row: -1, Col: -1, Msg: "layout is empty: want at least one row of cells"}}
	}
	if len(rows) > MaxMazeRows {
		return nil, Problems{{Row: -1, Col: -1, Msg: fmt.Sprintf("layout has %d rows, more than the limit %d", len(rows), MaxMazeRows)}}
	}
	grid := make([][]rune, len(rows))
	for r, line := range rows {
		grid[r] = []rune(line)
	}
	cols := len(grid[0])
	if cols > MaxMazeCols {
		return nil, Problems{{Row: 0, Col: -1, Msg: fmt.Sprintf("layout row has %d cells, more than the limit %d", cols, MaxMazeCols)}}
	}
	var probs Problems
	for r, cells := range grid {
		if len(cells) != cols {
			probs = append(probs, Problem{Row: r, Col: -1, Msg: fmt.Sprintf(
				"ragged layout: row %d has %d cells, row 0 has %d (every row must have the same width)", r, len(cells), cols)})
		}
	}
	return grid, probs
}

// placeCells reads every cell's kind from the legend, numbers the non-wall
// cells in reading order (the place index) and collects the start, reward
// sites and doors. It reports unknown characters (once each) and a missing
// or repeated start; the returned specs are indexed by row·Cols + col.
func (m *Maze) placeCells(grid [][]rune, legend Legend) ([]CellSpec, Problems) {
	var probs Problems
	n := m.Rows * m.Cols
	m.kind = make([]CellKind, n)
	m.place = make([]int, n)
	specs := make([]CellSpec, n)
	unknown := map[rune]bool{}
	var starts []Problem
	m.start = -1
	for r, cells := range grid {
		for c, ch := range cells {
			i := r*m.Cols + c
			spec, ok := legend[ch]
			if !ok {
				if !unknown[ch] {
					unknown[ch] = true
					probs = append(probs, Problem{Row: r, Col: c, Msg: fmt.Sprintf(
						"unknown layout character %q at row %d, col %d: add it to [maze.legend]", ch, r, c)})
				}
				spec = CellSpec{Kind: Wall}
			}
			specs[i] = spec
			m.kind[i] = spec.Kind
			m.place[i] = -1
			if spec.Kind == Wall {
				continue
			}
			p := len(m.placeRow)
			m.place[i] = p
			m.placeRow = append(m.placeRow, r)
			m.placeCol = append(m.placeCol, c)
			switch spec.Kind {
			case Start:
				m.start = p
				starts = append(starts, Problem{Row: r, Col: c})
			case Reward:
				m.rewards = append(m.rewards, RewardSite{Name: spec.Name, Magnitude: spec.Magnitude, Row: r, Col: c, Place: p})
			case Door:
				m.doors = append(m.doors, DoorSite{Row: r, Col: c, Place: p, Open: spec.Open, Arm: spec.Arm})
			}
		}
	}
	switch {
	case len(starts) == 0:
		probs = append(probs, Problem{Row: -1, Col: -1, Msg: "no start cell: the layout needs exactly one start (S in the default legend)"})
	case len(starts) > 1:
		var at []string
		for _, s := range starts {
			at = append(at, fmt.Sprintf("(%d,%d)", s.Row, s.Col))
		}
		probs = append(probs, Problem{Row: starts[1].Row, Col: starts[1].Col, Msg: fmt.Sprintf(
			"%d start cells at %s: the layout needs exactly one", len(starts), strings.Join(at, " "))})
	}
	return specs, probs
}

// layoutRows splits a layout into rows, dropping blank edge lines and '\r'.
func layoutRows(layout string) []string {
	lines := strings.Split(layout, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// link computes neighbours, observation classes and lookup tables.
func (m *Maze) link(specs []CellSpec) {
	np := len(m.placeRow)
	m.nbr = make([]int, np*NumActions)
	m.rewardAt = slices.Repeat([]int{-1}, np)
	m.doorAt = slices.Repeat([]int{-1}, np)
	for i, rs := range m.rewards {
		m.rewardAt[rs.Place] = i
	}
	for i, d := range m.doors {
		m.doorAt[d.Place] = i
	}
	for p := range np {
		for a := range Action(NumActions) {
			dr, dc := a.Delta()
			m.nbr[p*NumActions+int(a)] = m.CellIndex(m.placeRow[p]+dr, m.placeCol[p]+dc)
		}
	}
	// Observation classes: the fixed ones, then custom classes sorted.
	m.classes = slices.Clone(fixedClasses[:])
	var custom []string
	for _, s := range specs {
		if s.Kind != Wall && s.Class != "" && s.Class != ClassCue && !slices.Contains(m.classes, s.Class) && !slices.Contains(custom, s.Class) {
			custom = append(custom, s.Class)
		}
	}
	slices.Sort(custom)
	m.classes = append(m.classes, custom...)
	m.class = make([]int, np)
	for p := range np {
		spec := specs[m.placeRow[p]*m.Cols+m.placeCol[p]]
		name := spec.Class
		if name == "" {
			name = defaultClass(spec.Kind)
			if spec.Kind == Floor && m.openNeighbours(p) >= 3 {
				name = ClassJunction
			}
		}
		if name == ClassCue {
			m.class[p] = classEpisodeCue
			continue
		}
		m.class[p] = slices.Index(m.classes, name)
	}
}

func (m *Maze) openNeighbours(p int) int {
	n := 0
	for a := range NumActions {
		if m.nbr[p*NumActions+a] >= 0 {
			n++
		}
	}
	return n
}

// Passable reports whether (row, col) is inside the maze and not a wall.
// Doors count as passable here; whether a door is open is the Env's business.
func (m *Maze) Passable(row, col int) bool { return m.CellIndex(row, col) >= 0 }

// CellIndex returns the place index of (row, col): its rank among the
// non-wall cells in reading order; -1 for walls and cells outside the grid.
func (m *Maze) CellIndex(row, col int) int {
	if row < 0 || col < 0 || row >= m.Rows || col >= m.Cols {
		return -1
	}
	return m.place[row*m.Cols+col]
}

// NumCells returns the number of non-wall cells (places).
func (m *Maze) NumCells() int { return len(m.placeRow) }

// Position returns the (row, col) of a place index.
func (m *Maze) Position(place int) (row, col int) { return m.placeRow[place], m.placeCol[place] }

// Kind returns the kind of (row, col); Wall outside the grid.
func (m *Maze) Kind(row, col int) CellKind {
	if row < 0 || col < 0 || row >= m.Rows || col >= m.Cols {
		return Wall
	}
	return m.kind[row*m.Cols+col]
}

// Start returns the start cell.
func (m *Maze) Start() (row, col int) { return m.Position(m.start) }

// Rewards returns the reward sites in reading order (a copy).
func (m *Maze) Rewards() []RewardSite { return slices.Clone(m.rewards) }

// Doors returns the door cells in reading order (a copy).
func (m *Maze) Doors() []DoorSite { return slices.Clone(m.doors) }

// Classes returns the names of the maze's observation classes, in the order
// of the class block of the sensory vector (a copy).
func (m *Maze) Classes() []string { return slices.Clone(m.classes) }

// Layout returns the layout rows as parsed.
func (m *Maze) Layout() []string { return slices.Clone(m.rows) }

// Distances returns, for every place, the length of the shortest path from
// (row, col) counted in moves, with every door taken as open; -1 where
// unreachable. (row, col) must be passable.
func (m *Maze) Distances(row, col int) []int {
	dist := slices.Repeat([]int{-1}, m.NumCells())
	from := m.CellIndex(row, col)
	if from < 0 {
		return dist
	}
	dist[from] = 0
	queue := []int{from}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for a := range NumActions {
			q := m.nbr[p*NumActions+a]
			if q >= 0 && dist[q] < 0 {
				dist[q] = dist[p] + 1
				queue = append(queue, q)
			}
		}
	}
	return dist
}

// Class returns the observation class (row, col) shows: a name of Classes,
// ClassCue for a cell showing the episode's cue, "" for a wall.
func (m *Maze) Class(row, col int) string {
	p := m.CellIndex(row, col)
	if p < 0 {
		return ""
	}
	if m.class[p] == classEpisodeCue {
		return ClassCue
	}
	return m.classes[m.class[p]]
}
