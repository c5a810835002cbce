//go:build linux

package probe_test

import (
	"fmt"

	"github.com/peregrine-sec/peregrine/probe"
)

// Select turns --syscalls and --exclude-syscalls into the table entries
// the probe loads: kernel names and Falco event names both work.
func ExampleArch_Select() {
	amd64 := probe.ArchByName("amd64")
	sel, err := amd64.Select([]string{"openat", "pread", "execve"}, []string{"execve"})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range sel {
		fmt.Printf("%s: nr %d, event %s, program %s\n", s.Name, amd64.NR(s), s.Event, s.Prog)
	}
	_, err = amd64.Select([]string{"getpid"}, nil)
	fmt.Println(err != nil)
	// Output:
	// openat: nr 257, event openat, program sys_open1
	// pread64: nr 17, event pread, program sys_rw
	// true
}
