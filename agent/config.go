package agent

import (
	"fmt"
	"math"
)

// Rule is how moves are chosen: see the package doc.
type Rule int

const (
	// RulePrior is the innate locomotion prior: the prediction decides at junctions only.
	RulePrior Rule = iota
	// RulePure chooses every move from the prediction.
	RulePure
)

// Exploration is the exploration scheme at a choice.
type Exploration int

const (
	// Epsilon is ε-greedy.
	Epsilon Exploration = iota
	// Softmax samples with a temperature.
	Softmax
)

// ParseRule maps "prior" and "pure" to a Rule.
func ParseRule(s string) (Rule, error) {
	switch s {
	case "prior":
		return RulePrior, nil
	case "pure":
		return RulePure, nil
	}
	return 0, fmt.Errorf("agent: unknown action rule %q (want prior or pure)", s)
}

// String returns "prior" or "pure".
func (r Rule) String() string {
	if r == RulePure {
		return "pure"
	}
	return "prior"
}

// ParseExploration maps "epsilon" and "softmax" to an Exploration.
func ParseExploration(s string) (Exploration, error) {
	switch s {
	case "epsilon":
		return Epsilon, nil
	case "softmax":
		return Softmax, nil
	}
	return 0, fmt.Errorf("agent: unknown exploration %q (want epsilon or softmax)", s)
}

// Retention is how an episode is tagged for the cache's forgetting
// (hippocampus.Cache.SetSalience): the least salient is forgotten first,
// the oldest among equals.
type Retention int

const (
	// RetainRewarded tags each episode with its reward: a full cache
	// forgets unrewarded episodes before rewarded ones.
	RetainRewarded Retention = iota
	// RetainRecent tags nothing: a full cache forgets its oldest episode,
	// so it holds the latest experience whatever its outcome (what a rule
	// that learns from unrewarded episodes needs, sleep.RuleOutcome).
	RetainRecent
)

// ParseRetention maps "rewarded" and "recent" to a Retention.
func ParseRetention(s string) (Retention, error) {
	switch s {
	case "rewarded":
		return RetainRewarded, nil
	case "recent":
		return RetainRecent, nil
	}
	return 0, fmt.Errorf("agent: unknown retention %q (want rewarded or recent)", s)
}

// String returns "rewarded" or "recent".
func (r Retention) String() string {
	if r == RetainRecent {
		return "recent"
	}
	return "rewarded"
}

// Config sets the policy.
type Config struct {
	Rule        Rule
	Exploration Exploration
	// ε-greedy: linear decay from start to end over the given number of episodes.
	EpsilonStart, EpsilonEnd float64
	EpsilonDecayEpisodes     int
	// softmax: the same for the temperature.
	TemperatureStart, TemperatureEnd float64
	TemperatureDecayEpisodes         int
	// Retention tags episodes for the cache's forgetting.
	Retention Retention
	// Persistence L ≥ 1 (ε-greedy only): an exploratory move is kept on
	// the following steps, each time with probability 1 − 1/L (a run of L
	// moves on average), for as long as it stays allowed and exploration
	// is not over. 1 (or 0, read as 1) is one-step ε-greedy.
	Persistence float64
}

// DefaultConfig returns the prior rule with ε decaying from 1 to 0.05 over 100 episodes.
func DefaultConfig() Config {
	return Config{Rule: RulePrior, Exploration: Epsilon, EpsilonStart: 1, EpsilonEnd: 0.05,
		EpsilonDecayEpisodes: 100, TemperatureStart: 1, TemperatureEnd: 0.05, TemperatureDecayEpisodes: 100}
}

// Validate reports the first invalid setting.
func (c Config) Validate() error {
	bad := func(v float64) bool { return math.IsNaN(v) || v < 0 }
	switch {
	case bad(c.EpsilonStart) || c.EpsilonStart > 1 || bad(c.EpsilonEnd) || c.EpsilonEnd > 1:
		return fmt.Errorf("agent: epsilon must be in [0, 1], got start %g end %g", c.EpsilonStart, c.EpsilonEnd)
	case bad(c.TemperatureStart) || bad(c.TemperatureEnd):
		return fmt.Errorf("agent: temperature must be ≥ 0, got start %g end %g", c.TemperatureStart, c.TemperatureEnd)
	case c.EpsilonDecayEpisodes < 0 || c.TemperatureDecayEpisodes < 0:
		return fmt.Errorf("agent: decay episodes must be ≥ 0")
	case math.IsNaN(c.Persistence) || (c.Persistence != 0 && c.Persistence < 1):
		return fmt.Errorf("agent: exploration persistence must be ≥ 1, got %g", c.Persistence)
	}
	return nil
}
