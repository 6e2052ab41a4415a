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
		cfg.MaxEpisodes = max(cfg.MaxEpisodes, eps)
		t0 := time.Now()
		p, err := hippocampus.MeasureCapacity(cfg, []int{5, 2, 4, 123}, T, eps, 1)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-13s %5d %.2f %5d %4d %3d  fwd %.3f rev %.3f worst %.3f complete %.2f upd/tr %.1f  (%.1fs)\n", model, n, cfg.Sparseness, cfg.ReadoutUnits, T, eps, p.Forward, p.Reverse, p.Worst, p.Complete, p.PerTrans, time.Since(t0).Seconds())
	}
}
