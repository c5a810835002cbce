package format

import (
	"encoding/binary"
	"net/netip"
)

// Dir is an event's direction. Peregrine's own recordings hold one event per
// syscall, at exit, carrying the entry arguments and the return value
// (DirExit). Events imported from .scap files keep sysdig's enter/exit pairs.
type Dir uint8

// Directions, as evt.dir prints them: '>' enter, '<' exit.
const (
	DirExit  Dir = 0
	DirEnter Dir = 1
)

func (d Dir) String() string {
	if d == DirEnter {
		return ">"
	}
	return "<"
}

// Value is one parameter value. Integer types (ParamType.IsInt) use Int,
// unsigned ones as their bit pattern; the others use Bytes.
type Value struct {
	Int   int64
	Bytes []byte
}

// Uint returns the value as unsigned.
func (v Value) Uint() uint64 { return uint64(v.Int) }

// Event is one recorded event. Params holds the event type's parameters in
// the catalogue's order (Type.Info().Params); bit i of Has says whether
// parameter i is present (an enter event imported from .scap has only the
// enter parameters; a newer file may lack a parameter this program knows).
//
// A Reader fills a caller's Event: Bytes slices point into the reader's
// buffers and stay valid until the next call. Copy what must outlive it.
type Event struct {
	Num    uint64 // event number, from 1; for imported .scap files sysdig's evt.num
	Time   int64  // nanoseconds since the Unix epoch
	Type   EventType
	Dir    Dir
	CPU    uint16
	TID    int64
	PID    int64 // thread group id, or 0 where the source does not say (scap)
	Has    uint64
	Params []Value
}

// MaxParams is the most parameters an event type may have.
const MaxParams = 64

// Reset prepares e to hold an event of type t with no parameters present,
// keeping its allocations.
func (e *Event) Reset(t EventType, dir Dir) {
	e.Type = t
	e.Dir = dir
	e.Has = 0
	n := len(t.Info().Params)
	if cap(e.Params) < n {
		e.Params = make([]Value, n, MaxParams)
	}
	e.Params = e.Params[:n]
	for i := range e.Params {
		e.Params[i] = Value{}
	}
}

// Set stores parameter i and marks it present.
func (e *Event) Set(i int, v Value) {
	e.Params[i] = v
	e.Has |= 1 << uint(i)
}

// SetInt stores integer parameter i and marks it present.
func (e *Event) SetInt(i int, v int64) {
	e.Params[i] = Value{Int: v}
	e.Has |= 1 << uint(i)
}

// SetBytes stores byte parameter i (not copied) and marks it present.
func (e *Event) SetBytes(i int, b []byte) {
	e.Params[i] = Value{Bytes: b}
	e.Has |= 1 << uint(i)
}

// Param returns parameter i and whether it is present.
func (e *Event) Param(i int) (Value, bool) {
	if i < 0 || i >= len(e.Params) || e.Has&(1<<uint(i)) == 0 {
		return Value{}, false
	}
	return e.Params[i], true
}

// Res returns the syscall's return value, for exit events whose type has one.
func (e *Event) Res() (int64, bool) {
	if e.Dir != DirExit || !e.Type.Info().HasReturn() {
		return 0, false
	}
	v, ok := e.Param(0)
	return v.Int, ok
}

// CopyFrom makes e a deep copy of src that owns its byte slices, reusing
// e's allocations where it can.
func (e *Event) CopyFrom(src *Event) {
	params := e.Params
	*e = *src
	e.Params = params[:0]
	for _, p := range src.Params {
		var b []byte
		if p.Bytes != nil {
			b = append([]byte(nil), p.Bytes...)
		}
		e.Params = append(e.Params, Value{Int: p.Int, Bytes: b})
	}
}

// Socket address families in Falco's portable encoding, as the first byte
// of PTSockAddr and PTSockTuple values.
const (
	AFUnspec = 0
	AFUnix   = 1
	AFInet   = 2
	AFInet6  = 10
)

// SockAddr is a decoded PTSockAddr value. The encoding is scap's: one
// family byte, then for AFInet 4 address bytes and a little-endian u16 port,
// for AFInet6 16 address bytes and a port, for AFUnix the path.
type SockAddr struct {
	Family uint8
	Addr   netip.Addr
	Port   uint16
	Path   string
}

// ParseSockAddr decodes a PTSockAddr value. ok is false for values that are
// too short for their family.
func ParseSockAddr(b []byte) (sa SockAddr, ok bool) {
	if len(b) < 1 {
		return sa, false
	}
	sa.Family = b[0]
	b = b[1:]
	switch sa.Family {
	case AFInet:
		if len(b) < 6 {
			return sa, false
		}
		sa.Addr = netip.AddrFrom4([4]byte(b[:4]))
		sa.Port = binary.LittleEndian.Uint16(b[4:])
	case AFInet6:
		if len(b) < 18 {
			return sa, false
		}
		sa.Addr = netip.AddrFrom16([16]byte(b[:16]))
		sa.Port = binary.LittleEndian.Uint16(b[16:])
	case AFUnix:
		sa.Path = cstring(b)
	}
	return sa, true
}

// AppendSockAddr appends the encoding of sa to dst.
func AppendSockAddr(dst []byte, sa SockAddr) []byte {
	dst = append(dst, sa.Family)
	switch sa.Family {
	case AFInet:
		a := as4(sa.Addr)
		dst = append(dst, a[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, sa.Port)
	case AFInet6:
		a := as16(sa.Addr)
		dst = append(dst, a[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, sa.Port)
	case AFUnix:
		dst = append(dst, sa.Path...)
	}
	return dst
}

// SockTuple is a decoded PTSockTuple value: the source and destination of a
// connection as seen by the process (source is the local end for connect,
// the remote end for accept). The encoding is scap's: a family byte, then
// for AFInet source address (4), source port (u16 LE), destination address
// (4), destination port; for AFInet6 the same with 16-byte addresses; for
// AFUnix two u64 kernel socket pointers (source, destination) and the path.
type SockTuple struct {
	Family           uint8
	SrcAddr, DstAddr netip.Addr
	SrcPort, DstPort uint16
	SrcPtr, DstPtr   uint64 // AFUnix only
	Path             string // AFUnix only
}

// ParseSockTuple decodes a PTSockTuple value.
func ParseSockTuple(b []byte) (st SockTuple, ok bool) {
	if len(b) < 1 {
		return st, false
	}
	st.Family = b[0]
	b = b[1:]
	switch st.Family {
	case AFInet:
		if len(b) < 12 {
			return st, false
		}
		st.SrcAddr = netip.AddrFrom4([4]byte(b[0:4]))
		st.SrcPort = binary.LittleEndian.Uint16(b[4:])
		st.DstAddr = netip.AddrFrom4([4]byte(b[6:10]))
		st.DstPort = binary.LittleEndian.Uint16(b[10:])
	case AFInet6:
		if len(b) < 36 {
			return st, false
		}
		st.SrcAddr = netip.AddrFrom16([16]byte(b[0:16]))
		st.SrcPort = binary.LittleEndian.Uint16(b[16:])
		st.DstAddr = netip.AddrFrom16([16]byte(b[18:34]))
		st.DstPort = binary.LittleEndian.Uint16(b[34:])
	case AFUnix:
		if len(b) < 16 {
			return st, false
		}
		st.SrcPtr = binary.LittleEndian.Uint64(b[0:])
		st.DstPtr = binary.LittleEndian.Uint64(b[8:])
		st.Path = cstring(b[16:])
	default:
		return st, false
	}
	return st, true
}

// AppendSockTuple appends the encoding of st to dst.
func AppendSockTuple(dst []byte, st SockTuple) []byte {
	dst = append(dst, st.Family)
	switch st.Family {
	case AFInet:
		s, d := as4(st.SrcAddr), as4(st.DstAddr)
		dst = append(dst, s[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, st.SrcPort)
		dst = append(dst, d[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, st.DstPort)
	case AFInet6:
		s, d := as16(st.SrcAddr), as16(st.DstAddr)
		dst = append(dst, s[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, st.SrcPort)
		dst = append(dst, d[:]...)
		dst = binary.LittleEndian.AppendUint16(dst, st.DstPort)
	case AFUnix:
		dst = binary.LittleEndian.AppendUint64(dst, st.SrcPtr)
		dst = binary.LittleEndian.AppendUint64(dst, st.DstPtr)
		dst = append(dst, st.Path...)
	}
	return dst
}

// as4 returns a's 4 bytes: zeros for the zero Addr, the IPv4 address of a
// 4in6 address, zeros for other IPv6 addresses (netip's As4 panics on
// those).
func as4(a netip.Addr) [4]byte {
	if a = a.Unmap(); a.Is4() {
		return a.As4()
	}
	return [4]byte{}
}

// as16 returns a's 16 bytes (IPv4 as 4in6), zeros for the zero Addr.
func as16(a netip.Addr) [16]byte {
	if !a.IsValid() {
		return [16]byte{}
	}
	return a.As16()
}

// cstring returns b up to its first NUL.
func cstring(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}
