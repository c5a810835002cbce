package scap_test

import (
	"fmt"
	"io"
	"log"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// Read a sysdig capture: its state, then the exits of its open calls
// (sysdig -r cat_write.scap "evt.type=open and evt.dir=<" prints the same
// event numbers, names and fds).
func Example() {
	r, err := scap.Open("testdata/cat_write.scap")
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println("threads in the snapshot:", len(r.Snapshot().Threads))

	nameIdx := format.MustParam(format.EvOpen, "name")
	var ev format.Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		if ev.Type != format.EvOpen || ev.Dir != format.DirExit {
			continue
		}
		fd, _ := ev.Res()
		name, _ := ev.Param(nameIdx)
		fmt.Printf("%d open %s = %d\n", ev.Num, name.Bytes, fd)
	}
	// Output:
	// threads in the snapshot: 73
	// 141 open /etc/ld.so.cache = 3
	// 151 open /lib/x86_64-linux-gnu/libc.so.6 = 3
	// 187 open /usr/lib/locale/locale-archive = 3
	// 197 open /dev/null = 3
}

// Generic "syscall" events carry the syscall's portable id; sysdig prints
// its name as evt.type.
func ExampleSyscallName() {
	name, ok := scap.SyscallName(75)
	fmt.Println(name, ok)
	// Output: mprotect true
}
