package env

// The per-kind rules Step applies after the move; each returns the reward
// paid on arriving and sets e.term / e.success when the episode ends.

func (e *Env) stepCued() float64 {
	i := e.maze.rewardAt[e.place]
	if i < 0 {
		return 0
	}
	site := &e.maze.rewards[i]
	if site.Name != SideLeft && site.Name != SideRight {
		return 0
	}
	e.term = true
	if site.Name == e.side {
		e.success = true
		return site.Magnitude
	}
	return 0
}

func (e *Env) stepAlternation() float64 {
	switch e.phases[e.phase] {
	case PhaseSample:
		if i := e.maze.rewardAt[e.place]; i >= 0 && e.maze.rewards[i].Name == e.side {
			e.setPhase(PhaseReturn)
			return e.task.SampleReward
		}
	case PhaseReturn:
		if e.place == e.maze.start {
			if e.task.DelaySteps > 0 {
				e.delayLeft = e.task.DelaySteps
				e.setPhase(PhaseDelay)
			} else {
				e.setPhase(PhaseChoice)
			}
		}
	case PhaseDelay:
		e.delayLeft--
		if e.delayLeft <= 0 {
			e.setPhase(PhaseChoice)
		}
	case PhaseChoice:
		i := e.maze.rewardAt[e.place]
		if i < 0 {
			return 0
		}
		site := &e.maze.rewards[i]
		if site.Name != SideLeft && site.Name != SideRight {
			return 0
		}
		e.term = true
		if site.Name != e.side {
			e.success = true
			return site.Magnitude
		}
	}
	return 0
}

func (e *Env) stepTrack() float64 {
	i := e.maze.rewardAt[e.place]
	if i < 0 || i == e.lastPaid {
		return 0
	}
	e.lastPaid = i
	e.paidRuns++
	if e.paidRuns >= e.task.Runs {
		e.term = true
		e.success = true
	}
	return e.maze.rewards[i].Magnitude
}

func (e *Env) stepGoal() float64 {
	i := e.maze.rewardAt[e.place]
	if i < 0 {
		return 0
	}
	e.term = true
	m := e.maze.rewards[i].Magnitude
	e.success = m > 0
	return m
}
