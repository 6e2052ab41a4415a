package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/replaylab/replaylab/hippocampus"
)

func main() {
	model := os.Args[1]
	n, _ := strconv.Atoi(os.Args[2])
	eps, _ := strconv.Atoi(os.Args[3])
	seed := uint64(1)
	for _, a := range os.Args[4:] {
		T, _ := strconv.Atoi(a)
		var cfg hippocampus.Config
		switch model {
		case "dense":
			cfg = hippocampus.PaperConfig()
		case "sparse":
			cfg = hippocampus.DefaultConfig()
		case "sparse-direct":
			cfg = hippocampus.DefaultConfig()
			cfg.ReadoutUnits = 0
		}
		cfg.N = n
		if v := os.Getenv("F"); v != "" {
			cfg.Sparseness, _ = strconv.ParseFloat(v, 64)
		}
		if v := os.Getenv("R"); v != "" {
			cfg.ReadoutUnits, _ = strconv.Atoi(v)
			cfg.ReadoutSparseness = 100 / float64(cfg.ReadoutUnits)
		}
		if v := os.Getenv("SETTLE"); v != "" {
			cfg.SettleUpdates, _ = strconv.Atoi(v)
		}
		if v := os.Getenv("SEED"); v != "" {
			seed, _ = strconv.ParseUint(v, 10, 64)
		}
		cfg.MaxEpisodes = max(cfg.MaxEpisodes, eps)
		t0 := time.Now()
		p, err := hippocampus.MeasureCapacity(cfg, []int{5, 2, 4, 123}, T, eps, seed)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-13s %5d %.2f %5d %4d %3d  fwd %.3f rev %.3f worst %.3f complete %.2f upd/tr %.1f  (%.1fs)\n", model, n, cfg.Sparseness, cfg.ReadoutUnits, T, eps, p.Forward, p.Reverse, p.Worst, p.Complete, p.PerTrans, time.Since(t0).Seconds())
	}
}
