//go:build display

package window

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/render/viewer"
	"github.com/replaylab/replaylab/scenarios"
)

// host is the one ebiten.Game of the test binary (RunGame runs once, on
// the main thread): it runs the Game a test installs, and the test's
// requests in Update, so tests never touch the game from their goroutine.
type host struct {
	mu    sync.Mutex
	game  *Game
	calls chan func()
	quit  chan struct{}
}

var theHost = &host{calls: make(chan func()), quit: make(chan struct{})}

func (h *host) current() *Game {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.game
}

func (h *host) Update() error {
	select {
	case <-h.quit:
		return ebiten.Termination
	case f := <-h.calls:
		f()
	default:
	}
	if g := h.current(); g != nil {
		return g.Update()
	}
	return nil
}

func (h *host) Draw(screen *ebiten.Image) {
	if g := h.current(); g != nil {
		g.Draw(screen)
	}
}

func (h *host) Layout(w, hh int) (int, int) {
	if g := h.current(); g != nil {
		return g.Layout(w, hh)
	}
	return w, hh
}

// do runs f on the main thread in the next Update and waits for it.
func (h *host) do(f func()) {
	done := make(chan struct{})
	h.calls <- func() { f(); close(done) }
	<-done
}

func TestMain(m *testing.M) {
	code := make(chan int, 1)
	go func() {
		code <- m.Run()
		close(theHost.quit)
	}()
	ebiten.SetWindowSize(900, 600)
	ebiten.SetWindowTitle("replaylab-view test")
	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(theHost); err != nil {
		panic(err)
	}
	os.Exit(<-code)
}

// shot is the window's pixels read back in Draw, with the place shown.
type shot struct {
	pix  *image.RGBA
	at   viewer.At
	opts render.Options
	l    viewer.Layout
}

// capture installs g and returns the next frame drawn after the view
// settled (two draws, so that a command injected before is applied).
func capture(t *testing.T, g *Game) shot {
	t.Helper()
	frames := make(chan shot, 1)
	n := 0
	theHost.do(func() {
		g.AfterDraw = func(screen *ebiten.Image) {
			n++
			if n < 3 {
				return
			}
			b := screen.Bounds()
			img := image.NewRGBA(b)
			screen.ReadPixels(img.Pix)
			at, _ := g.View().At()
			l := g.View().LayoutAt(b.Dx(), b.Dy())
			g.AfterDraw = nil
			frames <- shot{pix: img, at: at, opts: g.View().FrameOptions(l.CellSize), l: l}
		}
		theHost.mu.Lock()
		theHost.game = g
		theHost.mu.Unlock()
	})
	select {
	case s := <-frames:
		return s
	case <-time.After(20 * time.Second):
		t.Fatal("no frame drawn within 20 s")
	}
	return shot{}
}

func smallRun(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	sc, err := scenarios.Load("tmaze-small", []string{"run.sessions=4"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Run(context.Background(), sc, scenarios.Options{Out: dir, Name: "tmaze-small"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkMaze compares the window's maze with render.Frame for the same
// place, and three pixels by name: a wall, the agent, the replay path.
func checkMaze(t *testing.T, view *viewer.View, s shot) {
	d := view.Data()
	t.Helper()
	want, err := render.Frame(d.Grid, s.opts)
	if err != nil {
		t.Fatal(err)
	}
	view.DrawMarks(want, s.at, s.l.CellSize)
	diff := 0
	for y := 0; y < want.Rect.Dy(); y++ {
		for x := 0; x < want.Rect.Dx(); x++ {
			if !image.Pt(s.l.Maze.Min.X+x, s.l.Maze.Min.Y+y).In(s.l.Area) {
				continue
			}
			if s.pix.RGBAAt(s.l.Maze.Min.X+x, s.l.Maze.Min.Y+y) != want.RGBAAt(x, y) {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Errorf("at %+v: %d of %d maze pixels in the window differ from render.Frame", s.at, diff, want.Rect.Dx()*want.Rect.Dy())
	}
	cs := s.l.CellSize
	centre := func(c render.Cell) (int, int) {
		return s.l.Maze.Min.X + c.Col*cs + cs/2, s.l.Maze.Min.Y + c.Row*cs + cs/2
	}
	// Cell (0, 0) is a wall in tmaze-small.
	if got := s.pix.RGBAAt(s.l.Maze.Min.X+cs/2, s.l.Maze.Min.Y+cs/2); got != render.CellColour(render.Wall) {
		t.Errorf("wall pixel %v, want %v", got, render.CellColour(render.Wall))
	}
	if s.opts.Agent != nil {
		x, y := centre(*s.opts.Agent)
		if got := s.pix.RGBAAt(x, y); got.R > 0x20 || got.G > 0x20 || got.B > 0x20 {
			t.Errorf("agent centre pixel at %v is %v, want the agent's near-black", *s.opts.Agent, got)
		}
	}
	if n := len(s.opts.Replay); n > 1 {
		// The last replayed cell's centre carries the path's full colour.
		x, y := centre(s.opts.Replay[n-1])
		if got, want := s.pix.RGBAAt(x, y), render.ReplayColour(s.opts.ReplayReverse); got != want {
			t.Errorf("replay end pixel %v, want %v", got, want)
		}
	}
}

func TestWindowShowsRenderFramesAndObeysKeys(t *testing.T) {
	dir := smallRun(t)
	d, err := viewer.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := viewer.NewView(d)
	v.SetPaused(true)
	if err := v.Seek("2:3"); err != nil {
		t.Fatal(err)
	}
	g := NewGame(v, nil, t.TempDir())

	s := capture(t, g)
	if s.at.Replay || s.at.Episode != 2 || s.at.Step != 3 {
		t.Fatalf("window at %+v, want episode 2 step 3", s.at)
	}
	checkMaze(t, v, s)

	g.Inject(viewer.KeyStepFwd)
	s2 := capture(t, g)
	if s2.at.Episode != 2 || s2.at.Step != 4 {
		t.Errorf("after → window at %+v, want episode 2 step 4", s2.at)
	}
	if *s2.opts.Agent == *s.opts.Agent {
		t.Errorf("the agent did not move: %v", *s2.opts.Agent)
	}
	checkMaze(t, v, s2)

	g.Inject(viewer.KeyNextEpisode)
	s3 := capture(t, g)
	if s3.at.Replay || s3.at.Episode != 3 || s3.at.Step != 0 {
		t.Errorf("after N window at %+v, want episode 3 step 0", s3.at)
	}
	checkMaze(t, v, s3)

	// Paused: the view stays where it is over many frames.
	s4 := capture(t, g)
	if s4.at != s3.at {
		t.Errorf("paused window moved from %+v to %+v", s3.at, s4.at)
	}
	// Space plays: at 10 steps/s it moves within half a second.
	g.Inject(viewer.KeyPause)
	time.Sleep(500 * time.Millisecond)
	s5 := capture(t, g)
	if s5.at == s4.at {
		t.Errorf("after space the window stayed at %+v", s5.at)
	}
	g.Inject(viewer.KeyPause)

	// A replay: the path's colour, over the lived path.
	theHost.do(func() { v.Seek("1:0:3") })
	s6 := capture(t, g)
	if !s6.at.Replay || s6.at.Reverse {
		t.Fatalf("window at %+v, want sleep 1's first forward replay", s6.at)
	}
	checkMaze(t, v, s6)
}
