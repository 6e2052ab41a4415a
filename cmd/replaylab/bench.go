package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/replaylab/replaylab/bench"
)

func newBenchCmd() *cobra.Command {
	var (
		models  string
		bands   []int
		lengths []int
		o       bench.Options
		out     string
		quiet   bool
		modelLR map[string]string
	)
	cmd := &cobra.Command{
		Use:   "bench TASK",
		Short: "Run a benchmark of the paper: " + strings.Join(bench.Tasks, " | "),
		Long: `Run one of the paper's benchmarks for R2N2 and the baselines side by side, print a
summary table and write CSV files and learning-curve figures (PNG) into --out.

Tasks: anbn (bands 1,6,11,16,21,26; up to 3000 epochs; lr 1e-2; also prints a
verdict per band on whether r2n2-bp beats rflo and the reservoir), mnist and mnist-masked
(one online epoch over the 60 000 training digits, tested on the 10 000 test
digits), memorise (20 steps over 6 symbols, 1000 trials), reconstruct (R2N2's
reverse run, exact and learned reverse synapses), memory (memory to train one
sequence of length T for R2N2 and BPTT).

--lr sets every model's learning rate, --model-lr single models' rates. In anbn
R2N2 draws a fresh initial state for every string, as the reference code does
(--fixed-init: one state per network). Runs are
spread over GOMAXPROCS goroutines (across models and seeds). See docs/benchmarks.md.`,
		Example: `  replaylab bench anbn --seeds 3 --out results/anbn
  replaylab bench mnist --models r2n2-bp,rflo --limit 5000
  replaylab bench anbn --models rflo,reservoir --lr 1e-2 --bands 1,6
  replaylab bench memory --lengths 100,1000,10000,100000`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			task := args[0]
			if err := benchOptions(cmd, task, models, modelLR, bands, lengths, &o); err != nil {
				return err
			}
			if !quiet {
				o.Log = cmd.ErrOrStderr()
			}
			start := time.Now()
			rep, err := bench.Run(task, o)
			if err != nil {
				return err
			}
			if err := printBenchReport(cmd.OutOrStdout(), rep); err != nil {
				return err
			}
			if err := rep.Write(out); err != nil {
				return err
			}
			_, err = fmt.Fprintf(cmd.OutOrStdout(), "%s: %.1fs; files in %s\n", task, time.Since(start).Seconds(), out)
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&models, "models", strings.Join(bench.AllModels, ","), "comma-separated models to run")
	f.IntVar(&o.Seeds, "seeds", 3, "number of seeds (1…K)")
	f.IntVar(&o.Epochs, "epochs", 0, "epochs (trials for memorise); 0 = the task's default")
	f.IntVar(&o.Limit, "limit", 0, "MNIST: use only the first N training digits (0 = all)")
	f.IntVar(&o.TestLimit, "test-limit", 0, "MNIST: use only the first N test digits (0 = all)")
	f.IntSliceVar(&bands, "bands", nil, "anbn: band starts m (default 1,6,11,16,21,26)")
	f.IntSliceVar(&lengths, "lengths", nil, "memory: sequence lengths (default 100,1000,10000,100000)")
	f.Float64Var(&o.LR, "lr", 0, "learning rate for every model (0 = the task's default)")
	f.StringToStringVar(&modelLR, "model-lr", nil, "per-model learning rates, e.g. rflo=1e-2,reservoir=1e-2 (override --lr)")
	f.BoolVar(&o.FixedInit, "fixed-init", false, "anbn: one initial state per R2N2 network instead of a fresh one per sequence (the reference code's)")
	f.IntVar(&o.Workers, "workers", 0, "parallel runs (0 = GOMAXPROCS)")
	f.StringVar(&o.MNISTDir, "mnist-dir", "", "folder with the MNIST .gz files (default: the GoMNIST module's data)")
	f.StringVar(&out, "out", "bench-results", "output folder for CSV files and figures")
	f.BoolVar(&quiet, "quiet", false, "no progress lines on stderr")
	cmd.AddCommand(newBenchSpeedCmd())
	return cmd
}

// newBenchSpeedCmd is `replaylab bench speed` (bench/speed.go).
func newBenchSpeedCmd() *cobra.Command {
	var o bench.SpeedOptions
	cmd := &cobra.Command{
		Use:   "speed",
		Short: "Measure this machine's speed: consolidator and cache kernels, scenario runs, sleep on 1 and 2 cores",
		Long: `Print consolidator training steps per second (n = 32 … 512), cache replay steps
per second and episode storage for the built-in cache sizes, and the wall and CPU
time of the tmaze-small run; with --paper also the paper T-maze run (tmaze-cued,
400 episodes) and one sleep of 100 replay events on its final cache at GOMAXPROCS
1 and 2. See docs/benchmarks.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Log = cmd.OutOrStdout()
			_, err := bench.Speed(o)
			return err
		},
	}
	cmd.Flags().DurationVar(&o.Budget, "budget", time.Second, "time spent on each kernel figure")
	cmd.Flags().BoolVar(&o.Paper, "paper", false, "also run the paper T-maze and time its sleeps")
	cmd.Flags().StringVar(&o.Dir, "dir", "", "where the scenario runs write (default: a temporary folder, removed)")
	cmd.Flags().StringVar(&o.SleepFrom, "sleep-from", "", "time the sleeps on this finished tmaze-cued run directory's checkpoint")
	return cmd
}

// parseModelLR checks the --model-lr pairs: known model names, positive
// finite rates.
func parseModelLR(pairs map[string]string) (map[string]float64, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	out := make(map[string]float64, len(pairs))
	for name, v := range pairs {
		if _, err := bench.ParseModels(name); err != nil {
			return nil, fmt.Errorf("--model-lr: %w", err)
		}
		lr, err := strconv.ParseFloat(v, 64)
		if err != nil || !(lr > 0) || math.IsInf(lr, 0) {
			return nil, fmt.Errorf("--model-lr: %s=%s is not a positive learning rate", name, v)
		}
		out[name] = lr
	}
	return out, nil
}

// benchOptions checks the task and the flags and completes o from them.
func benchOptions(cmd *cobra.Command, task, models string, modelLR map[string]string, bands, lengths []int, o *bench.Options) error {
	if !slices.Contains(bench.Tasks, task) {
		return fmt.Errorf("unknown task %q (want one of %s)", task, strings.Join(bench.Tasks, ", "))
	}
	if cmd.Flags().Changed("models") {
		var err error
		if o.Models, err = bench.ParseModels(models); err != nil {
			return err
		}
	}
	if o.Seeds < 1 || o.Epochs < 0 || o.Limit < 0 || o.TestLimit < 0 {
		return fmt.Errorf("--seeds must be ≥ 1 and --epochs, --limit, --test-limit ≥ 0")
	}
	if !(o.LR >= 0) || math.IsInf(o.LR, 0) {
		return fmt.Errorf("--lr must be a finite number ≥ 0 (0 = the task's default), got %v", o.LR)
	}
	if o.Workers < 0 {
		return fmt.Errorf("--workers must be ≥ 0 (0 = GOMAXPROCS), got %d", o.Workers)
	}
	var err error
	if o.ModelLR, err = parseModelLR(modelLR); err != nil {
		return err
	}
	for _, T := range lengths {
		if T < 1 {
			return fmt.Errorf("--lengths must all be ≥ 1, got %d", T)
		}
	}
	o.Bands, o.Lengths = bands, lengths
	return nil
}

// printBenchReport prints the summary table and, for a^n b^n, the verdict.
func printBenchReport(w io.Writer, rep *bench.Report) error {
	if err := bench.WriteText(w, rep.Summary); err != nil {
		return err
	}
	if rep.Verdict == nil {
		return nil
	}
	fmt.Fprintln(w)
	return bench.WriteText(w, rep.Verdict)
}
