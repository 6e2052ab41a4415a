package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/replaylab/replaylab/scenarios"
)

// SchemaVersion is the version of the sweep file format this package reads.
const SchemaVersion = 1

// MaxRuns is the largest number of runs (points × seeds) a sweep may have.
const MaxRuns = 100_000

// maxFileSize refuses a wrong file early; real sweep files are a few lines.
const maxFileSize = 1 << 20

// Value is one setting of a scenario key.
type Value struct {
	Key     string // dotted scenario key, e.g. "sleep.budget"
	Literal string // the value as a TOML literal, e.g. `"off"` or `2000`
	Text    string // the value for tables: strings without quotes
	Line    int    // line in the sweep file (0 when unknown)
	where   string // the key as the sweep file places it, e.g. "grid.sleep.budget"
}

// Set returns the value as a --set override, "key=literal".
func (v Value) Set() string { return v.Key + "=" + v.Literal }

// Axis is one dimension of a sweep: a grid key, or a zip group whose keys
// take their i-th values together.
type Axis struct {
	Keys   []string
	Values [][]Value // Values[i] holds the i-th position: one value per key
}

// Sweep is a decoded and checked sweep file.
type Sweep struct {
	File         string // the sweep file, for messages
	Description  string
	Name         string // scenario name written into each run's manifest
	Scenario     string // the scenario as the file names it
	ScenarioFile string // the scenario file's name in messages
	ScenarioData []byte // the base scenario's text
	Seeds        int    // seeds per point
	BaseSeed     uint64
	Fixed        []Value // overrides applied to every run
	Axes         []Axis
}

var topKeys = []string{"schema_version", "description", "scenario", "name", "seeds", "base_seed", "set", "grid", "zip"}

var scenarioKeyRE = regexp.MustCompile(`^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)+$`)

// Load reads and checks the sweep file at path (see the package doc for
// the format). A scenario path in it is relative to the sweep file's
// folder. Every problem comes back at once as *scenarios.Error, each as
// "file:line: key: message".
func Load(path string) (*Sweep, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	return Parse(path, data, filepath.Dir(path))
}

// Parse decodes and checks the sweep data read from the file called name;
// dir is the folder a scenario path is relative to. Besides the file's own
// form it checks every value and every point against the base scenario, so
// that nothing bad is found after runs have started.
func Parse(name string, data []byte, dir string) (*Sweep, error) {
	s, probs := decode(name, data)
	if len(probs) == 0 {
		probs = s.loadScenario(dir, newKeyLines(data))
	}
	if len(probs) == 0 {
		probs = s.checkValues()
	}
	if len(probs) == 0 {
		probs = s.checkPoints()
	}
	if len(probs) > 0 {
		return nil, &scenarios.Error{Problems: probs}
	}
	return s, nil
}

// decode reads the file's own form: keys, types, lists, sizes.
func decode(name string, data []byte) (*Sweep, []scenarios.Problem) {
	s := &Sweep{File: name, Seeds: 1}
	lines := newKeyLines(data)
	problem := func(key string, format string, a ...any) scenarios.Problem {
		return scenarios.Problem{File: name, Line: lines.line(key), Key: displayKey(key), Msg: fmt.Sprintf(format, a...)}
	}
	if len(data) > maxFileSize {
		return nil, []scenarios.Problem{{File: name, Msg: fmt.Sprintf("file is %d bytes; a sweep file must be at most %d KiB", len(data), maxFileSize>>10)}}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []scenarios.Problem{{File: name, Msg: fmt.Sprintf("file is empty: a sweep starts with schema_version = %d", SchemaVersion)}}
	}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, []scenarios.Problem{{File: name, Line: pe.Position.Line, Key: pe.LastKey, Msg: "not valid TOML: " + strings.TrimPrefix(pe.Message, "toml: ")}}
		}
		return nil, []scenarios.Problem{{File: name, Msg: "not valid TOML: " + err.Error()}}
	}
	var probs []scenarios.Problem
	add := func(key string, format string, a ...any) { probs = append(probs, problem(key, format, a...)) }

	for k := range raw {
		if !contains(topKeys, k) {
			add(k, "unknown key (want one of: %s)", strings.Join(topKeys, ", "))
		}
	}
	if v, ok := raw["schema_version"]; !ok {
		add("schema_version", "missing: a sweep file starts with schema_version = %d", SchemaVersion)
	} else if n, ok := v.(int64); !ok {
		add("schema_version", "wrong type: want an integer, got %s", tomlType(v))
	} else if n != SchemaVersion {
		add("schema_version", "must be %d, got %d", SchemaVersion, n)
	}
	str := func(key string, dst *string, required bool) {
		v, ok := raw[key]
		switch {
		case !ok && required:
			add(key, "missing: name the base scenario, a file or a built-in (%s)", strings.Join(scenarios.Builtins(), ", "))
		case !ok:
		default:
			if t, isStr := v.(string); isStr {
				*dst = t
			} else {
				add(key, "wrong type: want a string, got %s", tomlType(v))
			}
		}
	}
	str("description", &s.Description, false)
	str("scenario", &s.Scenario, true)
	str("name", &s.Name, false)
	if v, ok := raw["seeds"]; ok {
		n, isInt := v.(int64)
		switch {
		case !isInt:
			add("seeds", "wrong type: want an integer (seeds per point), got %s", tomlType(v))
		case n < 1:
			add("seeds", "must be at least 1, got %d", n)
		case n > MaxRuns:
			add("seeds", "%d seeds per point is more than the %d runs a sweep may have", n, MaxRuns)
		default:
			s.Seeds = int(n)
		}
	}
	s.BaseSeed = noSeed
	if v, ok := raw["base_seed"]; ok {
		n, isInt := v.(int64)
		switch {
		case !isInt:
			add("base_seed", "wrong type: want a non-negative integer, got %s", tomlType(v))
		case n < 0:
			add("base_seed", "must be non-negative, got %d", n)
		default:
			s.BaseSeed = uint64(n)
		}
	}
	probs = append(probs, s.decodeSettings(raw, md, lines)...)
	return s, probs
}

// noSeed marks a base seed not given in the file (the scenario's is used).
const noSeed = ^uint64(0)

// decodeSettings reads [set], [grid] and the [[zip]] groups, in file order.
func (s *Sweep) decodeSettings(raw map[string]any, md toml.MetaData, lines *keyLines) []scenarios.Problem {
	var probs []scenarios.Problem
	add := func(key string, format string, a ...any) {
		probs = append(probs, scenarios.Problem{File: s.File, Line: lines.line(key), Key: displayKey(key), Msg: fmt.Sprintf(format, a...)})
	}
	for _, sec := range []string{"set", "grid"} {
		if v, ok := raw[sec]; ok {
			if _, isTable := v.(map[string]any); !isTable {
				add(sec, "wrong type: want a table [%s] of scenario keys, got %s", sec, tomlType(v))
			}
		}
	}
	if v, ok := raw["zip"]; ok {
		if _, isTables := v.([]map[string]any); !isTables {
			add("zip", "wrong type: want [[zip]] tables of scenario keys, got %s", tomlType(v))
		}
	}
	if len(probs) > 0 {
		return probs
	}
	seen := map[string]string{} // scenario key -> where it was first given
	var grid, zip []Axis
	zips := -1
	for _, k := range md.Keys() {
		typ := md.Type(k...)
		if len(k) == 1 && k[0] == "zip" && typ == "ArrayHash" {
			zips++
			zip = append(zip, Axis{})
			continue
		}
		if len(k) < 2 || typ == "Hash" || typ == "ArrayHash" || !contains([]string{"set", "grid", "zip"}, k[0]) {
			continue
		}
		key := strings.Join(k[1:], ".")
		where := k[0] + "." + key
		if k[0] == "zip" {
			where = "zip." + strconv.Itoa(zips) + "." + key
		}
		line := lines.line(where)
		switch {
		case !scenarioKeyRE.MatchString(key):
			add(where, "not a scenario key: want section.key, e.g. sleep.budget")
			continue
		case key == "run.seed":
			add(where, "the sweep sets each run's seed: use base_seed and seeds instead")
			continue
		case seen[key] != "":
			add(where, "given twice (also as %s): a key is either fixed, a grid list or in one zip group", displayKey(seen[key]))
			continue
		}
		seen[key] = where
		v := lookup(raw, k, zips)
		if k[0] == "set" {
			val, err := newValue(key, v)
			if err != nil {
				add(where, "%v", err)
				continue
			}
			val.Line, val.where = line, where
			s.Fixed = append(s.Fixed, val)
			continue
		}
		list, isList := v.([]any)
		if !isList {
			add(where, "wrong type: want a list of values, e.g. [1, 2], got %s (fixed values go in [set])", tomlType(v))
			continue
		}
		if len(list) == 0 {
			add(where, "empty list: give at least one value")
			continue
		}
		vals := make([]Value, len(list))
		bad := false
		for i, x := range list {
			val, err := newValue(key, x)
			if err != nil {
				add(where, "value %d: %v", i+1, err)
				bad = true
				break
			}
			val.Line, val.where = line, where
			vals[i] = val
		}
		if bad {
			continue
		}
		if k[0] == "grid" {
			ax := Axis{Keys: []string{key}}
			for _, v := range vals {
				ax.Values = append(ax.Values, []Value{v})
			}
			grid = append(grid, ax)
			continue
		}
		ax := &zip[zips]
		if len(ax.Keys) > 0 && len(ax.Values) != len(vals) {
			add(where, "%d values, but %s in the same [[zip]] group has %d: zipped lists go together and must have the same length",
				len(vals), ax.Keys[0], len(ax.Values))
			continue
		}
		if len(ax.Keys) == 0 {
			ax.Values = make([][]Value, len(vals))
		}
		ax.Keys = append(ax.Keys, key)
		for i, v := range vals {
			ax.Values[i] = append(ax.Values[i], v)
		}
	}
	s.Axes = grid
	for g, ax := range zip {
		if len(ax.Keys) == 0 {
			add("zip."+strconv.Itoa(g), "empty [[zip]] group: give lists of values that go together")
			continue
		}
		s.Axes = append(s.Axes, ax)
	}
	if len(probs) == 0 {
		if n, ok := s.countRuns(); !ok {
			add("grid", "the sweep has %s runs (points × seeds), more than the %d a sweep may have", n, MaxRuns)
		}
	}
	return probs
}

// countRuns returns the number of runs as text and whether it is within
// MaxRuns, without overflowing on a huge grid.
func (s *Sweep) countRuns() (string, bool) {
	n := uint64(s.Seeds)
	parts := []string{}
	over := false
	for _, ax := range s.Axes {
		parts = append(parts, strconv.Itoa(len(ax.Values)))
		if n > MaxRuns {
			over = true
			continue
		}
		n *= uint64(len(ax.Values))
	}
	parts = append(parts, strconv.Itoa(s.Seeds)+" seeds")
	text := strings.Join(parts, " × ")
	if over || n > MaxRuns {
		return text + " > " + strconv.Itoa(MaxRuns), false
	}
	return text + " = " + strconv.FormatUint(n, 10), true
}

// lookup finds the value of key k in the decoded file; zip keys are looked
// up in zip group g.
func lookup(raw map[string]any, k []string, g int) any {
	var cur any = raw
	if k[0] == "zip" {
		groups, _ := raw["zip"].([]map[string]any)
		if g < 0 || g >= len(groups) {
			return nil
		}
		cur = groups[g]
		k = k[1:]
	}
	for _, part := range k {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	return cur
}

// newValue makes a Value from a decoded TOML scalar.
func newValue(key string, x any) (Value, error) {
	var text string
	switch v := x.(type) {
	case string:
		text = v
	case int64:
		text = strconv.FormatInt(v, 10)
	case float64:
		text = strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		text = strconv.FormatBool(v)
	default:
		return Value{}, fmt.Errorf("wrong type: want a string, number or boolean, got %s", tomlType(x))
	}
	var b strings.Builder
	if err := toml.NewEncoder(&b).Encode(map[string]any{"v": x}); err != nil {
		return Value{}, fmt.Errorf("cannot write %v as TOML: %w", x, err)
	}
	lit := strings.TrimSuffix(strings.TrimPrefix(b.String(), "v = "), "\n")
	return Value{Key: key, Literal: lit, Text: text}, nil
}

// tomlType names the TOML type of a decoded value, for messages.
func tomlType(x any) string {
	switch v := x.(type) {
	case string:
		return fmt.Sprintf("string %q", v)
	case int64:
		return fmt.Sprintf("integer %d", v)
	case float64:
		return fmt.Sprintf("float %g", v)
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case []map[string]any:
		return "a list of tables"
	default:
		return fmt.Sprintf("%T", x)
	}
}

// displayKey writes a zip key with its 1-based group: "zip[2].cortex.lr".
func displayKey(where string) string {
	if rest, ok := strings.CutPrefix(where, "zip."); ok {
		g, key, _ := strings.Cut(rest, ".")
		if n, err := strconv.Atoi(g); err == nil {
			if key == "" {
				return fmt.Sprintf("zip[%d]", n+1)
			}
			return fmt.Sprintf("zip[%d].%s", n+1, key)
		}
	}
	return where
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// loadScenario reads the base scenario: a file relative to dir, else a
// built-in; it fills in the name and the base seed when the file left
// them out.
func (s *Sweep) loadScenario(dir string, lines *keyLines) []scenarios.Problem {
	path := s.Scenario
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		s.ScenarioFile, s.ScenarioData = path, data
	case errors.Is(err, fs.ErrNotExist):
		b, berr := scenarios.Builtin(s.Scenario)
		if berr != nil {
			return []scenarios.Problem{{File: s.File, Line: lines.line("scenario"), Key: "scenario", Msg: fmt.Sprintf(
				"%s: no such file, and no built-in scenario of that name (built-ins: %s)", path, strings.Join(scenarios.Builtins(), ", "))}}
		}
		s.ScenarioFile, s.ScenarioData = strings.TrimSuffix(s.Scenario, ".toml")+".toml (built-in)", b
	default:
		return []scenarios.Problem{{File: s.File, Line: lines.line("scenario"), Key: "scenario", Msg: err.Error()}}
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(s.Scenario), ".toml")
	}
	sc, err := scenarios.Parse(s.ScenarioFile, s.ScenarioData, nil)
	if err != nil {
		var se *scenarios.Error
		if errors.As(err, &se) {
			return se.Problems
		}
		return []scenarios.Problem{{File: s.ScenarioFile, Msg: err.Error()}}
	}
	if s.BaseSeed == noSeed {
		s.BaseSeed = sc.Run.Seed
	}
	return nil
}
