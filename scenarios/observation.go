package scenarios

import (
	"slices"

	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/hippocampus"
)

// placeExpander returns the function that restores, in a replayed step's
// decoded content (sensory vector, then the one-hot place over the maze's
// cells), the place-cell population the agent sensed awake: the cache
// decodes that block to its peak, so it is regenerated from the decoded
// place (env.Encoding.Regenerate). nil when the task senses no place cells
// (every block is one-hot and decodes to what was sensed).
func placeExpander(enc *env.Encoding, sensory int) func([]float64) {
	if !slices.Contains(enc.Parts(), env.SensePlace) {
		return nil
	}
	return func(content []float64) {
		if len(content) <= sensory {
			return
		}
		enc.Regenerate(content[:sensory], hippocampus.Argmax(content[sensory:]))
	}
}
