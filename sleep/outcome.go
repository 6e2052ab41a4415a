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
		p.ret, p.known, p.adv, p.advs, p.rtg = 0, false, 0, p.advs[:0], p.rtg[:0]
		if p.wait() == nil {
			p.ret, p.known = s.replayedReturn(p)
		}
	}
	if s.cfg.Credit == CreditStep {
		s.stepAdvantages(prods, of)
		return
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

// returnsToGo sets p.rtg[t], t < T−1, to the replayed return from step t
// on, G_t = Σ_{k=t+1}^{T−1} γ^{k−t−1} r_k (G_0 = G), of a production of
// known outcome.
func (s *Sleeper) returnsToGo(p *production) {
	off := s.blocks[actionBlock] + rewardEntry
	steps := p.fwd.steps[:p.steps]
	p.rtg = p.rtg[:0]
	for range steps[1:] {
		p.rtg = append(p.rtg, 0)
	}
	g := 0.0
	for t := len(steps) - 2; t >= 0; t-- {
		g = min(max(steps[t+1].Content[off], 0), 1) + s.cfg.Gamma*g
		p.rtg[t] = g
	}
}

// placeStats accumulates the returns-to-go replayed at one place.
type placeStats struct {
	sum, best float64
	n         int
}

// stepAdvantages sets, under CreditStep, each known production's per-step
// advantage A_t = (G_t − V(z_t)) / max G(z_t), with z_t the replayed place
// of step t and V(z), max G(z) the mean and largest return-to-go of the
// steps replayed at z by the sleep's events (every event counts, as in V
// of CreditEpisode); A_t = 0 where no event saw a reward from z. p.adv is
// the mean of the A_t (recorded in Event.Advantage).
func (s *Sleeper) stepAdvantages(prods []*production, of []int) {
	for _, p := range prods {
		if p.known {
			s.returnsToGo(p)
		}
	}
	stats := map[int]*placeStats{}
	for _, j := range of {
		p := prods[j]
		if !p.known {
			continue
		}
		for t, g := range p.rtg {
			z := s.place(p.fwd.steps[t].Content)
			st := stats[z]
			if st == nil {
				st = &placeStats{}
				stats[z] = st
			}
			st.sum += g
			st.n++
			st.best = max(st.best, g)
		}
	}
	for _, p := range prods {
		if !p.known || len(p.rtg) == 0 {
			continue
		}
		sum := 0.0
		p.advs = p.advs[:0]
		for t, g := range p.rtg {
			st := stats[s.place(p.fwd.steps[t].Content)]
			a := 0.0
			if st.best > 0 {
				a = (g - st.sum/float64(st.n)) / st.best
			}
			p.advs = append(p.advs, a)
			sum += a
		}
		p.adv = sum / float64(len(p.advs))
	}
}

// outcomeWeights is the weighting of one event's targets (RuleOutcome).
type outcomeWeights struct {
	on        bool
	adv       float64   // A
	advs      []float64 // CreditStep: A_t per step (nil: adv for every step)
	ret       float64   // the episode's return G
	rtg       []float64 // CreditStep: G_t per step (nil: ret for every step)
	floor     float64   // ν: the least weight of a move on a rewarded route with A ≥ 0
	gain      float64   // κ
	actions   int       // width of the action block
	target    []float64
	certainty []float64 // per step: the predicted entry of the move made, in [0, 1]
}

// taken returns the index of the move recorded in target's action block.
func (o *outcomeWeights) taken(target []float64) int {
	return firstMoveSlot + hippocampus.Argmax(target[firstMoveSlot:o.actions])
}

// at returns the advantage of step t.
func (o *outcomeWeights) at(t int) float64 {
	if o.advs != nil && t < len(o.advs) {
		return o.advs[t]
	}
	return o.adv
}

// returnAt returns the return from step t on.
func (o *outcomeWeights) returnAt(t int) float64 {
	if o.rtg != nil && t < len(o.rtg) {
		return o.rtg[t]
	}
	return o.ret
}

// adjust returns the target of step t to train on: for A < 0 a copy with
// the taken move's entry set to 0.
func (o *outcomeWeights) adjust(target []float64, t int) []float64 {
	if !o.on || o.at(t) >= 0 {
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
	a := o.at(t)
	w := o.gain * math.Abs(a)
	if a >= 0 {
		if o.returnAt(t) > 0 {
			w = max(w, o.floor)
		}
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
