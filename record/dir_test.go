package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpen(t *testing.T) {
	root := t.TempDir()
	finished := filepath.Join(root, "finished")
	os.Mkdir(finished, 0o755)
	WriteManifest(finished, Manifest{Scenario: "s", Status: StatusFinished})
	os.WriteFile(filepath.Join(finished, EpisodesFile), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(finished, SleepsFile), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(finished, "notes.txt"), []byte("mine"), 0o644)
	SaveCheckpoint(finished, map[string]io.WriterTo{"p": bytes.NewReader([]byte("1"))})
	file := filepath.Join(root, "file")
	os.WriteFile(file, nil, 0o644)

	tests := []struct {
		name          string
		path          string
		resume, force bool
		want          string // "" for success
		is            error
	}{
		{"new directory", filepath.Join(root, "new", "run"), false, false, "", nil},
		{"empty path", "", false, false, "record: empty run directory path", nil},
		{"both flags", filepath.Join(root, "x"), true, true, "record: --resume and --force exclude each other: resume continues a run, force starts it over", nil},
		{"a file", file, false, false, "record: run directory " + file + " exists and is not a directory", nil},
		{"under a file", filepath.Join(file, "run"), false, false,
			"record: cannot create run directory " + filepath.Join(file, "run") + " (not writable): mkdir " + file + ": not a directory", ErrNotWritable},
		{"finished run", finished, false, false,
			"record: " + finished + ` holds a run with status "finished"; use --resume to continue it or --force to overwrite it`, ErrExistingRun},
		{"resume without a run", filepath.Join(root, "empty"), true, false,
			"record: cannot resume " + filepath.Join(root, "empty") + ": it holds no run (no manifest.json); run without --resume to start a new run", ErrNoManifest},
		{"resume", finished, true, false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Open(tt.path, tt.resume, tt.force)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if fi, err := os.Stat(d.Path()); err != nil || !fi.IsDir() {
					t.Errorf("run directory not created: %v", err)
				}
				d.Close()
				return
			}
			if err == nil || err.Error() != tt.want {
				t.Fatalf("err = %v\nwant  %s", err, tt.want)
			}
			if tt.path == filepath.Join(root, "empty") {
				if _, err := os.Stat(tt.path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("failed Open left %s behind", tt.path)
				}
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err does not wrap %v", tt.is)
			}
		})
	}

	d, _ := Open(finished, true, false)
	if !d.Resume || d.Previous.Status != StatusFinished {
		t.Errorf("resume: Resume=%v Previous=%+v", d.Resume, d.Previous)
	}
	d.Close()
	d, err := Open(finished, false, true)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	entries, _ := os.ReadDir(finished)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if len(names) != 2 || names[0] != LockFile || names[1] != "notes.txt" {
		t.Errorf("after --force the directory holds %v, want only the lock file and the user's notes.txt", names)
	}
}

// A second Open of a directory that is open names the holder and fails;
// after Close it succeeds.
func TestOpenLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	d, err := Open(dir, false, false)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, false, false)
	host, _ := os.Hostname()
	want := fmt.Sprintf("record: %s is in use by another process: process %d on %s since ", dir, os.Getpid(), host)
	if !errors.Is(err, ErrLocked) || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("second Open: %v, want prefix %q", err, want)
	}
	d.Close()
	d, err = Open(dir, false, false)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	d.Close()
}
