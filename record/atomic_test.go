package record

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.txt")
	write := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	if err := WriteFileAtomic(path, write("old")); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := WriteFileAtomic(path, func(w io.Writer) error {
		io.WriteString(w, "half-written")
		return boom
	})
	if !errors.Is(err, boom) || err.Error() != "record: write "+path+": boom" {
		t.Fatalf("err = %v, want wrapped boom", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("after failed write, file = %q, want %q", b, "old")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("after failed write, folder holds %d entries, want 1 (no temporary file left)", len(entries))
	}
	if err := WriteFileAtomic(path, write("new")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(b) != "new" || fi.Mode().Perm() != 0o644 {
		t.Errorf("file = %q mode %v, want %q mode 0644", b, fi.Mode().Perm(), "new")
	}
	err = WriteFileAtomic(filepath.Join(dir, "missing", "a.txt"), write("x"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("write into a missing folder: err = %v, want ErrNotExist", err)
	}
}
