package render

import (
	"image"
	"image/color"
	"image/draw"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Text metrics of the 7×13 bitmap font every picture's text uses.
const (
	CharWidth  = 7  // pixels per character
	LineHeight = 14 // pixels per line of text
)

// Text writes s in the 7×13 bitmap font with the top of its first line at
// y and its left edge at x; newlines start new lines.
func Text(dst draw.Image, x, y int, s string, c color.Color) {
	face := basicfont.Face7x13
	for i, line := range strings.Split(s, "\n") {
		d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y+i*LineHeight+face.Ascent)}
		d.DrawString(line)
	}
}

// Wrap breaks s at spaces into lines of at most width characters (a word
// longer than width gets a line of its own).
func Wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
