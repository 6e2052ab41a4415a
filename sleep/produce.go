package sleep

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/replaylab/replaylab/hippocampus"
)

// The producer. The cache does not change during a sleep, so a replay of
// an episode in a direction is a fixed function of the episode: the
// producer obtains the content of every planned replay from the cache
// before (and while) the consumer (train.go) trains the consolidator on
// it. Replays run in parallel goroutines, one hippocampus.Replayer each,
// into per-episode buffers; the consumer reads the buffers in the events'
// fixed order, so the results do not depend on the number of workers.
//
// An episode picked by several events of one sleep is replayed once: its
// replays would give the same steps every time (same cache, same cue), and
// so does the evaluation replay of Config.MeasureAfter.

// replayRecord is one replay as the cache produced it.
type replayRecord struct {
	steps   []hippocampus.ReplayStep // in replay order; Content points into content
	content []float64                // the steps' contents, back to back
	summary hippocampus.ReplaySummary
}

// record replays episode id in direction dir with rp into r, replacing
// what r held; expand (if not nil) then rewrites each step's decoded
// content (Sleeper.SetExpand).
func (r *replayRecord) record(rp *hippocampus.Replayer, id hippocampus.EpisodeID, dir hippocampus.Direction, expand func([]float64)) error {
	r.steps, r.content = r.steps[:0], r.content[:0]
	sum, err := rp.Replay(id, dir, func(st hippocampus.ReplayStep) error {
		r.content = append(r.content, st.Content...)
		st.Content = nil // set below: content may still move
		r.steps = append(r.steps, st)
		return nil
	})
	r.summary = sum
	if err != nil {
		return err
	}
	if len(r.steps) == 0 {
		return nil
	}
	w := len(r.content) / len(r.steps)
	for i := range r.steps {
		r.steps[i].Content = r.content[i*w : (i+1)*w : (i+1)*w]
		if expand != nil {
			expand(r.steps[i].Content)
		}
	}
	return nil
}

// production holds the replays of one episode for one sleep: forward and,
// for an episode of two steps or more, reverse. The two are separate jobs,
// so two workers can share one episode; the reverse replay is produced
// whether or not the forward one completes (the consumer uses it only
// then: a replay event runs the reverse replay only after a completed
// forward one).
type production struct {
	cand     Candidate
	steps    int // the episode's length T in the cache
	fwd, rev replayRecord
	hasRev   bool  // set by the consumer: the forward replay completed and T ≥ 2
	err      error // from the cache, before any job
	errs     [2]error
	done     [2]chan struct{} // closed when the forward (0), reverse (1) replay is recorded

	// RuleOutcome (outcome.go): the replayed return G, whether it is
	// known, and the advantage A in this sleep.
	ret, adv float64
	known    bool
	// CreditStep: the per-step return-to-go G_t and advantage A_t; empty
	// otherwise.
	rtg, advs []float64
	// imitate: train this event as under RuleImitate whatever the rule
	// (awake replay at reward: there is no sleep whose mean return would
	// give the episode an advantage; Awake).
	imitate bool
}

// wait waits for both replays of p and returns the first error.
func (p *production) wait() error {
	<-p.done[0]
	<-p.done[1]
	if p.err != nil {
		return p.err
	}
	if p.errs[0] != nil {
		return p.errs[0]
	}
	if p.errs[1] != nil {
		return p.errs[1]
	}
	p.hasRev = p.fwd.summary.Completed && p.steps >= 2
	return nil
}

// job is one replay to record: production p's forward (0) or reverse (1).
type job struct {
	p   *production
	dir int
}

// produce obtains the replays of the distinct episodes of picks (in the
// order of their first pick) with up to s.workers goroutines. It returns
// the productions, the production of each pick, and a wait function that
// returns once every goroutine has finished; stop makes the goroutines
// skip the replays they have not started.
func (s *Sleeper) produce(cache *hippocampus.Cache, picks []Candidate) (prods []*production, of []int, wait func(), stop func()) {
	index := map[hippocampus.EpisodeID]int{}
	of = make([]int, len(picks))
	var jobs []job
	for k, c := range picks {
		j, ok := index[c.Cache]
		if !ok {
			j = len(prods)
			index[c.Cache] = j
			p := s.production(j, c)
			prods = append(prods, p)
			p.steps, p.err = cache.Len(c.Cache)
			switch {
			case p.err != nil:
				close(p.done[0])
				close(p.done[1])
			case p.steps < 2:
				jobs = append(jobs, job{p, 0})
				close(p.done[1])
			default:
				jobs = append(jobs, job{p, 0}, job{p, 1})
			}
		}
		of[k] = j
	}
	workers := min(s.Workers(), len(jobs))
	rps := s.replayers(cache, workers)
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(rp *hippocampus.Replayer) {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				jb := jobs[i]
				p := jb.p
				if !stopped.Load() {
					if jb.dir == 0 {
						p.errs[0] = p.fwd.record(rp, p.cand.Cache, hippocampus.Forward, s.expand)
					} else {
						p.errs[1] = p.rev.record(rp, p.cand.Cache, hippocampus.Reverse, s.expand)
					}
				}
				close(p.done[jb.dir])
			}
		}(rps[w])
	}
	return prods, of, wg.Wait, func() { stopped.Store(true) }
}

// production returns the Sleeper's j-th production buffer, reset for candidate c.
func (s *Sleeper) production(j int, c Candidate) *production {
	if j == len(s.prods) {
		s.prods = append(s.prods, &production{})
	}
	p := s.prods[j]
	p.cand, p.steps, p.hasRev, p.err, p.errs = c, 0, false, nil, [2]error{}
	p.ret, p.adv, p.known, p.advs, p.rtg = 0, 0, false, p.advs[:0], p.rtg[:0]
	p.done = [2]chan struct{}{make(chan struct{}), make(chan struct{})}
	p.fwd.steps, p.rev.steps = p.fwd.steps[:0], p.rev.steps[:0]
	return p
}

// replayers returns n Replayers of cache, reusing the Sleeper's.
func (s *Sleeper) replayers(cache *hippocampus.Cache, n int) []*hippocampus.Replayer {
	if len(s.rps) > 0 && s.rps[0].Cache() != cache {
		s.rps = s.rps[:0]
	}
	for len(s.rps) < n {
		s.rps = append(s.rps, cache.NewReplayer())
	}
	return s.rps[:n]
}

// Workers returns the number of goroutines that produce replays: the value
// of SetWorkers, or GOMAXPROCS when that is 0.
func (s *Sleeper) Workers() int {
	if s.workers > 0 {
		return s.workers
	}
	return runtime.GOMAXPROCS(0)
}

// SetWorkers sets the number of goroutines that produce a sleep's replays
// (0: GOMAXPROCS). The results do not depend on it.
func (s *Sleeper) SetWorkers(n int) { s.workers = max(n, 0) }
