package hippocampus

// The cache's confidence in a replayed step comes from its own dynamics
// only, never from the lived episode (which it does not keep): the overlap
// m of the network's state with the intrinsic pattern ξ_t of the step the
// replay has counted to. The cache regenerates ξ_t from the episode's seed,
// so this needs nothing but what it stores. m is 1 when the state sits in
// that step's attractor and falls when the replay has wandered to another
// pattern, a mixture or another episode. Confidence = m clipped to [0, 1];
// a step is trusted when its confidence is at least a threshold (sleep's
// min_confidence, default DefaultMinConfidence).
//
// A decoding margin (the gap between the two largest normalised readouts
// of a block) was tried as a second factor and dropped: on overloaded
// caches it separated right from wrong steps less well than the overlap
// and flagged many right steps of faithful replays (docs/capacity.md).

// DefaultMinConfidence is the confidence below which a replayed step is
// not trusted. In the measurements of TestConfidenceSeparatesFaithfulSteps
// (docs/capacity.md) faithful replays of a cache within its capacity stay
// at or above 0.897, and wrongly decoded steps of an overloaded cache reach
// up to 0.931 (few: ROC AUC 0.998); a step is trusted from 0.85.
const DefaultMinConfidence = 0.85

// confidence returns the confidence of a step whose pattern overlap is m.
func confidence(m float64) float64 {
	if !(m > 0) { // also NaN
		return 0
	}
	return min(m, 1)
}
