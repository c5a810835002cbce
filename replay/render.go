package replay

import (
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

// This file renders parameter values the way libsinsp's
// sinsp_evt::get_param_as_str does: a plain form and, for some types, a
// resolved one (an fd's name, an errno's name, flag names). evt.args shows
// "name=plain(resolved)", evt.arg.NAME the resolved form when there is one.

// appendAddr appends a's textual form.
func appendAddr(dst []byte, a netip.Addr) []byte {
	if !a.IsValid() {
		return append(dst, "0.0.0.0"...)
	}
	return a.AppendTo(dst)
}

func appendAddrPort(dst []byte, a netip.Addr, port uint16) []byte {
	dst = appendAddr(dst, a)
	dst = append(dst, ':')
	return strconv.AppendUint(dst, uint64(port), 10)
}

// appendSockaddr renders a PTSockAddr value.
func appendSockaddr(dst []byte, b []byte) []byte {
	if len(b) == 0 {
		return append(dst, "<NA>"...)
	}
	if !sockaddrValid(b) {
		switch b[0] {
		case afInet:
			return append(dst, "INVALID IPv4"...)
		case afInet6:
			return append(dst, "INVALID IPv6"...)
		}
		dst = append(dst, "family "...)
		return strconv.AppendUint(dst, uint64(b[0]), 10)
	}
	switch b[0] {
	case afInet:
		return appendAddrPort(dst, addr4(b[1:]), binary.LittleEndian.Uint16(b[5:]))
	case afInet6:
		return appendAddrPort(dst, addr16(b[1:]), binary.LittleEndian.Uint16(b[17:]))
	default:
		return append(dst, cstr(b[1:])...)
	}
}

// appendTuple renders a PTSockTuple value.
func appendTuple(dst []byte, b []byte) []byte {
	if len(b) == 0 {
		return append(dst, "NULL"...)
	}
	if !tupleValid(b) {
		switch b[0] {
		case afInet:
			return append(dst, "INVALID IPv4"...)
		case afInet6:
			return append(dst, "INVALID IPv6"...)
		case afUnix:
			return append(dst, "INVALID PATH"...)
		}
		dst = append(dst, "family "...)
		return strconv.AppendUint(dst, uint64(b[0]), 10)
	}
	if b[0] == afUnix {
		return appendUnixTuple(dst, b)
	}
	sip, sport, dip, dport, _ := tupleAddrs(b)
	dst = appendAddrPort(dst, sip, sport)
	dst = append(dst, "->"...)
	return appendAddrPort(dst, dip, dport)
}

// appendUnixTuple renders an AF_UNIX tuple: "source->dest path" with the
// kernel pointers in hex.
func appendUnixTuple(dst []byte, b []byte) []byte {
	dst = strconv.AppendUint(dst, binary.LittleEndian.Uint64(b[1:]), 16)
	dst = append(dst, "->"...)
	dst = strconv.AppendUint(dst, binary.LittleEndian.Uint64(b[9:]), 16)
	dst = append(dst, ' ')
	return append(dst, cstr(b[17:])...)
}

// appendSockInfo renders an IP socket's ends, as libsinsp's
// sockinfo_to_str.
func appendSockInfo(dst []byte, f *fdInfo) []byte {
	switch f.l4 {
	case l4TCP, l4UDP:
		dst = appendAddrPort(dst, f.sip, f.sport)
		dst = append(dst, "->"...)
		return appendAddrPort(dst, f.dip, f.dport)
	case l4ICMP, l4Raw:
		if f.typ == format.FDIPv6 && f.l4 == l4Raw {
			return append(dst, "<unknown>"...)
		}
		dst = appendAddr(dst, f.sip)
		dst = append(dst, "->"...)
		return appendAddr(dst, f.dip)
	}
	return append(dst, "<unknown>"...)
}

// appendFlagNames appends the names of value v in table n, as libsinsp
// resolves PT_FLAGS and PT_ENUMFLAGS parameters.
func appendFlagNames(dst []byte, n *format.Names, v uint32, exact bool) []byte {
	if n == nil {
		return dst
	}
	initial := v
	sep := false
	for _, nv := range n.Values {
		val := uint32(nv.Value)
		match := false
		if exact {
			match = val == initial
		} else if (val == 0 && initial == 0) || (val != 0 && v&val == val && v != 0) {
			match = true
			v &^= val
		}
		if !match {
			continue
		}
		if sep {
			dst = append(dst, '|')
		}
		dst = append(dst, nv.Name...)
		sep = true
		if !exact && val == initial {
			break
		}
	}
	return dst
}

// appendModeNames appends the names of mode v, as libsinsp resolves PT_MODE.
func appendModeNames(dst []byte, n *format.Names, v uint32) []byte {
	if n == nil {
		return dst
	}
	initial := v
	sep := false
	i := 0
	for ; i < len(n.Values) && uint32(n.Values[i].Value) != initial; i++ {
		val := uint32(n.Values[i].Value)
		if (val == 0 && initial == 0) || (val != 0 && v&val == val && v != 0) {
			if sep {
				dst = append(dst, '|')
			}
			dst = append(dst, n.Values[i].Name...)
			sep = true
			v &^= val
		}
	}
	if i < len(n.Values) {
		if sep {
			dst = append(dst, '|')
		}
		dst = append(dst, n.Values[i].Name...)
	}
	return dst
}

// appendNumber renders an integer parameter in its print format.
func appendNumber(dst []byte, pi *format.ParamInfo, v int64) []byte {
	switch pi.Type {
	case format.PTInt8:
		v = int64(int8(v))
	case format.PTInt16:
		v = int64(int16(v))
	case format.PTInt32:
		v = int64(int32(v))
	case format.PTUint8:
		v = int64(uint8(v))
	case format.PTUint16:
		v = int64(uint16(v))
	case format.PTUint32:
		if pi.Fmt == format.FmtHex || pi.Fmt == format.FmtOct {
			v = int64(uint32(v))
		} else {
			v = int64(int32(v)) // libsinsp prints it with PRId32
		}
	}
	switch pi.Fmt {
	case format.FmtOct:
		if v == 0 {
			return append(dst, '0')
		}
		dst = append(dst, '0')
		return strconv.AppendUint(dst, uint64(v), 8)
	case format.FmtHex:
		return appendHexUpper(dst, uint64(v), pi.Type)
	case format.FmtPaddedDec:
		s := len(dst)
		dst = strconv.AppendInt(dst, v, 10)
		for len(dst)-s < 9 {
			dst = append(dst[:s+1], dst[s:]...)
			dst[s] = '0'
		}
		return dst
	}
	return strconv.AppendInt(dst, v, 10)
}

func appendHexUpper(dst []byte, v uint64, t format.ParamType) []byte {
	switch t {
	case format.PTInt8, format.PTUint8:
		v &= 0xff
	case format.PTInt16, format.PTUint16:
		v &= 0xffff
	case format.PTInt32, format.PTUint32:
		v &= 0xffffffff
	}
	const digits = "0123456789ABCDEF"
	var buf [16]byte
	i := len(buf)
	for {
		i--
		buf[i] = digits[v&0xf]
		v >>= 4
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// appendDots appends b with unprintable bytes as '.', as libsinsp's
// default buffer format.
func appendDots(dst []byte, b []byte) []byte {
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			c = '.'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendFD renders an fd parameter's resolved form: "<type>name" for an fd
// in the table, AT_FDCWD, or the errno name of a negative value. It
// reports false when there is none.
func (c *evalContext) appendFDResolved(dst []byte, fd int64, simple bool) ([]byte, bool) {
	switch {
	case fd >= 0:
		if c.th == nil {
			return dst, false
		}
		f := c.th.grp.fds.get(fd)
		if f == nil {
			return dst, false
		}
		dst = append(dst, '<')
		if !simple {
			dst = append(dst, f.typ.TypeChar())
		}
		if f.isSocket() {
			if l4, ok := f.l4proto(); ok {
				switch l4 {
				case l4TCP:
					dst = append(dst, 't')
				case l4UDP:
					dst = append(dst, 'u')
				case l4ICMP:
					dst = append(dst, 'i')
				case l4Raw:
					dst = append(dst, 'r')
				}
			}
		}
		dst = append(dst, '>')
		return append(dst, f.name...), true
	case fd == atFDCWD:
		return append(dst, "AT_FDCWD"...), true
	default:
		if n := errnoName(fd); n != "" {
			return append(dst, n...), true
		}
	}
	return dst, false
}

// baseDir returns the directory a path parameter is relative to: the cwd,
// or for PTFSRelPath the directory of its dirfd parameter.
func (c *evalContext) baseDir(pi *format.ParamInfo) (string, string) {
	cwd := c.th.grp.cwd
	if pi.Type != format.PTFSRelPath || pi.DirFD == "" {
		return cwd, ""
	}
	di := c.info.Param(pi.DirFD)
	dirfd, ok := pInt(c.e, di)
	if !ok || dirfd == atFDCWD {
		return cwd, ""
	}
	f := c.th.grp.fds.get(dirfd)
	if f == nil || f.name == "" {
		return "", ""
	}
	if f.name[len(f.name)-1] == '/' {
		return f.name, ""
	}
	return f.name, "/"
}

// appendParam renders parameter i: its plain form, then (when it has one)
// its resolved form after a NUL-free split point. It returns dst, the
// length of dst where the resolved form starts (-1 for none).
func (c *evalContext) appendParam(dst []byte, i int) ([]byte, int) {
	pi := &c.info.Params[i]
	v := c.e.Params[i]
	switch pi.Type {
	case format.PTInt8, format.PTInt16, format.PTInt32, format.PTInt64,
		format.PTUint8, format.PTUint16, format.PTUint32, format.PTUint64:
		return appendNumber(dst, pi, v.Int), -1
	case format.PTFD:
		dst = strconv.AppendInt(dst, v.Int, 10)
		r := len(dst)
		if d, ok := c.appendFDResolved(dst, v.Int, false); ok {
			return d, r
		}
		return dst, -1
	case format.PTPID:
		dst = strconv.AppendInt(dst, v.Int, 10)
		if t := c.h.threads[v.Int]; t != nil {
			r := len(dst)
			return append(dst, t.comm...), r
		}
		return dst, -1
	case format.PTErrno:
		dst = strconv.AppendInt(dst, v.Int, 10)
		if n := errnoName(v.Int); n != "" {
			r := len(dst)
			return append(dst, n...), r
		}
		return dst, -1
	case format.PTCharBuf:
		return append(dst, cstr(v.Bytes)...), -1
	case format.PTFSPath, format.PTFSRelPath:
		p := cstr(v.Bytes)
		dst = append(dst, p...)
		if c.th == nil || string(p) == "<NA>" {
			return dst, -1
		}
		r := len(dst)
		if len(p) == 0 || p[0] == '/' {
			return dst, r // resolved is empty: the plain form is shown
		}
		b1, b2 := c.baseDir(pi)
		return appendResolved(dst, b1, b2, bytesStr(p)), r
	case format.PTByteBuf:
		return appendDots(dst, v.Bytes), -1
	case format.PTCharBufList:
		for j, b := range v.Bytes {
			if b == 0 {
				if j != len(v.Bytes)-1 {
					dst = append(dst, '.')
				}
				continue
			}
			dst = append(dst, b)
		}
		return dst, -1
	case format.PTSockAddr:
		return appendSockaddr(dst, v.Bytes), -1
	case format.PTSockTuple:
		return appendTuple(dst, v.Bytes), -1
	case format.PTFDList:
		return c.appendFDList(dst, v.Bytes), -1
	case format.PTSyscallID:
		dst = strconv.AppendUint(dst, uint64(uint16(v.Int)), 10)
		if c.syscallName != nil {
			if n := c.syscallName(uint16(v.Int)); n != "" {
				r := len(dst)
				return append(dst, n...), r
			}
		}
		return dst, -1
	case format.PTSigType:
		dst = strconv.AppendUint(dst, uint64(uint8(v.Int)), 10)
		if n := signalName(int64(uint8(v.Int))); n != "" {
			r := len(dst)
			return append(dst, n...), r
		}
		return dst, -1
	case format.PTRelTime:
		if v.Int == -1 {
			return append(dst, "none"...), -1
		}
		dst = strconv.AppendUint(dst, uint64(v.Int), 10)
		r := len(dst)
		dst = strconv.AppendFloat(dst, float64(uint64(v.Int))/1e9, 'g', 6, 64)
		return append(dst, 's'), r
	case format.PTFlags8, format.PTFlags16, format.PTFlags32,
		format.PTEnumFlags8, format.PTEnumFlags16, format.PTEnumFlags32:
		u := flagValue(pi.Type, v.Int)
		dst = strconv.AppendUint(dst, uint64(u), 10)
		r := len(dst)
		exact := pi.Type == format.PTEnumFlags8 || pi.Type == format.PTEnumFlags16 || pi.Type == format.PTEnumFlags32
		dst = appendFlagNames(dst, pi.Names, u, exact)
		if len(dst) == r {
			return dst, -1
		}
		return dst, r
	case format.PTMode:
		u := uint32(v.Int)
		dst = appendNumber(dst, &format.ParamInfo{Type: format.PTUint32, Fmt: pi.Fmt}, int64(u))
		r := len(dst)
		dst = appendModeNames(dst, pi.Names, u)
		if len(dst) == r {
			return dst, -1
		}
		return dst, r
	case format.PTAbsTime:
		t := time.Unix(0, v.Int)
		return t.AppendFormat(dst, "2006-01-02 15:04:05.000000000 -0700"), -1
	case format.PTUID, format.PTGID:
		u := uint32(v.Int)
		if u == format.NoID {
			dst = append(dst, "-1"...)
			r := len(dst)
			return append(dst, "<NONE>"...), r
		}
		dst = strconv.AppendInt(dst, int64(int32(u)), 10)
		r := len(dst)
		name := ""
		if c.th != nil {
			ctr := c.th.containerID
			if pi.Type == format.PTUID {
				if ue := c.h.users[userKey{ctr, u}]; ue != nil {
					name = ue.name
				}
			} else if ge := c.h.grps[userKey{ctr, u}]; ge != nil {
				name = ge.name
			}
		}
		if name == "" {
			name = "<NA>"
		}
		return append(dst, name...), r
	case format.PTSigSet:
		u := uint32(v.Int)
		first := true
		for sig := range 32 {
			if u&(1<<uint(sig)) == 0 {
				continue
			}
			if n := signalName(int64(sig + 1)); n != "" {
				if !first {
					dst = append(dst, ' ')
				}
				dst = append(dst, n...)
				first = false
			}
		}
		return dst, -1
	case format.PTDouble:
		return strconv.AppendFloat(dst, math.Float64frombits(uint64(v.Int)), 'g', -1, 64), -1
	case format.PTIPv4Addr, format.PTIPv6Addr, format.PTIPAddr:
		if a, ok := netip.AddrFromSlice(v.Bytes); ok {
			return appendAddr(dst, a.Unmap()), -1
		}
		return append(dst, "<NA>"...), -1
	case format.PTDyn:
		return appendDyn(dst, v.Bytes), -1
	case format.PTPort, format.PTL4Proto, format.PTSockFamily, format.PTBool:
		return strconv.AppendUint(dst, uint64(v.Int), 10), -1
	}
	if pi.Type.IsInt() {
		return strconv.AppendInt(dst, v.Int, 10), -1
	}
	return appendDots(dst, v.Bytes), -1
}

// appendDyn renders a PTDyn value: a tag byte, then an integer (8 bytes)
// or text.
func appendDyn(dst []byte, b []byte) []byte {
	if len(b) == 0 {
		return append(dst, "NULL"...)
	}
	rest := b[1:]
	if len(rest) == 8 {
		return strconv.AppendInt(dst, int64(binary.LittleEndian.Uint64(rest)), 10)
	}
	if len(rest) == 4 {
		return strconv.AppendInt(dst, int64(int32(binary.LittleEndian.Uint32(rest))), 10)
	}
	return appendDots(dst, cstr(rest))
}

func flagValue(t format.ParamType, v int64) uint32 {
	switch t {
	case format.PTFlags8, format.PTEnumFlags8:
		return uint32(uint8(v))
	case format.PTFlags16, format.PTEnumFlags16:
		return uint32(uint16(v))
	}
	return uint32(v)
}

// appendFDList renders a PTFDList: "fd:<typechar><flags hex>" entries.
func (c *evalContext) appendFDList(dst []byte, b []byte) []byte {
	if c.th == nil || len(b) < 2 {
		return dst
	}
	n := int(binary.LittleEndian.Uint16(b))
	b = b[2:]
	for j := 0; j < n && len(b) >= 10; j++ {
		fd := int64(binary.LittleEndian.Uint64(b))
		fl := binary.LittleEndian.Uint16(b[8:])
		b = b[10:]
		if j > 0 {
			dst = append(dst, ' ')
		}
		dst = strconv.AppendUint(dst, uint64(fd), 10)
		dst = append(dst, ':')
		if f := c.th.grp.fds.get(fd); f != nil {
			dst = append(dst, f.typ.TypeChar())
		} else {
			dst = append(dst, '?')
		}
		dst = strconv.AppendUint(dst, uint64(int32(int16(fl)))&0xffffffff, 16)
	}
	return dst
}

// appendArgs renders evt.args: "name=plain" or "name=plain(resolved)" for
// every parameter the event has, separated by spaces.
func (c *evalContext) appendArgs(dst []byte) []byte {
	if c.e.Type == format.EvSyscall {
		return dst
	}
	first := true
	for i := range c.info.Params {
		if c.e.Has&(1<<uint(i)) == 0 {
			continue
		}
		if !first {
			dst = append(dst, ' ')
		}
		first = false
		dst = append(dst, c.info.Params[i].Name...)
		dst = append(dst, '=')
		var r int
		dst, r = c.appendParam(dst, i)
		if r >= 0 && r < len(dst) {
			// Move the resolved part into parentheses.
			dst = append(dst, 0)
			copy(dst[r+1:], dst[r:len(dst)-1])
			dst[r] = '('
			dst = append(dst, ')')
		}
	}
	return dst
}

// appendArgValue renders evt.arg.NAME for parameter i: the resolved form
// when there is one, else the plain form.
func (c *evalContext) appendArgValue(dst []byte, i int) []byte {
	start := len(dst)
	dst, r := c.appendParam(dst, i)
	if r >= 0 && r < len(dst) {
		n := copy(dst[start:], dst[r:])
		return dst[:start+n]
	}
	return dst
}
