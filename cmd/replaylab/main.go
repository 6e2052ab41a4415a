// Command replaylab is the headless command line of replaylab: it runs
// scenarios, benchmarks and sweeps, validates scenario files and prints mazes.
// It never links the Ebiten viewer, so it runs on machines with no display.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

// version is the program version written into every run's manifest.
// Release builds override it with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// subcommands lists the constructors of every subcommand; each lives in its
// own file.
var subcommands = []func() *cobra.Command{
	newVersionCmd,
	newDemoCmd,
	newCapacityCmd,
	newRunCmd,
	newBenchCmd,
	newValidateCmd, newMazeCmd,
	newSweepCmd,
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:           "replaylab",
		Short:         "Replay as backpropagation through time: an agent with a hippocampal cache and a reversible cortex",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	for _, sub := range subcommands {
		root.AddCommand(sub())
	}
	return root
}

func main() {
	if err := newRootCmd().Execute(); err != nil {
		var p interface{ Printed() bool }
		if !errors.As(err, &p) || !p.Printed() {
			fmt.Fprintln(os.Stderr, "replaylab:", err)
		}
		var ec exitCoder
		if errors.As(err, &ec) {
			os.Exit(ec.ExitCode())
		}
		os.Exit(1)
	}
}

// exitCoder is an error that asks for a particular exit status.
type exitCoder interface{ ExitCode() int }
