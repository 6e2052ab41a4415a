package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/replaylab/replaylab/scenarios"
)

func newRunCmd() *cobra.Command {
	var (
		out           string
		seed          uint64
		sets          []string
		resume, force bool
		quiet         bool
		cpuProfile    string
		sweepTask     *sweepTaskFlags
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO | run --sweep DIR [--index N] [--per-task K]",
		Short: "Run a scenario headless and write its run directory",
		Long: `Run a scenario (a .toml file, or a built-in name such as tmaze-cued) headless:
awake episodes and sleeps, writing manifest.json, episodes.csv, sleeps.csv,
replay_events.csv, arrays.npz, checkpoint/ and figures/ into the output folder.

Ctrl-C stops after the current episode with a checkpoint; --resume continues.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sweepTask.dir != "" {
				return sweepTask.run(cmd, args, quiet) // run_sweep.go
			}
			if len(args) != 1 {
				return fmt.Errorf("run needs a scenario (a .toml file or a built-in name), or --sweep DIR")
			}
			if cmd.Flags().Changed("seed") {
				sets = append(sets, fmt.Sprintf("run.seed=%d", seed))
			}
			sc, err := scenarios.Load(args[0], sets)
			if err != nil {
				return err
			}
			name := strings.TrimSuffix(filepath.Base(args[0]), ".toml")
			if out == "" {
				out = filepath.Join("runs", fmt.Sprintf("%s-seed%d", name, sc.Run.Seed))
			}
			if cpuProfile != "" {
				stopProfile, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stopProfile()
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			stderr := cmd.ErrOrStderr()
			opt := scenarios.Options{Out: out, Resume: resume, Force: force, Version: version, Name: name}
			finish := attachProgress(&opt, stderr, quiet)
			res, err := scenarios.Run(ctx, sc, opt)
			finish()
			if errors.Is(err, scenarios.ErrInterrupted) {
				fmt.Fprintf(stderr, "stopped; continue with: replaylab run %s --out %s --resume\n", args[0], out)
				return exitError{code: 130, err: err}
			}
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "run finished: %s\n", res.Dir)
			fmt.Fprintf(w, "  episodes %d, sleeps %d, replay events %d\n", res.Episodes, res.Sleeps, res.ReplayEvents)
			fmt.Fprintf(w, "  success: first 40 episodes %.2f, last 40 episodes %.2f\n", res.FirstSuccess, res.FinalSuccess)
			if res.EpisodesTo90 >= 0 {
				fmt.Fprintf(w, "  trailing 40-episode success reached 0.90 after episode %d (%d sleeps)\n", res.EpisodesTo90, res.SleepsTo90)
			}
			return nil
		},
	}
	f := cmd.Flags()
	sweepTask = addSweepFlags(f)
	f.StringVar(&out, "out", "", "run directory (default runs/NAME-seedSEED)")
	f.Uint64Var(&seed, "seed", 0, "run seed (overrides run.seed)")
	f.StringArrayVar(&sets, "set", nil, "override a scenario value, e.g. --set sleep.every=5 (repeatable)")
	f.BoolVar(&resume, "resume", false, "continue the run in --out from its checkpoint")
	f.BoolVar(&force, "force", false, "overwrite a finished run in --out")
	f.BoolVar(&quiet, "quiet", false, "no progress bar or log lines")
	f.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile (go tool pprof) to this file")
	return cmd
}

// attachProgress shows a progress bar when stderr is a terminal and plain
// log lines otherwise. It returns a function that closes the bar.
func attachProgress(opt *scenarios.Options, stderr io.Writer, quiet bool) func() {
	if quiet {
		return func() {}
	}
	f, isFile := stderr.(*os.File)
	if !isFile || !term.IsTerminal(int(f.Fd())) {
		opt.Logger = slog.New(slog.NewTextHandler(stderr, nil))
		return func() {}
	}
	var bar *progressbar.ProgressBar
	opt.Progress = func(p scenarios.Progress) {
		if bar == nil {
			bar = progressbar.NewOptions(p.Episodes, progressbar.OptionSetWriter(stderr),
				progressbar.OptionSetDescription("awake"), progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true), progressbar.OptionClearOnFinish())
		}
		bar.Describe(fmt.Sprintf("%-5s sleeps %d, success %.2f, last sleep %d events", p.Phase, p.Sleeps, p.SuccessRate, p.Events))
		bar.Set(p.Episode)
	}
	return func() {
		if bar != nil {
			bar.Finish()
			fmt.Fprintln(stderr)
		}
	}
}

// startCPUProfile starts profiling into path and returns the function that stops it.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// exitError carries an exit status with an error.
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
func (e exitError) ExitCode() int { return e.code }
