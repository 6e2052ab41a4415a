package env

import (
	"slices"
	"testing"
)

func newTMaze(t testing.TB, cue, delay, branch int, task Task) *Env {
	t.Helper()
	doors := task.Kind == KindDelayedAlternation
	layout, err := TMazeLayout(cue, delay, branch, doors)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMaze(layout, DefaultLegend().Merge(TMazeLegend(task.Kind == KindCuedTMaze)))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(m, task)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// class returns the name of the hot class of the observation.
func class(e *Env, o Observation) string {
	blk := o.Sensory[NumActions+3:]
	return e.Maze().Classes()[slices.Index(blk, 1)]
}

func repeat(a Action, n int) []Action { return slices.Repeat([]Action{a}, n) }

type stepResult struct {
	reward      float64
	term, trunc bool
}

func run(e *Env, acts []Action) (Observation, stepResult) {
	var o Observation
	var r stepResult
	for _, a := range acts {
		o, r.reward, r.term, r.trunc = e.Step(a)
		if r.term || r.trunc {
			break
		}
	}
	return o, r
}

func TestCuedTMazeScripted(t *testing.T) {
	const cue, delay, branch = 3, 4, 3
	for _, side := range []string{SideLeft, SideRight} {
		for _, turn := range []Action{Left, Right} {
			e := newTMaze(t, cue, delay, branch, Task{Kind: KindCuedTMaze, CueSide: side})
			o := e.Reset(1)
			if got := class(e, o); got != "cue-"+side {
				t.Fatalf("first observation class %q, want cue-%s", got, side)
			}
			if o.Sensory[0] != 1 || o.Sensory[NumActions+1] != 1 {
				t.Fatalf("first observation must show action none and reward none: %v", o.Sensory)
			}
			// Down through the cue cells: the cue is seen; then the delay: floor.
			o, _ = run(e, repeat(Down, cue-1))
			if got := class(e, o); got != "cue-"+side || o.Sensory[1+int(Down)] != 1 {
				t.Fatalf("last cue cell: class %q", got)
			}
			o, _ = run(e, repeat(Down, delay))
			if class(e, o) != ClassFloor {
				t.Fatalf("delay cell class %q", class(e, o))
			}
			o, r := run(e, []Action{Down})
			if class(e, o) != ClassJunction || r.term {
				t.Fatalf("junction: class %q, %+v", class(e, o), r)
			}
			// Bumping into the wall below the junction: same cell, same class.
			o2, r := run(e, []Action{Down})
			if o2.Row != o.Row || o2.Col != o.Col || class(e, o2) != ClassJunction || r.term {
				t.Fatalf("wall bump moved the agent or ended the episode")
			}
			o, r = run(e, repeat(turn, branch))
			cued := (turn == Left) == (side == SideLeft)
			wantR := 0.0
			if cued {
				wantR = 1
			}
			if !r.term || r.trunc || r.reward != wantR || e.Succeeded() != cued || class(e, o) != ClassRewardSite {
				t.Errorf("side %s turn %v: %+v succeeded %v class %q", side, turn, r, e.Succeeded(), class(e, o))
			}
			if rewarded := o.Sensory[NumActions+2] == 1; rewarded != cued {
				t.Errorf("reward block %v", o.Sensory[NumActions+1:NumActions+3])
			}
			if e.Steps() != cue-1+delay+2+branch {
				t.Errorf("steps %d", e.Steps())
			}
		}
	}
}

func TestTruncation(t *testing.T) {
	e := newTMaze(t, 3, 4, 3, Task{Kind: KindCuedTMaze, MaxSteps: 5})
	e.Reset(0)
	_, r := run(e, repeat(Up, 10))
	if !r.trunc || r.term || e.Steps() != 5 {
		t.Fatalf("%+v after %d steps", r, e.Steps())
	}
	// Stepping after the end repeats the flags and moves nothing.
	o, rew, term, trunc := e.Step(Down)
	if rew != 0 || term || !trunc || o.Row != 1 {
		t.Fatalf("after end: row %d %v %v %v", o.Row, rew, term, trunc)
	}
	if auto := newTMaze(t, 22, 52, 24, Task{Kind: KindCuedTMaze}).Task().MaxSteps; auto != 3*(22+52+24) {
		t.Errorf("automatic max_steps %d, want %d", auto, 3*(22+52+24))
	}
}

func TestDelayedAlternationScripted(t *testing.T) {
	const stem, branch, delay = 2, 3, 4
	for _, choice := range []Action{Left, Right} {
		e := newTMaze(t, 1, stem, branch, Task{Kind: KindDelayedAlternation, CueSide: SideLeft, DelaySteps: delay, SampleReward: 0.5})
		o := e.Reset(7)
		if e.Phase() != PhaseSample || class(e, o) != ClassStart {
			t.Fatalf("phase %q class %q", e.Phase(), class(e, o))
		}
		run(e, repeat(Down, stem+1))
		if got := e.OpenMoves(nil); !slices.Equal(got, []Action{Up, Left}) {
			t.Fatalf("open moves at the junction in sample-left: %v (the right door must be closed)", got)
		}
		if _, r := run(e, []Action{Right}); r.reward != 0 || pos(e) != [2]int{stem + 2, branch + 1} {
			t.Fatalf("moved through the closed door to %v", pos(e))
		}
		_, r := run(e, repeat(Left, branch))
		if r.reward != 0.5 || r.term || e.Phase() != PhaseReturn {
			t.Fatalf("sample end: %+v phase %q", r, e.Phase())
		}
		run(e, repeat(Right, branch))
		if got := e.OpenMoves(nil); !slices.Equal(got, []Action{Up, Right, Left}) {
			t.Fatalf("open moves at the junction in return: %v", got)
		}
		run(e, repeat(Up, stem+1))
		if e.Phase() != PhaseDelay || len(e.OpenMoves(nil)) != 0 {
			t.Fatalf("at the start: phase %q open %v", e.Phase(), e.OpenMoves(nil))
		}
		o, _ = run(e, repeat(Down, delay))
		if e.Phase() != PhaseChoice || o.Row != 1 {
			t.Fatalf("after the delay: phase %q row %d (the agent must be held)", e.Phase(), o.Row)
		}
		run(e, repeat(Down, stem+1))
		_, r = run(e, repeat(choice, branch))
		alternated := choice == Right
		want := 0.0
		if alternated {
			want = 1
		}
		if !r.term || r.reward != want || e.Succeeded() != alternated {
			t.Errorf("choice %v after sample left: %+v succeeded %v", choice, r, e.Succeeded())
		}
	}
}

// pos returns the agent's position as an array, for comparisons.
func pos(e *Env) [2]int { r, c := e.Position(); return [2]int{r, c} }

func TestLinearTrackScripted(t *testing.T) {
	layout, _ := TrackLayout(6) // #WS...E#
	m, err := ParseMaze(layout, DefaultLegend().Merge(TrackLegend()))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(m, Task{Kind: KindLinearTrack, Runs: 3})
	if err != nil {
		t.Fatal(err)
	}
	e.Reset(0)
	var rewards []float64
	for _, a := range []Action{Left, Right, Left, Right, Right, Right, Right, Right, Left, Left, Left, Left, Left} {
		_, r, term, _ := e.Step(a)
		rewards = append(rewards, r)
		if term {
			break
		}
	}
	want := []float64{1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}
	if !slices.Equal(rewards, want) || !e.Succeeded() {
		t.Errorf("rewards %v, want %v (west paid once, then east, then west)", rewards, want)
	}
}

func TestGoalAndSeeds(t *testing.T) {
	m, err := ParseMaze("#####\n#S.G#\n#.#.#\n#...#\n#####", DefaultLegend())
	if err != nil {
		t.Fatal(err)
	}
	e, _ := New(m, Task{Kind: KindGoal})
	e.Reset(3)
	_, r := run(e, []Action{Right, Right})
	if !r.term || r.reward != 1 || !e.Succeeded() || e.Task().MaxSteps != 6 {
		t.Errorf("goal: %+v max_steps %d", r, e.Task().MaxSteps)
	}
	// Same seed, same episode: cue side and noise repeat exactly.
	n := newTMaze(t, 3, 4, 3, Task{Kind: KindCuedTMaze, ObsNoise: 0.01})
	sides := map[string]int{}
	for seed := range uint64(40) {
		a := slices.Clone(n.Reset(seed).Sensory)
		sa := n.Cue()
		b := slices.Clone(n.Reset(seed).Sensory)
		if !slices.Equal(a, b) || sa != n.Cue() {
			t.Fatalf("seed %d: different episodes", seed)
		}
		sides[sa]++
	}
	if sides[SideLeft] < 10 || sides[SideRight] < 10 {
		t.Errorf("random sides over 40 seeds: %v", sides)
	}
	alt := newTMaze(t, 3, 4, 3, Task{Kind: KindCuedTMaze, CueSide: CueAlternate})
	var got []string
	for range 4 {
		alt.Reset(5)
		got = append(got, alt.Cue())
	}
	if !slices.Equal(got, []string{"left", "right", "left", "right"}) {
		t.Errorf("alternate sides %v", got)
	}
}

func TestTaskProblems(t *testing.T) {
	cases := []struct {
		name, layout string
		legend       Legend
		task         Task
		want         string
	}{
		{"unreachable", "#S.#G#", nil, Task{Kind: KindGoal}, `reward site "goal" at row 0, col 4 is unreachable from the start at row 0, col 1`},
		{"no left", "#S.G#", nil, Task{Kind: KindCuedTMaze}, "task cued-tmaze needs exactly one reward site named \"left\", found 0\n" +
			"task cued-tmaze needs exactly one reward site named \"right\", found 0"},
		{"door never", "#SDG#", Legend{'D': {Kind: Door, Open: []string{}}}, Task{Kind: KindGoal}, `door at row 0, col 2 can never open: its open phases [] name none of the goal phases ["run"]`},
		{"track ends", "#S.G#", nil, Task{Kind: KindLinearTrack}, "task linear-track needs exactly two reward sites (the ends), found 1"},
		{"no goal", "#S.#", nil, Task{Kind: KindGoal}, "task goal needs at least one reward site with a magnitude > 0, found none"},
		{"kind", "#S.G#", nil, Task{Kind: "maze"}, `kind: unknown task kind "maze" (want one of [cued-tmaze delayed-alternation linear-track goal])`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := ParseMaze(c.layout, DefaultLegend().Merge(c.legend))
			if err != nil {
				t.Fatal(err)
			}
			_, err = New(m, c.task)
			if err == nil || err.Error() != c.want {
				t.Errorf("got  %v\nwant %s", err, c.want)
			}
		})
	}
}

func TestStepAllocatesNothing(t *testing.T) {
	e := newTMaze(t, 22, 52, 24, Task{Kind: KindCuedTMaze, ObsNoise: 0.01})
	e.Reset(1)
	var moves []Action
	moves = e.OpenMoves(make([]Action, 0, NumActions))
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		_, _, term, trunc := e.Step(Action(i % NumActions))
		moves = e.OpenMoves(moves)
		if term || trunc {
			e.Reset(uint64(i))
		}
		i++
	})
	if allocs != 0 {
		t.Errorf("Step+OpenMoves+Reset allocate %v per run", allocs)
	}
}

func BenchmarkStep(b *testing.B) {
	for _, noise := range []float64{0, 0.01} {
		name := "noise=0"
		if noise > 0 {
			name = "noise=0.01"
		}
		b.Run("tmaze-22-52-24/"+name, func(b *testing.B) {
			e := newTMaze(b, 22, 52, 24, Task{Kind: KindCuedTMaze, ObsNoise: noise})
			e.Reset(1)
			seed := uint64(1)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				// A walk that mostly goes down the stem, as a running animal would.
				a := Down
				if i%7 == 0 {
					a = Action(i % NumActions)
				}
				if _, _, term, trunc := e.Step(a); term || trunc {
					seed++
					e.Reset(seed)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Msteps/s")
		})
	}
}

// A restored reset count continues the alternation where it stopped.
func TestSetResetsContinuesAlternation(t *testing.T) {
	layout, err := TMazeLayout(2, 1, 2, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMaze(layout, DefaultLegend().Merge(TMazeLegend(true)))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := New(m, Task{Kind: "cued-tmaze", CueSide: CueAlternate})
	b, _ := New(m, Task{Kind: "cued-tmaze", CueSide: CueAlternate})
	for i := range 3 {
		a.Reset(uint64(i))
	}
	b.SetResets(a.Resets())
	a.Reset(9)
	b.Reset(9)
	if a.Resets() != 4 || a.Cue() != b.Cue() || a.Cue() != SideRight {
		t.Errorf("after 3 resets: cues %q and %q (resets %d), want both %q", a.Cue(), b.Cue(), a.Resets(), SideRight)
	}
}
