package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/env"
)

// validator collects every problem of a decoded scenario.
type validator struct {
	file  string
	lines *lineIndex
	set   map[string]bool // keys given by --set
	probs []Problem
}

func (v *validator) add(key, format string, args ...any) {
	v.addAt(key, 0, format, args...)
}

// addAt adds a problem; line 0 means "the key's line".
func (v *validator) addAt(key string, line int, format string, args ...any) {
	p := Problem{File: v.file, Key: key, Msg: fmt.Sprintf(format, args...)}
	switch {
	case v.set[key]:
		p.Key = key + " (from --set)"
	case line > 0:
		p.Line = line
	default:
		p.Line = v.lines.line(key)
	}
	v.probs = append(v.probs, p)
}

func (v *validator) oneOf(key, got string, want ...string) {
	if !slices.Contains(want, got) {
		v.add(key, "got %s, want one of: %s", quote(got), strings.Join(want, ", "))
	}
}

func (v *validator) intMin(key string, got, lo int) {
	if got < lo {
		v.add(key, "must be ≥ %d, got %d", lo, got)
	} else if got > maxCount {
		v.add(key, "must be ≤ %d, got %d", maxCount, got)
	}
}

// maxReward bounds every reward magnitude, so that no episode's summed
// reward can overflow (|reward| · max_steps stays far below 1e308).
const maxReward = 1e9

// maxAdvantageGain bounds sleep.advantage_gain: the action weights are κ·|A| with |A| ≤ 1.
const maxAdvantageGain = 1e3

// maxCacheTau is the largest τ_c: the cache's self-timed transitions take
// about τ_c updates each and are cut off after 200.
const maxCacheTau = 50

// maxCells bounds the cells of a written layout (a 500×500 maze).
const maxCells = 250_000

// layoutCells returns rows × the widest row of a layout text, in characters.
func layoutCells(layout string) int {
	rows, widest := 0, 0
	for _, line := range strings.Split(strings.Trim(layout, "\n"), "\n") {
		rows++
		widest = max(widest, utf8.RuneCountInString(strings.TrimRight(line, "\r")))
	}
	return rows * widest
}

// maxPlanningSteps bounds Dyna-Q's simulated updates per real step.
const maxPlanningSteps = 10_000

// maxCount bounds every count and length, so that no arithmetic on them
// overflows and no typo allocates the machine away.
const maxCount = 1_000_000_000

// floatIn checks lo ≤ got ≤ hi (strict bounds where open is set).
func (v *validator) floatIn(key string, got, lo, hi float64, openLo, openHi bool) {
	bad := math.IsNaN(got) || got < lo || got > hi || (openLo && got == lo) || (openHi && got == hi)
	if !bad {
		return
	}
	l, h := "[", "]"
	if openLo {
		l = "("
	}
	if openHi {
		h = ")"
	}
	hs := fmt.Sprint(hi)
	if math.IsInf(hi, 1) {
		hs = "∞"
	}
	v.add(key, "must be a number in %s%g, %s%s, got %g", l, lo, hs, h, got)
}

var inf = math.Inf(1)

// validate checks every section, builds the maze and the task, and fills
// in the resolved values (max_steps, the legend in use).
func (v *validator) validate(s *Scenario) {
	a := s.Agent
	v.oneOf("agent.kind", a.Kind, "replaylab", "q-learning", "dyna-q")
	v.floatIn("agent.alpha", a.Alpha, 0, 1, true, false)
	v.floatIn("agent.gamma", a.Gamma, 0, 1, false, false)
	v.intMin("agent.planning_steps", a.PlanningSteps, 0)
	if a.PlanningSteps > maxPlanningSteps {
		v.add("agent.planning_steps", "must be ≤ %d, got %d", maxPlanningSteps, a.PlanningSteps)
	}
	v.oneOf("agent.action_rule", a.ActionRule, "prior", "pure")
	v.oneOf("agent.exploration", a.Exploration, "epsilon", "softmax")
	v.oneOf("agent.retention", a.Retention, "rewarded", "recent")
	v.floatIn("agent.explore_persistence", a.ExplorePersistence, 1, inf, false, true)
	v.floatIn("agent.epsilon_start", a.EpsilonStart, 0, 1, false, false)
	v.floatIn("agent.epsilon_end", a.EpsilonEnd, 0, 1, false, false)
	v.intMin("agent.epsilon_decay_episodes", a.EpsilonDecayEpisodes, 0)
	v.floatIn("agent.temperature_start", a.TemperatureStart, 0, inf, true, true)
	v.floatIn("agent.temperature_end", a.TemperatureEnd, 0, inf, true, true)
	v.intMin("agent.temperature_decay_episodes", a.TemperatureDecayEpisodes, 0)

	c := s.Cortex
	v.intMin("cortex.n", c.N, 1)
	v.floatIn("cortex.tau", c.Tau, 1, inf, true, true)
	v.floatIn("cortex.gain", c.Gain, 0, inf, true, true)
	v.floatIn("cortex.feedback_gain", c.FeedbackGain, 0, inf, true, true)
	v.oneOf("cortex.mode", c.Mode, "bp", "fa", "published", "fa-published")
	v.oneOf("cortex.reverse", c.Reverse, "exact", "learned")
	v.floatIn("cortex.lr", c.LR, 0, inf, true, true)
	v.intMin("cortex.reverse_samples", c.ReverseSamples, 0)
	if c.Reverse == "learned" && c.ReverseSamples > 0 && c.ReverseSamples < c.N {
		v.add("cortex.reverse_samples", "must be 0 (4·n) or ≥ n (%d) with learned reverse synapses, got %d", c.N, c.ReverseSamples)
	}
	v.oneOf("cortex.reverse_source", c.ReverseSource, "current", "ring")
	v.oneOf("cortex.segmenting", c.Segmenting, "replay", "checkpoint", "off")
	v.intMin("cortex.segment_len", c.SegmentLen, 0)
	if c.SegmentLen > cortex.MaxSegment {
		v.add("cortex.segment_len", "must be ≤ %d, got %d", cortex.MaxSegment, c.SegmentLen)
	}
	v.floatIn("cortex.reversal_tol", c.ReversalTol, 0, inf, false, true)

	h := s.Hippocampus
	v.intMin("hippocampus.n", h.N, 2)
	v.floatIn("hippocampus.sparseness", h.Sparseness, 0, 1, true, true)
	// A transition takes about τ_c updates, and a self-timed one is cut
	// off after hippocampus.DefaultConfig().MaxStepsPerTransition = 200.
	v.floatIn("hippocampus.tau", h.Tau, 1, maxCacheTau, false, false)
	v.oneOf("hippocampus.timing", h.Timing, "self-timed", "oscillation")
	v.intMin("hippocampus.half_period", h.HalfPeriod, 1)
	v.intMin("hippocampus.max_episodes", h.MaxEpisodes, 1)
	v.floatIn("hippocampus.decay", h.Decay, 0, 1, false, true)

	sl := s.Sleep
	v.intMin("sleep.every", sl.Every, 1)
	v.oneOf("sleep.select", sl.Select, "rewarded", "all", "prioritised")
	v.oneOf("sleep.budget", sl.Budget, "fixed", "reward-rate", "prediction-error", "off")
	v.intMin("sleep.events", sl.Events, 0)
	v.intMin("sleep.max_events", sl.MaxEvents, 1)
	v.intMin("sleep.min_events", sl.MinEvents, 0)
	if sl.MinEvents > sl.MaxEvents && sl.MaxEvents >= 1 {
		v.add("sleep.min_events", "must be ≤ max_events (%d), got %d", sl.MaxEvents, sl.MinEvents)
	}
	v.intMin("sleep.window", sl.Window, 1)
	v.floatIn("sleep.min_confidence", sl.MinConfidence, 0, 1, false, false)
	v.oneOf("sleep.rule", sl.Rule, "imitate", "outcome")
	v.floatIn("sleep.gamma", sl.Gamma, 0, 1, true, false)
	v.floatIn("sleep.advantage_gain", sl.AdvantageGain, 0, maxAdvantageGain, false, false)
	v.oneOf("sleep.credit", sl.Credit, "episode", "step")
	v.floatIn("sleep.imitation_floor", sl.ImitationFloor, 0, maxAdvantageGain, false, false)
	v.intMin("sleep.splice_events", sl.SpliceEvents, 0)

	aw := s.Awake
	v.intMin("awake.reverse_events", aw.ReverseEvents, 1)
	v.oneOf("awake.reverse_rule", aw.ReverseRule, "every", "surprise")
	v.intMin("awake.sweep_steps", aw.SweepSteps, 1)
	v.floatIn("awake.sweep_discount", aw.SweepDiscount, 0, 1, true, false)
	if aw.SweepPolicy && !aw.ForwardSweeps {
		v.add("awake.sweep_policy", "the sweep policy decides by forward sweeps: set awake.forward_sweeps = true too")
	}

	v.intMin("run.sessions", s.Run.Sessions, 1)
	if s.Run.Seed >= 1<<63 {
		v.add("run.seed", "must be a non-negative integer below 2⁶³, got %d", s.Run.Seed)
	}
	v.intMin("run.demonstrations", s.Run.Demonstrations, 0)
	if s.Run.Demonstrations > 0 && a.Kind != "replaylab" {
		v.add("run.demonstrations", "the tabular baselines take no demonstrations (agent.kind = %s); set it to 0", quote(a.Kind))
	}
	v.intMin("run.checkpoint_every", s.Run.CheckpointEvery, 1)

	t := s.Task
	before := len(v.probs)
	v.oneOf("task.kind", t.Kind, env.TaskKinds()...)
	v.oneOf("task.cue_side", t.CueSide, env.CueSides()...)
	v.intMin("task.cue_length", t.CueLength, 1)
	v.intMin("task.delay_length", t.DelayLength, 0)
	v.intMin("task.branch_length", t.BranchLength, 1)
	v.intMin("task.stem_length", t.StemLength, 0)
	v.intMin("task.track_length", t.TrackLength, 3)
	v.intMin("task.delay_steps", t.DelaySteps, 0)
	v.floatIn("task.sample_reward", t.SampleReward, 0, maxReward, false, false)
	v.intMin("task.runs", t.Runs, 1)
	v.intMin("task.max_steps", t.MaxSteps, 0)
	v.floatIn("task.obs_noise", t.ObsNoise, 0, inf, false, true)
	if _, err := env.ParseObservation(t.Observation); err != nil {
		v.add("task.observation", "%v", err)
	}
	v.intMin("task.view_radius", t.ViewRadius, 1)
	if t.ViewRadius > env.MaxViewRadius {
		v.add("task.view_radius", "must be ≤ %d, got %d", env.MaxViewRadius, t.ViewRadius)
	}
	v.intMin("task.place_cells", t.PlaceCells, 0)
	if t.PlaceCells > env.MaxPlaceCells {
		v.add("task.place_cells", "must be ≤ %d, got %d", env.MaxPlaceCells, t.PlaceCells)
	}
	v.floatIn("task.place_sigma", t.PlaceSigma, 0, float64(env.MaxMazeRows), true, false)
	if len(v.probs) > before {
		return // the maze and the task need sane task parameters
	}
	if cells := layoutCells(s.Maze.Layout); cells > maxCells {
		v.add("maze.layout", "the maze has %d cells, at most %d: the cache stores one content entry per cell for every step (8 bytes each), and building a maze this size alone takes gigabytes", cells, maxCells)
		return
	}
	v.buildWorld(s)
}
