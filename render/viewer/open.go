package viewer

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"codeberg.org/sbinet/npyio/npy"
	"codeberg.org/sbinet/npyio/npz"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/scenarios"
)

// Open reads the run directory dir through its top-level files
// (manifest.json, episodes.csv, sleeps.csv, replay_events.csv,
// arrays.npz; symbolic links are followed). It indexes the run: tables
// and the position arrays are read, the large arrays (observations,
// hidden activity) are not; hidden activity is read on first use. A run
// that is still running before its first checkpoint opens with no
// episodes.
func Open(dir string) (*Data, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a run directory: no such folder", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, record.ManifestFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s is not a run directory: it has no %s (make one with: replaylab run SCENARIO --out %s)", dir, record.ManifestFile, dir)
	}
	m, err := record.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(filepath.Join(dir, record.ManifestFile), []byte(m.Resolved), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario in its manifest: %w", dir, err)
	}
	e, err := sc.NewEnv()
	if err != nil {
		return nil, fmt.Errorf("%s: the scenario in its manifest: %w", dir, err)
	}
	d := &Data{Name: m.Scenario, Status: string(m.Status), Grid: scenarios.MazeGrid(e.Maze())}
	if d.Name == "" {
		d.Name = filepath.Base(dir)
	}
	if s, ok := scenarios.ShortestSteps(e.Maze(), e.Task()); ok {
		d.Shortest = s
	}
	d.HiddenHint = "no activity recorded: run again with --set run.record_hidden=true"
	d.Hidden = func(int) ([][]float64, bool) { return nil, false }
	if _, err := os.Stat(filepath.Join(dir, record.EpisodesFile)); errors.Is(err, fs.ErrNotExist) && m.Status == record.StatusRunning {
		return d, nil // no checkpoint yet
	}
	if err := d.readTables(dir); err != nil {
		return nil, err
	}
	if err := d.readArrays(dir, sc.Cortex.N); err != nil {
		return nil, err
	}
	d.linkSleeps()
	return d, nil
}

// table is a CSV read by column name; extra columns are ignored.
type table struct {
	path string
	col  map[string]int
	rows [][]string
}

func readTable(path string, need ...string) (*table, error) {
	header, rows, err := record.ReadCSV(path)
	if err != nil {
		return nil, err
	}
	t := &table{path: path, col: map[string]int{}, rows: rows}
	for i, h := range header {
		t.col[h] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			return nil, fmt.Errorf("%s: no column %q (header %s)", path, n, strings.Join(header, ","))
		}
	}
	return t, nil
}

func (t *table) str(row int, name string) string { return t.rows[row][t.col[name]] }

// has reports whether the table has the columns (optional ones, added to
// the run directory after some runs were made).
func (t *table) has(names ...string) bool {
	for _, n := range names {
		if _, ok := t.col[n]; !ok {
			return false
		}
	}
	return true
}

func (t *table) int(row int, name string) (int, error) {
	v, err := strconv.Atoi(t.str(row, name))
	if err != nil {
		return 0, fmt.Errorf("%s: row %d: column %s: %q is not an integer", t.path, row+2, name, t.str(row, name))
	}
	return v, nil
}

func (t *table) float(row int, name string) (float64, error) {
	v, err := strconv.ParseFloat(t.str(row, name), 64)
	if err != nil {
		return 0, fmt.Errorf("%s: row %d: column %s: %q is not a number", t.path, row+2, name, t.str(row, name))
	}
	return v, nil
}

func (t *table) bool(row int, name string) (bool, error) {
	v, err := strconv.ParseBool(t.str(row, name))
	if err != nil {
		return false, fmt.Errorf("%s: row %d: column %s: %q is not true or false", t.path, row+2, name, t.str(row, name))
	}
	return v, nil
}

func (d *Data) readTables(dir string) error {
	eps, err := readTable(filepath.Join(dir, record.EpisodesFile), "episode", "cue", "steps", "reward", "success")
	if err != nil {
		return err
	}
	d.Episodes = make([]Episode, len(eps.rows))
	for i := range eps.rows {
		e := &d.Episodes[i]
		var errs [4]error
		e.Index, errs[0] = eps.int(i, "episode")
		e.Steps, errs[1] = eps.int(i, "steps")
		e.Reward, errs[2] = eps.float(i, "reward")
		e.Success, errs[3] = eps.bool(i, "success")
		if err := errors.Join(errs[:]...); err != nil {
			return err
		}
		e.Cue = eps.str(i, "cue")
		e.Choices, e.Explored = -1, -1
		if eps.has("choices", "explored") {
			e.Choices, errs[0] = eps.int(i, "choices")
			e.Explored, errs[1] = eps.int(i, "explored")
			if err := errors.Join(errs[:2]...); err != nil {
				return err
			}
		}
		if e.Index != i {
			return fmt.Errorf("%s: row %d is episode %d, want %d", eps.path, i+2, e.Index, i)
		}
	}
	sl, err := readTable(filepath.Join(dir, record.SleepsFile), "sleep", "after_episode", "events")
	if err != nil {
		return err
	}
	d.Sleeps = make([]Sleep, len(sl.rows))
	for i := range sl.rows {
		s := &d.Sleeps[i]
		var errs [3]error
		s.Index, errs[0] = sl.int(i, "sleep")
		s.AfterEpisode, errs[1] = sl.int(i, "after_episode")
		s.Events, errs[2] = sl.int(i, "events")
		if err := errors.Join(errs[:]...); err != nil {
			return err
		}
	}
	ev, err := readTable(filepath.Join(dir, record.ReplayEventsFile), "sleep", "event", "episode", "direction", "fidelity", "loss_before")
	if err != nil {
		return err
	}
	d.Replays = make([]Replay, len(ev.rows))
	for i := range ev.rows {
		r := &d.Replays[i]
		var errs [5]error
		r.Sleep, errs[0] = ev.int(i, "sleep")
		r.Event, errs[1] = ev.int(i, "event")
		r.Episode, errs[2] = ev.int(i, "episode")
		r.Fidelity, errs[3] = ev.float(i, "fidelity")
		r.Loss, errs[4] = ev.float(i, "loss_before")
		if err := errors.Join(errs[:]...); err != nil {
			return err
		}
		r.Reverse = ev.str(i, "direction") == "reverse"
		if r.Episode < 0 || r.Episode >= len(d.Episodes) {
			return fmt.Errorf("%s: row %d replays episode %d; the run has %d episodes", ev.path, i+2, r.Episode, len(d.Episodes))
		}
		if err := d.readPhase(ev, i); err != nil {
			return err
		}
	}
	return nil
}

// readPhase reads row i's awake-replay columns (phase, kind, episode_at,
// step_at) when the table has them; runs made before awake replay have
// none, and all their replays are sleep replays.
func (d *Data) readPhase(ev *table, i int) error {
	r := &d.Replays[i]
	r.EpisodeAt, r.StepAt = -1, -1
	if !ev.has("phase", "kind", "episode_at", "step_at") {
		return nil
	}
	switch p := ev.str(i, "phase"); p {
	case "sleep":
	case "awake":
		r.Awake = true
	default:
		return fmt.Errorf("%s: row %d: column phase: %q is neither sleep nor awake", ev.path, i+2, p)
	}
	switch k := ev.str(i, "kind"); k {
	case "replay":
	case "sweep":
		r.Sweep = true
	case "splice":
		r.Splice = true
	default:
		return fmt.Errorf("%s: row %d: column kind: %q is not replay, splice or sweep", ev.path, i+2, k)
	}
	if r.Splice && r.Awake {
		return fmt.Errorf("%s: row %d: a spliced replay while awake (splices are made in sleep)", ev.path, i+2)
	}
	if r.Sweep && !r.Awake {
		return fmt.Errorf("%s: row %d: a sweep in sleep (sweeps are awake)", ev.path, i+2)
	}
	if !r.Awake {
		return nil
	}
	var errs [2]error
	r.EpisodeAt, errs[0] = ev.int(i, "episode_at")
	r.StepAt, errs[1] = ev.int(i, "step_at")
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}
	if r.EpisodeAt < 0 || r.EpisodeAt >= len(d.Episodes) {
		return fmt.Errorf("%s: row %d: awake replay during episode %d; the run has %d episodes", ev.path, i+2, r.EpisodeAt, len(d.Episodes))
	}
	if n := d.Episodes[r.EpisodeAt].Steps; r.StepAt < 0 || r.StepAt > n {
		return fmt.Errorf("%s: row %d: awake replay at step %d of episode %d, which has steps 0 to %d", ev.path, i+2, r.StepAt, r.EpisodeAt, n)
	}
	return nil
}

// readArrays reads the position arrays of arrays.npz and checks them
// against the tables; hidden activity is left for later.
func (d *Data) readArrays(dir string, n int) error {
	path := filepath.Join(dir, record.ArraysFile)
	z, err := npz.Open(path)
	if err != nil {
		return fmt.Errorf("%s: not a readable npz archive: %w", path, err)
	}
	defer z.Close()
	var start, pos, act, rStart, rPos []int64
	for _, a := range []struct {
		name string
		dst  *[]int64
	}{{"episode_start", &start}, {"position", &pos}, {"action", &act}, {"replay_start", &rStart}, {"replay_position", &rPos}} {
		if z.Header(a.name+".npy") == nil {
			return fmt.Errorf("%s: no array %s", path, a.name)
		}
		if err := readArray(z, a.name, a.dst); err != nil {
			return fmt.Errorf("%s: array %s: %w", path, a.name, err)
		}
	}
	if z.Header("predicted_action.npy") != nil {
		var pred []int64
		if err := readArray(z, "predicted_action", &pred); err != nil {
			return fmt.Errorf("%s: array predicted_action: %w", path, err)
		}
		if len(pred) != len(act) {
			return fmt.Errorf("%s: predicted_action has %d entries, action %d (want the same)", path, len(pred), len(act))
		}
		d.Predicted = make([]int, len(pred))
		for i, a := range pred {
			if a < -1 || a > 3 {
				return fmt.Errorf("%s: predicted_action %d is %d (want -1 to 3)", path, i, a)
			}
			d.Predicted[i] = int(a)
		}
	}
	if len(start) != len(d.Episodes)+1 {
		return fmt.Errorf("%s: episode_start has %d entries but %s has %d episodes (want episodes + 1); the files are from different moments or one is damaged", path, len(start), record.EpisodesFile, len(d.Episodes))
	}
	if len(rStart) != len(d.Replays)+1 {
		return fmt.Errorf("%s: replay_start has %d entries but %s has %d replays (want replays + 1)", path, len(rStart), record.ReplayEventsFile, len(d.Replays))
	}
	if int(start[len(start)-1]) != len(act) || len(pos) != 2*len(act) || int(rStart[len(rStart)-1])*2 != len(rPos) {
		return fmt.Errorf("%s: position, action and replay_position do not match episode_start and replay_start", path)
	}
	d.Pos = cells(pos)
	d.Actions = make([]int, len(act))
	for i, a := range act {
		d.Actions[i] = int(a)
	}
	d.ReplayPos = cells(rPos)
	for i := range d.Episodes {
		e := &d.Episodes[i]
		e.start = int(start[i])
		if int(start[i+1])-e.start != e.Steps+1 {
			return fmt.Errorf("%s: episode %d has %d positions in arrays.npz and %d steps in %s (want steps + 1)", path, i, int(start[i+1])-e.start, e.Steps, record.EpisodesFile)
		}
	}
	for j := range d.Replays {
		d.Replays[j].start, d.Replays[j].end = int(rStart[j]), int(rStart[j+1])
	}
	for i, c := range d.Pos {
		if c.Row < 0 || c.Row >= d.Grid.Rows || c.Col < 0 || c.Col >= d.Grid.Cols {
			return fmt.Errorf("%s: position %d (row %d, column %d) is outside the %d×%d maze", path, i, c.Row, c.Col, d.Grid.Rows, d.Grid.Cols)
		}
	}
	for i, c := range d.ReplayPos {
		if c.Row < 0 || c.Row >= d.Grid.Rows || c.Col < 0 || c.Col >= d.Grid.Cols {
			return fmt.Errorf("%s: replayed position %d (row %d, column %d) is outside the %d×%d maze", path, i, c.Row, c.Col, d.Grid.Rows, d.Grid.Cols)
		}
	}
	if h := z.Header("hidden.npy"); h != nil {
		d.Hidden = lazyHidden(path, d, 2*n)
	}
	return nil
}

// readArray reads one array of the archive through a large buffer (the
// npy reader reads element by element, a system call each when unbuffered).
func readArray(z *npz.Reader, name string, dst any) error {
	rc, err := z.Open(name + ".npy")
	if err != nil {
		return err
	}
	defer rc.Close()
	r, err := npy.NewReader(bufio.NewReaderSize(rc, 1<<20))
	if err != nil {
		return err
	}
	return r.Read(dst)
}

func cells(rc []int64) []render.Cell {
	out := make([]render.Cell, len(rc)/2)
	for i := range out {
		out[i] = render.Cell{Row: int(rc[2*i]), Col: int(rc[2*i+1])}
	}
	return out
}

// lazyHidden reads the hidden array the first time an episode's activity
// is asked for (it can be far larger than everything else).
func lazyHidden(path string, d *Data, width int) func(int) ([][]float64, bool) {
	var (
		once sync.Once
		all  []float64
		err  error
	)
	return func(i int) ([][]float64, bool) {
		once.Do(func() {
			var z *npz.Reader
			if z, err = npz.Open(path); err != nil {
				return
			}
			defer z.Close()
			err = readArray(z, "hidden", &all)
		})
		if err != nil || len(all) != width*len(d.Actions) || i < 0 || i >= len(d.Episodes) {
			return nil, false
		}
		e := d.Episodes[i]
		rows := make([][]float64, 0, e.Steps)
		for t := range e.Steps { // the final position has no input step (NaN)
			row := all[(e.start+t)*width : (e.start+t+1)*width]
			if math.IsNaN(row[0]) {
				break
			}
			rows = append(rows, row)
		}
		return rows, len(rows) > 0
	}
}
