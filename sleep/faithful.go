package sleep

import (
	"errors"
	"fmt"
	"math"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// Training only on what the cache replays faithfully.
//
// The faithful part of a replay event is the longest prefix [0, F) of the
// episode that the cache vouches for:
//
//   - every step of the forward replay up to F has the cache's confidence
//     ≥ Config.MinConfidence (the forward replay stops being trusted at its
//     first unconfident step, and at its end if it stopped early);
//   - the reverse replay, where it is confident at a step before F,
//     decoded the same content there (two confident replays that disagree
//     cannot both be right: F ends at the disagreement).
//
// Nothing from the lived episode enters this rule. The consolidator then
// trains by segmented reverse replay (cortex.TrainReplay) on the forward
// replay's steps 0 … F−1: inputs x_0 … x_{F−2}, each one's target the next
// step's sensory content. An event with F < 2 is not trained. If the
// consolidator's reversal check fails (cortex.ErrReversal), the event is
// not trained and is recorded as such; so is an event whose learned reverse
// synapses cannot be fitted (fewer than N samples made with the current
// weights, cortex.ErrFewSamples). The steps of the episode outside [0, F)
// are recorded as dropped (all of them when the event is not trained).

// minConfidence returns the smallest confidence of the steps (0 if none).
func minConfidence(steps []hippocampus.ReplayStep) float64 {
	if len(steps) == 0 {
		return 0
	}
	m := math.Inf(1)
	for _, st := range steps {
		m = min(m, st.Confidence)
	}
	return m
}

// describeReverse fills the reverse event's record from the cache's reverse
// replay.
func (s *Sleeper) describeReverse(rev *Event, p *production, c Candidate, ref Reference) {
	sc := s.newScore(ref, c.Episode)
	for _, st := range p.rev.steps {
		sc.add(st)
		rev.Places = append(rev.Places, s.place(st.Content))
		rev.Confidence = append(rev.Confidence, st.Confidence)
	}
	sum := p.rev.summary
	if len(p.rev.steps) > 0 {
		rev.StartStep = p.rev.steps[0].Step
	}
	rev.EndStep = rev.StartStep - max(sum.Steps-1, 0)
	rev.Steps, rev.SimSteps, rev.Completed = sum.Steps, sum.SimSteps, sum.Completed
	rev.Fidelity = sc.fidelity()
	rev.Right = sc.right
	rev.MinConfidence = minConfidence(p.rev.steps)
}

// faithfulSteps returns F, the length of the faithful part (see above).
func (s *Sleeper) faithfulSteps(p *production) int {
	f := 0
	for _, st := range p.fwd.steps {
		if st.Step != f || st.Confidence < s.cfg.MinConfidence {
			break
		}
		f++
	}
	if p.hasRev {
		for _, st := range p.rev.steps {
			t := st.Step
			if t < 0 || t >= f || st.Confidence < s.cfg.MinConfidence {
				continue
			}
			if !hippocampus.SameBlocks(st.Content, p.fwd.steps[t].Content, s.blocks) {
				f = t
			}
		}
	}
	return f
}

// trainFaithful trains cx on the faithful part of p's forward replay and
// records the outcome in the events.
func (s *Sleeper) trainFaithful(cx *cortex.R2N2, p *production, c Candidate, ref Reference, fwd, rev *Event) error {
	F := s.faithfulSteps(p)
	rev.FaithfulSteps, fwd.FaithfulSteps = F, F
	rev.DroppedSteps = p.steps
	rev.TrainedFidelity = math.NaN()
	if F < 2 {
		return nil
	}
	seq := &faithfulReplay{p: p, n: F - 1, sensory: s.sensory}
	if s.cfg.Rule == RuleOutcome && !p.imitate {
		seq.w = outcomeWeights{on: true, adv: p.adv, gain: s.cfg.AdvantageGain, actions: s.blocks[actionBlock],
			target: s.target, certainty: s.certainty, ret: p.ret, floor: s.cfg.ImitationFloor}
		if s.cfg.Credit == CreditStep && p.known {
			seq.w.advs, seq.w.rtg = p.advs, p.rtg
		}
	}
	loss, err := cx.TrainReplay(seq)
	rv := cx.LastReversal()
	rev.ReversalError = rv.Error
	switch {
	case errors.Is(err, cortex.ErrReversal):
		rev.ReversalFailed = true
		return nil
	case errors.Is(err, cortex.ErrFewSamples):
		// Learned reverse synapses need N samples made with the current
		// weights; a short episode right after an update has too few.
		rev.ReversalError = math.NaN()
		return nil
	case err != nil:
		return fmt.Errorf("reverse replay of %d faithful steps: %w", F, err)
	}
	rev.LossBefore = loss
	if err := s.diverge.Observe("replay loss", loss); err != nil {
		return err
	}
	if err := s.diverge.Observe("gradient norm", cx.GradientNorm()); err != nil {
		return err
	}
	rev.TrainedSteps, rev.DroppedSteps = F, p.steps-F
	fwd.Trained, rev.Trained = true, true
	if ref != nil {
		right := 0
		for _, r := range fwd.Right[:F] {
			if r == 1 {
				right++
			}
		}
		if fwd.Right[0] >= 0 {
			rev.TrainedFidelity = float64(right) / float64(F)
		}
	}
	return nil
}

// faithfulReplay is the faithful part of a forward replay as a
// cortex.Replay: input t is step t's sensory content, its target step
// t+1's. Asking for a step again replays the cache's forward replay again
// (the producer recorded it once: the cache does not change in a sleep, so
// every forward replay of the episode gives the same steps).
type faithfulReplay struct {
	p       *production
	n       int // inputs: faithful steps − 1
	sensory int
	w       outcomeWeights // RuleOutcome: the weighting of the action entries
}

// Len returns the number of inputs.
func (f *faithfulReplay) Len() int { return f.n }

// Weight fills dst with step t's output weights under RuleOutcome
// (outcome.go); it returns false (all ones) under RuleImitate.
func (f *faithfulReplay) Weight(t int, dst []float64) bool {
	if !f.w.on {
		return false
	}
	f.w.fill(dst, f.p.fwd.steps[t+1].Content[:f.sensory], t)
	return true
}

// Steps visits inputs from … end−1.
func (f *faithfulReplay) Steps(from, end int, visit func(t int, x, target []float64) error) error {
	if from < 0 || from > end || end > f.n {
		return fmt.Errorf("sleep: replay of steps [%d, %d) of %d", from, end, f.n)
	}
	steps := f.p.fwd.steps
	for t := from; t < end; t++ {
		if err := visit(t, steps[t].Content[:f.sensory], f.w.adjust(steps[t+1].Content[:f.sensory], t)); err != nil {
			return err
		}
	}
	return nil
}
