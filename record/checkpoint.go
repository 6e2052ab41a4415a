package record

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Names of the checkpoint folder and of the folders used while replacing it.
const (
	CheckpointDir    = "checkpoint"
	checkpointTmpDir = "checkpoint.tmp"
	checkpointOldDir = "checkpoint.old"
	checkpointIndex  = ".index" // written last: lists the blobs with their checksums, marks the folder complete
)

// ErrCorruptCheckpoint is wrapped by LoadCheckpoint when a part of the
// checkpoint does not match the checksum its index recorded (or, for an
// NPZ part, its zip CRCs), e.g. after a flipped bit or a truncated file.
var ErrCorruptCheckpoint = errors.New("is damaged")

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
	var index strings.Builder
	for _, name := range names {
		sum := sha256.New()
		var size int64
		err := WriteFileAtomic(filepath.Join(tmp, name), func(w io.Writer) error {
			var err error
			size, err = blobs[name].WriteTo(io.MultiWriter(w, sum))
			return err
		})
		if err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("record: checkpoint blob %q: %w", name, err)
		}
		fmt.Fprintf(&index, "%x %d %s\n", sum.Sum(nil), size, name)
	}
	err := WriteFileAtomic(filepath.Join(tmp, checkpointIndex), func(w io.Writer) error {
		_, err := io.WriteString(w, index.String())
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
// folder has no index, i.e. is absent or incomplete. Every part is checked
// against the size and SHA-256 its index recorded, and an NPZ part also
// against its zip CRCs; a mismatch is an error wrapping
// ErrCorruptCheckpoint that names the part.
func loadCheckpointFolder(dir string) (map[string][]byte, error) {
	index, err := os.ReadFile(filepath.Join(dir, checkpointIndex))
	if err != nil {
		return nil, err
	}
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("record: checkpoint %s %w: %s", dir, ErrCorruptCheckpoint, fmt.Sprintf(format, args...))
	}
	blobs := map[string][]byte{}
	for n, line := range strings.Split(strings.TrimSuffix(string(index), "\n"), "\n") {
		if line == "" {
			continue // a checkpoint without blobs
		}
		hexSum, rest, ok1 := strings.Cut(line, " ")
		sizeText, name, ok2 := strings.Cut(rest, " ")
		want, herr := hex.DecodeString(hexSum)
		size, serr := strconv.ParseInt(sizeText, 10, 64)
		if !ok1 || !ok2 || herr != nil || len(want) != sha256.Size || serr != nil || name == "" {
			return nil, damaged("index line %d is not \"SHA256 SIZE NAME\"", n+1)
		}
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, damaged("part %s: %v", name, err)
		}
		if int64(len(b)) != size {
			return nil, damaged("part %s has %d bytes, its index says %d", name, len(b), size)
		}
		if got := sha256.Sum256(b); !bytes.Equal(got[:], want) {
			return nil, damaged("part %s does not match its checksum", name)
		}
		if strings.HasSuffix(name, ".npz") {
			if err := checkZipCRCs(b); err != nil {
				return nil, damaged("part %s: %v", name, err)
			}
		}
		blobs[name] = b
	}
	return blobs, nil
}

// checkZipCRCs reads every entry of the zip archive b, which verifies each
// entry's CRC-32.
func checkZipCRCs(b []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	return nil
}
