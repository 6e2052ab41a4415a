package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/internal/seeds"
)

// Memorisation task of MODEL.md §5, built here until env/ provides it: one
// random sequence of demoSymbols symbols over demoAlphabet, next-symbol
// prediction from one-hot inputs.
const (
	demoSymbols  = 20
	demoAlphabet = 6
	demoUnits    = 64
	demoLR       = 5e-3
)

func newDemoCmd() *cobra.Command {
	var (
		mode         string
		seed         uint64
		trials, each int
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Train the consolidator (R2N2) to memorise a sequence and report when it is perfect",
		Long: `demo trains the cortical consolidator (R2N2, n = 64 units per group, lr 5e-3) on the
memorisation task: one random sequence of 20 symbols over 6, next-symbol prediction.
Each trial is one replay: forward over the sequence, then the reverse run that
recovers the states and accumulates the error signals, then one Adam step.
It prints the loss and the fraction of correct predictions, stops at the first
trial with 100 % correct, and exits non-zero if that never happens.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDemo(cmd.OutOrStdout(), mode, seed, trials, each)
		},
	}
	cmd.Flags().StringVar(&mode, "mode", "bp", "error signals: bp, fa, published or fa-published")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "run seed (network and sequence)")
	cmd.Flags().IntVar(&trials, "trials", 10000, "maximum number of training trials")
	cmd.Flags().IntVar(&each, "every", 100, "print a progress line every this many trials")
	return cmd
}

func runDemo(out io.Writer, mode string, seed uint64, trials, each int) error {
	f, c, err := cortex.ParseMode(mode)
	if err != nil {
		return err
	}
	if trials < 1 || each < 1 {
		return fmt.Errorf("demo: --trials and --every must be >= 1, got %d and %d", trials, each)
	}
	cfg := cortex.DefaultConfig(demoUnits, demoAlphabet, demoAlphabet)
	cfg.Feedback, cfg.Carry, cfg.LR = f, c, demoLR
	net, err := cortex.New(cfg, seeds.New(seed, "cortex").Rand)
	if err != nil {
		return err
	}
	xs, targets, next := demoSequence(seed)
	ys := make([][]float64, len(xs))
	for i := range ys {
		ys[i] = make([]float64, demoAlphabet)
	}
	fmt.Fprintf(out, "memorisation: %d symbols over %d, R2N2 n=%d mode=%s lr=%g seed=%d\n",
		demoSymbols, demoAlphabet, demoUnits, mode, demoLR, seed)
	for trial := 1; trial <= trials; trial++ {
		loss, err := net.TrainSequence(xs, targets)
		if err != nil {
			return fmt.Errorf("demo: trial %d: %w", trial, err)
		}
		if err := net.Predict(xs, ys); err != nil {
			return fmt.Errorf("demo: trial %d: %w", trial, err)
		}
		correct := fractionCorrect(ys, next)
		if correct == 1 || trial%each == 0 || trial == 1 {
			fmt.Fprintf(out, "trial %6d  loss %.5f  correct %5.1f %%\n", trial, loss, 100*correct)
		}
		if correct == 1 {
			fmt.Fprintf(out, "reached 100 %% correct at trial %d\n", trial)
			return nil
		}
	}
	return fmt.Errorf("demo: not 100 %% correct within %d trials (mode %s, seed %d)", trials, mode, seed)
}

// demoSequence draws the sequence and returns one-hot inputs, one-hot
// targets and the index of each target symbol.
func demoSequence(seed uint64) (xs, targets [][]float64, next []int) {
	rng := seeds.New(seed, "memorisation")
	sym := make([]int, demoSymbols)
	for i := range sym {
		sym[i] = rng.IntN(demoAlphabet)
	}
	for t := 0; t+1 < len(sym); t++ {
		x, y := make([]float64, demoAlphabet), make([]float64, demoAlphabet)
		x[sym[t]], y[sym[t+1]] = 1, 1
		xs, targets, next = append(xs, x), append(targets, y), append(next, sym[t+1])
	}
	return xs, targets, next
}

// fractionCorrect is the fraction of outputs whose argmax is the target.
func fractionCorrect(ys [][]float64, next []int) float64 {
	ok := 0
	for t, y := range ys {
		best := 0
		for k, v := range y {
			if v > y[best] {
				best = k
			}
		}
		if best == next[t] {
			ok++
		}
	}
	return float64(ok) / float64(len(ys))
}
