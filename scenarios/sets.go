package scenarios

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
)

var setKeyRE = regexp.MustCompile(`^([A-Za-z0-9_\-]+|"[^"\\\n]*"|'[^'\n]*')(\.([A-Za-z0-9_\-]+|"[^"\\\n]*"|'[^'\n]*'))*$`)

// applySet applies one --set override "section.key=value" to s. The value
// is read as a TOML value (1, 2.5, true, "text", [..], {..}); if it is not
// one it is taken as a plain string, so --set task.kind=goal works without
// quotes. A map entry (a legend character) is replaced as a whole. It
// returns the dotted key set, or the problem.
func applySet(s *Scenario, set string) (string, Problem, bool) {
	file := "--set " + set
	key, value, ok := strings.Cut(set, "=")
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	if !ok {
		return "", Problem{File: file, Msg: "want section.key=value, e.g. --set cortex.n=32"}, false
	}
	for _, part := range splitDotted(key) {
		if len(part) > maxKeyLen+2 {
			return "", Problem{File: file, Msg: fmt.Sprintf("a key is longer than %d characters", maxKeyLen)}, false
		}
	}
	if parts := splitDotted(key); len(parts) > maxKeyParts {
		return "", Problem{File: file, Msg: fmt.Sprintf("the key has more than %d parts", maxKeyParts)}, false
	}
	if !setKeyRE.MatchString(key) {
		return "", Problem{File: file, Msg: "want section.key=value, e.g. --set cortex.n=32"}, false
	}
	snippet := key + " = " + value
	var probe map[string]any
	if p, ok := prescan(file, []byte(snippet)); !ok {
		p.Line = 0
		return "", p, false
	}
	if _, err := toml.Decode(snippet, &probe); err != nil || value == "" {
		snippet = key + " = " + tomlQuote(value)
		probe = nil
		if _, err := toml.Decode(snippet, &probe); err != nil {
			p := tomlProblem(file, err, &lineIndex{})
			p.Line, p.Key = 0, normKey(key)
			return "", p, false
		}
	}
	if probs := typeProblems(probe, &lineIndex{}, file); len(probs) > 0 {
		probs[0].Line = 0
		return "", probs[0], false
	}
	md, err := toml.Decode(snippet, s)
	if err != nil {
		p := tomlProblem(file, err, &lineIndex{})
		p.Line, p.Key = 0, normKey(key)
		return "", p, false
	}
	if und := md.Undecoded(); len(und) > 0 {
		p := unknownKey(file, 0, und[0])
		return "", p, false
	}
	return normKey(key), Problem{}, true
}

// tomlQuote returns s as a TOML basic string.
func tomlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlNames returns the toml names of a struct's fields, in order.
func tomlNames(v any) []string {
	t := reflect.TypeOf(v)
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			names = append(names, name)
		}
	}
	return names
}
