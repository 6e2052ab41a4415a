package env

import (
	"fmt"
	"strings"
)

// Problem is one thing wrong with a maze or a task: where (layout row and
// column, -1 when it concerns no cell), which task parameter it concerns
// (Key, e.g. "cue_length", or "" for the layout), and what was expected.
type Problem struct {
	Row, Col int
	Key      string
	Msg      string
}

// Problems is every problem found at once; it is the error ParseMaze and New
// return, so that a user fixes a file in one pass.
type Problems []Problem

// Error lists the problems one per line.
func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.Key != "" {
			fmt.Fprintf(&b, "%s: ", p.Key)
		}
		b.WriteString(p.Msg)
	}
	return b.String()
}
