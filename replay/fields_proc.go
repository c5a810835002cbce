package replay

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// xidOK is libsinsp's should_extract_xid: ids it can show.
func xidOK(id int64) bool { return id >= -1 && id <= 0xffffffff }

// ancestorField binds proc.aname, proc.apid, proc.aexe, proc.aexepath and
// proc.acmdline: with an index, that ancestor's value (0 is the process
// itself); without, the list of the ancestors' values, parent first.
func ancestorField(get func(c *evalContext, t *thread) string, pid bool) argBinder {
	return func(arg string) (fields.Extractor, error) {
		if arg == "" {
			return func(ev fields.Event) fields.Value {
				if c, t := thCtx(ev); t != nil {
					c.list = c.list[:0]
					c.h.eachAncestor(t, func(a *thread) bool {
						c.list = append(c.list, get(c, a))
						return true
					})
					if len(c.list) == 0 {
						return fields.Value{}
					}
					return fields.Value{OK: true, List: c.list}
				}
				return fields.Value{}
			}, nil
		}
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%w: ancestor index must be a non-negative number, not %q", fields.ErrBadArgument, arg)
		}
		return func(ev fields.Event) fields.Value {
			if c, t := thCtx(ev); t != nil {
				a := c.h.ancestor(t, n)
				if a == nil {
					return fields.Value{}
				}
				if pid {
					if !xidOK(a.pid) {
						return fields.Value{}
					}
					return vi(a.pid)
				}
				return vs(get(c, a))
			}
			return fields.Value{}
		}, nil
	}
}

// parentCtx returns the context and the parent process of the event's
// thread (proc.pname and friends), nil when there is none.
func parentCtx(ev fields.Event) (*evalContext, *thread) {
	c, t := thCtx(ev)
	if t == nil {
		return c, nil
	}
	return c, c.h.ancestor(t, 1)
}

// userName returns user.name of t: its user's name, root for uid 0
// without a user record, else <NA>.
func (c *evalContext) userName(t *thread) string {
	if u := c.h.cached(t).user; u != nil {
		return u.name
	}
	if t.uid == 0 {
		return "root"
	}
	return "<NA>"
}

// cmdline returns proc.cmdline of t.
func (c *evalContext) cmdline(t *thread) string {
	if t.cmdline != "" || len(t.args) == 0 {
		return t.cmdline
	}
	return c.render(func(d []byte) []byte {
		d = append(d, t.comm...)
		for _, a := range t.args {
			d = append(d, ' ')
			d = append(d, a...)
		}
		return d
	})
}

// leader finds a session or process group leader as libsinsp's
// get_oldest_matching_ancestor: the thread with that id when the id is a
// host one, else the eldest ancestor sharing the id.
func (c *evalContext) leader(t *thread, id func(*thread) int64, virtual bool) *thread {
	want := id(t)
	if want == -1 {
		return nil
	}
	if !virtual || !t.inPidNS() {
		if l := c.h.threads[want]; l != nil {
			return l
		}
	}
	var leader *thread
	c.h.eachAncestor(t, func(a *thread) bool {
		if id(a) != want {
			return false
		}
		leader = a
		return true
	})
	return leader
}

func leaderField(id func(*thread) int64, virtual bool, get func(*thread) string) extractFn {
	return func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			l := c.leader(t, id, virtual)
			if l == nil {
				return vs("")
			}
			return vs(get(l))
		}
		return fields.Value{}
	}
}

func sidOf(t *thread) int64   { return t.sid }
func pgidOf(t *thread) int64  { return t.pgid }
func vpgidOf(t *thread) int64 { return t.vpgid }
func commOf(t *thread) string { return t.comm }
func exeOf(t *thread) string  { return t.exe }
func pathOf(t *thread) string { return t.exePath }

// stdFD returns fd n of t's process.
func stdFD(t *thread, n int64) *fdInfo { return t.grp.fds.get(n) }

func addProcFields() {
	s := simpleFields
	s["proc.pid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if !xidOK(t.pid) {
				return fields.Value{}
			}
			return vi(t.pid)
		}
		return fields.Value{}
	}
	s["proc.vpid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if t.vpid == -1 {
				return fields.Value{}
			}
			return vi(t.vpid)
		}
		return fields.Value{}
	}
	s["proc.ppid"] = func(ev fields.Event) fields.Value {
		if _, p := parentCtx(ev); p != nil {
			if !xidOK(p.pid) {
				return fields.Value{}
			}
			return vi(p.pid)
		}
		return fields.Value{}
	}
	s["proc.pvpid"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			p := c.h.parent(t)
			if p == nil {
				return fields.Value{}
			}
			return vi(p.vpid)
		}
		return fields.Value{}
	}
	s["proc.name"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vs(t.comm)
		}
		return fields.Value{}
	}
	s["proc.pname"] = func(ev fields.Event) fields.Value {
		if _, p := parentCtx(ev); p != nil {
			return vs(p.comm)
		}
		return fields.Value{}
	}
	s["proc.exe"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vs(t.exe)
		}
		return fields.Value{}
	}
	s["proc.pexe"] = func(ev fields.Event) fields.Value {
		if _, p := parentCtx(ev); p != nil {
			return vs(p.exe)
		}
		return fields.Value{}
	}
	s["proc.exepath"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vs(t.exePath)
		}
		return fields.Value{}
	}
	s["proc.pexepath"] = func(ev fields.Event) fields.Value {
		if _, p := parentCtx(ev); p != nil {
			return vs(p.exePath)
		}
		return fields.Value{}
	}
	s["proc.cmdline"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			return vs(c.cmdline(t))
		}
		return fields.Value{}
	}
	s["proc.pcmdline"] = func(ev fields.Event) fields.Value {
		if c, p := parentCtx(ev); p != nil {
			return vs(c.cmdline(p))
		}
		return fields.Value{}
	}
	s["proc.exeline"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			return vs(c.render(func(d []byte) []byte {
				d = append(d, t.exe...)
				d = append(d, ' ')
				return append(d, t.argsStr...)
			}))
		}
		return fields.Value{}
	}
	s["proc.cmdnargs"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(int64(len(t.args)))
		}
		return fields.Value{}
	}
	s["proc.cmdlenargs"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			n := 0
			for _, a := range t.args {
				n += len(a)
			}
			return vi(int64(n))
		}
		return fields.Value{}
	}
	s["proc.cwd"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vs(t.grp.cwd)
		}
		return fields.Value{}
	}
	s["proc.tty"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(int64(t.tty))
		}
		return fields.Value{}
	}
	// Memory and page faults as of the process's last execve, clone, brk
	// or mmap in the capture (libsinsp's vmsize_kb, ...), the process's
	// from its main thread; unknown for processes only the snapshot
	// describes.
	vm := func(main bool, get func(t *thread) int64) extractFn {
		return func(ev fields.Event) fields.Value {
			c, t := thCtx(ev)
			if t != nil && main {
				t = c.h.mainThread(t)
			}
			if t == nil || !t.vmKnown {
				return fields.Value{}
			}
			return vi(get(t))
		}
	}
	s["proc.vmsize"] = vm(true, func(t *thread) int64 { return int64(t.vmSize) })
	s["proc.vmrss"] = vm(true, func(t *thread) int64 { return int64(t.vmRSS) })
	s["proc.vmswap"] = vm(true, func(t *thread) int64 { return int64(t.vmSwap) })
	s["thread.vmsize"] = vm(false, func(t *thread) int64 { return int64(t.vmSize) })
	s["thread.vmrss"] = vm(false, func(t *thread) int64 { return int64(t.vmRSS) })
	s["thread.pfmajor"] = vm(false, func(t *thread) int64 { return int64(t.pfMajor) })
	s["thread.pfminor"] = vm(false, func(t *thread) int64 { return int64(t.pfMinor) })
	s["proc.fdlimit"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if mt := c.h.mainThread(t); mt != nil && mt.fdLimit > 0 {
				return vi(mt.fdLimit)
			}
		}
		return fields.Value{}
	}
	s["proc.loginshellid"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			mt := c.h.mainThread(t)
			if mt == nil {
				return fields.Value{}
			}
			found := int64(0)
			ok := false
			check := func(a *thread) bool {
				if n := len(a.comm); n >= 2 && a.comm[n-2] == 's' && a.comm[n-1] == 'h' {
					found, ok = a.pid, true
				}
				return true
			}
			check(mt)
			c.h.eachAncestor(mt, check)
			if !ok {
				return fields.Value{}
			}
			return vi(found)
		}
		return fields.Value{}
	}
	s["proc.sid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(t.sid)
		}
		return fields.Value{}
	}
	s["proc.sname"] = leaderField(sidOf, true, commOf)
	s["proc.sid.exe"] = leaderField(sidOf, true, exeOf)
	s["proc.sid.exepath"] = leaderField(sidOf, true, pathOf)
	s["proc.pgid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(t.pgid)
		}
		return fields.Value{}
	}
	s["proc.pgid.name"] = leaderField(pgidOf, false, commOf)
	s["proc.pgid.exe"] = leaderField(pgidOf, false, exeOf)
	s["proc.pgid.exepath"] = leaderField(pgidOf, false, pathOf)
	s["proc.vpgid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(t.vpgid)
		}
		return fields.Value{}
	}
	s["proc.vpgid.name"] = leaderField(vpgidOf, true, commOf)
	s["proc.vpgid.exe"] = leaderField(vpgidOf, true, exeOf)
	s["proc.vpgid.exepath"] = leaderField(vpgidOf, true, pathOf)
	s["proc.is_sid_leader"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vb(t.sid == t.vpid)
		}
		return fields.Value{}
	}
	s["proc.is_pgid_leader"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vb(t.pgid == t.pid)
		}
		return fields.Value{}
	}
	s["proc.is_vpgid_leader"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vb(t.vpgid == t.vpid)
		}
		return fields.Value{}
	}
	s["proc.duration"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if t.cloneTS == 0 {
				return fields.Value{}
			}
			return vi(c.e.Time - t.cloneTS)
		}
		return fields.Value{}
	}
	s["proc.ppid.duration"] = func(ev fields.Event) fields.Value {
		if c, p := parentCtx(ev); p != nil {
			if p.cloneTS == 0 {
				return fields.Value{}
			}
			return vi(c.e.Time - p.cloneTS)
		}
		return fields.Value{}
	}
	exeFlag := func(bit uint32) extractFn {
		return func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				return vb(t.exeFlags&bit != 0)
			}
			return fields.Value{}
		}
	}
	s["proc.is_exe_writable"] = exeFlag(format.ThreadExeWritable)
	s["proc.is_exe_upper_layer"] = exeFlag(format.ThreadExeUpperLayer)
	s["proc.is_exe_lower_layer"] = exeFlag(format.ThreadExeLowerLayer)
	s["proc.is_exe_from_memfd"] = exeFlag(format.ThreadExeFromMemfd)
	nonZero := func(get func(t *thread) int64) extractFn {
		return func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				if v := get(t); v != 0 {
					return vi(v)
				}
				return fields.Value{}
			}
			return fields.Value{}
		}
	}
	s["proc.exe_ino"] = nonZero(func(t *thread) int64 { return int64(t.exeIno) })
	s["proc.exe_ino.ctime"] = nonZero(func(t *thread) int64 { return t.exeInoCtime })
	s["proc.exe_ino.mtime"] = nonZero(func(t *thread) int64 { return t.exeInoMtime })
	s["proc.exe_ino.ctime_duration_proc_start"] = nonZero(func(t *thread) int64 { return t.ctimeClone })
	s["proc.exe_ino.ctime_duration_pidns_start"] = nonZero(func(t *thread) int64 { return t.ctimePidns })
	s["proc.pidns_init_start_ts"] = nonZero(func(t *thread) int64 { return t.pidnsStart })
	for i, n := range []string{"stdin", "stdout", "stderr"} {
		fd := int64(i)
		s["proc."+n+".type"] = func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				if f := stdFD(t, fd); f != nil {
					return vs(f.typ.String())
				}
				return fields.Value{}
			}
			return fields.Value{}
		}
		s["proc."+n+".name"] = func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				if f := stdFD(t, fd); f != nil {
					return vs(f.name)
				}
				return fields.Value{}
			}
			return fields.Value{}
		}
	}

	argFields["proc.apid"] = ancestorField(func(c *evalContext, t *thread) string {
		return c.render(func(d []byte) []byte { return strconv.AppendInt(d, t.pid, 10) })
	}, true)
	argFields["proc.aname"] = ancestorField(func(c *evalContext, t *thread) string { return t.comm }, false)
	argFields["proc.aexe"] = ancestorField(func(c *evalContext, t *thread) string { return t.exe }, false)
	argFields["proc.aexepath"] = ancestorField(func(c *evalContext, t *thread) string { return t.exePath }, false)
	argFields["proc.acmdline"] = ancestorField(func(c *evalContext, t *thread) string { return c.cmdline(t) }, false)
	argFields["proc.args"] = func(arg string) (fields.Extractor, error) {
		if arg == "" {
			return func(ev fields.Event) fields.Value {
				if _, t := thCtx(ev); t != nil {
					return vs(t.argsStr)
				}
				return fields.Value{}
			}, nil
		}
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%w: proc.args takes an argument index, not %q", fields.ErrBadArgument, arg)
		}
		return func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				if n < len(t.args) {
					return vs(t.args[n])
				}
				return vs("")
			}
			return fields.Value{}
		}, nil
	}
	argFields["proc.env"] = func(arg string) (fields.Extractor, error) {
		if arg == "" || isDigits(arg) {
			return func(ev fields.Event) fields.Value {
				if c, t := thCtx(ev); t != nil {
					return vs(c.envLine(t))
				}
				return fields.Value{}
			}, nil
		}
		return func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				return vs(envValue(t.grp.env, arg))
			}
			return fields.Value{}
		}, nil
	}

	argFields["proc.aargs"] = bindAargs
	argFields["proc.aenv"] = bindAenv

	// thread
	s["thread.tid"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			if !xidOK(c.e.TID) {
				return fields.Value{}
			}
			return vi(c.e.TID)
		}
		return fields.Value{}
	}
	s["thread.vtid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if t.vtid == -1 {
				return fields.Value{}
			}
			return vi(t.vtid)
		}
		return fields.Value{}
	}
	s["thread.ismain"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vb(t.isMain())
		}
		return fields.Value{}
	}
	caps := func(get func(t *thread) uint64) extractFn {
		return func(ev fields.Event) fields.Value {
			if c, t := thCtx(ev); t != nil {
				return vs(c.h.capsString(get(t)))
			}
			return fields.Value{}
		}
	}
	s["thread.cap_permitted"] = caps(func(t *thread) uint64 { return t.capPerm })
	s["thread.cap_inheritable"] = caps(func(t *thread) uint64 { return t.capInh })
	s["thread.cap_effective"] = caps(func(t *thread) uint64 { return t.capEff })
	s["thread.cgroups"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if len(t.cgroups) == 0 {
				return fields.Value{}
			}
			return vs(c.render(func(d []byte) []byte {
				for i, cg := range t.cgroups {
					if i > 0 {
						d = append(d, ' ')
					}
					d = append(d, cg...)
				}
				return d
			}))
		}
		return fields.Value{}
	}
	argFields["thread.cgroup"] = func(arg string) (fields.Extractor, error) {
		if arg == "" {
			return nil, fmt.Errorf("%w: thread.cgroup requires a subsystem, e.g. thread.cgroup.cpu", fields.ErrBadArgument)
		}
		prefix := arg + "="
		return func(ev fields.Event) fields.Value {
			if _, t := thCtx(ev); t != nil {
				for _, cg := range t.cgroups {
					if strings.HasPrefix(cg, prefix) {
						return vs(cg[len(prefix):])
					}
				}
				return fields.Value{}
			}
			return fields.Value{}
		}, nil
	}

	// user and group
	s["user.uid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(int64(t.uid))
		}
		return fields.Value{}
	}
	s["user.name"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			return vs(c.userName(t))
		}
		return fields.Value{}
	}
	s["user.homedir"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if u := c.h.cached(t).user; u != nil {
				return vs(u.home)
			}
			if t.uid == 0 {
				return vs("/root")
			}
			return vs("<NA>")
		}
		return fields.Value{}
	}
	s["user.shell"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if u := c.h.cached(t).user; u != nil {
				return vs(u.shell)
			}
			return vs("<NA>")
		}
		return fields.Value{}
	}
	s["user.loginuid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			if t.loginUID == format.NoID {
				return vi(-1)
			}
			return vi(int64(t.loginUID))
		}
		return fields.Value{}
	}
	s["user.loginname"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if u := c.h.cached(t).loginUser; u != nil {
				return vs(u.name)
			}
			if t.loginUID == 0 {
				return vs("root")
			}
			return vs("<NA>")
		}
		return fields.Value{}
	}
	s["group.gid"] = func(ev fields.Event) fields.Value {
		if _, t := thCtx(ev); t != nil {
			return vi(int64(t.gid))
		}
		return fields.Value{}
	}
	s["group.name"] = func(ev fields.Event) fields.Value {
		if c, t := thCtx(ev); t != nil {
			if g := c.h.cached(t).grp; g != nil {
				return vs(g.name)
			}
			if t.gid == 0 {
				return vs("root")
			}
			return vs("<NA>")
		}
		return fields.Value{}
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// envValue returns the value of variable name, spaces trimmed, as
// libsinsp's get_env.
func envValue(env []string, name string) string {
	for _, e := range env {
		if len(e) > len(name)+1 && e[len(name)] == '=' && e[:len(name)] == name {
			return strings.Trim(e[len(name)+1:], " ")
		}
	}
	return ""
}

// capsString returns the names of a capability set, cached per set.
func (h *hostState) capsString(caps uint64) string {
	if s, ok := h.caps[caps]; ok {
		return s
	}
	s := string(appendCaps(nil, caps))
	if h.caps == nil || len(h.caps) > 1024 {
		h.caps = make(map[uint64]string)
	}
	h.caps[caps] = s
	return s
}

// envLine returns proc.env of t: its process's environment joined by
// spaces.
func (c *evalContext) envLine(t *thread) string {
	return c.render(func(d []byte) []byte {
		for i, e := range t.grp.env {
			if i > 0 {
				d = append(d, ' ')
			}
			d = append(d, e...)
		}
		return d
	})
}

// bindAargs binds proc.aargs as libsinsp: with an index, the arguments
// of that ancestor (0 the process itself, missing past the eldest);
// without, the ancestors' arguments, parent first, joined by spaces
// (missing when all are empty). A condition compares that joined text.
func bindAargs(arg string) (fields.Extractor, error) {
	if arg == "" {
		return func(ev fields.Event) fields.Value {
			c, t := thCtx(ev)
			if t == nil {
				return fields.Value{}
			}
			out := c.render(func(d []byte) []byte {
				first := true
				c.h.eachAncestor(t, func(a *thread) bool {
					if !first {
						d = append(d, ' ')
					}
					first = false
					d = append(d, a.argsStr...)
					return true
				})
				return d
			})
			if out == "" {
				return fields.Value{}
			}
			return vs(out)
		}, nil
	}
	n, err := strconv.Atoi(arg)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%w: proc.aargs takes an ancestor index, not %q", fields.ErrBadArgument, arg)
	}
	return func(ev fields.Event) fields.Value {
		c, t := thCtx(ev)
		if t == nil {
			return fields.Value{}
		}
		a := c.h.ancestor(t, n)
		if a == nil {
			return fields.Value{}
		}
		return vs(a.argsStr)
	}, nil
}

// maxEnvAncestors is how far up proc.aenv[NAME] looks, as libsinsp.
const maxEnvAncestors = 20

// bindAenv binds proc.aenv as libsinsp extracts it: without argument or
// with [0], the process's environment (proc.env); with [N], the
// environment of ancestor N (missing past the eldest); with [NAME], the
// first non-empty value of NAME among the ancestors, parent first, at
// most 20 levels up ("" when none has it).
func bindAenv(arg string) (fields.Extractor, error) {
	if arg == "" || isDigits(arg) {
		n := 0
		if arg != "" {
			var err error
			if n, err = strconv.Atoi(arg); err != nil {
				return nil, fmt.Errorf("%w: proc.aenv index %q: %w", fields.ErrBadArgument, arg, err)
			}
		}
		return func(ev fields.Event) fields.Value {
			c, t := thCtx(ev)
			if t == nil {
				return fields.Value{}
			}
			if n == 0 {
				return vs(c.envLine(t))
			}
			a := c.h.ancestor(t, n)
			if a == nil {
				return fields.Value{}
			}
			return vs(c.envLine(a))
		}, nil
	}
	return func(ev fields.Event) fields.Value {
		c, t := thCtx(ev)
		if t == nil {
			return fields.Value{}
		}
		v, level := "", 0
		c.h.eachAncestor(t, func(a *thread) bool {
			v = envValue(a.grp.env, arg)
			level++
			return v == "" && level < maxEnvAncestors
		})
		return vs(v)
	}, nil
}
