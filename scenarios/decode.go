package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// MaxFileSize is the largest scenario file Load and Parse accept. Real
// scenarios are a few kilobytes; the limit refuses a wrong file early.
const MaxFileSize = 1 << 20

// Load reads the scenario file at path, or the built-in scenario of that
// name (e.g. "tmaze-cued" or "tmaze-cued.toml") when no such file exists,
// then applies the --set overrides sets (each "section.key=value") and
// returns it decoded, defaulted, resolved and validated. Problems with the
// file come back together as *Error.
func Load(path string, sets []string) (*Scenario, error) {
	data, err := readScenarioFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		if data, berr := Builtin(path); berr == nil {
			return Parse(builtinFile(path), data, sets)
		}
		return nil, fmt.Errorf("%s: no such file, and no built-in scenario of that name (built-ins: %s)",
			clip(path, maxQuote), strings.Join(Builtins(), ", "))
	}
	if err != nil {
		var se *Error
		if errors.As(err, &se) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", clip(path, maxQuote), unwrapPath(err))
	}
	return Parse(path, data, sets)
}

// unwrapPath drops the path an *fs.PathError repeats (it is already named).
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

func tooBig(name string, size int64) error {
	return &Error{Problems: []Problem{{File: name, Msg: fmt.Sprintf(
		"file is %.1f MB; a scenario file must be at most %d KiB (is this the right file?)", float64(size)/1e6, MaxFileSize>>10)}}}
}

// Parse decodes the scenario data read from the file called name (used in
// messages), applies the --set overrides and returns the scenario decoded,
// defaulted, resolved and validated. Decoding is strict: unknown keys,
// wrong types, a missing or future schema_version are errors. Every
// problem found is returned at once as *Error, each naming the file, the
// line where known, and the key.
func Parse(name string, data []byte, sets []string) (*Scenario, error) {
	if p, ok := checkText(name, data); !ok {
		return nil, &Error{Problems: []Problem{p}}
	}
	if p, ok := prescan(name, data); !ok {
		return nil, &Error{Problems: []Problem{p}}
	}
	s := Default()
	s.SchemaVersion = 0
	s.Source = name
	lines := newLineIndex(data)
	var doc map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		return nil, &Error{Problems: []Problem{tomlProblem(name, err, lines)}}
	}
	if probs := typeProblems(doc, lines, name); len(probs) > 0 {
		return nil, &Error{Problems: probs}
	}
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&s)
	if err != nil {
		return nil, &Error{Problems: []Problem{tomlProblem(name, err, lines)}}
	}
	var probs []Problem
	undecoded := md.Undecoded()
	seen := map[string]bool{}
	for _, k := range undecoded {
		seen[dotted(k)] = true
	}
	for _, k := range undecoded {
		if k.String() != "" && len(k) > 1 && seen[strings.Join(k[:len(k)-1], ".")] {
			continue // reported with its unknown parent
		}
		probs = append(probs, unknownKey(name, lines.line(dotted(k)), k))
	}
	setKeys := map[string]bool{}
	for _, set := range sets {
		key, p, ok := applySet(&s, set)
		if !ok {
			probs = append(probs, p)
			continue
		}
		setKeys[key] = true
	}
	// Unknown keys do not stop validation: the user sees every problem.
	v := validator{file: name, lines: lines, set: setKeys, probs: probs}
	if !md.IsDefined("schema_version") && !setKeys["schema_version"] {
		v.add("schema_version", "missing: a scenario file starts with schema_version = %d", SchemaVersion)
	} else if s.SchemaVersion > SchemaVersion {
		v.add("schema_version", "version %d is from the future: this replaylab reads schema version %d (upgrade replaylab)", s.SchemaVersion, SchemaVersion)
	} else if s.SchemaVersion < 1 {
		v.add("schema_version", "must be %d, got %d", SchemaVersion, s.SchemaVersion)
	} else {
		v.validate(&s)
	}
	if len(v.probs) > 0 {
		return nil, &Error{Problems: v.probs}
	}
	return &s, nil
}

// checkText refuses what cannot be a scenario file before the TOML parser
// sees it: too big, empty, binary (NUL bytes) or not UTF-8.
func checkText(name string, data []byte) (Problem, bool) {
	if len(data) > MaxFileSize {
		return tooBig(name, int64(len(data))).(*Error).Problems[0], false
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Problem{File: name, Msg: fmt.Sprintf("file is empty: a scenario starts with schema_version = %d", SchemaVersion)}, false
	}
	line := func(off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return Problem{File: name, Line: line(i), Msg: fmt.Sprintf(
			"NUL byte at byte offset %d: this is a binary file, not a TOML scenario", i)}, false
	}
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return Problem{File: name, Line: line(off), Msg: fmt.Sprintf(
			"invalid UTF-8 at byte offset %d: a scenario must be UTF-8 text", off)}, false
	}
	return Problem{}, true
}

// typeErrRE matches the decoder's type errors, which are not ParseErrors.
var typeErrRE = regexp.MustCompile(`^toml: (?:line (\d+) )?\(last key "((?:[^"\\]|\\.)*)"\): (.*)$`)

// tomlProblem turns a TOML syntax or type error into a Problem.
func tomlProblem(name string, err error, lines *lineIndex) Problem {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return Problem{File: name, Line: pe.Position.Line, Key: pe.LastKey, Msg: "not valid TOML: " + strings.TrimPrefix(pe.Message, "toml: ")}
	}
	if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		key := strings.ReplaceAll(m[2], `\"`, `"`)
		if line == 0 {
			line = lines.line(normKey(key))
		}
		return Problem{File: name, Line: line, Key: normKey(key), Msg: "wrong type: " + m[3]}
	}
	return Problem{File: name, Msg: "not valid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
}

// dotted joins a key's parts with dots, unquoted.
func dotted(k toml.Key) string { return strings.Join(k, ".") }

// sectionKeys lists the keys each section accepts, for messages.
var sectionKeys = map[string][]string{}

func init() {
	for sec, v := range map[string]any{
		"": Scenario{}, "maze": MazeSection{}, "task": TaskSection{}, "agent": AgentSection{}, "cortex": CortexSection{},
		"hippocampus": HippocampusSection{}, "sleep": SleepSection{}, "awake": AwakeSection{}, "run": RunSection{}, "maze.legend.*": LegendEntry{},
	} {
		sectionKeys[sec] = tomlNames(v)
	}
}

func unknownKey(file string, line int, k toml.Key) Problem {
	parent := strings.Join(k[:len(k)-1], ".")
	if len(k) == 4 && k[0] == "maze" && k[1] == "legend" {
		parent = "maze.legend.*"
	}
	want, ok := sectionKeys[parent]
	if !ok {
		return Problem{File: file, Line: line, Key: dotted(k), Msg: "unknown key"}
	}
	what := "key"
	if parent == "" {
		what = "key or section"
		want = slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == "-" })
	}
	in := "at the top level"
	if parent != "" {
		in = "in [" + parent + "]"
		if parent == "maze.legend.*" {
			in = "in a legend entry"
		}
	}
	return Problem{File: file, Line: line, Key: dotted(k), Msg: fmt.Sprintf("unknown %s %s (want one of: %s)", what, in, strings.Join(want, ", "))}
}
