package record

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Names of the files of a run directory (ARCHITECTURE.md, "Formats").
const (
	EpisodesFile     = "episodes.csv"
	ReplayEventsFile = "replay_events.csv"
	SleepsFile       = "sleeps.csv"
	ArraysFile       = "arrays.npz"
	FiguresDir       = "figures"
)

// Errors wrapped by Open, for callers that test for them with errors.Is.
var (
	ErrExistingRun = errors.New("holds a run")
	ErrNotWritable = errors.New("not writable")
)

// Dir is an open run directory.
type Dir struct {
	path string
	// Resume is true when the directory was opened to continue a run.
	Resume bool
	// Previous is the manifest found in the directory when resuming.
	Previous Manifest
	// Checkpoint is true when the directory holds a complete checkpoint.
	Checkpoint bool
	lock       *DirLock
}

// Close releases the directory's lock (taken by Open and held for the
// whole run, so that two processes never write one run directory).
func (d *Dir) Close() error { return d.lock.Unlock() }

// Open prepares the run directory path, creating it if needed, takes its
// lock (held until Close, see Lock) and checks that it can be written.
// Temporary files a killed process left behind are removed. A directory
// that already holds a run (a manifest.json) is refused unless resume or
// force is set: resume keeps everything (Checkpoint says whether there is
// a checkpoint to continue from; without one the run starts again from
// the beginning); force removes the previous run's files (the manifest,
// tables, arrays, checkpoints and figures, and nothing else). Resume in a
// directory that holds no run is an error.
func Open(path string, resume, force bool) (d *Dir, err error) {
	if path == "" {
		return nil, errors.New("record: empty run directory path")
	}
	if resume && force {
		return nil, errors.New("record: --resume and --force exclude each other: resume continues a run, force starts it over")
	}
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() {
		return nil, fmt.Errorf("record: run directory %s exists and is not a directory", path)
	}
	_, statErr := os.Stat(path)
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("record: cannot create run directory %s (%w): %w", path, ErrNotWritable, err)
	}
	probe, err := os.CreateTemp(path, ".write-probe-*")
	if err != nil {
		if errors.Is(statErr, os.ErrNotExist) {
			os.Remove(path)
		}
		return nil, fmt.Errorf("record: run directory %s is %w: %w", path, ErrNotWritable, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	lock, err := Lock(path)
	if err != nil {
		if errors.Is(statErr, os.ErrNotExist) {
			os.Remove(path)
		}
		return nil, err
	}
	defer func() {
		if err != nil {
			lock.Unlock()
		}
	}()
	if errors.Is(statErr, os.ErrNotExist) {
		// Leave nothing behind if this call created the folder and fails.
		defer func() {
			if err != nil {
				os.Remove(filepath.Join(path, LockFile))
				os.Remove(path)
			}
		}()
	}
	cleanTemporaries(path)
	d = &Dir{path: path, Resume: resume, lock: lock, Checkpoint: HasCheckpoint(path)}
	m, err := ReadManifest(path)
	hasRun := err == nil
	if err != nil && !errors.Is(err, ErrNoManifest) {
		return nil, err
	}
	switch {
	case resume:
		if !hasRun && !d.Checkpoint {
			return nil, fmt.Errorf("record: cannot resume %s: it holds no run (%w); run without --resume to start a new run", path, ErrNoManifest)
		}
		d.Previous = m
	case hasRun && !force:
		return nil, fmt.Errorf("record: %s %w with status %q; use --resume to continue it or --force to overwrite it", path, ErrExistingRun, m.Status)
	case force:
		if err := removeRun(path); err != nil {
			return nil, fmt.Errorf("record: --force: cannot remove the previous run: %w", err)
		}
		d.Checkpoint = false
	}
	return d, nil
}

// removeRun removes a previous run's files from runDir, and nothing else.
func removeRun(runDir string) error {
	for _, name := range []string{ManifestFile, FiguresDir, CheckpointDir, checkpointTmpDir, checkpointOldDir} {
		if err := os.RemoveAll(filepath.Join(runDir, name)); err != nil {
			return err
		}
	}
	return removeOutputs(runDir)
}

// Path returns the run directory's path.
func (d *Dir) Path() string { return d.path }

// File returns the path of the named file inside the run directory.
func (d *Dir) File(name string) string { return filepath.Join(d.path, name) }

// WriteManifest writes the run's manifest atomically.
func (d *Dir) WriteManifest(m Manifest) error { return WriteManifest(d.path, m) }

// SaveCheckpoint replaces the run's checkpoint (see SaveCheckpoint).
func (d *Dir) SaveCheckpoint(blobs map[string]io.WriterTo) error {
	return SaveCheckpoint(d.path, blobs)
}

// LoadCheckpoint reads the run's checkpoint (see LoadCheckpoint).
func (d *Dir) LoadCheckpoint() (map[string][]byte, error) { return LoadCheckpoint(d.path) }

// Figures returns the figures folder, creating it.
func (d *Dir) Figures() (string, error) {
	p := filepath.Join(d.path, FiguresDir)
	if err := os.MkdirAll(p, 0o755); err != nil {
		return "", fmt.Errorf("record: %w", err)
	}
	return p, nil
}
