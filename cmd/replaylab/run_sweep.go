package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/scenarios"
	"github.com/replaylab/replaylab/sweep"
)

// sweepTaskFlags are the flags of `replaylab run --sweep DIR`.
type sweepTaskFlags struct {
	dir     string
	index   int
	perTask int
}

// addSweepFlags registers --sweep, --index and --per-task on the run command.
func addSweepFlags(f *pflag.FlagSet) *sweepTaskFlags {
	s := &sweepTaskFlags{}
	f.StringVar(&s.dir, "sweep", "", "run one index of the planned sweep in this folder (see replaylab sweep plan)")
	f.IntVar(&s.index, "index", -1, "with --sweep: the index (or task, with --per-task) to run; default from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or PBS_ARRAYID")
	f.IntVar(&s.perTask, "per-task", 1, "with --sweep: run this many consecutive indices per task (task T runs T·K … T·K+K−1)")
	return s
}

// run runs the task's indices: each finished index is skipped, an
// interrupted one resumes. It stops at the first index that fails.
func (s *sweepTaskFlags) run(cmd *cobra.Command, args []string, quiet bool) error {
	if len(args) > 0 {
		return fmt.Errorf("run --sweep takes no scenario: the sweep folder names it (got %q)", args[0])
	}
	for _, name := range []string{"out", "seed", "set", "resume", "force"} {
		if cmd.Flags().Changed(name) {
			return fmt.Errorf("run --sweep: --%s does not apply: the sweep folder sets each index's output, seed and settings, and resumes by itself", name)
		}
	}
	plan, err := sweep.Open(s.dir)
	if err != nil {
		return err
	}
	task := s.index
	if !cmd.Flags().Changed("index") {
		var from string
		if task, from, err = sweep.IndexFromEnv(os.Getenv); err != nil {
			return err
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "sweep: task %d from %s\n", task, from)
	}
	indices, err := plan.TaskIndices(task, s.perTask)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	for _, i := range indices {
		opt := scenarios.Options{}
		finish := attachProgress(&opt, stderr, quiet)
		res, err := plan.RunIndex(ctx, i, sweep.TaskOptions{Version: version, Progress: opt.Progress, Logger: opt.Logger})
		finish()
		switch {
		case errors.Is(err, scenarios.ErrInterrupted):
			fmt.Fprintf(stderr, "index %d stopped with a checkpoint; run the same command again to continue\n", i)
			return exitError{code: 130, err: err}
		case errors.Is(err, record.ErrLocked):
			return exitError{code: 75, err: err}
		case err != nil:
			return err
		case res.Skipped:
			fmt.Fprintf(w, "index %d: already finished, skipped (%s)\n", i, plan.RunDir(i))
		default:
			how := "ran"
			if res.Resumed {
				how = "resumed"
			}
			fmt.Fprintf(w, "index %d: %s to the end in %.1f s: success first 40 %.2f, last 40 %.2f (%s)\n",
				i, how, res.Wall.Seconds(), res.Result.FirstSuccess, res.Result.FinalSuccess, plan.RunDir(i))
		}
	}
	return nil
}
