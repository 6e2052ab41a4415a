//go:build display

package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/render/viewer"
	"github.com/replaylab/replaylab/scenarios"
)

// build compiles the program once into a temporary folder.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "replaylab-view")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func smallRun(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "run")
	sc, err := scenarios.Load("tmaze-small", []string{"run.sessions=4"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Run(context.Background(), sc, scenarios.Options{Out: dir, Name: "tmaze-small"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func runProgram(bin string, env []string, args ...string) (stdout, stderr string, code int) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if x, ok := err.(*exec.ExitError); ok {
		code = x.ExitCode()
	} else if err != nil {
		code = -1
	}
	return o.String(), e.String(), code
}

func TestScreenshotIsTheWindowFrame(t *testing.T) {
	bin, dir := build(t), smallRun(t)
	file := filepath.Join(t.TempDir(), "shot.png")
	_, stderr, code := runProgram(bin, nil, dir, "--screenshot", file, "--at", "1:0:2", "--width", "900", "--height", "600")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	d, _ := viewer.Open(dir)
	v := viewer.NewView(d)
	v.SetPaused(true)
	if err := v.Seek("1:0:2"); err != nil {
		t.Fatal(err)
	}
	var c viewer.Canvas
	want, _ := c.Draw(v, 900, 600, image.Pt(-1, -1))
	if got.Bounds() != want.Bounds() {
		t.Fatalf("screenshot %v, want %v", got.Bounds(), want.Bounds())
	}
	diff := 0
	for y := 0; y < 600; y++ {
		for x := 0; x < 900; x++ {
			r, g, bl, _ := got.At(x, y).RGBA()
			w := want.RGBAAt(x, y)
			if uint8(r>>8) != w.R || uint8(g>>8) != w.G || uint8(bl>>8) != w.B {
				diff++
			}
		}
	}
	if diff > 0 {
		t.Errorf("%d pixels of the screenshot differ from the window's frame", diff)
	}
}

// Bad input: one line on stderr, exit status 1, no panic.
func TestBadInput(t *testing.T) {
	bin, dir := build(t), smallRun(t)
	empty := t.TempDir()
	damaged := t.TempDir()
	for _, f := range []string{"manifest.json", "episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if f == "arrays.npz" {
			b = b[:len(b)/2]
		}
		os.WriteFile(filepath.Join(damaged, f), b, 0o644)
	}
	truncated := t.TempDir()
	for _, f := range []string{"manifest.json", "episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz"} {
		b, _ := os.ReadFile(filepath.Join(dir, f))
		if f == "episodes.csv" {
			// Cut inside a row (three bytes into it), not at a row's end,
			// whatever the column widths: a half-written last record.
			b = b[:bytes.LastIndexByte(b[:len(b)*2/3], '\n')+4]
		}
		os.WriteFile(filepath.Join(truncated, f), b, 0o644)
	}
	tests := []struct {
		name string
		env  []string
		args []string
		want string
	}{
		{"not a run", nil, []string{empty}, "replaylab-view: " + empty + " is not a run directory: it has no manifest.json (make one with: replaylab run SCENARIO --out " + empty + ")"},
		{"corrupt npz", nil, []string{damaged}, "replaylab-view: " + filepath.Join(damaged, "arrays.npz") + ": not a readable npz archive"},
		{"truncated csv", nil, []string{truncated}, "replaylab-view: record: " + filepath.Join(truncated, "episodes.csv") + ": record on line "},
		{"at beyond the run", nil, []string{dir, "--at", "99:0", "--screenshot", filepath.Join(empty, "x.png")}, "replaylab-view: --at 99:0: the run has episodes 0 to 19"},
		{"no display", []string{"DISPLAY="}, []string{dir}, "replaylab-view: no display (DISPLAY is not set): the viewer needs an X display; on a machine without one run it under Xvfb, e.g. xvfb-run -a replaylab-view ..."},
		{"no such scenario", nil, []string{"--live", "no-such-maze"}, "replaylab-view: no-such-maze: no such file, and no built-in scenario of that name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := runProgram(bin, tt.env, tt.args...)
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], tt.want) {
				t.Errorf("exit %d, stderr %q\nwant exit 1 and one line starting %q", code, stderr, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(empty, "x.png")); err == nil {
		t.Error("a failed --screenshot left a file")
	}
}

// --frames ends the window after that many shown frames, and --fps-log
// has written the frame rate once a second meanwhile.
func TestFramesAndFrameLog(t *testing.T) {
	bin, dir := build(t), smallRun(t)
	log := filepath.Join(t.TempDir(), "fps.log")
	// Playing at 10 steps per second: 15 changed frames take about 1.5 s.
	_, stderr, code := runProgram(bin, nil, dir, "--frames", "15", "--fps-log", log, "--width", "640", "--height", "480")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 2 {
		t.Fatalf("frame log %q: want a line a second over about 1.5 s", b)
	}
	var sec, fps float64
	var updates int
	if n, err := fmt.Sscanf(lines[1], "%g s: %g frames per second (Ebiten), %d screen updates in the last second", &sec, &fps, &updates); n != 3 || err != nil {
		t.Fatalf("frame log line %q: %v", lines[1], err)
	}
	if sec < 0.9 || fps <= 0 || updates < 5 {
		t.Errorf("frame log line %q: want about 1 s, a positive rate and the ~10 changed frames of a second of playback", lines[1])
	}
}
