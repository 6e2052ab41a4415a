package bench

import (
	"fmt"
	"io"
	"time"

	"github.com/replaylab/replaylab/cortex"
)

// Tasks lists the benchmark names accepted by Run.
var Tasks = []string{"anbn", "mnist", "mnist-masked", "memorise", "reconstruct", "memory"}

// Options are the settings of one benchmark invocation. Zero values mean the
// task's defaults.
type Options struct {
	// Models to run (AllModels if empty); Seeds is how many seeds (1…Seeds).
	Models []string
	Seeds  int
	// Epochs: a^n b^n 3000, memorisation 1000 trials, MNIST 1.
	Epochs int
	// Limit and TestLimit cap the MNIST training and test digits (0 = all).
	Limit, TestLimit int
	// Bands are the a^n b^n band starts (datasets.AnBnBands if empty).
	Bands []int
	// Lengths are the sequence lengths of the memory benchmark
	// (100, 1000, 10000, 100000 if empty).
	Lengths []int
	// LR, if > 0, overrides the task's learning rate for every model;
	// ModelLR overrides it for the named models (taking precedence over LR).
	LR      float64
	ModelLR map[string]float64
	// FixedInit keeps one initial state per network in a^n b^n instead of
	// the fresh draw per sequence that R2N2 gets there by default
	// (cortex.InitFresh, as in the reference code).
	FixedInit bool
	// Workers bounds the parallel runs (GOMAXPROCS if ≤ 0).
	Workers int
	// MNISTDir overrides where the MNIST files are read (datasets.MNISTDir if "").
	MNISTDir string
	// Log receives one progress line per finished run (nothing if nil).
	Log io.Writer
}

func (o Options) seeds() int { return max(o.Seeds, 1) }

func (o Options) models() []string {
	if len(o.Models) == 0 {
		return AllModels
	}
	return o.Models
}

func (o Options) epochs(def int) int {
	if o.Epochs > 0 {
		return o.Epochs
	}
	return def
}

// shape returns the task shape s with the learning rate that model gets
// under o: ModelLR[model] if set, else LR if > 0, else s.LR; and with a fixed
// initial state if o.FixedInit.
func (o Options) shape(s Shape, model string) Shape {
	if o.FixedInit && s.Init == cortex.InitFresh {
		s.Init = cortex.InitClippedNormal
	}
	if lr, ok := o.ModelLR[model]; ok && lr > 0 {
		s.LR = lr
	} else if o.LR > 0 {
		s.LR = o.LR
	}
	return s
}

func (o Options) logf(format string, args ...any) {
	if o.Log != nil {
		fmt.Fprintf(o.Log, time.Now().Format("15:04:05")+" "+format+"\n", args...)
	}
}

// Run runs the named benchmark and returns its report.
func Run(task string, o Options) (*Report, error) {
	switch task {
	case "anbn":
		return RunAnBn(o)
	case "memorise":
		return RunMemorise(o)
	case "mnist":
		return RunMNIST(o, false)
	case "mnist-masked":
		return RunMNIST(o, true)
	case "reconstruct":
		return RunReconstruct(o)
	case "memory":
		return RunMemory(o)
	}
	return nil, fmt.Errorf("bench: unknown task %q (want one of anbn, mnist, mnist-masked, memorise, reconstruct, memory)", task)
}
