package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/replaylab/replaylab/cortex"
	"github.com/replaylab/replaylab/hippocampus"
	"github.com/replaylab/replaylab/scenarios"
	"github.com/replaylab/replaylab/sleep"
)

// SpeedOptions are the settings of the speed benchmark (replaylab bench speed).
type SpeedOptions struct {
	// Budget is the time spent measuring each kernel figure (consolidator
	// steps, cache replay steps); 1 s if 0.
	Budget time.Duration
	// Paper also runs the paper T-maze (tmaze-cued, 400 episodes) and
	// times its sleeps on 1 and on 2 cores.
	Paper bool
	// Dir is where the scenario runs write (a temporary folder if "").
	Dir string
	// SleepFrom, if set, is a finished run directory of tmaze-cued whose
	// checkpoint the sleep timing uses (instead of running it with Paper).
	SleepFrom string
	// Log receives one line per figure as it is measured (nothing if nil).
	Log io.Writer
}

// SpeedRow is one measured figure: wall and CPU time (user + system of the
// whole process) for Count units of work.
type SpeedRow struct {
	What  string // what was measured
	Unit  string // what Count counts
	Count int
	Wall  time.Duration
	CPU   time.Duration // 0 where the platform does not report it
}

// PerSecond returns the wall-clock rate (units per second).
func (r SpeedRow) PerSecond() float64 { return float64(r.Count) / r.Wall.Seconds() }

// Speed measures, on this machine: consolidator training steps per second
// for n = 32 … 512 (cortex.TrainSequence, bp mode, In = Out = 6, one
// forward and one reverse step per timestep), cache replay steps per second
// and the cost of storing a 100-step episode for the built-in cache sizes,
// the wall time of the tmaze-small run and, with Paper, of the paper
// T-maze run and of a sleep of 100 replay events on its final cache at
// GOMAXPROCS 1 and 2 (also with SleepFrom). The rows are returned in that
// order.
func Speed(o SpeedOptions) ([]SpeedRow, error) {
	if o.Budget <= 0 {
		o.Budget = time.Second
	}
	var rows []SpeedRow
	add := func(r SpeedRow) {
		rows = append(rows, r)
		if o.Log != nil {
			perCPU := ""
			if r.CPU > 0 {
				perCPU = fmt.Sprintf(", %.0f per CPU-second", float64(r.Count)/r.CPU.Seconds())
			}
			fmt.Fprintf(o.Log, "%-48s %9.1f %s/s  (%d in %.2fs wall, %.2fs CPU%s)\n",
				r.What, r.PerSecond(), r.Unit, r.Count, r.Wall.Seconds(), r.CPU.Seconds(), perCPU)
		}
	}
	for _, n := range []int{32, 64, 128, 256, 512} {
		r, err := speedConsolidator(n, o.Budget)
		if err != nil {
			return rows, err
		}
		add(r)
	}
	for _, cfg := range speedCaches() {
		r, s, err := speedCache(cfg, o.Budget)
		if err != nil {
			return rows, err
		}
		add(r)
		add(s)
	}
	dir := o.Dir
	if dir == "" {
		tmp, err := os.MkdirTemp("", "replaylab-speed-")
		if err != nil {
			return rows, fmt.Errorf("bench speed: %w", err)
		}
		defer os.RemoveAll(tmp)
		dir = tmp
	}
	names := []string{"tmaze-small"}
	if o.Paper {
		names = append(names, "tmaze-cued")
	}
	for _, name := range names {
		r, err := speedRun(name, filepath.Join(dir, name))
		if err != nil {
			return rows, err
		}
		add(r)
	}
	from := o.SleepFrom
	if from == "" && o.Paper {
		from = filepath.Join(dir, "tmaze-cued")
	}
	if from != "" {
		for _, procs := range []int{1, 2} {
			r, err := speedSleep(filepath.Join(from, "checkpoint"), procs)
			if err != nil {
				return rows, err
			}
			add(r)
		}
	}
	return rows, nil
}

// timeRate runs work until budget has passed (at least once) and returns
// the units done and the wall and CPU time taken.
func timeRate(budget time.Duration, work func() (int, error)) (int, time.Duration, time.Duration, error) {
	start, cpu0 := time.Now(), cpuTime()
	count := 0
	for count == 0 || time.Since(start) < budget {
		n, err := work()
		if err != nil {
			return count, 0, 0, err
		}
		count += n
	}
	return count, time.Since(start), cpuTime() - cpu0, nil
}

func speedConsolidator(n int, budget time.Duration) (SpeedRow, error) {
	const T = 100
	r, err := cortex.New(cortex.DefaultConfig(n, 6, 6), rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: %w", err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	xs, ys := make([][]float64, T), make([][]float64, T)
	for t := range T {
		xs[t], ys[t] = make([]float64, 6), make([]float64, 6)
		for j := range 6 {
			xs[t][j], ys[t][j] = rng.Float64(), rng.Float64()
		}
	}
	count, wall, cpu, err := timeRate(budget, func() (int, error) {
		_, err := r.TrainSequence(xs, ys)
		return T, err
	})
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: consolidator n = %d: %w", n, err)
	}
	return SpeedRow{What: fmt.Sprintf("consolidator n=%d, training", n), Unit: "steps", Count: count, Wall: wall, CPU: cpu}, nil
}

// speedCaches returns the built-in cache sizes: the default (N = 2000),
// N = 1000 (the small T-maze's) and the paper's dense sign units (N = 500).
func speedCaches() []hippocampus.Config {
	n1000 := hippocampus.DefaultConfig()
	n1000.N = 1000
	return []hippocampus.Config{hippocampus.DefaultConfig(), n1000, hippocampus.PaperConfig()}
}

// speedCache fills a cache of configuration cfg with MaxEpisodes corridor
// episodes (100 steps, 20 for the paper's N = 500) and measures reverse
// replay steps and the storing of one more episode into the full cache.
func speedCache(cfg hippocampus.Config, budget time.Duration) (replay, store SpeedRow, err error) {
	blocks := []int{5, 2, 4, 123}
	T := 100
	if cfg.N < 1000 {
		T = 20
	}
	rng := rand.New(rand.NewPCG(5, 6))
	c, err := hippocampus.New(cfg, blocks, rng)
	if err != nil {
		return replay, store, fmt.Errorf("bench speed: %w", err)
	}
	eps := make([][][]float64, cfg.MaxEpisodes+1)
	for i := range eps {
		eps[i] = hippocampus.CorridorEpisode(rng, blocks, T)
	}
	var last hippocampus.EpisodeID
	for _, ep := range eps[:cfg.MaxEpisodes] {
		if last, err = c.Store(ep); err != nil {
			return replay, store, fmt.Errorf("bench speed: %w", err)
		}
	}
	name := fmt.Sprintf("cache N=%d %v", cfg.N, cfg.Activation)
	count, wall, cpu, err := timeRate(budget, func() (int, error) {
		s, err := c.Replay(last, hippocampus.Reverse, nil)
		return s.Steps, err
	})
	if err != nil {
		return replay, store, fmt.Errorf("bench speed: %s: %w", name, err)
	}
	replay = SpeedRow{What: name + ", replay", Unit: "steps", Count: count, Wall: wall, CPU: cpu}
	i := 0
	count, wall, cpu, err = timeRate(budget, func() (int, error) {
		_, err := c.Store(eps[i%len(eps)])
		i++
		return 1, err
	})
	if err != nil {
		return replay, store, fmt.Errorf("bench speed: %s: %w", name, err)
	}
	store = SpeedRow{What: fmt.Sprintf("%s, store %d-step episode", name, T), Unit: "episodes", Count: count, Wall: wall, CPU: cpu}
	return replay, store, nil
}

// speedRun runs a built-in scenario into out and times it.
func speedRun(name, out string) (SpeedRow, error) {
	data, err := scenarios.Builtin(name)
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: %w", err)
	}
	sc, err := scenarios.Parse(name, data, nil)
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: %w", err)
	}
	start, cpu0 := time.Now(), cpuTime()
	res, err := scenarios.Run(context.Background(), sc, scenarios.Options{Out: out, Force: true, Name: name})
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: run %s: %w", name, err)
	}
	return SpeedRow{What: "run " + name, Unit: "episodes", Count: res.Episodes, Wall: time.Since(start), CPU: cpuTime() - cpu0}, nil
}

// speedSleep loads the cache and consolidator of a run's checkpoint and
// times one sleep of 100 replay events over the held episodes with
// GOMAXPROCS procs (the producer then has procs goroutines).
func speedSleep(checkpoint string, procs int) (SpeedRow, error) {
	cacheData, err := os.ReadFile(filepath.Join(checkpoint, "cache.bin"))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	cortexData, err := os.ReadFile(filepath.Join(checkpoint, "cortex.npz"))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	cache, err := hippocampus.Load(bytes.NewReader(cacheData))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	cx, err := cortex.Load(bytes.NewReader(cortexData), int64(len(cortexData)))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	var cands []sleep.Candidate
	for i, id := range cache.Held() {
		cands = append(cands, sleep.Candidate{Episode: i, Cache: id, Rewarded: true})
	}
	const events = 100
	cfg := sleep.DefaultConfig()
	cfg.Budget, cfg.Events, cfg.MeasureAfter = sleep.BudgetFixed, events, false
	s, err := sleep.New(cfg, cx.Config().In, cache.Blocks(), rand.New(rand.NewPCG(7, 8)))
	if err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	old := runtime.GOMAXPROCS(procs)
	defer runtime.GOMAXPROCS(old)
	cache.NewReplayer() // fills the loaded cache's code memos outside the timing
	start, cpu0 := time.Now(), cpuTime()
	if _, err := s.Sleep(0, events, cx, cache, cands, nil); err != nil {
		return SpeedRow{}, fmt.Errorf("bench speed: sleep: %w", err)
	}
	return SpeedRow{What: fmt.Sprintf("sleep on the tmaze-cued cache, GOMAXPROCS %d", procs), Unit: "events",
		Count: events, Wall: time.Since(start), CPU: cpuTime() - cpu0}, nil
}
