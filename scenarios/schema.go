package scenarios

import "github.com/replaylab/replaylab/sleep"

// SchemaVersion is the scenario schema this package reads and writes.
const SchemaVersion = 1

// Scenario is one decoded, defaulted and validated scenario file. Every
// field has its default from Default unless the file or a --set gave it.
type Scenario struct {
	SchemaVersion int                `toml:"schema_version"`
	Description   string             `toml:"description"`
	Maze          MazeSection        `toml:"maze"`
	Task          TaskSection        `toml:"task"`
	Agent         AgentSection       `toml:"agent"`
	Cortex        CortexSection      `toml:"cortex"`
	Hippocampus   HippocampusSection `toml:"hippocampus"`
	Sleep         SleepSection       `toml:"sleep"`
	Awake         AwakeSection       `toml:"awake"`
	Run           RunSection         `toml:"run"`

	// Source is the file name errors are reported against (not in the file).
	Source string `toml:"-"`
}

// MazeSection is the [maze] section: an ASCII layout (one character per cell, rows
// as lines) and the legend entries that add to or replace the default
// legend (env.DefaultLegend). An empty layout asks for a generated maze:
// a T-maze for cued-tmaze (from cue_length, delay_length, branch_length)
// and delayed-alternation (from stem_length, branch_length, with doors), a
// straight track for linear-track (track_length); goal needs a layout.
type MazeSection struct {
	Layout string                 `toml:"layout"`
	Legend map[string]LegendEntry `toml:"legend"`
}

// LegendEntry is one [maze.legend] entry, e.g.
// `L = { kind = "reward", name = "left", magnitude = 1.0 }`.
type LegendEntry struct {
	Kind      string   `toml:"kind"`                // wall, floor, start, reward, cue, door
	Class     string   `toml:"class,omitempty"`     // observation class; "" = the kind's default, "cue" = the episode's cue
	Name      string   `toml:"name,omitempty"`      // reward: site name ("left"/"right" for the T-mazes)
	Magnitude *float64 `toml:"magnitude,omitempty"` // reward: paid when the task rewards the site (default 1)
	Open      []string `toml:"open,omitempty"`      // door: phases in which it is open (default: every phase)
	Arm       string   `toml:"arm,omitempty"`       // door: "left"/"right" arm it closes in the sample phase
}

// TaskSection is the [task] section (see env.Task for each kind's rule).
type TaskSection struct {
	Kind         string  `toml:"kind"`          // cued-tmaze | delayed-alternation | linear-track | goal
	CueLength    int     `toml:"cue_length"`    // cued-tmaze generated layout: cue cells (start included)
	DelayLength  int     `toml:"delay_length"`  // cued-tmaze generated layout: plain stem cells after the cue
	BranchLength int     `toml:"branch_length"` // generated T-mazes: cells per arm, reward site included
	StemLength   int     `toml:"stem_length"`   // delayed-alternation generated layout: stem cells below the start
	TrackLength  int     `toml:"track_length"`  // linear-track generated layout: cells from end to end
	CueSide      string  `toml:"cue_side"`      // random | alternate | left | right
	DelaySteps   int     `toml:"delay_steps"`   // delayed-alternation: steps held at the start before the choice
	SampleReward float64 `toml:"sample_reward"` // delayed-alternation: paid at the end of the sample run
	Runs         int     `toml:"runs"`          // linear-track: paid runs per episode
	MaxSteps     int     `toml:"max_steps"`     // truncation; 0 in a file = automatic, resolved on load
	ObsNoise     float64 `toml:"obs_noise"`     // σ of Gaussian noise on the sensory vector
	Observation  string  `toml:"observation"`   // "+"-joined set of class, view, place (env.ParseObservation)
	ViewRadius   int     `toml:"view_radius"`   // view: cells seen in each direction
	PlaceCells   int     `toml:"place_cells"`   // place: place cells (0 = one per non-wall cell)
	PlaceSigma   float64 `toml:"place_sigma"`   // place: Gaussian field width σ, in cells
}

// AgentSection is the [agent] section: how actions are chosen.
type AgentSection struct {
	// Kind is the learner: replaylab (consolidator, cache and sleep) or a
	// tabular baseline, q-learning or dyna-q (package baseline), which
	// uses the exploration settings below and Alpha, Gamma, PlanningSteps.
	Kind                     string  `toml:"kind"`           // replaylab | q-learning | dyna-q
	Alpha                    float64 `toml:"alpha"`          // baselines: learning rate α
	Gamma                    float64 `toml:"gamma"`          // baselines: discount γ
	PlanningSteps            int     `toml:"planning_steps"` // dyna-q: simulated updates per real step
	ActionRule               string  `toml:"action_rule"`    // prior | pure
	Exploration              string  `toml:"exploration"`    // epsilon | softmax
	EpsilonStart             float64 `toml:"epsilon_start"`
	EpsilonEnd               float64 `toml:"epsilon_end"`
	EpsilonDecayEpisodes     int     `toml:"epsilon_decay_episodes"`
	TemperatureStart         float64 `toml:"temperature_start"`
	TemperatureEnd           float64 `toml:"temperature_end"`
	TemperatureDecayEpisodes int     `toml:"temperature_decay_episodes"`
	// Retention is how episodes are tagged for the cache's forgetting:
	// rewarded (unrewarded forgotten first) | recent (oldest forgotten first).
	Retention string `toml:"retention"`
	// ExplorePersistence L ≥ 1 (ε-greedy): an exploratory move is kept on
	// later steps with probability 1 − 1/L each (runs of L moves on
	// average, as an exploring animal runs on); 1 is one-step ε-greedy.
	ExplorePersistence float64 `toml:"explore_persistence"`
}

// CortexSection is the [cortex] section: the consolidator (MODEL.md §2).
type CortexSection struct {
	N            int     `toml:"n"`             // units per group (A and B)
	Tau          float64 `toml:"tau"`           // time constant τ
	Gain         float64 `toml:"gain"`          // g of the recurrent initialisation
	FeedbackGain float64 `toml:"feedback_gain"` // g_fb of the FA matrices
	Mode         string  `toml:"mode"`          // bp | fa | published | fa-published
	Reverse      string  `toml:"reverse"`       // exact | learned
	LR           float64 `toml:"lr"`            // Adam learning rate
	// Reverse replay (issue 13): the learned fit's sample ring and source,
	// the segmenting variant, the segment length K (0: from the measured
	// reversal horizon) and the reversal tolerance.
	ReverseSamples int     `toml:"reverse_samples"` // ring capacity; 0 = 4·n
	ReverseSource  string  `toml:"reverse_source"`  // current | ring
	Segmenting     string  `toml:"segmenting"`      // replay | checkpoint | off
	SegmentLen     int     `toml:"segment_len"`     // 0 = from the measured horizon
	ReversalTol    float64 `toml:"reversal_tol"`    // largest reconstruction error trained on
}

// HippocampusSection is the [hippocampus] section: the cache (MODEL.md §3).
type HippocampusSection struct {
	N           int     `toml:"n"`            // sign units
	Sparseness  float64 `toml:"sparseness"`   // fraction of active units per pattern
	Tau         float64 `toml:"tau"`          // τ_c
	Timing      string  `toml:"timing"`       // self-timed | oscillation
	HalfPeriod  int     `toml:"half_period"`  // oscillation: steps per transition
	MaxEpisodes int     `toml:"max_episodes"` // cached episodes kept (oldest dropped)
	Decay       float64 `toml:"decay"`        // weight decay after each sleep, in [0, 1)
}

// SleepSection is the [sleep] section (MODEL.md §4).
type SleepSection struct {
	Every     int    `toml:"every"`      // awake episodes between sleeps
	Select    string `toml:"select"`     // rewarded | all | prioritised
	Budget    string `toml:"budget"`     // fixed | reward-rate | prediction-error | off
	Events    int    `toml:"events"`     // fixed: replay events per sleep
	MaxEvents int    `toml:"max_events"` // N_max
	MinEvents int    `toml:"min_events"` // N_min
	Window    int    `toml:"window"`     // recent episodes for r̄ and ē
	// MeasureAfter runs an evaluation-only forward replay after each update
	// to record the loss after it.
	MeasureAfter bool `toml:"measure_after"`
	// MinConfidence is the cache confidence below which a replayed step is
	// not trained on.
	MinConfidence float64 `toml:"min_confidence"`
	// Rule forms the error signal of a replay event: imitate (every
	// replayed move with weight 1) or outcome (the action entries weighted
	// by the episode's advantage; sleep/outcome.go). Gamma is the discount
	// of the replayed return and AdvantageGain the gain on the advantage.
	Rule          string  `toml:"rule"`
	Gamma         float64 `toml:"gamma"`
	AdvantageGain float64 `toml:"advantage_gain"`
	// Credit assigns the outcome to the moves (outcome rule): episode
	// (every move the episode's advantage) or step (each move its
	// return-to-go against the others replayed at its place).
	Credit string `toml:"credit"`
	// ImitationFloor is the least weight of a move on a rewarded route
	// whose advantage is ≥ 0 (outcome rule; 0: none).
	ImitationFloor float64 `toml:"imitation_floor"`
	// SpliceEvents is the number of spliced replay events per sleep (the
	// shortest route to reward in the sleep's replays joined where they
	// share a state; 0: none).
	SpliceEvents int `toml:"splice_events"`
}

// AwakeSection is the [awake] section: replay while awake (agent/doc.go,
// sleep/doc.go). Everything is off by default.
type AwakeSection struct {
	// ReverseAtReward runs ReverseEvents awake replay events of an episode
	// right after it was rewarded (Foster & Wilson 2006): each trains the
	// consolidator exactly as a sleep replay event of that episode does.
	ReverseAtReward bool `toml:"reverse_at_reward"`
	ReverseEvents   int  `toml:"reverse_events"`
	// ReverseRule is how many: "every" rewarded episode gets ReverseEvents;
	// "surprise" gets round(ReverseEvents · (1 − ŷ_r)), ŷ_r the
	// consolidator's predicted reward entry (clipped to [0, 1]) at the step
	// the reward arrived: an expected reward is not replayed.
	ReverseRule string `toml:"reverse_rule"`
	// ForwardSweeps makes an imagined rollout of the consolidator at every
	// choice step (Johnson & Redish 2007), SweepSteps imagined steps at
	// most; with SweepPolicy one rollout per allowed move, and the move
	// whose rollout predicts reward soonest (discount SweepDiscount per
	// step) is taken.
	ForwardSweeps bool    `toml:"forward_sweeps"`
	SweepSteps    int     `toml:"sweep_steps"`
	SweepPolicy   bool    `toml:"sweep_policy"`
	SweepDiscount float64 `toml:"sweep_discount"`
}

// RunSection is the [run] section.
type RunSection struct {
	Sessions int `toml:"sessions"` // awake+sleep cycles
	// Demonstrations is the number of scripted expert episodes lived
	// before the agent's own (agent.Agent.Demonstrate), stored in the cache
	// like any episode; the first sleep follows them and sleep.every more.
	Demonstrations int    `toml:"demonstrations"`
	Seed           uint64 `toml:"seed"`
	RecordHidden   bool   `toml:"record_hidden"`
	GIF            bool   `toml:"gif"`
	// CheckpointEvery is the number of sleeps between checkpoints.
	CheckpointEvery int `toml:"checkpoint_every"`
}

// Default returns the scenario every file starts from: the paper's cued
// T-maze (cue 22, delay 52, branch 24) with the paper's defaults.
func Default() Scenario {
	return Scenario{
		SchemaVersion: SchemaVersion,
		Task: TaskSection{
			Kind: "cued-tmaze", CueLength: 22, DelayLength: 52, BranchLength: 24,
			StemLength: 4, TrackLength: 12, CueSide: "random", DelaySteps: 10, Runs: 2,
			Observation: "class", ViewRadius: 1, PlaceSigma: 1,
		},
		Agent: AgentSection{
			Kind: "replaylab", Alpha: 0.1, Gamma: 0.95, PlanningSteps: 10,
			ActionRule: "prior", Exploration: "epsilon",
			EpsilonStart: 1.0, EpsilonEnd: 0.05, EpsilonDecayEpisodes: 100,
			TemperatureStart: 1.0, TemperatureEnd: 0.05, TemperatureDecayEpisodes: 100,
			Retention: "rewarded", ExplorePersistence: 1,
		},
		Cortex: CortexSection{N: 64, Tau: 10, Gain: 1.5, FeedbackGain: 1.0, Mode: "bp", Reverse: "exact", LR: 1e-3,
			ReverseSource: "current", Segmenting: "replay", ReversalTol: 1e-6},
		Hippocampus: HippocampusSection{
			N: 2000, Sparseness: 0.03, Tau: 6, Timing: "self-timed", HalfPeriod: 30, MaxEpisodes: 10, Decay: 0,
		},
		Sleep: SleepSection{Every: 10, Select: "rewarded", Budget: "reward-rate", Events: 20, MaxEvents: 40, MinEvents: 2, Window: 20, MeasureAfter: true,
			MinConfidence: 0.85, Rule: "imitate", Gamma: sleep.DefaultGamma, AdvantageGain: sleep.DefaultAdvantageGain, Credit: "episode"},
		Awake: AwakeSection{ReverseEvents: 1, ReverseRule: "every", SweepSteps: 40, SweepDiscount: 0.9},
		Run:   RunSection{Sessions: 100, Seed: 1, CheckpointEvery: 10},
	}
}
