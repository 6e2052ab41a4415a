package render

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"image/png"
	"io"
)

// WritePNG encodes img as PNG with the default compression, which is
// deterministic: the same pixels give the same bytes.
func WritePNG(w io.Writer, img image.Image) error {
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("render: png: %w", err)
	}
	return nil
}

// GIFPalette is the fixed palette of animated GIFs: the render palette
// first, so that maze, trail and replay colours are exact, then the 216
// web-safe colours for the blended pixels (translucent paths over cells),
// 231 colours in all.
func GIFPalette() color.Palette {
	p := Palette()
	return append(p, palette.WebSafe...)
}

// WriteGIF encodes frames as an animated GIF that loops forever, each
// frame shown for delay hundredths of a second. Pixels are mapped to the
// nearest colour of GIFPalette without dithering, so the bytes depend on
// the frames only.
func WriteGIF(w io.Writer, frames []*image.RGBA, delay int) error {
	if len(frames) == 0 {
		return errors.New("render: gif: no frames")
	}
	if delay < 0 {
		return fmt.Errorf("render: gif: delay %d, want ≥ 0 hundredths of a second", delay)
	}
	pal := GIFPalette()
	anim := &gif.GIF{LoopCount: 0}
	b0 := frames[0].Bounds()
	for i, f := range frames {
		if f.Bounds() != b0 {
			return fmt.Errorf("render: gif: frame %d is %v, frame 0 is %v", i, f.Bounds(), b0)
		}
		pm := image.NewPaletted(f.Bounds(), pal)
		draw.Draw(pm, pm.Rect, f, f.Rect.Min, draw.Src)
		anim.Image = append(anim.Image, pm)
		anim.Delay = append(anim.Delay, delay)
	}
	if err := gif.EncodeAll(w, anim); err != nil {
		return fmt.Errorf("render: gif: %w", err)
	}
	return nil
}
