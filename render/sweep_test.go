package render

import (
	"bytes"
	"image/png"
	"math"
	"testing"
)

func TestSweepFigures(t *testing.T) {
	nan := math.NaN()
	var b bytes.Buffer
	err := MetricByValue(&b, "sleep.budget", "success", 0, 1, []string{"on", "off"},
		[][]float64{{0.9, 1, 0.95}, {0.5, nan}}, []Interval{{0.95, 0.83, 1.07}, {0.5, nan, nan}})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil || img.Bounds().Dx() != 700 || img.Bounds().Dy() != 600 {
		t.Fatalf("metric by value: %v, %v", img.Bounds(), err)
	}
	b.Reset()
	curves := []Curve{{Label: "on", X: []float64{0, 1, 2}, Mean: []float64{0.2, 0.5, 0.9}, Lo: []float64{0.1, 0.3, 0.8}, Hi: []float64{0.3, 0.7, 1.2}, Runs: 3},
		{Label: "off", X: []float64{0, 1}, Mean: []float64{0.5, 0.5}, Lo: []float64{nan, nan}, Hi: []float64{nan, nan}, Runs: 1}}
	if err := MeanCurves(&b, "episode", "success", 0, 1, curves); err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(&b); err != nil {
		t.Fatal(err)
	}
	bad := []Curve{{Label: "x", X: []float64{0, 1}, Mean: []float64{1}, Lo: []float64{1}, Hi: []float64{1}}}
	if err := MeanCurves(&b, "e", "s", 0, 1, bad); err == nil || err.Error() != `render: mean curves: curve "x" has 2 x, 1 means, 1 lows, 1 highs; want equal lengths` {
		t.Fatalf("mismatched curve: %v", err)
	}
	if err := MetricByValue(&b, "k", "m", 0, 1, []string{"a"}, nil, nil); err == nil || err.Error() != "render: metric by value: 1 labels, 0 run lists, 0 means; want equal, non-zero lengths" {
		t.Fatalf("mismatched values: %v", err)
	}
}
