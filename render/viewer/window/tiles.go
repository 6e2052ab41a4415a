package window

import (
	"bytes"
	"image"

	"github.com/hajimehoshi/ebiten/v2"
)

// Tiles of the picture compared from one frame to the next: only tiles
// that changed are uploaded to the texture and drawn on the screen (the
// screen keeps its pixels between frames), so a step of playback sends a
// few small rectangles (around the agent, the side panel's lines, the
// timeline's cursor) instead of the whole picture.
const tileW, tileH = 128, 32

// tiles keeps the picture last sent to the screen.
type tiles struct {
	prev  *image.RGBA
	buf   []byte
	rects []image.Rectangle
}

// changed returns the rectangles (runs of neighbouring changed tiles in a
// band) where img differs from the picture last sent, and remembers img.
// all is true when img is the first picture or has a new size.
func (t *tiles) changed(img *image.RGBA) (rects []image.Rectangle, all bool) {
	if t.prev == nil || t.prev.Rect != img.Rect {
		t.prev = image.NewRGBA(img.Rect)
		copy(t.prev.Pix, img.Pix)
		return nil, true
	}
	t.rects = t.rects[:0]
	b := img.Rect
	for y0 := b.Min.Y; y0 < b.Max.Y; y0 += tileH {
		y1 := min(y0+tileH, b.Max.Y)
		run := image.Rectangle{}
		for x0 := b.Min.X; x0 < b.Max.X; x0 += tileW {
			r := image.Rect(x0, y0, min(x0+tileW, b.Max.X), y1)
			if !t.differs(img, r) {
				if !run.Empty() {
					t.rects = append(t.rects, run)
					run = image.Rectangle{}
				}
				continue
			}
			run = run.Union(r)
		}
		if !run.Empty() {
			t.rects = append(t.rects, run)
		}
	}
	for _, r := range t.rects {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			i, j := img.PixOffset(r.Min.X, y), img.PixOffset(r.Max.X, y)
			copy(t.prev.Pix[i:j], img.Pix[i:j])
		}
	}
	return t.rects, false
}

// differs reports whether img and the last picture differ inside r.
func (t *tiles) differs(img *image.RGBA, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i, j := img.PixOffset(r.Min.X, y), img.PixOffset(r.Max.X, y)
		if !bytes.Equal(img.Pix[i:j], t.prev.Pix[i:j]) {
			return true
		}
	}
	return false
}

// upload writes img's pixels inside r into tex (whose bounds are img's).
func (t *tiles) upload(tex *ebiten.Image, img *image.RGBA, r image.Rectangle) {
	n := 4 * r.Dx() * r.Dy()
	if cap(t.buf) < n {
		t.buf = make([]byte, n)
	}
	buf := t.buf[:n]
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := img.PixOffset(r.Min.X, y)
		copy(buf[4*r.Dx()*(y-r.Min.Y):], img.Pix[i:i+4*r.Dx()])
	}
	tex.SubImage(r).(*ebiten.Image).WritePixels(buf)
}
