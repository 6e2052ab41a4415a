package sweep

import (
	"regexp"
	"strconv"
	"strings"
)

// keyLines finds the line of each key of a sweep file, which the TOML
// decoder does not report. Keys are full dotted paths with quotes removed;
// the i-th [[zip]] table is "zip.i".
type keyLines struct {
	keys map[string]int
}

var (
	headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$`)
	assignRE = regexp.MustCompile(`^\s*((?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_\-]+|"[^"]*"|'[^']*'))*)\s*=`)
)

func newKeyLines(data []byte) *keyLines {
	kl := &keyLines{keys: map[string]int{}}
	table := ""
	arrays := map[string]int{} // [[name]] tables seen so far
	inMulti := ""
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if inMulti != "" {
			if strings.Contains(line, inMulti) {
				inMulti = ""
			}
			continue
		}
		if m := headerRE.FindStringSubmatch(line); m != nil {
			table = joinKey(m[2])
			if m[1] == "[[" {
				name := table
				table = name + "." + strconv.Itoa(arrays[name])
				arrays[name]++
			}
			kl.note(table, n)
			continue
		}
		if m := assignRE.FindStringSubmatch(line); m != nil {
			full := joinKey(m[1])
			if table != "" {
				full = table + "." + full
			}
			kl.note(full, n)
			rest := line[len(m[0]):]
			for _, d := range []string{`"""`, `'''`} {
				if strings.Count(rest, d) == 1 {
					inMulti = d
				}
			}
		}
	}
	return kl
}

func (kl *keyLines) note(key string, line int) {
	if _, ok := kl.keys[key]; !ok {
		kl.keys[key] = line
	}
}

// line returns the line of key, or of its nearest located parent, or 0.
func (kl *keyLines) line(key string) int {
	for key != "" {
		if n, ok := kl.keys[key]; ok {
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

// joinKey turns a TOML key as written (dotted, parts bare or quoted) into
// its parts joined by dots, quotes removed.
func joinKey(k string) string {
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
	parts = append(parts, k[start:])
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && (p[0] == '"' || p[0] == '\'') && p[len(p)-1] == p[0] {
			p = p[1 : len(p)-1]
		}
		parts[i] = p
	}
	return strings.Join(parts, ".")
}
