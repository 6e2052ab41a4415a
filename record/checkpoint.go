package record

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Names of the checkpoint folder and of the folders used while replacing it.
const (
	CheckpointDir    = "checkpoint"
	checkpointTmpDir = "checkpoint.tmp"
	checkpointOldDir = "checkpoint.old"
	checkpointIndex  = ".index" // written last: lists the blobs, marks the folder complete
)

// ErrNoCheckpoint is wrapped by LoadCheckpoint when the run directory holds
// no complete checkpoint.
var ErrNoCheckpoint = errors.New("no checkpoint")

// SaveCheckpoint replaces runDir/checkpoint/ with one file per named blob.
// Blobs are written into checkpoint.tmp/, fsynced, listed in an index
// written last, and the folder is then renamed into place; the previous
// checkpoint is moved to checkpoint.old/ during the swap and removed after.
// A crash at any moment leaves a complete checkpoint that LoadCheckpoint
// finds (the new one or the previous one). A []byte blob is passed as
// bytes.NewReader(b); an *NPZ is an io.WriterTo itself.
func SaveCheckpoint(runDir string, blobs map[string]io.WriterTo) error {
	names := make([]string, 0, len(blobs))
	for name := range blobs {
		if name == "" || strings.ContainsAny(name, "/\\\n\r") || strings.HasPrefix(name, ".") {
			return fmt.Errorf("record: checkpoint blob name %q: want a non-empty name without slashes, line breaks or leading dot", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	tmp := filepath.Join(runDir, checkpointTmpDir)
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	for _, name := range names {
		err := WriteFileAtomic(filepath.Join(tmp, name), func(w io.Writer) error {
			_, err := blobs[name].WriteTo(w)
			return err
		})
		if err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("record: checkpoint blob %q: %w", name, err)
		}
	}
	index := strings.Join(names, "\n") + "\n"
	err := WriteFileAtomic(filepath.Join(tmp, checkpointIndex), func(w io.Writer) error {
		_, err := io.WriteString(w, index)
		return err
	})
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	cur := filepath.Join(runDir, CheckpointDir)
	old := filepath.Join(runDir, checkpointOldDir)
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	if err := os.Rename(cur, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	if err := os.Rename(tmp, cur); err != nil {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	syncDir(runDir)
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("record: checkpoint: %w", err)
	}
	return nil
}

// LoadCheckpoint reads the blobs of the newest complete checkpoint of
// runDir: checkpoint/, or checkpoint.old/ when a crash came between the
// two renames of SaveCheckpoint.
func LoadCheckpoint(runDir string) (map[string][]byte, error) {
	for _, sub := range []string{CheckpointDir, checkpointOldDir} {
		blobs, err := loadCheckpointFolder(filepath.Join(runDir, sub))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		return blobs, err
	}
	return nil, fmt.Errorf("record: %s: %w", runDir, ErrNoCheckpoint)
}

// HasCheckpoint reports whether runDir holds a complete checkpoint.
func HasCheckpoint(runDir string) bool {
	for _, sub := range []string{CheckpointDir, checkpointOldDir} {
		if _, err := os.Stat(filepath.Join(runDir, sub, checkpointIndex)); err == nil {
			return true
		}
	}
	return false
}

// loadCheckpointFolder returns an error wrapping os.ErrNotExist when the
// folder has no index, i.e. is absent or incomplete.
func loadCheckpointFolder(dir string) (map[string][]byte, error) {
	index, err := os.ReadFile(filepath.Join(dir, checkpointIndex))
	if err != nil {
		return nil, err
	}
	blobs := map[string][]byte{}
	for _, name := range strings.Split(strings.TrimSuffix(string(index), "\n"), "\n") {
		if name == "" {
			continue // a checkpoint without blobs
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("record: checkpoint %s is damaged: %v", dir, err)
		}
		blobs[name] = b
	}
	return blobs, nil
}
