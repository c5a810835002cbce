//go:build linux

package rules

import (
	"syscall"
	"time"
)

// threadCPUTime is the CPU time the calling OS thread has used. Benchmarks
// lock their thread and report CPU time per event next to wall time: on a
// shared machine wall time counts the other tenants' work too.
func threadCPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(1, &ru); err != nil { // RUSAGE_THREAD
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
