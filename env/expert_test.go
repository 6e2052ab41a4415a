package env

import (
	"testing"
)

// expertEpisode lives one episode of expert moves and returns the moves made.
func expertEpisode(t *testing.T, e *Env, seed uint64) int {
	t.Helper()
	e.Reset(seed)
	for n := 1; ; n++ {
		a, ok := e.ExpertMove()
		if !ok {
			a = Down // held in the delay: any move is refused
		}
		if _, _, term, trunc := e.Step(a); term || trunc {
			return n
		}
	}
}

func TestExpertCuedTMaze(t *testing.T) {
	const cue, delay, branch = 3, 4, 3
	for _, side := range []string{SideLeft, SideRight} {
		e := newTMaze(t, cue, delay, branch, Task{Kind: KindCuedTMaze, CueSide: side})
		n := expertEpisode(t, e, 1)
		// Down the stem (cue-1 + delay cells below the start, then the
		// junction) and along the arm.
		if want := cue - 1 + delay + 1 + branch; !e.Succeeded() || n != want {
			t.Errorf("cue %s: succeeded %v in %d moves, want success in %d", side, e.Succeeded(), n, want)
		}
	}
}

func TestExpertDelayedAlternation(t *testing.T) {
	const stem, branch, delay = 2, 3, 4
	for _, side := range []string{SideLeft, SideRight} {
		e := newTMaze(t, 1, stem, branch, Task{Kind: KindDelayedAlternation, CueSide: side, DelaySteps: delay, SampleReward: 0.5})
		n := expertEpisode(t, e, 7)
		// Sample run, return, delay, choice run.
		if want := 3*(stem+1+branch) + delay; !e.Succeeded() || n != want {
			t.Errorf("sample %s: succeeded %v in %d moves, want success in %d", side, e.Succeeded(), n, want)
		}
	}
}

func TestExpertGoalShortest(t *testing.T) {
	m, err := ParseMaze("#######\n#S....#\n#.###.#\n#...#G#\n#######", DefaultLegend())
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(m, Task{Kind: KindGoal})
	if err != nil {
		t.Fatal(err)
	}
	if n := expertEpisode(t, e, 0); !e.Succeeded() || n != 6 {
		t.Errorf("goal: succeeded %v in %d moves, want success in 6 (the shortest route)", e.Succeeded(), n)
	}
}

func TestExpertLinearTrack(t *testing.T) {
	layout, _ := TrackLayout(6)
	m, err := ParseMaze(layout, DefaultLegend().Merge(TrackLegend()))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(m, Task{Kind: KindLinearTrack, Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	// #WS...E#: west is 1 move away, then 5 to east, then 5 back.
	if n := expertEpisode(t, e, 0); !e.Succeeded() || n != 11 {
		t.Errorf("track: succeeded %v in %d moves, want success in 11", e.Succeeded(), n)
	}
}
