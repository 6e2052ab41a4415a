package scenarios

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
)

//go:embed *.toml
var builtinFS embed.FS

// Builtins returns the names of the built-in scenarios, without ".toml",
// sorted.
func Builtins() []string {
	entries, _ := fs.ReadDir(builtinFS, ".")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	return names
}

// Builtin returns the text of the built-in scenario name ("tmaze-cued" or
// "tmaze-cued.toml").
func Builtin(name string) ([]byte, error) {
	if strings.ContainsAny(name, `/\`) {
		return nil, fmt.Errorf("no built-in scenario %s", quote(name))
	}
	data, err := builtinFS.ReadFile(strings.TrimSuffix(name, ".toml") + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no built-in scenario %s (built-ins: %s)", quote(name), strings.Join(Builtins(), ", "))
	}
	return data, nil
}

// builtinFile is the name messages use for a built-in scenario.
func builtinFile(name string) string {
	return strings.TrimSuffix(name, ".toml") + ".toml (built-in)"
}
