package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// typeProblems checks every value of a decoded TOML document (a generic
// map, as toml.Decode gives into map[string]any) against the Scenario
// struct and returns every wrong type, not only the first: the TOML
// decoder stops at the first. Unknown keys are left to the strict decode.
// A negative integer for an unsigned field (run.seed) is a wrong type too:
// the decoder would silently wrap it.
func typeProblems(doc map[string]any, lines *lineIndex, file string) []Problem {
	var probs []Problem
	checkStruct(reflect.TypeOf(Scenario{}), doc, "", func(key, msg string) {
		probs = append(probs, Problem{File: file, Line: lines.line(key), Key: key, Msg: "wrong type: " + msg})
	})
	slices.SortStableFunc(probs, func(a, b Problem) int { return a.Line - b.Line })
	return probs
}

// checkStruct checks the keys of table that are fields of struct type t.
func checkStruct(t reflect.Type, table map[string]any, prefix string, bad func(key, msg string)) {
	fields := map[string]reflect.Type{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		if name != "" && name != "-" {
			fields[name] = t.Field(i).Type
		}
	}
	for _, k := range sortedKeys(table) {
		ft, ok := fields[k]
		if !ok {
			continue // unknown: reported by the strict decode
		}
		checkValue(ft, table[k], prefix+k, bad)
	}
}

// checkValue checks one value against the Go type it decodes into.
func checkValue(t reflect.Type, v any, key string, bad func(key, msg string)) {
	got := tomlTypeName(v)
	want := ""
	switch t.Kind() {
	case reflect.Pointer:
		checkValue(t.Elem(), v, key, bad)
		return
	case reflect.Int:
		if _, ok := v.(int64); !ok {
			want = "an integer"
		}
	case reflect.Uint64:
		if i, ok := v.(int64); !ok || i < 0 {
			want = "a non-negative integer (below 2⁶³)"
			if ok {
				got = fmt.Sprintf("%d", i)
			}
		}
	case reflect.Float64:
		switch v.(type) {
		case float64, int64:
		default:
			want = "a number"
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			want = "a string"
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			want = "true or false"
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if tables, isTables := v.([]map[string]any); isTables {
			arr, ok = make([]any, len(tables)), true
			for i, t := range tables {
				arr[i] = t
			}
		}
		if !ok {
			want = "an array"
			break
		}
		for i, e := range arr {
			checkValue(t.Elem(), e, fmt.Sprintf("%s[%d]", key, i), bad)
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			want = "a table"
			break
		}
		for _, k := range sortedKeys(m) {
			checkValue(t.Elem(), m[k], key+"."+k, bad)
		}
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			want = "a table"
			break
		}
		checkStruct(t, m, key+".", bad)
	}
	if want != "" {
		bad(key, fmt.Sprintf("want %s, got %s", want, got))
	}
}

// tomlTypeName names a decoded TOML value's type for messages.
func tomlTypeName(v any) string {
	switch v := v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case string:
		return "a string " + quote(v)
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	name := reflect.TypeOf(v).String()
	if slices.Contains([]string{"time.Time", "toml.LocalDate", "toml.LocalTime", "toml.LocalDateTime"}, name) {
		return "a date or time"
	}
	return name
}
