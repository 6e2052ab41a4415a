package bench

import (
	"fmt"
	"slices"
	"strings"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/internal/seeds"
)

// Model names accepted by --models.
const (
	ModelR2N2BP        = "r2n2-bp"
	ModelR2N2FA        = "r2n2-fa"
	ModelR2N2Published = "r2n2-published"
	// ModelR2N2FAPublished is random feedback with the published carry.
	ModelR2N2FAPublished = "r2n2-fa-published"
	ModelRFLO            = "rflo"
	ModelReservoir       = "reservoir"
	ModelBPTT            = "bptt"
)

// AllModels lists every model, in table order.
var AllModels = []string{ModelR2N2BP, ModelR2N2FA, ModelR2N2Published, ModelR2N2FAPublished, ModelRFLO, ModelReservoir, ModelBPTT}

// ParseModels splits a comma-separated list of model names, checking each.
func ParseModels(s string) ([]string, error) {
	var out []string
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		if !slices.Contains(AllModels, name) {
			return nil, fmt.Errorf("bench: unknown model %q (want one of %s)", name, strings.Join(AllModels, ", "))
		}
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("bench: no models given")
	}
	return out, nil
}

// Shape is what a task asks of every model: n units per group (2n for the
// one-population baselines), input and output widths, loss, learning rate and
// initial state (cortex.InitFresh applies to R2N2; the baselines, which keep
// one state per network, get cortex.InitClippedNormal instead).
type Shape struct {
	N, In, Out int
	Loss       cortex.Loss
	LR         float64
	Init       cortex.InitState
}

// NewModel builds the named model for a task shape, seeded by (seed, task).
func NewModel(name string, s Shape, task string, seed uint64) (cortex.SequenceModel, error) {
	// R2N2 variants and BPTT share one stream name: same seed, same weights.
	rng := seeds.New(seed, "bench/"+task+"/consolidator").Rand
	if s.Init == cortex.InitFresh && !strings.HasPrefix(name, "r2n2-") {
		s.Init = cortex.InitClippedNormal
	}
	switch name {
	case ModelR2N2BP, ModelR2N2FA, ModelR2N2Published, ModelR2N2FAPublished, ModelBPTT:
		cfg := cortex.DefaultConfig(s.N, s.In, s.Out)
		cfg.Loss, cfg.LR, cfg.Init = s.Loss, s.LR, s.Init
		if name == ModelBPTT {
			return cortex.NewBPTT(cfg, rng)
		}
		var err error
		if cfg.Feedback, cfg.Carry, err = cortex.ParseMode(strings.TrimPrefix(name, "r2n2-")); err != nil {
			return nil, err
		}
		return cortex.New(cfg, rng)
	case ModelRFLO:
		cfg := cortex.DefaultRFLOConfig(2*s.N, s.In, s.Out)
		cfg.Loss, cfg.LR, cfg.Init = s.Loss, s.LR, s.Init
		return cortex.NewRFLO(cfg, seeds.New(seed, "bench/"+task+"/rflo").Rand)
	case ModelReservoir:
		cfg := cortex.DefaultReservoirConfig(2*s.N, s.In, s.Out)
		cfg.Loss, cfg.LR, cfg.Init = s.Loss, s.LR, s.Init
		return cortex.NewReservoir(cfg, seeds.New(seed, "bench/"+task+"/reservoir").Rand)
	}
	return nil, fmt.Errorf("bench: unknown model %q", name)
}
