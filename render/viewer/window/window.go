// Package window is the Ebiten shell of the viewer: it turns keys and
// the mouse into viewer commands and shows the viewer's Canvas in a
// resizable window. It is the only package under render/ that imports
// Ebiten (with cmd/replaylab-view); everything it shows is drawn by
// package viewer in pure Go, so the pictures are tested headless and the
// window is tested under Xvfb (tests with the "display" build tag).
package window

import (
	"fmt"
	"image"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/replaylab/replaylab/render/viewer"
)

// keyMap maps keyboard keys to viewer commands.
var keyMap = map[ebiten.Key]viewer.Key{
	ebiten.KeySpace: viewer.KeyPause, ebiten.KeyArrowRight: viewer.KeyStepFwd, ebiten.KeyArrowLeft: viewer.KeyStepBack,
	ebiten.KeyArrowUp: viewer.KeyFaster, ebiten.KeyEqual: viewer.KeyFaster, ebiten.KeyNumpadAdd: viewer.KeyFaster,
	ebiten.KeyArrowDown: viewer.KeySlower, ebiten.KeyMinus: viewer.KeySlower, ebiten.KeyNumpadSubtract: viewer.KeySlower,
	ebiten.KeyHome: viewer.KeyHome, ebiten.KeyEnd: viewer.KeyEnd, ebiten.KeyN: viewer.KeyNextEpisode, ebiten.KeyP: viewer.KeyPrevEpisode,
	ebiten.KeyR: viewer.KeyReplay, ebiten.KeyTab: viewer.KeyPanels, ebiten.KeyH: viewer.KeyHelp, ebiten.KeyS: viewer.KeyScreenshot,
	ebiten.KeyG: viewer.KeyGIF,
}

// Game is the Ebiten shell around a viewer.View: it turns keys and the mouse into
// commands, polls the source, and shows the Canvas's picture. It draws
// nothing itself, so the window shows exactly what --screenshot saves.
type Game struct {
	view    *viewer.View
	canvas  viewer.Canvas
	source  viewer.Source
	saveDir string

	w, h     int
	tex      *ebiten.Image
	tiles    tiles
	drawn    int // frames that changed the screen
	dirty    bool
	fresh    bool // the screen was (re)made: draw even if nothing changed
	mouse    image.Point
	lastPoll time.Time
	err      error

	measure   *measure
	flog      *frameLog
	nextFPS   time.Time
	quitAfter int

	injectMu sync.Mutex
	injected []viewer.Key
	// AfterDraw, if set, is called at the end of every Draw with the
	// screen (tests read its pixels there).
	AfterDraw func(screen *ebiten.Image)
}

// NewGame shows v, polling source (nil for none) and saving screenshots
// and GIFs into saveDir.
func NewGame(v *viewer.View, source viewer.Source, saveDir string) *Game {
	return &Game{view: v, source: source, saveDir: saveDir, dirty: true}
}

// View returns the game's view.
func (g *Game) View() *viewer.View { return g.view }

// Err returns the error that ended the game, if any.
func (g *Game) Err() error { return g.err }

// Inject queues commands as if their keys were pressed; they are applied
// in the next Update (tests drive the window with it).
func (g *Game) Inject(keys ...viewer.Key) {
	g.injectMu.Lock()
	g.injected = append(g.injected, keys...)
	g.injectMu.Unlock()
}

// Update implements ebiten.Game.
func (g *Game) Update() error {
	if g.err != nil {
		return g.err
	}
	if g.tickMeasure() || (g.quitAfter > 0 && g.drawn >= g.quitAfter) {
		return ebiten.Termination
	}
	g.tickLog()
	g.injectMu.Lock()
	keys := g.injected
	g.injected = nil
	g.injectMu.Unlock()
	for k, cmd := range keyMap {
		if inpututil.IsKeyJustPressed(k) {
			keys = append(keys, cmd)
		}
	}
	for _, k := range keys {
		g.dirty = true
		switch g.view.Press(k) {
		case viewer.KeyScreenshot:
			g.screenshot()
		case viewer.KeyGIF:
			g.gif()
		}
	}
	if g.pollMouse() {
		g.dirty = true
	}
	if g.view.Tick(1 / float64(ebiten.TPS())) {
		g.dirty = true
	}
	if g.source != nil && time.Since(g.lastPoll) > PollEvery {
		g.lastPoll = time.Now()
		d, err := g.source.Poll()
		switch {
		case err != nil:
			g.view.Message("cannot reread the run: " + err.Error())
			g.dirty = true
		case d != nil:
			g.view.SetData(d)
			g.dirty = true
		}
	}
	return nil
}

// pollMouse handles hover and timeline clicks and drags.
func (g *Game) pollMouse() bool {
	x, y := ebiten.CursorPosition()
	p := image.Pt(x, y)
	moved := p != g.mouse
	g.mouse = p
	if ebiten.IsMouseButtonPressed(ebiten.MouseButtonLeft) {
		l := g.view.LayoutAt(g.w, g.h)
		if f, sleeps, ok := viewer.TimelineHit(l, p); ok {
			g.view.JumpFraction(f, sleeps)
			return true
		}
	}
	return moved
}

func (g *Game) screenshot() {
	img, err := g.canvas.Draw(g.view, g.w, g.h, g.mouse)
	if err == nil {
		var path string
		if path, err = g.view.SavePNG(g.saveDir, img); err == nil {
			g.view.Message("saved " + path)
			return
		}
	}
	g.view.Message(fmt.Sprintf("screenshot failed: %v", err))
}

func (g *Game) gif() {
	path, err := g.view.SaveGIF(g.saveDir)
	if err != nil {
		g.view.Message(fmt.Sprintf("GIF failed: %v", err))
		return
	}
	g.view.Message("saved " + path)
}

// Draw implements ebiten.Game: it redraws the picture when something
// changed and shows it.
func (g *Game) Draw(screen *ebiten.Image) {
	if g.w == 0 || g.h == 0 {
		return
	}
	if !g.dirty && g.tex != nil && !g.fresh {
		// Nothing changed and the screen keeps its pixels
		// (SetScreenClearedEveryFrame(false)): skip the GPU work.
		if g.AfterDraw != nil {
			g.AfterDraw(screen)
		}
		return
	}
	full := g.fresh
	g.fresh = false
	if g.dirty || g.tex == nil {
		img, err := g.canvas.Draw(g.view, g.w, g.h, g.mouse)
		if err != nil {
			g.err = err
			return
		}
		g.dirty = false
		if g.tex == nil || g.tex.Bounds().Dx() != g.w || g.tex.Bounds().Dy() != g.h {
			if g.tex != nil {
				g.tex.Deallocate()
			}
			g.tex = ebiten.NewImage(g.w, g.h)
			g.tiles = tiles{}
		}
		rects, all := g.tiles.changed(img)
		if all {
			g.tex.WritePixels(img.Pix)
			full = true
		} else if !full {
			// Only the tiles that changed: upload them and draw them over
			// the screen's previous picture.
			for _, r := range rects {
				g.tiles.upload(g.tex, img, r)
				var op ebiten.DrawImageOptions
				op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
				screen.DrawImage(g.tex.SubImage(r).(*ebiten.Image), &op)
			}
			if len(rects) > 0 {
				g.drawn++
			}
		} else {
			for _, r := range rects {
				g.tiles.upload(g.tex, img, r)
			}
		}
	}
	if full {
		screen.DrawImage(g.tex, nil)
		g.drawn++
	}
	if g.AfterDraw != nil {
		g.AfterDraw(screen)
	}
}

// Layout implements ebiten.Game: one picture pixel per screen pixel, so
// the maze keeps whole-pixel cells at any window size.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	if outsideWidth != g.w || outsideHeight != g.h {
		g.w, g.h = outsideWidth, outsideHeight
		g.dirty, g.fresh = true, true
	}
	return outsideWidth, outsideHeight
}

// PollEvery is how often the window asks its source for news.
const PollEvery = 500 * time.Millisecond

// Run opens the window (resizable, w×h to start) and runs the game until
// the window is closed.
func Run(g *Game, title string, w, h int) error {
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowSize(w, h)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(false)
	if err := ebiten.RunGame(g); err != nil {
		return err
	}
	return g.err
}
