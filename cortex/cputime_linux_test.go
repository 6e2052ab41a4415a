//go:build linux

package cortex

import (
	"runtime"
	"syscall"
)

// threadCPU returns the CPU time (user + system) of the calling OS thread in
// nanoseconds, and a function that unlocks the goroutine from that thread.
// On a shared machine it measures the work done rather than the waiting.
func threadCPU() (ns func() int64, unlock func()) {
	runtime.LockOSThread()
	return func() int64 {
		var ru syscall.Rusage
		if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
			return 0
		}
		return ru.Utime.Nano() + ru.Stime.Nano()
	}, runtime.UnlockOSThread
}
