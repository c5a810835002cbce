//go:build !linux

package rules

import "time"

// threadCPUTime is unknown off Linux: benchmarks then report no CPU time.
func threadCPUTime() time.Duration { return 0 }
