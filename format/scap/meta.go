package scap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"strconv"

	"github.com/peregrine-sec/peregrine/format"
)

// cursor reads little-endian values from a block body. A read past the end
// sets bad and returns zeros, so parsers check once per entry.
type cursor struct {
	b   []byte
	pos int
	bad bool
}

func (c *cursor) left() int { return len(c.b) - c.pos }

func (c *cursor) take(n int) []byte {
	if n < 0 || c.left() < n {
		c.bad = true
		c.pos = len(c.b)
		return nil
	}
	s := c.b[c.pos : c.pos+n]
	c.pos += n
	return s
}

func (c *cursor) u8() uint8 {
	if s := c.take(1); s != nil {
		return s[0]
	}
	return 0
}

func (c *cursor) u16() uint16 {
	if s := c.take(2); s != nil {
		return binary.LittleEndian.Uint16(s)
	}
	return 0
}

func (c *cursor) u32() uint32 {
	if s := c.take(4); s != nil {
		return binary.LittleEndian.Uint32(s)
	}
	return 0
}

func (c *cursor) u64() uint64 {
	if s := c.take(8); s != nil {
		return binary.LittleEndian.Uint64(s)
	}
	return 0
}

// buf16 reads a u16 length and that many bytes.
func (c *cursor) buf16() []byte { return c.take(int(c.u16())) }

// str16 reads a u16 length and a string, cut at its first NUL.
func (c *cursor) str16() string { return cstr(c.buf16()) }

// cstr returns b up to its first NUL as a string.
func cstr(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// splitList splits a NUL-separated (and usually NUL-terminated) list.
func splitList(b []byte) []string {
	if len(b) > 0 && b[len(b)-1] == 0 {
		b = b[:len(b)-1]
	}
	if len(b) == 0 {
		return nil
	}
	parts := bytes.Split(b, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}

// readHeader reads the section header and the state blocks up to the first
// event block, and peeks at the first event for the start time.
func (r *Reader) readHeader() error {
	typ, err := r.peekType()
	if err == io.EOF {
		return r.errAt(-1, 0, 0, ErrNotScap, "empty input")
	}
	if err != nil {
		return err
	}
	if typ != blockSection {
		return r.errAt(0, typ, 0, ErrNotScap,
			fmt.Sprintf("first block has type %#x, not a section header block (0x0a0d0d0a)", typ))
	}
	var b rawBlock
	if err := r.next(&b); err != nil {
		return err
	}
	if err := r.parseSection(&b); err != nil {
		return err
	}
	st := newStateBuilder()
	for {
		typ, err := r.peekType()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if isEventBlock(typ) {
			break
		}
		if err := r.next(&b); err != nil {
			return err
		}
		if err := r.parseMeta(&b, st); err != nil {
			return err
		}
	}
	st.finish(&r.snap)
	if cap(r.big) > 4<<20 {
		r.big, r.bigHB = nil, nil
	}
	r.hdr.StartTime = r.peekFirstTime()
	r.snap.Time = r.hdr.StartTime
	return nil
}

// peekFirstTime returns the timestamp of the first event, or 0.
func (r *Reader) peekFirstTime() int64 {
	h, _ := r.in.peek(8 + 2 + 4 + 8)
	if len(h) < 8+2+8 {
		return 0
	}
	flags, _ := eventBlockLayout(binary.LittleEndian.Uint32(h))
	p := 8 + 2
	if flags {
		p += 4
	}
	if len(h) < p+8 {
		return 0
	}
	return int64(binary.LittleEndian.Uint64(h[p:]))
}

// parseSection decodes the section header block: byte order, version and
// the pcapng options (comments).
func (r *Reader) parseSection(b *rawBlock) error {
	c := cursor{b: b.body}
	magic := c.u32()
	major, minor := c.u16(), c.u16()
	c.u64() // section length, -1 in practice
	if c.bad {
		return r.errAt(b.num, b.typ, b.off, ErrCorrupt, "section header block too short")
	}
	switch magic {
	case sectionMagic:
	case 0x4D3C2B1A:
		return r.errAt(b.num, b.typ, b.off+8, ErrUnsupported, "big-endian capture (byte-order magic 0x4d3c2b1a)")
	default:
		return r.errAt(b.num, b.typ, b.off+8, ErrNotScap, fmt.Sprintf("byte-order magic %#x, want 0x1a2b3c4d", magic))
	}
	if major > 1 {
		return r.errAt(b.num, b.typ, b.off+12, ErrUnsupported,
			fmt.Sprintf("scap format %d.%d is newer than this reader (1.x): upgrade peregrine", major, minor))
	}
	r.hdr.Options["scap.version"] = fmt.Sprintf("%d.%d", major, minor)
	// pcapng options: u16 code, u16 length, value padded to 4 bytes.
	for c.left() >= 4 {
		code, n := c.u16(), int(c.u16())
		if code == 0 {
			break
		}
		v := c.take(n)
		c.take((4 - n%4) % 4)
		if c.bad {
			r.warn(r.errAt(b.num, b.typ, b.off+8+int64(c.pos), ErrCorrupt, "section header option runs past the block; options ignored"))
			break
		}
		key := map[uint16]string{1: "comment", 2: "hardware", 3: "os", 4: "application"}[code]
		if key == "" {
			key = "option." + strconv.Itoa(int(code))
		}
		r.hdr.Options[key] = cstr(v)
	}
	return nil
}

// parseMeta dispatches a state block. Damaged list entries are skipped
// with a warning; what was read before them is kept.
func (r *Reader) parseMeta(b *rawBlock, st *stateBuilder) error {
	var err *FormatError
	switch t := b.typ; {
	case t == blockMachine || t == blockMachineInt:
		r.parseMachine(b)
	case procVersion(t) != 0:
		err = r.parseProcs(b, func(t format.Thread, _ int) { st.threads = append(st.threads, t) })
	case t == blockFD || t == blockFDInt || t == blockFDV2:
		err = r.parseFDs(b, st)
	case t == blockIface || t == blockIfaceInt || t == blockIfaceV2:
		err = r.parseIfaces(b, st)
	case t == blockUser || t == blockUserInt || t == blockUserV2:
		err = r.parseUsers(b, st)
	case t == blockSection:
		err = r.errAt(b.num, t, b.off, ErrSkipped, "a second section header before any event; its blocks are read as part of the first")
	default:
		err = r.errAt(b.num, t, b.off, ErrSkipped, "unknown block type skipped")
	}
	if err != nil {
		r.warn(err)
	}
	return nil
}

// parseMachine decodes the machine info block (scap_machine_info).
func (r *Reader) parseMachine(b *rawBlock) {
	c := cursor{b: b.body}
	cpus := c.u32()
	mem := c.u64()
	maxPID := c.u64()
	host := c.take(128)
	if c.bad {
		r.warn(r.errAt(b.num, b.typ, b.off, ErrCorrupt, "machine info block too short; ignored"))
		return
	}
	r.hdr.CPUs = int(cpus)
	r.hdr.Hostname = cstr(host)
	r.hdr.Options["machine.memory_bytes"] = strconv.FormatUint(mem, 10)
	r.hdr.Options["machine.max_pid"] = strconv.FormatUint(maxPID, 10)
	if boot := c.u64(); !c.bad && boot != 0 {
		r.hdr.Options["machine.boot_time"] = strconv.FormatUint(boot, 10)
	}
}

// entryErr builds the warning for a damaged list entry.
func (r *Reader) entryErr(b *rawBlock, pos int, what string) *FormatError {
	return r.errAt(b.num, b.typ, b.off+8+int64(pos), ErrCorrupt, what)
}

// parseProcs decodes a process list block of any version (1..9), calling
// add with each thread and the body offset where its entry ends.
func (r *Reader) parseProcs(b *rawBlock, add func(t format.Thread, end int)) *FormatError {
	v := procVersion(b.typ)
	c := cursor{b: b.body}
	for c.left() >= 4 {
		start := c.pos
		var subLen int
		if v >= 9 {
			subLen = int(c.u32())
		}
		t := format.Thread{SID: -1, PGID: -1, VPGID: -1, VTID: -1, VPID: -1, LoginUID: format.NoID}
		t.TID = int64(c.u64())
		t.PID = int64(c.u64())
		t.PPID = int64(c.u64())
		if v >= 6 {
			t.SID = int64(c.u64())
		}
		if v >= 8 {
			t.VPGID = int64(c.u64())
		}
		t.Comm = c.str16()
		t.Exe = c.str16()
		if v >= 7 {
			t.ExePath = c.str16()
		}
		t.Args = splitList(c.buf16())
		t.Cwd = c.str16()
		t.FDLimit = c.u64()
		c.u32() // flags (PPM_CL_*)
		uid, gid := c.u32(), c.u32()
		// scap keeps one uid and gid per thread, the effective ones; the
		// real, saved and filesystem ids are usually the same.
		t.UID, t.EUID, t.SUID, t.FSUID = uid, uid, uid, uid
		t.GID, t.EGID, t.SGID, t.FSGID = gid, gid, gid, gid
		if v >= 2 {
			c.u32() // vmsize_kb
			c.u32() // vmrss_kb
			c.u32() // vmswap_kb
			c.u64() // pfmajor
			c.u64() // pfminor
			if v >= 3 {
				t.Env = splitList(c.buf16())
			}
			if v >= 4 {
				t.VTID = int64(c.u64())
				t.VPID = int64(c.u64())
				t.Cgroups = splitList(c.buf16())
				if v >= 5 {
					t.Root = c.str16()
				}
			}
		}
		if c.bad {
			return r.entryErr(b, start, "process list entry runs past the block; the rest of the block is skipped")
		}
		if subLen > 0 {
			end := start + subLen
			if c.pos > end || end > len(c.b) {
				return r.entryErr(b, start, fmt.Sprintf("process list entry length %d does not fit its fields or the block; the rest of the block is skipped", subLen))
			}
			fits := func(n int) bool { return c.pos+n <= end }
			// Captures written by libs before 0.10 lack pidns_init_start_ts
			// and tty, which libs 0.10 inserted before loginuid; libscap
			// tells them apart by the bytes left (29 = the older fields).
			if end-c.pos > 29 {
				if fits(8) {
					t.PidNSStart = int64(c.u64())
				}
				if fits(4) {
					t.TTY = c.u32()
				}
			}
			if fits(4) {
				t.LoginUID = c.u32()
			}
			if fits(1) && c.u8() != 0 {
				t.ExeFlags |= format.ThreadExeWritable
			}
			if fits(8) {
				t.CapInheritable = c.u64()
			}
			if fits(8) {
				t.CapPermitted = c.u64()
			}
			if fits(8) {
				t.CapEffective = c.u64()
			}
			if fits(1) && c.u8() != 0 {
				t.ExeFlags |= format.ThreadExeUpperLayer
			}
			if fits(8) {
				t.ExeIno = c.u64()
			}
			if fits(8) {
				t.ExeInoCtime = int64(c.u64())
			}
			if fits(8) {
				t.ExeInoMtime = int64(c.u64())
			}
			if fits(1) && c.u8() != 0 {
				t.ExeFlags |= format.ThreadExeFromMemfd
			}
			if fits(1) && c.u8() != 0 {
				t.ExeFlags |= format.ThreadExeLowerLayer
			}
			if fits(8) {
				t.PGID = int64(c.u64())
			}
			c.pos = end
		}
		add(t, c.pos)
	}
	return nil
}

// procEntryEnds returns the body offsets where a process list block's
// entries end.
func (r *Reader) procEntryEnds(b *rawBlock) []int {
	var ends []int
	r.parseProcs(b, func(_ format.Thread, end int) { ends = append(ends, end) })
	return ends
}

// scap_fd_type values.
const (
	scapFDUnknown    = 0
	scapFDFile       = 1
	scapFDDirectory  = 2
	scapFDIPv4       = 3
	scapFDIPv6       = 4
	scapFDIPv4Server = 5
	scapFDIPv6Server = 6
	scapFDFIFO       = 7
	scapFDUnix       = 8
	scapFDEvent      = 9
	scapFDUnsupp     = 10
	scapFDSignalFD   = 11
	scapFDEventPoll  = 12
	scapFDInotify    = 13
	scapFDTimerFD    = 14
	scapFDNetlink    = 15
	scapFDFileV2     = 16
	scapFDBPF        = 17
	scapFDUserfault  = 18
	scapFDIOUring    = 19
	scapFDMemfd      = 20
	scapFDPidFD      = 21
)

var fdTypes = [...]format.FDType{
	scapFDUnknown: format.FDUnknown, scapFDFile: format.FDFile, scapFDDirectory: format.FDDirectory,
	scapFDIPv4: format.FDIPv4, scapFDIPv6: format.FDIPv6, scapFDIPv4Server: format.FDIPv4Server,
	scapFDIPv6Server: format.FDIPv6Server, scapFDFIFO: format.FDPipe, scapFDUnix: format.FDUnix,
	scapFDEvent: format.FDEvent, scapFDUnsupp: format.FDUnknown, scapFDSignalFD: format.FDSignalFD,
	scapFDEventPoll: format.FDEventPoll, scapFDInotify: format.FDInotify, scapFDTimerFD: format.FDTimerFD,
	scapFDNetlink: format.FDNetlink, scapFDFileV2: format.FDFile, scapFDBPF: format.FDBPF,
	scapFDUserfault: format.FDUserfaultFD, scapFDIOUring: format.FDIOUring, scapFDMemfd: format.FDMemfd,
	scapFDPidFD: format.FDPidFD,
}

// l4Proto maps scap_l4_proto onto IP protocol numbers.
func l4Proto(p uint8) uint8 {
	switch p {
	case 2:
		return 6 // tcp
	case 3:
		return 17 // udp
	case 4:
		return 1 // icmp
	case 5:
		return 255 // raw
	}
	return 0
}

// parseFDs decodes an fd list block: a tid, then its fds.
func (r *Reader) parseFDs(b *rawBlock, st *stateBuilder) *FormatError {
	v2 := b.typ == blockFDV2
	c := cursor{b: b.body}
	tid := int64(c.u64())
	if c.bad {
		return r.entryErr(b, 0, "fd list block too short for its tid; skipped")
	}
	for c.left() >= 4 {
		start := c.pos
		var subLen int
		if v2 {
			subLen = int(c.u32())
		}
		fd := format.FD{PID: tid, Num: int64(c.u64()), Ino: c.u64()}
		typ := c.u8()
		known := true
		switch typ {
		case scapFDIPv4:
			sip, dip := c.take(4), c.take(4)
			sport, dport := c.u16(), c.u16()
			proto := c.u8()
			if !c.bad {
				fd.Type = format.FDIPv4
				fd.L4Proto = l4Proto(proto)
				fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet,
					SrcAddr: netip.AddrFrom4([4]byte(sip)), SrcPort: sport,
					DstAddr: netip.AddrFrom4([4]byte(dip)), DstPort: dport})
				fd.Name = ipPort(netip.AddrFrom4([4]byte(sip)), sport) + "->" + ipPort(netip.AddrFrom4([4]byte(dip)), dport)
			}
		case scapFDIPv4Server:
			ip, port, proto := c.take(4), c.u16(), c.u8()
			if !c.bad {
				fd.Type = format.FDIPv4Server
				fd.L4Proto = l4Proto(proto)
				a := netip.AddrFrom4([4]byte(ip))
				fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet,
					SrcAddr: a, SrcPort: port, DstAddr: netip.AddrFrom4([4]byte{})})
				fd.Name = ipPort(a, port)
			}
		case scapFDIPv6:
			sip, dip := c.take(16), c.take(16)
			sport, dport := c.u16(), c.u16()
			proto := c.u8()
			if !c.bad {
				s, d := netip.AddrFrom16([16]byte(sip)), netip.AddrFrom16([16]byte(dip))
				fd.L4Proto = l4Proto(proto)
				if s.Is4In6() && d.Is4In6() {
					// libsinsp turns IPv4-mapped IPv6 sockets into IPv4 ones.
					s, d = s.Unmap(), d.Unmap()
					fd.Type = format.FDIPv4
					fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet,
						SrcAddr: s, SrcPort: sport, DstAddr: d, DstPort: dport})
				} else {
					fd.Type = format.FDIPv6
					fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet6,
						SrcAddr: s, SrcPort: sport, DstAddr: d, DstPort: dport})
				}
				fd.Name = ipPort(s, sport) + "->" + ipPort(d, dport)
			}
		case scapFDIPv6Server:
			ip, port, proto := c.take(16), c.u16(), c.u8()
			if !c.bad {
				fd.Type = format.FDIPv6Server
				fd.L4Proto = l4Proto(proto)
				a := netip.AddrFrom16([16]byte(ip))
				fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet6,
					SrcAddr: a, SrcPort: port, DstAddr: netip.AddrFrom16([16]byte{})})
				fd.Name = ipPort(a, port)
			}
		case scapFDUnix:
			src, dst := c.u64(), c.u64()
			path := c.str16()
			fd.Type = format.FDUnix
			fd.Name = path
			fd.Tuple = format.AppendSockTuple(nil, format.SockTuple{Family: format.AFUnix, SrcPtr: src, DstPtr: dst, Path: path})
		case scapFDFileV2:
			fd.Flags = c.u32()
			fd.Name = c.str16()
			fd.Type = format.FDFile
			if subLen > 0 && c.pos+4 <= start+subLen {
				fd.Dev = c.u32()
			}
		case scapFDFIFO, scapFDFile, scapFDDirectory, scapFDUnsupp, scapFDEvent, scapFDSignalFD,
			scapFDEventPoll, scapFDInotify, scapFDTimerFD, scapFDNetlink, scapFDBPF, scapFDUserfault,
			scapFDIOUring, scapFDMemfd, scapFDPidFD:
			fd.Type = fdTypes[typ]
			fd.Name = c.str16()
		default:
			// Unknown to this reader (or SCAP_FD_UNKNOWN, which carries
			// nothing): only a V2 entry's length lets us step over it.
			known = false
			fd.Type = format.FDUnknown
			fd.Name = "unknown-type:[" + strconv.Itoa(int(typ)) + "]"
		}
		if c.bad {
			return r.entryErr(b, start, "fd list entry runs past the block; the rest of the block is skipped")
		}
		if subLen > 0 {
			end := start + subLen
			if c.pos > end || end > len(c.b) {
				return r.entryErr(b, start, fmt.Sprintf("fd list entry length %d does not fit its fields or the block; the rest of the block is skipped", subLen))
			}
			c.pos = end
		} else if !known {
			return r.entryErr(b, start, fmt.Sprintf("fd of unknown type %d in an fd list without entry lengths; the rest of the block is skipped", typ))
		}
		if typ != scapFDUnknown {
			st.fds = append(st.fds, fd)
		}
	}
	return nil
}

// ipPort renders an address and port as libsinsp does in fd names.
func ipPort(a netip.Addr, port uint16) string {
	return a.String() + ":" + strconv.Itoa(int(port))
}

// scap interface entry types.
const (
	ifIPv4       = 1
	ifIPv6       = 2
	ifIPv4NoLink = 3
	ifIPv6NoLink = 4
)

// parseIfaces decodes an interface list block. A later interface list
// replaces an earlier one, as in libscap.
func (r *Reader) parseIfaces(b *rawBlock, st *stateBuilder) *FormatError {
	v2 := b.typ == blockIfaceV2
	c := cursor{b: b.body}
	st.ifaces = st.ifaces[:0]
	for c.left() >= 4 {
		start := c.pos
		var entry int
		if v2 {
			entry = int(c.u32())
		}
		typ, nameLen := c.u16(), int(c.u16())
		var in format.Interface
		switch typ {
		case ifIPv4, ifIPv4NoLink:
			in.Addr = bytes.Clone(c.take(4))
			in.Netmask = bytes.Clone(c.take(4))
			c.take(4) // broadcast
			if typ == ifIPv4 {
				c.u64() // link speed
			}
		case ifIPv6, ifIPv6NoLink:
			in.Addr = bytes.Clone(c.take(16))
			in.Netmask = bytes.Clone(c.take(16))
			c.take(16)
			if typ == ifIPv6 {
				c.u64()
			}
		default:
			return r.entryErr(b, start, fmt.Sprintf("interface entry of unknown type %d; the rest of the block is skipped", typ))
		}
		in.Name = cstr(c.take(nameLen))
		if c.bad {
			return r.entryErr(b, start, "interface entry runs past the block; the rest of the block is skipped")
		}
		if v2 {
			end := start + 4 + entry
			if c.pos > end || end > len(c.b) {
				return r.entryErr(b, start, fmt.Sprintf("interface entry length %d does not fit; the rest of the block is skipped", entry))
			}
			c.pos = end
		}
		st.ifaces = append(st.ifaces, in)
	}
	return nil
}

// parseUsers decodes a user list block (users and groups). A later user
// list replaces an earlier one, as in libscap.
func (r *Reader) parseUsers(b *rawBlock, st *stateBuilder) *FormatError {
	v2 := b.typ == blockUserV2
	c := cursor{b: b.body}
	st.users, st.groups = st.users[:0], st.groups[:0]
	for c.left() >= 4 {
		start := c.pos
		var subLen int
		if v2 {
			subLen = int(c.u32())
		}
		if c.u8() == 0 { // USERBLOCK_TYPE_USER
			u := format.User{UID: c.u32(), GID: c.u32()}
			u.Name = c.str16()
			u.Home = c.str16()
			u.Shell = c.str16()
			if !c.bad {
				st.users = append(st.users, u)
			}
		} else {
			g := format.Group{GID: c.u32()}
			g.Name = c.str16()
			if !c.bad {
				st.groups = append(st.groups, g)
			}
		}
		if c.bad {
			return r.entryErr(b, start, "user list entry runs past the block; the rest of the block is skipped")
		}
		if subLen > 0 {
			end := start + subLen
			if c.pos > end || end > len(c.b) {
				return r.entryErr(b, start, fmt.Sprintf("user list entry length %d does not fit; the rest of the block is skipped", subLen))
			}
			c.pos = end
		}
	}
	return nil
}

// stateBuilder collects the state blocks into a Snapshot.
type stateBuilder struct {
	threads []format.Thread
	fds     []format.FD
	users   []format.User
	groups  []format.Group
	ifaces  []format.Interface
}

func newStateBuilder() *stateBuilder { return &stateBuilder{} }

// finish fills s. Fd lists are keyed by tid in the file; FD.PID is the
// thread group that owns the table.
func (st *stateBuilder) finish(s *format.Snapshot) {
	pid := make(map[int64]int64, len(st.threads))
	for _, t := range st.threads {
		pid[t.TID] = t.PID
	}
	for i := range st.fds {
		if p, ok := pid[st.fds[i].PID]; ok && p > 0 {
			st.fds[i].PID = p
		}
	}
	s.Threads = st.threads
	s.FDs = st.fds
	s.Users = st.users
	s.Groups = st.groups
	s.Interfaces = st.ifaces
}
