package bench

import (
	"fmt"
	"time"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
	"github.com/replaylab/replaylab/internal/seeds"
	"github.com/replaylab/replaylab/record"
)

// MemoriseShape is the memorisation setting: two groups of 64, 6 symbols,
// MSE, lr 5e-3 (MODEL.md §2).
var MemoriseShape = Shape{N: 64, In: datasets.MemoriseSymbols, Out: datasets.MemoriseSymbols, Loss: cortex.LossMSE, LR: 5e-3, Init: cortex.InitClippedNormal}

// RunMemorise trains every model on the memorisation sequence of each seed
// (one update per trial) and reports the first trial with every prediction
// right and the final fraction of predictions right.
func RunMemorise(o Options) (*Report, error) {
	models, nSeeds, trials := o.models(), o.seeds(), o.epochs(1000)
	n := len(models) * nSeeds
	type result struct {
		run         setRun
		finalSteps  float64
		wall        time.Duration
		model, seed int
	}
	res := make([]result, n)
	err := runJobs(n, o.Workers, func(i int) error {
		mi, seed := i/nSeeds, i%nSeeds+1
		start := time.Now()
		seq, err := datasets.Memorise(seeds.New(uint64(seed), "bench/memorise/sequence").Rand, datasets.MemoriseLength, datasets.MemoriseSymbols)
		if err != nil {
			return err
		}
		m, err := NewModel(models[mi], o.shape(MemoriseShape, models[mi]), "memorise", uint64(seed))
		if err != nil {
			return err
		}
		run, err := trainSet(m, []datasets.Sequence{seq}, 0, trials, seeds.New(uint64(seed), "bench/memorise/order").Rand)
		if err != nil {
			return fmt.Errorf("bench: memorise %s seed %d: %w", models[mi], seed, err)
		}
		ys := make([][]float64, len(seq.Inputs))
		for t := range ys {
			ys[t] = make([]float64, datasets.MemoriseSymbols)
		}
		if err := m.Predict(seq.Inputs, ys); err != nil {
			return err
		}
		right := 1 - float64(datasets.CountWrong(ys, seq.Targets))/float64(len(seq.Targets))
		res[i] = result{run: run, finalSteps: right, wall: time.Since(start), model: mi, seed: seed}
		return nil
	}, func(i int) {
		r := res[i]
		o.logf("memorise %-15s seed %d: solved at trial %d, final %.3f", models[r.model], r.seed, r.run.Solved, r.finalSteps)
	})
	if err != nil {
		return nil, err
	}
	rep := &Report{Task: "memorise"}
	rep.Summary = record.NewTable("model", "solved", "median_solved_trial", "mean_final_right", "mean_final_loss", "mean_wall_s")
	rep.Runs = record.NewTable("model", "seed", "solved_trial", "final_right", "final_loss", "wall_s")
	rep.Curves = record.NewTable("model", "seed", "trial", "loss", "all_right")
	fig := Figure{File: "memorise_loss.png", Title: fmt.Sprintf("memorisation, 20 steps over 6 symbols: loss (mean over %d seeds)", nSeeds),
		XLabel: "trial", YLabel: "mean loss per step"}
	for mi, name := range models {
		var solvedAt []float64
		var right, loss, wall float64
		mean := make([]float64, trials)
		for _, r := range res {
			if r.model != mi {
				continue
			}
			rep.add(rep.Runs, name, r.seed, r.run.Solved, r.finalSteps, last(r.run.Loss), r.wall.Seconds())
			for t := range trials {
				rep.add(rep.Curves, name, r.seed, t+1, r.run.Loss[t], r.run.Correct[t])
				mean[t] += r.run.Loss[t] / float64(nSeeds)
			}
			if r.run.Solved > 0 {
				solvedAt = append(solvedAt, float64(r.run.Solved))
			}
			right += r.finalSteps / float64(nSeeds)
			loss += last(r.run.Loss) / float64(nSeeds)
			wall += r.wall.Seconds() / float64(nSeeds)
		}
		med := "-"
		if len(solvedAt) > 0 {
			med = fmt.Sprint(median(solvedAt))
		}
		rep.add(rep.Summary, name, fmt.Sprintf("%d/%d", len(solvedAt), nSeeds), med, right, loss, wall)
		fig.Curves = append(fig.Curves, Curve{Label: name, X: epochAxis(trials), Y: mean, Dashed: name == ModelBPTT})
	}
	rep.Figures = []Figure{fig}
	return rep, nil
}
