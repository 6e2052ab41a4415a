package hippocampus

import (
	"fmt"
	"testing"
)

var benchBlocks = []int{5, 2, 4, 123}

func benchConfigs() []Config {
	n1000 := DefaultConfig()
	n1000.N = 1000 // the T-maze scenario's likely size
	return []Config{DefaultConfig(), n1000, PaperConfig()}
}

func benchName(c Config) string {
	return fmt.Sprintf("N=%d,f=%.2f,%v,R=%d", c.N, c.Sparseness, c.Activation, c.ReadoutUnits)
}

// BenchmarkStoreStep: the cost of binding one step (10-step episodes; the
// cache holds up to MaxEpisodes, so from the 11th op on a Store also
// forgets the oldest episode, which costs as much again).
func BenchmarkStoreStep(b *testing.B) {
	for _, cfg := range benchConfigs() {
		cfg.MaxEpisodes = 1 << 30
		b.Run(benchName(cfg), func(b *testing.B) {
			rng := testRNG(1)
			c, _ := New(cfg, benchBlocks, rng)
			ep := randomEpisode(rng, benchBlocks, 10)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				c.Store(ep)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*10), "ns/step")
		})
	}
}

// BenchmarkReplayStep: the cost of one replayed step (one transition and
// one readout) of a corridor episode within capacity (100 steps at the
// default size, 20 in the paper's setting), reverse.
func BenchmarkReplayStep(b *testing.B) {
	for _, cfg := range benchConfigs() {
		b.Run(benchName(cfg), func(b *testing.B) {
			rng := testRNG(1)
			c, _ := New(cfg, benchBlocks, rng)
			T := 100
			if cfg.N < 1000 {
				T = 20
			}
			id, _ := c.Store(CorridorEpisode(rng, benchBlocks, T))
			visit := func(ReplayStep) error { return nil }
			var sum ReplaySummary
			b.ReportAllocs()
			b.ResetTimer()
			cpu := cpuTime()
			for b.Loop() {
				sum, _ = c.Replay(id, Reverse, visit)
			}
			cpu = cpuTime() - cpu
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*sum.Steps), "ns/step")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N*sum.Steps), "cpu-ns/step")
			b.ReportMetric(float64(sum.SimSteps)/float64(sum.Steps-1), "updates/step")
		})
	}
}

// BenchmarkStoreEpisode: storing one 100-step corridor episode at the
// default size into a full cache (10 held), which forgets the oldest first,
// as in the paper T-maze's awake phase.
func BenchmarkStoreEpisode(b *testing.B) {
	cfg := DefaultConfig()
	rng := testRNG(1)
	c, _ := New(cfg, benchBlocks, rng)
	eps := make([][][]float64, cfg.MaxEpisodes+1)
	for i := range eps {
		eps[i] = CorridorEpisode(rng, benchBlocks, 100)
	}
	for _, ep := range eps[:cfg.MaxEpisodes] {
		c.Store(ep)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	cpu := cpuTime()
	for b.Loop() {
		c.Store(eps[i%len(eps)])
		i++
	}
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N), "cpu-ns/op")
}
