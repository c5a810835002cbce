//go:build !unix

package format

import "time"

// cpuTime is not measured here: benchmarks leave out the CPU metric.
func cpuTime() time.Duration { return 0 }
