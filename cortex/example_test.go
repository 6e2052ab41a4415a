package cortex_test

import (
	"fmt"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/internal/seeds"
)

// A consolidator learns to predict the next symbol of a short sequence, one
// replay (forward, then reverse with error signals, then Adam) per trial.
func ExampleR2N2_TrainSequence() {
	cfg := cortex.DefaultConfig(32, 3, 3) // 32 units per group, 3 symbols
	cfg.LR = 5e-3
	net, err := cortex.New(cfg, seeds.New(1, "cortex").Rand)
	if err != nil {
		fmt.Println(err)
		return
	}
	seq := []int{0, 1, 2, 2, 1, 0, 2}
	var xs, targets [][]float64
	for t := 0; t+1 < len(seq); t++ {
		x, y := make([]float64, 3), make([]float64, 3)
		x[seq[t]], y[seq[t+1]] = 1, 1
		xs, targets = append(xs, x), append(targets, y)
	}
	var first, last float64
	for trial := 0; trial < 500; trial++ {
		loss, err := net.TrainSequence(xs, targets)
		if err != nil {
			fmt.Println(err)
			return
		}
		if trial == 0 {
			first = loss
		}
		last = loss
	}
	fmt.Printf("loss fell from %.2f to below 0.05: %v\n", first, last < 0.05)
	// Output: loss fell from 0.52 to below 0.05: true
}
