package scap

import "github.com/peregrine-sec/peregrine/format"

// scapEvent describes one entry of scap's event table (table_gen.go).
type scapEvent struct {
	enum   string // PPME_* name without the prefix, for messages
	name   string // evt.type name; "NA" for unused ids
	flags  evFlags
	params []scapParam // in file order
}

type scapParam struct {
	name string
	typ  format.ParamType
}

type evFlags uint8

const (
	evLarge     evFlags = 1 << iota // parameter lengths are u32 (EF_LARGE_PAYLOAD)
	evUnused                        // id never written (EF_UNUSED, name "NA")
	evOld                           // an old version no longer written by current drivers
	evSkipReset                     // EF_SKIPPARSERESET: libsinsp does not treat it as the thread's last event
)

// SyscallName returns the name of a syscall in Falco's portable numbering
// (the ID parameter of generic "syscall" events), as sysdig prints it in
// evt.type for those events, and whether the id is known.
func SyscallName(id uint16) (string, bool) {
	if int(id) >= len(syscallNames) || syscallNames[id] == "" {
		return "", false
	}
	return syscallNames[id], true
}

// GenericSyscallName returns what evt.type shows for a generic "syscall"
// event with parameters ID and nativeID, as current libsinsp does: the
// name of ID, or, when ID is 0 (a syscall the recording libs did not
// know), the name of nativeID in the x86-64 syscall table. As in
// libsinsp, a capture recorded on another architecture gets wrong names
// for those. It returns "unknown" when neither is known. For an event
// without a nativeID parameter (captures older than it), use SyscallName.
func GenericSyscallName(id, nativeID uint16) string {
	if id == 0 && int(nativeID) < len(amd64SyscallNames) && amd64SyscallNames[nativeID] != "" {
		return amd64SyscallNames[nativeID]
	}
	if name, ok := SyscallName(id); ok {
		return name
	}
	return "unknown"
}
