package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/replaylab/replaylab/scenarios"
	"github.com/spf13/cobra"
)

func newMazeCmd() *cobra.Command {
	var sets []string
	cmd := &cobra.Command{
		Use:   "maze FILE",
		Short: "Print a scenario's maze with its start, reward sites, cues, doors and shortest paths",
		Long: `Maze prints the maze of a scenario file (or built-in scenario name) as text,
generated mazes included, then its start, every reward site with its magnitude
and the shortest path from the start (in moves, doors open), the cue cells, the
doors with the phases they open in, and the observation classes.
Coordinates are (row, col) from the top-left corner.`,
		Example: "  replaylab maze tmaze-small\n  replaylab maze tmaze-cued --set task.cue_length=4 --set task.delay_length=3",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := scenarios.Load(args[0], sets)
			if err != nil {
				return err
			}
			return printMaze(cmd.OutOrStdout(), s)
		},
	}
	cmd.Flags().StringArrayVar(&sets, "set", nil, "override a scenario value (repeatable)")
	return cmd
}

func printMaze(w io.Writer, s *scenarios.Scenario) error {
	e, err := s.NewEnv()
	if err != nil {
		return err
	}
	m := e.Maze()
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s, %d rows × %d cols, %d cells\n\n", s.Source, s.Task.Kind, m.Rows, m.Cols, m.NumCells())
	for _, row := range m.Layout() {
		b.WriteString(row)
		b.WriteByte('\n')
	}
	sr, sc := m.Start()
	dist := m.Distances(sr, sc)
	fmt.Fprintf(&b, "\nstart        (%d,%d)\n", sr, sc)
	for _, r := range m.Rewards() {
		path := "unreachable"
		if d := dist[r.Place]; d >= 0 {
			path = fmt.Sprintf("%d moves", d)
		}
		fmt.Fprintf(&b, "reward site  %-8q (%d,%d) magnitude %g, shortest path from start %s\n", r.Name, r.Row, r.Col, r.Magnitude, path)
	}
	if cues := cueCells(m); len(cues) > 0 {
		fmt.Fprintf(&b, "cue cells    %d: %s\n", len(cues), strings.Join(cues, " "))
	}
	for _, d := range m.Doors() {
		open := "every phase"
		if d.Open != nil {
			open = strings.Join(d.Open, ", ")
		}
		arm := ""
		if d.Arm != "" {
			arm = ", " + d.Arm + " arm (closed in sample unless sampled)"
		}
		fmt.Fprintf(&b, "door         (%d,%d) open in: %s%s\n", d.Row, d.Col, open, arm)
	}
	fmt.Fprintf(&b, "classes      %s\n", strings.Join(m.Classes(), " "))
	fmt.Fprintf(&b, "max_steps    %d\n", s.Task.MaxSteps)
	_, err = io.WriteString(w, b.String())
	return err
}
