package env

// ExpertMove returns the move a scripted expert makes from the current
// state: a step along a shortest path (every door taken as open, only moves
// OpenMoves allows) to the cell the task rewards next. The target is the
// reward site named by the episode's cue (cued T-maze, sample run of delayed
// alternation), the start (return run), the other arm (choice run), the
// nearest paying site other than the last one paid (linear track) or the
// nearest site with a positive magnitude (goal). ok is false when no open
// move brings the agent closer (held in the delay, episode over, target
// unreachable). ExpertMove allocates; it is for demonstrations, not hot loops.
func (e *Env) ExpertMove() (a Action, ok bool) {
	targets := e.expertTargets()
	if len(targets) == 0 {
		return -1, false
	}
	var open [NumActions]Action
	moves := e.OpenMoves(open[:0])
	best, bestDist := Action(-1), -1
	for _, t := range targets {
		row, col := e.maze.Position(t)
		dist := e.maze.Distances(row, col) // distances to the target (the maze graph is undirected)
		for _, m := range moves {
			q := e.maze.nbr[e.place*NumActions+int(m)]
			if q < 0 || dist[q] < 0 {
				continue
			}
			if bestDist < 0 || dist[q] < bestDist {
				best, bestDist = m, dist[q]
			}
		}
	}
	return best, best >= 0
}

// expertTargets returns the places the expert heads for in the current phase.
func (e *Env) expertTargets() []int {
	named := func(name string) []int {
		if i := e.maze.rewardNamed(name); i >= 0 {
			return []int{e.maze.rewards[i].Place}
		}
		return nil
	}
	switch e.kind {
	case taskCued:
		return named(e.side)
	case taskAlternation:
		switch e.phases[e.phase] {
		case PhaseSample:
			return named(e.side)
		case PhaseReturn:
			return []int{e.maze.start}
		case PhaseChoice:
			if e.side == SideLeft {
				return named(SideRight)
			}
			return named(SideLeft)
		}
		return nil
	case taskTrack:
		var out []int
		for i, r := range e.maze.rewards {
			if i != e.lastPaid {
				out = append(out, r.Place)
			}
		}
		return out
	default:
		var out []int
		for _, r := range e.maze.rewards {
			if r.Magnitude > 0 {
				out = append(out, r.Place)
			}
		}
		return out
	}
}
