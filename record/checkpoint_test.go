package record

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestCheckpointReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	z := &NPZ{}
	z.Add("w", []float64{1, 2, 3, 4}, 2, 2)
	first := map[string]io.WriterTo{"consolidator.npz": z, "rng": bytes.NewReader([]byte{1, 2, 3}), "progress.json": bytes.NewReader([]byte(`{"episode":4}`))}
	if err := SaveCheckpoint(dir, first); err != nil {
		t.Fatal(err)
	}
	second := map[string]io.WriterTo{"rng": bytes.NewReader([]byte{9}), "progress.json": bytes.NewReader([]byte(`{"episode":8}`))}
	if err := SaveCheckpoint(dir, second); err != nil {
		t.Fatal(err)
	}
	got, err := LoadCheckpoint(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{"rng": {9}, "progress.json": []byte(`{"episode":8}`)}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("LoadCheckpoint = %q, want %q (the first checkpoint's extra blob must be gone)", got, want)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != CheckpointDir {
		t.Errorf("run directory holds %v, want only checkpoint/", entries)
	}
}

func TestCheckpointCrashRecovery(t *testing.T) {
	dir := t.TempDir()
	SaveCheckpoint(dir, map[string]io.WriterTo{"progress": bytes.NewReader([]byte("4"))})
	// A crash between the two renames leaves checkpoint.old/ and an
	// incomplete or complete checkpoint.tmp/ but no checkpoint/.
	os.Rename(filepath.Join(dir, CheckpointDir), filepath.Join(dir, checkpointOldDir))
	os.Mkdir(filepath.Join(dir, checkpointTmpDir), 0o755)
	os.WriteFile(filepath.Join(dir, checkpointTmpDir, "progress"), []byte("half"), 0o644)
	if !HasCheckpoint(dir) {
		t.Fatal("HasCheckpoint = false after a crash mid-swap")
	}
	got, err := LoadCheckpoint(dir)
	if err != nil || string(got["progress"]) != "4" {
		t.Fatalf("LoadCheckpoint = %q, %v; want the previous checkpoint", got, err)
	}
	if err := SaveCheckpoint(dir, map[string]io.WriterTo{"progress": bytes.NewReader([]byte("8"))}); err != nil {
		t.Fatal(err)
	}
	got, _ = LoadCheckpoint(dir)
	entries, _ := os.ReadDir(dir)
	if string(got["progress"]) != "8" || len(entries) != 1 {
		t.Errorf("after the next save: progress %q and %d entries, want \"8\" and 1", got["progress"], len(entries))
	}
}

func TestCheckpointErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadCheckpoint(dir)
	if !errors.Is(err, ErrNoCheckpoint) || err.Error() != "record: "+dir+": no checkpoint" {
		t.Errorf("empty dir: err = %v", err)
	}
	if err := SaveCheckpoint(dir, map[string]io.WriterTo{"with space": bytes.NewReader([]byte("ok"))}); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadCheckpoint(dir); err != nil || string(got["with space"]) != "ok" {
		t.Errorf("blob name with a space: %q, %v", got, err)
	}
	os.RemoveAll(filepath.Join(dir, CheckpointDir))
	err = SaveCheckpoint(dir, map[string]io.WriterTo{".index": bytes.NewReader(nil)})
	if want := `record: checkpoint blob name ".index": want a non-empty name without slashes, line breaks or leading dot`; err == nil || err.Error() != want {
		t.Errorf("bad name: err = %v, want %s", err, want)
	}
	SaveCheckpoint(dir, map[string]io.WriterTo{"a": bytes.NewReader([]byte("1"))})
	os.Remove(filepath.Join(dir, CheckpointDir, "a"))
	_, err = LoadCheckpoint(dir)
	want := "record: checkpoint " + filepath.Join(dir, CheckpointDir) + " is damaged: part a: open " + filepath.Join(dir, CheckpointDir, "a") + ": no such file or directory"
	if err == nil || err.Error() != want {
		t.Errorf("damaged: err = %v, want %s", err, want)
	}
	// A blob that fails to write leaves the previous checkpoint in place.
	dir2 := t.TempDir()
	SaveCheckpoint(dir2, map[string]io.WriterTo{"a": bytes.NewReader([]byte("1"))})
	err = SaveCheckpoint(dir2, map[string]io.WriterTo{"a": failingWriterTo{}})
	if err == nil {
		t.Fatal("failing blob: no error")
	}
	got, _ := LoadCheckpoint(dir2)
	entries, _ := os.ReadDir(dir2)
	if string(got["a"]) != "1" || len(entries) != 1 {
		t.Errorf("after failed save: blob %q and %d entries, want \"1\" and 1", got["a"], len(entries))
	}
}

type failingWriterTo struct{}

func (failingWriterTo) WriteTo(io.Writer) (int64, error) { return 0, errors.New("disk full") }
