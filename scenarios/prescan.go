package scenarios

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// Limits checked before the TOML library sees a text: its parser needs
// time and memory that grow faster than linearly with the parts of a
// dotted key (a 50 000-part table header took 19 s and 2.6 GB).
const (
	maxKeyParts = 16  // parts of a dotted key or table header
	maxKeyLen   = 128 // characters of one key part
	maxNesting  = 16  // arrays and inline tables inside each other
)

// prescan checks a TOML text for what the TOML library handles badly: a
// dotted key or table header of more than maxKeyParts parts, a key part
// longer than maxKeyLen characters, and arrays or inline tables nested
// deeper than maxNesting. It returns the first such problem (the text is
// not parsed further) with its line, and false. It follows TOML's lexical
// rules only as far as needed: strings (basic, literal, multi-line) and
// comments are skipped, keys are what comes before "=" on a line, in a
// table header, or after "{" or "," inside an inline table.
func prescan(name string, data []byte) (Problem, bool) {
	line := 1
	inKey := true          // at a position where a key (or header) is read
	header := false        // inside a [table] header
	var stack []byte       // open '[' and '{' of values
	parts, partLen := 1, 0 // of the key being read
	problem := func(format string, args ...any) (Problem, bool) {
		return Problem{File: name, Line: line, Msg: fmt.Sprintf(format, args...)}, false
	}
	keyChar := func() (Problem, bool) {
		if partLen++; inKey && partLen > maxKeyLen {
			return problem("a key is longer than %d characters", maxKeyLen)
		}
		return Problem{}, true
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '#':
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case c == '"' || c == '\'':
			end, lines, ok := skipString(data, i)
			if !ok {
				return Problem{}, true // unterminated: the TOML parser says so with its line
			}
			if inKey {
				partLen += end - i - 2
				if partLen > maxKeyLen {
					return problem("a key is longer than %d characters", maxKeyLen)
				}
			}
			line += lines
			i = end - 1
		case c == '\n':
			line++
			if len(stack) == 0 {
				inKey, header, parts, partLen = true, false, 1, 0
			}
		case c == '.' && inKey:
			if parts++; parts > maxKeyParts {
				what := "a dotted key"
				if header {
					what = "a table header"
				}
				return problem("%s has more than %d parts", what, maxKeyParts)
			}
			partLen = 0
		case c == '=' && inKey && !header:
			inKey = false
		case c == '[' && inKey && len(stack) == 0:
			header = true // [table] or [[array of tables]]
		case c == ']' && header:
			inKey = false
		case c == '[' || c == '{':
			if stack = append(stack, c); len(stack) > maxNesting {
				return problem("arrays and inline tables are nested more than %d deep", maxNesting)
			}
			if c == '{' {
				inKey, parts, partLen = true, 1, 0
			}
		case c == ']' || c == '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case c == ',' && len(stack) > 0 && stack[len(stack)-1] == '{':
			inKey, parts, partLen = true, 1, 0
		case c == ' ' || c == '\t' || c == '\r':
		default:
			if p, ok := keyChar(); !ok {
				return p, false
			}
		}
	}
	return Problem{}, true
}

// skipString returns the index just after the string starting at data[i]
// (basic or literal, single- or multi-line), the line breaks inside it,
// and false when it is not terminated.
func skipString(data []byte, i int) (end, lines int, ok bool) {
	q := data[i]
	multi := i+2 < len(data) && data[i+1] == q && data[i+2] == q
	j := i + 1
	if multi {
		j = i + 3
	}
	for j < len(data) {
		c := data[j]
		switch {
		case c == '\\' && q == '"':
			if j+1 < len(data) && data[j+1] == '\n' {
				lines++
			}
			j += 2
			continue
		case c == '\n':
			if !multi {
				return 0, 0, false
			}
			lines++
		case c == q:
			if !multi {
				return j + 1, lines, true
			}
			if j+2 < len(data) && data[j+1] == q && data[j+2] == q {
				k := j + 3
				for k < len(data) && data[k] == q && k < j+5 { // up to two quotes may end the content
					k++
				}
				return k, lines, true
			}
		}
		j++
	}
	return 0, 0, false
}

// readScenarioFile reads a scenario file: only a regular file (a FIFO,
// socket, device or directory is refused before it is opened, so nothing
// blocks), at most MaxFileSize bytes.
func readScenarioFile(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, &Error{Problems: []Problem{{File: path, Msg: fmt.Sprintf(
			"is %s, not a regular file: a scenario is a TOML text file", fileKind(st.Mode()))}}}
	}
	if st.Size() > MaxFileSize {
		return nil, tooBig(path, st.Size())
	}
	// O_NONBLOCK: should the path be swapped for a FIFO after the check,
	// opening it still does not wait for a writer.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, &Error{Problems: []Problem{{File: path, Msg: "changed into something other than a regular file while being opened"}}}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", clip(path, maxQuote), err)
	}
	return data, nil
}

// fileKind names a non-regular file's type.
func fileKind(m os.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&os.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a block device"
	}
	return "not a regular file (" + m.Type().String() + ")"
}
