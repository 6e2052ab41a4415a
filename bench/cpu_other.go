//go:build !unix

package bench

import "time"

// cpuTime is not available on this platform: 0.
func cpuTime() time.Duration { return 0 }
