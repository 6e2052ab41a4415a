// Command replaylab-view shows a replaylab run in a window: playback of a
// run directory (finished or still running), or a scenario run live with
// the same runner as `replaylab run`. It links Ebiten and needs cgo and an
// X display; the headless command is cmd/replaylab.
//
//	replaylab-view runs/tmaze-cued
//	replaylab-view --live tmaze-small [--set k=v ...] [--seed S] [--out DIR]
//	replaylab-view runs/tmaze-cued --screenshot shot.png --at 12:30
package main

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/spf13/pflag"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/render/viewer"
	"github.com/replaylab/replaylab/render/viewer/window"
	"github.com/replaylab/replaylab/scenarios"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "replaylab-view:", err)
		os.Exit(1)
	}
}

// config is the command line.
type config struct {
	live       bool
	sets       []string
	seed       uint64
	seedSet    bool
	out        string
	screenshot string
	at         string
	width      int
	height     int
	saveDir    string
	paused     bool
	fps        time.Duration
	fpsLog     string
	frames     int
	arg        string
}

func parse(args []string, stdout io.Writer) (*config, error) {
	c := &config{}
	f := pflag.NewFlagSet("replaylab-view", pflag.ContinueOnError)
	f.SetOutput(stdout)
	f.Usage = func() {
		fmt.Fprintln(stdout, "usage: replaylab-view RUN_DIR [flags]\n       replaylab-view --live SCENARIO [--set k=v ...] [--seed S] [--out DIR]\n\nflags:")
		f.PrintDefaults()
	}
	f.BoolVar(&c.live, "live", false, "run the scenario SCENARIO (file or built-in name) and watch it")
	f.StringArrayVar(&c.sets, "set", nil, "with --live: override a scenario value, e.g. --set sleep.every=5 (repeatable)")
	f.Uint64Var(&c.seed, "seed", 0, "with --live: run seed (overrides run.seed)")
	f.StringVar(&c.out, "out", "", "with --live: run directory (default runs/NAME-seedSEED)")
	f.StringVar(&c.screenshot, "screenshot", "", "save one frame as PNG to this file and exit")
	f.StringVar(&c.at, "at", "", "start at episode:step, sleep:event:step or awake:J:step (the run's J-th awake replay)")
	f.IntVar(&c.width, "width", 1280, "window width in pixels")
	f.IntVar(&c.height, "height", 800, "window height in pixels")
	f.StringVar(&c.saveDir, "save-dir", ".", "folder for screenshots (S) and GIFs (G)")
	f.BoolVar(&c.paused, "paused", false, "start paused")
	f.DurationVar(&c.fps, "measure-fps", 0, "play at full speed for this long (e.g. 10s), print the frames per second and exit (vsync off)")
	f.StringVar(&c.fpsLog, "fps-log", "", "write the window's frames per second to this file once a second (vsync off)")
	f.IntVar(&c.frames, "frames", 0, "exit after this many frames have been shown (--frames 1: time to the first frame)")
	if err := f.Parse(args); err != nil {
		return nil, err
	}
	c.seedSet = f.Changed("seed")
	if f.NArg() != 1 {
		return nil, fmt.Errorf("want one run directory (or --live SCENARIO), got %d arguments; see --help", f.NArg())
	}
	c.arg = f.Arg(0)
	if !c.live && (len(c.sets) > 0 || c.seedSet || c.out != "") {
		return nil, errors.New("--set, --seed and --out go with --live SCENARIO")
	}
	if c.live && c.screenshot != "" {
		return nil, errors.New("--screenshot shows a run directory; run the scenario with replaylab run first")
	}
	if c.frames < 0 {
		return nil, fmt.Errorf("--frames %d: want 0 (no limit) or more", c.frames)
	}
	if c.width < 320 || c.height < 240 {
		return nil, fmt.Errorf("window %d×%d, want at least 320×240", c.width, c.height)
	}
	return c, nil
}

func run(args []string, stdout io.Writer) error {
	c, err := parse(args, stdout)
	if errors.Is(err, pflag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if c.live {
		return runLive(c)
	}
	data, src, err := viewer.NewDirSource(c.arg)
	if err != nil {
		return err
	}
	v := viewer.NewView(data)
	v.SetPaused(c.paused || c.screenshot != "")
	if c.at != "" {
		if err := v.Seek(c.at); err != nil {
			return err
		}
	}
	if c.screenshot != "" {
		return screenshot(v, c)
	}
	v.Follow(data.Status == string(record.StatusRunning))
	g := window.NewGame(v, src, c.saveDir)
	if c.fps > 0 {
		measureFPS(g, v, c, stdout)
	}
	g.QuitAfterFrames(c.frames)
	if c.fpsLog != "" {
		f, err := os.Create(c.fpsLog)
		if err != nil {
			return fmt.Errorf("--fps-log: %w", err)
		}
		defer f.Close()
		g.LogFrameRate(f)
	}
	if c.fps > 0 || c.fpsLog != "" {
		ebiten.SetVsyncEnabled(false) // measure what the window can draw, not the display's refresh
	}
	return window.Run(g, "replaylab-view: "+c.arg, c.width, c.height)
}

// screenshot draws the frame the window would show at its starting size
// and saves it.
func screenshot(v *viewer.View, c *config) error {
	var canvas viewer.Canvas
	img, err := canvas.Draw(v, c.width, c.height, image.Pt(-1, -1))
	if err != nil {
		return err
	}
	return record.WriteFileAtomic(c.screenshot, func(w io.Writer) error { return render.WritePNG(w, img) })
}

// measureFPS plays the run at the highest speed (the picture changes every
// frame) and prints the frame rate when the measurement ends.
func measureFPS(g *window.Game, v *viewer.View, c *config, stdout io.Writer) {
	v.SetPaused(false)
	for range 20 {
		v.Press(viewer.KeyFaster)
	}
	g.MeasureFrameRate(c.fps, func(r window.FrameRate) {
		l := viewer.LayoutFor(v.Data().Grid, c.width, c.height)
		fmt.Fprintf(stdout, "frames per second: median %.1f, lowest %.1f over %d s; window %d×%d, maze %d×%d cells of %d pixels\n",
			r.Median, r.Min, len(r.Samples), c.width, c.height, v.Data().Grid.Rows, v.Data().Grid.Cols, l.CellSize)
	})
}

func runLive(c *config) error {
	sets := c.sets
	if c.seedSet {
		sets = append(sets, fmt.Sprintf("run.seed=%d", c.seed))
	}
	sc, err := scenarios.Load(c.arg, sets)
	if err != nil {
		return err
	}
	name := strings.TrimSuffix(filepath.Base(c.arg), ".toml")
	out := c.out
	if out == "" {
		out = filepath.Join("runs", fmt.Sprintf("%s-seed%d", name, sc.Run.Seed))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	live, err := viewer.StartLive(ctx, sc, scenarios.Options{Out: out, Version: "replaylab-view", Name: name})
	if err != nil {
		return err
	}
	d, src := viewer.NewLiveSource(live)
	v := viewer.NewView(d)
	v.Follow(true)
	v.SetPaused(c.paused)
	err = window.Run(window.NewGame(v, src, c.saveDir), "replaylab-view: live "+name, c.width, c.height)
	// Closing the window stops the run after the current episode, with a
	// checkpoint (resume it with replaylab run --resume --out DIR).
	cancel()
	runErr := live.Wait()
	if errors.Is(runErr, scenarios.ErrInterrupted) {
		fmt.Fprintf(os.Stderr, "stopped; continue with: replaylab run %s --out %s --resume\n", c.arg, out)
		runErr = nil
	}
	return errors.Join(err, runErr)
}
