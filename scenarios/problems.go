package scenarios

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Problem is one thing wrong with a scenario: the file, the line (0 when
// unknown), the key (dotted, e.g. "cortex.mode"; "" for the whole file) and
// what was expected.
type Problem struct {
	File string
	Line int
	Key  string
	Msg  string
}

// String formats the problem as "file:line: key: message", on one line:
// control characters are escaped, a key longer than maxQuote characters
// is shortened, and so is a message longer than maxMessage.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(clip(p.File, maxQuote))
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
	}
	b.WriteString(": ")
	if p.Key != "" {
		b.WriteString(clip(p.Key, maxQuote))
		b.WriteString(": ")
	}
	b.WriteString(clip(p.Msg, maxMessage))
	return b.String()
}

// Limits on what a message repeats of the user's input.
const (
	maxQuote   = 80  // characters of a key, value or file name
	maxMessage = 600 // characters of a whole message
)

// clip escapes the control characters of s (a line break becomes \n) and
// shortens it to at most limit characters, marking the cut with "…".
func clip(s string, limit int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= limit {
			b.WriteString("…")
			break
		}
		switch {
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0x2028 || r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

// quote returns s in double quotes, Go-escaped and shortened to about
// maxQuote characters, for messages that repeat a user's value.
func quote(s string) string {
	r := []rune(s)
	if len(r) > maxQuote {
		return strconv.Quote(string(r[:maxQuote])) + "…"
	}
	return strconv.Quote(s)
}

// Error is every problem found in a scenario, so a user can fix the file in
// one pass. Load and Parse return it (as *Error) for anything wrong with
// the file itself.
type Error struct {
	Problems []Problem
}

// Error lists the problems one per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// lineIndex finds the line of a key in a TOML text, for keys the TOML
// parser does not locate (unknown keys, invalid values). It understands
// [table] headers, dotted keys and quoted keys; a key inside an inline
// table is located at its parent's line.
type lineIndex struct {
	keys map[string]int // full dotted key -> line (1-based), first seen
	raw  []string       // the file's lines
}

var (
	headerRE = regexp.MustCompile(`^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$`)
	assignRE = regexp.MustCompile(`^\s*([A-Za-z0-9_\-."' ]+?|"[^"]*"|'[^']*')\s*=`)
)

func newLineIndex(data []byte) *lineIndex {
	idx := &lineIndex{keys: map[string]int{}, raw: strings.Split(string(data), "\n")}
	table := ""
	inMulti := "" // the delimiter of an open multi-line string
	for i, line := range idx.raw {
		n := i + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if m := headerRE.FindStringSubmatch(line); m != nil {
			table = normKey(m[1])
			idx.note(table, n)
			continue
		}
		if m := assignRE.FindStringSubmatch(line); m != nil {
			full := normKey(m[1])
			if table != "" {
				full = table + "." + full
			}
			idx.note(full, n)
			rest := line[len(m[0]):]
			for _, d := range []string{`"""`, `'''`} {
				if strings.Count(rest, d) == 1 {
					inMulti = d
				}
			}
		}
	}
	return idx
}

func (idx *lineIndex) note(key string, line int) {
	if _, ok := idx.keys[key]; !ok {
		idx.keys[key] = line
	}
}

// line returns the line of key (dotted), or of its nearest located parent,
// or 0.
func (idx *lineIndex) line(key string) int {
	for key != "" {
		if n, ok := idx.keys[key]; ok {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			return 0
		}
		key = key[:i]
	}
	return 0
}

// normKey removes spaces around dots and the quotes of quoted key parts.
func normKey(k string) string {
	parts := splitDotted(k)
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') && p[len(p)-1] == p[0] {
			p = p[1 : len(p)-1]
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}

// splitDotted splits a dotted TOML key at dots outside quotes.
func splitDotted(k string) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '.':
			parts = append(parts, k[start:i])
			start = i + 1
		}
	}
	return append(parts, k[start:])
}
