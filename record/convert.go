//go:build linux

package record

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"unsafe"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe"
)

// converter turns probe records into format events: the catalogue's event
// type and parameters in Falco's order, values in Falco's portable
// encoding. It reuses its buffers: the events it fills are valid until the
// next call.
//
// A converter is not safe for concurrent use.
type converter struct {
	arch       *probe.Arch
	flags      *archFlags
	bootOffset int64 // added to CLOCK_BOOTTIME ns gives ns since the epoch
	specs      [format.NumEventTypes][]paramSource
	scratch    []byte

	// per call
	rec *probe.Record
	h   *probe.Header
	pi  *probe.ProcInfo
	ev  *format.Event
}

func newConverter(arch *probe.Arch, bootOffset int64) *converter {
	c := &converter{arch: arch, flags: archFlagsFor(arch.Name), bootOffset: bootOffset,
		scratch: make([]byte, 0, 64<<10)}
	for t, params := range eventSpecs {
		for name, src := range params {
			c.specs[t] = append(c.specs[t], paramSource{idx: format.MustParam(t, name), get: src})
		}
	}
	return c
}

// convert fills ev from rec. It reports false for records that are not
// recordable events (an unknown syscall number).
func (c *converter) convert(rec *probe.Record, ev *format.Event) bool {
	h := rec.Header()
	c.rec, c.h, c.ev = rec, h, ev
	c.pi, _ = rec.Proc()
	c.scratch = c.scratch[:0]

	var t format.EventType
	switch h.Kind {
	case probe.KindExit:
		t = format.EvProcexit
	case probe.KindExec:
		t = format.EvExecve
		if s := c.arch.ByNR(int(h.Nr)); s != nil && s.Event == format.EvExecveat {
			t = format.EvExecveat
		}
	case probe.KindForkChild:
		t = format.EvClone
		if s := c.arch.ByNR(int(h.Nr)); s != nil {
			switch s.Event {
			case format.EvClone3, format.EvFork, format.EvVfork:
				t = s.Event
			}
		}
	case probe.KindSyscall:
		s := c.arch.ByNR(int(h.Nr))
		if s == nil {
			return false
		}
		t = s.Event
	default:
		return false
	}
	ev.Reset(t, format.DirExit)
	ev.Num = 0
	ev.Time = int64(h.Ts) + c.bootOffset
	ev.CPU = h.Cpu
	ev.TID = int64(h.Tid)
	ev.PID = int64(h.Pid)
	for _, p := range c.specs[t] {
		if v, ok := p.get(c); ok {
			ev.Set(p.idx, v)
		}
	}
	return true
}

// paramSource fills one parameter of an event type.
type paramSource struct {
	idx int
	get source
}

// source returns a parameter's value from the record being converted, or
// false when the record does not have it.
type source func(c *converter) (format.Value, bool)

func intv(v int64) (format.Value, bool) { return format.Value{Int: v}, true }

// Sources.

func ret(c *converter) (format.Value, bool) { return intv(c.h.Ret) }

func arg(i int) source {
	return func(c *converter) (format.Value, bool) { return intv(int64(c.h.Args[i])) }
}

// argFD is an int argument (fd, dirfd, pid, signal): the low 32 bits, signed.
func argFD(i int) source {
	return func(c *converter) (format.Value, bool) { return intv(int64(int32(c.h.Args[i]))) }
}

func argU32(i int) source {
	return func(c *converter) (format.Value, bool) { return intv(int64(uint32(c.h.Args[i]))) }
}

func argConv(i int, f func(uint64) uint64) source {
	return func(c *converter) (format.Value, bool) { return intv(int64(f(c.h.Args[i]))) }
}

func argFileFlags(i int) source {
	return func(c *converter) (format.Value, bool) { return intv(int64(c.flags.fileFlags(c.h.Args[i]))) }
}

func constant(v int64) source {
	return func(c *converter) (format.Value, bool) { return intv(v) }
}

func blob(t probe.Tag) source {
	return func(c *converter) (format.Value, bool) {
		b, ok := c.rec.Blob(t)
		return format.Value{Bytes: b}, ok
	}
}

// retOrArg is the syscall's byte count: the return value when positive.
func retSize(c *converter) (format.Value, bool) {
	if c.h.Ret < 0 {
		return intv(0)
	}
	return intv(c.h.Ret)
}

func procField(f func(p *probe.ProcInfo) int64) source {
	return func(c *converter) (format.Value, bool) {
		if c.pi == nil {
			return format.Value{}, false
		}
		return intv(f(c.pi))
	}
}

func (c *converter) bootTime(ns uint64) int64 {
	if ns == 0 {
		return 0
	}
	return int64(ns) + c.bootOffset
}

// Exec and clone context.

// exe is argv[0], args the rest, each NUL-terminated.
func exe(c *converter) (format.Value, bool) {
	b, ok := c.rec.Blob(probe.TagArgs)
	if !ok {
		return format.Value{}, false
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return format.Value{Bytes: b}, true
}

func args(c *converter) (format.Value, bool) {
	b, ok := c.rec.Blob(probe.TagArgs)
	if !ok {
		return format.Value{}, false
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return format.Value{Bytes: b[i+1:]}, true
	}
	return format.Value{Bytes: b[len(b):]}, true
}

func comm(c *converter) (format.Value, bool) {
	if c.pi == nil {
		return format.Value{}, false
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(&c.pi.Comm[0])), len(c.pi.Comm))
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return format.Value{Bytes: b}, true
}

func pidnsStart(c *converter) (format.Value, bool) {
	if c.pi == nil {
		return format.Value{}, false
	}
	return intv(c.bootTime(c.pi.PidnsInitStart))
}

// cloneFlags are the child's clone flags in PPM: from the argument of
// clone, clone_args of clone3, implied for fork and vfork.
func cloneFlagsOf(c *converter) (format.Value, bool) {
	var raw uint64
	switch c.ev.Type {
	case format.EvClone:
		raw = c.h.Args[0]
	case format.EvClone3:
		if b, ok := c.rec.Blob(probe.TagUStruct); ok && len(b) >= 8 {
			raw = binary.LittleEndian.Uint64(b)
		}
	case format.EvVfork:
		raw = kernelCloneVM | kernelCloneVfork
	}
	v := cloneFlags.convert(raw)
	if c.pi != nil && c.pi.Vtid != c.h.Tid {
		v |= ppmCloneChildInNS
	}
	return intv(int64(v))
}

var (
	procTID = func(c *converter) (format.Value, bool) { return intv(int64(c.h.Tid)) }
	procPID = func(c *converter) (format.Value, bool) { return intv(int64(c.h.Pid)) }
)

// cloneParams are the parameters of clone, clone3, fork and vfork.
func cloneParams() map[string]source {
	return map[string]source{
		"res":                 ret,
		"exe":                 exe,
		"args":                args,
		"tid":                 procTID,
		"pid":                 procPID,
		"ptid":                procField(func(p *probe.ProcInfo) int64 { return int64(p.Ppid) }),
		"cwd":                 blob(probe.TagCwd),
		"fdlimit":             procField(func(p *probe.ProcInfo) int64 { return int64(p.Fdlimit) }),
		"pgft_maj":            procField(func(p *probe.ProcInfo) int64 { return int64(p.PgftMaj) }),
		"pgft_min":            procField(func(p *probe.ProcInfo) int64 { return int64(p.PgftMin) }),
		"vm_size":             procField(func(p *probe.ProcInfo) int64 { return int64(p.VmSize) }),
		"vm_rss":              procField(func(p *probe.ProcInfo) int64 { return int64(p.VmRss) }),
		"vm_swap":             procField(func(p *probe.ProcInfo) int64 { return int64(p.VmSwap) }),
		"comm":                comm,
		"cgroups":             blob(probe.TagCgroup),
		"flags":               cloneFlagsOf,
		"uid":                 procField(func(p *probe.ProcInfo) int64 { return int64(p.Euid) }),
		"gid":                 procField(func(p *probe.ProcInfo) int64 { return int64(p.Egid) }),
		"vtid":                procField(func(p *probe.ProcInfo) int64 { return int64(p.Vtid) }),
		"vpid":                procField(func(p *probe.ProcInfo) int64 { return int64(p.Vpid) }),
		"pidns_init_start_ts": pidnsStart,
	}
}

// execParams are the parameters of execve and execveat.
func execParams() map[string]source {
	p := cloneParams()
	delete(p, "flags")
	for k, v := range map[string]source{
		"env":             blob(probe.TagEnv),
		"tty":             procField(func(p *probe.ProcInfo) int64 { return int64(p.Tty) }),
		"vpgid":           procField(func(p *probe.ProcInfo) int64 { return int64(p.Vpgid) }),
		"loginuid":        procField(func(p *probe.ProcInfo) int64 { return int64(p.Loginuid) }),
		"flags":           procField(func(p *probe.ProcInfo) int64 { return int64(p.ExeFlags) }),
		"cap_inheritable": procField(func(p *probe.ProcInfo) int64 { return int64(p.CapInheritable) }),
		"cap_permitted":   procField(func(p *probe.ProcInfo) int64 { return int64(p.CapPermitted) }),
		"cap_effective":   procField(func(p *probe.ProcInfo) int64 { return int64(p.CapEffective) }),
		"exe_ino":         procField(func(p *probe.ProcInfo) int64 { return int64(p.ExeIno) }),
		"exe_ino_ctime":   procField(func(p *probe.ProcInfo) int64 { return int64(p.ExeCtime) }),
		"exe_ino_mtime":   procField(func(p *probe.ProcInfo) int64 { return int64(p.ExeMtime) }),
		"trusted_exepath": blob(probe.TagExePath),
		"pgid":            procField(func(p *probe.ProcInfo) int64 { return int64(p.Pgid) }),
		"filename":        blob(probe.TagFilename),
		"sid":             procField(func(p *probe.ProcInfo) int64 { return int64(p.Sid) }),
		"ruid":            procField(func(p *probe.ProcInfo) int64 { return int64(p.Uid) }),
		"rgid":            procField(func(p *probe.ProcInfo) int64 { return int64(p.Gid) }),
		"pidns":           procField(func(p *probe.ProcInfo) int64 { return int64(p.Pidns) }),
		"mntns":           procField(func(p *probe.ProcInfo) int64 { return int64(p.Mntns) }),
		"netns":           procField(func(p *probe.ProcInfo) int64 { return int64(p.Netns) }),
	} {
		p[k] = v
	}
	return p
}

// procexit: exit_code as wait(2) encodes it.
func exitStatus(c *converter) (format.Value, bool) { return intv(c.h.Ret) }
func exitRet(c *converter) (format.Value, bool) {
	if c.h.Ret&0x7f != 0 {
		return intv(0)
	}
	return intv(c.h.Ret >> 8 & 0xff)
}
func exitSig(c *converter) (format.Value, bool)  { return intv(c.h.Ret & 0x7f) }
func exitCore(c *converter) (format.Value, bool) { return intv(c.h.Ret >> 7 & 1) }

// Files.

func (c *converter) openFlags(raw uint64) int64 {
	v := c.flags.openFlags(raw)
	if fi, ok := c.rec.File(); ok {
		if fi.Flags&probe.FileCreated != 0 {
			v |= ppmOFCreated
		}
		if fi.Flags&probe.FileUpperLayer != 0 {
			v |= ppmFDUpperLayer
		}
		if fi.Flags&probe.FileLowerLayer != 0 {
			v |= ppmFDLowerLayer
		}
	}
	return int64(v)
}

func openFlagsArg(i int) source {
	return func(c *converter) (format.Value, bool) { return intv(c.openFlags(c.h.Args[i])) }
}

func fileDev(c *converter) (format.Value, bool) {
	fi, ok := c.rec.File()
	if !ok {
		return format.Value{}, false
	}
	return intv(int64(fi.Dev))
}

func fileIno(c *converter) (format.Value, bool) {
	fi, ok := c.rec.File()
	if !ok {
		return format.Value{}, false
	}
	return intv(int64(fi.Ino))
}

func creatFlags(c *converter) (format.Value, bool) {
	fi, ok := c.rec.File()
	if !ok {
		return format.Value{}, false
	}
	var v int64
	if fi.Flags&probe.FileUpperLayer != 0 {
		v |= 1
	}
	if fi.Flags&probe.FileLowerLayer != 0 {
		v |= 2
	}
	return intv(v)
}

// openHow reads openat2's struct open_how: flags, mode, resolve.
func openHow(field int) source {
	return func(c *converter) (format.Value, bool) {
		b, ok := c.rec.Blob(probe.TagUStruct)
		if !ok || len(b) < 24 {
			return format.Value{}, false
		}
		v := binary.LittleEndian.Uint64(b[field*8:])
		switch field {
		case 0:
			return intv(c.openFlags(v))
		case 2:
			return intv(int64(resolveFlags.convert(v)))
		}
		return intv(int64(v))
	}
}

func ustructU32(off int) source {
	return func(c *converter) (format.Value, bool) {
		b, ok := c.rec.Blob(probe.TagUStruct)
		if !ok || len(b) < off+4 {
			return format.Value{}, false
		}
		return intv(int64(binary.LittleEndian.Uint32(b[off:])))
	}
}

func ustructU64(c *converter) (format.Value, bool) {
	b, ok := c.rec.Blob(probe.TagUStruct)
	if !ok || len(b) < 8 {
		return intv(0)
	}
	return intv(int64(binary.LittleEndian.Uint64(b)))
}

func fdPairFD(i int) source {
	return func(c *converter) (format.Value, bool) {
		fp, ok := c.rec.FDPair()
		if !ok {
			return format.Value{}, false
		}
		return intv(int64(fp.Fd[i]))
	}
}

func pipeIno(c *converter) (format.Value, bool) {
	fp, ok := c.rec.FDPair()
	if !ok {
		return format.Value{}, false
	}
	return intv(int64(fp.Ino))
}

func fdPairSock(i int) source {
	return func(c *converter) (format.Value, bool) {
		fp, ok := c.rec.FDPair()
		if !ok {
			return format.Value{}, false
		}
		return intv(int64(fp.Sk[i]))
	}
}

// prctl's arg2_str is PR_SET_NAME's name.
func prctlName(c *converter) (format.Value, bool) { return blob(probe.TagStr1)(c) }

// Sockets.

// Kernel address families (equal to PPM's).
const (
	afUnix  = 1
	afInet  = 2
	afInet6 = 10
)

// sockaddr parses the raw struct sockaddr the process passed.
func (c *converter) sockaddr() (fam uint16, addr netip.Addr, port uint16, path []byte, ok bool) {
	b, found := c.rec.Blob(probe.TagSockaddr)
	if !found || len(b) < 2 {
		return 0, netip.Addr{}, 0, nil, false
	}
	fam = binary.LittleEndian.Uint16(b)
	switch fam {
	case afInet:
		if len(b) < 8 {
			return 0, netip.Addr{}, 0, nil, false
		}
		return fam, netip.AddrFrom4([4]byte(b[4:8])), binary.BigEndian.Uint16(b[2:]), nil, true
	case afInet6:
		if len(b) < 24 {
			return 0, netip.Addr{}, 0, nil, false
		}
		return fam, netip.AddrFrom16([16]byte(b[8:24])), binary.BigEndian.Uint16(b[2:]), nil, true
	case afUnix:
		return fam, netip.Addr{}, 0, unixPath(b[2:]), true
	}
	return fam, netip.Addr{}, 0, nil, true
}

// unixPath is a sun_path without the abstract name's leading NUL and
// without trailing NULs.
func unixPath(b []byte) []byte {
	if len(b) > 0 && b[0] == 0 {
		b = b[1:]
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return b
}

func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func sockAddrParam(c *converter) (format.Value, bool) {
	fam, addr, port, path, ok := c.sockaddr()
	if !ok {
		return format.Value{}, false
	}
	start := len(c.scratch)
	switch fam {
	case afInet:
		c.scratch = format.AppendSockAddr(c.scratch, format.SockAddr{Family: format.AFInet, Addr: addr, Port: port})
	case afInet6:
		c.scratch = format.AppendSockAddr(c.scratch, format.SockAddr{Family: format.AFInet6, Addr: addr, Port: port})
	case afUnix:
		c.scratch = format.AppendSockAddr(c.scratch, format.SockAddr{Family: format.AFUnix, Path: bstr(path)})
	default:
		c.scratch = append(c.scratch, uint8(fam))
	}
	return format.Value{Bytes: c.scratch[start:]}, true
}

func sockAddrs(si *probe.SockInfo) (local, remote netip.Addr) {
	if si.Family == afInet {
		return netip.AddrFrom4([4]byte(si.Laddr[:4])), netip.AddrFrom4([4]byte(si.Raddr[:4]))
	}
	return netip.AddrFrom16(si.Laddr), netip.AddrFrom16(si.Raddr)
}

// tuple builds the socket tuple of the syscall's socket: source is the
// local end for outbound syscalls (connect, send), the remote end for
// inbound ones (accept, recv). An unconnected socket takes its remote end
// from the address the process passed or received.
func tuple(outbound bool) source {
	return func(c *converter) (format.Value, bool) {
		si, ok := c.rec.Sock(probe.TagSock)
		if !ok {
			return format.Value{}, false
		}
		start := len(c.scratch)
		switch si.Family {
		case afInet, afInet6:
			local, remote := sockAddrs(si)
			lport, rport := si.Lport, si.Rport
			if rport == 0 {
				if fam, a, p, _, ok := c.sockaddr(); ok && (fam == afInet || fam == afInet6) {
					remote, rport = a, p
				}
			}
			st := format.SockTuple{Family: format.AFInet6}
			if si.Family == afInet || (unmapped(local).Is4() && unmapped(remote).Is4()) {
				st.Family = format.AFInet
				local, remote = unmapped(local), unmapped(remote)
				if !local.Is4() {
					local = netip.IPv4Unspecified()
				}
				if !remote.Is4() {
					remote = netip.IPv4Unspecified()
				}
			} else {
				local, remote = as16(local), as16(remote)
			}
			if outbound {
				st.SrcAddr, st.SrcPort, st.DstAddr, st.DstPort = local, lport, remote, rport
			} else {
				st.SrcAddr, st.SrcPort, st.DstAddr, st.DstPort = remote, rport, local, lport
			}
			c.scratch = format.AppendSockTuple(c.scratch, st)
		case afUnix:
			st := format.SockTuple{Family: format.AFUnix}
			lpath := unixPath(byteSlice(si.Lpath[:si.LpathLen&127]))
			rpath := unixPath(byteSlice(si.Rpath[:si.RpathLen&127]))
			if outbound {
				st.SrcPtr, st.DstPtr = si.Peer, si.Sk
				if si.Peer == 0 {
					if _, _, _, p, ok := c.sockaddr(); ok {
						rpath = p
					}
				}
				st.Path = bstr(rpath)
			} else {
				st.SrcPtr, st.DstPtr = si.Sk, si.Peer
				st.Path = bstr(lpath)
			}
			c.scratch = format.AppendSockTuple(c.scratch, st)
		default:
			return format.Value{}, false
		}
		return format.Value{Bytes: c.scratch[start:]}, true
	}
}

func unmapped(a netip.Addr) netip.Addr {
	if a.Is4In6() {
		return a.Unmap()
	}
	if a.Is6() && a.IsUnspecified() {
		return netip.IPv4Unspecified()
	}
	return a
}

func as16(a netip.Addr) netip.Addr {
	if a.Is4() {
		return netip.AddrFrom16(a.As16())
	}
	if !a.IsValid() {
		return netip.IPv6Unspecified()
	}
	return a
}

func byteSlice(b []int8) []byte {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&b[0])), len(b))
}

// acceptQueue reads the listening socket's backlog: queuepct, queuelen,
// queuemax.
func acceptQueue(which int) source {
	return func(c *converter) (format.Value, bool) {
		si, ok := c.rec.Sock(probe.TagSockListen)
		if !ok {
			return format.Value{}, false
		}
		switch which {
		case 0:
			if si.MaxAckBacklog == 0 {
				return intv(0)
			}
			return intv(int64(si.AckBacklog) * 100 / int64(si.MaxAckBacklog))
		case 1:
			return intv(int64(si.AckBacklog))
		}
		return intv(int64(si.MaxAckBacklog))
	}
}

// socket(2)'s type argument carries SOCK_NONBLOCK and SOCK_CLOEXEC.
func socketType(c *converter) (format.Value, bool) { return intv(int64(c.h.Args[1] & 0xf)) }
func socketFlags(c *converter) (format.Value, bool) {
	return intv(int64(c.flags.fileFlags(c.h.Args[1])))
}

// mmap's memory figures come from the process context.
func vmField(f func(p *probe.ProcInfo) int64) source { return procField(f) }

// eventSpecs says, for each event type the probe records, where each
// parameter comes from. Parameters not listed are left absent.
var eventSpecs = map[format.EventType]map[string]source{
	format.EvExecve:   execParams(),
	format.EvExecveat: execParams(),
	format.EvClone:    cloneParams(),
	format.EvClone3:   cloneParams(),
	format.EvFork:     cloneParams(),
	format.EvVfork:    cloneParams(),
	format.EvProcexit: {"status": exitStatus, "ret": exitRet, "sig": exitSig, "core": exitCore},

	format.EvKill:            {"res": ret, "pid": argFD(0), "sig": arg(1)},
	format.EvTkill:           {"res": ret, "tid": argFD(0), "sig": arg(1)},
	format.EvTgkill:          {"res": ret, "pid": argFD(0), "tid": argFD(1), "sig": arg(2)},
	format.EvPtrace:          {"res": ret, "request": argConv(0, ptraceRequest), "pid": argFD(1)},
	format.EvPrctl:           {"res": ret, "option": arg(0), "arg2_str": prctlName, "arg2_int": arg(1)},
	format.EvSeccomp:         {"res": ret, "op": arg(0), "flags": arg(1)},
	format.EvSetns:           {"res": ret, "fd": argFD(0), "nstype": argConv(1, cloneFlags.convert)},
	format.EvUnshare:         {"res": ret, "flags": argConv(0, cloneFlags.convert)},
	format.EvProcessVmReadv:  {"res": ret, "pid": argFD(0)},
	format.EvProcessVmWritev: {"res": ret, "pid": argFD(0)},

	format.EvSetuid:    {"res": ret, "uid": argU32(0)},
	format.EvSetgid:    {"res": ret, "gid": argU32(0)},
	format.EvSetreuid:  {"res": ret, "ruid": argU32(0), "euid": argU32(1)},
	format.EvSetregid:  {"res": ret, "rgid": argU32(0), "egid": argU32(1)},
	format.EvSetresuid: {"res": ret, "ruid": argU32(0), "euid": argU32(1), "suid": argU32(2)},
	format.EvSetresgid: {"res": ret, "rgid": argU32(0), "egid": argU32(1), "sgid": argU32(2)},
	format.EvSetfsuid:  {"res": ret, "uid": argU32(0)},
	format.EvSetfsgid:  {"res": ret, "gid": argU32(0)},
	format.EvCapset: {"res": ret,
		"cap_inheritable": procField(func(p *probe.ProcInfo) int64 { return int64(p.CapInheritable) }),
		"cap_permitted":   procField(func(p *probe.ProcInfo) int64 { return int64(p.CapPermitted) }),
		"cap_effective":   procField(func(p *probe.ProcInfo) int64 { return int64(p.CapEffective) }),
	},

	format.EvOpen: {"fd": ret, "name": blob(probe.TagStr0), "flags": openFlagsArg(1), "mode": argU32(2),
		"dev": fileDev, "ino": fileIno},
	format.EvOpenat: {"fd": ret, "dirfd": argFD(0), "name": blob(probe.TagStr1), "flags": openFlagsArg(2),
		"mode": argU32(3), "dev": fileDev, "ino": fileIno},
	format.EvOpenat2: {"fd": ret, "dirfd": argFD(0), "name": blob(probe.TagStr1), "flags": openHow(0),
		"mode": openHow(1), "resolve": openHow(2), "dev": fileDev, "ino": fileIno},
	format.EvCreat: {"fd": ret, "name": blob(probe.TagStr0), "mode": argU32(1), "dev": fileDev, "ino": fileIno,
		"creat_flags": creatFlags},
	format.EvClose: {"res": ret, "fd": argFD(0)},
	format.EvDup:   {"res": ret, "oldfd": argFD(0)},
	format.EvDup2:  {"res": ret, "oldfd": argFD(0), "newfd": argFD(1)},
	format.EvDup3:  {"res": ret, "oldfd": argFD(0), "newfd": argFD(1), "flags": argFileFlags(2)},
	format.EvFcntl: {"res": ret, "fd": argFD(0), "cmd": argConv(1, fcntlCmd), "arg": arg(2)},
	format.EvRead:  {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": argU32(2)},
	format.EvWrite: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": argU32(2)},
	format.EvPread: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": argU32(2), "pos": arg(3)},
	format.EvPwrite: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": argU32(2),
		"pos": arg(3)},
	format.EvReadv:  {"res": ret, "size": retSize, "data": blob(probe.TagData), "fd": argFD(0)},
	format.EvWritev: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": retSize},

	format.EvUnlink:   {"res": ret, "path": blob(probe.TagStr0)},
	format.EvUnlinkat: {"res": ret, "dirfd": argFD(0), "name": blob(probe.TagStr1), "flags": argU32(2)},
	format.EvRename:   {"res": ret, "oldpath": blob(probe.TagStr0), "newpath": blob(probe.TagStr1)},
	format.EvRenameat: {"res": ret, "olddirfd": argFD(0), "oldpath": blob(probe.TagStr1),
		"newdirfd": argFD(2), "newpath": blob(probe.TagStr3)},
	format.EvRenameat2: {"res": ret, "olddirfd": argFD(0), "oldpath": blob(probe.TagStr1),
		"newdirfd": argFD(2), "newpath": blob(probe.TagStr3), "flags": argU32(4)},
	format.EvMkdir:   {"res": ret, "path": blob(probe.TagStr0), "mode": argU32(1)},
	format.EvMkdirat: {"res": ret, "dirfd": argFD(0), "path": blob(probe.TagStr1), "mode": argU32(2)},
	format.EvRmdir:   {"res": ret, "path": blob(probe.TagStr0)},
	format.EvLink:    {"res": ret, "oldpath": blob(probe.TagStr0), "newpath": blob(probe.TagStr1)},
	format.EvLinkat: {"res": ret, "olddir": argFD(0), "oldpath": blob(probe.TagStr1), "newdir": argFD(2),
		"newpath": blob(probe.TagStr3), "flags": argU32(4)},
	format.EvSymlink: {"res": ret, "target": blob(probe.TagStr0), "linkpath": blob(probe.TagStr1)},
	format.EvSymlinkat: {"res": ret, "target": blob(probe.TagStr0), "linkdirfd": argFD(1),
		"linkpath": blob(probe.TagStr2)},
	format.EvChmod:    {"res": ret, "filename": blob(probe.TagStr0), "mode": argU32(1)},
	format.EvFchmod:   {"res": ret, "fd": argFD(0), "mode": argU32(1)},
	format.EvFchmodat: {"res": ret, "dirfd": argFD(0), "filename": blob(probe.TagStr1), "mode": argU32(2)},
	format.EvChown:    {"res": ret, "path": blob(probe.TagStr0), "uid": argU32(1), "gid": argU32(2)},
	format.EvLchown:   {"res": ret, "path": blob(probe.TagStr0), "uid": argU32(1), "gid": argU32(2)},
	format.EvFchown:   {"res": ret, "fd": argFD(0), "uid": argU32(1), "gid": argU32(2)},
	format.EvFchownat: {"res": ret, "dirfd": argFD(0), "pathname": blob(probe.TagStr1), "uid": argU32(2),
		"gid": argU32(3), "flags": argU32(4)},
	format.EvTruncate:  {"res": ret, "path": blob(probe.TagStr0), "length": arg(1)},
	format.EvFtruncate: {"res": ret, "fd": argFD(0), "length": arg(1)},
	format.EvChdir:     {"res": ret, "path": blob(probe.TagStr0)},
	format.EvFchdir:    {"res": ret, "fd": argFD(0)},
	format.EvChroot:    {"res": ret, "path": blob(probe.TagStr0)},
	format.EvMount: {"res": ret, "dev": blob(probe.TagStr0), "dir": blob(probe.TagStr1),
		"type": blob(probe.TagStr2), "flags": argConv(3, mountFlags)},
	format.EvUmount2: {"res": ret, "name": blob(probe.TagStr0), "flags": argU32(1)},
	format.EvSplice:  {"res": ret, "fd_in": argFD(0), "fd_out": argFD(2), "size": arg(4), "flags": argU32(5)},
	format.EvSendfile: {"res": ret, "offset": ustructU64, "out_fd": argFD(0), "in_fd": argFD(1),
		"size": arg(3)},

	format.EvPipe:          {"res": ret, "fd1": fdPairFD(0), "fd2": fdPairFD(1), "ino": pipeIno},
	format.EvPipe2:         {"res": ret, "fd1": fdPairFD(0), "fd2": fdPairFD(1), "ino": pipeIno, "flags": argFileFlags(1)},
	format.EvEventfd:       {"res": ret, "initval": argU32(0), "flags": constant(0)},
	format.EvEventfd2:      {"res": ret, "flags": argFileFlags(1), "initval": argU32(0)},
	format.EvMemfdCreate:   {"fd": ret, "name": blob(probe.TagStr0), "flags": argU32(1)},
	format.EvSignalfd:      {"res": ret, "fd": argFD(0), "mask": constant(0), "flags": constant(0)},
	format.EvSignalfd4:     {"res": ret, "flags": argFileFlags(3), "fd": argFD(0), "mask": constant(0)},
	format.EvTimerfdCreate: {"res": ret, "clockid": argU32(0), "flags": constant(0)},
	format.EvInotifyInit:   {"res": ret, "flags": constant(0)},
	format.EvInotifyInit1:  {"res": ret, "flags": argFileFlags(0)},
	format.EvUserfaultfd:   {"res": ret, "flags": argFileFlags(0)},
	format.EvIoUringSetup: {"res": ret, "entries": argU32(0), "sq_entries": ustructU32(0),
		"cq_entries": ustructU32(4), "flags": ustructU32(8), "sq_thread_cpu": ustructU32(12),
		"sq_thread_idle": ustructU32(16), "features": ustructU32(20)},
	format.EvBpf: {"fd": ret, "cmd": arg(0)},

	format.EvSocket: {"fd": ret, "domain": argU32(0), "type": socketType, "proto": argU32(2),
		"flags": socketFlags},
	format.EvSocketpair: {"res": ret, "fd1": fdPairFD(0), "fd2": fdPairFD(1), "source": fdPairSock(0),
		"peer": fdPairSock(1), "domain": argU32(0), "type": argU32(1), "proto": argU32(2)},
	format.EvConnect: {"res": ret, "tuple": tuple(true), "fd": argFD(0), "addr": sockAddrParam},
	format.EvAccept: {"fd": ret, "tuple": tuple(false), "queuepct": acceptQueue(0),
		"queuelen": acceptQueue(1), "queuemax": acceptQueue(2)},
	format.EvAccept4: {"fd": ret, "tuple": tuple(false), "queuepct": acceptQueue(0),
		"queuelen": acceptQueue(1), "queuemax": acceptQueue(2), "flags": argU32(3)},
	format.EvBind:   {"res": ret, "addr": sockAddrParam, "fd": argFD(0)},
	format.EvListen: {"res": ret, "fd": argFD(0), "backlog": argFD(1)},
	format.EvSendto: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": argU32(2),
		"tuple": tuple(true)},
	format.EvRecvfrom: {"res": ret, "data": blob(probe.TagData), "tuple": tuple(false), "fd": argFD(0),
		"size": argU32(2)},
	format.EvSendmsg: {"res": ret, "data": blob(probe.TagData), "fd": argFD(0), "size": retSize,
		"tuple": tuple(true)},
	format.EvRecvmsg: {"res": ret, "size": retSize, "data": blob(probe.TagData), "tuple": tuple(false),
		"fd": argFD(0)},
	format.EvShutdown: {"res": ret, "fd": argFD(0), "how": argConv(1, shutdownHow)},

	format.EvMmap: {"res": ret,
		"vm_size": vmField(func(p *probe.ProcInfo) int64 { return int64(p.VmSize) }),
		"vm_rss":  vmField(func(p *probe.ProcInfo) int64 { return int64(p.VmRss) }),
		"vm_swap": vmField(func(p *probe.ProcInfo) int64 { return int64(p.VmSwap) }),
		"addr":    arg(0), "length": arg(1), "prot": argU32(2), "flags": argConv(3, mmapFlags.convert),
		"fd": argFD(4), "offset": arg(5)},
	format.EvMprotect: {"res": ret, "addr": arg(0), "length": arg(1), "prot": argU32(2)},

	format.EvInitModule:   {"res": ret, "img": blob(probe.TagData), "length": arg(1), "uargs": blob(probe.TagStr2)},
	format.EvFinitModule:  {"res": ret, "fd": argFD(0), "uargs": blob(probe.TagStr1), "flags": argU32(2)},
	format.EvDeleteModule: {"res": ret, "name": blob(probe.TagStr0), "flags": argConv(1, deleteModuleFlags.convert)},
}
