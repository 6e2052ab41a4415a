package sleep

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// Candidate is a held episode that a replay event may pick.
type Candidate struct {
	Episode  int                   // the episode's index in the run
	Cache    hippocampus.EpisodeID // its id in the cache
	Rewarded bool
	Reward   float64 // summed reward, for prioritised selection
	Surprise float64 // largest per-step awake prediction loss, for prioritised selection
}

// Reference returns what was lived at a step of an episode, to score replay
// fidelity. It is evaluation only: its contents never reach the consolidator.
// It returns nil when it has no record, and fidelity is then NaN.
type Reference func(episode, step int) []float64

// Event is one replay of one episode in one direction; a replay event makes
// two: forward, then reverse.
type Event struct {
	Sleep      int    // sleep index (0-based)
	Event      int    // event index within the sleep
	Episode    int    // the replayed episode's index in the run
	Direction  string // "forward" or "reverse"
	StartStep  int    // first step replayed
	EndStep    int    // last step replayed
	Steps      int    // steps replayed
	SimSteps   int    // network updates the cache took
	Completed  bool   // the replay reached the episode's end
	Fidelity   float64
	LossBefore float64 // forward: loss of the forward run; reverse: loss of the reverse run (both before the update)
	LossAfter  float64 // loss of an evaluation forward replay after the update (NaN if not measured)
	Trained    bool    // an update was applied
	Places     []int   // decoded place (index into the maze's place code) of each replayed step, in replay order

	// The cache's confidence in each replayed step (replay order) and the
	// smallest (0 for a replay of no steps); see hippocampus.ReplayStep.
	Confidence    []float64
	MinConfidence float64
	// Right says, per replayed step, whether it matches the lived episode
	// (1, 0; −1 without a reference): evaluation only, never used to train.
	Right []int8
	// Reverse events: FaithfulSteps is the length of the faithful part of
	// the forward replay (faithful.go), TrainedSteps the steps the reverse
	// replay trained on (0 when not trained), DroppedSteps the steps of the
	// episode (cache length) left out, TrainedFidelity the fraction of the
	// trained steps that match the lived episode (evaluation only; NaN
	// without a reference or with nothing trained).
	FaithfulSteps, TrainedSteps, DroppedSteps int
	TrainedFidelity                           float64
	// ReversalError is the consolidator's reversal check of the reverse
	// replay (cortex.Reversal.Error; NaN when no reverse run was made) and
	// ReversalFailed says it exceeded the tolerance: the event was not
	// trained.
	ReversalError  float64
	ReversalFailed bool
	// RuleOutcome (outcome.go): the replayed return G (NaN when the
	// outcome is not known or the rule is imitate) and the advantage A
	// that weighted the action entries (0 then).
	Return, Advantage float64

	// Awake replay (awake.go). Phase is "sleep" or "awake" ("" in a record
	// made before awake replay existed: a sleep event). Kind is "replay"
	// (the cache's replay of a stored episode) or "sweep" (an imagined
	// forward rollout of the consolidator, recorded by the caller).
	// EpisodeAt and StepAt are, for an awake event, the awake episode
	// during or right after which it happened and the step of it; −1 for
	// sleep events.
	Phase, Kind       string
	EpisodeAt, StepAt int
}

// Sleeper runs sleep phases. It owns its random stream and reused buffers.
type Sleeper struct {
	cfg     Config
	rng     *rand.Rand
	sensory int // width of the sensory part of a cache content vector
	blocks  []int
	target  []float64
	weights []float64
	diverge cortex.Divergence // finite divergence of replay loss and gradient
	expand  func([]float64)   // rewrites decoded content before use (SetExpand); nil: none
	// certainty[t] is the consolidator's predicted entry of the move made
	// at step t, clipped to [0, 1], in the event's first forward replay
	// (RuleOutcome, outcome.go).
	certainty []float64

	// the producer's (produce.go)
	workers int                     // 0: GOMAXPROCS
	rps     []*hippocampus.Replayer // of the cache of the last sleep
	prods   []*production           // reused buffers
}

// New returns a Sleeper. sensory is the width of the sensory part of the
// cache's content vectors (the consolidator's input width); blocks are the
// one-hot block widths of the whole content, for scoring fidelity.
func New(cfg Config, sensory int, blocks []int, rng *rand.Rand) (*Sleeper, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if rng == nil {
		return nil, errors.New("sleep: a random stream is required")
	}
	return &Sleeper{cfg: cfg, rng: rng, sensory: sensory, blocks: blocks, target: make([]float64, sensory)}, nil
}

// SetExpand sets a function that rewrites each replayed step's decoded
// content in place before the consolidator sees it or fidelity is scored:
// for content that is not one-hot, e.g. a place-cell population the cache
// decodes to its peak, regenerated from the decoded place
// (env.Encoding.Regenerate). It must be safe for concurrent use: replay
// workers call it in parallel. nil (the default) leaves the content as decoded.
func (s *Sleeper) SetExpand(expand func(content []float64)) { s.expand = expand }

// Config returns the sleeper's settings.
func (s *Sleeper) Config() Config { return s.cfg }

// Sleep runs sleep number index: n replay events drawn from the candidates
// (only those still held in the cache count), each training cx from the
// cache's replay, then Config.SpliceEvents spliced replay events
// (splice.go), which search the replays of every held episode whatever
// the selection. It returns the events, two per replay event.
//
// The events are drawn first; their replays are then produced in parallel
// (produce.go) while the consolidator trains on them in the events' order
// (replay.go). The cache must not change during the call.
func (s *Sleeper) Sleep(index, n int, cx *cortex.R2N2, cache *hippocampus.Cache, cands []Candidate, ref Reference) ([]Event, error) {
	held := s.heldOf(cache, cands)
	pool := s.eligibleFrom(held)
	n = max(n, 0)
	if len(pool) == 0 {
		n = 0
	}
	if n == 0 && (s.cfg.SpliceEvents == 0 || len(held) == 0) {
		return nil, nil
	}
	picks := make([]Candidate, n)
	for k := range picks {
		picks[k] = s.pick(pool)
	}
	all := picks
	if s.cfg.SpliceEvents > 0 {
		// spliced replay searches the replays of every held episode,
		// whatever the selection of the drawn events
		all = append(picks[:n:n], held...)
	}
	prods, of, wait, stop := s.produce(cache, all)
	of = of[:n]
	defer wait()
	defer stop()
	if s.cfg.Rule == RuleOutcome {
		s.advantages(prods, of)
	}
	var events []Event
	for k, c := range picks {
		p := prods[of[k]]
		if err := p.wait(); err != nil {
			return events, fmt.Errorf("sleep %d, event %d (episode %d): %w", index, k, c.Episode, err)
		}
		fwd, rev, err := s.trainEvent(cx, p, c, ref)
		if err != nil {
			return events, fmt.Errorf("sleep %d, event %d (episode %d): %w", index, k, c.Episode, err)
		}
		fwd.Sleep, fwd.Event, rev.Sleep, rev.Event = index, k, index, k
		events = append(events, fwd, rev)
	}
	if s.cfg.SpliceEvents > 0 {
		spliced, err := s.splice(index, n, cx, prods)
		events = append(events, spliced...)
		if err != nil {
			return events, err
		}
	}
	return events, nil
}

// heldOf returns the candidates that the cache still holds.
func (s *Sleeper) heldOf(cache *hippocampus.Cache, cands []Candidate) []Candidate {
	held := map[hippocampus.EpisodeID]bool{}
	for _, id := range cache.Held() {
		held[id] = true
	}
	var out []Candidate
	for _, c := range cands {
		if held[c.Cache] {
			out = append(out, c)
		}
	}
	return out
}

// eligibleFrom returns the candidates the selection allows: all of them,
// or the rewarded ones.
func (s *Sleeper) eligibleFrom(cands []Candidate) []Candidate {
	var out []Candidate
	for _, c := range cands {
		if s.cfg.Select == SelectAll || c.Rewarded {
			out = append(out, c)
		}
	}
	return out
}

// pick draws one candidate.
func (s *Sleeper) pick(pool []Candidate) Candidate {
	if s.cfg.Select != SelectPrioritised {
		return pool[s.rng.IntN(len(pool))]
	}
	s.weights = s.weights[:0]
	sum := 0.0
	for _, c := range pool {
		w := max(c.Reward, 1e-3) * (max(c.Surprise, 0) + 1e-3)
		s.weights = append(s.weights, w)
		sum += w
	}
	u := s.rng.Float64() * sum
	for i, w := range s.weights {
		if u -= w; u < 0 {
			return pool[i]
		}
	}
	return pool[len(pool)-1]
}
