package bench

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/replaylab/replaylab/record"
)

// bandResult is one model's aggregate on one a^n b^n band: how many seeds
// solved it, the mean final correct rate and the median solved epoch (of the
// seeds that solved it; 0 if none did).
type bandResult struct {
	Solved      int
	FinalRight  float64
	MedianEpoch float64
}

// compareBand orders two band results: +1 if a beats b, −1 if b beats a, 0 on
// a tie. The order is lexicographic: more seeds solved, then a higher mean
// final correct rate (differences below 1e-9 are ties), then a lower median
// solved epoch (only when both solved at least one seed).
func compareBand(a, b bandResult) int {
	switch {
	case a.Solved != b.Solved:
		return cmp.Compare(a.Solved, b.Solved)
	case a.FinalRight-b.FinalRight > 1e-9:
		return 1
	case b.FinalRight-a.FinalRight > 1e-9:
		return -1
	case a.Solved > 0 && a.MedianEpoch < b.MedianEpoch:
		return 1
	case a.Solved > 0 && a.MedianEpoch > b.MedianEpoch:
		return -1
	}
	return 0
}

// VerdictChallenger and VerdictBaselines name the a^n b^n claim the verdict
// table checks: R2N2 in bp mode beats RFLO and the reservoir.
var (
	VerdictChallenger = ModelR2N2BP
	VerdictBaselines  = []string{ModelRFLO, ModelReservoir}
)

// anbnVerdict builds the verdict table: per band, R2N2-bp against each
// baseline that was run ("beats", "loses" or "ties", by compareBand), and a
// verdict "r2n2-bp beats rflo and reservoir: yes|no", or "n/a" on a band that
// no model solved for any seed. res[model][band index]; it returns an empty
// nil table if R2N2-bp or every baseline is missing.
func anbnVerdict(models []string, bands []int, res map[string][]bandResult) (*record.Table, error) {
	ch, ok := res[VerdictChallenger]
	var base []string
	for _, b := range VerdictBaselines {
		if _, in := res[b]; in {
			base = append(base, b)
		}
	}
	if !ok || len(base) == 0 {
		return nil, nil
	}
	header := []string{"band"}
	for _, b := range base {
		header = append(header, VerdictChallenger+"_vs_"+b)
	}
	t := record.NewTable(append(header, "verdict")...)
	for bi, band := range bands {
		row := []any{fmt.Sprintf("%d-%d", band, band+3)}
		solved := false
		for _, m := range models {
			solved = solved || res[m][bi].Solved > 0
		}
		all := true
		for _, b := range base {
			c := compareBand(ch[bi], res[b][bi])
			row = append(row, [...]string{"loses", "ties", "beats"}[c+1])
			all = all && c > 0
		}
		claim := VerdictChallenger + " beats " + strings.Join(base, " and ") + ": "
		switch {
		case !solved:
			claim += "n/a (no model solved)"
		case all:
			claim += "yes"
		default:
			claim += "no"
		}
		if err := t.Append(append(row, claim)...); err != nil {
			return nil, fmt.Errorf("bench: verdict: %w", err)
		}
	}
	return t, nil
}
