package record

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// OutputFiles are the run's outputs that must always agree with each other
// on disk: the tables and the arrays describe the same episodes at every
// moment. They are written together as one generation (CommitOutputs).
var OutputFiles = []string{EpisodesFile, SleepsFile, ReplayEventsFile, ArraysFile}

// Where the generations of outputs live inside a run directory.
const (
	outputsDir  = ".out"    // one folder per generation, plus the current link
	currentLink = "current" // .out/current -> the committed generation's folder
	genPrefix   = "g"       // generation folders are .out/g000001, .out/g000002, ...
)

// CommitOutputs writes one generation of the run's outputs and makes it
// the current one. Each entry of files names an output (one of
// OutputFiles) and writes its bytes. The generation is written into a new
// folder .out/gNNNNNN/ (every file fsynced), then one rename of a symbolic
// link makes .out/current point at it; the top-level names (episodes.csv,
// ...) are fixed relative links through .out/current. A kill at any moment
// therefore leaves the previous generation or the new one visible, whole,
// never a mixture. Older generations are removed after the switch.
func (d *Dir) CommitOutputs(files map[string]func(io.Writer) error) error {
	root := filepath.Join(d.path, outputsDir)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return fmt.Errorf("record: outputs: %w", err)
	}
	cur, _ := currentGeneration(root)
	gen := genPrefix + fmt.Sprintf("%06d", cur+1)
	folder := filepath.Join(root, gen)
	if err := os.RemoveAll(folder); err != nil { // an uncommitted leftover of a killed run
		return fmt.Errorf("record: outputs: %w", err)
	}
	if err := os.Mkdir(folder, 0o755); err != nil {
		return fmt.Errorf("record: outputs: %w", err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if !slices.Contains(OutputFiles, name) {
			os.RemoveAll(folder)
			return fmt.Errorf("record: outputs: %q is not one of %v", name, OutputFiles)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := writeFileSynced(filepath.Join(folder, name), files[name]); err != nil {
			os.RemoveAll(folder)
			return err
		}
	}
	syncDir(folder)
	// The top-level links go in before the switch: until .out/current
	// exists they dangle, so a kill between two of them (the first
	// generation) never shows episodes.csv without arrays.npz.
	for _, name := range OutputFiles {
		if err := ensureSymlink(filepath.Join(d.path, name), filepath.Join(outputsDir, currentLink, name)); err != nil {
			os.RemoveAll(folder)
			return err
		}
	}
	if err := replaceSymlink(filepath.Join(root, currentLink), gen); err != nil {
		os.RemoveAll(folder)
		return err
	}
	removeOldGenerations(root, gen)
	return nil
}

// writeFileSynced creates path (which must not be visible to readers yet)
// with the bytes write produces and fsyncs it.
func writeFileSynced(path string, write func(io.Writer) error) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("record: write %s: %w", path, err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("record: write %s: close: %w", path, cerr)
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return fmt.Errorf("record: write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("record: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("record: write %s: sync: %w", path, err)
	}
	return nil
}

// replaceSymlink points the link at path to target, atomically: a new
// link is made under a temporary name and renamed over path.
func replaceSymlink(path, target string) error {
	dir, base := filepath.Split(path)
	tmp := filepath.Join(dir, "."+base+".tmp-"+strconv.Itoa(os.Getpid()))
	os.Remove(tmp)
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("record: outputs: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("record: outputs: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// ensureSymlink makes path a link to target unless it already is one. A
// regular file there (an output of an older replaylab) is replaced.
func ensureSymlink(path, target string) error {
	if got, err := os.Readlink(path); err == nil && got == target {
		return nil
	}
	return replaceSymlink(path, target)
}

// currentGeneration returns the number of the committed generation (0 when
// there is none) and its folder name.
func currentGeneration(root string) (int, string) {
	target, err := os.Readlink(filepath.Join(root, currentLink))
	if err != nil {
		return 0, ""
	}
	n, err := strconv.Atoi(strings.TrimPrefix(target, genPrefix))
	if err != nil || !strings.HasPrefix(target, genPrefix) {
		return 0, ""
	}
	return n, target
}

// removeOldGenerations removes every generation folder but keep, and any
// temporary link a killed commit left.
func removeOldGenerations(root, keep string) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if e.Name() == keep || e.Name() == currentLink {
			continue
		}
		os.RemoveAll(filepath.Join(root, e.Name()))
	}
}

// cleanOutputs removes what a killed commit can leave in .out: generation
// folders other than the current one and temporary links.
func cleanOutputs(runDir string) {
	root := filepath.Join(runDir, outputsDir)
	_, cur := currentGeneration(root)
	removeOldGenerations(root, cur)
}

// removeOutputs removes the outputs of a previous run (for --force).
func removeOutputs(runDir string) error {
	var errs []error
	for _, name := range OutputFiles {
		if err := os.Remove(filepath.Join(runDir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := os.RemoveAll(filepath.Join(runDir, outputsDir)); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
