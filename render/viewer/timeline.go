package viewer

import "sort"

// item is one stretch of the timeline: an awake episode's steps from..to,
// or one replay (in sleep, or awake in the middle of an episode).
type item struct {
	replay   bool
	index    int // episode or replay index
	from, to int // episode items: the steps shown (an episode is cut where awake replays happen)
}

// Timeline is the run in the order it happened: awake episodes, and after
// each sleep's last episode its replays (forward, then reverse, event by
// event). Awake replays and sweeps come inside their episode, after the
// step at which they happened: the episode is cut there, the replays play
// with the agent standing still, and the episode goes on from the next step.
type Timeline struct {
	items     []item
	episodeAt []int // item index of each episode's first part
}

func newTimeline(d *Data) Timeline {
	t := Timeline{episodeAt: make([]int, len(d.Episodes))}
	awake := make(map[int][]int) // episode -> its awake replays, in file order
	for j, r := range d.Replays {
		if r.Awake && r.end > r.start {
			awake[r.EpisodeAt] = append(awake[r.EpisodeAt], j)
		}
	}
	sleeps := append([]Sleep(nil), d.Sleeps...)
	sort.SliceStable(sleeps, func(a, b int) bool { return sleeps[a].AfterEpisode < sleeps[b].AfterEpisode })
	ep := 0
	addEpisodes := func(upTo int) {
		for ; ep < min(upTo, len(d.Episodes)); ep++ {
			t.episodeAt[ep] = len(t.items)
			t.addEpisode(d, ep, awake[ep])
		}
	}
	for _, s := range sleeps {
		addEpisodes(s.AfterEpisode)
		for j := s.first; j < s.first+s.count; j++ {
			if r := d.Replays[j]; !r.Awake && r.end > r.start { // a replay of no steps has nothing to show
				t.items = append(t.items, item{replay: true, index: j})
			}
		}
	}
	addEpisodes(len(d.Episodes))
	return t
}

// addEpisode appends episode ep cut at the steps of its awake replays.
func (t *Timeline) addEpisode(d *Data, ep int, awake []int) {
	sort.SliceStable(awake, func(a, b int) bool { return d.Replays[awake[a]].StepAt < d.Replays[awake[b]].StepAt })
	from, last := 0, d.Episodes[ep].Steps
	for k := 0; k < len(awake); {
		at := d.Replays[awake[k]].StepAt
		t.items = append(t.items, item{index: ep, from: from, to: at})
		for ; k < len(awake) && d.Replays[awake[k]].StepAt == at; k++ {
			t.items = append(t.items, item{replay: true, index: awake[k]})
		}
		from = at + 1
	}
	if from <= last {
		t.items = append(t.items, item{index: ep, from: from, to: last})
	}
}

// Len is the number of items.
func (t Timeline) Len() int { return len(t.items) }

// steps returns the number of positions of item i.
func (t Timeline) steps(d *Data, i int) int {
	it := t.items[i]
	if it.replay {
		r := d.Replays[it.index]
		return r.end - r.start
	}
	return it.to - it.from + 1
}

// episodeItem returns the item of episode ep that shows step s.
func (t Timeline) episodeItem(ep, s int) int {
	for i := t.episodeAt[ep]; i < len(t.items); i++ {
		if it := t.items[i]; !it.replay && it.index == ep && s <= it.to {
			return i
		}
	}
	return t.episodeAt[ep]
}
