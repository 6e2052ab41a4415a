package record

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// ManifestFile is the name of the manifest inside a run directory.
const ManifestFile = "manifest.json"

// Status is the state of a run as written in its manifest.
type Status string

// The states of a run.
const (
	StatusRunning  Status = "running"
	StatusFinished Status = "finished"
	StatusFailed   Status = "failed"
)

// Manifest describes a run: what was run, with which seed and program,
// and whether it finished. Its times make it the one file of a run
// directory that differs between two runs with the same seed.
type Manifest struct {
	Scenario string    `json:"scenario"`        // scenario name
	Resolved string    `json:"scenario_toml"`   // the scenario as run: defaults and --set applied, as TOML text
	Seed     uint64    `json:"seed"`            // run seed
	Version  string    `json:"program_version"` // replaylab version that wrote the run
	Status   Status    `json:"status"`          // running, finished or failed
	Error    string    `json:"error,omitempty"` // why the run failed, when Status is failed
	Created  time.Time `json:"created"`         // when the run directory was first written (UTC)
	Updated  time.Time `json:"updated"`         // when the manifest was last written (UTC)
}

// WriteManifest writes m as dir/manifest.json, atomically.
func WriteManifest(dir string, m Manifest) error {
	switch m.Status {
	case StatusRunning, StatusFinished, StatusFailed:
	default:
		return fmt.Errorf("record: manifest status %q: want running, finished or failed", m.Status)
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("record: manifest: %w", err)
	}
	b = append(b, '\n')
	return WriteFileAtomic(filepath.Join(dir, ManifestFile), func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	})
}

// ErrNoManifest is wrapped by ReadManifest when the directory holds no
// manifest, i.e. it is not (yet) a run directory.
var ErrNoManifest = errors.New("no manifest.json")

// ReadManifest reads dir/manifest.json.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	path := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return m, fmt.Errorf("record: %s: %w", dir, ErrNoManifest)
	}
	if err != nil {
		return m, fmt.Errorf("record: %w", err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("record: %s: %w", path, err)
	}
	return m, nil
}
