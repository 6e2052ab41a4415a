package render

import (
	"bytes"
	"image"
	"image/gif"
	"testing"
)

// replayAnimation draws a reverse replay growing step by step.
func replayAnimation(t *testing.T) []*image.RGBA {
	t.Helper()
	path := reversed(stemToLeft)
	var frames []*image.RGBA
	for i := 1; i <= len(path); i++ {
		f, err := Frame(tmaze(), Options{CellSize: 12, Replay: path[:i], ReplayReverse: true})
		if err != nil {
			t.Fatal(err)
		}
		frames = append(frames, f)
	}
	return frames
}

func TestWriteGIF(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteGIF(&a, replayAnimation(t), 20); err != nil {
		t.Fatal(err)
	}
	WriteGIF(&b, replayAnimation(t), 20)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two encodings of the same frames differ")
	}
	g, err := gif.DecodeAll(bytes.NewReader(a.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != len(stemToLeft) || g.Delay[0] != 20 || g.LoopCount != 0 {
		t.Errorf("gif: %d frames, delay %d, loop %d; want %d, 20, 0", len(g.Image), g.Delay[0], g.LoopCount, len(stemToLeft))
	}
	// Colours of the render palette come through exactly (no dithering).
	frames := replayAnimation(t)
	last := frames[len(frames)-1]
	for _, p := range []image.Point{{0, 0}, {60, 18}, {42, 66}} {
		want := last.At(p.X, p.Y)
		wr, wg, wb, _ := want.RGBA()
		gr, gg, gb, _ := g.Image[len(g.Image)-1].At(p.X, p.Y).RGBA()
		if wr != gr || wg != gg || wb != gb {
			t.Errorf("gif pixel %v = %v, frame has %v", p, g.Image[len(g.Image)-1].At(p.X, p.Y), want)
		}
	}
}
