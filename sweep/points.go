package sweep

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/scenarios"
)

// Run is one index of a sweep: a point, a replicate and its seed.
type Run struct {
	Index, Point, Replicate int
	Seed                    uint64
	Params                  []Value // the point's varied values, in axis order
}

// Points returns the number of points (combinations of varied values).
func (s *Sweep) Points() int {
	n := 1
	for _, ax := range s.Axes {
		n *= len(ax.Values)
	}
	return n
}

// Len returns the number of runs: points × seeds.
func (s *Sweep) Len() int { return s.Points() * s.Seeds }

// ParamKeys returns the varied keys in axis order.
func (s *Sweep) ParamKeys() []string {
	var keys []string
	for _, ax := range s.Axes {
		keys = append(keys, ax.Keys...)
	}
	return keys
}

// point returns the values of point p: mixed radix over the axes, the
// first axis varying slowest.
func (s *Sweep) point(p int) []Value {
	idx := make([]int, len(s.Axes))
	for a := len(s.Axes) - 1; a >= 0; a-- {
		n := len(s.Axes[a].Values)
		idx[a], p = p%n, p/n
	}
	var vals []Value
	for a, ax := range s.Axes {
		vals = append(vals, ax.Values[idx[a]]...)
	}
	return vals
}

// Run returns index i of the sweep.
func (s *Sweep) Run(i int) (Run, error) {
	if i < 0 || i >= s.Len() {
		return Run{}, fmt.Errorf("sweep: index %d is out of range: the sweep has indices 0 to %d", i, s.Len()-1)
	}
	r := Run{Index: i, Point: i / s.Seeds, Replicate: i % s.Seeds}
	r.Params = s.point(r.Point)
	r.Seed = seedOf(s.BaseSeed, r.Params, r.Replicate)
	return r, nil
}

// Sets returns the --set overrides of run r: the fixed ones, the point's
// and its seed.
func (s *Sweep) Sets(r Run) []string {
	var sets []string
	for _, v := range s.Fixed {
		sets = append(sets, v.Set())
	}
	for _, v := range r.Params {
		sets = append(sets, v.Set())
	}
	return append(sets, "run.seed="+strconv.FormatUint(r.Seed, 10))
}

// ScenarioOf returns run r's scenario, decoded and validated.
func (s *Sweep) ScenarioOf(r Run) (*scenarios.Scenario, error) {
	return scenarios.Parse(s.ScenarioFile, s.ScenarioData, s.Sets(r))
}

// seedOf derives the seed of replicate r of the point with values params
// from the base seed (see the package doc).
func seedOf(base uint64, params []Value, r int) uint64 {
	pairs := make([]string, len(params))
	for i, v := range params {
		pairs[i] = v.Key + "=" + v.Literal
	}
	slices.Sort(pairs)
	h := sha256.New()
	fmt.Fprintf(h, "replaylab sweep seed 1\nbase=%d\n", base)
	for _, p := range pairs {
		fmt.Fprintf(h, "%s\n", p)
	}
	fmt.Fprintf(h, "replicate=%d\n", r)
	return binary.BigEndian.Uint64(h.Sum(nil)[:8]) >> 2
}

// checkValues checks the fixed overrides, then each varied value alone,
// against the base scenario.
func (s *Sweep) checkValues() []scenarios.Problem {
	var fixed []string
	for _, v := range s.Fixed {
		fixed = append(fixed, v.Set())
	}
	if probs := s.check(fixed, s.Fixed, ""); len(probs) > 0 {
		return probs
	}
	var probs []scenarios.Problem
	for _, ax := range s.Axes {
		for _, pos := range ax.Values {
			sets := slices.Clone(fixed)
			for _, v := range pos {
				sets = append(sets, v.Set())
			}
			probs = append(probs, s.check(sets, pos, "")...)
		}
	}
	return probs
}

// maxPointProblems stops checking points after this many bad ones: they
// usually share one cause.
const maxPointProblems = 10

// checkPoints checks every point as a whole (values can be wrong only
// together, e.g. min_events above max_events), and that no two runs share
// a seed. A single axis was covered by checkValues.
func (s *Sweep) checkPoints() []scenarios.Problem {
	var probs []scenarios.Problem
	if len(s.Axes) > 1 {
		for p := range s.Points() {
			vals := s.point(p)
			sets := s.Sets(Run{Params: vals})
			sets = sets[:len(sets)-1] // the seed is not the point's
			probs = append(probs, s.check(sets, vals, fmt.Sprintf("point %d (%s)", p, describe(vals)))...)
			if len(probs) >= maxPointProblems {
				break
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}
	seen := make(map[uint64]int, s.Len())
	for i := range s.Len() {
		r, _ := s.Run(i)
		if j, dup := seen[r.Seed]; dup {
			return []scenarios.Problem{{File: s.File, Key: "base_seed", Msg: fmt.Sprintf(
				"indices %d and %d would share seed %d; choose another base_seed", j, i, r.Seed)}}
		}
		seen[r.Seed] = i
	}
	return nil
}

// check parses the base scenario with sets and turns its problems into
// problems of the sweep file, at the line of the value they concern.
func (s *Sweep) check(sets []string, vals []Value, context string) []scenarios.Problem {
	_, err := scenarios.Parse(s.ScenarioFile, s.ScenarioData, sets)
	if err == nil {
		return nil
	}
	var se *scenarios.Error
	if !errors.As(err, &se) {
		return []scenarios.Problem{{File: s.File, Msg: err.Error()}}
	}
	var probs []scenarios.Problem
	for _, p := range se.Problems {
		probs = append(probs, s.blame(p, vals, context))
	}
	return probs
}

// blame places a scenario problem on the sweep file's line of the value
// it concerns, or of the first value when it concerns their combination.
func (s *Sweep) blame(p scenarios.Problem, vals []Value, context string) scenarios.Problem {
	if len(vals) == 0 {
		return p
	}
	prefix := ""
	if context != "" {
		prefix = context + ": "
	}
	for _, v := range vals {
		if p.File == "--set "+v.Set() || p.Key == v.Key || strings.HasPrefix(p.Key, v.Key+" ") {
			return scenarios.Problem{File: s.File, Line: v.Line, Key: displayKey(v.where),
				Msg: fmt.Sprintf("%svalue %s: %s", prefix, v.Literal, p.Msg)}
		}
	}
	v := vals[0]
	return scenarios.Problem{File: s.File, Line: v.Line, Key: displayKey(v.where),
		Msg: fmt.Sprintf("%swith %s: %s", prefix, describe(vals), p.String())}
}

// describe writes values as "key=value, key=value".
func describe(vals []Value) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = v.Key + "=" + v.Literal
	}
	return strings.Join(parts, ", ")
}
