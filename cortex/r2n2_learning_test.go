package cortex

import (
	"math/rand/v2"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

var _ SequenceModel = (*R2N2)(nil)

// seedStream is the stream the memorisation sequence of a seed is drawn from.
func seedStream(seed uint64) *rand.Rand { return seeds.New(seed, "sequence").Rand }

// trialsToPerfect trains r on the memorisation task until every next-symbol
// prediction is right, and returns the number of trials (0 if never within
// maxTrials).
func trialsToPerfect(t *testing.T, r *R2N2, xs, targets [][]float64, next []int, maxTrials int) int {
	t.Helper()
	for trial := 1; trial <= maxTrials; trial++ {
		if _, err := r.TrainSequence(xs, targets); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if r2FractionCorrect(t, r, xs, next) == 1 {
			return trial
		}
	}
	return 0
}

// memorisationNet is the memorisation set-up of MODEL.md §5: n = 64, one-hot
// inputs and targets over 6 symbols, lr 5e-3, the given mode.
func memorisationNet(t *testing.T, mode string, seed uint64) *R2N2 {
	t.Helper()
	f, c, err := ParseMode(mode)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig(64, 6, 6)
	cfg.Feedback, cfg.Carry, cfg.LR = f, c, 5e-3
	return newR2N2ForTest(t, cfg, seed)
}

// TestMemorisation: one random sequence of 20 symbols over 6 (19 next-symbol
// predictions), n = 64, lr 5e-3, seeds 1–10 each with its own sequence. It
// reports, per mode, how many seeds reach 100 % correct within the trial
// budget, instead of choosing seeds that do: bp must converge for every
// seed, FA for at least minRate of them (measured rates and trials in
// docs/benchmarks.md, "Memorisation convergence").
func TestMemorisation(t *testing.T) {
	if testing.Short() {
		t.Skip("trains 20 networks, up to a minute")
	}
	const seeds = 10
	for _, tc := range []struct {
		mode      string
		maxTrials int
		minRate   float64
	}{{"bp", 2500, 1}, {"fa", 6000, 0.6}} {
		var trials []int
		converged := 0
		for seed := uint64(1); seed <= seeds; seed++ {
			r := memorisationNet(t, tc.mode, seed)
			xs, targets, next := r2Memorisation(seedStream(seed), 20, 6)
			got := trialsToPerfect(t, r, xs, targets, next, tc.maxTrials)
			trials = append(trials, got)
			if got > 0 {
				converged++
			}
		}
		rate := float64(converged) / seeds
		t.Logf("%s: %d of %d seeds 100%% correct within %d trials (trials per seed, 0 = never: %v)", tc.mode, converged, seeds, tc.maxTrials, trials)
		if rate < tc.minRate {
			t.Errorf("%s: convergence rate %.1f over %d seeds, want ≥ %.1f", tc.mode, rate, seeds, tc.minRate)
		}
	}
}

// gradientCosines returns the cosine between r's update (its mean gradient on
// the task) and the true gradient (a BP twin with the same weights), over
// W_in, W_AB, W_BA together (W_out's update is exact in every mode).
func gradientCosines(t *testing.T, r *R2N2, xs, targets [][]float64) float64 {
	t.Helper()
	bp := r2Clone(r, FeedbackTransposed)
	bp.cfg.Carry = CarryExact
	if _, err := bp.ComputeGradients(xs, targets); err != nil {
		t.Fatal(err)
	}
	if _, err := r.ComputeGradients(xs, targets); err != nil {
		t.Fatal(err)
	}
	hidden := func(m Matrices) []float64 {
		return append(append(append([]float64(nil), m.In.Data...), m.AB.Data...), m.BA.Data...)
	}
	return r2Cosine(hidden(r.Gradients()), hidden(bp.Gradients()))
}

func TestGradientAlignment(t *testing.T) {
	if testing.Short() {
		t.Skip("trains for a second")
	}
	xs, targets, _ := r2Memorisation(seeds.New(1, "sequence").Rand, 20, 6)
	// Measured: fa 0.492 after 1500 trials; published 0.894 at trial 0
	// (0.968 with W_out included; MODEL.md: ≈ 0.98).
	for _, tc := range []struct {
		mode   string
		trials int
		min    float64
	}{{"fa", 1500, 0.2}, {"published", 0, 0.85}} {
		r := memorisationNet(t, tc.mode, 1)
		for i := 0; i < tc.trials; i++ {
			if _, err := r.TrainSequence(xs, targets); err != nil {
				t.Fatal(err)
			}
		}
		got := gradientCosines(t, r, xs, targets)
		t.Logf("%s after %d trials: cosine(update, true gradient) over W_in, W_AB, W_BA = %.3f", tc.mode, tc.trials, got)
		if got < tc.min {
			t.Errorf("%s after %d trials: cosine %.3f < %.2f", tc.mode, tc.trials, got, tc.min)
		}
	}
}
