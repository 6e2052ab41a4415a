package env_test

import (
	"fmt"

	"github.com/replaylab/replaylab/env"
)

// A cued T-maze episode: run down the stem, turn towards the cue.
func Example() {
	layout, _ := env.TMazeLayout(2, 3, 2, false)
	m, _ := env.ParseMaze(layout, env.DefaultLegend().Merge(env.TMazeLegend(true)))
	e, _ := env.New(m, env.Task{Kind: env.KindCuedTMaze, CueSide: env.CueRight})
	obs := e.Reset(42)
	fmt.Println("blocks", e.Blocks(), "start", obs.Row, obs.Col, "cue", e.Cue())
	for range 2 + 3 {
		e.Step(env.Down)
	}
	fmt.Println("at the junction, open moves:", e.OpenMoves(nil))
	var reward float64
	var done bool
	for !done {
		_, reward, done, _ = e.Step(env.Right)
	}
	fmt.Println("reward", reward, "succeeded", e.Succeeded(), "steps", e.Steps())
	// Output:
	// blocks [5 2 7] start 1 3 cue right
	// at the junction, open moves: [up right left]
	// reward 1 succeeded true steps 7
}
