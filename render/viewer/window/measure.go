package window

import (
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// FrameRate is what MeasureFrameRate saw: Ebiten's frames per second,
// sampled once a second while the view played and redrew every frame.
type FrameRate struct {
	Samples     []float64
	Median, Min float64
}

// measure holds a frame-rate measurement in progress.
type measure struct {
	until, next time.Time
	samples     []float64
	done        func(FrameRate)
}

// MeasureFrameRate makes the game play for d and then end, calling done
// with the frame rates seen (the first second, while the window settles,
// is left out).
func (g *Game) MeasureFrameRate(d time.Duration, done func(FrameRate)) {
	now := time.Now()
	g.measure = &measure{until: now.Add(d + time.Second), next: now.Add(2 * time.Second), done: done}
}

// tickMeasure samples the frame rate; it reports when the measurement ended.
func (g *Game) tickMeasure() bool {
	m := g.measure
	if m == nil {
		return false
	}
	now := time.Now()
	if now.After(m.next) {
		m.samples = append(m.samples, ebiten.ActualFPS())
		m.next = m.next.Add(time.Second)
	}
	if now.Before(m.until) {
		return false
	}
	r := FrameRate{Samples: m.samples}
	if len(m.samples) > 0 {
		s := slices.Sorted(slices.Values(m.samples))
		r.Median, r.Min = s[len(s)/2], s[0]
	}
	m.done(r)
	g.measure = nil
	return true
}

// frameLog reports the frame rate once a second.
type frameLog struct {
	w          io.Writer
	start      time.Time
	next       time.Time
	drawnSince int
}

// LogFrameRate makes the game write, once a second, Ebiten's frame rate
// and how many frames changed the screen in that second to w (one line
// each), and keep the help overlay's frame rate up to date.
func (g *Game) LogFrameRate(w io.Writer) {
	now := time.Now()
	g.flog = &frameLog{w: w, start: now, next: now.Add(time.Second)}
}

// QuitAfterFrames makes the game end once n frames have changed the
// screen (n = 1: time to the first frame).
func (g *Game) QuitAfterFrames(n int) { g.quitAfter = n }

// tickLog writes a line of the frame log when a second has passed.
func (g *Game) tickLog() {
	now := time.Now()
	if now.Before(g.nextFPS) {
		return
	}
	g.nextFPS = now.Add(time.Second)
	if g.view.SetFrameRate(ebiten.ActualFPS()) {
		g.dirty = true
	}
	l := g.flog
	if l == nil {
		return
	}
	fmt.Fprintf(l.w, "%.1f s: %.1f frames per second (Ebiten), %d screen updates in the last second\n",
		now.Sub(l.start).Seconds(), ebiten.ActualFPS(), g.drawn-l.drawnSince)
	l.drawnSince = g.drawn
}
