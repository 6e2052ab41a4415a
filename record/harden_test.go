package record

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// saveTestCheckpoint writes a checkpoint with an NPZ part and a plain part.
func saveTestCheckpoint(t *testing.T, dir string) {
	t.Helper()
	z := &NPZ{}
	z.Add("w", []float64{1, 2, 3, 4}, 2, 2)
	if err := SaveCheckpoint(dir, map[string]io.WriterTo{"cortex.npz": z, "log.gob": bytes.NewReader([]byte("0123456789"))}); err != nil {
		t.Fatal(err)
	}
}

// rewriteIndex replaces a part's bytes and records them in the index as if
// the checkpoint had been written so (to reach the zip CRC check).
func rewriteIndex(t *testing.T, dir, name string, b []byte) {
	t.Helper()
	ck := filepath.Join(dir, CheckpointDir)
	os.WriteFile(filepath.Join(ck, name), b, 0o644)
	index, _ := os.ReadFile(filepath.Join(ck, checkpointIndex))
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(string(index)), "\n") {
		if strings.HasSuffix(l, " "+name) {
			l = fmt.Sprintf("%x %d %s", sha256.Sum256(b), len(b), name)
		}
		lines = append(lines, l)
	}
	os.WriteFile(filepath.Join(ck, checkpointIndex), []byte(strings.Join(lines, "\n")+"\n"), 0o644)
}

// Every kind of damage to a checkpoint is refused with the part named.
func TestCheckpointVerified(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string)
		want   string // after "record: checkpoint DIR/checkpoint is damaged: "
	}{
		{"flipped bit", func(t *testing.T, dir string) {
			p := filepath.Join(dir, CheckpointDir, "cortex.npz")
			b, _ := os.ReadFile(p)
			b[len(b)/2] ^= 0x10
			os.WriteFile(p, b, 0o644)
		}, "part cortex.npz does not match its checksum"},
		{"emptied part", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, CheckpointDir, "log.gob"), nil, 0o644)
		}, "part log.gob has 0 bytes, its index says 10"},
		{"wrong zip CRC", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, CheckpointDir, "cortex.npz"))
			zr, _ := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			// The last data byte of the only entry: its stored CRC no longer matches.
			off, _ := zr.File[0].DataOffset()
			b[off+int64(zr.File[0].UncompressedSize64)-1] ^= 1
			rewriteIndex(t, dir, "cortex.npz", b)
		}, "part cortex.npz: w.npy: zip: checksum error"},
		{"index garbled", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, CheckpointDir, checkpointIndex), []byte("cortex.npz\n"), 0o644)
		}, `index line 1 is not "SHA256 SIZE NAME"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			saveTestCheckpoint(t, dir)
			if _, err := LoadCheckpoint(dir); err != nil {
				t.Fatalf("intact checkpoint: %v", err)
			}
			c.damage(t, dir)
			_, err := LoadCheckpoint(dir)
			want := "record: checkpoint " + filepath.Join(dir, CheckpointDir) + " is damaged: " + c.want
			if !errors.Is(err, ErrCorruptCheckpoint) || err.Error() != want {
				t.Errorf("err = %v\nwant  %s", err, want)
			}
		})
	}
}

// A disk that fills while a checkpoint is written leaves the previous
// checkpoint whole and no temporary folder.
func TestCheckpointDiskFull(t *testing.T) {
	dir := t.TempDir()
	saveTestCheckpoint(t, dir)
	err := SaveCheckpoint(dir, map[string]io.WriterTo{"log.gob": bytes.NewReader([]byte("new")), "cortex.npz": failingWriterTo{}})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v, want the write error", err)
	}
	got, err := LoadCheckpoint(dir)
	if err != nil || string(got["log.gob"]) != "0123456789" {
		t.Errorf("after the failed save: %q, %v; want the previous checkpoint", got["log.gob"], err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{CheckpointDir}) {
		t.Errorf("run directory holds %v, want only checkpoint/", names)
	}
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func writeString(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// Outputs are committed as generations behind one link: the top-level
// names read the newest generation, older ones are gone, and a commit that
// fails leaves the previous generation in place.
func TestCommitOutputs(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	d, err := Open(dir, false, false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	commit := func(tag string) error {
		files := map[string]func(io.Writer) error{}
		for _, name := range OutputFiles {
			files[name] = writeString(name + " " + tag)
		}
		return d.CommitOutputs(files)
	}
	for _, tag := range []string{"1", "2"} {
		if err := commit(tag); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range OutputFiles {
		if b, err := os.ReadFile(d.File(name)); err != nil || string(b) != name+" 2" {
			t.Errorf("%s = %q, %v; want the second generation", name, b, err)
		}
	}
	if names := dirNames(t, filepath.Join(dir, outputsDir)); !slices.Equal(names, []string{currentLink, "g000002"}) {
		t.Errorf(".out holds %v, want [current g000002]", names)
	}
	err = d.CommitOutputs(map[string]func(io.Writer) error{EpisodesFile: writeString("x"),
		ArraysFile: func(io.Writer) error { return errors.New("disk full") }})
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("failing commit: %v", err)
	}
	if b, _ := os.ReadFile(d.File(EpisodesFile)); string(b) != EpisodesFile+" 2" {
		t.Errorf("after a failed commit episodes.csv = %q, want the second generation", b)
	}
	if err := d.CommitOutputs(map[string]func(io.Writer) error{"notes.txt": writeString("x")}); err == nil {
		t.Error("commit of a file that is not an output: no error")
	}
}

// What a killed process leaves (temporary files, an uncommitted
// generation, an unfinished checkpoint) is removed when the directory is
// opened again; --force also removes the outputs and their links.
func TestOpenCleansUp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	d, err := Open(dir, false, false)
	if err != nil {
		t.Fatal(err)
	}
	d.CommitOutputs(map[string]func(io.Writer) error{EpisodesFile: writeString("e")})
	WriteManifest(dir, Manifest{Status: StatusRunning})
	saveTestCheckpoint(t, dir)
	d.Close()
	leftovers := []string{".episodes.csv.tmp-123", ".manifest.json.tmp-9", checkpointTmpDir,
		filepath.Join(outputsDir, "g000007"), filepath.Join(outputsDir, ".current.tmp-5"), filepath.Join(CheckpointDir, ".log.gob.tmp-1")}
	for _, l := range leftovers {
		os.WriteFile(filepath.Join(dir, l), []byte("junk"), 0o644)
	}
	d, err = Open(dir, true, false)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	for _, l := range leftovers {
		if _, err := os.Lstat(filepath.Join(dir, l)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s survived Open", l)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, EpisodesFile)); err != nil || string(b) != "e" {
		t.Errorf("committed output lost: %q, %v", b, err)
	}
	if !d.Checkpoint {
		t.Error("Dir.Checkpoint = false with a complete checkpoint")
	}
	d, err = Open(dir, false, true)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	if names := dirNames(t, dir); !slices.Equal(names, []string{LockFile}) {
		t.Errorf("after --force the directory holds %v, want only the lock file", names)
	}
}

// TestOpenUnwritable runs as root too: the run directory is a read-only
// tmpfs mount, which refuses writes whatever the permissions.
func TestOpenUnwritable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ro")
	os.Mkdir(dir, 0o555)
	if os.Geteuid() == 0 {
		if err := syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_RDONLY, "size=64k"); err != nil {
			t.Fatalf("running as root, but cannot mount a read-only tmpfs at %s: %v", dir, err)
		}
		defer syscall.Unmount(dir, 0)
	}
	_, err := Open(dir, false, false)
	want := "record: run directory " + dir + " is not writable: open " + dir + "/.write-probe-"
	if !errors.Is(err, ErrNotWritable) || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("err = %v, want prefix %s", err, want)
	}
}
