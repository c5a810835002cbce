package replay

import (
	"hash/maphash"
	"net/netip"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
)

// exitGrace is how long, in capture time, an exited thread stays in the
// table, for late events that still name it, before it is dropped. Its
// process's fds go as soon as its last thread has exited.
const exitGrace = int64(1e9)

// purgeInterval is how often, in capture time, exited threads are dropped.
const purgeInterval = int64(250e6)

// maxDying bounds the exited threads kept for their grace period.
const maxDying = 1 << 18

// Socket roles, as libsinsp's fd flags.
type sockRole uint8

const (
	roleNone sockRole = iota
	roleClient
	roleServer
)

// l4Proto is a socket's transport, as libsinsp's scap_l4_proto.
type l4Proto uint8

const (
	l4Unknown l4Proto = iota
	l4TCP
	l4UDP
	l4ICMP
	l4Raw
)

// Socket connection states, as libsinsp's.
const (
	sockUnknown uint8 = iota
	sockPending
	sockConnected
	sockFailed
)

// fdInfo is one entry of a process's fd table.
type fdInfo struct {
	num     int64
	typ     format.FDType
	name    string
	nameRaw string
	flags   uint32 // open flags in Falco's portable encoding
	dev     uint32
	ino     uint64
	mntID   uint32
	upper   bool // overlayfs upper layer
	lower   bool

	// Sockets. For client and connected sockets s is the source (client)
	// end and d the destination (server); for listening sockets (the
	// Server fd types) d is the bound address.
	l4         l4Proto
	role       sockRole
	conn       uint8
	sip, dip   netip.Addr
	sport      uint16
	dport      uint16
	usrc, udst uint64 // unix socket kernel pointers

	pid int64 // pidfd: the process it refers to

	// refs counts the table pages holding the entry: a fork shares pages,
	// and a page copied on write shares its entries.
	refs int32
}

const (
	oCloexec = 4096  // PPM_O_CLOEXEC
	oDir     = 1024  // PPM_O_DIRECTORY
	oRdonly  = 1     // PPM_O_RDONLY
	oWronly  = 2     // PPM_O_WRONLY
	oCreat   = 4     // PPM_O_CREAT
	oTmpfile = 8192  // PPM_O_TMPFILE
	oCreated = 16384 // PPM_O_F_CREATED
	oUpper   = 32768 // PPM_FD_UPPER_LAYER
	oLower   = 65536 // PPM_FD_LOWER_LAYER
	atFDCWD  = -100  // PPM_AT_FDCWD
)

func (f *fdInfo) isSocket() bool {
	switch f.typ {
	case format.FDIPv4, format.FDIPv6, format.FDIPv4Server, format.FDIPv6Server:
		return true
	}
	return false
}

// l4proto returns the transport as libsinsp's get_l4proto: client sockets
// that have no role yet report "not available".
func (f *fdInfo) l4proto() (l4Proto, bool) {
	switch f.typ {
	case format.FDIPv4, format.FDIPv6:
		if f.l4 == l4Raw {
			return l4Raw, true
		}
		if f.role == roleNone {
			return 0, false
		}
		return f.l4, true
	case format.FDIPv4Server, format.FDIPv6Server:
		return f.l4, true
	}
	return 0, false
}

// fdTable maps fd numbers to entries: pages of 64 entries for the usual
// numbers (below fdLowMax), a map above. A fork shares the parent's pages
// (copy on write, page by page) and entries: the entries, the open file
// descriptions, stay shared as in the kernel, except for a table-local
// change (close-on-exec), which copies the entry.
type fdTable struct {
	pages [fdPages]*fdPage
	high  map[int64]*fdInfo
	n     int
	// cloexec says an entry may be close-on-exec: without, an exec need
	// not look for them.
	cloexec bool
}

const (
	fdPageBits = 6
	fdPageSize = 1 << fdPageBits
	fdPages    = 64
	fdLowMax   = fdPages * fdPageSize
)

// fdPage is 64 consecutive entries; refs counts the tables sharing it.
type fdPage struct {
	e    [fdPageSize]*fdInfo
	refs int32
}

func (t *fdTable) get(fd int64) *fdInfo {
	if uint64(fd) < fdLowMax {
		if p := t.pages[fd>>fdPageBits]; p != nil {
			return p.e[fd&(fdPageSize-1)]
		}
		return nil
	}
	if t.high != nil {
		return t.high[fd]
	}
	return nil
}

// page returns the page holding fd, writable by t: created, or copied when
// shared.
func (t *fdTable) page(fd int64) *fdPage {
	i := fd >> fdPageBits
	p := t.pages[i]
	switch {
	case p == nil:
		p = &fdPage{refs: 1}
		t.pages[i] = p
	case p.refs > 1:
		p.refs--
		np := &fdPage{e: p.e, refs: 1}
		for _, f := range np.e {
			if f != nil {
				f.refs++
			}
		}
		t.pages[i] = np
		p = np
	}
	return p
}

// put stores f under fd, returning the entry it replaced (which the
// caller releases).
func (t *fdTable) put(fd int64, f *fdInfo) (old *fdInfo) {
	f.num = fd
	f.refs++
	if f.flags&oCloexec != 0 {
		t.cloexec = true
	}
	if uint64(fd) < fdLowMax {
		p := t.page(fd)
		old = p.e[fd&(fdPageSize-1)]
		p.e[fd&(fdPageSize-1)] = f
	} else {
		if t.high == nil {
			t.high = make(map[int64]*fdInfo)
		}
		old = t.high[fd]
		t.high[fd] = f
	}
	if old == nil {
		t.n++
	}
	return old
}

// del removes fd, returning the entry (which the caller releases).
func (t *fdTable) del(fd int64) *fdInfo {
	old := t.get(fd)
	if old == nil {
		return nil
	}
	if uint64(fd) < fdLowMax {
		t.page(fd).e[fd&(fdPageSize-1)] = nil
	} else {
		delete(t.high, fd)
	}
	t.n--
	return old
}

// shareFrom makes t (empty) hold the same entries as src, as a fork does.
func (t *fdTable) shareFrom(src *fdTable) {
	t.pages = src.pages
	for _, p := range t.pages {
		if p != nil {
			p.refs++
		}
	}
	if len(src.high) > 0 {
		t.high = make(map[int64]*fdInfo, len(src.high))
		for fd, f := range src.high {
			t.high[fd] = f
			f.refs++
		}
	}
	t.n = src.n
	t.cloexec = src.cloexec
}

// each calls fn for every entry, in fd order for the paged part.
func (t *fdTable) each(fn func(*fdInfo) bool) {
	for _, p := range t.pages {
		if p == nil {
			continue
		}
		for _, f := range p.e {
			if f != nil && !fn(f) {
				return
			}
		}
	}
	for _, f := range t.high {
		if !fn(f) {
			return
		}
	}
}

// group is what the threads of one process share: the fd table, working
// directory and environment (libsinsp keeps them on the main thread).
type group struct {
	pid     int64
	fds     fdTable
	cwd     string // always ends in '/'
	env     []string
	live    int       // threads not yet exited
	members []*thread // threads in the table
	reaper  bool      // a child subreaper (prctl)
}

// thread is one task of the recorded host.
type thread struct {
	tid, pid, ptid int64
	vtid, vpid     int64
	sid, pgid      int64
	vpgid          int64
	comm           string
	exe            string
	exePath        string
	args           []string
	argsStr        string // args joined by spaces
	cmdline        string // comm and args, as libsinsp's m_cmd_line
	root           string
	uid, gid       uint32 // effective ids, as libsinsp's m_uid/m_gid
	loginUID       uint32
	tty            uint32
	capPerm        uint64
	capEff         uint64
	capInh         uint64
	cgroups        []string
	containerID    string // 12 hex digits, "" on the host
	cloneTS        int64
	pidnsStart     int64
	exeIno         uint64
	exeInoCtime    int64
	exeInoMtime    int64
	ctimeClone     int64 // clone ts - exe ctime
	ctimePidns     int64 // exe ctime - pidns start, when later
	exeFlags       uint32
	fdLimit        int64
	flags          uint32 // clone flags
	vmSize, vmRSS  uint32
	vmSwap         uint32
	pfMajor        uint64
	pfMinor        uint64
	vmKnown        bool // vmSize, vmRSS, vmSwap and the page faults come from an event
	invalid        bool // created from an event of a thread the state did not know

	grp      *group
	children []*thread

	dead      bool
	exitTime  int64
	reaperTID int64

	// For .scap enter/exit pairs: the type of the last enter event and the
	// fd it named.
	lastEnter format.EventType
	lastFD    int64

	cache lookupCache

	pcache  *thread // the parent, as last looked up
	removed bool    // no longer in the table
}

func (t *thread) isMain() bool { return t.tid == t.pid }

// inPidNS reports whether the thread lives in a pid namespace other than
// the host's.
func (t *thread) inPidNS() bool {
	return t.flags&cloneChildInPidNS != 0 || (t.tid != t.vtid && t.vtid >= 0)
}

// setArgs stores the arguments and the derived strings.
func (t *thread) setArgs(args []string) {
	t.setArgsJoined(args, strings.Join(args, " "))
}

func (t *thread) setArgsJoined(args []string, joined string) {
	t.args = args
	t.argsStr = joined
	switch {
	case t.comm == "":
		t.cmdline = ""
	case len(args) == 0:
		t.cmdline = t.comm
	case len(t.cmdline) == len(t.comm)+1+len(joined) && t.cmdline[:len(t.comm)] == t.comm && t.cmdline[len(t.comm)+1:] == joined:
		// unchanged
	default:
		t.cmdline = t.comm + " " + joined
	}
}

// listEntry is a NUL-separated list (argv, environment, cgroups) split
// once: processes repeat theirs.
type listEntry struct {
	items  []string
	joined string // items joined by spaces
	ctr    string // for cgroups: the container id they name
	cmd    string // the last command line built from it, and its comm
	cmdFor string
}

const listCacheMax = 1 << 12

// list returns the split form of b, from the cache when b was seen.
func (h *hostState) list(b []byte) *listEntry {
	if e, ok := h.lists[string(b)]; ok {
		return e
	}
	items := splitList(b)
	e := &listEntry{items: items, joined: strings.Join(items, " ")}
	if len(b) <= 4096 {
		if h.lists == nil || len(h.lists) >= listCacheMax {
			h.lists = make(map[string]*listEntry)
		}
		h.lists[string(b)] = e
	}
	return e
}

// setArgs sets t's arguments from an argv parameter.
func (h *hostState) setArgs(t *thread, b []byte) {
	e := h.list(b)
	if e.cmdFor == t.comm && e.cmd != "" {
		t.args, t.argsStr, t.cmdline = e.items, e.joined, e.cmd
		return
	}
	t.setArgsJoined(e.items, e.joined)
	e.cmd, e.cmdFor = t.cmdline, t.comm
}

// setCgroups sets t's cgroups, and its container from them.
func (h *hostState) setCgroups(t *thread, b []byte) {
	e := h.list(b)
	if e.ctr == "" && len(e.items) > 0 {
		e.ctr = containerIDFromCgroups(e.items)
		if e.ctr == "" {
			e.ctr = "-"
		}
	}
	t.cgroups = e.items
	t.containerID = e.ctr
	if e.ctr == "-" {
		t.containerID = ""
	}
}

// Clone flags in Falco's portable encoding.
const (
	cloneFiles        = 1
	cloneFS           = 2
	cloneNewPID       = 64
	cloneParent       = 256
	cloneThread       = 8192
	cloneInverted     = 65536
	cloneNewUser      = 1048576
	cloneVfork        = 134217728
	cloneChildInPidNS = 536870912
)

type userKey struct {
	container string
	id        uint32
}

type userEntry struct {
	uid, gid uint32
	name     string
	home     string
	shell    string
}

type groupEntry struct {
	gid  uint32
	name string
}

// container is what the state knows of one container.
type container struct {
	id         string // short id, 12 hex digits
	fullID     string
	runtime    string
	name       string
	image      string
	imageID    string
	repo       string
	tag        string
	digest     string
	privileged bool
	created    int64
	mounts     []format.Mount
	user       string
	ip         string
	labels     map[string]string
	labelsStr  string

	// From container events (libsinsp's JSON) only; a snapshot's
	// records do not carry them.
	hostKnown                 bool // host_pid, host_network, host_ipc were given
	hostPID, hostNet, hostIPC bool
	sandboxID                 string            // the pod sandbox, for k8s.*
	podLabels                 map[string]string // the pod's labels
	cni                       string            // the pod's CNI result (set on the sandbox or its containers)
}

// hostState is the rebuilt state of one recorded host (one input).
// It is not safe for concurrent use.
type hostState struct {
	hostname string
	threads  map[int64]*thread
	groups   map[int64]*group
	users    map[userKey]*userEntry
	grps     map[userKey]*groupEntry
	ctrs     map[string]*container
	ifaces   []netip.Prefix
	gen      uint64 // bumped when users, groups or containers change

	dying     []*thread // exited threads in exit order
	lastPurge int64
	// Threads purged after their exit, for cloneStale after it: a
	// parent's clone exit arriving that late must not bring the child
	// back (libsinsp's has_recently_exited). gone is in exit order.
	gone    []goneThread
	goneTID map[int64]goneThread
	pend    pending // a close to finish before the next event
	pendGrp *group  // a process whose fds go before the next event

	// Cache of the last thread looked up, and a direct-mapped cache of
	// recent ones.
	lastTID int64
	lastTh  *thread
	tcache  [threadCacheSize]*thread

	names  internTable
	lists  map[string]*listEntry
	fdPool []*fdInfo
	caps   map[uint64]string // capability set names

	peakThreads int
}

func newHostState(hostname string) *hostState {
	return &hostState{
		hostname: hostname,
		threads:  make(map[int64]*thread),
		groups:   make(map[int64]*group),
		goneTID:  make(map[int64]goneThread),
		users:    make(map[userKey]*userEntry),
		grps:     make(map[userKey]*groupEntry),
		ctrs:     make(map[string]*container),
		lastTID:  -1,
	}
}

// internTable deduplicates strings built from event bytes (paths, socket
// names, commands) so that the common case, a name seen before, neither
// allocates nor builds a string. It is a direct-mapped cache indexed by the
// bytes' hash: a name evicts the one in its slot, so its memory is bounded
// and a stream of unique names (temporary files) costs no clearing storms.
type internTable struct {
	slots []string
	seed  maphash.Seed
}

// internSlots is the size of the table (a power of two).
const internSlots = 1 << 13

// internMaxLen is the longest name interned; longer ones are copied.
const internMaxLen = 512

func (it *internTable) bytes(b []byte) string {
	if len(b) > internMaxLen {
		return string(b)
	}
	if it.slots == nil {
		it.slots = make([]string, internSlots)
		it.seed = maphash.MakeSeed()
	}
	slot := &it.slots[maphash.Bytes(it.seed, b)&(internSlots-1)]
	if *slot == string(b) {
		return *slot
	}
	s := string(b)
	*slot = s
	return s
}

func (h *hostState) newFD() *fdInfo {
	if n := len(h.fdPool); n > 0 {
		f := h.fdPool[n-1]
		h.fdPool = h.fdPool[:n-1]
		return f
	}
	return new(fdInfo)
}

// release drops a table page's hold on f, recycling f when it was the
// last.
func (h *hostState) release(f *fdInfo) {
	if f == nil {
		return
	}
	f.refs--
	if f.refs > 0 {
		return
	}
	if h.pend.f == f {
		h.pend = pending{}
	}
	if len(h.fdPool) >= 4096 {
		return
	}
	*f = fdInfo{}
	h.fdPool = append(h.fdPool, f)
}

// cloneFD returns a copy of f that no table holds yet.
func (h *hostState) cloneFD(f *fdInfo) *fdInfo {
	n := h.newFD()
	*n = *f
	n.refs = 0
	return n
}

// own returns g's entry for fd as one g alone holds, copying one a fork
// shares.
func (h *hostState) own(g *group, fd int64) *fdInfo {
	f := g.fds.get(fd)
	if f == nil {
		return nil
	}
	if uint64(fd) < fdLowMax {
		g.fds.page(fd) // unshare the page first: f.refs then counts other tables only
	}
	if f.refs <= 1 {
		return f
	}
	n := h.cloneFD(f)
	h.release(g.fds.put(fd, n))
	return n
}

// releaseFDs empties g's fd table, recycling the entries (and pages) no
// other table holds.
func (h *hostState) releaseFDs(g *group) {
	t := &g.fds
	for i, p := range t.pages {
		if p == nil {
			continue
		}
		p.refs--
		if p.refs == 0 {
			for _, f := range p.e {
				h.release(f)
			}
		}
		t.pages[i] = nil
	}
	for _, f := range t.high {
		h.release(f)
	}
	t.high = nil
	t.n = 0
}

const threadCacheSize = 256

// thread returns the thread tid, or nil.
func (h *hostState) thread(tid int64) *thread {
	if tid == h.lastTID && h.lastTh != nil {
		return h.lastTh
	}
	slot := &h.tcache[uint64(tid)%threadCacheSize]
	t := *slot
	if t == nil || t.tid != tid {
		t = h.threads[tid]
		if t == nil {
			return nil
		}
		*slot = t
	}
	h.lastTID, h.lastTh = tid, t
	return t
}

// parent returns the parent of t (its ptid), or nil.
func (h *hostState) parent(t *thread) *thread {
	if t == nil || t.ptid <= 0 || t.ptid == t.tid {
		return nil
	}
	if p := t.pcache; p != nil && p.tid == t.ptid && !p.removed {
		return p
	}
	p := h.threads[t.ptid]
	t.pcache = p
	return p
}

// mainThread returns the main thread of t's process, or nil.
func (h *hostState) mainThread(t *thread) *thread {
	if t.isMain() {
		return t
	}
	m := h.threads[t.pid]
	if m == nil || !m.isMain() {
		return nil
	}
	return m
}

// ancestor returns the n-th ancestor process of t (0: t's own process), as
// libsinsp's get_ancestor_process.
func (h *hostState) ancestor(t *thread, n int) *thread {
	if n > maxAncestors {
		return nil // a chain that long is a loop
	}
	mt := h.mainThread(t)
	for i := 0; i < n && mt != nil; i++ {
		p := h.parent(mt)
		if p == nil {
			return nil
		}
		mt = h.mainThread(p)
	}
	return mt
}

// maxAncestors bounds parent walks on a corrupted (looping) parent chain.
const maxAncestors = 256

// eachAncestor calls fn with the ancestors of t's process, parent first,
// as libsinsp's traverse_parent_state, stopping when fn returns false.
func (h *hostState) eachAncestor(t *thread, fn func(*thread) bool) {
	mt := h.mainThread(t)
	if mt == nil {
		return
	}
	cur := mt
	for i := 0; i < maxAncestors; i++ {
		p := h.parent(cur)
		if p == nil || p == mt || p.tid == -1 {
			return
		}
		if !fn(p) {
			return
		}
		cur = p
	}
}

// groupFor returns the group of process pid, creating it.
func (h *hostState) groupFor(pid int64) *group {
	g := h.groups[pid]
	if g == nil {
		g = &group{pid: pid, cwd: "/"}
		h.groups[pid] = g
	}
	return g
}

// addThread puts t in the table, replacing (and dropping) any thread with
// its tid, and attaches it to its process group and parent.
func (h *hostState) addThread(t *thread, g *group) {
	if old := h.threads[t.tid]; old != nil {
		h.removeThread(old)
	}
	if g == nil {
		g = h.groupFor(t.pid)
	}
	t.grp = g
	g.members = append(g.members, t)
	if !t.dead {
		g.live++
	}
	t.removed = false
	h.threads[t.tid] = t
	h.tcache[uint64(t.tid)%threadCacheSize] = nil
	if p := h.parent(t); p != nil {
		p.children = append(p.children, t)
	}
	if n := len(h.threads); n > h.peakThreads {
		h.peakThreads = n
	}
	h.lastTID, h.lastTh = -1, nil
}

// removeThread drops t from the table now. It is idempotent.
func (h *hostState) removeThread(t *thread) {
	t.removed = true
	if !t.dead {
		t.dead = true
		t.grp.live--
		h.reparentChildren(t)
	}
	if h.threads[t.tid] == t {
		delete(h.threads, t.tid)
	}
	if slot := &h.tcache[uint64(t.tid)%threadCacheSize]; *slot == t {
		*slot = nil
	}
	if p := h.parent(t); p != nil {
		p.removeChild(t)
	}
	g := t.grp
	for i, m := range g.members {
		if m == t {
			last := len(g.members) - 1
			g.members[i] = g.members[last]
			g.members[last] = nil
			g.members = g.members[:last]
			break
		}
	}
	if len(g.members) == 0 && h.groups[g.pid] == g {
		delete(h.groups, g.pid)
		h.releaseFDs(g)
	}
	if h.lastTh == t {
		h.lastTID, h.lastTh = -1, nil
	}
}

func (t *thread) removeChild(c *thread) {
	for i, x := range t.children {
		if x == c {
			last := len(t.children) - 1
			t.children[i] = t.children[last]
			t.children[last] = nil
			t.children = t.children[:last]
			return
		}
	}
}

// markExited records that t exited at ts, gives its children to their new
// parent and queues it for removal after the grace period.
func (h *hostState) markExited(t *thread, ts int64) {
	if t.dead {
		return
	}
	t.dead = true
	t.exitTime = ts
	t.grp.live--
	h.reparentChildren(t)
	h.dying = append(h.dying, t)
	if len(h.dying) > maxDying {
		// More exits within the grace period than any host makes: keep
		// memory bounded by dropping the oldest now.
		h.purge(h.dying[len(h.dying)/2].exitTime + exitGrace)
	}
	if t.grp.live == 0 {
		// The process is gone: its fds go after this event.
		if h.pendGrp != nil && h.pendGrp != t.grp {
			h.finishExit()
		}
		h.pendGrp = t.grp
	}
}

// finishExit drops the fds of a process whose last thread exited.
func (h *hostState) finishExit() {
	g := h.pendGrp
	h.pendGrp = nil
	if g != nil && g.live == 0 {
		h.releaseFDs(g)
	}
}

// reparentChildren gives the children of the exiting t to their new parent.
func (h *hostState) reparentChildren(t *thread) {
	if len(t.children) == 0 {
		return
	}
	reaper := h.findReaper(t)
	for _, c := range t.children {
		if c.ptid != t.tid {
			continue
		}
		if reaper == nil {
			c.ptid = 0
			continue
		}
		c.ptid = reaper.tid
		reaper.children = append(reaper.children, c)
	}
	clear(t.children)
	t.children = t.children[:0]
}

// findReaper picks the new parent of an exiting thread's children as the
// kernel's find_new_reaper does: a live thread of the same process, else
// the nearest ancestor process that is a child subreaper or an init (pid 1,
// or vpid 1 of a pid namespace: libsinsp marks those reapers), in the same
// pid namespace, else nobody.
func (h *hostState) findReaper(t *thread) *thread {
	if t.reaperTID > 0 {
		if r := h.threads[t.reaperTID]; r != nil && !r.dead && r != t {
			return r
		}
	}
	if t.grp.live > 0 {
		for _, th := range h.groupThreads(t.grp) {
			if !th.dead && th != t {
				return th
			}
		}
	}
	seen := 0
	for p := h.parent(t); p != nil && seen < maxAncestors; p = h.parent(p) {
		seen++
		if p.inPidNS() != t.inPidNS() {
			break
		}
		if (p.grp.reaper || p.pid == 1 || p.vpid == 1) && p.grp.live > 0 {
			for _, th := range h.groupThreads(p.grp) {
				if !th.dead {
					return th
				}
			}
		}
	}
	return nil
}

// groupThreads returns the threads of g that are in the table.
func (h *hostState) groupThreads(g *group) []*thread { return g.members }

// purge drops the threads whose grace period ended before now.
func (h *hostState) purge(now int64) {
	h.lastPurge = now
	i := 0
	for ; i < len(h.dying); i++ {
		t := h.dying[i]
		if t.exitTime+exitGrace > now {
			break
		}
		if h.threads[t.tid] != t || !t.dead {
			continue // replaced, or brought back by an execve
		}
		if t.isMain() && t.grp.live > 0 {
			// The process lives on in other threads: keep the main
			// thread (its parent chain and names) until they exit.
			t.exitTime = now
			h.dying = append(h.dying, t)
			continue
		}
		h.removeThread(t)
		g := goneThread{tid: t.tid, ptid: t.ptid, exit: t.exitTime}
		h.gone = append(h.gone, g)
		h.goneTID[t.tid] = g
	}
	j := 0
	for ; j < len(h.gone) && (h.gone[j].exit+cloneStale <= now || len(h.gone)-j > maxDying); j++ {
		if g := h.gone[j]; h.goneTID[g.tid] == g {
			delete(h.goneTID, g.tid)
		}
	}
	h.gone = h.gone[:copy(h.gone, h.gone[j:])]
	n := copy(h.dying, h.dying[i:])
	clear(h.dying[n:])
	h.dying = h.dying[:n]
}

// goneThread is a thread purged after its exit.
type goneThread struct{ tid, ptid, exit int64 }

// recentlyExited says whether thread tid, child of ptid, exited less than
// cloneStale before ts.
func (h *hostState) recentlyExited(tid, ptid, ts int64) bool {
	if t := h.threads[tid]; t != nil && t.dead {
		return t.ptid == ptid && ts >= t.exitTime && ts-t.exitTime < cloneStale
	}
	g, ok := h.goneTID[tid]
	return ok && g.ptid == ptid && ts >= g.exit && ts-g.exit < cloneStale
}

// resurrect undoes markExited (an execve from a thread the state thought
// had exited).
func (h *hostState) resurrect(t *thread) {
	if !t.dead {
		return
	}
	t.dead = false
	t.exitTime = 0
	t.grp.live++
}
