package main

import (
	"fmt"

	"github.com/replaylab/replaylab/hippocampus"
	"github.com/replaylab/replaylab/scenarios"
	"github.com/spf13/cobra"
)

// capacityModels are the cache variants the capacity command can measure.
// Each takes N and the sparseness (ignored by dense, which is 40 % active).
var capacityModels = map[string]func(n int, f float64) hippocampus.Config{
	// dense: the paper's sign units, 40 % active, content read from the units
	"dense": func(n int, _ float64) hippocampus.Config {
		c := hippocampus.PaperConfig()
		c.N = n
		return c
	},
	// sparse: the default k-winners cache, content read through the expansion layer
	"sparse": func(n int, f float64) hippocampus.Config {
		c := hippocampus.DefaultConfig()
		c.N, c.Sparseness = n, f
		return c
	},
	// sparse-direct: k-winners, content read from the units (MODEL.md's M)
	"sparse-direct": func(n int, f float64) hippocampus.Config {
		c := hippocampus.DefaultConfig()
		c.N, c.Sparseness, c.ReadoutUnits = n, f, 0
		return c
	},
}

func newCapacityCmd() *cobra.Command {
	var (
		models   []string
		sizes    []int
		sparse   []float64
		lengths  []int
		episodes int
		seed     uint64
		blocks   []int
		maxMem   string
	)
	cmd := &cobra.Command{
		Use:   "capacity",
		Short: "Measure the hippocampal cache's replay fidelity against episode length, N and sparseness",
		Long: `capacity stores corridor episodes (the middle half of each repeats one content
vector) in a fresh cache and replays each forward and in reverse, printing one row per
(model, N, length): mean fidelity per direction (fraction of steps with every one-hot block
decoded right), the worst replay, the fraction of replays that reached the end, and the
network updates per transition. Models: dense (sign units, 40 % active), sparse
(k-winners, expansion readout: the default cache), sparse-direct (k-winners, readout from
the units); --sparseness sets the k-winners models' fraction of active units.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, m := range models {
				if capacityModels[m] == nil {
					return fmt.Errorf("capacity: unknown model %q (dense, sparse, sparse-direct)", m)
				}
			}
			limit, err := memoryLimit(maxMem)
			if err != nil {
				return err
			}
			if err := checkCapacityArgs(models, sizes, sparse, lengths, episodes, blocks, limit); err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			const row = "%-13s %5s %5s %7s %5s %8s %7s %7s %6s %8s %18s\n"
			fmt.Fprintf(out, row, "model", "N", "f", "readout", "steps", "episodes", "forward", "reverse", "worst", "complete", "updates/transition")
			for _, m := range models {
				fs := sparse
				if m == "dense" {
					fs = []float64{0.4}
				}
				for _, r := range capacityRows(sizes, fs, lengths) {
					cfg := capacityModels[m](r.n, r.f)
					cfg.MaxEpisodes = max(cfg.MaxEpisodes, episodes)
					p, err := hippocampus.MeasureCapacity(cfg, blocks, r.steps, episodes, seed)
					if err != nil {
						return fmt.Errorf("capacity: %s N=%d f=%v T=%d: %w", m, r.n, r.f, r.steps, err)
					}
					fmt.Fprintf(out, row, m, fmt.Sprint(r.n), fmt.Sprintf("%.2f", cfg.Sparseness),
						fmt.Sprint(cfg.ReadoutUnits), fmt.Sprint(r.steps), fmt.Sprint(episodes),
						fmt.Sprintf("%.3f", p.Forward), fmt.Sprintf("%.3f", p.Reverse), fmt.Sprintf("%.3f", p.Worst),
						fmt.Sprintf("%.2f", p.Complete), fmt.Sprintf("%.1f", p.PerTrans))
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&models, "models", []string{"dense", "sparse", "sparse-direct"}, "cache variants to measure")
	f.IntSliceVar(&sizes, "n", []int{500, 1000, 2000}, "numbers of units N")
	f.Float64SliceVar(&sparse, "sparseness", []float64{0.03, 0.05}, "fractions of active units of the k-winners models")
	f.IntSliceVar(&lengths, "steps", []int{25, 50, 100, 200, 400}, "episode lengths")
	f.IntVar(&episodes, "episodes", 1, "episodes stored together")
	f.Uint64Var(&seed, "seed", 1, "random seed")
	f.IntSliceVar(&blocks, "blocks", []int{5, 2, 4, 123}, "widths of the content's one-hot blocks")
	f.StringVar(&maxMem, "max-memory", "", "memory budget, e.g. 8GiB (default 80 % of physical memory)")
	return cmd
}

type capacityRow struct {
	n     int
	f     float64
	steps int
}

// capacityRows lists the table's rows: N outermost, then sparseness, then length.
func capacityRows(sizes []int, fs []float64, lengths []int) []capacityRow {
	var rows []capacityRow
	for _, n := range sizes {
		for _, f := range fs {
			for _, T := range lengths {
				rows = append(rows, capacityRow{n, f, T})
			}
		}
	}
	return rows
}

// checkCapacityArgs refuses flag values out of range, and a cache whose
// memory estimate exceeds the budget (limit, 0 for the default), before
// anything is allocated.
func checkCapacityArgs(models []string, sizes []int, fs []float64, lengths []int, episodes int, blocks []int, limit int64) error {
	const most = 1_000_000_000
	for _, n := range sizes {
		if n < 2 || n > most {
			return fmt.Errorf("capacity: --n %d: want 2 to %d units", n, most)
		}
	}
	for _, f := range fs {
		if !(f > 0 && f < 1) {
			return fmt.Errorf("capacity: --sparseness %v: want a fraction in (0, 1)", f)
		}
	}
	for _, T := range lengths {
		if T < 2 || T > most {
			return fmt.Errorf("capacity: --steps %d: want 2 to %d steps", T, most)
		}
	}
	if episodes < 1 || episodes > most {
		return fmt.Errorf("capacity: --episodes %d: want 1 to %d", episodes, most)
	}
	for _, b := range blocks {
		if b < 1 || b > most {
			return fmt.Errorf("capacity: --blocks %d: want widths of 1 to %d", b, most)
		}
	}
	if limit == 0 {
		limit = scenarios.DefaultMaxMemory()
	}
	if limit <= 0 {
		return nil
	}
	for _, m := range models {
		fs := fs
		if m == "dense" {
			fs = []float64{0.4}
		}
		for _, r := range capacityRows(sizes, fs, lengths) {
			cfg := capacityModels[m](r.n, r.f)
			cfg.MaxEpisodes = max(cfg.MaxEpisodes, episodes)
			if need := hippocampus.EstimateBytes(cfg, blocks, r.steps*episodes); need > limit {
				return fmt.Errorf("capacity: %s N=%d needs about %s of memory (the cache's sequence matrices grow as N²), more than the limit of %s; lower --n or raise --max-memory",
					m, r.n, scenarios.FormatBytes(need), scenarios.FormatBytes(limit))
			}
		}
	}
	return nil
}
