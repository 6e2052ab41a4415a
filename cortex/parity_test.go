package cortex

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
)

// parityCase is one case of testdata/reference-parity.json: what the public
// reference implementation (numpy) computed on a tiny fixed network. Its
// README is /work/shared/fixtures/README.md; the shapes are MODEL.md's, and
// the feedback matrices are applied as written (F_AB·δB, F_BA·δA, F_out·e).
type parityCase struct {
	Name         string                 `json:"name"`
	Task         string                 `json:"task"`
	Feedback     string                 `json:"feedback"`
	N            int                    `json:"n"`
	In           int                    `json:"in"`
	Out          int                    `json:"out"`
	Tau          float64                `json:"tau"`
	LR           float64                `json:"lr"`
	AdamDivisor  float64                `json:"adam_divisor"`
	Weights      map[string][][]float64 `json:"weights"`
	A0           []float64              `json:"a0"`
	B0           []float64              `json:"b0"`
	Inputs       [][]float64            `json:"inputs"`
	Label        int                    `json:"label"`
	Outputs      [][]float64            `json:"outputs"`
	FinalOutput  []float64              `json:"final_output"`
	FinalA       []float64              `json:"final_a"`
	FinalB       []float64              `json:"final_b"`
	GradSums     map[string][][]float64 `json:"grad_sums"`
	WeightsAfter map[string][][]float64 `json:"weights_after_adam"`
}

func loadParityCases(t *testing.T) []parityCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference-parity.json")
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Cases []parityCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("reference-parity.json: %v", err)
	}
	if len(f.Cases) != 4 {
		t.Fatalf("reference-parity.json has %d cases, want 4", len(f.Cases))
	}
	return f.Cases
}

// fill copies the rows of m into g; transpose stores mᵀ instead.
func fill(t *testing.T, g blas64.General, m [][]float64, transpose bool) {
	t.Helper()
	rows, cols := len(m), len(m[0])
	if transpose {
		rows, cols = cols, rows
	}
	if rows != g.Rows || cols != g.Cols {
		t.Fatalf("fixture matrix is %d×%d, want %d×%d", rows, cols, g.Rows, g.Cols)
	}
	for i, row := range m {
		for j, v := range row {
			if transpose {
				g.Data[j*g.Stride+i] = v
			} else {
				g.Data[i*g.Stride+j] = v
			}
		}
	}
}

// parityNet builds the case's network: its weights, feedback and initial state.
func parityNet(t *testing.T, c parityCase) *R2N2 {
	t.Helper()
	mode := map[string]string{"transposed": "published", "random": "fa-published"}[c.Feedback]
	cfg := DefaultConfig(c.N, c.In, c.Out)
	cfg.Tau, cfg.LR = c.Tau, c.LR
	var err error
	if cfg.Feedback, cfg.Carry, err = ParseMode(mode); err != nil {
		t.Fatalf("%s: feedback %q: %v", c.Name, c.Feedback, err)
	}
	if c.Task == "classification" {
		cfg.Loss = LossCrossEntropy
	}
	r := allocR2N2(cfg)
	w := c.Weights
	fill(t, r.wIn, w["W_in"], false)
	fill(t, r.wAB, w["W_AB"], false)
	fill(t, r.wBA, w["W_BA"], false)
	fill(t, r.wOut, w["W_out"], false)
	if cfg.Feedback == FeedbackRandom {
		// Ours are stored with the shapes of W and applied transposed.
		fill(t, r.fAB, w["F_AB"], true)
		fill(t, r.fBA, w["F_BA"], true)
		fill(t, r.fOut, w["F_out"], true)
	}
	// In the transposed cases the fixture's F matrices are unused: BP mode
	// feeds back through the weights themselves.
	copy(r.a0, c.A0)
	copy(r.b0, c.B0)
	r.Reset()
	return r
}

// paritySequence returns the inputs and targets the reference used: for
// prediction the T−1 driven steps with the next input as target, for
// classification all T inputs with a one-hot target at the last.
func paritySequence(c parityCase) (xs, targets [][]float64) {
	if c.Task == "prediction" {
		return c.Inputs[:len(c.Inputs)-1], c.Inputs[1:]
	}
	targets = make([][]float64, len(c.Inputs))
	targets[len(targets)-1] = make([]float64, c.Out)
	targets[len(targets)-1][c.Label] = 1
	return c.Inputs, targets
}

// assertClose fails unless every got[i] is within tol relative error of
// want[i] (relative to the largest |want| of the array, so that entries near
// zero are judged on the array's scale).
func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	var scale float64
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	var worst float64
	at := -1
	for i := range got {
		if e := math.Abs(got[i]-want[i]) / scale; !(e <= worst) {
			worst, at = e, i
		}
	}
	if !(worst <= tol) {
		t.Errorf("%s: relative error %.3g at %d (got %v, want %v), tolerance %g", what, worst, at, got[at], want[at], tol)
	}
}

func flat(m [][]float64) []float64 {
	var out []float64
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}

// TestReferenceParity runs published and fa-published on the four cases the
// reference implementation computed and requires its states, outputs,
// summed gradients and Adam-updated weights to 1e-9 relative error.
func TestReferenceParity(t *testing.T) {
	const tol = 1e-9
	for _, c := range loadParityCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			r := parityNet(t, c)
			xs, targets := paritySequence(c)
			var outputs []float64
			for _, x := range xs {
				if err := r.Forward(x); err != nil {
					t.Fatal(err)
				}
				outputs = append(outputs, r.Output()...)
			}
			assertClose(t, "final a", r.a, c.FinalA, tol)
			assertClose(t, "final b", r.b, c.FinalB, tol)
			if c.Task == "prediction" {
				assertClose(t, "outputs", outputs, flat(c.Outputs), tol)
			} else {
				assertClose(t, "final output", outputs[len(outputs)-c.Out:], c.FinalOutput, tol)
			}
			if err := r.BeginReverse(); err != nil {
				t.Fatal(err)
			}
			for k := len(xs) - 1; k >= 0; k-- {
				if _, err := r.ReverseStep(xs[k], targets[k]); err != nil {
					t.Fatal(err)
				}
			}
			r.flushGradients() // the kernels add ΔW terms in blocks (grad_block.go)
			names := []string{"W_in", "W_AB", "W_BA", "W_out"}
			for i, name := range names {
				assertClose(t, "grad sum "+name, r.grads[i], flat(c.GradSums[name]), tol)
			}
			if got := r.gradientDivisor(); got != c.AdamDivisor {
				t.Errorf("gradient divisor %v, want the reference's %v", got, c.AdamDivisor)
			}
			if _, err := r.EndReverse(); err != nil {
				t.Fatal(err)
			}
			for i, name := range names {
				assertClose(t, "updated "+name, r.params[i], flat(c.WeightsAfter[name]), tol)
			}
		})
	}
}
