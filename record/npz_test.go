package record

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func sampleNPZ(t *testing.T) *NPZ {
	t.Helper()
	z := &NPZ{}
	add := func(name string, data any, shape ...int) {
		if err := z.Add(name, data, shape...); err != nil {
			t.Fatal(err)
		}
	}
	add("positions", []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2)
	add("rewards", []float64{0, 1.5, -2.25, 1e-300})
	add("actions", []int64{3, 2, 1, 0, -1, 9}, 3, 2)
	add("observations", []uint8{0, 1, 255, 7}, 2, 2)
	add("empty", []float64{}, 0, 5)
	return z
}

func TestNPZDeterministicAndRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.npz"), filepath.Join(dir, "b.npz")
	if err := sampleNPZ(t).Write(a); err != nil {
		t.Fatal(err)
	}
	if err := sampleNPZ(t).Write(b); err != nil {
		t.Fatal(err)
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if !bytes.Equal(ba, bb) {
		t.Fatalf("two writes of the same arrays differ (%d and %d bytes)", len(ba), len(bb))
	}
	got, err := ReadNPZ(a)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleNPZ(t).Arrays()
	if !reflect.DeepEqual(got.Arrays(), want) {
		t.Errorf("ReadNPZ =\n%+v\nwant\n%+v", got.Arrays(), want)
	}
	var buf bytes.Buffer
	n, err := got.WriteTo(&buf)
	if err != nil || n != int64(len(ba)) || !bytes.Equal(buf.Bytes(), ba) {
		t.Errorf("rewriting what was read: %d bytes, err %v; want the same %d bytes", n, err, len(ba))
	}
}

// TestNPZLoadsInNumpy checks that numpy reads the archive with np.load and
// sees the names, dtypes, shapes and values written.
func TestNPZLoadsInNumpy(t *testing.T) {
	python := numpyPython()
	if python == "" {
		t.Skip("no python3 with numpy (Debian: apt-get install python3-numpy); skipping the numpy check")
	}
	path := filepath.Join(t.TempDir(), "arrays.npz")
	if err := sampleNPZ(t).Write(path); err != nil {
		t.Fatal(err)
	}
	script := `
import sys, numpy as np
z = np.load(sys.argv[1])
for k in z.files:
    a = z[k]
    print(k, a.dtype.str, a.shape, a.ravel().tolist())
`
	out, err := exec.Command(python, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("numpy failed: %v\n%s", err, out)
	}
	want := strings.Join([]string{
		"positions <i4 (2, 3, 2) [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]",
		"rewards <f8 (4,) [0.0, 1.5, -2.25, 1e-300]",
		"actions <i8 (3, 2) [3, 2, 1, 0, -1, 9]",
		"observations |u1 (2, 2) [0, 1, 255, 7]",
		"empty <f8 (0, 5) []",
	}, "\n") + "\n"
	if string(out) != want {
		t.Errorf("numpy sees\n%s\nwant\n%s", out, want)
	}
}

// numpyPython returns a Python that imports numpy: python3 on the PATH, or
// Debian's /usr/bin/python3 when the PATH one (e.g. pyenv's) lacks numpy.
func numpyPython() string {
	for _, p := range []string{"python3", "/usr/bin/python3"} {
		if exec.Command(p, "-c", "import numpy").Run() == nil {
			return p
		}
	}
	return ""
}
