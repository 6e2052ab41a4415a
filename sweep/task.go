package sweep

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/scenarios"
)

// IndexVars are the environment variables that carry an array task's index,
// in the order they are read: Slurm job arrays, Kubernetes indexed jobs,
// PBS job arrays.
var IndexVars = []string{"SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "PBS_ARRAYID"}

// IndexFromEnv returns the array task index a scheduler set, and the name
// of the variable it came from.
func IndexFromEnv(getenv func(string) string) (int, string, error) {
	for _, name := range IndexVars {
		v := getenv(name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, name, fmt.Errorf("sweep: %s=%q is not a task index (a non-negative integer)", name, v)
		}
		return n, name, nil
	}
	return 0, "", fmt.Errorf("sweep: no --index given and none of %s is set: run one index with --index N", joinOr(IndexVars))
}

func joinOr(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " or "
		default:
			s += ", "
		}
		s += n
	}
	return s
}

// TaskIndices returns the indices array task task runs when each task runs
// perTask consecutive indices: task·perTask up to the next task's first,
// cut at the end of the sweep.
func (p *Plan) TaskIndices(task, perTask int) ([]int, error) {
	if perTask < 1 {
		return nil, fmt.Errorf("sweep: --per-task %d: want at least 1 index per task", perTask)
	}
	tasks := (p.Len() + perTask - 1) / perTask
	if task < 0 || task >= tasks {
		return nil, fmt.Errorf("sweep: task %d is out of range: %d indices at %d per task make tasks 0 to %d", task, p.Len(), perTask, tasks-1)
	}
	var idx []int
	for i := task * perTask; i < min((task+1)*perTask, p.Len()); i++ {
		idx = append(idx, i)
	}
	return idx, nil
}

// TaskOptions says how RunIndex reports and what it writes in manifests.
type TaskOptions struct {
	Version  string                   // program version for the manifest
	Progress func(scenarios.Progress) // called after every episode and sleep; may be nil
	Logger   *slog.Logger             // plain log lines of the run; nil for none
}

// TaskResult says what RunIndex did.
type TaskResult struct {
	Index   int
	Skipped bool          // the index had already finished: nothing was run
	Resumed bool          // the run continued from a checkpoint
	Wall    time.Duration // time spent running (0 when skipped)
	Result  *scenarios.Result
}

// RunIndex runs index i into its run directory: a finished index is
// skipped, an interrupted one resumes from its checkpoint, and one killed
// before its first checkpoint starts over. The run directory's lock keeps
// a second process off an index that is running: it gets an error wrapping
// record.ErrLocked that names the holder. Cancelling ctx stops the run
// after the current episode with a checkpoint and scenarios.ErrInterrupted.
func (p *Plan) RunIndex(ctx context.Context, i int, opt TaskOptions) (TaskResult, error) {
	res := TaskResult{Index: i}
	r, err := p.Run(i)
	if err != nil {
		return res, err
	}
	out := p.RunDir(i)
	if finished(out) {
		res.Skipped = true
		return res, nil
	}
	sc, err := p.ScenarioOf(r)
	if err != nil {
		return res, fmt.Errorf("sweep: index %d: %w", i, err)
	}
	resume, done, err := prepare(out)
	if err != nil {
		return res, fmt.Errorf("sweep: index %d: %w", i, err)
	}
	if done {
		res.Skipped = true
		return res, nil
	}
	res.Resumed = resume
	start := time.Now()
	run, err := scenarios.Run(ctx, sc, scenarios.Options{Out: out, Resume: resume, Version: opt.Version, Name: p.Name,
		Progress: opt.Progress, Logger: opt.Logger})
	res.Wall = time.Since(start)
	if err != nil && !errors.Is(err, record.ErrLocked) && finished(out) {
		// Another process finished the index between our look and our lock.
		return TaskResult{Index: i, Skipped: true}, nil
	}
	if !errors.Is(err, record.ErrLocked) {
		outcome := "finished"
		switch {
		case errors.Is(err, scenarios.ErrInterrupted):
			outcome = "interrupted"
		case err != nil:
			outcome = "failed"
		}
		if jerr := p.logTask(i, r.Seed, start, res.Wall, resume, outcome); jerr != nil && err == nil {
			err = jerr
		}
	}
	if err != nil {
		return res, fmt.Errorf("sweep: index %d: %w", i, err)
	}
	res.Result = run
	return res, nil
}

// finished reports whether the run directory holds a finished run.
func finished(out string) bool {
	m, err := record.ReadManifest(out)
	return err == nil && m.Status == record.StatusFinished
}

// prepare decides how to run the directory out: resume from its
// checkpoint, or start afresh. A run killed before its first checkpoint
// left a manifest and nothing to resume; its manifest is removed under the
// directory's lock, so that a fresh run may start there (it rewrites every
// other file). done is true when the index turned out finished.
func prepare(out string) (resume, done bool, err error) {
	if record.HasCheckpoint(out) {
		return true, false, nil
	}
	if _, err := record.ReadManifest(out); errors.Is(err, record.ErrNoManifest) {
		return false, false, nil
	}
	lock, err := record.Lock(out)
	if err != nil {
		return false, false, err
	}
	defer lock.Unlock()
	switch {
	case finished(out):
		return false, true, nil
	case record.HasCheckpoint(out):
		return true, false, nil
	}
	if err := os.Remove(filepath.Join(out, record.ManifestFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return false, false, fmt.Errorf("cannot clear a run killed before its first checkpoint: %w", err)
	}
	return false, false, nil
}

// logTask appends one line for a run executed to DIR/tasks.log. Each line
// is one write to a file opened for appending, so concurrent tasks on one
// machine do not interleave their lines.
func (p *Plan) logTask(i int, seed uint64, start time.Time, wall time.Duration, resumed bool, outcome string) error {
	host, _ := os.Hostname()
	line := fmt.Sprintf("index=%d seed=%d outcome=%s resumed=%t wall_s=%.3f start=%s host=%s pid=%d\n",
		i, seed, outcome, resumed, wall.Seconds(), start.UTC().Format(time.RFC3339Nano), host, os.Getpid())
	f, err := os.OpenFile(filepath.Join(p.Dir, TasksLog), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("sweep: task log: %w", err)
	}
	if _, err := f.Write([]byte(line)); err != nil {
		f.Close()
		return fmt.Errorf("sweep: task log: %w", err)
	}
	return f.Close()
}
