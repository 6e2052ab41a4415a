package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/replaylab/replaylab/record"
)

// quickSets make tmaze-small short enough for many runs.
var quickSets = []string{"--set", "run.sessions=4", "--set", "hippocampus.n=600", "--set", "sleep.max_events=6", "--set", "run.checkpoint_every=1"}

// hardCase is one bad input or fault: the command it runs in a fresh
// folder, and what must come out.
type hardCase struct {
	name  string
	args  func(t *testing.T, dir string) []string // prepares dir, returns the arguments
	want  string                                  // in the (last) stderr line
	lines int                                     // stderr lines (0: 1)
	exit  int                                     // exit status (0: 1)
	after func(t *testing.T, dir string)          // extra checks
}

func writeFile(t *testing.T, path, text string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// finishedRun runs the quick scenario into dir/run and returns that path.
func finishedRun(t *testing.T, bin, dir string, sets ...string) string {
	t.Helper()
	out := filepath.Join(dir, "run")
	args := append(append([]string{"run", "tmaze-small", "--quiet", "--out", out}, quickSets...), sets...)
	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("preparing a run: %v\n%s", err, b)
	}
	return out
}

// markRunning turns a finished run into one that was interrupted after
// its last checkpoint.
func markRunning(t *testing.T, out string) {
	t.Helper()
	m, err := record.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	m.Status = record.StatusRunning
	if err := record.WriteManifest(out, m); err != nil {
		t.Fatal(err)
	}
}

// leftovers lists half-written files under dir.
func leftovers(dir string) []string {
	var bad []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && (strings.Contains(d.Name(), ".tmp-") || d.Name() == "checkpoint.tmp" || strings.HasPrefix(d.Name(), ".write-probe")) {
			bad = append(bad, p)
		}
		return nil
	})
	return bad
}

func mazeOf(rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		for c := range cols {
			switch {
			case r == 0 || c == 0 || r == rows-1 || c == cols-1:
				b.WriteByte('#')
			case r == 1 && c == 1:
				b.WriteByte('S')
			case r == rows-2 && c == cols-2:
				b.WriteByte('G')
			default:
				b.WriteByte('.')
			}
		}
		b.WriteByte('\n')
	}
	return "schema_version = 1\n[maze]\nlayout = '''\n" + b.String() + "'''\n[task]\nkind = \"goal\"\n"
}

func hardCases(bin string) []hardCase {
	small, _ := os.ReadFile("../../scenarios/tmaze-small.toml")
	withLegend := func(entry string) string {
		return strings.Replace(string(small), `S = { kind = "start", class = "cue" }`, `S = { kind = "start", class = "cue" }`+"\n"+entry, 1)
	}
	fifo := func(t *testing.T, dir string) string {
		p := filepath.Join(dir, "pipe.toml")
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	run := func(args ...string) func(*testing.T, string) []string {
		return func(t *testing.T, dir string) []string {
			return append([]string{"run", "--quiet", "--out", filepath.Join(dir, "out")}, args...)
		}
	}
	file := func(text string, cmdArgs ...string) func(*testing.T, string) []string {
		return func(t *testing.T, dir string) []string {
			p := writeFile(t, filepath.Join(dir, "s.toml"), text)
			return append([]string{"run", p, "--quiet", "--out", filepath.Join(dir, "out")}, cmdArgs...)
		}
	}
	noOut := func(t *testing.T, dir string) {
		if _, err := os.Stat(filepath.Join(dir, "out")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a refused run left %s behind", filepath.Join(dir, "out"))
		}
	}
	return []hardCase{
		// The rows of issue 10's table.
		{name: "1000x1000 open maze", args: file(mazeOf(1000, 1000)), want: "s.toml:3: maze.layout: the maze has 1000000 cells, at most 250000", after: noOut},
		{name: "500x500 open maze", args: file(mazeOf(500, 500), "--max-memory", "4GiB"), want: "the biggest part is the content codes of one episode", after: noOut},
		{name: "cortex.n=100000", args: run("tmaze-small", "--set", "cortex.n=100000"), want: "the biggest part is the consolidator (weights, gradients, Adam moments) (745.1 GiB, set by cortex.n)", after: noOut},
		{name: "hippocampus.n=200000", args: run("tmaze-small", "--set", "hippocampus.n=200000"), want: "set by hippocampus.n", after: noOut},
		{name: "capacity --n 1e9", args: func(*testing.T, string) []string { return []string{"capacity", "--n", "1000000000"} }, want: "capacity: dense N=1000000000 needs about"},
		{name: "header of 200000 parts", args: file("schema_version = 1\n[" + strings.Repeat("a.", 199999) + "a]\n"), want: "s.toml:2: a table header has more than 16 parts"},
		{name: "--set key of 40000 dots", args: run("tmaze-small", "--set", strings.Repeat("a.", 40000)+"a=1"), want: "the key has more than 16 parts"},
		{name: "FIFO: run", args: func(t *testing.T, dir string) []string { return []string{"run", fifo(t, dir), "--quiet"} }, want: "is a named pipe (FIFO), not a regular file"},
		{name: "FIFO: validate", args: func(t *testing.T, dir string) []string { return []string{"validate", fifo(t, dir)} }, want: "1 of 1 scenario files have problems", lines: 2},
		{name: "FIFO: maze", args: func(t *testing.T, dir string) []string { return []string{"maze", fifo(t, dir)} }, want: "is a named pipe (FIFO), not a regular file"},
		{name: "second process on one --out", args: func(t *testing.T, dir string) []string {
			out := filepath.Join(dir, "out")
			os.Mkdir(out, 0o755)
			l, err := record.Lock(out)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Unlock() })
			return []string{"run", "tmaze-small", "--quiet", "--out", out}
		}, want: fmt.Sprintf("is in use by another process: process %d on ", os.Getpid())},
		{name: "flipped bit in checkpoint/cortex.npz", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			p := filepath.Join(out, "checkpoint", "cortex.npz")
			b, _ := os.ReadFile(p)
			b[len(b)/3] ^= 4
			os.WriteFile(p, b, 0o644)
			return []string{"run", "--resume", "--quiet", "--out", out}
		}, want: "is damaged: part cortex.npz does not match its checksum"},
		{name: "cortex.lr=10", args: run("tmaze-small", "--set", "cortex.lr=10"), want: "times its running level", after: func(t *testing.T, dir string) {
			if m, err := record.ReadManifest(filepath.Join(dir, "out")); err != nil || m.Status != record.StatusFailed || !strings.Contains(m.Error, "lower cortex.lr (now 10)") {
				t.Errorf("manifest: status %q error %q (%v), want failed naming cortex.lr", m.Status, m.Error, err)
			}
		}},
		{name: "cortex.lr=1e100", args: run("tmaze-small", "--set", "cortex.lr=1e100"), want: "lower cortex.lr (now 1e+100)"},
		{name: "reward magnitude 1e308", args: file(withLegend(`L = { kind = "reward", name = "left", magnitude = 1e308 }`)), want: "maze.legend.L: magnitude: must be a number in [-1e+09, 1e+09], got 1e+308"},
		{name: "run.seed=-1 in a file", args: file(strings.Replace(string(small), "seed = 1", "seed = -1", 1)), want: "run.seed: wrong type: want a non-negative integer (below 2⁶³), got -1"},
		{name: "run.seed=-1 by --set", args: run("tmaze-small", "--set", "run.seed=-1"), want: "run.seed: wrong type: want a non-negative integer (below 2⁶³), got -1"},
		{name: "max_steps below the shortest path", args: run("tmaze-small", "--set", "task.max_steps=5"), want: "5 is below the shortest successful episode (10 moves)"},
		{name: "bench --lr nan", args: func(*testing.T, string) []string { return []string{"bench", "memorise", "--lr", "nan"} }, want: "--lr must be a finite number ≥ 0 (0 = the task's default), got NaN"},
		{name: "hippocampus.tau=1e308", args: run("tmaze-small", "--set", "hippocampus.tau=1e308"), want: "hippocampus.tau (from --set): must be a number in [1, 50], got 1e+308"},
		{name: "key of 1 MB", args: file("schema_version = 1\n[run]\n" + strings.Repeat("k", 1<<20-100) + " = 1\n"), want: "s.toml:3: a key is longer than 128 characters"},
		{name: "value of 1 MB", args: file("schema_version = 1\n[task]\nkind = \"" + strings.Repeat("v", 1<<20-100) + "\"\n"), want: "task.kind: got \"" + strings.Repeat("v", 80) + "\"…, want one of"},
		{name: "legend key \\n", args: file("schema_version = 1\n[maze.legend]\n\"\\n\" = { kind = \"wall\" }\n"), want: `maze.legend.\n: legend keys are single layout characters (not a line break), got "\n"`},
		{name: "three wrong types", args: file("schema_version = 1\n[cortex]\nn = \"big\"\n[sleep]\nevery = 1.5\n[run]\nseed = true\n"), lines: 3,
			want: "s.toml:7: run.seed: wrong type: want a non-negative integer (below 2⁶³), got a boolean"},
		{name: "Ctrl-C hint", args: run("tmaze-small", "--seed", "7", "--set", "run.sessions=40"), exit: 130, want: "stopped; continue with: replaylab run --resume --out "},
		{name: "kill -9 leftovers cleaned by --resume", exit: -1, args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			for _, junk := range []string{".episodes.csv.tmp-77", ".arrays.npz.tmp-78", "figures/.replay.png.tmp-79"} {
				writeFile(t, filepath.Join(out, junk), "junk")
			}
			os.MkdirAll(filepath.Join(out, ".out", "g999999"), 0o755)
			return []string{"run", "--resume", "--quiet", "--out", out}
		}},
		{name: "kill before the first checkpoint", exit: -1, args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			for _, p := range []string{"checkpoint", ".out", "episodes.csv", "sleeps.csv", "replay_events.csv", "arrays.npz", "figures"} {
				os.RemoveAll(filepath.Join(out, p))
			}
			return []string{"run", "--resume", "--quiet", "--out", out}
		}},
		{name: "--resume --force on another scenario's finished run", args: func(t *testing.T, dir string) []string {
			return []string{"run", "plus-maze", "--resume", "--force", "--quiet", "--out", finishedRun(t, bin, dir)}
		}, want: "--resume and --force exclude each other"},

		// More of our own.
		{name: "symlink loop", args: func(t *testing.T, dir string) []string {
			a, b := filepath.Join(dir, "a.toml"), filepath.Join(dir, "b.toml")
			os.Symlink(b, a)
			os.Symlink(a, b)
			return []string{"run", a, "--quiet"}
		}, want: "a.toml: stat: too many levels of symbolic links"},
		{name: "/dev/zero", args: func(*testing.T, string) []string { return []string{"run", "/dev/zero", "--quiet"} }, want: "/dev/zero: is a character device, not a regular file"},
		{name: "a directory", args: func(t *testing.T, dir string) []string { return []string{"run", dir, "--quiet"} }, want: "is a directory, not a regular file"},
		{name: "a socket", args: func(t *testing.T, dir string) []string {
			p := filepath.Join(dir, "sock.toml")
			l, err := net.Listen("unix", p)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			return []string{"run", p, "--quiet"}
		}, want: "is a socket, not a regular file"},
		{name: "empty file", args: file(""), want: "s.toml: file is empty"},
		{name: "binary file", args: file("schema_version = 1\x00\x01"), want: "s.toml:1: NUL byte at byte offset 18"},
		{name: "invalid UTF-8", args: file("schema_version = 1\n# \xff\n"), want: "s.toml:2: invalid UTF-8 at byte offset 21"},
		{name: "file over 1 MiB", args: file(strings.Repeat("#\n", 1<<20)), want: "a scenario file must be at most 1024 KiB"},
		{name: "arrays nested 100000 deep", args: file("schema_version = 1\nx = " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"), want: "s.toml:2: arrays and inline tables are nested more than 16 deep"},
		{name: "dotted key in an inline table", args: file("schema_version = 1\nx = { " + strings.Repeat("a.", 1000) + "a = 1 }\n"), want: "s.toml:2: a dotted key has more than 16 parts"},
		{name: "--set value nested deep", args: run("tmaze-small", "--set", "run.seed="+strings.Repeat("[", 5000)), want: "arrays and inline tables are nested more than 16 deep"},
		{name: "emptied checkpoint part", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			os.WriteFile(filepath.Join(out, "checkpoint", "log.gob"), nil, 0o644)
			return []string{"run", "--resume", "--quiet", "--out", out}
		}, want: "is damaged: part log.gob has 0 bytes, its index says"},
		{name: "missing checkpoint part", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			os.Remove(filepath.Join(out, "checkpoint", "cache.bin"))
			return []string{"run", "--resume", "--quiet", "--out", out}
		}, want: "is damaged: part cache.bin: open "},
		{name: "garbled checkpoint index", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			writeFile(t, filepath.Join(out, "checkpoint", ".index"), "cortex.npz\n")
			return []string{"run", "--resume", "--quiet", "--out", out}
		}, want: `index line 1 is not "SHA256 SIZE NAME"`},
		{name: "garbled manifest", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			writeFile(t, filepath.Join(out, "manifest.json"), "{not json")
			return []string{"run", "--resume", "--quiet", "--out", out}
		}, want: "manifest.json: invalid character"},
		{name: "resume with a different --set", args: func(t *testing.T, dir string) []string {
			out := finishedRun(t, bin, dir)
			markRunning(t, out)
			return []string{"run", "--resume", "--quiet", "--out", out, "--set", "cortex.lr=0.002"}
		}, want: "the scenario differs from the one the run in"},
		{name: "resume a finished run", args: func(t *testing.T, dir string) []string {
			return []string{"run", "--resume", "--quiet", "--out", finishedRun(t, bin, dir)}
		}, want: "already finished; nothing to resume (to run it again, use --force without --resume)"},
		{name: "run over a finished run", args: func(t *testing.T, dir string) []string {
			return []string{"run", "tmaze-small", "--quiet", "--out", finishedRun(t, bin, dir)}
		}, want: `holds a run with status "finished"; use --resume to continue it or --force to overwrite it`},
		{name: "resume without --out", args: func(*testing.T, string) []string { return []string{"run", "--resume", "--quiet"} }, want: "want a SCENARIO (a .toml file or a built-in name), or --resume --out DIR"},
		{name: "resume a folder with no run", args: func(t *testing.T, dir string) []string {
			return []string{"run", "--resume", "--quiet", "--out", dir}
		}, want: "no manifest.json"},
		{name: "--out is a file", args: func(t *testing.T, dir string) []string {
			return []string{"run", "tmaze-small", "--quiet", "--out", writeFile(t, filepath.Join(dir, "f"), "x")}
		}, want: "exists and is not a directory"},
		{name: "--max-memory garbage", args: run("tmaze-small", "--max-memory", "lots"), want: `--max-memory: memory size "lots": want a positive size`},
		{name: "--max-memory too small", args: run("tmaze-small", "--max-memory", "10MiB"), want: "more than the limit of 10.0 MiB; the biggest part is the cache", after: noOut},
		{name: "--seed 2^63", args: run("tmaze-small", "--seed", "9223372036854775808"), want: "--seed must be a non-negative integer below 2⁶³"},
		{name: "cortex.lr=nan", args: run("tmaze-small", "--set", "cortex.lr=nan"), want: "cortex.lr (from --set): must be a number in (0, ∞), got NaN"},
		{name: "temperature inf", args: run("tmaze-small", "--set", "agent.temperature_start=inf"), want: "agent.temperature_start (from --set): must be a number in (0, ∞), got +Inf"},
		{name: "control character in a key", args: file("schema_version = 1\n\"\\u0007bell\" = 1\n"), want: `s.toml: \u0007bell: unknown key or section at the top level`},
		{name: "capacity --sparseness 1.5", args: func(*testing.T, string) []string { return []string{"capacity", "--sparseness", "1.5"} }, want: "capacity: --sparseness 1.5: want a fraction in (0, 1)"},
		{name: "bench --workers -1", args: func(*testing.T, string) []string { return []string{"bench", "memorise", "--workers", "-1"} }, want: "--workers must be ≥ 0"},
		{name: "disk fills during a checkpoint", args: func(t *testing.T, dir string) []string {
			out := filepath.Join(dir, "out")
			os.Mkdir(out, 0o755)
			if err := syscall.Mount("tmpfs", out, "tmpfs", 0, "size=160k"); err != nil {
				t.Fatalf("cannot mount a small tmpfs (the test runs as root in CI): %v", err)
			}
			t.Cleanup(func() { syscall.Unmount(out, 0) })
			return append([]string{"run", "tmaze-small", "--quiet", "--out", out}, quickSets...)
		}, want: "no space left on device"},
	}
}

// TestHardening runs every bad input and fault of issue 10 against the
// built command: each exits non-zero with one line naming the problem,
// within 5 s and 200 MB, and leaves no half-written file.
func TestHardening(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command and runs it about 60 times")
	}
	bin := buildBinary(t)
	for _, c := range hardCases(bin) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			args := c.args(t, dir)
			stdout, stderr, code, took, rss := runMeasured(t, bin, args, c.name == "Ctrl-C hint")
			wantExit, wantLines := c.exit, c.lines
			if wantExit == 0 {
				wantExit = 1
			}
			if wantLines == 0 {
				wantLines = 1
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if wantExit == -1 { // a fault the program now recovers from
				if code != 0 || stderr != "" {
					t.Errorf("exit %d, stderr %q; want success", code, stderr)
				}
			} else if code != wantExit || len(lines) != wantLines || !strings.Contains(lines[len(lines)-1], c.want) {
				t.Errorf("exit %d, %d stderr lines:\n%.2000s\nwant exit %d, %d lines, the last containing %q", code, len(lines), stderr, wantExit, wantLines, c.want)
			}
			if took > 5*time.Second || rss > 200<<20 {
				t.Errorf("took %v and %d MB; want under 5 s and 200 MB", took, rss>>20)
			}
			if bad := leftovers(dir); len(bad) > 0 {
				t.Errorf("half-written files left: %v", bad)
			}
			if c.after != nil {
				c.after(t, dir)
			}
			if c.name == "Ctrl-C hint" {
				hint := strings.Fields(strings.TrimPrefix(lines[len(lines)-1], "stopped; continue with: replaylab "))
				if _, serr, code, _, _ := runMeasured(t, bin, append(hint, "--quiet"), false); code != 0 {
					t.Errorf("following the hint %v: exit %d: %s", hint, code, serr)
				}
			}
			t.Logf("exit %d in %v, %d MB: %.200s", code, took.Round(time.Millisecond), rss>>20, strings.TrimSpace(stderr+stdout[:0]))
		})
	}
}

// runMeasured runs the command (interrupting it with SIGINT after its
// first sleep when interrupt is set) and returns its output, exit status,
// wall time and peak resident memory.
func runMeasured(t *testing.T, bin string, args []string, interrupt bool) (stdout, stderr string, code int, took time.Duration, rss int64) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if interrupt {
		// The run checkpoints at every sleep; interrupt it a little after it started.
		time.Sleep(300 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
	}
	cmd.Wait()
	took = time.Since(start)
	code = cmd.ProcessState.ExitCode()
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss << 10
	}
	return out.String(), errb.String(), code, took, rss
}
