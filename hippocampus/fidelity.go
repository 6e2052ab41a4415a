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
		if t < len(decoded) && sameBlocks(decoded[t], x, blocks) {
			right++
		}
	}
	return float64(right) / float64(len(truth))
}

func sameBlocks(a, b []float64, blocks []int) bool {
	off := 0
	for _, w := range blocks {
		if off+w > len(a) || off+w > len(b) {
			return false
		}
		if argmax(a[off:off+w]) != argmax(b[off:off+w]) {
			return false
		}
		off += w
	}
	return true
}

func argmax(x []float64) int {
	best := 0
	for i, v := range x {
		if v > x[best] {
			best = i
		}
	}
	return best
}
