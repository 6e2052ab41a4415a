package sleep

import (
	"fmt"
	"math"

	"github.com/replaylab/replaylab/hippocampus"
	"gonum.org/v1/gonum/stat"
)

// Selection is which cached episodes a replay event may pick.
type Selection int

const (
	// SelectRewarded picks among rewarded episodes only (the paper's choice).
	SelectRewarded Selection = iota
	// SelectAll picks among all held episodes.
	SelectAll
	// SelectPrioritised picks rewarded episodes with probability proportional
	// to reward × (largest per-step awake loss + 0.001).
	SelectPrioritised
)

var selectionNames = []string{"rewarded", "all", "prioritised"}

// String returns the selection's name as written in scenario files.
func (s Selection) String() string { return selectionNames[s] }

// ParseSelection maps a scenario name to a Selection.
func ParseSelection(s string) (Selection, error) {
	for i, n := range selectionNames {
		if n == s {
			return Selection(i), nil
		}
	}
	return 0, fmt.Errorf("sleep: unknown selection %q (want rewarded, all or prioritised)", s)
}

// Rule is how a replay event's error signal is formed (outcome.go).
type Rule int

const (
	// RuleImitate learns every entry of the next sensory vector from every
	// replayed step with weight 1: the move taken is imitated, whatever the
	// episode's outcome (the paper's rule).
	RuleImitate Rule = iota
	// RuleOutcome weights the action entries of the targets by the
	// episode's advantage A = (G − V)/G_max: A > 0 pulls the prediction
	// toward the move taken, A < 0 pushes the taken move's entry toward 0.
	RuleOutcome
)

var ruleNames = []string{"imitate", "outcome"}

// String returns the rule's name as written in scenario files.
func (r Rule) String() string { return ruleNames[r] }

// ParseRule maps a scenario name to a Rule.
func ParseRule(s string) (Rule, error) {
	for i, n := range ruleNames {
		if n == s {
			return Rule(i), nil
		}
	}
	return 0, fmt.Errorf("sleep: unknown rule %q (want imitate or outcome)", s)
}

// Credit is how RuleOutcome assigns the outcome to the moves of an episode.
type Credit int

const (
	// CreditEpisode gives every move of an event the episode's advantage
	// A = (G − V)/max G.
	CreditEpisode Credit = iota
	// CreditStep gives the move at step t the advantage of its return-to-go
	// against the other returns-to-go replayed at the same place:
	// A_t = (G_t − V(z_t))/max G(z_t) (outcome.go).
	CreditStep
)

var creditNames = []string{"episode", "step"}

// String returns the credit's name as written in scenario files.
func (c Credit) String() string { return creditNames[c] }

// ParseCredit maps a scenario name to a Credit.
func ParseCredit(s string) (Credit, error) {
	for i, n := range creditNames {
		if n == s {
			return Credit(i), nil
		}
	}
	return 0, fmt.Errorf("sleep: unknown credit %q (want episode or step)", s)
}

// BudgetRule is how many replay events a sleep runs.
type BudgetRule int

const (
	// BudgetFixed runs Config.Events events.
	BudgetFixed BudgetRule = iota
	// BudgetRewardRate runs ⌊(1 − r̄)·MaxEvents⌋.
	BudgetRewardRate
	// BudgetPredictionError runs max(⌊min(0.1·ln ē + 1, 1)·MaxEvents⌋, MinEvents).
	BudgetPredictionError
	// BudgetOff runs none: no replay, no learning in sleep.
	BudgetOff
)

var budgetNames = []string{"fixed", "reward-rate", "prediction-error", "off"}

// String returns the rule's name as written in scenario files.
func (b BudgetRule) String() string { return budgetNames[b] }

// ParseBudget maps a scenario name to a BudgetRule.
func ParseBudget(s string) (BudgetRule, error) {
	for i, n := range budgetNames {
		if n == s {
			return BudgetRule(i), nil
		}
	}
	return 0, fmt.Errorf("sleep: unknown budget %q (want fixed, reward-rate, prediction-error or off)", s)
}

// Config sets the sleep phase.
type Config struct {
	Select       Selection
	Budget       BudgetRule
	Events       int  // events per sleep for BudgetFixed
	MaxEvents    int  // N_max of the adaptive rules
	MinEvents    int  // N_min of the prediction-error rule
	Window       int  // recent episodes that r̄ and ē average over
	MeasureAfter bool // run an evaluation-only forward replay after each update (loss after)
	// MinConfidence is the cache confidence below which a replayed step is
	// not trusted (faithful.go).
	MinConfidence float64
	// Rule forms the error signal (outcome.go); Gamma is the discount γ of
	// the replayed return and AdvantageGain the gain κ on the advantage
	// (RuleOutcome only).
	Rule          Rule
	Gamma         float64
	AdvantageGain float64
	// Credit assigns the outcome to moves (RuleOutcome only): per episode
	// (the default) or per step against the place's other returns.
	Credit Credit
	// ImitationFloor ν ≥ 0 is the least weight of the move made at a step
	// with A ≥ 0 from which the replay reached a reward (RuleOutcome only;
	// 0: none): a route as good as the others keeps being imitated.
	ImitationFloor float64
	// SpliceEvents is the number of spliced replay events per sleep
	// (splice.go; 0: none): the shortest route to reward that the sleep's
	// replays contain when joined where they share a state, imitated.
	SpliceEvents int
}

// DefaultConfig returns the reward-rate rule over rewarded episodes.
func DefaultConfig() Config {
	return Config{Select: SelectRewarded, Budget: BudgetRewardRate, Events: 20, MaxEvents: 40,
		MinEvents: 2, Window: 20, MeasureAfter: true, MinConfidence: hippocampus.DefaultMinConfidence,
		Rule: RuleImitate, Gamma: DefaultGamma, AdvantageGain: DefaultAdvantageGain}
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	switch {
	case c.Events < 0 || c.MaxEvents < 0 || c.MinEvents < 0 || c.SpliceEvents < 0:
		return fmt.Errorf("sleep: event counts must be ≥ 0 (events %d, max_events %d, min_events %d, splice_events %d)",
			c.Events, c.MaxEvents, c.MinEvents, c.SpliceEvents)
	case c.MinEvents > c.MaxEvents:
		return fmt.Errorf("sleep: min_events %d exceeds max_events %d", c.MinEvents, c.MaxEvents)
	case !(c.MinConfidence >= 0 && c.MinConfidence <= 1):
		return fmt.Errorf("sleep: min_confidence must be in [0, 1], got %v", c.MinConfidence)
	case c.Window < 1:
		return fmt.Errorf("sleep: window must be ≥ 1, got %d", c.Window)
	case c.Rule == RuleOutcome && !(c.Gamma > 0 && c.Gamma <= 1):
		return fmt.Errorf("sleep: gamma must be in (0, 1], got %v", c.Gamma)
	case c.Rule == RuleOutcome && !(c.AdvantageGain >= 0 && !math.IsInf(c.AdvantageGain, 0)):
		return fmt.Errorf("sleep: advantage_gain must be finite and ≥ 0, got %v", c.AdvantageGain)
	case c.Rule == RuleOutcome && !(c.ImitationFloor >= 0 && !math.IsInf(c.ImitationFloor, 0)):
		return fmt.Errorf("sleep: imitation_floor must be finite and ≥ 0, got %v", c.ImitationFloor)
	}
	return nil
}

// Plan returns the number of replay events of the next sleep, from the
// success (1 or 0) and mean awake loss of recent episodes, newest last; only
// the last Window count.
func (c Config) Plan(success, loss []float64) int {
	success, loss = lastN(success, c.Window), lastN(loss, c.Window)
	switch c.Budget {
	case BudgetFixed:
		return c.Events
	case BudgetRewardRate:
		if len(success) == 0 {
			return c.MaxEvents
		}
		return int(math.Floor((1 - mean(success)) * float64(c.MaxEvents)))
	case BudgetPredictionError:
		if len(loss) == 0 {
			return c.MaxEvents
		}
		e := mean(loss)
		f := 0.0 // a perfect prediction asks for the minimum
		if e > 0 {
			f = min(0.1*math.Log(e)+1, 1)
		}
		return max(int(math.Floor(f*float64(c.MaxEvents))), c.MinEvents)
	}
	return 0
}

func lastN(s []float64, n int) []float64 {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}

func mean(s []float64) float64 { return stat.Mean(s, nil) }
