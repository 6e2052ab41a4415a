package bench

import (
	"fmt"
	"math"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/datasets"
	"github.com/replaylab/replaylab/internal/seeds"
	"github.com/replaylab/replaylab/record"
)

// Reconstruction settings (the consolidator issue): n = 64, T = 100, inputs
// uniform in [0, 0.5), initial state uniform in [−5, 5]; learned reverse
// synapses are fitted on the samples of 4 forward runs, the last of which is
// the run that is reversed.
const (
	reconstructN     = 64
	reconstructT     = 100
	reconstructRuns  = 4
	reconstructState = 5.0
)

// reconstructRun runs forward from a random initial state over random inputs,
// then reverses from the final state and returns, for k = 1 … T steps back,
// the largest |state_fwd − state_rev| over both groups.
func reconstructRun(reverse cortex.ReverseSynapses, seed uint64) ([]float64, error) {
	cfg := cortex.DefaultConfig(reconstructN, reconstructN, 1)
	cfg.Reverse = reverse
	cfg.ReverseSamples = reconstructRuns * reconstructT
	r, err := cortex.New(cfg, seeds.New(seed, "bench/reconstruct/consolidator").Rand)
	if err != nil {
		return nil, err
	}
	rng := seeds.New(seed, "bench/reconstruct/inputs").Rand
	a0, b0 := make([]float64, reconstructN), make([]float64, reconstructN)
	var seq datasets.Sequence
	var as, bs [][]float64
	runs := 1
	if reverse == cortex.ReverseLearned {
		runs = reconstructRuns
	}
	for range runs {
		for i := range a0 {
			a0[i] = reconstructState * (2*rng.Float64() - 1)
			b0[i] = reconstructState * (2*rng.Float64() - 1)
		}
		if seq, err = datasets.RandomInputs(rng, reconstructT, reconstructN, 0, 0.5); err != nil {
			return nil, err
		}
		if err := r.SetState(a0, b0); err != nil {
			return nil, err
		}
		as, bs = as[:0], bs[:0]
		for _, x := range seq.Inputs {
			a, b := r.State()
			as, bs = append(as, append([]float64(nil), a...)), append(bs, append([]float64(nil), b...))
			if err := r.Forward(x); err != nil {
				return nil, err
			}
		}
	}
	if err := r.BeginReverse(); err != nil {
		return nil, err
	}
	errs := make([]float64, reconstructT)
	for k := 1; k <= reconstructT; k++ {
		t := reconstructT - k
		if _, err := r.ReverseStep(seq.Inputs[t], nil); err != nil {
			return nil, err
		}
		a, b := r.State()
		for i := range a {
			errs[k-1] = max(errs[k-1], math.Abs(a[i]-as[t][i]), math.Abs(b[i]-bs[t][i]))
		}
	}
	return errs, nil
}

// RunReconstruct measures how well R2N2's reverse run regenerates earlier
// states, with exact and with least-squares reverse synapses. Only R2N2 has
// a reverse run, so --models does not apply.
func RunReconstruct(o Options) (*Report, error) {
	nSeeds := o.seeds()
	kinds := []struct {
		name string
		rev  cortex.ReverseSynapses
	}{{"exact", cortex.ReverseExact}, {"learned", cortex.ReverseLearned}}
	res := make([][]float64, len(kinds)*nSeeds)
	err := runJobs(len(res), o.Workers, func(i int) error {
		var err error
		res[i], err = reconstructRun(kinds[i/nSeeds].rev, uint64(i%nSeeds+1))
		if err != nil {
			return fmt.Errorf("bench: reconstruct %s seed %d: %w", kinds[i/nSeeds].name, i%nSeeds+1, err)
		}
		return nil
	}, func(i int) {
		o.logf("reconstruct %-7s seed %d: max error %.3g", kinds[i/nSeeds].name, i%nSeeds+1, maxOf(res[i]))
	})
	if err != nil {
		return nil, err
	}
	rep := &Report{Task: "reconstruct"}
	rep.Summary = record.NewTable("reverse_synapses", "seeds", "T", "median_max_abs_error", "worst_max_abs_error")
	rep.Runs = record.NewTable("reverse_synapses", "seed", "max_abs_error")
	rep.Curves = record.NewTable("reverse_synapses", "seed", "steps_back", "max_abs_error")
	fig := Figure{File: "reconstruct_error.png", Title: fmt.Sprintf("R2N2 reverse run, n = %d: reconstruction error (worst of %d seeds)", reconstructN, nSeeds),
		XLabel: "steps back from the final state", YLabel: "max abs error (0 drawn at 1e-17)", LogY: true}
	for ki, k := range kinds {
		var maxes []float64
		worst := make([]float64, reconstructT)
		for s := range nSeeds {
			e := res[ki*nSeeds+s]
			rep.add(rep.Runs, k.name, s+1, maxOf(e))
			for j, v := range e {
				rep.add(rep.Curves, k.name, s+1, j+1, v)
				worst[j] = max(worst[j], v, 1e-17) // floor for the log axis
			}
			maxes = append(maxes, maxOf(e))
		}
		rep.add(rep.Summary, k.name, nSeeds, reconstructT, median(maxes), maxOf(maxes))
		fig.Curves = append(fig.Curves, Curve{Label: k.name + " R", X: epochAxis(reconstructT), Y: worst})
	}
	rep.Figures = []Figure{fig}
	return rep, nil
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	return m
}
