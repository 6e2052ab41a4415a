package sleep

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
)

// Spliced replay (Config.SpliceEvents).
//
// Replay is not a copy of single runs: rats replay never-travelled
// shortcuts made of pieces of runs that crossed (Gupta et al. 2010), and
// replay follows the maze's topology rather than one trajectory (Wu &
// Foster 2014). A spliced replay event trains the consolidator on the
// shortest route to reward that the sleep's replays contain when the
// cache's replays of different episodes may be joined where they pass
// through the same state.
//
// The graph. Every step t < F of every replayed episode of the sleep (F
// its faithful part, faithful.go) is a node; its state is the decoded
// content without the previous action and reward blocks (the observation
// and the place: what the animal sees and where it is, not how it got
// there). Two steps with the same state are one node. Step t → t + 1 of an
// episode is an edge of length 1, labelled with the replayed step t + 1.
// A rewarded edge is one whose step t + 1 carries "reward received".
//
// The route. A breadth-first search from the states of the episodes' first
// steps finds the fewest edges to a rewarded edge; ties go to the episode
// replayed first, then to the earlier step, so the route is a fixed
// function of the sleep's replays. The spliced sequence is the first step
// of the episode the route starts from, then the replayed content of every
// edge in order: each step is what the cache replayed, and consecutive
// steps are a real move between real states, so the sequence is one the
// animal could have lived. Its length is at most that of the shortest
// rewarded replay of the sleep.
//
// Training. Each of the SpliceEvents events trains the consolidator on the
// spliced sequence exactly like a replay event under RuleImitate (every
// entry of the next step is a target with weight 1): forward through the
// sequence from the initial state, then the reverse run with error signals
// (the sequence is heard again from the same replays, faithful.go), one
// optimiser step. They run after the sleep's drawn events and draw no
// random number. The search reads only the cache's replays; with no
// rewarded edge nothing is trained.
//
// Modelling choice: the joining is done by the sleep phase on the cache's
// replays of whole episodes, not by the cache's attractor dynamics (which
// replay one stored sequence). It assumes the task's reward depends only on
// the state reached (open goal mazes, the T-maze with its cue in view); in
// a task whose reward depends on the history (delayed alternation) a
// spliced route may be one the maze would not reward.

// KindSplice is the Event.Kind of a spliced replay event.
const KindSplice = "splice"

// spliceEdge is step t of production p, reached from step t − 1.
type spliceEdge struct{ p, t int }

// spliceRoute returns the shortest spliced route over the productions
// (see above) as its steps and the production its last step comes from,
// or nil when no replay reached a reward. Content views point into the
// productions' buffers.
func (s *Sleeper) spliceRoute(prods []*production) ([]hippocampus.ReplayStep, int) {
	faithful := make([]int, len(prods))
	ids := map[string]int{}
	var keys [][]int // per production, the state id of each faithful step
	id := func(content []float64) int {
		k := s.stateKey(content)
		v, ok := ids[k]
		if !ok {
			v = len(ids)
			ids[k] = v
		}
		return v
	}
	for j, p := range prods {
		keys = append(keys, nil)
		if p.wait() != nil {
			continue
		}
		faithful[j] = s.faithfulSteps(p)
		for t := range faithful[j] {
			keys[j] = append(keys[j], id(p.fwd.steps[t].Content))
		}
	}
	out := make([][]spliceEdge, len(ids))
	for j := range prods {
		for t := 1; t < faithful[j]; t++ {
			from := keys[j][t-1]
			out[from] = append(out[from], spliceEdge{j, t})
		}
	}
	parent := make([]spliceEdge, len(ids))
	seen := make([]bool, len(ids))
	var queue []int
	for j := range prods {
		if faithful[j] >= 2 && !seen[keys[j][0]] {
			seen[keys[j][0]] = true
			parent[keys[j][0]] = spliceEdge{j, 0}
			queue = append(queue, keys[j][0])
		}
	}
	rewardAt := s.blocks[actionBlock] + rewardEntry
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for _, e := range out[u] {
			if prods[e.p].fwd.steps[e.t].Content[rewardAt] > 0.5 {
				return s.spliceSteps(prods, keys, parent, e), e.p
			}
			if v := keys[e.p][e.t]; !seen[v] {
				seen[v] = true
				parent[v] = e
				queue = append(queue, v)
			}
		}
	}
	return nil, 0
}

// spliceSteps follows the parents back from the rewarded edge last and
// returns the route's steps, numbered from 0.
func (s *Sleeper) spliceSteps(prods []*production, keys [][]int, parent []spliceEdge, last spliceEdge) []hippocampus.ReplayStep {
	route := []spliceEdge{last}
	for e := last; e.t > 0; {
		e = parent[keys[e.p][e.t-1]]
		route = append(route, e)
	}
	steps := make([]hippocampus.ReplayStep, len(route))
	for i := range route {
		e := route[len(route)-1-i]
		steps[i] = prods[e.p].fwd.steps[e.t]
		steps[i].Step = i
	}
	return steps
}

// stateKey is the decoded state of a content vector: the argmax of every
// block but the previous action and the reward.
func (s *Sleeper) stateKey(content []float64) string {
	var b strings.Builder
	off := 0
	for i, w := range s.blocks {
		if i != actionBlock && i != actionBlock+1 {
			b.WriteString(strconv.Itoa(hippocampus.Argmax(content[off : off+w])))
			b.WriteByte(',')
		}
		off += w
	}
	return b.String()
}

// splice runs the sleep's spliced replay events (after its n drawn events)
// on the productions and returns them, two per event.
func (s *Sleeper) splice(index, n int, cx *cortex.R2N2, prods []*production) ([]Event, error) {
	steps, last := s.spliceRoute(prods)
	if len(steps) < 2 {
		return nil, nil
	}
	// The spliced sequence as a production of the episode its last step
	// comes from: imitated, and with no reverse record of its own (the
	// reverse run hears the sequence again, faithful.go).
	sp := &production{cand: prods[last].cand, steps: len(steps), imitate: true}
	sp.fwd.steps = steps
	sp.fwd.summary = hippocampus.ReplaySummary{Steps: len(steps), Completed: true}
	var events []Event
	for k := range s.cfg.SpliceEvents {
		fwd, rev, err := s.trainEvent(cx, sp, sp.cand, nil)
		if err != nil {
			return events, fmt.Errorf("sleep %d, spliced event %d: %w", index, k, err)
		}
		fwd.Sleep, fwd.Event, rev.Sleep, rev.Event = index, n+k, index, n+k
		fwd.Kind, rev.Kind = KindSplice, KindSplice
		// The reverse run covered the spliced steps last to first.
		rev.StartStep, rev.EndStep, rev.Steps, rev.Completed = len(steps)-1, 0, len(steps), true
		rev.MinConfidence = fwd.MinConfidence
		rev.Places, rev.Confidence = slices.Clone(fwd.Places), slices.Clone(fwd.Confidence)
		slices.Reverse(rev.Places)
		slices.Reverse(rev.Confidence)
		events = append(events, fwd, rev)
	}
	return events, nil
}
