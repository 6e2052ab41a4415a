package scenarios

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/env"
)

// FuzzParse feeds the loader arbitrary bytes: it must never panic, must
// return either a scenario or an *Error, and a scenario it accepts must
// survive the resolved round trip and build its environment.
func FuzzParse(f *testing.F) {
	for _, name := range Builtins() {
		data, err := Builtin(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("schema_version = 1\n[maze]\nlayout = \"#S.G#\"\n[task]\nkind = \"goal\"\n"))
	f.Add([]byte("schema_version = 1\n[task]\nkind = \"delayed-alternation\"\nbranch_length = 2\n"))
	f.Add([]byte("schema_version = 1\n[maze.legend]\nX = { kind = \"door\", open = [] }\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse("fuzz.toml", data, nil)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || len(se.Problems) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty *Error", err, err)
			}
			for _, p := range se.Problems {
				if s := p.String(); strings.ContainsAny(s, "\n\r") || len([]rune(s)) > 3*maxQuote+maxMessage+40 {
					t.Fatalf("problem is not one bounded line: %q", s)
				}
			}
			return
		}
		var out bytes.Buffer
		if err := s.WriteResolved(&out); err != nil {
			t.Fatal(err)
		}
		s2, err := Parse("resolved.toml", out.Bytes(), nil)
		if err != nil {
			t.Fatalf("accepted input, but its resolved form fails: %v\n%s", err, out.String())
		}
		var out2 bytes.Buffer
		s2.WriteResolved(&out2)
		if !bytes.Equal(out.Bytes(), out2.Bytes()) {
			t.Fatalf("resolved form not stable:\n%s\n---\n%s", out.String(), out2.String())
		}
		e, err := s.NewEnv()
		if err != nil {
			t.Fatalf("validated scenario fails NewEnv: %v", err)
		}
		e.Reset(1)
		for i := range 50 {
			if _, _, term, trunc := e.Step(action4(i)); term || trunc {
				break
			}
		}
	})
}

// action4 cycles through the four moves.
func action4(i int) env.Action { return env.Action(i % env.NumActions) }

// FuzzSet feeds --set arbitrary text on top of the small T-maze: it must
// never panic, and must give either a validated scenario or a non-empty
// *Error whose every line is a single line of bounded length.
func FuzzSet(f *testing.F) {
	data, err := Builtin("tmaze-small")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"cortex.n=32", "run.seed=-1", "task.kind=goal", `maze.legend.X={kind="wall"}`,
		"sleep.every=1.5", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q=1", `"x".'y'=[1,[2,{a=3}]]`, "hippocampus.tau=nan"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		sc, err := Parse("tmaze-small.toml", data, []string{set})
		if err != nil {
			var se *Error
			if !errors.As(err, &se) || len(se.Problems) == 0 {
				t.Fatalf("error %v (%T) is not a non-empty *Error", err, err)
			}
			for _, p := range se.Problems {
				if s := p.String(); strings.ContainsAny(s, "\n\r") || len([]rune(s)) > 3*maxQuote+maxMessage+40 {
					t.Fatalf("problem is not one bounded line: %q", s)
				}
			}
			return
		}
		var out bytes.Buffer
		if err := sc.WriteResolved(&out); err != nil {
			t.Fatal(err)
		}
		if _, err := Parse("resolved.toml", out.Bytes(), nil); err != nil {
			t.Fatalf("--set %q accepted, but its resolved form fails: %v", set, err)
		}
	})
}
