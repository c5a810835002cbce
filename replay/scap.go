package replay

import (
	"io"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// openScap reads a .scap capture (already decompressed, or gzip).
func openScap(r io.Reader, name string) (format.EventReader, error) {
	return scap.NewReader(r, &scap.ReaderOptions{Name: name})
}

// syscallName resolves the id of a generic syscall event (Falco's
// portable numbering) to the name evt.type shows.
func syscallName(id uint16) string {
	n, _ := scap.SyscallName(id)
	return n
}

// warningsOf returns an input's warnings so far.
func warningsOf(r format.EventReader) []error {
	switch w := r.(type) {
	case *input:
		return warningsOf(w.EventReader)
	case *format.Reader:
		var out []error
		for _, x := range w.Warnings() {
			out = append(out, x)
		}
		return out
	case *scap.Reader:
		ws, _ := w.Warnings()
		return ws
	}
	return nil
}

// numSyscallIDs is one past the largest syscall id with a name.
var numSyscallIDs = func() int {
	n := 0
	for id := range 1 << 12 {
		if _, ok := scap.SyscallName(uint16(id)); ok {
			n = id + 1
		}
	}
	return n
}()
