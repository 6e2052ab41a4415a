package viewer

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/record"
	"github.com/replaylab/replaylab/render"
	"github.com/replaylab/replaylab/scenarios"
)

// The awake-replay fixture: three episodes of tmaze-small written by hand,
// with awake replays and a sweep in the columns and arrays of the shared
// specification (phase, kind, episode_at, step_at appended to
// replay_events.csv; replay_phase, replay_sweep, replay_episode_at,
// replay_step_at in arrays.npz), which the runner on this branch does not
// write yet.
//
// Episodes (start at row 1, column 4; the stem runs down to row 8):
//
//	0: cue left, down the stem and left to L (8,1): rewarded
//	1: cue right, down and right to R (8,7): rewarded
//	2: cue left, down and right to R: not rewarded
//
// Replays, in time order (the sleep column counts sleeps before them):
//
//	0: awake reverse replay of episode 0 at its last step (10)
//	1: awake sweep during episode 1 at its choice step 7, from (8,4) to (8,7)
//	2: awake forward replay of episode 0 at episode 1's last step (10)
//	3, 4: sleep 0 (after episode 2): forward and reverse replay of episode 1
func writeAwakeFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	sc, err := scenarios.Load("tmaze-small", nil)
	if err != nil {
		t.Fatal(err)
	}
	var resolved bytes.Buffer
	if err := sc.WriteResolved(&resolved); err != nil {
		t.Fatal(err)
	}
	if err := record.WriteManifest(dir, record.Manifest{Scenario: "awake-fixture", Resolved: resolved.String(), Seed: 1, Status: record.StatusFinished}); err != nil {
		t.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.TrimLeft(text, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(record.EpisodesFile, `
episode,session,cue,steps,reward,success,truncated,choices,explored,exploration,awake_loss,cache_id,stored_steps,demonstration
0,0,left,10,1,true,false,1,0,0.1,0.5,0,11,false
1,0,right,10,1,true,false,1,1,0.1,0.5,1,11,false
2,0,left,10,0,false,false,1,0,0.1,0.5,2,11,false
`)
	write(record.SleepsFile, `
sleep,after_episode,planned_events,events,success_rate,awake_loss,reversal_failures,dropped_steps
0,3,1,1,0.667,0.5,0,0
`)
	write(record.ReplayEventsFile, `
sleep,event,episode,direction,start_step,end_step,steps,sim_steps,completed,fidelity,loss_before,loss_after,trained,min_confidence,faithful_steps,trained_steps,dropped_steps,reversal_error,reversal_failed,phase,kind,episode_at,step_at
0,0,0,reverse,10,0,11,70,true,1,0.4,NaN,false,1,11,0,0,NaN,false,awake,replay,0,10
0,1,1,forward,0,3,4,0,true,0.75,0.3,NaN,false,1,4,0,0,NaN,false,awake,sweep,1,7
0,2,0,forward,0,10,11,70,true,1,0.4,NaN,false,1,11,0,0,NaN,false,awake,replay,1,10
0,0,1,forward,0,10,11,70,true,1,0.4,0.3,true,1,11,0,0,0,false,sleep,replay,-1,-1
0,0,1,reverse,10,0,11,70,true,1,0.4,0.3,true,1,11,11,0,0,false,sleep,replay,-1,-1
`)
	stem := [][2]int64{{1, 4}, {2, 4}, {3, 4}, {4, 4}, {5, 4}, {6, 4}, {7, 4}, {8, 4}}
	left := append(append([][2]int64{}, stem...), [2]int64{8, 3}, [2]int64{8, 2}, [2]int64{8, 1})
	right := append(append([][2]int64{}, stem...), [2]int64{8, 5}, [2]int64{8, 6}, [2]int64{8, 7})
	moves := func(last int64) []int64 { return []int64{2, 2, 2, 2, 2, 2, 2, last, last, last, -1} }
	var pos, act, pred, rpos []int64
	flat := func(dst *[]int64, cells ...[2]int64) {
		for _, c := range cells {
			*dst = append(*dst, c[0], c[1])
		}
	}
	for i, ep := range [][][2]int64{left, right, right} {
		flat(&pos, ep...)
		m := moves(1)
		if i == 0 {
			m = moves(3)
		}
		act = append(act, m...)
		p := append([]int64(nil), m...)
		p[0] = 0 // up, into the wall above the start
		if i == 2 {
			p[7] = 3 // predicted left, went right
		}
		pred = append(pred, p...)
	}
	reversed := func(c [][2]int64) [][2]int64 {
		out := make([][2]int64, len(c))
		for i := range c {
			out[i] = c[len(c)-1-i]
		}
		return out
	}
	flat(&rpos, reversed(left)...)  // 0: awake reverse replay of episode 0
	flat(&rpos, right[7:]...)       // 1: the sweep from the choice point
	flat(&rpos, left...)            // 2: awake forward replay of episode 0
	flat(&rpos, right...)           // 3: sleep, forward
	flat(&rpos, reversed(right)...) // 4: sleep, reverse
	var z record.NPZ
	for _, a := range []struct {
		name  string
		data  []int64
		shape []int
	}{
		{"episode_start", []int64{0, 11, 22, 33}, nil},
		{"position", pos, []int{len(pos) / 2, 2}},
		{"action", act, nil},
		{"predicted_action", pred, nil},
		{"replay_start", []int64{0, 11, 15, 26, 37, 48}, nil},
		{"replay_position", rpos, []int{len(rpos) / 2, 2}},
		{"replay_sleep", []int64{0, 0, 0, 0, 0}, nil},
		{"replay_episode", []int64{0, 1, 0, 1, 1}, nil},
		{"replay_reverse", []int64{1, 0, 0, 0, 1}, nil},
		{"replay_phase", []int64{1, 1, 1, 0, 0}, nil},
		{"replay_sweep", []int64{0, 1, 0, 0, 0}, nil},
		{"replay_episode_at", []int64{0, 1, 1, -1, -1}, nil},
		{"replay_step_at", []int64{10, 7, 10, -1, -1}, nil},
	} {
		if err := z.Add(a.name, a.data, a.shape...); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Write(filepath.Join(dir, record.ArraysFile)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestAwakeReplaysOpen(t *testing.T) {
	d, err := Open(writeAwakeFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		awake, sweep, reverse      bool
		episode, episodeAt, stepAt int
	}
	for j, w := range []want{
		{true, false, true, 0, 0, 10},
		{true, true, false, 1, 1, 7},
		{true, false, false, 0, 1, 10},
		{false, false, false, 1, -1, -1},
		{false, false, true, 1, -1, -1},
	} {
		r := d.Replays[j]
		got := want{r.Awake, r.Sweep, r.Reverse, r.Episode, r.EpisodeAt, r.StepAt}
		if got != w {
			t.Errorf("replay %d: %+v, want %+v", j, got, w)
		}
	}
	if s := d.Sleeps[0]; s.first != 3 || s.count != 2 {
		t.Errorf("sleep 0 holds replays %d..%d, want its two (3 and 4): awake replays belong to no sleep", s.first, s.first+s.count-1)
	}
	// Played in order: each awake replay inside its episode after its step.
	tl := newTimeline(d)
	var got []string
	for _, it := range tl.items {
		if it.replay {
			got = append(got, "r"+itoa(it.index))
		} else {
			got = append(got, "e"+itoa(it.index)+":"+itoa(it.from)+"-"+itoa(it.to))
		}
	}
	if s := strings.Join(got, " "); s != "e0:0-10 r0 e1:0-7 r1 e1:8-10 r2 e2:0-10 r3 r4" {
		t.Errorf("timeline %s", s)
	}
}

func TestAwakeReplaysPlay(t *testing.T) {
	d, err := Open(writeAwakeFixture(t))
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(d)
	var c Canvas
	const w, h = 900, 600
	l := v.LayoutAt(w, h)
	cs := l.CellSize
	pixel := func(img *image.RGBA, row, col int) [4]uint8 {
		p := img.RGBAAt(l.Maze.Min.X+col*cs+cs/2, l.Maze.Min.Y+row*cs+cs/2)
		return [4]uint8{p.R, p.G, p.B, p.A}
	}
	rgba := func(c interface{ RGBA() (r, g, b, a uint32) }) [4]uint8 {
		r, g, b, a := c.RGBA()
		return [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	}

	// The step after episode 0's last: its awake reverse replay, the agent
	// standing at L, the replay in the reverse colour.
	if err := v.Seek("0:10"); err != nil {
		t.Fatal(err)
	}
	v.Press(KeyStepFwd)
	for range 3 {
		v.Press(KeyStepFwd)
	}
	at, _ := v.At()
	if !at.Replay || !at.Awake || !at.Reverse || at.Sweep || at.Step != 3 || at.EpisodeAt != 0 || at.StepAt != 10 {
		t.Fatalf("four steps on from 0:10: %+v, want the awake reverse replay's step 3", at)
	}
	if name := v.ScreenshotName(); name != "awake-fixture-episode0-step10-awake-replay0-reverse-step3.png" {
		t.Errorf("screenshot name %q", name)
	}
	img, err := c.Draw(v, w, h, image.Pt(-1, -1))
	if err != nil {
		t.Fatal(err)
	}
	mazeMatchesFrame(t, v, img, w, h)
	if got := pixel(img, 8, 4); got != rgba(render.ReplayColour(true)) { // the replay's head: (8,1) (8,2) (8,3) (8,4)
		t.Errorf("awake reverse replay's head at (8,4) is %v, want %v", got, rgba(render.ReplayColour(true)))
	}
	if got := pixel(img, 8, 1); got[0] > 0x20 || got[1] > 0x20 || got[2] > 0x20 {
		t.Errorf("the agent at L (8,1) during its awake replay: %v, want near-black", got)
	}

	// The sweep: after step 7 of episode 1, a dashed pink path to R.
	if err := v.Seek("1:7"); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		v.Press(KeyStepFwd)
	}
	at, _ = v.At()
	if !at.Sweep || at.Step != 3 || at.EpisodeAt != 1 || at.StepAt != 7 {
		t.Fatalf("four steps on from 1:7: %+v, want the sweep's last step", at)
	}
	v2 := NewView(d)
	if err := v2.Seek("awake:1:3"); err != nil {
		t.Fatal(err)
	}
	if at2, _ := v2.At(); at2 != at {
		t.Errorf("--at awake:1:3 gives %+v, want %+v", at2, at)
	}
	for spec, want := range map[string]string{
		"awake:3:0": "--at awake:3:0: the run has 3 awake replays",
		"awake:1:4": "--at awake:1:4: awake replay 1 has steps 0 to 3",
	} {
		if err := v2.Seek(spec); err == nil || err.Error() != want {
			t.Errorf("Seek(%q) = %v, want %s", spec, err, want)
		}
	}
	img, _ = c.Draw(v, w, h, image.Pt(-1, -1))
	mazeMatchesFrame(t, v, img, w, h)
	if got := pixel(img, 8, 7); got != rgba(predictedCol) {
		t.Errorf("sweep head at R (8,7): %v, want pink", got)
	}
	row := l.Maze.Min.Y + 8*cs + cs/2
	pink, gaps := 0, 0
	for x := l.Maze.Min.X + 4*cs + cs/2 + max(cs*3/10, 4) + 1; x < l.Maze.Min.X+7*cs+cs/2-cs/5; x++ {
		if img.RGBAAt(x, row) == predictedCol {
			pink++
		} else {
			gaps++
		}
	}
	if pink == 0 || gaps == 0 {
		t.Errorf("sweep line from (8,4) to (8,7): %d pink and %d other pixels, want dashes (both)", pink, gaps)
	}
	// One step on: episode 1 goes on from step 8.
	v.Press(KeyStepFwd)
	if at, _ := v.At(); at.Replay || at.Episode != 1 || at.Step != 8 {
		t.Errorf("after the sweep: %+v, want episode 1 step 8", at)
	}

	// Timeline: awake replays tick the top of the episode strip (episode
	// 0: reverse; episode 1: forward), the sweep its bottom (episode 1).
	xOf := func(ep int) int { return l.Episodes.Min.X + ep*l.Episodes.Dx()/len(d.Episodes) + 4 }
	for _, m := range []struct {
		name string
		x, y int
		want [4]uint8
	}{
		{"episode 0 awake reverse replay", xOf(0), l.Episodes.Min.Y + 1, rgba(render.ReplayColour(true))},
		{"episode 1 awake forward replay", xOf(1), l.Episodes.Min.Y + 1, rgba(render.ReplayColour(false))},
		{"episode 1 sweep", xOf(1), l.Episodes.Max.Y - 2, rgba(predictedCol)},
		{"episode 2, no awake event", xOf(2), l.Episodes.Min.Y + 1, rgba(failureCol)},
	} {
		p := img.RGBAAt(m.x, m.y)
		if got := [4]uint8{p.R, p.G, p.B, p.A}; got != m.want {
			t.Errorf("timeline mark %s: %v, want %v", m.name, got, m.want)
		}
	}
}

func TestAwakeColumnsBadInput(t *testing.T) {
	dir := writeAwakeFixture(t)
	path := filepath.Join(dir, record.ReplayEventsFile)
	b, _ := os.ReadFile(path)
	for _, c := range []struct{ from, to, want string }{
		{"false,awake,sweep,1,7", "false,dream,sweep,1,7", `row 3: column phase: "dream" is neither sleep nor awake`},
		{"false,awake,sweep,1,7", "false,awake,sweep,1,11", "row 3: awake replay at step 11 of episode 1, which has steps 0 to 10"},
		{"false,awake,sweep,1,7", "false,awake,sweep,3,7", "row 3: awake replay during episode 3; the run has 3 episodes"},
		{"false,awake,sweep,1,7", "false,awake,dream,1,7", `row 3: column kind: "dream" is not replay, splice or sweep`},
		{"false,awake,sweep,1,7", "false,awake,splice,1,7", "row 3: a spliced replay while awake (splices are made in sleep)"},
	} {
		os.WriteFile(path, bytes.Replace(b, []byte(c.from), []byte(c.to), 1), 0o644)
		_, err := Open(dir)
		if want := path + ": " + c.want; err == nil || err.Error() != want {
			t.Errorf("%s: %v\nwant %s", c.to, err, want)
		}
	}
}

// A spliced sleep replay (kind "splice") opens as a sleep replay marked
// Splice and is drawn without the lived-episode overlay: it is pieces of
// several episodes, not the episode it ends in.
func TestSplicedReplayHasNoLivedOverlay(t *testing.T) {
	dir := writeAwakeFixture(t)
	path := filepath.Join(dir, record.ReplayEventsFile)
	b, _ := os.ReadFile(path)
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	v := NewView(d)
	if err := v.Seek("0:0:5"); err != nil {
		t.Fatal(err)
	}
	if opt := v.FrameOptions(20); opt.Lived == nil || len(opt.Replay) != 6 {
		t.Fatalf("sleep replay: lived %v, replay %v; want the overlay and 6 replayed steps", opt.Lived, opt.Replay)
	}
	os.WriteFile(path, bytes.ReplaceAll(b, []byte("false,sleep,replay,-1,-1"), []byte("false,sleep,splice,-1,-1")), 0o644)
	if d, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	if r := d.Replays[len(d.Replays)-1]; !r.Splice || r.Awake || r.Sweep {
		t.Fatalf("splice row read as %+v", r)
	}
	v = NewView(d)
	if err := v.Seek("0:0:5"); err != nil {
		t.Fatal(err)
	}
	if opt := v.FrameOptions(20); opt.Lived != nil || len(opt.Replay) != 6 {
		t.Errorf("spliced replay: lived %v, replay %v; want no overlay and 6 replayed steps", opt.Lived, opt.Replay)
	}
}
