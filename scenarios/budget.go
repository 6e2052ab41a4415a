package scenarios

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/hippocampus"
)

// MemoryTerm is one part of a run's memory estimate.
type MemoryTerm struct {
	Name  string // what it is, e.g. "cache sequence matrices"
	Key   string // the setting that drives it most, for messages
	Bytes int64
}

// MemoryEstimate is what a run of a scenario needs in memory, term by
// term, and the total with the Go runtime's share.
type MemoryEstimate struct {
	Terms []MemoryTerm
	Total int64
}

// Biggest returns the largest term.
func (m MemoryEstimate) Biggest() MemoryTerm {
	return slices.MaxFunc(m.Terms, func(a, b MemoryTerm) int { return int(min(max(a.Bytes-b.Bytes, -1), 1)) })
}

// Runtime overhead of the Go program around the model: the runtime and
// code (a fixed share) and the heap the collector lets grow beyond the
// live data (GOGC = 100 lets the heap reach twice the live heap, but the
// big matrices are allocated once and never become garbage, so only the
// per-checkpoint output buffers are doubled).
const runtimeBytes = 24 << 20

// EstimateMemory returns the memory a run of sc needs: the cache (its
// matrices, expansion layer and sparse readout, hippocampus.EstimateBytes),
// the agent's per-step content codes (one dense vector over the sensory
// blocks and every maze cell per step of the longest episode), the
// consolidator (weights, gradients, Adam moments, feedback and reverse
// matrices), the run's record (every episode's steps, sensory vectors and
// optional hidden state, at most max_steps per episode) with the arrays
// and tables built from it at each checkpoint, and the GIF's frames. The
// scenario must be validated (max_steps resolved).
func EstimateMemory(sc *Scenario) (MemoryEstimate, error) {
	e, err := sc.NewEnv()
	if err != nil {
		return MemoryEstimate{}, err
	}
	cells := int64(e.Maze().NumCells())
	width := int64(e.SensoryLen())
	blocks := append(slices.Clone(e.Blocks()), int(cells))
	dim := width + cells
	steps := int64(sc.Task.MaxSteps) + 1 // positions of the longest episode
	episodes := int64(sc.Run.Sessions) * int64(sc.Sleep.Every)
	hcfg, err := sc.hippocampusConfig()
	if err != nil {
		return MemoryEstimate{}, err
	}
	ccfg, err := sc.cortexConfig(int(width))
	if err != nil {
		return MemoryEstimate{}, err
	}
	held := sat(min(int64(hcfg.MaxEpisodes), episodes), steps)
	var terms []MemoryTerm
	add := func(name, key string, b int64) { terms = append(terms, MemoryTerm{name, key, b}) }

	add("cache (sequence matrices, expansion layer, readout)", "hippocampus.n", hippocampus.EstimateBytes(hcfg, blocks, int(held)))
	add("content codes of one episode (sensory + one per maze cell, per step)", "task.max_steps", sat(2, steps, dim, 8))

	n, in, out := int64(ccfg.N), width, width
	nn := sat(n, n)
	params := satAdd(sat(n, in), sat(2, nn), sat(out, n))
	cx := satAdd(sat(4, params), sat(2, nn)) // weights, gradients, Adam m and v; reverse matrices
	if sc.Cortex.Mode == "fa" || sc.Cortex.Mode == "fa-published" {
		cx = satAdd(cx, sat(out, n), sat(2, nn))
	}
	if sc.Cortex.Reverse == "learned" {
		cx = satAdd(cx, sat(16, nn)) // two sample rings of 4n samples × n, rates and currents
	}
	add("consolidator (weights, gradients, Adam moments)", "cortex.n", sat(cx, 8))

	perStep := 8*width + 64 // sensory vector, step record
	if sc.Run.RecordHidden {
		perStep = satAdd(perStep, sat(2, n, 8))
	}
	record := sat(episodes, steps, perStep)
	// At a checkpoint the arrays are built (position, action, reward,
	// observation, hidden), copied into the archive and written, and the
	// tables formatted: about three times the recorded steps at once.
	add("run record and its arrays (every episode's steps)", "run.sessions", sat(4, record))

	if sc.Run.GIF {
		m := e.Maze()
		cs := int64(max(4, min(16, 1000/max(m.Rows, m.Cols))))
		frame := sat(int64(m.Rows), cs, int64(m.Cols), cs)
		add("last_episode.gif frames", "run.gif", sat(steps, frame, 5)) // RGBA + paletted copy
	}
	est := MemoryEstimate{Terms: terms, Total: runtimeBytes}
	for _, t := range terms {
		est.Total = satAdd(est.Total, t.Bytes)
	}
	return est, nil
}

// DefaultMaxMemory returns the default memory budget: 80 % of the
// physical memory (or of the cgroup's limit when lower), 0 when unknown.
func DefaultMaxMemory() int64 {
	total := physicalMemory()
	if total <= 0 {
		return 0
	}
	return total / 5 * 4
}

// CheckMemory refuses a scenario whose estimated memory exceeds limit (0:
// DefaultMaxMemory) with one line naming the biggest term and the limit.
func CheckMemory(sc *Scenario, limit int64) error {
	if limit == 0 {
		limit = DefaultMaxMemory()
	}
	if limit <= 0 {
		return nil
	}
	est, err := EstimateMemory(sc)
	if err != nil {
		return err
	}
	if est.Total <= limit {
		return nil
	}
	big := est.Biggest()
	return fmt.Errorf("%s: the run needs about %s of memory, more than the limit of %s; the biggest part is the %s (%s, set by %s); lower it or raise the limit with --max-memory",
		sc.Source, FormatBytes(est.Total), FormatBytes(limit), big.Name, FormatBytes(big.Bytes), big.Key)
}

// FormatBytes formats a byte count with a binary unit (KiB, MiB, GiB, TiB).
func FormatBytes(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	v, i := float64(b), -1
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGT"[i])
}

// ParseBytes reads a size such as "4GiB", "500M", "2.5G" or "1000000"
// (bytes); K, M, G and T are powers of 1024, with or without "iB" or "B".
func ParseBytes(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	upper := strings.ToUpper(t)
	for _, suf := range []string{"IB", "B"} {
		upper = strings.TrimSuffix(upper, suf)
	}
	if n := len(upper); n > 0 {
		if i := strings.IndexByte("KMGT", upper[n-1]); i >= 0 {
			mult = int64(1) << (10 * (i + 1))
			upper = upper[:n-1]
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(upper), 64)
	if err != nil || !(v > 0) || v*float64(mult) >= 1<<62 {
		return 0, fmt.Errorf("memory size %s: want a positive size such as 4GiB, 500MiB or 2000000000", quote(s))
	}
	return int64(v * float64(mult)), nil
}

// physicalMemory returns the machine's memory (Linux: MemTotal of
// /proc/meminfo, or the cgroup v2 limit when lower), or 0 if unknown.
func physicalMemory() int64 {
	var total int64
	if f, err := os.Open("/proc/meminfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
				kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
				if err == nil {
					total = kb << 10
				}
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if lim, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && lim > 0 && (total == 0 || lim < total) {
			total = lim
		}
	}
	return total
}

// sat multiplies non-negative factors, saturating at math.MaxInt64.
func sat(fs ...int64) int64 {
	p := int64(1)
	for _, f := range fs {
		if f != 0 && p > math.MaxInt64/f {
			return math.MaxInt64
		}
		p *= f
	}
	return p
}

// satAdd adds non-negative terms, saturating at math.MaxInt64.
func satAdd(ts ...int64) int64 {
	s := int64(0)
	for _, t := range ts {
		if s > math.MaxInt64-t {
			return math.MaxInt64
		}
		s += t
	}
	return s
}
