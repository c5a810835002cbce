//go:build !unix

package replay

import "time"

// processCPU is not measured on this OS: benchmarks leave out the metric.
func processCPU() time.Duration { return 0 }
