package sleep

import (
	"math"

	"github.com/replaylab/replaylab/hippocampus"
)

// Outcome-weighted replay (RuleOutcome).
//
// The replayed return of an episode is read from what the cache replays,
// the reward entry of each replayed step:
//
//	G = Σ_{t=1}^{T−1} γ^{t−1} r_t
//
// (r_t = 1 if step t's content says a reward was received, the move that
// earned it being move t−1), so of two routes to the same reward the
// shorter has the larger G. It is known only when the faithful part covers
// the whole episode (F = T): a replay that lost the end cannot tell the
// outcome. The expectation V is the mean of G over the sleep's replay
// events whose outcome is known, and the advantage is normalised by the
// best of them:
//
//	A = (G − V) / max G        (A = 0 when no event of the sleep saw a reward)
//
// A weights the loss of the action entries of every target (the previous
// action block of x̂_{t+1}, which holds the move made at step t); the other
// entries (reward, observation class) keep weight 1, as under RuleImitate:
//
//	A ≥ 0: target unchanged (the move taken), action weights κ·A
//	A < 0: the taken move's entry has target 0 and weight κ·|A|; the other
//	       action entries weight 0
//
// so a better-than-expected episode is imitated, a worse one pushes its
// moves down, with a bounded target (nothing grows without limit), and an
// episode of unknown outcome teaches only the sensory entries.

// Defaults of the outcome rule.
const (
	DefaultGamma         = 0.98
	DefaultAdvantageGain = 2.0
)

// The sensory layout the outcome rule reads (env.Observation.Sensory):
// block 0 is the previous action (entry 0: none, 1+m: move m), block 1 the
// reward (entry 1: received).
const (
	actionBlock   = 0
	rewardEntry   = 1
	firstMoveSlot = 1
)

// replayedReturn returns G of p's faithful forward replay and whether the
// outcome is known (the faithful part is the whole episode).
func (s *Sleeper) replayedReturn(p *production) (float64, bool) {
	F := s.faithfulSteps(p)
	if F < 2 || F < p.steps {
		return 0, false
	}
	off := s.blocks[actionBlock] + rewardEntry
	g, disc := 0.0, 1.0
	for _, st := range p.fwd.steps[1:F] {
		g += disc * min(max(st.Content[off], 0), 1)
		disc *= s.cfg.Gamma
	}
	return g, true
}

// advantages waits for every production of the sleep and sets each one's
// return and advantage from the picks (events) that draw it.
func (s *Sleeper) advantages(prods []*production, of []int) {
	for _, p := range prods {
		p.ret, p.known, p.adv = 0, false, 0
		if p.wait() == nil {
			p.ret, p.known = s.replayedReturn(p)
		}
	}
	sum, n, best := 0.0, 0, 0.0
	for _, j := range of {
		if p := prods[j]; p.known {
			sum += p.ret
			n++
			best = max(best, p.ret)
		}
	}
	if n == 0 || best <= 0 {
		return
	}
	v := sum / float64(n)
	for _, p := range prods {
		if p.known {
			p.adv = (p.ret - v) / best
		}
	}
}

// outcomeWeights is the weighting of one event's targets (RuleOutcome).
type outcomeWeights struct {
	on        bool
	adv       float64 // A
	gain      float64 // κ
	actions   int     // width of the action block
	target    []float64
	certainty []float64 // per step: the predicted entry of the move made, in [0, 1]
}

// taken returns the index of the move recorded in target's action block.
func (o *outcomeWeights) taken(target []float64) int {
	return firstMoveSlot + hippocampus.Argmax(target[firstMoveSlot:o.actions])
}

// adjust returns the target to train on: for A < 0 a copy with the taken
// move's entry set to 0.
func (o *outcomeWeights) adjust(target []float64) []float64 {
	if !o.on || o.adv >= 0 {
		return target
	}
	o.target = append(o.target[:0], target...)
	o.target[o.taken(target)] = 0
	return o.target
}

// fill writes the weights of step t, whose target is target, into dst.
func (o *outcomeWeights) fill(dst, target []float64, t int) {
	for k := range dst {
		dst[k] = 1
	}
	w := o.gain * math.Abs(o.adv)
	if o.adv >= 0 {
		for k := range o.actions {
			dst[k] = w
		}
		return
	}
	for k := range o.actions {
		dst[k] = 0
	}
	if t < len(o.certainty) {
		w *= 1 - o.certainty[t]
	}
	dst[o.taken(target)] = w
}

// recordCertainty sets c[t] to the predicted entry y of the move recorded in
// next (the content of step t+1), clipped to [0, 1], and returns c.
func (s *Sleeper) recordCertainty(c []float64, t int, y, next []float64) []float64 {
	for len(c) <= t {
		c = append(c, 0)
	}
	k := firstMoveSlot + hippocampus.Argmax(next[firstMoveSlot:s.blocks[actionBlock]])
	c[t] = min(max(y[k], 0), 1)
	return c
}
