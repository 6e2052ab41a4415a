package cortex

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/replaylab/replaylab/internal/seeds"
)

func TestNewRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"n zero", func(c *Config) { c.N = 0 }, "cortex: N (units per group) must be > 0, got 0"},
		{"n negative", func(c *Config) { c.N = -3 }, "cortex: N (units per group) must be > 0, got -3"},
		{"in", func(c *Config) { c.In = 0 }, "cortex: In (input width) must be > 0, got 0"},
		{"out", func(c *Config) { c.Out = -1 }, "cortex: Out (output width) must be > 0, got -1"},
		{"tau one", func(c *Config) { c.Tau = 1 }, "cortex: Tau must be a finite number > 1, got 1"},
		{"tau nan", func(c *Config) { c.Tau = math.NaN() }, "cortex: Tau must be a finite number > 1, got NaN"},
		{"gain inf", func(c *Config) { c.Gain = math.Inf(1) }, "cortex: Gain must be a finite number >= 0, got +Inf"},
		{"lr nan", func(c *Config) { c.LR = math.NaN() }, "cortex: LR must be a finite number >= 0, got NaN"},
		{"feedback", func(c *Config) { c.Feedback = 7 }, "cortex: unknown Feedback 7"},
		{"samples", func(c *Config) { c.Reverse, c.ReverseSamples = ReverseLearned, 3 }, "cortex: ReverseSamples must be >= N=8 to fit reverse synapses, got 3"},
	} {
		cfg := DefaultConfig(8, 2, 2)
		tc.change(&cfg)
		_, err := New(cfg, seeds.New(1, "x").Rand)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	if _, err := New(DefaultConfig(8, 2, 2), nil); err == nil {
		t.Errorf("New with a nil stream: no error")
	}
}

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in string
		f  Feedback
		c  Carry
	}{{"bp", FeedbackTransposed, CarryExact}, {"fa", FeedbackRandom, CarryExact},
		{"published", FeedbackTransposed, CarryPublished}, {"fa-published", FeedbackRandom, CarryPublished}} {
		f, c, err := ParseMode(tc.in)
		if err != nil || f != tc.f || c != tc.c || ModeName(f, c) != tc.in {
			t.Errorf("ParseMode(%q) = %v, %v, %v; ModeName %q", tc.in, f, c, err, ModeName(f, c))
		}
	}
	_, _, err := ParseMode("BPTT")
	if want := `cortex: unknown mode "BPTT" (want bp, fa, published or fa-published)`; err == nil || err.Error() != want {
		t.Errorf("ParseMode(BPTT) error %v, want %q", err, want)
	}
}

func TestBadInputs(t *testing.T) {
	r := newR2N2ForTest(t, DefaultConfig(8, 2, 3), 1)
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"short input", r.Forward([]float64{1}), "cortex: input has length 1, want In=2"},
		{"nan input", r.Forward([]float64{0, math.NaN()}), "cortex: input contains NaN or Inf"},
		{"inf input", r.Forward([]float64{math.Inf(-1), 0}), "cortex: input contains NaN or Inf"},
		{"reverse first", func() error { r.Reset(); _, err := r.ReverseStep([]float64{0, 0}, nil); return err }(), "cortex: ReverseStep without BeginReverse"},
		{"target length", func() error {
			_, err := r.TrainSequence([][]float64{{0, 0}}, [][]float64{{1}})
			return err
		}(), "cortex: target 0 has length 1, want Out=3"},
		{"nan in sequence", func() error {
			_, err := r.TrainSequence([][]float64{{0, 0}, {math.NaN(), 0}}, [][]float64{nil, nil})
			return err
		}(), "cortex: forward replay to step 2: step 1: cortex: input contains NaN or Inf"},
		{"empty", func() error { _, err := r.TrainSequence(nil, nil); return err }(), "cortex: empty sequence"},
		{"state", r.SetState([]float64{1}, []float64{2}), "cortex: SetState with lengths 1 and 1, want N=8"},
	} {
		if tc.err == nil || tc.err.Error() != tc.want {
			t.Errorf("%s: got %v, want %q", tc.name, tc.err, tc.want)
		}
	}
	lr := DefaultConfig(8, 2, 3)
	lr.Reverse = ReverseLearned
	r2 := newR2N2ForTest(t, lr, 1)
	if err := r2.Forward([]float64{0, 0}); err != nil {
		t.Fatal(err)
	}
	err := r2.BeginReverse()
	if want := "cortex: learned reverse synapses R_BA: 1 samples recorded, need at least N=8 (run forward first)"; err == nil || err.Error() != want {
		t.Errorf("learned R with 1 sample: got %v, want %q", err, want)
	}
	if !errors.Is(err, ErrFewSamples) {
		t.Errorf("learned R with 1 sample: %v is not ErrFewSamples", err)
	}
}

// TestDivergenceIsReported: a huge learning rate or huge weights make the
// state or gradient non-finite; every such case returns ErrDiverged and
// never applies a non-finite update.
func TestDivergenceIsReported(t *testing.T) {
	cfg := DefaultConfig(8, 2, 2)
	r := newR2N2ForTest(t, cfg, 1)
	for i := range r.wBA.Data {
		r.wBA.Data[i] = 1e308
	}
	ones := []float64{1, 1, 1, 1, 1, 1, 1, 1}
	if err := r.SetState(ones, ones); err != nil {
		t.Fatal(err)
	}
	err := r.Forward([]float64{1, 1})
	if !errors.Is(err, ErrDiverged) || !strings.Contains(err.Error(), "forward step") {
		t.Errorf("forward with 1e308 weights: got %v, want ErrDiverged", err)
	}
	r.wBA.Data[0] = math.NaN()
	_, err = r.TrainSequence([][]float64{{1, 1}}, [][]float64{{0, 0}})
	if !errors.Is(err, ErrDiverged) {
		t.Errorf("TrainSequence with a NaN weight: got %v, want ErrDiverged", err)
	}
	t.Logf("reported: %v", err)

	r = newR2N2ForTest(t, cfg, 1)
	for i := range r.wOut.Data {
		r.wOut.Data[i] = 1e300
	}
	before := append([]float64(nil), r.wAB.Data...)
	_, err = r.TrainSequence([][]float64{{1, 1}, {0, 1}}, [][]float64{{1e10, 0}, {0, 1e10}})
	if !errors.Is(err, ErrDiverged) {
		t.Errorf("TrainSequence with overflowing loss: got %v, want ErrDiverged", err)
	}
	t.Logf("reported: %v", err)
	for i, w := range r.wAB.Data {
		if w != before[i] {
			t.Fatalf("W_AB changed after a diverged run")
		}
	}
}
