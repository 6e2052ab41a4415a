package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/replaylab/replaylab/env"
)

// taskKeys returns the [task] keys that matter for the scenario's task
// kind, in schema order: the lengths only when the maze is generated.
func taskKeys(s *Scenario) []string {
	gen := strings.TrimSpace(s.Maze.Layout) == ""
	keys := []string{"kind"}
	switch s.Task.Kind {
	case env.KindCuedTMaze:
		if gen {
			keys = append(keys, "cue_length", "delay_length", "branch_length")
		}
		keys = append(keys, "cue_side")
	case env.KindDelayedAlternation:
		if gen {
			keys = append(keys, "branch_length", "stem_length")
		}
		keys = append(keys, "cue_side", "delay_steps", "sample_reward")
	case env.KindLinearTrack:
		if gen {
			keys = append(keys, "track_length")
		}
		keys = append(keys, "runs")
	}
	keys = append(keys, "max_steps", "obs_noise", "observation")
	parts, _ := env.ParseObservation(s.Task.Observation)
	if slices.Contains(parts, env.SenseView) {
		keys = append(keys, "view_radius")
	}
	if slices.Contains(parts, env.SensePlace) {
		keys = append(keys, "place_cells", "place_sigma")
	}
	return keys
}

// normaliseTask resets the [task] keys that do not matter for the kind to
// their defaults, so that a resolved file (which omits them) decodes to the
// same Scenario.
func normaliseTask(s *Scenario) {
	keep := taskKeys(s)
	def := reflect.ValueOf(Default().Task)
	cur := reflect.ValueOf(&s.Task).Elem()
	for i := range cur.NumField() {
		name, _, _ := strings.Cut(cur.Type().Field(i).Tag.Get("toml"), ",")
		if !slices.Contains(keep, name) {
			cur.Field(i).Set(def.Field(i))
		}
	}
}

// writeTask writes the [task] section with only the keys that matter.
func writeTask(w interface{ WriteString(string) (int, error) }, s *Scenario) {
	w.WriteString("[task]\n")
	v := reflect.ValueOf(s.Task)
	for _, key := range taskKeys(s) {
		for i := range v.NumField() {
			name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("toml"), ",")
			if name != key {
				continue
			}
			var val string
			switch f := v.Field(i); f.Kind() {
			case reflect.String:
				val = tomlQuote(f.String())
			case reflect.Float64:
				val = tomlFloat(f.Float())
			default:
				val = fmt.Sprint(f.Interface())
			}
			w.WriteString(key + " = " + val + "\n")
		}
	}
	w.WriteString("\n")
}
