//go:build linux && !amd64

package record_test

import (
	"fmt"
	"runtime"
)

// allSyscalls exists for amd64 only (TestRecordEverySyscall): the raw
// syscall numbers it uses are x86_64's.
func allSyscalls(string) error {
	return fmt.Errorf("no every-syscall workload for %s", runtime.GOARCH)
}
