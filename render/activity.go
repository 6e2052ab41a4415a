package render

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
)

// PeakOrder returns the units of act (act[t][u]: unit u at step t) sorted
// by the step at which each reaches its largest value, earliest first
// (ties by unit index), the usual ordering of sequence-cell raster plots.
// NaN values are skipped; a unit with no finite value goes last.
func PeakOrder(act [][]float64) []int {
	if len(act) == 0 {
		return nil
	}
	units := len(act[0])
	peak := make([]int, units)
	for u := range units {
		best, at := math.Inf(-1), math.MaxInt
		for t, row := range act {
			if v := row[u]; !math.IsNaN(v) && v > best {
				best, at = v, t
			}
		}
		peak[u] = at
	}
	order := make([]int, units)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return peak[a] - peak[b] })
	return order
}

// ActivityColour maps v in [−1, 1] to a diverging scale: blue (negative),
// white (zero), red (positive); values beyond ±1 are clamped and NaN is
// grey.
func ActivityColour(v float64) color.RGBA {
	if math.IsNaN(v) {
		return color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
	}
	stops := [...]color.RGBA{{0x21, 0x66, 0xac, 0xff}, {0x92, 0xc5, 0xde, 0xff}, {0xf7, 0xf7, 0xf7, 0xff}, {0xf4, 0xa5, 0x82, 0xff}, {0xb2, 0x18, 0x2b, 0xff}}
	return ramp(stops[:], (v+1)/2)
}

// DrawActivity fills dst with the heat map of act (act[t][u]: unit u at
// step t): time runs left to right, units top to bottom in the given
// order, each value v drawn as ActivityColour(v/scale) over a block of
// whole pixels (the map is as large as dst allows with equal blocks, at
// its top left). A column mark (dark outline) shows step mark when it is
// within act. It returns the rectangle the map covers.
func DrawActivity(dst *image.RGBA, act [][]float64, order []int, scale float64, mark int) (image.Rectangle, error) {
	if len(act) == 0 || len(order) == 0 {
		return image.Rectangle{}, fmt.Errorf("render: activity: %d steps and %d units, want at least one of each", len(act), len(order))
	}
	for _, u := range order {
		if u < 0 || u >= len(act[0]) {
			return image.Rectangle{}, fmt.Errorf("render: activity: unit %d of %d", u, len(act[0]))
		}
	}
	if scale <= 0 || math.IsNaN(scale) {
		scale = 1
	}
	b := dst.Bounds()
	bw, bh := b.Dx()/len(act), b.Dy()/len(order)
	if bw < 1 || bh < 1 {
		// More steps or units than pixels: sample them.
		return drawActivitySampled(dst, act, order, scale, mark), nil
	}
	for t, row := range act {
		for i, u := range order {
			r := image.Rect(b.Min.X+t*bw, b.Min.Y+i*bh, b.Min.X+(t+1)*bw, b.Min.Y+(i+1)*bh)
			FillRect(dst, r, ActivityColour(row[u]/scale))
		}
	}
	area := image.Rect(b.Min.X, b.Min.Y, b.Min.X+len(act)*bw, b.Min.Y+len(order)*bh)
	if mark >= 0 && mark < len(act) {
		Outline(dst, image.Rect(b.Min.X+mark*bw, area.Min.Y, b.Min.X+(mark+1)*bw, area.Max.Y), labelColour)
	}
	return area, nil
}

// drawActivitySampled draws one pixel per (step, unit) sample when the map
// has more steps or units than dst has pixels.
func drawActivitySampled(dst *image.RGBA, act [][]float64, order []int, scale float64, mark int) image.Rectangle {
	b := dst.Bounds()
	w, h := min(b.Dx(), len(act)), min(b.Dy(), len(order))
	for x := range w {
		t := x * len(act) / w
		for y := range h {
			dst.SetRGBA(b.Min.X+x, b.Min.Y+y, ActivityColour(act[t][order[y*len(order)/h]]/scale))
		}
	}
	if mark >= 0 && mark < len(act) {
		x := b.Min.X + mark*w/len(act)
		FillRect(dst, image.Rect(x, b.Min.Y, x+1, b.Min.Y+h), labelColour)
	}
	return image.Rect(b.Min.X, b.Min.Y, b.Min.X+w, b.Min.Y+h)
}

// FillRect sets every pixel of r ∩ dst to the opaque colour c, faster than
// draw.Draw for the many small blocks of heat maps.
func FillRect(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	r = r.Intersect(dst.Rect)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		i := dst.PixOffset(r.Min.X, y)
		for x := r.Min.X; x < r.Max.X; x++ {
			dst.Pix[i], dst.Pix[i+1], dst.Pix[i+2], dst.Pix[i+3] = c.R, c.G, c.B, c.A
			i += 4
		}
	}
}

// outline draws a one-pixel rectangle border.
func Outline(dst *image.RGBA, r image.Rectangle, c color.RGBA) {
	FillRect(dst, image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+1), c)
	FillRect(dst, image.Rect(r.Min.X, r.Max.Y-1, r.Max.X, r.Max.Y), c)
	FillRect(dst, image.Rect(r.Min.X, r.Min.Y, r.Min.X+1, r.Max.Y), c)
	FillRect(dst, image.Rect(r.Max.X-1, r.Min.Y, r.Max.X, r.Max.Y), c)
}
