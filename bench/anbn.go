package bench

import (
	"fmt"
	"slices"
	"time"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
	"github.com/replaylab/replaylab/internal/seeds"
	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// AnBnShape is the a^n b^n setting: two groups of 32 (64 units for the
// baselines), 3 symbols in and out, MSE, lr 1e-2 (see doc.go), and for R2N2
// a fresh initial state per string as the reference code draws it.
var AnBnShape = Shape{N: 32, In: datasets.AnBnSymbols, Out: datasets.AnBnSymbols, Loss: cortex.LossMSE, LR: 1e-2, Init: cortex.InitFresh}

// RunAnBn trains every model on every band for every seed and reports, per
// model and band, how many seeds solved it, the median solved epoch and the
// mean final correct rate.
func RunAnBn(o Options) (*Report, error) {
	bands := o.Bands
	if len(bands) == 0 {
		bands = datasets.AnBnBands
	}
	models, nSeeds, epochs := o.models(), o.seeds(), o.epochs(3000)
	var keys []anbnKey
	for mi := range models {
		for bi := range bands {
			for s := range nSeeds {
				keys = append(keys, anbnKey{mi, bi, s + 1})
			}
		}
	}
	runs := make([]setRun, len(keys))
	walls := make([]time.Duration, len(keys))
	err := runJobs(len(keys), o.Workers, func(i int) error {
		k := keys[i]
		start := time.Now()
		band, err := datasets.AnBnBand(bands[k.band])
		if err != nil {
			return err
		}
		m, err := NewModel(models[k.model], o.shape(AnBnShape, models[k.model]), "anbn", uint64(k.seed))
		if err != nil {
			return err
		}
		runs[i], err = trainSet(m, band, datasets.AnBnMaxWrong, epochs, seeds.New(uint64(k.seed), "bench/anbn/order").Rand)
		if err != nil {
			return fmt.Errorf("bench: anbn %s band %d seed %d: %w", models[k.model], bands[k.band], k.seed, err)
		}
		walls[i] = time.Since(start)
		return nil
	}, func(i int) {
		k := keys[i]
		o.logf("anbn %-15s band %2d seed %d: solved at %d, final %.2f (%.1fs)",
			models[k.model], bands[k.band], k.seed, runs[i].Solved, last(runs[i].Correct), walls[i].Seconds())
	})
	if err != nil {
		return nil, err
	}

	return anbnReport(models, bands, nSeeds, epochs, keys, runs, walls)
}

// anbnKey names one run: model and band indices, seed.
type anbnKey struct{ model, band, seed int }

// anbnReport tabulates the runs: per model and band how many seeds solved
// it, the median solved epoch, the mean final correct rate; the mean curves
// per band; and the verdict on the paper's claim.
func anbnReport(models []string, bands []int, nSeeds, epochs int, keys []anbnKey, runs []setRun, walls []time.Duration) (*Report, error) {
	rep := &Report{Task: "anbn"}
	rep.Summary = record.NewTable("model", "band", "solved", "median_solved_epoch", "mean_final_correct", "mean_wall_s")
	rep.Runs = record.NewTable("model", "band", "seed", "solved_epoch", "final_correct", "final_loss", "wall_s")
	rep.Curves = record.NewTable("model", "band", "seed", "epoch", "correct", "loss")
	res := make(map[string][]bandResult, len(models))
	for _, name := range models {
		res[name] = make([]bandResult, len(bands))
	}
	for bi, b := range bands {
		w := max(1, epochs/100)
		fig := Figure{File: fmt.Sprintf("anbn_band%02d.png", b), Title: fmt.Sprintf("a^n b^n, n in [%d, %d]: strings right (mean of %d seeds)", b, b+3, nSeeds),
			XLabel: "epoch", YLabel: fmt.Sprintf("fraction right (mean of %d epochs)", w), YMax: 1.45}
		for mi, name := range models {
			var solvedAt []float64
			var final, wall float64
			mean := make([]float64, epochs)
			for i, k := range keys {
				if k.model != mi || k.band != bi {
					continue
				}
				r := runs[i]
				rep.add(rep.Runs, name, b, k.seed, r.Solved, last(r.Correct), last(r.Loss), walls[i].Seconds())
				for ep := range epochs {
					rep.add(rep.Curves, name, b, k.seed, ep+1, r.Correct[ep], r.Loss[ep])
					mean[ep] += r.Correct[ep] / float64(nSeeds)
				}
				if r.Solved > 0 {
					solvedAt = append(solvedAt, float64(r.Solved))
				}
				final += last(r.Correct) / float64(nSeeds)
				wall += walls[i].Seconds() / float64(nSeeds)
			}
			med := "-"
			br := bandResult{Solved: len(solvedAt), FinalRight: final}
			if len(solvedAt) > 0 {
				br.MedianEpoch = median(solvedAt)
				med = fmt.Sprint(br.MedianEpoch)
			}
			res[name][bi] = br
			rep.add(rep.Summary, name, fmt.Sprintf("%d-%d", b, b+3), fmt.Sprintf("%d/%d", len(solvedAt), nSeeds), med, final, wall)
			fig.Curves = append(fig.Curves, Curve{Label: name, X: epochAxis(epochs), Y: render.MovingAverage(mean, w), Dashed: name == ModelBPTT})
		}
		rep.Figures = append(rep.Figures, fig)
	}
	var err error
	if rep.Verdict, err = anbnVerdict(models, bands, res); err != nil {
		return nil, err
	}
	return rep, nil
}

func last(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	return v[len(v)-1]
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func epochAxis(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}
