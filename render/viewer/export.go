package viewer

import (
	"fmt"
	"image"
	"io"
	"path/filepath"
	"strings"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
)

// ScreenshotName names a screenshot after the run and the view's place,
// e.g. "tmaze-cued-episode12-step30.png" or
// "tmaze-cued-sleep3-event2-reverse-step5.png".
func (v *View) ScreenshotName() string {
	return v.placeName() + ".png"
}

func (v *View) placeName() string {
	name := strings.NewReplacer(" ", "-", "/", "-", "(", "", ")", "").Replace(v.data.Name)
	at, ok := v.At()
	switch {
	case !ok:
		return name + "-empty"
	case at.Sweep:
		return fmt.Sprintf("%s-episode%d-step%d-awake-sweep-step%d", name, at.EpisodeAt, at.StepAt, at.Step)
	case at.Awake:
		return fmt.Sprintf("%s-episode%d-step%d-awake-replay%d-%s-step%d", name, at.EpisodeAt, at.StepAt, at.Episode, direction(at.Reverse), at.Step)
	case at.Replay:
		return fmt.Sprintf("%s-sleep%d-event%d-%s-step%d", name, at.Sleep, at.Event, direction(at.Reverse), at.Step)
	}
	return fmt.Sprintf("%s-episode%d-step%d", name, at.Episode, at.Step)
}

// SavePNG writes img into dir under the view's screenshot name (atomically)
// and returns the path.
func (v *View) SavePNG(dir string, img image.Image) (string, error) {
	path := filepath.Join(dir, v.ScreenshotName())
	return path, record.WriteFileAtomic(path, func(w io.Writer) error { return render.WritePNG(w, img) })
}

// gifFrames is the most frames a GIF export holds (longer episodes are
// sampled evenly).
const gifFrames = 400

// SaveGIF writes the current episode (agent and trail) or replay (the
// replayed path growing over the lived one) as an animated GIF of render
// frames into dir and returns the path.
func (v *View) SaveGIF(dir string) (string, error) {
	at, ok := v.At()
	if !ok {
		return "", fmt.Errorf("nothing to export yet")
	}
	d := v.data
	g := d.Grid
	cs := max(4, min(16, 640/max(g.Rows, g.Cols)))
	var n int
	if at.Replay {
		n = len(d.ReplayPath(at.ReplayN))
	} else {
		n = d.Episodes[at.Episode].Steps + 1
	}
	var frames []*image.RGBA
	for k := range min(n, gifFrames) {
		frame := at
		frame.Step = k * n / min(n, gifFrames)
		f, err := render.Frame(g, v.frameOptionsAt(frame, cs))
		if err != nil {
			return "", err
		}
		v.DrawMarks(f, frame, cs)
		frames = append(frames, f)
	}
	name := strings.TrimSuffix(v.placeName(), fmt.Sprintf("-step%d", at.Step)) + ".gif"
	path := filepath.Join(dir, name)
	return path, record.WriteFileAtomic(path, func(w io.Writer) error { return render.WriteGIF(w, frames, 5) })
}

func direction(reverse bool) string {
	if reverse {
		return "reverse"
	}
	return "forward"
}
