package bench

import (
	"strconv"
	"testing"
)

func TestMemoriseShort(t *testing.T) {
	if testing.Short() {
		t.Skip("trains three networks for 800 trials")
	}
	rep, err := RunMemorise(Options{Models: []string{ModelR2N2BP, ModelRFLO, ModelReservoir}, Seeds: 1, Epochs: 800})
	if err != nil {
		t.Fatal(err)
	}
	// Measured with 2 seeds and 1000 trials: r2n2-bp and bptt solve it at a
	// median trial of 662, rflo at 210, reservoir at 187; r2n2-fa and
	// r2n2-published do not within 1000 trials.
	for _, row := range rep.Summary.Rows() {
		t.Logf("%v", row)
		// model, solved, median_solved_trial, mean_final_right, ...
		// Once solved, a prediction may still flip now and then (lr 5e-3).
		right, _ := strconv.ParseFloat(row[3], 64)
		if row[1] != "1/1" || right < 0.9 {
			t.Errorf("%s: solved %s, final right %s; want 1/1 and ≥ 0.9", row[0], row[1], row[3])
		}
	}
}
