package replay

import (
	"encoding/json"
	"net/netip"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
)

// cloneStale is how recent a thread created by its parent's clone exit must
// be for the child's own clone exit to keep it (libsinsp's
// CLONE_STALE_TIME_NS).
const cloneStale = int64(2e9)

// parseClone handles clone, fork, vfork and clone3 exits, on the caller's
// side (the return value is the child's tid) and on the child's (0), as
// libsinsp's parse_clone_exit_caller and _child.
func (h *hostState) parseClone(c *evalContext, e *format.Event, caller *thread) {
	idx := cloneIdx[e.Type]
	res, ok := c.res()
	c.th = caller
	if caller != nil {
		caller.lastEnter, caller.lastFD = 0, -1
	}
	if !ok || res < 0 {
		return
	}
	fl, _ := pInt(e, idx.flags)
	flags := uint32(fl)
	if res == 0 {
		if caller != nil && caller.cloneTS != 0 && e.Time-caller.cloneTS < cloneStale {
			return // the parent's clone exit created it already
		}
		pid, _ := pInt(e, idx.pid)
		ptid, _ := pInt(e, idx.ptid)
		if pid <= 0 {
			pid = e.TID
		}
		if flags&cloneThread != 0 && pid != e.TID && h.threads[pid] == nil {
			// A thread of a process the capture missed: its main thread
			// is made from what the event says (same parent, same vpid),
			// as libsinsp's child parser does.
			m := h.placeholder(pid, pid, ptid)
			m.invalid = false
			m.vpid = pid
			if v, ok := pInt(e, idx.vpid); ok {
				m.vpid = v
			}
			m.vtid = m.vpid
		}
		child := h.newChild(e, idx, e.TID, pid, ptid, flags|cloneInverted, nil, true)
		c.th = child
		return
	}

	if caller == nil {
		caller = h.unknownThread(e)
	}
	if caller.invalid {
		// A caller the state did not know: what the event says of it is
		// all there is (libsinsp's "invalid caller").
		caller.invalid = false
		if pid, ok := pInt(e, idx.pid); ok && pid > 0 && pid != caller.pid {
			h.removeThread(caller)
			caller.pid = pid
			caller.dead = false
			h.addThread(caller, nil)
		}
		if ptid, ok := pInt(e, idx.ptid); ok {
			if p := h.parent(caller); p != nil {
				p.removeChild(caller)
			}
			caller.ptid = ptid
			if p := h.parent(caller); p != nil {
				p.children = append(p.children, caller)
			}
		}
		caller.vtid, caller.vpid = caller.tid, -1
		if v, ok := pInt(e, idx.vtid); ok {
			caller.vtid = v
		}
		if v, ok := pInt(e, idx.vpid); ok {
			caller.vpid = v
		}
		if exe, ok := pStr(e, idx.exe); ok {
			caller.exe = h.names.bytes(exe)
			caller.comm = caller.exe
		}
		if comm, ok := pStr(e, idx.comm); ok && len(comm) > 0 {
			caller.comm = h.names.bytes(comm)
		}
		if args, ok := pBytes(e, idx.args); ok {
			h.setArgs(caller, args)
		}
		c.th = caller
	}
	if flags&(cloneChildInPidNS|cloneNewPID|cloneParent) != 0 || caller.tid != caller.vtid {
		return // in a pid namespace: the child's exit event knows its ids
	}
	if flags&cloneVfork != 0 || e.Type == format.EvVfork {
		return // the child may exit before the parent returns: let the child add itself
	}
	if h.recentlyExited(res, caller.tid, e.Time) {
		return // the child's own clone exit and its exit came first
	}
	if old := h.threads[res]; old != nil {
		if old.flags&cloneInverted != 0 {
			return
		}
		h.removeThread(old)
	}
	var pid, ptid int64
	if flags&cloneThread == 0 {
		pid, ptid = res, caller.tid
	} else {
		pid, ptid = caller.pid, caller.ptid
	}
	h.newChild(e, idx, res, pid, ptid, flags, caller, false)
}

// newChild adds the thread tid created by a clone-family event. from is
// the thread to inherit from (the caller, on the caller's side); when nil
// it is the parent process for a new process and the main thread for a
// new thread. childSide says the event is the child's own, whose
// namespace ids are the child's.
func (h *hostState) newChild(e *format.Event, idx *cloneParams, tid, pid, ptid int64, flags uint32, from *thread, childSide bool) *thread {
	leader := flags&cloneThread == 0
	if from == nil {
		lookup := pid
		if leader {
			lookup = ptid
		}
		from = h.threads[lookup]
	}
	if old := h.threads[tid]; old != nil {
		h.removeThread(old)
	}
	t := new(thread)
	t.tid, t.pid, t.ptid = tid, pid, ptid
	t.flags = flags
	t.lastFD = -1
	t.vtid, t.vpid = tid, pid
	if childSide {
		if v, ok := pInt(e, idx.vtid); ok {
			t.vtid = v
		}
		if v, ok := pInt(e, idx.vpid); ok {
			t.vpid = v
		}
	}
	if exe, ok := pStr(e, idx.exe); ok {
		t.exe = h.names.bytes(exe)
	}
	t.comm = t.exe
	if comm, ok := pStr(e, idx.comm); ok && len(comm) > 0 {
		t.comm = h.names.bytes(comm)
	}
	args, _ := pBytes(e, idx.args)
	h.setArgs(t, args)
	t.fdLimit, _ = pInt(e, idx.fdlimit)
	if swap, ok := pInt(e, idx.vmSwap); ok {
		maj, _ := pInt(e, idx.pgftMaj)
		mn, _ := pInt(e, idx.pgftMin)
		sz, _ := pInt(e, idx.vmSize)
		rss, _ := pInt(e, idx.vmRSS)
		t.pfMajor, t.pfMinor = uint64(maj), uint64(mn)
		t.vmSize, t.vmRSS, t.vmSwap = uint32(sz), uint32(rss), uint32(swap)
		t.vmKnown = true
	}
	uid, _ := pInt(e, idx.uid)
	gid, _ := pInt(e, idx.gid)
	t.uid, t.gid = uint32(uid), uint32(gid)
	t.cloneTS = e.Time
	t.sid, t.pgid, t.vpgid = -1, -1, -1
	t.loginUID = format.NoID

	var g *group
	if from != nil {
		t.exePath = from.exePath
		t.exeFlags = from.exeFlags
		t.root = from.root
		t.sid, t.vpgid, t.pgid = from.sid, from.vpgid, from.pgid
		t.tty = from.tty
		t.loginUID = from.loginUID
		t.capPerm, t.capInh, t.capEff = from.capPerm, from.capInh, from.capEff
		t.exeIno, t.exeInoCtime, t.exeInoMtime = from.exeIno, from.exeInoCtime, from.exeInoMtime
		t.ctimeClone, t.ctimePidns = from.ctimeClone, from.ctimePidns
		t.containerID = from.containerID
		t.cgroups = from.cgroups
		t.pidnsStart = from.pidnsStart
		if leader {
			g = h.newGroupFrom(pid, from.grp)
		} else {
			g = from.grp
		}
	} else {
		g = h.groupFor(pid)
		if leader && len(g.members) == 0 {
			if cwd, ok := pStr(e, idx.cwd); ok && len(cwd) > 0 {
				g.cwd = withSlash(string(cwd))
			}
		}
	}
	if cg, ok := pBytes(e, idx.cgroups); ok && len(cg) > 0 {
		h.setCgroups(t, cg)
	}
	if flags&(cloneChildInPidNS|cloneNewPID) != 0 || t.tid != t.vtid {
		if v, ok := pInt(e, idx.pidnsStart); ok && v > 0 {
			t.pidnsStart = v
		}
	}
	h.addThread(t, g)
	return t
}

// newGroupFrom makes the group of a new process pid, inheriting the fd
// table (every fd, as libsinsp does), cwd and environment of src.
func (h *hostState) newGroupFrom(pid int64, src *group) *group {
	if old := h.groups[pid]; old != nil {
		for _, t := range append([]*thread(nil), old.members...) {
			h.removeThread(t)
		}
	}
	g := &group{pid: pid, cwd: src.cwd, env: src.env}
	g.fds.shareFrom(&src.fds)
	h.groups[pid] = g
	return g
}

func withSlash(s string) string {
	if strings.HasSuffix(s, "/") {
		return s
	}
	return s + "/"
}

// parseExec handles execve and execveat exits, as libsinsp's
// parse_execve_exit.
func (h *hostState) parseExec(c *evalContext, e *format.Event, th *thread) {
	idx := execIdxs[e.Type]
	res, _ := c.res()
	if th == nil {
		if res < 0 {
			return
		}
		th = h.threadFromExec(e, idx)
	}
	c.th = th
	th.lastEnter, th.lastFD = 0, -1
	if res < 0 {
		return
	}
	h.resurrect(th)
	if exe, ok := pStr(e, idx.exe); ok {
		th.exe = h.names.bytes(exe)
	}
	th.comm = th.exe
	if comm, ok := pStr(e, idx.comm); ok && len(comm) > 0 {
		th.comm = h.names.bytes(comm)
	}
	args, _ := pBytes(e, idx.args)
	h.setArgs(th, args)
	if th.invalid {
		if ptid, ok := pInt(e, idx.ptid); ok {
			th.ptid = ptid
			if p := h.parent(th); p != nil {
				p.children = append(p.children, th)
			}
		}
		if th.flags&cloneChildInPidNS == 0 {
			th.vtid, th.vpid = th.tid, th.pid
		}
		th.invalid = false
	}
	if v, ok := pInt(e, idx.fdlimit); ok {
		th.fdLimit = v
	}
	if swap, ok := pInt(e, idx.vmSwap); ok {
		maj, _ := pInt(e, idx.pgftMaj)
		mn, _ := pInt(e, idx.pgftMin)
		sz, _ := pInt(e, idx.vmSize)
		rss, _ := pInt(e, idx.vmRSS)
		th.pfMajor, th.pfMinor = uint64(maj), uint64(mn)
		th.vmSize, th.vmRSS, th.vmSwap = uint32(sz), uint32(rss), uint32(swap)
		th.vmKnown = true
	}
	if env, ok := pBytes(e, idx.env); ok && len(env) > 0 {
		th.grp.env = h.list(env).items
	}
	if cg, ok := pBytes(e, idx.cgroups); ok && len(cg) > 0 {
		h.setCgroups(th, cg)
	}
	if v, ok := pInt(e, idx.tty); ok {
		th.tty = uint32(v)
	}
	if p, ok := pStr(e, idx.trustedExe); ok && len(p) > 0 {
		th.exePath = h.names.bytes(trimDeleted(p))
	} else if p, ok := pStr(e, idx.filename); ok {
		if string(p) == "<NA>" {
			th.exePath = "<NA>"
		} else {
			th.exePath = joinPath(th.grp.cwd, string(trimDeleted(p)))
		}
	}
	if v, ok := pInt(e, idx.vpgid); ok {
		th.vpgid = v
	}
	if v, ok := pInt(e, idx.sid); ok {
		th.sid = v
	}
	if v, ok := pInt(e, idx.vtid); ok {
		th.vtid = v
	}
	if v, ok := pInt(e, idx.vpid); ok {
		th.vpid = v
	}
	if v, ok := pInt(e, idx.pidnsStart); ok && v > 0 {
		th.pidnsStart = v
	}
	if v, ok := pInt(e, idx.loginuid); ok {
		th.loginUID = uint32(v)
	}
	if v, ok := pInt(e, idx.flags); ok {
		th.exeFlags = 0
		if v&execWritable != 0 {
			th.exeFlags |= format.ThreadExeWritable
		}
		if v&execUpperLayer != 0 {
			th.exeFlags |= format.ThreadExeUpperLayer
		}
		if v&execFromMemfd != 0 {
			th.exeFlags |= format.ThreadExeFromMemfd
		}
		if v&execLowerLayer != 0 {
			th.exeFlags |= format.ThreadExeLowerLayer
		}
	}
	if eff, ok := pInt(e, idx.capEff); ok {
		inh, _ := pInt(e, idx.capInh)
		perm, _ := pInt(e, idx.capPerm)
		th.capInh, th.capPerm, th.capEff = uint64(inh), uint64(perm), uint64(eff)
	}
	if mt, ok := pInt(e, idx.exeMtime); ok {
		ino, _ := pInt(e, idx.exeIno)
		ct, _ := pInt(e, idx.exeCtime)
		th.exeIno, th.exeInoCtime, th.exeInoMtime = uint64(ino), ct, mt
		if th.cloneTS != 0 {
			th.ctimeClone = th.cloneTS - ct
		}
		if th.pidnsStart != 0 && ct > th.pidnsStart {
			th.ctimePidns = ct - th.pidnsStart
		}
	}
	if v, ok := pInt(e, idx.uid); ok {
		th.uid = uint32(v)
	}
	th.pgid = -1
	if v, ok := pInt(e, idx.pgid); ok {
		th.pgid = v
	}
	if v, ok := pInt(e, idx.gid); ok {
		th.gid = uint32(v)
	}
	// Close-on-exec fds go.
	if th.grp.fds.cloexec {
		var drop []int64
		th.grp.fds.each(func(f *fdInfo) bool {
			if f.flags&oCloexec != 0 {
				drop = append(drop, f.num)
			}
			return true
		})
		for _, fd := range drop {
			h.release(th.grp.fds.del(fd))
		}
		th.grp.fds.cloexec = false
	}
	th.flags &= cloneInverted
	// The other threads of the process are gone.
	if len(th.grp.members) > 1 {
		others := append([]*thread(nil), th.grp.members...)
		for _, o := range others {
			if o != th && !o.isMain() {
				h.removeThread(o)
			}
		}
	}
}

// threadFromExec adds the thread of a successful exec the state never saw
// (its clone was not recorded), inheriting its identity (users, session,
// terminal, capabilities, container) and directory from its parent, as the
// clone would have: where libsinsp shows <NA>, a live Falco would have read
// these from /proc.
func (h *hostState) threadFromExec(e *format.Event, idx *execParams) *thread {
	t := new(thread)
	t.tid = e.TID
	t.pid, _ = pInt(e, idx.pid)
	if t.pid <= 0 {
		t.pid = e.TID
	}
	t.ptid, _ = pInt(e, idx.ptid)
	t.vtid, t.vpid = t.tid, t.pid
	t.lastFD = -1
	t.sid, t.pgid, t.vpgid = -1, -1, -1
	t.loginUID = format.NoID
	var g *group
	if p := h.threads[t.ptid]; p != nil {
		t.sid, t.pgid, t.vpgid = p.sid, p.pgid, p.vpgid
		t.tty, t.loginUID, t.root = p.tty, p.loginUID, p.root
		t.uid, t.gid = p.uid, p.gid
		t.capPerm, t.capInh, t.capEff = p.capPerm, p.capInh, p.capEff
		t.containerID, t.cgroups, t.pidnsStart = p.containerID, p.cgroups, p.pidnsStart
		if t.pid == t.tid && h.groups[t.pid] == nil {
			// Not the fd table: between the unseen clone and this exec the
			// child may have redirected them. libsinsp knows no fds here
			// either.
			g = h.groupFor(t.pid)
			g.cwd, g.env = p.grp.cwd, p.grp.env
		}
	}
	if g == nil {
		g = h.groupFor(t.pid)
	}
	if cwd, ok := pStr(e, idx.cwd); ok && len(cwd) > 0 && len(g.members) == 0 {
		g.cwd = withSlash(string(cwd))
	}
	h.addThread(t, g)
	return t
}

// containerIDFromCgroups finds a container id in cgroup paths, as the
// container engines name them: /docker/<id>, docker-<id>.scope,
// crio-<id>.scope, cri-containerd-<id>.scope, libpod-<id>.scope,
// /kubepods/.../<id>. It returns the first 12 hex digits, or "".
func containerIDFromCgroups(cgroups []string) string {
	for _, cg := range cgroups {
		p := cg
		if i := strings.IndexByte(p, '='); i >= 0 {
			p = p[i+1:]
		}
		for p != "" {
			var comp string
			if i := strings.LastIndexByte(p, '/'); i >= 0 {
				comp, p = p[i+1:], p[:i]
			} else {
				comp, p = p, ""
			}
			comp = strings.TrimSuffix(comp, ".scope")
			for _, prefix := range [...]string{"docker-", "crio-", "cri-containerd-", "libpod-", "containerd-", ""} {
				if !strings.HasPrefix(comp, prefix) {
					continue
				}
				id := comp[len(prefix):]
				if len(id) == 64 && isHex(id) {
					return id[:12]
				}
			}
		}
	}
	return ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// shortID returns the 12-digit form of a container id.
func shortID(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

// load fills the state from a capture's opening snapshot.
func (h *hostState) load(s *format.Snapshot) {
	if s == nil {
		return
	}
	for i := range s.Threads {
		st := &s.Threads[i]
		if h.threads[st.TID] != nil {
			continue // a damaged snapshot's duplicate: the first one stands
		}
		t := new(thread)
		t.tid, t.pid, t.ptid = st.TID, st.PID, st.PPID
		if t.pid <= 0 {
			t.pid = t.tid
		}
		t.vtid, t.vpid = st.VTID, st.VPID
		if t.vtid == 0 {
			t.vtid = t.tid
		}
		if t.vpid == 0 {
			t.vpid = t.pid
		}
		t.sid, t.pgid, t.vpgid = st.SID, st.PGID, st.VPGID
		t.comm, t.exe, t.exePath = st.Comm, st.Exe, st.ExePath
		t.setArgs(st.Args)
		t.root = st.Root
		t.uid, t.gid = st.EUID, st.EGID
		t.loginUID = st.LoginUID
		t.tty = st.TTY
		t.capPerm, t.capEff, t.capInh = st.CapPermitted, st.CapEffective, st.CapInheritable
		t.cgroups = st.Cgroups
		t.containerID = shortID(st.ContainerID)
		if t.containerID == "" {
			t.containerID = containerIDFromCgroups(st.Cgroups)
		}
		t.cloneTS = st.StartTime
		t.pidnsStart = st.PidNSStart
		t.exeIno, t.exeInoCtime, t.exeInoMtime = st.ExeIno, st.ExeInoCtime, st.ExeInoMtime
		if t.cloneTS != 0 && t.exeInoCtime != 0 {
			t.ctimeClone = t.cloneTS - t.exeInoCtime
		}
		if t.pidnsStart != 0 && t.exeInoCtime > t.pidnsStart {
			t.ctimePidns = t.exeInoCtime - t.pidnsStart
		}
		t.exeFlags = st.ExeFlags
		t.fdLimit = int64(st.FDLimit)
		t.lastFD = -1
		g := h.groupFor(t.pid)
		if t.isMain() || len(g.members) == 0 {
			if st.Cwd != "" {
				g.cwd = withSlash(st.Cwd)
			}
			if st.Env != nil {
				g.env = st.Env
			}
		}
		t.grp = g
		g.members = append(g.members, t)
		g.live++
		h.threads[t.tid] = t
	}
	for _, t := range h.threads {
		if p := h.parent(t); p != nil {
			p.children = append(p.children, t)
		}
	}
	h.peakThreads = max(h.peakThreads, len(h.threads))
	for i := range s.FDs {
		sf := &s.FDs[i]
		g := h.groups[sf.PID]
		if g == nil {
			continue
		}
		g.fds.put(sf.Num, h.fdFromSnapshot(sf))
	}
	for _, u := range s.Users {
		h.users[userKey{shortID(u.ContainerID), u.UID}] = &userEntry{uid: u.UID, gid: u.GID, name: u.Name, home: u.Home, shell: u.Shell}
	}
	for _, g := range s.Groups {
		h.grps[userKey{shortID(g.ContainerID), g.GID}] = &groupEntry{gid: g.GID, name: g.Name}
	}
	for i := range s.Containers {
		h.addContainer(&s.Containers[i])
	}
	for _, in := range s.Interfaces {
		if p, ok := ifacePrefix(in.Addr, in.Netmask); ok {
			h.ifaces = append(h.ifaces, p)
		}
	}
	h.gen++
}

// ifacePrefix turns an address and netmask into a prefix.
func ifacePrefix(addr, mask []byte) (netip.Prefix, bool) {
	a, ok := netip.AddrFromSlice(addr)
	if !ok {
		return netip.Prefix{}, false
	}
	bits := 0
	for _, b := range mask {
		for b&0x80 != 0 {
			bits++
			b <<= 1
		}
	}
	if len(mask) == 0 {
		bits = a.BitLen()
	}
	return netip.PrefixFrom(a, min(bits, a.BitLen())), true
}

func (h *hostState) fdFromSnapshot(sf *format.FD) *fdInfo {
	f := h.newFD()
	f.typ = sf.Type
	f.name = sf.Name
	f.nameRaw = sf.Name
	f.flags = sf.Flags
	f.dev = sf.Dev
	f.ino = sf.Ino
	f.mntID = sf.MntID
	f.upper = sf.Flags&oUpper != 0
	f.lower = sf.Flags&oLower != 0
	switch sf.L4Proto {
	case 6:
		f.l4 = l4TCP
	case 17:
		f.l4 = l4UDP
	case 1:
		f.l4 = l4ICMP
	case 255:
		f.l4 = l4Raw
	}
	if len(sf.Tuple) > 0 {
		switch {
		case (sf.Type == format.FDIPv4Server || sf.Type == format.FDIPv6Server) && sockaddrValid(sf.Tuple):
			if sa, ok := format.ParseSockAddr(sf.Tuple); ok {
				f.dip, f.dport = sa.Addr, sa.Port
			}
		case tupleValid(sf.Tuple) && (sf.Tuple[0] == afInet || sf.Tuple[0] == afInet6):
			sip, sport, dip, dport, v4 := tupleAddrs(sf.Tuple)
			f.sip, f.sport, f.dip, f.dport = sip, sport, dip, dport
			if v4 {
				f.typ = format.FDIPv4
			}
			if f.l4 == l4TCP {
				f.conn = sockConnected
			}
		case tupleValid(sf.Tuple) && sf.Tuple[0] == afUnix:
			f.usrc = binaryLE64(sf.Tuple[1:])
			f.udst = binaryLE64(sf.Tuple[9:])
		}
	}
	if f.typ == format.FDUnix {
		if f.name == "" {
			f.role = roleClient
		} else {
			f.role = roleServer
		}
	}
	if f.name == "" && (f.typ == format.FDIPv4 || f.typ == format.FDIPv6) {
		f.name = string(appendSockInfo(nil, f))
	}
	return f
}

func binaryLE64(b []byte) uint64 {
	_ = b[7]
	return uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
		uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
}

// addContainer records a container from the snapshot or a meta event.
func (h *hostState) addContainer(fc *format.Container) {
	ct := &container{
		id:         shortID(fc.ID),
		fullID:     fc.ID,
		runtime:    fc.Runtime,
		name:       fc.Name,
		image:      fc.Image,
		imageID:    fc.ImageID,
		privileged: fc.Privileged,
		created:    fc.Created,
		mounts:     fc.Mounts,
		user:       fc.User,
		ip:         fc.IP,
		labels:     fc.Labels,
	}
	ct.repo, ct.tag, ct.digest = fc.ImageParts()
	// A snapshot's record names its pod sandbox only among its labels.
	for _, k := range [...]string{labelSandboxID, labelSandboxID2} {
		if v := fc.Labels[k]; v != "" {
			ct.sandboxID = v
			break
		}
	}
	h.ctrs[ct.id] = ct
	h.gen++
}

// containerJSON is the subset of libsinsp's container event JSON the state
// keeps.
type containerJSON struct {
	Container struct {
		ID         string `json:"id"`
		FullID     string `json:"full_id"`
		Name       string `json:"name"`
		Image      string `json:"image"`
		ImageID    string `json:"imageid"`
		ImageRepo  string `json:"imagerepo"`
		ImageTag   string `json:"imagetag"`
		Digest     string `json:"imagedigest"`
		Type       int    `json:"type"`
		Privileged bool   `json:"privileged"`
		User       string `json:"User"`
		IP         string `json:"ip"`
		Created    int64  `json:"created_time"`
		Mounts     []struct {
			Source      string `json:"Source"`
			Destination string `json:"Destination"`
			Mode        string `json:"Mode"`
			RW          bool   `json:"RW"`
			Propagation string `json:"Propagation"`
		} `json:"Mounts"`
		Labels       map[string]string `json:"labels"`
		HostPID      *bool             `json:"host_pid"`
		HostNetwork  *bool             `json:"host_network"`
		HostIPC      *bool             `json:"host_ipc"`
		SandboxID    string            `json:"pod_sandbox_id"`
		SandboxLabel map[string]string `json:"pod_sandbox_labels"`
		CNI          string            `json:"cni_json"`
	} `json:"container"`
}

var containerTypes = map[int]string{
	0: "docker", 1: "lxc", 2: "libvirt-lxc", 3: "mesos", 4: "rkt", 5: "cri", 6: "containerd",
	7: "cri-o", 8: "bpm", 11: "podman",
}

func (h *hostState) parseContainer(e *format.Event) {
	b, ok := pStr(e, pCtrJSON)
	if !ok || len(b) == 0 {
		return
	}
	var cj containerJSON
	if err := json.Unmarshal(b, &cj); err != nil {
		return
	}
	j := &cj.Container
	if j.ID == "" {
		return
	}
	fc := format.Container{
		ID: j.ID, Runtime: containerTypes[j.Type], Name: j.Name, Image: j.Image,
		ImageID: j.ImageID, Privileged: j.Privileged, User: j.User, IP: j.IP,
		Created: j.Created * 1e9, Labels: j.Labels,
	}
	if j.FullID != "" {
		fc.ID = j.FullID
	}
	for _, m := range j.Mounts {
		fc.Mounts = append(fc.Mounts, format.Mount{Source: m.Source, Dest: m.Destination, Mode: m.Mode, RW: m.RW, Propagation: m.Propagation})
	}
	h.addContainer(&fc)
	ct := h.ctrs[shortID(fc.ID)]
	if j.ImageRepo != "" {
		ct.repo = j.ImageRepo
	}
	if j.ImageTag != "" {
		ct.tag = j.ImageTag
	}
	if j.Digest != "" {
		ct.digest = j.Digest
	}
	if j.HostPID != nil || j.HostNetwork != nil || j.HostIPC != nil {
		ct.hostKnown = true
		ct.hostPID = j.HostPID != nil && *j.HostPID
		ct.hostNet = j.HostNetwork != nil && *j.HostNetwork
		ct.hostIPC = j.HostIPC != nil && *j.HostIPC
	}
	if j.SandboxID != "" {
		ct.sandboxID = j.SandboxID
	}
	ct.podLabels = j.SandboxLabel
	ct.cni = j.CNI
}

func (h *hostState) parseUser(e *format.Event) {
	uid, _ := pInt(e, pUserUID)
	ctr, _ := pStr(e, pUserCtr)
	key := userKey{shortID(string(ctr)), uint32(uid)}
	if e.Type == format.EvUserdeleted {
		delete(h.users, key)
	} else {
		gid, _ := pInt(e, pUserGID)
		name, _ := pStr(e, pUserName)
		home, _ := pStr(e, pUserHome)
		shell, _ := pStr(e, pUserShell)
		h.users[key] = &userEntry{uid: uint32(uid), gid: uint32(gid), name: string(name), home: string(home), shell: string(shell)}
	}
	h.gen++
}

func (h *hostState) parseGroup(e *format.Event) {
	gid, _ := pInt(e, pGroupGID)
	ctr, _ := pStr(e, pGroupCtr)
	key := userKey{shortID(string(ctr)), uint32(gid)}
	if e.Type == format.EvGroupdeleted {
		delete(h.grps, key)
	} else {
		name, _ := pStr(e, pGroupName)
		h.grps[key] = &groupEntry{gid: uint32(gid), name: string(name)}
	}
	h.gen++
}

// lookupCache is a thread's resolved user, group and container entries,
// valid while the ids and the state's generation it was built for hold.
type lookupCache struct {
	gen             uint64
	uid, gid, login uint32
	ctrID           string
	user, loginUser *userEntry
	grp             *groupEntry
	ctr             *container
}

// cached returns t's lookups, refreshing them when stale.
func (h *hostState) cached(t *thread) *lookupCache {
	lc := &t.cache
	if lc.gen == h.gen+1 && lc.uid == t.uid && lc.gid == t.gid && lc.login == t.loginUID && lc.ctrID == t.containerID {
		return lc
	}
	*lc = lookupCache{gen: h.gen + 1, uid: t.uid, gid: t.gid, login: t.loginUID, ctrID: t.containerID}
	lc.user = h.users[userKey{t.containerID, t.uid}]
	lc.loginUser = h.users[userKey{t.containerID, t.loginUID}]
	lc.grp = h.grps[userKey{t.containerID, t.gid}]
	if t.containerID != "" {
		lc.ctr = h.ctrs[t.containerID]
	}
	return lc
}

// containerOf returns t's container, or nil.
func (h *hostState) containerOf(t *thread) *container { return h.cached(t).ctr }

// deletedSuffix is what the kernel appends to the path of an executable
// whose file was unlinked.
const deletedSuffix = " (deleted)"

// trimDeleted drops deletedSuffix from an exe path that has more than the
// suffix, as libsinsp's sinsp_threadinfo::set_exepath.
func trimDeleted(p []byte) []byte {
	if n := len(p) - len(deletedSuffix); n > 0 && string(p[n:]) == deletedSuffix {
		return p[:n]
	}
	return p
}
