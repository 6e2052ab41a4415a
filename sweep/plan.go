package sweep

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/scenarios"
)

// Names of the files of a sweep folder.
const (
	SweepFile    = "sweep.toml"    // the resolved sweep
	ScenarioFile = "scenario.toml" // the base scenario's text
	RunsFile     = "runs.csv"      // index, point, replicate, seed, varied values
	RunsDir      = "runs"          // one run directory per index
	TasksLog     = "tasks.log"     // one line per run executed
	SummaryFile  = "summary.csv"   // collected headline metrics
	SummaryTable = "summary.md"    // the per-point table collect prints
	FiguresDir   = "figures"
)

// Plan is a planned sweep folder: the sweep and where its runs go.
type Plan struct {
	*Sweep
	Dir string
}

// RunDir returns the run directory of index i.
func (p *Plan) RunDir(i int) string {
	return filepath.Join(p.Dir, RunsDir, fmt.Sprintf("%05d", i))
}

// Write plans sweep s into folder dir: the resolved sweep, the base
// scenario's text and runs.csv. Planning the same sweep again into the same
// folder changes nothing; a different sweep is refused, so that runs
// already made are never mixed with another plan's.
func Write(s *Sweep, dir string) (*Plan, error) {
	resolved := s.Resolved()
	if old, err := os.ReadFile(filepath.Join(dir, SweepFile)); err == nil {
		oldSc, _ := os.ReadFile(filepath.Join(dir, ScenarioFile))
		if !bytes.Equal(dropComments(old), dropComments(resolved)) || !bytes.Equal(oldSc, s.ScenarioData) {
			return nil, fmt.Errorf("sweep: %s already holds a different sweep plan; plan into a new folder (runs made for one plan must not be mixed with another's)", dir)
		}
	}
	if err := os.MkdirAll(filepath.Join(dir, RunsDir), 0o755); err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	writeBytes := func(name string, b []byte) error {
		return record.WriteFileAtomic(filepath.Join(dir, name), func(w io.Writer) error {
			_, err := w.Write(b)
			return err
		})
	}
	if err := writeBytes(ScenarioFile, s.ScenarioData); err != nil {
		return nil, err
	}
	header := append([]string{"index", "point", "replicate", "seed"}, s.ParamKeys()...)
	rows := make([][]string, s.Len())
	for i := range rows {
		r, _ := s.Run(i)
		row := []string{strconv.Itoa(i), strconv.Itoa(r.Point), strconv.Itoa(r.Replicate), strconv.FormatUint(r.Seed, 10)}
		for _, v := range r.Params {
			row = append(row, v.Text)
		}
		rows[i] = row
	}
	if err := record.WriteCSV(filepath.Join(dir, RunsFile), header, rows); err != nil {
		return nil, err
	}
	// The resolved sweep last: its presence marks a complete plan.
	if err := writeBytes(SweepFile, resolved); err != nil {
		return nil, err
	}
	return Open(dir)
}

// Open reads the planned sweep folder dir.
func Open(dir string) (*Plan, error) {
	path := filepath.Join(dir, SweepFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("sweep: %s is not a planned sweep folder (no %s); make one with: replaylab sweep plan SWEEP.toml --out %s", dir, SweepFile, dir)
	}
	if err != nil {
		return nil, fmt.Errorf("sweep: %w", err)
	}
	s, probs := decode(path, data)
	if len(probs) == 0 {
		probs = s.loadScenario(dir, newKeyLines(data))
	}
	if len(probs) == 0 {
		probs = s.checkValues()
	}
	if len(probs) > 0 {
		return nil, &scenarios.Error{Problems: probs}
	}
	return &Plan{Sweep: s, Dir: dir}, nil
}

// Resolved returns the sweep as the TOML text of DIR/sweep.toml: every
// default explicit, the base scenario named as scenario.toml beside it.
func (s *Sweep) Resolved() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Resolved sweep, written by replaylab sweep plan from %s.\n", s.File)
	fmt.Fprintf(&b, "# The base scenario (%s) is %s beside this file.\n", s.ScenarioFile, ScenarioFile)
	fmt.Fprintf(&b, "schema_version = %d\n", SchemaVersion)
	if s.Description != "" {
		fmt.Fprintf(&b, "description = %s\n", tomlString(s.Description))
	}
	fmt.Fprintf(&b, "name = %s\n", tomlString(s.Name))
	fmt.Fprintf(&b, "scenario = %s\n", tomlString(ScenarioFile))
	fmt.Fprintf(&b, "seeds = %d\n", s.Seeds)
	fmt.Fprintf(&b, "base_seed = %d\n", s.BaseSeed)
	if len(s.Fixed) > 0 {
		b.WriteString("\n[set]\n")
		for _, v := range s.Fixed {
			fmt.Fprintf(&b, "%s = %s\n", tomlString(v.Key), v.Literal)
		}
	}
	section := ""
	for _, ax := range s.Axes {
		zip := strings.HasPrefix(ax.Values[0][0].where, "zip.")
		switch {
		case zip:
			section = "[[zip]]"
			b.WriteString("\n[[zip]]\n")
		case section != "[grid]":
			section = "[grid]"
			b.WriteString("\n[grid]\n")
		}
		for k, key := range ax.Keys {
			lits := make([]string, len(ax.Values))
			for i, pos := range ax.Values {
				lits[i] = pos[k].Literal
			}
			fmt.Fprintf(&b, "%s = [%s]\n", tomlString(key), strings.Join(lits, ", "))
		}
	}
	return []byte(b.String())
}

// tomlString writes s as a TOML string.
func tomlString(s string) string {
	v, _ := newValue("", s)
	return v.Literal
}

// dropComments removes the comment lines of a resolved sweep, which name
// where it was planned from and do not change the plan.
func dropComments(b []byte) []byte {
	var out [][]byte
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("#")) {
			out = append(out, line)
		}
	}
	return bytes.Join(out, []byte("\n"))
}
