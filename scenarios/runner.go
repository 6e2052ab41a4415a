package scenarios

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"

	"github.com/replaylab/replaylab/agent"
	"github.com/replaylab/replaylab/baseline"
	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/hippocampus"
	"github.com/replaylab/replaylab/internal/seeds"
	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/sleep"
	"gonum.org/v1/gonum/stat"
)

// ErrInterrupted is returned by Run when its context was cancelled: the run
// stopped after the current episode and wrote a checkpoint, and Resume
// continues it.
var ErrInterrupted = errors.New("run interrupted; continue it with --resume")

// Options says where a run writes and how it reports.
type Options struct {
	Out    string // run directory
	Resume bool   // continue the run in Out from its checkpoint
	Force  bool   // overwrite a finished run in Out
	// MaxMemory is the memory budget in bytes (0: DefaultMaxMemory). A
	// scenario whose estimate (EstimateMemory) exceeds it is refused
	// before anything is allocated.
	MaxMemory int64
	Version   string // program version for the manifest
	Name      string // scenario name for the manifest
	// Progress, if set, is called after every episode and every sleep.
	Progress func(Progress)
	Logger   *slog.Logger // plain log lines; nil for none
}

// Progress is a snapshot of a running scenario.
type Progress struct {
	Episode, Episodes int     // episodes done and planned
	Sleeps            int     // sleeps done
	Phase             string  // "awake" or "sleep"
	SuccessRate       float64 // over the sleep window of recent episodes
	Loss              float64 // the last episode's awake prediction loss
	Events            int     // replay events of the last sleep
	// Log is the run's record so far, for observers (the live viewer):
	// read it only during the Progress call; entries already in it never
	// change.
	Log *Log
}

// Result summarises a finished run.
type Result struct {
	Dir            string
	Episodes       int
	Sleeps         int
	ReplayEvents   int
	FinalSuccess   float64 // success over the last min(40, episodes) episodes
	FirstSuccess   float64 // success over the first min(40, episodes) episodes
	EpisodesTo90   int     // first episode after which the trailing 40-episode success is ≥ 0.9 (-1 never)
	SleepsTo90     int     // sleeps completed by then (-1 never)
	Record         *Log    // the whole record of the run
	Awake          AwakeSummary
	ResolvedConfig string // the scenario as run, resolved TOML
}

// world is everything a run assembles from its scenario.
type world struct {
	sc      *Scenario
	env     *env.Env
	cortex  *cortex.R2N2
	cache   *hippocampus.Cache
	agent   *agent.Agent
	sleeper *sleep.Sleeper
	// baseline is the tabular learner when agent.kind names one (then
	// the agent, consolidator, cache and sleeper are built but unused).
	baseline *baseline.Learner
	streams  map[string]*seeds.Stream
	places   int
	sensory  int
	blocks   []int // cache content blocks: sensory blocks, then place
}

// streamNames are the run's random streams, one per subsystem.
var streamNames = []string{"env", "cortex", "hippocampus", "policy", "sleep"}

// assemble builds env, consolidator, cache, agent and sleeper from the
// scenario, each drawing from its own stream of the run seed.
func assemble(sc *Scenario) (*world, error) {
	e, err := sc.NewEnv()
	if err != nil {
		return nil, err
	}
	w := &world{sc: sc, env: e, streams: map[string]*seeds.Stream{}}
	for _, n := range streamNames {
		w.streams[n] = seeds.New(sc.Run.Seed, n)
	}
	w.sensory = e.SensoryLen()
	w.places = e.Maze().NumCells()
	w.blocks = append(append([]int(nil), e.Blocks()...), w.places)

	ccfg, err := sc.cortexConfig(w.sensory)
	if err != nil {
		return nil, err
	}
	if w.cortex, err = cortex.New(ccfg, w.streams["cortex"].Rand); err != nil {
		return nil, fmt.Errorf("cortex: %w", err)
	}
	hcfg, err := sc.hippocampusConfig()
	if err != nil {
		return nil, err
	}
	if w.cache, err = hippocampus.New(hcfg, w.blocks, w.streams["hippocampus"].Rand); err != nil {
		return nil, err
	}
	if err := w.newAgent(w.cortex, w.cache); err != nil {
		return nil, err
	}
	scfg, err := sc.sleepConfig()
	if err != nil {
		return nil, err
	}
	if w.sleeper, err = sleep.New(scfg, w.sensory, w.blocks, w.streams["sleep"].Rand); err != nil {
		return nil, err
	}
	w.sleeper.SetExpand(placeExpander(e.Encoding(), w.sensory))
	if err := w.newBaseline(); err != nil {
		return nil, err
	}
	return w, nil
}

func (sc *Scenario) cortexConfig(width int) (cortex.Config, error) {
	c := sc.Cortex
	cfg := cortex.DefaultConfig(c.N, width, width)
	var err error
	if cfg.Feedback, cfg.Carry, err = cortex.ParseMode(c.Mode); err != nil {
		return cfg, err
	}
	switch c.Reverse {
	case "exact":
		cfg.Reverse = cortex.ReverseExact
	case "learned":
		cfg.Reverse = cortex.ReverseLearned
	default:
		return cfg, fmt.Errorf("cortex.reverse: %q, want exact or learned", c.Reverse)
	}
	cfg.Tau, cfg.Gain, cfg.FeedbackGain, cfg.LR = c.Tau, c.Gain, c.FeedbackGain, c.LR
	cfg.Loss = cortex.LossMSE
	if cfg.ReverseSource, err = cortex.ParseSampleSource(c.ReverseSource); err != nil {
		return cfg, fmt.Errorf("cortex.reverse_source: %w", err)
	}
	if cfg.Segmenting, err = cortex.ParseSegmenting(c.Segmenting); err != nil {
		return cfg, fmt.Errorf("cortex.segmenting: %w", err)
	}
	cfg.ReverseSamples, cfg.SegmentLen, cfg.ReversalTol = c.ReverseSamples, c.SegmentLen, c.ReversalTol
	return cfg, nil
}

func (sc *Scenario) hippocampusConfig() (hippocampus.Config, error) {
	h := sc.Hippocampus
	cfg := hippocampus.DefaultConfig()
	cfg.N, cfg.Sparseness, cfg.Tau = h.N, h.Sparseness, h.Tau
	cfg.HalfPeriod, cfg.MaxEpisodes, cfg.Decay = h.HalfPeriod, h.MaxEpisodes, h.Decay
	switch h.Timing {
	case "self-timed":
		cfg.Timing = hippocampus.SelfTimed
	case "oscillation":
		cfg.Timing = hippocampus.Oscillation
	default:
		return cfg, fmt.Errorf("hippocampus.timing: %q, want self-timed or oscillation", h.Timing)
	}
	return cfg, cfg.Validate()
}

func (sc *Scenario) agentConfig() (agent.Config, error) {
	a := sc.Agent
	cfg := agent.Config{EpsilonStart: a.EpsilonStart, EpsilonEnd: a.EpsilonEnd, EpsilonDecayEpisodes: a.EpsilonDecayEpisodes,
		TemperatureStart: a.TemperatureStart, TemperatureEnd: a.TemperatureEnd, TemperatureDecayEpisodes: a.TemperatureDecayEpisodes,
		Persistence: a.ExplorePersistence}
	var err error
	if cfg.Rule, err = agent.ParseRule(a.ActionRule); err != nil {
		return cfg, err
	}
	if cfg.Exploration, err = agent.ParseExploration(a.Exploration); err != nil {
		return cfg, err
	}
	if cfg.Retention, err = agent.ParseRetention(a.Retention); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

func (sc *Scenario) sleepConfig() (sleep.Config, error) {
	s := sc.Sleep
	cfg := sleep.Config{Events: s.Events, MaxEvents: s.MaxEvents, MinEvents: s.MinEvents, Window: s.Window,
		MeasureAfter: s.MeasureAfter, MinConfidence: s.MinConfidence, Gamma: s.Gamma, AdvantageGain: s.AdvantageGain,
		ImitationFloor: s.ImitationFloor, SpliceEvents: s.SpliceEvents}
	var err error
	if cfg.Select, err = sleep.ParseSelection(s.Select); err != nil {
		return cfg, err
	}
	if cfg.Budget, err = sleep.ParseBudget(s.Budget); err != nil {
		return cfg, err
	}
	if cfg.Rule, err = sleep.ParseRule(s.Rule); err != nil {
		return cfg, err
	}
	if cfg.Credit, err = sleep.ParseCredit(s.Credit); err != nil {
		return cfg, err
	}
	return cfg, cfg.Validate()
}

// Run runs the scenario headless and writes its run directory (see the
// package doc of record and the README for the files). Cancelling ctx stops
// the run after the current episode with a checkpoint and ErrInterrupted.
func Run(ctx context.Context, sc *Scenario, opt Options) (*Result, error) {
	// The budget is checked before anything is allocated or created.
	if err := CheckMemory(sc, opt.MaxMemory); err != nil {
		return nil, err
	}
	dir, err := record.Open(opt.Out, opt.Resume, opt.Force)
	if err != nil {
		return nil, err
	}
	defer dir.Close()
	if opt.Resume && dir.Previous.Status == record.StatusFinished {
		return nil, fmt.Errorf("the run in %s already finished; nothing to resume (to run it again, use --force without --resume)", opt.Out)
	}
	r, err := newRun(sc, dir, opt)
	if err != nil {
		return nil, err
	}
	if opt.Resume {
		if err := r.resume(); err != nil {
			return nil, err
		}
	}
	if err := r.begin(); err != nil {
		return nil, err
	}
	if r.w.baseline != nil {
		err = r.loopBaseline(ctx)
	} else {
		err = r.loop(ctx)
	}
	switch {
	case errors.Is(err, ErrInterrupted):
		if cerr := r.checkpoint(); cerr != nil {
			return nil, errors.Join(err, cerr)
		}
		return nil, err
	case err != nil:
		r.fail(err)
		return nil, err
	}
	return r.finish()
}

// resume continues the run of the directory: from its checkpoint, or from
// the beginning when it was stopped before its first checkpoint (same
// scenario required, so the outputs come out the same).
func (r *run) resume() error {
	if r.dir.Checkpoint {
		return r.restore()
	}
	if r.dir.Previous.Resolved != r.resolved {
		return fmt.Errorf("resume: %s", r.differs())
	}
	if !r.dir.Previous.Created.IsZero() {
		r.created = r.dir.Previous.Created
	}
	r.logger().Info("restarting from the beginning: the run stopped before its first checkpoint")
	return nil
}

// differs is the message for a resume with a scenario other than the run's.
func (r *run) differs() string {
	return fmt.Sprintf("the scenario differs from the one the run in %s started with (see its manifest.json); "+
		"resume with --resume --out %s alone, or use --force to start afresh", r.dir.Path(), r.dir.Path())
}

// successStats returns the mean success of the first and last n episodes.
func successStats(success []float64, n int) (first, last float64) {
	if len(success) == 0 {
		return math.NaN(), math.NaN()
	}
	n = min(n, len(success))
	return mean(success[:n]), mean(success[len(success)-n:])
}

func mean(s []float64) float64 { return stat.Mean(s, nil) }

// newAgent makes the agent around a consolidator and a cache (at assembly,
// and again after a resume loads them), drawing from the policy stream.
func (w *world) newAgent(cx *cortex.R2N2, cache *hippocampus.Cache) error {
	acfg, err := w.sc.agentConfig()
	if err != nil {
		return err
	}
	a, err := agent.New(acfg, cx, cache, w.streams["policy"].Rand)
	if err != nil {
		return err
	}
	a.RecordHidden(w.sc.Run.RecordHidden)
	aw := w.sc.Awake
	if err := a.SetSweeps(agent.SweepConfig{On: aw.ForwardSweeps, Steps: aw.SweepSteps, Policy: aw.SweepPolicy,
		Discount: aw.SweepDiscount}); err != nil {
		return err
	}
	w.cortex, w.cache, w.agent = cx, cache, a
	return nil
}
