package viewer

import "sort"

// item is one stretch of the timeline: an awake episode or one replay.
type item struct {
	replay bool
	index  int // episode or replay index
}

// Timeline is the run in the order it happened: awake episodes, and after
// each sleep's last episode its replays (forward, then reverse, event by
// event).
type Timeline struct {
	items     []item
	episodeAt []int // item index of each episode
}

func newTimeline(d *Data) Timeline {
	t := Timeline{episodeAt: make([]int, len(d.Episodes))}
	sleeps := append([]Sleep(nil), d.Sleeps...)
	sort.SliceStable(sleeps, func(a, b int) bool { return sleeps[a].AfterEpisode < sleeps[b].AfterEpisode })
	ep := 0
	addEpisodes := func(upTo int) {
		for ; ep < min(upTo, len(d.Episodes)); ep++ {
			t.episodeAt[ep] = len(t.items)
			t.items = append(t.items, item{index: ep})
		}
	}
	for _, s := range sleeps {
		addEpisodes(s.AfterEpisode)
		for j := s.first; j < s.first+s.count; j++ {
			t.items = append(t.items, item{replay: true, index: j})
		}
	}
	addEpisodes(len(d.Episodes))
	return t
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
	return d.Episodes[it.index].Steps + 1
}
