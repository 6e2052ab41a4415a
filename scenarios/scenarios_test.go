package scenarios

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestBuiltinsValidateAndRoundTrip(t *testing.T) {
	want := []string{"goal-detour", "goal-pillars", "goal-rooms", "goal-zigzag", "linear-track", "open-room", "plus-maze", "tmaze-alternation", "tmaze-cued", "tmaze-small"}
	if got := Builtins(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Builtins() = %v, want %v", got, want)
	}
	for _, name := range want {
		t.Run(name, func(t *testing.T) {
			s, err := Load(name, nil)
			if err != nil {
				t.Fatal(err)
			}
			var out1 bytes.Buffer
			if err := s.WriteResolved(&out1); err != nil {
				t.Fatal(err)
			}
			s2, err := Parse("resolved.toml", out1.Bytes(), nil)
			if err != nil {
				t.Fatalf("resolved output does not decode: %v\n%s", err, out1.String())
			}
			s2.Source = s.Source
			if !reflect.DeepEqual(s, s2) {
				t.Errorf("round trip differs:\n%+v\n%+v", s, s2)
			}
			var out2 bytes.Buffer
			s2.WriteResolved(&out2)
			if out1.String() != out2.String() {
				t.Errorf("resolved output not stable:\n%s\n---\n%s", out1.String(), out2.String())
			}
			if _, err := s.NewEnv(); err != nil {
				t.Errorf("NewEnv: %v", err)
			}
		})
	}
}

func TestBuiltinFigures(t *testing.T) {
	cases := []struct {
		name            string
		rows, cols, max int
	}{
		{"tmaze-cued", 22 + 52 + 3, 2*24 + 3, 3 * (22 + 52 + 24)},
		{"tmaze-small", 10, 9, 60},
		{"tmaze-alternation", 12, 15, 3*3*(9+6) + 10},
		{"linear-track", 3, 18, 3 * (1 + 3*15)},
		{"plus-maze", 13, 13, 3 * 10},
	}
	for _, c := range cases {
		s, err := Load(c.name, nil)
		if err != nil {
			t.Fatal(err)
		}
		e, _ := s.NewEnv()
		m := e.Maze()
		if m.Rows != c.rows || m.Cols != c.cols || s.Task.MaxSteps != c.max {
			t.Errorf("%s: %d×%d max_steps %d, want %d×%d %d", c.name, m.Rows, m.Cols, s.Task.MaxSteps, c.rows, c.cols, c.max)
		}
	}
}

func TestSetOverrides(t *testing.T) {
	s, err := Load("tmaze-cued", []string{"cortex.n=32", "task.cue_side=alternate", "cortex.lr=5e-3", "run.gif=true", `task.cue_length=5`, `agent.exploration="softmax"`})
	if err != nil {
		t.Fatal(err)
	}
	if s.Cortex.N != 32 || s.Task.CueSide != "alternate" || s.Cortex.LR != 5e-3 || !s.Run.GIF || s.Task.CueLength != 5 || s.Agent.Exploration != "softmax" {
		t.Errorf("overrides not applied: %+v %+v", s.Cortex, s.Task)
	}
	if s.Task.MaxSteps != 3*(5+52+24) {
		t.Errorf("max_steps %d not recomputed for the overridden cue length", s.Task.MaxSteps)
	}
	e, _ := s.NewEnv()
	if e.Maze().Rows != 5+52+3 {
		t.Errorf("generated maze has %d rows", e.Maze().Rows)
	}
}

func TestBadInputs(t *testing.T) {
	good := "schema_version = 1\n[maze]\nlayout = '''\n#####\n#S.G#\n#####\n'''\n[task]\nkind = \"goal\"\n"
	withTask := func(extra string) string { return good + extra }
	cases := []struct {
		name, file string
		sets       []string
		want       string
	}{
		{"empty", "", nil, "f.toml: file is empty: a scenario starts with schema_version = 1"},
		{"blank", " \n\t\n", nil, "f.toml: file is empty: a scenario starts with schema_version = 1"},
		{"not toml", "schema_version = 1\nthis is not toml\n", nil, "f.toml:2: not valid TOML: expected '.' or '=', but got 'i' instead"},
		{"binary", "schema_version = 1\n\x00\x01\x02\xff", nil, "f.toml:2: NUL byte at byte offset 19: this is a binary file, not a TOML scenario"},
		{"not utf8", "schema_version = 1\ndescription = \"\xff\xfe\"\n", nil, "f.toml:2: invalid UTF-8 at byte offset 34: a scenario must be UTF-8 text"},
		{"10 MB", "schema_version = 1\n" + strings.Repeat("# padding\n", 1_000_000), nil, "f.toml: file is 10.0 MB; a scenario file must be at most 1024 KiB (is this the right file?)"},
		{"schema missing", "[task]\nkind = \"goal\"\n", nil, "f.toml: schema_version: missing: a scenario file starts with schema_version = 1"},
		{"schema future", "schema_version = 2\n", nil, "f.toml:1: schema_version: version 2 is from the future: this replaylab reads schema version 1 (upgrade replaylab)"},
		{"schema zero", "schema_version = 0\n", nil, "f.toml:1: schema_version: must be 1, got 0"},
		{"unknown key", withTask("colour = \"red\"\n"), nil, "f.toml:10: task.colour: unknown key in [task] (want one of: kind, cue_length, delay_length, branch_length, stem_length, track_length, cue_side, delay_steps, sample_reward, runs, max_steps, obs_noise, observation, view_radius, place_cells, place_sigma)"},
		{"unknown section", "schema_version = 1\n[brain]\nsize = 3\n", nil, "f.toml:2: brain: unknown key or section at the top level (want one of: schema_version, description, maze, task, agent, cortex, hippocampus, sleep, awake, run)"},
		{"wrong type", withTask("[cortex]\nn = \"sixty-four\"\n"), nil, `f.toml:11: cortex.n: wrong type: want an integer, got a string "sixty-four"`},
		{"float for int", withTask("max_steps = 1.5\n"), nil, `f.toml:10: task.max_steps: wrong type: want an integer, got a float`},
		{"bad enum", withTask("[cortex]\nmode = \"backprop\"\n"), nil, `f.toml:11: cortex.mode: got "backprop", want one of: bp, fa, published, fa-published`},
		{"persistence below 1", withTask("[agent]\nexplore_persistence = 0.5\n"), nil, "f.toml:11: agent.explore_persistence: must be a number in [1, ∞), got 0.5"},
		{"bad kind", "schema_version = 1\n[task]\nkind = \"maze\"\n", nil, `f.toml:3: task.kind: got "maze", want one of: cued-tmaze, delayed-alternation, linear-track, goal`},
		{"ragged rows", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#S.G#\n####\n'''\n[task]\nkind = \"goal\"\n", nil, "f.toml:6: maze.layout: ragged layout: row 2 has 4 cells, row 0 has 5 (every row must have the same width)"},
		{"unknown char", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#S?G#\n#####\n'''\n[task]\nkind = \"goal\"\n", nil, "f.toml:5: maze.layout: unknown layout character '?' at row 1, col 2: add it to [maze.legend]"},
		{"no start", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#..G#\n#####\n'''\n[task]\nkind = \"goal\"\n", nil, "f.toml:3: maze.layout: no start cell: the layout needs exactly one start (S in the default legend)"},
		{"two starts", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#SSG#\n#####\n'''\n[task]\nkind = \"goal\"\n", nil, "f.toml:5: maze.layout: 2 start cells at (1,1) (1,2): the layout needs exactly one"},
		{"no reward", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#S..#\n#####\n'''\n[task]\nkind = \"goal\"\n", nil, "f.toml:3: maze.layout: task goal needs at least one reward site with a magnitude > 0, found none"},
		{"unreachable", "schema_version = 1\n[maze]\nlayout = '''\n#####\n#S#G#\n#####\n'''\n[task]\nkind = \"goal\"\n", nil, `f.toml:5: maze.layout: reward site "goal" at row 1, col 3 is unreachable from the start at row 1, col 1`},
		{"zero length", "schema_version = 1\n[task]\nkind = \"cued-tmaze\"\ncue_length = 0\n", nil, "f.toml:4: task.cue_length: must be ≥ 1, got 0"},
		{"negative lengths", "schema_version = 1\n[task]\nkind = \"cued-tmaze\"\ndelay_length = -3\nbranch_length = -1\n", nil, "f.toml:4: task.delay_length: must be ≥ 0, got -3\nf.toml:5: task.branch_length: must be ≥ 1, got -1"},
		{"door never opens", "schema_version = 1\n[maze]\nlayout = '''\n######\n#SXG.#\n######\n'''\n[maze.legend]\nX = { kind = \"door\", open = [] }\n[task]\nkind = \"goal\"\n", nil, `f.toml:5: maze.layout: door at row 1, col 2 can never open: its open phases [] name none of the goal phases ["run"]`},
		{"door wrong phase", "schema_version = 1\n[maze]\nlayout = '''\n######\n#SXG.#\n######\n'''\n[maze.legend]\nX = { kind = \"door\", open = [\"choice\"] }\n[task]\nkind = \"goal\"\n", nil, "f.toml:5: maze.layout: door at row 1, col 2 can never open: its open phases [\"choice\"] name none of the goal phases [\"run\"]\nf.toml:5: maze.layout: door at row 1, col 2: unknown phase \"choice\" (task goal has [\"run\"])"},
		{"legend key", withTask("[maze.legend]\nXY = { kind = \"wall\" }\n"), nil, `f.toml:11: maze.legend.XY: legend keys are single layout characters (not a line break), got "XY"`},
		{"legend kind", withTask("[maze.legend]\nX = { kind = \"lava\" }\n"), nil, `f.toml:11: maze.legend.X: kind: unknown cell kind "lava" (want one of [wall floor start reward cue door])`},
		{"legend unknown field", withTask("[maze.legend]\nX = { kind = \"wall\", colour = 3 }\n"), nil, "f.toml:11: maze.legend.X.colour: unknown key in a legend entry (want one of: kind, class, name, magnitude, open, arm)"},
		{"legend misplaced field", withTask("[maze.legend]\nX = { kind = \"floor\", magnitude = 2.0 }\n"), nil, "f.toml:11: maze.legend.X: name and magnitude apply to reward sites only, this entry is a floor"},
		{"goal without layout", "schema_version = 1\n[task]\nkind = \"goal\"\n", nil, "f.toml:2: maze.layout: missing: task goal needs a layout (only cued-tmaze, delayed-alternation and linear-track are generated)"},
		{"tmaze without arms", "schema_version = 1\n[maze]\nlayout = \"#S.G#\"\n[task]\nkind = \"cued-tmaze\"\n", nil, "f.toml:3: maze.layout: task cued-tmaze needs exactly one reward site named \"left\", found 0\nf.toml:3: maze.layout: task cued-tmaze needs exactly one reward site named \"right\", found 0"},
		{"alternation branch 1", "schema_version = 1\n[task]\nkind = \"delayed-alternation\"\nbranch_length = 1\n", nil, "f.toml:2: maze.layout: T-maze needs cue ≥ 1, delay ≥ 0, branch ≥ 1 (≥ 2 with doors), got 1, 4, 1"},
		{"several problems", withTask("[cortex]\nn = 0\ntau = 1.0\n[sleep]\nevery = 0\nmin_events = 99\n"), nil, "f.toml:11: cortex.n: must be ≥ 1, got 0\nf.toml:12: cortex.tau: must be a number in (1, ∞), got 1\nf.toml:14: sleep.every: must be ≥ 1, got 0\nf.toml:15: sleep.min_events: must be ≤ max_events (40), got 99"},
		{"bad observation", withTask("observation = \"class+smell\"\n"), nil, `f.toml:10: task.observation: unknown observation part "smell" in "class+smell" (want a "+"-joined set of [class view place])`},
		{"view radius", withTask("observation = \"view\"\nview_radius = 9\n"), nil, "f.toml:11: task.view_radius: must be ≤ 5, got 9"},
		{"place sigma", withTask("observation = \"place\"\nplace_sigma = 0.0\nplace_cells = -2\n"), nil, "f.toml:12: task.place_cells: must be ≥ 0, got -2\nf.toml:11: task.place_sigma: must be a number in (0, 1000], got 0"},
		{"agent kind", withTask("[agent]\nkind = \"sarsa\"\n"), nil, `f.toml:11: agent.kind: got "sarsa", want one of: replaylab, q-learning, dyna-q`},
		{"agent alpha", withTask("[agent]\nkind = \"dyna-q\"\nalpha = 0.0\nplanning_steps = -1\n"), nil, "f.toml:12: agent.alpha: must be a number in (0, 1], got 0\nf.toml:13: agent.planning_steps: must be ≥ 0, got -1"},
		{"baseline demonstrations", withTask("[agent]\nkind = \"q-learning\"\n[run]\ndemonstrations = 3\n"), nil, `f.toml:13: run.demonstrations: the tabular baselines take no demonstrations (agent.kind = "q-learning"); set it to 0`},
		{"awake misspelt", withTask("[awake]\nforward_sweep = true\n"), nil, "f.toml:11: awake.forward_sweep: unknown key in [awake] (want one of: reverse_at_reward, reverse_events, reverse_rule, forward_sweeps, sweep_steps, sweep_policy, sweep_discount)"},
		{"awake bad values", withTask("[awake]\nreverse_events = 0\nsweep_steps = 0\nsweep_discount = 1.5\nsweep_policy = true\n"), nil, "f.toml:11: awake.reverse_events: must be ≥ 1, got 0\nf.toml:12: awake.sweep_steps: must be ≥ 1, got 0\nf.toml:13: awake.sweep_discount: must be a number in (0, 1], got 1.5\nf.toml:14: awake.sweep_policy: the sweep policy decides by forward sweeps: set awake.forward_sweeps = true too"},
		{"awake wrong type", withTask("[awake]\nreverse_at_reward = \"yes\"\n"), nil, `f.toml:11: awake.reverse_at_reward: wrong type: want true or false, got a string "yes"`},
		{"nan", withTask("obs_noise = nan\n"), nil, "f.toml:10: task.obs_noise: must be a number in [0, ∞), got NaN"},
		{"every problem at once", "schema_version = 1\n[maze]\nlayout = \"\"\"\n#######\n#S..x.#\n#.###.#\n#G#...S\n\"\"\"\n[task]\nkind = \"goal\"\nmax_step = 3\n[cortex]\nmode = \"fast\"\n", nil,
			"f.toml:11: task.max_step: unknown key in [task] (want one of: kind, cue_length, delay_length, branch_length, stem_length, track_length, cue_side, delay_steps, sample_reward, runs, max_steps, obs_noise, observation, view_radius, place_cells, place_sigma)\n" +
				"f.toml:13: cortex.mode: got \"fast\", want one of: bp, fa, published, fa-published\n" +
				"f.toml:5: maze.layout: unknown layout character 'x' at row 1, col 4: add it to [maze.legend]\n" +
				"f.toml:7: maze.layout: 2 start cells at (1,1) (3,6): the layout needs exactly one"},
		{"infinite magnitude", "schema_version = 1\n[maze]\nlayout = \"#S.G#\"\n[maze.legend]\nG = { kind = \"reward\", magnitude = inf }\n[task]\nkind = \"goal\"\n", nil, `f.toml:5: maze.legend.G: magnitude: must be a number in [-1e+09, 1e+09], got +Inf`},
		{"huge length", "schema_version = 1\n[task]\ncue_length = 9223372036854775807\n", nil, "f.toml:3: task.cue_length: must be ≤ 1000000000, got 9223372036854775807"},
		{"maze too big", "schema_version = 1\n[task]\nbranch_length = 5000\n", nil, "f.toml:2: maze.layout: T-maze of cue 22, delay 52, branch 5000 exceeds the 1000×1000 maze limit"},
		{"set unknown key", good, []string{"cortex.size=3"}, "--set cortex.size=3: cortex.size: unknown key in [cortex] (want one of: n, tau, gain, feedback_gain, mode, reverse, lr, reverse_samples, reverse_source, segmenting, segment_len, reversal_tol)"},
		{"set wrong type", good, []string{"cortex.n=many"}, `--set cortex.n=many: cortex.n: wrong type: want an integer, got a string "many"`},
		{"set no equals", good, []string{"cortex.n"}, "--set cortex.n: want section.key=value, e.g. --set cortex.n=32"},
		{"set bad value", good, []string{"cortex.mode=magic"}, `f.toml: cortex.mode (from --set): got "magic", want one of: bp, fa, published, fa-published`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("f.toml", []byte(c.file), c.sets)
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v (%T) is not *Error", err, err)
			}
			if err.Error() != c.want {
				t.Errorf("got\n%s\nwant\n%s", err, c.want)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	_, err := Load("no-such-scenario", nil)
	want := "no-such-scenario: no such file, and no built-in scenario of that name (built-ins: goal-detour, goal-pillars, goal-rooms, goal-zigzag, linear-track, open-room, plus-maze, tmaze-alternation, tmaze-cued, tmaze-small)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}
