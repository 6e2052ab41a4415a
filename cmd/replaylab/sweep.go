package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/replaylab/replaylab/scenarios"
	"github.com/replaylab/replaylab/sweep"
)

func newSweepCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sweep",
		Short: "Plan, run and collect a study: a scenario over settings and seeds, locally or as a Slurm array",
		Long: `A sweep runs one scenario over lists and grids of settings and several seeds.
The sweep file format is described in the sweep package (go doc ./sweep) and the README.

  replaylab sweep plan SWEEP.toml --out DIR   expand into DIR/runs.csv
  replaylab sweep local DIR --jobs J          run every unfinished index here
  replaylab sweep slurm DIR --submit          write (and submit) a Slurm array script
  replaylab run --sweep DIR --index N         run one index (what each array task does)
  replaylab sweep status DIR                  done/running/stopped/failed/missing per index
  replaylab sweep collect DIR                 summary.csv, a per-point table and figures`,
	}
	cmd.AddCommand(newSweepPlanCmd(), newSweepLocalCmd(), newSweepSlurmCmd(), newSweepStatusCmd(), newSweepCollectCmd())
	return cmd
}

func newSweepPlanCmd() *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "plan SWEEP.toml --out DIR",
		Short: "Check a sweep file and expand it into DIR/runs.csv",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("sweep plan: --out DIR is required")
			}
			s, err := sweep.Load(args[0])
			if err != nil {
				return err
			}
			plan, err := sweep.Write(s, out)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d runs (%d points × %d seeds) of %s planned in %s\n",
				plan.Len(), plan.Points(), plan.Seeds, plan.Name, filepath.Join(out, sweep.RunsFile))
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "sweep folder to write")
	return cmd
}

func newSweepLocalCmd() *cobra.Command {
	var (
		jobs  int
		quiet bool
	)
	cmd := &cobra.Command{
		Use:   "local DIR [--jobs J]",
		Short: "Run every unfinished index of a planned sweep on this machine",
		Long: `Run every unfinished index of the sweep in DIR with J workers (default: one per
core). Ctrl-C stops every run after its current episode with a checkpoint; the
same command continues.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			stderr := cmd.ErrOrStderr()
			opt := sweep.LocalOptions{Jobs: jobs, Version: version}
			finish := attachSweepProgress(&opt, stderr, quiet)
			sum, err := plan.RunLocal(ctx, opt)
			finish()
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "sweep local: %d indices ran, %d failed, %d already finished; wall time %.1f s\n",
				sum.Done, sum.Failed, sum.Skipped, sum.Wall.Seconds())
			if errors.Is(err, scenarios.ErrInterrupted) {
				fmt.Fprintf(stderr, "stopped; continue with: replaylab sweep local %s\n", args[0])
				return exitError{code: 130, err: err}
			}
			return err
		},
	}
	cmd.Flags().IntVar(&jobs, "jobs", 0, "runs at a time (default: the number of cores)")
	cmd.Flags().BoolVar(&quiet, "quiet", false, "no progress display")
	return cmd
}

// attachSweepProgress shows one progress bar for the whole sweep on a
// terminal, and a log line per finished run (and every 30 s) otherwise.
func attachSweepProgress(opt *sweep.LocalOptions, stderr io.Writer, quiet bool) func() {
	if quiet {
		return func() {}
	}
	f, isFile := stderr.(*os.File)
	if !isFile || !term.IsTerminal(int(f.Fd())) {
		log := slog.New(slog.NewTextHandler(stderr, nil))
		last, lastDone := time.Now(), -1
		opt.Report = func(p sweep.LocalProgress) {
			if p.Done+p.Failed != lastDone || time.Since(last) > 30*time.Second {
				log.Info("sweep", "done", p.Done, "todo", p.Todo, "running", p.Running, "failed", p.Failed,
					"eta", p.ETA.Round(time.Second).String())
				last, lastDone = time.Now(), p.Done+p.Failed
			}
		}
		return func() {}
	}
	var bar *progressbar.ProgressBar
	opt.Report = func(p sweep.LocalProgress) {
		if bar == nil {
			bar = progressbar.NewOptions(1000, progressbar.OptionSetWriter(stderr), progressbar.OptionClearOnFinish())
		}
		bar.Describe(p.String())
		bar.Set(int(1000 * p.Fraction))
	}
	return func() {
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(stderr)
		}
	}
}

func newSweepSlurmCmd() *cobra.Command {
	var (
		opt                 sweep.SlurmOptions
		submit, onlyMissing bool
	)
	cmd := &cobra.Command{
		Use:   "slurm DIR [--partition P] [--time T] [--mem M] [--cpus C] [--max-parallel N] [--per-task K] [--only-missing] [--submit]",
		Short: "Write the sbatch array script of a planned sweep, and optionally submit it",
		Long: `Write DIR/slurm/array.sbatch, a Slurm job array (--array=0-(N-1)%P) whose tasks run
replaylab run --sweep DIR. --only-missing writes DIR/slurm/missing.sbatch with
only the tasks that still have unfinished indices (found from the results
folder, not from Slurm). --submit runs sbatch on it and prints the job id.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			if opt.Binary == "" {
				if opt.Binary, err = os.Executable(); err != nil {
					return fmt.Errorf("sweep slurm: cannot find this program's path; give --binary: %w", err)
				}
				if strings.Contains(opt.Binary, "go-build") {
					return fmt.Errorf("sweep slurm: this program (%s) is a temporary go run build that will be gone when tasks start; build one (go build -o bin/replaylab ./cmd/replaylab) or give --binary", opt.Binary)
				}
			}
			if opt.Binary, err = filepath.Abs(opt.Binary); err != nil {
				return fmt.Errorf("sweep slurm: %w", err)
			}
			w := cmd.OutOrStdout()
			if onlyMissing {
				idx := sweep.Unfinished(plan.StatusAll())
				if len(idx) == 0 {
					fmt.Fprintf(w, "every index is done or running: nothing to submit\n")
					return nil
				}
				opt.Tasks = sweep.TasksOf(idx, opt.PerTask)
				opt.Script = "missing.sbatch"
			}
			path, err := plan.WriteSlurm(opt)
			if err != nil {
				return err
			}
			tasks := plan.Tasks(opt.PerTask)
			if opt.Tasks != nil {
				tasks = len(opt.Tasks)
			}
			fmt.Fprintf(w, "wrote %s: %d array tasks\n", path, tasks)
			if !submit {
				fmt.Fprintf(w, "submit with: sbatch %s\n", path)
				return nil
			}
			outb, err := exec.CommandContext(cmd.Context(), "sbatch", "--parsable", path).CombinedOutput()
			if err != nil {
				return fmt.Errorf("sweep slurm: sbatch %s: %w: %s", path, err, strings.TrimSpace(string(outb)))
			}
			job, _, _ := strings.Cut(strings.TrimSpace(string(outb)), ";")
			fmt.Fprintf(w, "submitted job %s\n", job)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Partition, "partition", "", "Slurm partition (default: the cluster's)")
	f.StringVar(&opt.Time, "time", "", "time limit per task, e.g. 00:30:00")
	f.StringVar(&opt.Mem, "mem", "", "memory per task, e.g. 2G")
	f.IntVar(&opt.CPUs, "cpus", 1, "CPUs per task")
	f.IntVar(&opt.MaxParallel, "max-parallel", 0, "at most this many tasks at once (the array's %P; 0 for no limit)")
	f.IntVar(&opt.PerTask, "per-task", 1, "indices per array task, for short runs")
	f.StringVar(&opt.Binary, "binary", "", "the replaylab program tasks run (default: this one)")
	f.BoolVar(&onlyMissing, "only-missing", false, "only the tasks with indices not done and not running")
	f.BoolVar(&submit, "submit", false, "run sbatch on the script and print the job id")
	return cmd
}

func newSweepStatusCmd() *cobra.Command {
	var brief bool
	cmd := &cobra.Command{
		Use:   "status DIR",
		Short: "Say for each index whether it is done, running, stopped, failed or missing",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			all := plan.StatusAll()
			w := cmd.OutOrStdout()
			if !brief {
				for _, s := range all {
					if s.Detail != "" {
						fmt.Fprintf(w, "%5d  %-8s %s\n", s.Index, s.State, s.Detail)
					} else {
						fmt.Fprintf(w, "%5d  %s\n", s.Index, s.State)
					}
				}
			}
			counts := sweep.Counts(all)
			parts := make([]string, 0, len(sweep.States))
			for _, st := range sweep.States {
				parts = append(parts, fmt.Sprintf("%s %d", st, counts[st]))
			}
			fmt.Fprintf(w, "%d indices: %s\n", len(all), strings.Join(parts, ", "))
			if idx := sweep.Unfinished(all); len(idx) > 0 {
				fmt.Fprintf(w, "to run: %s\n", sweep.Ranges(idx))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&brief, "brief", false, "only the counts")
	return cmd
}

func newSweepCollectCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "collect DIR",
		Short: "Join finished runs' headline metrics with their settings: summary.csv, a per-point table, figures",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			plan, err := sweep.Open(args[0])
			if err != nil {
				return err
			}
			c, err := plan.Collect()
			if err != nil {
				return err
			}
			if err := plan.WriteSummary(c); err != nil {
				return err
			}
			figs, err := plan.WriteFigures(c)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprint(w, c.Table())
			fmt.Fprintf(w, "\n%d of %d indices finished; wrote %s\n", len(c.Runs), plan.Len(), filepath.Join(plan.Dir, sweep.SummaryFile))
			for _, f := range figs {
				fmt.Fprintf(w, "figure: %s\n", f)
			}
			if len(c.NotFinished) > 0 {
				fmt.Fprintf(w, "not finished (left out): %s\n", sweep.Ranges(c.NotFinished))
			}
			return nil
		},
	}
}
