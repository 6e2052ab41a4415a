package viewer

import (
	"fmt"
	"strconv"
	"strings"
)

// Key is a viewer command, whatever device it came from.
type Key int

// The viewer's commands (the help overlay lists them with their keys).
const (
	KeyNone        Key = iota
	KeyPause           // space: pause or play
	KeyStepFwd         // →: one step forward
	KeyStepBack        // ←: one step back
	KeyFaster          // ↑ or +
	KeySlower          // ↓ or −
	KeyHome            // Home: start of the run
	KeyEnd             // End: end of the run
	KeyNextEpisode     // N: next episode
	KeyPrevEpisode     // P: previous episode
	KeyReplay          // R: replay overlay
	KeyPanels          // Tab: activity panels
	KeyHelp            // H: help overlay
	KeyScreenshot      // S: save a PNG
	KeyGIF             // G: save the current episode or replay as GIF
)

// speeds are the playback speeds in steps per second.
var speeds = []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}

// View is what the window shows: a run, where in it, and how. It changes
// only on commands and ticks; it never changes the run.
type View struct {
	data     *Data
	timeline Timeline
	item     int // current timeline item
	step     int // position within the item
	paused   bool
	speed    int // index into speeds
	acc      float64
	overlay  bool // R: replay overlay
	panels   bool // Tab
	help     bool // H
	follow   bool // at the end of a growing run: stay at its end
	message  string
	visits   []int // visit counts of every cell over the whole run
	hasAwake bool  // the run has awake replays or sweeps
	fps      float64
}

// SetFrameRate gives the window's measured frame rate to the help overlay;
// it reports whether the picture changes (the overlay is shown).
func (v *View) SetFrameRate(fps float64) bool {
	v.fps = fps
	return v.help
}

// NewView shows d from its start, playing at 10 steps per second.
func NewView(d *Data) *View {
	v := &View{speed: 3, overlay: true, panels: true}
	v.SetData(d)
	return v
}

// SetData replaces the run (it grew, or the live run went on), keeping
// the place in it. A following view that had played to the end goes on
// into what is new.
func (v *View) SetData(d *Data) {
	oldLen := v.timeline.Len()
	atEnd := v.data == nil || oldLen == 0 || (v.item == oldLen-1 && v.step >= v.timeline.steps(v.data, v.item)-1)
	v.data = d
	v.timeline = newTimeline(d)
	v.hasAwake = false
	for _, r := range d.Replays {
		v.hasAwake = v.hasAwake || r.Awake
	}
	v.visits = make([]int, d.Grid.Rows*d.Grid.Cols)
	for _, c := range d.Pos {
		v.visits[c.Row*d.Grid.Cols+c.Col]++
	}
	if v.follow && atEnd && v.timeline.Len() > oldLen {
		v.item, v.step = oldLen, 0
	}
	v.clamp()
}

// Data returns the run shown.
func (v *View) Data() *Data { return v.data }

// Follow makes the view jump to the end of the run whenever it grows.
func (v *View) Follow(on bool) { v.follow = on }

// Paused reports whether playback is paused.
func (v *View) Paused() bool { return v.paused }

// SetPaused pauses or resumes playback.
func (v *View) SetPaused(p bool) { v.paused = p }

// Message sets the status line's transient message.
func (v *View) Message(s string) { v.message = s }

func (v *View) clamp() {
	n := v.timeline.Len()
	if n == 0 {
		v.item, v.step = 0, 0
		return
	}
	v.item = min(max(v.item, 0), n-1)
	v.step = min(max(v.step, 0), v.timeline.steps(v.data, v.item)-1)
}

// At says where the view is: an awake episode and its step, or a replay
// (sleep, event, direction) and its step.
type At struct {
	Replay  bool
	Episode int // the episode lived, or replayed
	Sleep   int // replay only
	Event   int // replay only
	Reverse bool
	ReplayN int // replay index in Data.Replays
	Step    int
	// Awake replays and sweeps: the episode and step at which the agent
	// stands while it replays (sweeps: imagines its way ahead).
	Awake, Sweep      bool
	EpisodeAt, StepAt int
}

// At returns the view's place in the run; ok is false for an empty run.
func (v *View) At() (at At, ok bool) {
	if v.timeline.Len() == 0 {
		return At{}, false
	}
	it := v.timeline.items[v.item]
	if it.replay {
		r := v.data.Replays[it.index]
		return At{Replay: true, Episode: r.Episode, Sleep: r.Sleep, Event: r.Event, Reverse: r.Reverse, ReplayN: it.index, Step: v.step,
			Awake: r.Awake, Sweep: r.Sweep, EpisodeAt: r.EpisodeAt, StepAt: r.StepAt}, true
	}
	return At{Episode: it.index, Step: it.from + v.step, EpisodeAt: -1, StepAt: -1}, true
}

// Seek moves the view to a place given as "episode:step",
// "sleep:event:step" (event counts replay events, forward then reverse:
// step counts through the forward replay, then on through the reverse) or
// "awake:J:step" (the run's J-th awake replay or sweep).
func (v *View) Seek(spec string) error {
	parts := strings.Split(spec, ":")
	if len(parts) == 3 && parts[0] == "awake" {
		return v.seekAwake(spec, parts[1:])
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return fmt.Errorf("--at %q: %q is not a non-negative whole number (want episode:step or sleep:event:step)", spec, p)
		}
		nums[i] = n
	}
	d := v.data
	switch len(nums) {
	case 2:
		ep, step := nums[0], nums[1]
		if ep >= len(d.Episodes) {
			return fmt.Errorf("--at %s: the run has episodes 0 to %d", spec, len(d.Episodes)-1)
		}
		if step > d.Episodes[ep].Steps {
			return fmt.Errorf("--at %s: episode %d has steps 0 to %d", spec, ep, d.Episodes[ep].Steps)
		}
		v.item = v.timeline.episodeItem(ep, step)
		v.step = step - v.timeline.items[v.item].from
		return nil
	case 3:
		sl, ev, step := nums[0], nums[1], nums[2]
		var halves []int
		for j, r := range d.Replays {
			if r.Sleep == sl && r.Event == ev && !r.Awake {
				halves = append(halves, j)
			}
		}
		if len(halves) == 0 {
			return fmt.Errorf("--at %s: the run has no replay event %d in sleep %d (%d sleeps; see replay_events.csv)", spec, ev, sl, len(d.Sleeps))
		}
		for _, j := range halves {
			n := d.Replays[j].end - d.Replays[j].start
			if step < n {
				for i, it := range v.timeline.items {
					if it.replay && it.index == j {
						v.item, v.step = i, step
						return nil
					}
				}
			}
			step -= n
		}
		return fmt.Errorf("--at %s: replay event %d of sleep %d has fewer steps", spec, ev, sl)
	}
	return fmt.Errorf("--at %q: want episode:step or sleep:event:step", spec)
}

// seekAwake moves to "awake:J:step": step of the run's J-th awake replay
// or sweep (counted from 0 in replay_events.csv order).
func (v *View) seekAwake(spec string, parts []string) error {
	var nums [2]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return fmt.Errorf("--at %q: %q is not a non-negative whole number (want awake:J:step)", spec, p)
		}
		nums[i] = n
	}
	k := 0
	for i, it := range v.timeline.items {
		if !it.replay || !v.data.Replays[it.index].Awake {
			continue
		}
		if k == nums[0] {
			if n := v.timeline.steps(v.data, i); nums[1] >= n {
				return fmt.Errorf("--at %s: awake replay %d has steps 0 to %d", spec, nums[0], n-1)
			}
			v.item, v.step = i, nums[1]
			return nil
		}
		k++
	}
	return fmt.Errorf("--at %s: the run has %d awake replays", spec, k)
}

// Press applies a command. Screenshot and GIF are the shell's to do; the
// view only reports them (the returned Key).
func (v *View) Press(k Key) Key {
	n := v.timeline.Len()
	if n == 0 && k != KeyHelp && k != KeyPanels && k != KeyPause {
		return KeyNone
	}
	switch k {
	case KeyPause:
		v.paused = !v.paused
	case KeyStepFwd:
		v.paused = true
		v.advance(1)
	case KeyStepBack:
		v.paused = true
		v.advance(-1)
	case KeyFaster:
		v.speed = min(v.speed+1, len(speeds)-1)
	case KeySlower:
		v.speed = max(v.speed-1, 0)
	case KeyHome:
		v.item, v.step = 0, 0
	case KeyEnd:
		v.item = n - 1
		v.step = v.timeline.steps(v.data, v.item) - 1
	case KeyNextEpisode:
		v.jumpEpisode(+1)
	case KeyPrevEpisode:
		v.jumpEpisode(-1)
	case KeyReplay:
		v.overlay = !v.overlay
	case KeyPanels:
		v.panels = !v.panels
	case KeyHelp:
		v.help = !v.help
	case KeyScreenshot, KeyGIF:
		return k
	}
	return KeyNone
}

// jumpEpisode goes to the start of the next (or previous) awake episode.
func (v *View) jumpEpisode(dir int) {
	cur := -1 // the episode the view is in (awake replays included)
	if at, ok := v.At(); ok && (!at.Replay || at.Awake) {
		cur = at.Episode
		if at.Awake {
			cur = at.EpisodeAt
		}
	}
	for i := v.item + dir; i >= 0 && i < v.timeline.Len(); i += dir {
		if it := v.timeline.items[i]; !it.replay && it.from == 0 && it.index != cur {
			v.item, v.step = i, 0
			return
		}
	}
	if dir < 0 {
		v.step = 0
	}
}

// advance moves by n steps across item boundaries; it stops at either end.
func (v *View) advance(n int) {
	for ; n > 0; n-- {
		if v.step+1 < v.timeline.steps(v.data, v.item) {
			v.step++
		} else if v.item+1 < v.timeline.Len() {
			v.item, v.step = v.item+1, 0
		} else {
			return
		}
	}
	for ; n < 0; n++ {
		if v.step > 0 {
			v.step--
		} else if v.item > 0 {
			v.item--
			v.step = v.timeline.steps(v.data, v.item) - 1
		} else {
			return
		}
	}
}

// Tick advances playback by dt seconds; it reports whether the view moved.
func (v *View) Tick(dt float64) bool {
	if v.paused || v.timeline.Len() == 0 {
		return false
	}
	v.acc += dt * speeds[v.speed]
	n := int(v.acc)
	v.acc -= float64(n)
	if n == 0 {
		return false
	}
	i, s := v.item, v.step
	v.advance(n)
	return i != v.item || s != v.step
}

// JumpFraction moves to the awake episode (strip "episodes") or the sleep
// (strip "sleeps") at fraction f ∈ [0, 1] of the timeline.
func (v *View) JumpFraction(f float64, sleeps bool) {
	d := v.data
	if len(d.Episodes) == 0 {
		return
	}
	ep := min(max(int(f*float64(len(d.Episodes))), 0), len(d.Episodes)-1)
	if sleeps {
		best, bestDist := -1, 1<<30
		for i, s := range d.Sleeps {
			if s.count > 0 && abs(s.AfterEpisode-ep) < bestDist {
				best, bestDist = i, abs(s.AfterEpisode-ep)
			}
		}
		if best >= 0 {
			for i, it := range v.timeline.items {
				if it.replay && it.index == d.Sleeps[best].first {
					v.item, v.step = i, 0
					return
				}
			}
		}
	}
	v.item, v.step = v.timeline.episodeAt[ep], 0
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
