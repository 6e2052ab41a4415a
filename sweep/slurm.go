package sweep

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/replaylab/replaylab/record"
)

// SlurmDir is the folder of a sweep that holds its Slurm scripts and the
// tasks' output files.
const SlurmDir = "slurm"

// SlurmOptions describes the job array of a sweep.
type SlurmOptions struct {
	Binary      string // the replaylab program the tasks run (an absolute path)
	Partition   string // --partition; empty for the cluster's default
	Time        string // --time, e.g. "00:30:00"; empty for the partition's default
	Mem         string // --mem, e.g. "2G"; empty for the default
	CPUs        int    // --cpus-per-task; 0 means 1
	MaxParallel int    // the array throttle %P; 0 for none
	PerTask     int    // indices per array task; 0 means 1
	// Tasks, if not nil, lists the array tasks to submit (e.g. those with
	// unfinished indices); nil submits them all.
	Tasks []int
	// Name of the script in DIR/slurm; empty means array.sbatch.
	Script string
}

var slurmValueRE = regexp.MustCompile(`^[A-Za-z0-9_.:\-,+]*$`)

// Tasks returns the number of array tasks at perTask indices per task.
func (p *Plan) Tasks(perTask int) int { return (p.Len() + max(perTask, 1) - 1) / max(perTask, 1) }

// TasksOf returns the array tasks that hold at least one of the indices.
func TasksOf(idx []int, perTask int) []int {
	perTask = max(perTask, 1)
	var tasks []int
	for _, i := range idx {
		t := i / perTask
		if len(tasks) == 0 || tasks[len(tasks)-1] != t {
			tasks = append(tasks, t)
		}
	}
	return tasks
}

// WriteSlurm writes the sbatch array script of the plan into DIR/slurm and
// returns its path. Each array task runs
// `replaylab run --sweep DIR --per-task K`, which reads its index from
// SLURM_ARRAY_TASK_ID; tasks write their output to DIR/slurm/JOB_TASK.out.
func (p *Plan) WriteSlurm(opt SlurmOptions) (string, error) {
	text, err := p.SlurmScript(opt)
	if err != nil {
		return "", err
	}
	dir := filepath.Join(p.Dir, SlurmDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	name := opt.Script
	if name == "" {
		name = "array.sbatch"
	}
	path := filepath.Join(dir, name)
	if err := record.WriteFileAtomic(path, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	}); err != nil {
		return "", err
	}
	return path, os.Chmod(path, 0o755)
}

// SlurmScript returns the text of the sbatch array script (see WriteSlurm).
func (p *Plan) SlurmScript(opt SlurmOptions) (string, error) {
	if !filepath.IsAbs(opt.Binary) {
		return "", fmt.Errorf("sweep: slurm: the program path %q must be absolute: tasks start in another folder", opt.Binary)
	}
	for _, f := range []struct{ name, v string }{{"partition", opt.Partition}, {"time", opt.Time}, {"mem", opt.Mem}} {
		if !slurmValueRE.MatchString(f.v) {
			return "", fmt.Errorf("sweep: slurm: --%s %q: want letters, digits and _.:-,+ only", f.name, f.v)
		}
	}
	if opt.CPUs < 0 || opt.MaxParallel < 0 || opt.PerTask < 0 {
		return "", fmt.Errorf("sweep: slurm: --cpus, --max-parallel and --per-task must not be negative")
	}
	perTask := max(opt.PerTask, 1)
	dir, err := filepath.Abs(p.Dir)
	if err != nil {
		return "", fmt.Errorf("sweep: %w", err)
	}
	tasks := p.Tasks(perTask)
	array := fmt.Sprintf("0-%d", tasks-1)
	if tasks == 1 {
		array = "0"
	}
	if opt.Tasks != nil {
		if len(opt.Tasks) == 0 {
			return "", fmt.Errorf("sweep: slurm: no tasks to submit")
		}
		for _, t := range opt.Tasks {
			if t < 0 || t >= tasks {
				return "", fmt.Errorf("sweep: slurm: task %d is out of range 0 to %d", t, tasks-1)
			}
		}
		array = Ranges(opt.Tasks)
	}
	if opt.MaxParallel > 0 {
		array += fmt.Sprintf("%%%d", opt.MaxParallel)
	}
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	fmt.Fprintf(&b, "#SBATCH --job-name=replaylab-%s\n", sanitize(p.Name))
	fmt.Fprintf(&b, "#SBATCH --array=%s\n", array)
	fmt.Fprintf(&b, "#SBATCH --output=%s\n", filepath.Join(dir, SlurmDir, "%A_%a.out"))
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", max(opt.CPUs, 1))
	if opt.Partition != "" {
		fmt.Fprintf(&b, "#SBATCH --partition=%s\n", opt.Partition)
	}
	if opt.Time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", opt.Time)
	}
	if opt.Mem != "" {
		fmt.Fprintf(&b, "#SBATCH --mem=%s\n", opt.Mem)
	}
	fmt.Fprintf(&b, "# Written by replaylab sweep slurm: %d indices, %d per task.\n", p.Len(), perTask)
	b.WriteString("# Each array task runs its indices (from SLURM_ARRAY_TASK_ID); a finished index is skipped,\n")
	b.WriteString("# an interrupted one resumes, so resubmitting is always safe.\n")
	fmt.Fprintf(&b, "exec %s run --sweep %s --per-task %d --quiet\n", shellQuote(opt.Binary), shellQuote(dir), perTask)
	return b.String(), nil
}

func sanitize(s string) string {
	return regexp.MustCompile(`[^A-Za-z0-9_.\-]`).ReplaceAllString(s, "_")
}

// shellQuote quotes s for bash.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
