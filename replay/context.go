package replay

import (
	"unsafe"

	"github.com/peregrine-sec/peregrine/format"
)

// evalContext is the per-event context Run hands to the rules engine as a
// fields.Event: the event, its thread and fd as the state knows them after
// applying the event, and scratch space for rendered values. Extractors
// bound by Fields type-assert it. It is reused from event to event and is
// not safe for concurrent use.
type evalContext struct {
	e    *format.Event
	info *format.EventInfo
	h    *hostState
	th   *thread // nil when the event has no thread the state knows
	fd   *fdInfo // the event's fd entry, as libsinsp's evt.get_fd_info()
	// fdNum is libsinsp's m_lastevent_fd: the fd the event used or
	// created, -1 for none.
	fdNum int64
	// fdEvent says the event type creates, uses or destroys an fd (the
	// fd.* fields apply).
	fdEvent     bool
	nameChanged bool

	// syscallName resolves a generic "syscall" event's id to its name.
	syscallName func(id uint16) string
	// nativeNames says the capture's native syscall numbers are amd64's,
	// the ones generic events with an unknown id are named by.
	nativeNames bool
	first       int64 // time of the first event, for evt.reltime

	list []string // backing store for list values

	// arena holds strings rendered for this event; it is reset per event,
	// so the strings pointing into it live until the next one.
	arena []byte
}

// str returns the arena bytes from start as a string that lives until the
// next event.
func (c *evalContext) str(start int) string {
	if len(c.arena) == start {
		return ""
	}
	return unsafe.String(&c.arena[start], len(c.arena)-start)
}

// bytesStr returns b as a string without copying; b must stay unchanged
// until the next event (event parameters do).
func bytesStr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// res returns the event's return value, as libsinsp's has_return_value:
// the first parameter of a syscall exit event, whatever its name.
func (c *evalContext) res() (int64, bool) {
	e := c.e
	if e.Dir != format.DirExit || c.info.Category&format.CatSyscall == 0 || e.Type == format.EvSyscall ||
		len(e.Params) == 0 || e.Has&1 == 0 {
		return 0, false
	}
	return e.Params[0].Int, true
}
