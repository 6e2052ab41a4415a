package viewer

import (
	"image"
	"image/gif"
	"os"
	"path/filepath"
	"testing"

	"github.com/replaylab/replaylab/render"
)

// mazeMatchesFrame checks that the window's maze area is, pixel for pixel,
// render's Frame for the view's place with the viewer's marks on it.
func mazeMatchesFrame(t *testing.T, v *View, img *image.RGBA, w, h int) {
	t.Helper()
	l := v.LayoutAt(w, h)
	want, err := render.Frame(v.Data().Grid, v.FrameOptions(l.CellSize))
	if err != nil {
		t.Fatal(err)
	}
	at, _ := v.At()
	v.DrawMarks(want, at, l.CellSize)
	diff := 0
	for y := 0; y < want.Rect.Dy(); y++ {
		for x := 0; x < want.Rect.Dx(); x++ {
			if !image.Pt(l.Maze.Min.X+x, l.Maze.Min.Y+y).In(l.Area) {
				continue
			}
			if img.RGBAAt(l.Maze.Min.X+x, l.Maze.Min.Y+y) != want.RGBAAt(x, y) {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d maze pixels differ from render.Frame", diff)
	}
}

func TestCanvasDrawsRenderFrames(t *testing.T) {
	d, err := Open(smallRun(t))
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(d)
	var c Canvas
	for _, at := range []string{"0:0", "5:4", "0:0:2", "1:0:3"} {
		if err := v.Seek(at); err != nil {
			t.Fatal(err)
		}
		img, err := c.Draw(v, 900, 600, image.Pt(-1, -1))
		if err != nil {
			t.Fatal(err)
		}
		mazeMatchesFrame(t, v, img, 900, 600)
	}
}

func TestKeysChangeThePlace(t *testing.T) {
	d, _ := Open(smallRun(t))
	v := NewView(d)
	if v.Paused() {
		t.Fatal("a new view should play")
	}
	v.Press(KeyPause)
	if !v.Paused() || v.Tick(10) {
		t.Fatal("paused view moved on a tick")
	}
	v.Press(KeyStepFwd)
	if at, _ := v.At(); at.Episode != 0 || at.Step != 1 {
		t.Errorf("after → at %+v, want episode 0 step 1", at)
	}
	v.Press(KeyNextEpisode)
	if at, _ := v.At(); at.Replay || at.Episode != 1 || at.Step != 0 {
		t.Errorf("after N at %+v, want episode 1 step 0", at)
	}
	v.Press(KeyEnd)
	at, _ := v.At()
	last := d.Replays[len(d.Replays)-1]
	if !at.Replay || at.ReplayN != len(d.Replays)-1 || at.Step != last.end-last.start-1 {
		t.Errorf("End: at %+v, want the last replay's last step (tmaze-small sleeps after its last episode)", at)
	}
	v.Press(KeyHome)
	v.Press(KeyPause)
	v.Press(KeyFaster) // 20 steps per second
	if !v.Tick(0.5) {
		t.Fatal("playing view did not move")
	}
	if at, _ := v.At(); at.Episode != 0 || at.Step != 10 {
		t.Errorf("0.5 s at 20 steps/s from the start: at %+v, want episode 0 step 10", at)
	}
}

func TestTimelineOrder(t *testing.T) {
	d, _ := Open(smallRun(t))
	tl := newTimeline(d)
	if tl.Len() != len(d.Episodes)+len(d.Replays) {
		t.Fatalf("%d items, want %d episodes + %d replays", tl.Len(), len(d.Episodes), len(d.Replays))
	}
	lived := 0
	for _, it := range tl.items {
		if !it.replay {
			lived++
			continue
		}
		s := d.Sleeps[sleepRow(d, d.Replays[it.index].Sleep)]
		if lived != s.AfterEpisode || d.Replays[it.index].Episode >= lived {
			t.Fatalf("replay %d of sleep %d comes after %d episodes, sleep is after %d", it.index, s.Index, lived, s.AfterEpisode)
		}
	}
}

func TestScreenshotName(t *testing.T) {
	d, _ := Open(smallRun(t))
	v := NewView(d)
	v.Seek("4:3")
	if got := v.ScreenshotName(); got != "tmaze-small-episode4-step3.png" {
		t.Errorf("name %q", got)
	}
	v.Seek("1:0:0")
	if got := v.ScreenshotName(); got != "tmaze-small-sleep1-event0-forward-step0.png" {
		t.Errorf("name %q", got)
	}
}

// BenchmarkCanvasDraw measures one window picture while playing (the
// place moves every frame) for the run in $REPLAYLAB_BENCH_RUN (default:
// the small test run).
func BenchmarkCanvasDraw(b *testing.B) {
	dir := os.Getenv("REPLAYLAB_BENCH_RUN")
	if dir == "" {
		t := &testing.T{}
		dir = smallRun(t)
	}
	d, err := Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	v := NewView(d)
	var c Canvas
	b.ResetTimer()
	for range b.N {
		v.Press(KeyStepFwd)
		if _, err := c.Draw(v, 1280, 1000, image.Pt(-1, -1)); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSaveGIFAndPNG(t *testing.T) {
	d, _ := Open(smallRun(t))
	v := NewView(d)
	v.Seek("2:1")
	dir := t.TempDir()
	path, err := v.SaveGIF(dir)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(path) != "tmaze-small-episode2.gif" || len(g.Image) != d.Episodes[2].Steps+1 {
		t.Errorf("%s has %d frames, want tmaze-small-episode2.gif with %d", filepath.Base(path), len(g.Image), d.Episodes[2].Steps+1)
	}
	var c Canvas
	img, _ := c.Draw(v, 640, 480, image.Pt(-1, -1))
	p, err := v.SavePNG(dir, img)
	if err != nil || filepath.Base(p) != "tmaze-small-episode2-step1.png" {
		t.Errorf("SavePNG: %s, %v", p, err)
	}
}

// Clicking the timeline: the episode strip jumps to the episode under the
// mouse, the sleep strip to the nearest sleep's first replay.
func TestTimelineClicks(t *testing.T) {
	d, _ := Open(smallRun(t))
	v := NewView(d)
	l := v.LayoutAt(900, 600)
	x := l.Episodes.Min.X + l.Episodes.Dx()*12/20 + 2 // inside episode 12's tick
	f, sleeps, ok := TimelineHit(l, image.Pt(x, l.Episodes.Min.Y+2))
	if !ok || sleeps {
		t.Fatalf("click on the episode strip: ok %v, sleeps %v", ok, sleeps)
	}
	v.JumpFraction(f, sleeps)
	if at, _ := v.At(); at.Replay || at.Episode != 12 || at.Step != 0 {
		t.Errorf("episode strip click: at %+v, want episode 12", at)
	}
	f, sleeps, ok = TimelineHit(l, image.Pt(x, l.Sleeps.Min.Y+2))
	if !ok || !sleeps {
		t.Fatalf("click on the sleep strip: ok %v, sleeps %v", ok, sleeps)
	}
	v.JumpFraction(f, sleeps)
	if at, _ := v.At(); !at.Replay || at.Sleep != 1 || at.Event != 0 || at.Reverse {
		t.Errorf("sleep strip click near episode 12: at %+v, want sleep 1 (after episode 10, the nearest; sleeps every 5) first replay", at)
	}
	if _, _, ok := TimelineHit(l, image.Pt(x, l.Episodes.Min.Y-40)); ok {
		t.Error("a click above the timeline hit it")
	}
}
