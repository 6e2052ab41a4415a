package bench

import (
	"testing"
)

func TestMemoriseShort(t *testing.T) {
	if testing.Short() {
		t.Skip("trains four networks for 300 trials")
	}
	rep, err := RunMemorise(Options{Models: []string{ModelR2N2BP, ModelR2N2FA, ModelRFLO, ModelReservoir}, Seeds: 1, Epochs: 300})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rep.Summary.Rows {
		t.Logf("%v", row)
		// model, solved, median_solved_trial, mean_final_right, ...
		if row[1] != "1/1" || row[3] != "1" {
			t.Errorf("%s: solved %s, final right %s; want 1/1 and 1", row[0], row[1], row[3])
		}
	}
}
