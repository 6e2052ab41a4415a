package render

import (
	"bytes"
	"image"
	"math"
	"testing"
)

// learning returns a synthetic run: success rising from chance to
// certainty over 120 episodes, loss falling, with a NaN loss at episode 0.
func learning() (episodes, success, loss []float64) {
	for i := range 120 {
		episodes = append(episodes, float64(i))
		p := 0.5 + 0.5*float64(i)/119
		s := 0.0
		if float64((i*37)%100)/100 < p {
			s = 1
		}
		success = append(success, s)
		loss = append(loss, 2*math.Exp(-float64(i)/40)+0.05)
	}
	loss[0] = math.NaN()
	return
}

func TestPlotsGoldenAndDeterministic(t *testing.T) {
	ep, succ, loss := learning()
	sleeps := []float64{1, 2, 3, 4, 5, 6}
	events := []float64{40, 36, 25, 14, 8, 5}
	rate := []float64{0.5, 0.55, 0.7, 0.85, 0.93, 0.97}
	tmazeGrid := tmaze()
	first := []Cell{{5, 3}, {4, 3}, {3, 3}, {2, 3}, {1, 3}, {1, 4}, {1, 5}}
	tests := []struct {
		name string
		draw func(*bytes.Buffer) error
	}{
		{"learning_curve.png", func(b *bytes.Buffer) error { return LearningCurve(b, ep, succ, loss, 20) }},
		{"replay_vs_success.png", func(b *bytes.Buffer) error { return ReplayVsSuccess(b, sleeps, events, rate) }},
		{"trajectories.png", func(b *bytes.Buffer) error {
			return Trajectories(b, tmazeGrid, [][]Cell{first, stemToLeft}, []string{"episode 1", "episode 120"}, Options{CellSize: 24})
		}},
	}
	for _, tt := range tests {
		var a, b bytes.Buffer
		if err := tt.draw(&a); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if err := tt.draw(&b); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renderings differ (%d and %d bytes)", tt.name, a.Len(), b.Len())
		}
		checkGolden(t, tt.name, a.Bytes())
	}
}

func TestMovingAverage(t *testing.T) {
	got := MovingAverage([]float64{1, 0, 1, math.NaN(), 1, 1}, 3)
	want := []float64{1, 0.5, 2.0 / 3, 0.5, 1, 1}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("MovingAverage[%d] = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestPlotErrors(t *testing.T) {
	var b bytes.Buffer
	tests := []struct {
		err  error
		want string
	}{
		{LearningCurve(&b, []float64{1, 2}, []float64{1}, nil, 5), "render: learning curve: 2 episodes, 1 successes, 0 losses; want equal lengths"},
		{LearningCurve(&b, []float64{1}, []float64{1}, nil, 0), "render: learning curve: window 0, want ≥ 1 episode"},
		{ReplayVsSuccess(&b, []float64{1}, nil, []float64{1}), "render: replay vs success: 1 sleeps, 0 event counts, 1 success rates; want equal lengths"},
		{Trajectories(&b, tmaze(), [][]Cell{nil}, nil, Options{}), "render: panels: 1 panels and 0 titles; want as many titles as panels, at least one"},
		{Trajectories(&b, tmaze(), [][]Cell{{{0, 9}}}, []string{"bad"}, Options{}), "render: panel 0 (bad): render: trail step 0 at row 0, column 9 is outside the 7×7 grid"},
		{WriteGIF(&b, nil, 10), "render: gif: no frames"},
		{WriteGIF(&b, []*image.RGBA{image.NewRGBA(image.Rect(0, 0, 1, 1))}, -1), "render: gif: delay -1, want ≥ 0 hundredths of a second"},
		{WriteGIF(&b, []*image.RGBA{image.NewRGBA(image.Rect(0, 0, 1, 1)), image.NewRGBA(image.Rect(0, 0, 2, 1))}, 5), "render: gif: frame 1 is (0,0)-(2,1), frame 0 is (0,0)-(1,1)"},
	}
	for _, tt := range tests {
		if tt.err == nil || tt.err.Error() != tt.want {
			t.Errorf("err = %v, want %s", tt.err, tt.want)
		}
	}
}
