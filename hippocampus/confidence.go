package hippocampus

import "math"

// The cache's confidence in a replayed step, from its own dynamics and
// decoding only (never from the lived episode, which it does not keep):
//
//   - the overlap m of the network's state with the intrinsic pattern ξ_t
//     of the step the replay has counted to (1 when the state sits in that
//     step's attractor, about 0 when it has wandered to another pattern, a
//     mixture or another episode); the cache regenerates ξ_t from the
//     episode's seed, so this needs nothing but what it stores;
//   - the decoding margin: in every one-hot block, the gap between the
//     largest and the second largest normalised readout x̂_j/(g·signal),
//     about 1 for a clean pattern (the bound entry reads 1, the others
//     crosstalk about 0), small when the readout is ambiguous; the smallest
//     gap over the blocks counts.
//
// Confidence = min(m, margin), clipped to [0, 1]. A step is trusted when its
// confidence is at least a threshold (sleep's min_confidence, default
// DefaultMinConfidence).

// DefaultMinConfidence is the confidence below which a replayed step is
// not trusted.
const DefaultMinConfidence = 0.5

// confidence returns the confidence of the step just decoded (c.xhat of
// the state, strength g) whose pattern overlap is m.
func (c *state) confidence(g, m float64) float64 {
	norm := 1 / (g * c.readSig)
	margin := math.Inf(1)
	off := 0
	for _, b := range c.blocks {
		first, second := math.Inf(-1), math.Inf(-1)
		for j := off; j < off+b; j++ {
			v := c.xhat[j] * norm
			if v > first {
				first, second = v, first
			} else if v > second {
				second = v
			}
		}
		if b == 1 {
			second = 0
		}
		margin = min(margin, first-second)
		off += b
	}
	conf := min(m, margin)
	if !(conf > 0) { // also NaN
		return 0
	}
	return min(conf, 1)
}
