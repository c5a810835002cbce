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

// syscallIndex maps syscall names to their index in EventTypeNames.
var syscallIndex = func() map[string]int {
	m := make(map[string]int)
	for id := range numSyscallIDs {
		if n := syscallName(uint16(id)); n != "" {
			if _, dup := m[n]; !dup {
				m[n] = format.NumEventTypes + id
			}
		}
	}
	return m
}()

// genericName names a generic syscall event: by its id, or when the id is
// unknown (0) by its native number, as libsinsp does for captures (which
// this program reads as amd64's when the capture says nothing else).
func (c *evalContext) genericName() string {
	id, _ := pInt(c.e, 0)
	if id == 0 && c.nativeNames {
		if nid, ok := pInt(c.e, 1); ok {
			return scap.GenericSyscallName(0, uint16(nid))
		}
	}
	return syscallName(uint16(id))
}
