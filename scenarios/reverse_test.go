package scenarios

import (
	"context"
	"math"
	"sort"
	"testing"
)

// stepAUC is the ROC AUC of score for right (true) against wrong steps.
func stepAUC(score []float64, right []bool) float64 {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && score[idx[j]] == score[idx[i]] {
			j++
		}
		for _, k := range idx[i:j] {
			if right[k] {
				rankSum += float64(i+j+1) / 2
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// TestOpenRoomTrainsOnlyFaithfulReplay is Must-show 4 of issue 13: in the
// open 10×10 room with random-walk episodes of up to 1 000 steps and caches
// of N = 1 000 and 300 that cannot hold them whole, every step sleep trains
// on matches the lived episode (≥ 0.99, checked here against the lived
// episode, which sleep never sees), no replay event has a NaN fidelity,
// confidence or loss, and the cache's confidence separates right from
// wrong replayed steps (ROC AUC ≥ 0.95). Measured: N = 1 000 replays every
// step right (nothing to separate); N = 300, below the capacity fit's
// measured range, replays 45 of 3 800 steps wrong, AUC 1.000, and none of
// them is trained on.
func TestOpenRoomTrainsOnlyFaithfulReplay(t *testing.T) {
	if testing.Short() {
		t.Skip("two open-room runs of 20 episodes")
	}
	for _, n := range []string{"1000", "300"} {
		sc, err := Load("open-room", []string{"hippocampus.n=" + n})
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(context.Background(), sc, Options{Out: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		log := res.Record
		cut, longest := 0, 0
		for _, e := range log.Episodes {
			longest = max(longest, len(e.Steps))
			if e.StoredSteps < len(e.Steps)+1 {
				cut++
			}
		}
		var conf []float64
		var right []bool
		trained, trainedRight, events, dropped := 0, 0, 0, 0
		for _, v := range log.Events {
			for _, x := range []float64{v.Fidelity, v.MinConfidence, v.LossBefore} {
				if math.IsNaN(x) {
					t.Errorf("N=%s: sleep %d event %d %s (%d steps): NaN in fidelity %v, confidence %v or loss %v",
						n, v.Sleep, v.Event, v.Direction, v.Steps, v.Fidelity, v.MinConfidence, v.LossBefore)
				}
			}
			for i, r := range v.Right {
				if r >= 0 {
					conf, right = append(conf, v.Confidence[i]), append(right, r == 1)
				}
			}
			if v.Direction != "reverse" {
				continue
			}
			events++
			dropped += v.DroppedSteps
			if v.Trained {
				// The trained steps are the forward replay's steps 0 … F−1:
				// the forward event just before this one.
				fwd := log.Events[len(log.Events)-1]
				for k := range log.Events {
					if log.Events[k].Sleep == v.Sleep && log.Events[k].Event == v.Event && log.Events[k].Direction == "forward" {
						fwd = log.Events[k]
					}
				}
				for _, r := range fwd.Right[:v.TrainedSteps] {
					trained++
					if r == 1 {
						trainedRight++
					}
				}
			}
		}
		wrong := 0
		for _, r := range right {
			if !r {
				wrong++
			}
		}
		frac := float64(trainedRight) / float64(trained)
		auc := math.NaN()
		if wrong > 0 && wrong < len(right) {
			auc = stepAUC(conf, right)
		}
		t.Logf("N=%s: %d episodes (longest %d steps, %d cut by the capacity policy), %d replay events, %d steps trained of which %.4f match the lived episode, %d steps dropped; %d of %d replayed steps wrong, confidence ROC AUC %.3f",
			n, len(log.Episodes), longest, cut, events, trained, frac, dropped, wrong, len(right), auc)
		if trained == 0 || frac < 0.99 {
			t.Errorf("N=%s: %d trained steps, %.4f matching, want > 0 and ≥ 0.99", n, trained, frac)
		}
		if cut == 0 {
			t.Errorf("N=%s: no episode exceeded the cache's capacity; the test needs some", n)
		}
		if n == "300" && (wrong == 0 || !(auc >= 0.95)) {
			t.Errorf("N=%s: confidence ROC AUC %.3f < 0.95", n, auc)
		}
	}
}
