//go:build !linux

package bench

// resetPeakRSS is not available outside Linux.
func resetPeakRSS() bool { return false }

// peakRSS is not available outside Linux (0).
func peakRSS() uint64 { return 0 }
