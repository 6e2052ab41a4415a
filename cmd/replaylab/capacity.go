package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/replaylab/replaylab/hippocampus"
	"github.com/spf13/cobra"
)

// capacityModels are the cache variants the capacity command can measure.
var capacityModels = map[string]func(n int) hippocampus.Config{
	// dense: the paper's sign units, 40 % active, content read from the units
	"dense": func(n int) hippocampus.Config {
		c := hippocampus.PaperConfig()
		c.N = n
		return c
	},
	// sparse: the default, k-winners 5 %, content read through the expansion layer
	"sparse": func(n int) hippocampus.Config {
		c := hippocampus.DefaultConfig()
		c.N = n
		return c
	},
	// sparse-direct: k-winners 5 %, content read from the units (MODEL.md's M)
	"sparse-direct": func(n int) hippocampus.Config {
		c := hippocampus.DefaultConfig()
		c.N, c.ReadoutUnits = n, 0
		return c
	},
}

func newCapacityCmd() *cobra.Command {
	var (
		models   []string
		sizes    []int
		lengths  []int
		episodes int
		seed     uint64
		blocks   []int
	)
	cmd := &cobra.Command{
		Use:   "capacity",
		Short: "Measure the hippocampal cache's replay fidelity against episode length, N and sparseness",
		Long: `capacity stores corridor episodes (the middle half of each repeats one content
vector) in a fresh cache and replays each forward and in reverse, printing one row per
(model, N, length): mean fidelity per direction (fraction of steps with every one-hot block
decoded right), the worst replay, the fraction of replays that reached the end, and the
network updates per transition. Models: dense (sign units, 40 % active), sparse
(k-winners 5 %, expansion readout; the default cache), sparse-direct (k-winners 5 %, readout
from the units).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, m := range models {
				if capacityModels[m] == nil {
					return fmt.Errorf("capacity: unknown model %q (dense, sparse, sparse-direct)", m)
				}
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "model\tN\tf\treadout\tsteps\tepisodes\tforward\treverse\tworst\tcomplete\tupdates/transition\t")
			for _, m := range models {
				for _, n := range sizes {
					for _, T := range lengths {
						cfg := capacityModels[m](n)
						cfg.MaxEpisodes = max(cfg.MaxEpisodes, episodes)
						p, err := hippocampus.MeasureCapacity(cfg, blocks, T, episodes, seed)
						if err != nil {
							return fmt.Errorf("capacity: %s N=%d T=%d: %w", m, n, T, err)
						}
						fmt.Fprintf(tw, "%s\t%d\t%.2f\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.2f\t%.1f\t\n",
							m, n, cfg.Sparseness, cfg.ReadoutUnits, T, episodes,
							p.Forward, p.Reverse, p.Worst, p.Complete, p.PerTrans)
						tw.Flush()
					}
				}
			}
			return tw.Flush()
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&models, "models", []string{"dense", "sparse", "sparse-direct"}, "cache variants to measure")
	f.IntSliceVar(&sizes, "n", []int{500, 1000, 2000}, "numbers of units N")
	f.IntSliceVar(&lengths, "steps", []int{25, 50, 100, 200, 400}, "episode lengths")
	f.IntVar(&episodes, "episodes", 1, "episodes stored together")
	f.Uint64Var(&seed, "seed", 1, "random seed")
	f.IntSliceVar(&blocks, "blocks", []int{5, 2, 4, 123}, "widths of the content's one-hot blocks")
	return cmd
}
