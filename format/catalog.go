package format

import "strings"

// EventType identifies an event type known to this program. Its numeric
// value is not stable across versions and never written to disk as such:
// files carry a schema that names their types (docs/format.md, "Schema").
type EventType uint16

// ParamType is the type of an event parameter. The numbering is Falco's
// (ppm_param_type), which keeps imported .scap parameters unambiguous; it is
// part of the file format.
type ParamType uint8

// Parameter types. Integers are stored in Value.Int (unsigned ones as their
// bit pattern); everything else in Value.Bytes.
const (
	PTNone        ParamType = 0
	PTInt8        ParamType = 1
	PTInt16       ParamType = 2
	PTInt32       ParamType = 3
	PTInt64       ParamType = 4
	PTUint8       ParamType = 5
	PTUint16      ParamType = 6
	PTUint32      ParamType = 7
	PTUint64      ParamType = 8
	PTCharBuf     ParamType = 9  // printable string, no terminating NUL
	PTByteBuf     ParamType = 10 // raw bytes (argv and env are NUL-separated lists)
	PTErrno       ParamType = 11 // int64; negative values are -errno
	PTSockAddr    ParamType = 12 // see SockAddr
	PTSockTuple   ParamType = 13 // see SockTuple
	PTFD          ParamType = 14 // int64
	PTPID         ParamType = 15 // int64
	PTFDList      ParamType = 16 // u16 count, then count × (u64 fd, u16 flags), little endian
	PTFSPath      ParamType = 17 // path as the process passed it
	PTSyscallID   ParamType = 18 // u16 syscall number in Falco's portable numbering
	PTSigType     ParamType = 19 // u8 signal number
	PTRelTime     ParamType = 20 // u64 nanoseconds
	PTAbsTime     ParamType = 21 // u64 nanoseconds since the Unix epoch
	PTPort        ParamType = 22 // u16
	PTL4Proto     ParamType = 23 // u8
	PTSockFamily  ParamType = 24 // u8
	PTBool        ParamType = 25 // u32
	PTIPv4Addr    ParamType = 26 // 4 bytes
	PTDyn         ParamType = 27 // a tagged value: first byte is the tag, see docs/format.md
	PTFlags8      ParamType = 28
	PTFlags16     ParamType = 29
	PTFlags32     ParamType = 30
	PTUID         ParamType = 31 // u32, 0xffffffff means none
	PTGID         ParamType = 32 // u32, 0xffffffff means none
	PTDouble      ParamType = 33 // float64 bits in Value.Int
	PTSigSet      ParamType = 34 // u32
	PTCharBufList ParamType = 35 // NUL-separated strings
	PTIPv6Addr    ParamType = 38 // 16 bytes
	PTIPAddr      ParamType = 40 // 4 or 16 bytes
	PTMode        ParamType = 42 // u32 file mode bits
	PTFSRelPath   ParamType = 43 // path relative to the parameter named by ParamInfo.DirFD
	PTEnumFlags8  ParamType = 44
	PTEnumFlags16 ParamType = 45
	PTEnumFlags32 ParamType = 46
)

// IsInt reports whether values of type t live in Value.Int.
func (t ParamType) IsInt() bool {
	switch t {
	case PTCharBuf, PTByteBuf, PTSockAddr, PTSockTuple, PTFDList, PTFSPath, PTFSRelPath,
		PTIPv4Addr, PTIPv6Addr, PTIPAddr, PTDyn, PTCharBufList, PTNone:
		return false
	}
	return true
}

// IsSigned reports whether an integer type is signed.
func (t ParamType) IsSigned() bool {
	switch t {
	case PTInt8, PTInt16, PTInt32, PTInt64, PTErrno, PTFD, PTPID:
		return true
	}
	return false
}

var paramTypeNames = map[ParamType]string{
	PTNone: "none", PTInt8: "int8", PTInt16: "int16", PTInt32: "int32", PTInt64: "int64",
	PTUint8: "uint8", PTUint16: "uint16", PTUint32: "uint32", PTUint64: "uint64",
	PTCharBuf: "charbuf", PTByteBuf: "bytebuf", PTErrno: "errno", PTSockAddr: "sockaddr",
	PTSockTuple: "socktuple", PTFD: "fd", PTPID: "pid", PTFDList: "fdlist", PTFSPath: "fspath",
	PTSyscallID: "syscallid", PTSigType: "sigtype", PTRelTime: "reltime", PTAbsTime: "abstime",
	PTPort: "port", PTL4Proto: "l4proto", PTSockFamily: "sockfamily", PTBool: "bool",
	PTIPv4Addr: "ipv4addr", PTDyn: "dyn", PTFlags8: "flags8", PTFlags16: "flags16",
	PTFlags32: "flags32", PTUID: "uid", PTGID: "gid", PTDouble: "double", PTSigSet: "sigset",
	PTCharBufList: "charbuflist", PTIPv6Addr: "ipv6addr", PTIPAddr: "ipaddr", PTMode: "mode",
	PTFSRelPath: "fsrelpath", PTEnumFlags8: "enumflags8", PTEnumFlags16: "enumflags16",
	PTEnumFlags32: "enumflags32",
}

func (t ParamType) String() string {
	if s, ok := paramTypeNames[t]; ok {
		return s
	}
	return "type(" + itoa(int64(t)) + ")"
}

// Fmt says how an integer parameter is rendered.
type Fmt uint8

// Rendering formats, as Falco's ppm_print_format.
const (
	FmtNA        Fmt = 0
	FmtDec       Fmt = 1
	FmtHex       Fmt = 2
	FmtPaddedDec Fmt = 3
	FmtID        Fmt = 4
	FmtDir       Fmt = 5
	FmtOct       Fmt = 6
)

// Category is Falco's event category: a main category in the low bits and
// source bits (CatSyscall, CatMeta, ...) above.
type Category uint16

// Event categories, as Falco's ppm_event_category.
const (
	CatUnknown    Category = 0
	CatOther      Category = 1
	CatFile       Category = 2
	CatNet        Category = 3
	CatIPC        Category = 4
	CatMemory     Category = 5
	CatProcess    Category = 6
	CatSleep      Category = 7
	CatSystem     Category = 8
	CatSignal     Category = 9
	CatUser       Category = 10
	CatTime       Category = 11
	CatProcessing Category = 12
	CatIORead     Category = 32
	CatIOWrite    Category = 33
	CatIOOther    Category = 34
	CatWait       Category = 1 << 6
	CatScheduler  Category = 1 << 7
	CatInternal   Category = 1 << 8
	CatSyscall    Category = 1 << 9
	CatTracepoint Category = 1 << 10
	CatPlugin     Category = 1 << 11
	CatMeta       Category = 1 << 12
	CatIter       Category = 1 << 13
)

// Main returns the main category without the source bits.
func (c Category) Main() Category { return c & 0x3f }

// EventFlags describe what an event does to the state.
type EventFlags uint32

// Event flags, named as Falco's EF_*.
const (
	FlagCreatesFD EventFlags = 1 << iota
	FlagDestroysFD
	FlagUsesFD
	FlagReadsFromFD
	FlagWritesToFD
	FlagModifiesState
	FlagLargePayload
)

// NameValue is one named value of a flag or enumeration parameter.
type NameValue struct {
	Name  string
	Value uint64
}

// Names is a table of value names for a flags or enum parameter.
type Names struct {
	Name   string // table name as in Falco, e.g. "file_flags"
	Values []NameValue
}

// ParamInfo describes one parameter of an event type.
type ParamInfo struct {
	Name  string
	Type  ParamType
	Fmt   Fmt
	Names *Names // value names for flags and enums, or nil
	DirFD string // for PTFSRelPath: the name of the dirfd parameter it is relative to
}

// EventInfo describes an event type: its name, category, flags and
// parameters in their canonical order. Events hold their parameters in this
// order (Event.Params[i] is Params[i]).
type EventInfo struct {
	Name     string
	Category Category
	Flags    EventFlags
	Params   []ParamInfo
}

// Param returns the index of the parameter called name, or -1.
func (e *EventInfo) Param(name string) int {
	for i := range e.Params {
		if e.Params[i].Name == name {
			return i
		}
	}
	return -1
}

// HasReturn reports whether the first parameter is the syscall's return
// value (a res, fd or pid of an exit event).
func (e *EventInfo) HasReturn() bool {
	if len(e.Params) == 0 || e.Category&CatSyscall == 0 {
		return false
	}
	p := e.Params[0]
	switch p.Type {
	case PTErrno, PTFD, PTPID:
		return p.Name == "res" || p.Name == "fd"
	case PTInt64, PTUint64:
		return p.Name == "res"
	}
	return false
}

// Info returns the description of t. Unknown types get EvUnknown's.
func (t EventType) Info() *EventInfo {
	if int(t) >= len(eventTable) {
		return &eventTable[EvUnknown]
	}
	return &eventTable[t]
}

// String returns the event type's name, as evt.type prints it.
func (t EventType) String() string { return t.Info().Name }

// NumEventTypes is the number of event types this program knows, including
// EvUnknown; valid types are below it.
const NumEventTypes = int(numEventTypes)

var eventsByName = func() map[string]EventType {
	m := make(map[string]EventType, len(eventTable))
	for i := range eventTable {
		m[eventTable[i].Name] = EventType(i)
	}
	return m
}()

// LookupEvent returns the event type called name (Falco's evt.type name).
func LookupEvent(name string) (EventType, bool) {
	t, ok := eventsByName[name]
	return t, ok && t != EvUnknown
}

// MustParam returns the index of parameter name of event type t. It panics
// if there is none; use it to initialise package variables from the
// catalogue, where a typo must fail at start.
func MustParam(t EventType, name string) int {
	i := t.Info().Param(name)
	if i < 0 {
		panic("format: event " + t.String() + " has no parameter " + name)
	}
	return i
}

// Format renders a flags or enum value as Falco does in evt.arg: the names
// of the set bits joined with '|' (for enums, the matching name).
func (n *Names) Format(v uint64, enum bool) string {
	if n == nil {
		return ""
	}
	if enum {
		for _, nv := range n.Values {
			if nv.Value == v {
				return nv.Name
			}
		}
		return ""
	}
	var b strings.Builder
	rest := v
	for _, nv := range n.Values {
		if nv.Value == 0 {
			continue
		}
		if v&nv.Value == nv.Value && rest&nv.Value != 0 {
			if b.Len() > 0 {
				b.WriteByte('|')
			}
			b.WriteString(nv.Name)
			rest &^= nv.Value
		}
	}
	if b.Len() == 0 {
		for _, nv := range n.Values {
			if nv.Value == 0 && v == 0 {
				return nv.Name
			}
		}
	}
	return b.String()
}

func itoa(v int64) string {
	if v == 0 {
		return "0"
	}
	neg := v < 0
	if neg {
		v = -v
	}
	var buf [20]byte
	i := len(buf)
	for v > 0 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
