package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/replaylab/replaylab/env"
	"github.com/replaylab/replaylab/scenarios"
	"github.com/spf13/cobra"
)

// invalidFiles is the error of validate when some files have problems.
type invalidFiles struct{ bad, total int }

func (e invalidFiles) Error() string {
	return fmt.Sprintf("%d of %d scenario files have problems", e.bad, e.total)
}

// ExitCode is 1: the problems were printed above.
func (e invalidFiles) ExitCode() int { return 1 }

func newValidateCmd() *cobra.Command {
	var (
		sets      []string
		resolved  bool
		maxMemory string
	)
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files: a summary per file, or every problem with file:line: key",
		Long: `Validate decodes each scenario file (or built-in scenario name) strictly,
applies the defaults and any --set overrides, builds its maze and task, and
prints a one-line summary per valid file. For an invalid file it prints every
problem found, one per line, as file:line: key: message, and the command
exits with status 1.`,
		Example: "  replaylab validate my-maze.toml\n  replaylab validate tmaze-cued --set task.cue_length=5 --resolved",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			limit, err := memoryLimit(maxMemory)
			if err != nil {
				return err
			}
			out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
			bad := 0
			for _, path := range args {
				s, err := scenarios.Load(path, sets)
				if err != nil {
					bad++
					fmt.Fprintln(errOut, err)
					continue
				}
				if err := summarise(out, s); err != nil {
					bad++
					fmt.Fprintln(errOut, err)
					continue
				}
				if err := scenarios.CheckMemory(s, limit); err != nil {
					bad++
					fmt.Fprintln(errOut, err)
					continue
				}
				if resolved {
					if err := s.WriteResolved(out); err != nil {
						return err
					}
				}
			}
			if bad > 0 {
				return invalidFiles{bad: bad, total: len(args)}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "override a scenario value, e.g. --set task.cue_length=5 (repeatable)")
	cmd.Flags().BoolVar(&resolved, "resolved", false, "also print each scenario with every value resolved")
	cmd.Flags().StringVar(&maxMemory, "max-memory", "", "memory budget a run may need, e.g. 8GiB (default 80 % of physical memory)")
	return cmd
}

// summarise prints one line describing a valid scenario.
func summarise(w io.Writer, s *scenarios.Scenario) error {
	e, err := s.NewEnv()
	if err != nil {
		return err
	}
	m := e.Maze()
	var sites []string
	for _, r := range m.Rewards() {
		sites = append(sites, r.Name)
	}
	var widths []string
	for _, w := range e.Encoding().PartWidths() {
		widths = append(widths, fmt.Sprint(w))
	}
	est, err := scenarios.EstimateMemory(s)
	if err != nil {
		return err
	}
	big := est.Biggest()
	_, err = fmt.Fprintf(w, "%s: ok: %s, maze %d×%d (%d cells), reward sites %s, max_steps %d, sensory %d (%s), memory about %s (most: %s, %s)\n",
		s.Source, s.Task.Kind, m.Rows, m.Cols, m.NumCells(), strings.Join(sites, ","), s.Task.MaxSteps,
		e.SensoryLen(), strings.Join(widths, "+"), scenarios.FormatBytes(est.Total), big.Name, scenarios.FormatBytes(big.Bytes))
	return err
}

// cueCells lists the cells showing the episode's cue.
func cueCells(m *env.Maze) []string {
	var cells []string
	for r := range m.Rows {
		for c := range m.Cols {
			if m.Class(r, c) == env.ClassCue {
				cells = append(cells, fmt.Sprintf("(%d,%d)", r, c))
			}
		}
	}
	return cells
}
