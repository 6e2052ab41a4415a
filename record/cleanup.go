package record

import (
	"os"
	"path/filepath"
	"strings"
)

// cleanTemporaries removes what a killed process can leave in a run
// directory: temporary files of atomic writes (".NAME.tmp-*") in the
// directory, figures/ and the checkpoint folders, write probes, an
// unfinished checkpoint.tmp/, a checkpoint.old/ that a complete
// checkpoint/ supersedes, and uncommitted output generations. It is called
// with the directory's lock held, so no other process is writing there.
func cleanTemporaries(runDir string) {
	for _, sub := range []string{"", FiguresDir, CheckpointDir, checkpointOldDir} {
		entries, err := os.ReadDir(filepath.Join(runDir, sub))
		if err != nil {
			continue
		}
		for _, e := range entries {
			if isTemporary(e.Name()) {
				os.RemoveAll(filepath.Join(runDir, sub, e.Name()))
			}
		}
	}
	os.RemoveAll(filepath.Join(runDir, checkpointTmpDir))
	if _, err := os.Stat(filepath.Join(runDir, CheckpointDir, checkpointIndex)); err == nil {
		os.RemoveAll(filepath.Join(runDir, checkpointOldDir))
	}
	cleanOutputs(runDir)
}

// isTemporary reports the names WriteFileAtomic and Open use for files
// that only exist while they write.
func isTemporary(name string) bool {
	return strings.HasPrefix(name, ".") && (strings.Contains(name, ".tmp-") || strings.HasPrefix(name, ".write-probe-"))
}
