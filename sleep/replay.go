package sleep

import (
	"math"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// The consumer. trainEvent trains the consolidator on one replay event
// from the replays the producer (produce.go) obtained from the cache, in the
// event's fixed place in the sleep's order.

// trainEvent runs one replay event on candidate c from its production p:
// forward replay into the consolidator, reverse replay with error signals,
// the update, and the optional evaluation replay.
func (s *Sleeper) trainEvent(cx *cortex.R2N2, p *production, c Candidate, ref Reference) (fwd, rev Event, err error) {
	T := p.steps
	fwd, err = s.forward(cx, p, c, T, ref, true)
	if err != nil {
		return fwd, rev, err
	}
	rev = Event{Episode: c.Episode, Direction: hippocampus.Reverse.String(), LossAfter: math.NaN(), ReversalError: math.NaN(),
		Return: math.NaN()}
	if p.known {
		rev.Return, rev.Advantage = p.ret, p.adv
	}
	fwd.Return, fwd.Advantage = rev.Return, rev.Advantage
	if p.hasRev {
		s.describeReverse(&rev, p, c, ref)
	}
	if err := s.trainFaithful(cx, p, c, ref, &fwd, &rev); err != nil {
		return fwd, rev, err
	}
	if s.cfg.MeasureAfter && rev.Trained {
		// The evaluation replay is the same forward replay (the cache has
		// not changed), run through the updated consolidator.
		after, err := s.forward(cx, p, c, T, nil, false)
		if err != nil {
			return fwd, rev, err
		}
		fwd.LossAfter, rev.LossAfter = after.LossBefore, after.LossBefore
	}
	return fwd, rev, nil
}

// forward resets cx and drives it with the forward replay of the first T-1
// steps, measuring the loss of each prediction on the way; the first
// forward replay of an event also records, under RuleOutcome, how certain
// each prediction of the move made was (outcome.go). The last step is
// only a target: the consolidator ends in the state whose output predicts it.
func (s *Sleeper) forward(cx *cortex.R2N2, p *production, c Candidate, T int, ref Reference, record bool) (Event, error) {
	ev := Event{Episode: c.Episode, Direction: hippocampus.Forward.String(), LossAfter: math.NaN(), Return: math.NaN()}
	if record {
		s.certainty = s.certainty[:0]
	}
	cx.Reset()
	sc := s.newScore(ref, c.Episode)
	sum, n := 0.0, 0
	first := true
	for i, st := range p.fwd.steps {
		sc.add(st)
		ev.Places = append(ev.Places, s.place(st.Content))
		ev.Confidence = append(ev.Confidence, st.Confidence)
		x := st.Content[:s.sensory]
		if first {
			first = false
			ev.StartStep = st.Step
		} else {
			sum += cx.Loss(x)
			n++
		}
		if st.Step >= T-1 {
			continue
		}
		if err := cx.Forward(x); err != nil {
			return ev, err
		}
		if record && s.cfg.Rule == RuleOutcome && i+1 < len(p.fwd.steps) {
			s.certainty = s.recordCertainty(s.certainty, i, cx.Output(), p.fwd.steps[i+1].Content)
		}
	}
	summary := p.fwd.summary
	ev.EndStep = ev.StartStep + max(summary.Steps-1, 0)
	ev.Steps, ev.SimSteps, ev.Completed = summary.Steps, summary.SimSteps, summary.Completed
	ev.Fidelity = sc.fidelity()
	ev.Right = sc.right
	ev.MinConfidence = minConfidence(p.fwd.steps)
	if n > 0 {
		ev.LossBefore = sum / float64(n)
	}
	return ev, nil
}

// place decodes the place block (the last block) of a content vector.
func (s *Sleeper) place(content []float64) int {
	w := s.blocks[len(s.blocks)-1]
	return hippocampus.Argmax(content[len(content)-w:])
}

// score counts replayed steps whose every one-hot block matches the reference.
type score struct {
	s       *Sleeper
	ref     Reference
	episode int
	n, hits int
	right   []int8 // per step: 1 matches the reference, 0 does not, −1 no reference
}

func (s *Sleeper) newScore(ref Reference, episode int) score {
	return score{s: s, ref: ref, episode: episode}
}

func (sc *score) add(st hippocampus.ReplayStep) {
	if sc.ref == nil {
		sc.right = append(sc.right, -1)
		return
	}
	truth := sc.ref(sc.episode, st.Step)
	if truth == nil {
		sc.ref = nil
		sc.right = append(sc.right, -1)
		return
	}
	sc.n++
	if hippocampus.SameBlocks(st.Content, truth, sc.s.blocks) {
		sc.hits++
		sc.right = append(sc.right, 1)
	} else {
		sc.right = append(sc.right, 0)
	}
}

// fidelity is the fraction of scored steps that match the reference: NaN
// without a reference, 0 for a replay of no steps (nothing replayed right).
func (sc *score) fidelity() float64 {
	if sc.ref == nil {
		return math.NaN()
	}
	if sc.n == 0 {
		return 0
	}
	return float64(sc.hits) / float64(sc.n)
}
