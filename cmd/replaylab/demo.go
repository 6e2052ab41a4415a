package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
	"github.com/replaylab/replaylab/internal/seeds"
)

// The memorisation task of MODEL.md §5 (datasets.Memorise: one random string of
// 20 symbols over 6, next-symbol prediction) with the paper's settings.
const (
	demoSymbols  = datasets.MemoriseLength
	demoAlphabet = datasets.MemoriseSymbols
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
	task, err := datasets.Memorise(seeds.New(seed, "memorisation").Rand, demoSymbols, demoAlphabet)
	if err != nil {
		return err
	}
	xs, targets := task.Inputs, task.Targets
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
		correct := 1 - float64(datasets.CountWrong(ys, targets))/float64(len(ys))
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
