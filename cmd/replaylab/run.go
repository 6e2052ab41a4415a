package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/replaylab/replaylab/record"
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
		maxMemory     string
		sweepTask     *sweepTaskFlags
	)
	cmd := &cobra.Command{
		Use:   "run SCENARIO | run --resume --out DIR | run --sweep DIR [--index N] [--per-task K]",
		Short: "Run a scenario headless and write its run directory",
		Long: `Run a scenario (a .toml file, or a built-in name such as tmaze-cued) headless:
awake episodes and sleeps, writing manifest.json, episodes.csv, sleeps.csv,
replay_events.csv, arrays.npz, checkpoint/ and figures/ into the output folder.

Ctrl-C stops after the current episode with a checkpoint; "replaylab run
--resume --out DIR" continues it, taking the scenario, seed and overrides
from the folder's manifest (giving them again is allowed; they must match).
The run's memory is estimated first and a run that needs more than
--max-memory (default 80 % of the machine's memory) is refused.`,
		Args: cobra.RangeArgs(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if sweepTask.dir != "" {
				return sweepTask.run(cmd, args, quiet) // run_sweep.go
			}
			if cmd.Flags().Changed("seed") {
				if seed >= 1<<63 {
					return fmt.Errorf("--seed must be a non-negative integer below 2⁶³, got %d", seed)
				}
				sets = append(sets, fmt.Sprintf("run.seed=%d", seed))
			}
			limit, err := memoryLimit(maxMemory)
			if err != nil {
				return err
			}
			if resume && force {
				return errors.New("--resume and --force exclude each other: --resume continues the run in --out, --force starts it over")
			}
			sc, name, err := runScenario(args, sets, out, resume)
			if err != nil {
				return err
			}
			if out == "" {
				out = filepath.Join("runs", fmt.Sprintf("%s-seed%d", name, sc.Run.Seed))
			}
			// The estimate becomes the collector's soft limit: the heap is
			// collected before it outgrows what the run was budgeted for,
			// instead of growing to twice the live data (GOGC = 100).
			if est, err := scenarios.EstimateMemory(sc); err == nil {
				debug.SetMemoryLimit(est.Total)
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
			opt := scenarios.Options{Out: out, Resume: resume, Force: force, Version: version, Name: name, MaxMemory: limit}
			finish := attachProgress(&opt, stderr, quiet)
			res, err := scenarios.Run(ctx, sc, opt)
			finish()
			if errors.Is(err, scenarios.ErrInterrupted) {
				fmt.Fprintf(stderr, "stopped; continue with: replaylab run --resume --out %s\n", shellQuote(out))
				return exitError{code: 130, err: err, printed: true}
			}
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "run finished: %s\n", res.Dir)
			fmt.Fprintf(w, "  episodes %d, sleeps %d, replay events %d\n", res.Episodes, res.Sleeps, res.ReplayEvents)
			fmt.Fprintf(w, "  success: first 40 episodes %.2f, last 40 episodes %.2f\n", res.FirstSuccess, res.FinalSuccess)
			if aw := res.Awake; aw.Replays > 0 || aw.Sweeps > 0 {
				fmt.Fprintf(w, "  awake replay events %d (%.2f per episode), forward sweeps %d\n", aw.Replays,
					float64(aw.Replays)/float64(max(res.Episodes, 1)), aw.Sweeps)
			}
			if aw := res.Awake; aw.Directed > 0 {
				fmt.Fprintf(w, "  sweep direction = move made: %d of %d choices (%d of %d explored ones); sweeps reaching a reward site %d, the episode's end %d\n",
					aw.Agree, aw.Directed, aw.AgreeExplored, aw.Explored, aw.ReachReward, aw.ReachChosen)
			}
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
	f.StringVar(&maxMemory, "max-memory", "", "memory budget, e.g. 8GiB (default 80 % of physical memory)")
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
	code    int
	err     error
	printed bool // the command already told the user; main prints nothing more
}

func (e exitError) Error() string { return e.err.Error() }
func (e exitError) Unwrap() error { return e.err }
func (e exitError) ExitCode() int { return e.code }

// Printed reports that the command has already printed the problem.
func (e exitError) Printed() bool { return e.printed }

// runScenario returns the scenario to run and its name: from SCENARIO
// (args[0]) and the overrides, or, for --resume without SCENARIO, from the
// manifest of the run directory out (with any overrides applied on top,
// so that a resume that changes them is refused as a different scenario).
func runScenario(args, sets []string, out string, resume bool) (*scenarios.Scenario, string, error) {
	if len(args) == 1 {
		sc, err := scenarios.Load(args[0], sets)
		if err != nil {
			return nil, "", err
		}
		return sc, strings.TrimSuffix(filepath.Base(args[0]), ".toml"), nil
	}
	if !resume || out == "" {
		return nil, "", errors.New("want a SCENARIO (a .toml file or a built-in name), or --resume --out DIR to continue a run")
	}
	m, err := record.ReadManifest(out)
	if err != nil {
		return nil, "", fmt.Errorf("cannot resume %s: %w", out, err)
	}
	sc, err := scenarios.Parse(filepath.Join(out, record.ManifestFile), []byte(m.Resolved), sets)
	if err != nil {
		return nil, "", fmt.Errorf("cannot resume %s: its manifest's scenario: %w", out, err)
	}
	return sc, m.Scenario, nil
}

// memoryLimit parses --max-memory ("" for the default).
func memoryLimit(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	b, err := scenarios.ParseBytes(s)
	if err != nil {
		return 0, fmt.Errorf("--max-memory: %w", err)
	}
	return b, nil
}

// shellQuote quotes a path for the shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r == '/' || r == '.' || r == '-' || r == '_' || r == '+' || r == ',' || r == ':' || r == '@' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
