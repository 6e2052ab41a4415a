package hippocampus

// Fidelity returns the fraction of steps of truth whose every one-hot block
// (widths blocks) has the same argmax in decoded. Steps missing from
// decoded count as wrong; an empty truth gives 0.
func Fidelity(decoded, truth [][]float64, blocks []int) float64 {
	if len(truth) == 0 {
		return 0
	}
	right := 0
	for t, x := range truth {
		if t < len(decoded) && SameBlocks(decoded[t], x, blocks) {
			right++
		}
	}
	return float64(right) / float64(len(truth))
}

// SameBlocks reports whether a and b have the same argmax in every one-hot
// block (widths blocks): a decoded step counts as right.
func SameBlocks(a, b []float64, blocks []int) bool {
	off := 0
	for _, w := range blocks {
		if off+w > len(a) || off+w > len(b) {
			return false
		}
		if Argmax(a[off:off+w]) != Argmax(b[off:off+w]) {
			return false
		}
		off += w
	}
	return true
}

// Argmax returns the index of the largest entry (the first among equals):
// the decoded entry of a one-hot block.
func Argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}
