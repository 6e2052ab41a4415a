//go:build !linux

package cortex

// threadCPU is unavailable here: it reports 0 and the metric is omitted.
func threadCPU() (ns func() int64, unlock func()) {
	return func() int64 { return 0 }, func() {}
}
