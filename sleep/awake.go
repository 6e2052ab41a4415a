package sleep

import (
	"fmt"
	"slices"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// Phases and kinds of replay events (Event.Phase, Event.Kind).
const (
	PhaseSleep  = "sleep"
	PhaseAwake  = "awake"
	KindReplay  = "replay"
	KindSweep   = "sweep"
	notAwakeIdx = -1
)

// Awake runs n awake replay events of one episode just lived (Foster &
// Wilson 2006: reverse replay of the recent path at the reward site, right
// after reward). Each event is exactly a sleep replay event on that
// episode — the cache's forward replay into the consolidator, its reverse
// replay with error signals, one update (trainEvent, the code path of
// Sleep) — only the episode is given instead of drawn, and no random
// number is used, so the sleep phase's own draws are unchanged. Under
// sleep.rule = outcome an awake event is trained as under imitate (every
// replayed move with weight 1; Return NaN, Advantage 0): the episode was
// just rewarded, and there is no sleep whose mean return would give it an
// advantage.
//
// sleeps is the number of sleeps before the event (recorded in Event.Sleep
// so that rows stay in time order), episodeAt and stepAt the awake episode
// and its step at which the replay happened. A candidate the cache no
// longer holds gives no events. The cache must not change during the call.
func (s *Sleeper) Awake(sleeps, episodeAt, stepAt, n int, cx *cortex.R2N2, cache *hippocampus.Cache, c Candidate, ref Reference) ([]Event, error) {
	if n <= 0 || !slices.Contains(cache.Held(), c.Cache) {
		return nil, nil
	}
	picks := make([]Candidate, n)
	for k := range picks {
		picks[k] = c
	}
	prods, of, wait, stop := s.produce(cache, picks)
	defer wait()
	defer stop()
	for _, p := range prods {
		p.imitate = true
	}
	var events []Event
	for k := range picks {
		p := prods[of[k]]
		if err := p.wait(); err != nil {
			return events, fmt.Errorf("awake replay %d after episode %d: %w", k, episodeAt, err)
		}
		fwd, rev, err := s.trainEvent(cx, p, c, ref)
		if err != nil {
			return events, fmt.Errorf("awake replay %d after episode %d: %w", k, episodeAt, err)
		}
		for _, v := range []*Event{&fwd, &rev} {
			v.Sleep, v.Event = sleeps, k
			v.Phase, v.Kind, v.EpisodeAt, v.StepAt = PhaseAwake, KindReplay, episodeAt, stepAt
		}
		events = append(events, fwd, rev)
	}
	return events, nil
}

// MarkSleep labels events of a sleep phase (Sleep's result) with their
// phase, their kind where Sleep left it unset (KindReplay; spliced events
// carry KindSplice), and −1 for the awake-only fields.
func MarkSleep(events []Event) {
	for i := range events {
		v := &events[i]
		v.Phase, v.EpisodeAt, v.StepAt = PhaseSleep, notAwakeIdx, notAwakeIdx
		if v.Kind == "" {
			v.Kind = KindReplay
		}
	}
}

// IsAwake reports whether an event happened awake; records made before
// awake replay existed (empty Phase) are sleep events.
func (v Event) IsAwake() bool { return v.Phase == PhaseAwake }

// IsSplice reports whether an event is a spliced replay (splice.go).
func (v Event) IsSplice() bool { return v.Kind == KindSplice }

// IsSweep reports whether an event is a forward sweep (an imagined rollout).
func (v Event) IsSweep() bool { return v.Kind == KindSweep }
