package bench

import (
	"math/rand/v2"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
)

// setRun is the outcome of training one model on a set of sequences.
type setRun struct {
	Correct []float64 // fraction of sequences right after each epoch
	Loss    []float64 // mean training loss of each epoch
	Solved  int       // first epoch with every sequence right; 0 if never
}

// trainSet trains m for epochs passes over seqs (each pass in a fresh random
// order from rng, one update per sequence) and after each pass scores every
// sequence from the initial state: right if it has ≤ maxWrong wrong argmax
// predictions.
func trainSet(m cortex.SequenceModel, seqs []datasets.Sequence, maxWrong, epochs int, rng *rand.Rand) (setRun, error) {
	ys := make([][][]float64, len(seqs))
	for i, s := range seqs {
		ys[i] = make([][]float64, len(s.Inputs))
		for t := range ys[i] {
			ys[i][t] = make([]float64, len(s.Targets[len(s.Targets)-1]))
		}
	}
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	run := setRun{Correct: make([]float64, epochs), Loss: make([]float64, epochs)}
	for ep := range epochs {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		var loss float64
		for _, i := range order {
			l, err := m.TrainSequence(seqs[i].Inputs, seqs[i].Targets)
			if err != nil {
				return run, err
			}
			loss += l
		}
		right := 0
		for i, s := range seqs {
			if err := m.Predict(s.Inputs, ys[i]); err != nil {
				return run, err
			}
			if datasets.CountWrong(ys[i], s.Targets) <= maxWrong {
				right++
			}
		}
		run.Loss[ep] = loss / float64(len(seqs))
		run.Correct[ep] = float64(right) / float64(len(seqs))
		if right == len(seqs) && run.Solved == 0 {
			run.Solved = ep + 1
		}
	}
	return run, nil
}
