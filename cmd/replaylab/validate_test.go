package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateAndMazeCommands(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("schema_version = 1\n[task]\nkind = \"goal\"\n[cortex]\nmode = \"magic\"\n"), 0o644)
	cases := []struct {
		args             []string
		wantOut, wantErr string
		exit             int
	}{
		{[]string{"validate", "tmaze-small"}, "tmaze-small.toml (built-in): ok: cued-tmaze, maze 10×9 (14 cells), reward sites left,right, max_steps 60, sensory 14 (5+2+7), memory about 54.6 MiB (most: cache (sequence matrices, expansion layer, readout), 24.3 MiB)\n", "", 0},
		{[]string{"validate", "tmaze-small", bad}, "tmaze-small.toml (built-in): ok", bad + `:5: cortex.mode: got "magic", want one of: bp, fa, published, fa-published` + "\n" +
			bad + ":2: maze.layout: missing: task goal needs a layout (only cued-tmaze, delayed-alternation and linear-track are generated)\n", 1},
		{[]string{"maze", "tmaze-cued", "--set", "task.cue_length=2", "--set", "task.delay_length=1", "--set", "task.branch_length=2"},
			"tmaze-cued.toml (built-in): cued-tmaze, 6 rows × 7 cols, 8 cells\n\n#######\n###S###\n###C###\n###.###\n#L...R#\n#######\n\nstart        (1,3)\n" +
				"reward site  \"left\"   (4,1) magnitude 1, shortest path from start 5 moves\n" +
				"reward site  \"right\"  (4,5) magnitude 1, shortest path from start 5 moves\n" +
				"cue cells    2: (1,3) (2,3)\nclasses      floor junction start cue-left cue-right reward-site door\nmax_steps    15\n", "", 0},
	}
	for _, c := range cases {
		root := newRootCmd()
		var out, errOut bytes.Buffer
		root.SetOut(&out)
		root.SetErr(&errOut)
		root.SetArgs(c.args)
		err := root.Execute()
		code := 0
		var ec exitCoder
		if errors.As(err, &ec) {
			code = ec.ExitCode()
		} else if err != nil {
			t.Fatalf("%v: %v", c.args, err)
		}
		if !strings.HasPrefix(out.String(), c.wantOut) || errOut.String() != c.wantErr || code != c.exit {
			t.Errorf("%v:\nout %q\nerr %q\nexit %d", c.args, out.String(), errOut.String(), code)
		}
	}
}
