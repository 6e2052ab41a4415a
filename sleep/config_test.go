package sleep

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestPlan(t *testing.T) {
	base := Config{Events: 7, MaxEvents: 40, MinEvents: 3, Window: 4}
	ones := func(n int, v float64) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = v
		}
		return s
	}
	cases := []struct {
		name    string
		budget  BudgetRule
		success []float64
		loss    []float64
		want    int
	}{
		{"fixed", BudgetFixed, ones(4, 1), ones(4, 1), 7},
		{"off", BudgetOff, ones(4, 0), ones(4, 1), 0},
		{"reward-rate at chance", BudgetRewardRate, []float64{1, 0, 1, 0}, nil, 20},
		{"reward-rate at 3/4", BudgetRewardRate, []float64{1, 1, 1, 0}, nil, 10},
		{"reward-rate perfect", BudgetRewardRate, ones(4, 1), nil, 0},
		{"reward-rate counts only the window", BudgetRewardRate, []float64{0, 0, 0, 1, 1, 1, 1}, nil, 0},
		{"reward-rate with no episodes", BudgetRewardRate, nil, nil, 40},
		// 0.1·ln 0.5 + 1 = 0.9307 → ⌊37.2⌋ = 37
		{"prediction-error 0.5", BudgetPredictionError, nil, ones(4, 0.5), 37},
		// ln 20 > 0: capped at 1
		{"prediction-error large", BudgetPredictionError, nil, ones(4, 20), 40},
		// 0.1·ln 1e-6 + 1 < 0 → N_min
		{"prediction-error tiny", BudgetPredictionError, nil, ones(4, 1e-6), 3},
		{"prediction-error zero", BudgetPredictionError, nil, ones(4, 0), 3},
	}
	for _, c := range cases {
		cfg := base
		cfg.Budget = c.budget
		if got := cfg.Plan(c.success, c.loss); got != c.want {
			t.Errorf("%s: Plan = %d, want %d", c.name, got, c.want)
		}
	}
}

func TestParseAndValidate(t *testing.T) {
	for _, n := range []string{"rewarded", "all", "prioritised"} {
		s, err := ParseSelection(n)
		if err != nil || s.String() != n {
			t.Errorf("ParseSelection(%q) = %v, %v", n, s, err)
		}
	}
	for _, n := range []string{"fixed", "reward-rate", "prediction-error", "off"} {
		b, err := ParseBudget(n)
		if err != nil || b.String() != n {
			t.Errorf("ParseBudget(%q) = %v, %v", n, b, err)
		}
	}
	if _, err := ParseBudget("lots"); err == nil || err.Error() != `sleep: unknown budget "lots" (want fixed, reward-rate, prediction-error or off)` {
		t.Errorf("ParseBudget(lots): %v", err)
	}
	bad := DefaultConfig()
	bad.MinEvents, bad.MaxEvents = 5, 2
	if err := bad.Validate(); err == nil || !strings.Contains(err.Error(), "min_events 5 exceeds max_events 2") {
		t.Errorf("Validate: %v", err)
	}
	bad = DefaultConfig()
	bad.Window = 0
	if err := bad.Validate(); err == nil || err.Error() != "sleep: window must be ≥ 1, got 0" {
		t.Errorf("Validate: %v", err)
	}
}

// Prioritised selection replays rewarded episodes in proportion to their
// surprise and never an unrewarded one.
func TestPrioritisedSelection(t *testing.T) {
	s, err := New(Config{Select: SelectPrioritised, Budget: BudgetFixed, Window: 1}, 1, []int{1}, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	pool := []Candidate{
		{Episode: 0, Rewarded: true, Reward: 1, Surprise: 0.9},
		{Episode: 1, Rewarded: true, Reward: 1, Surprise: 0.1},
	}
	counts := map[int]int{}
	for range 10000 {
		counts[s.pick(pool).Episode]++
	}
	// expected share of episode 0: 0.901 / (0.901 + 0.101) ≈ 0.899
	if share := float64(counts[0]) / 10000; share < 0.88 || share > 0.92 {
		t.Errorf("surprising episode drawn %.3f of the time, want ≈ 0.90", share)
	}
	held := []Candidate{{Episode: 2, Rewarded: false}, {Episode: 3, Rewarded: true}}
	if got := len(s.eligibleFrom(held)); got != 1 {
		t.Errorf("%d eligible, want only the rewarded one", got)
	}
}
