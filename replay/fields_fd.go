package replay

import (
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// fdCtx returns the context and the event's fd entry, and whether the
// fd fields apply: only to events that create, use or destroy an fd and
// have a thread (libsinsp's extract_fd); the entry may still be nil when
// the fd is not in the table.
func fdCtx(ev fields.Event) (*evalContext, *fdInfo, bool) {
	c, _ := ev.(*evalContext)
	if c == nil || !c.fdEvent || c.th == nil {
		return nil, nil, false
	}
	return c, c.fd, true
}

// fdOnlyCtx is fdCtx for the fields that need the fd entry itself.
func fdOnlyCtx(ev fields.Event) (*evalContext, *fdInfo, bool) {
	c, f, ok := fdCtx(ev)
	return c, f, ok && f != nil
}

// typeChars holds one-letter strings for fd.typechar.
var typeChars = func() [256]string {
	var t [256]string
	for i := range t {
		t[i] = string(rune(i))
	}
	return t
}()

// eventTypeChar is libsinsp's guess of the fd type from the event type
// when the fd is not in the table.
func eventTypeChar(t format.EventType) byte {
	switch t {
	case format.EvOpen, format.EvOpenat, format.EvOpenat2, format.EvCreat, format.EvOpenByHandleAt:
		return 'f'
	case format.EvSocket, format.EvAccept, format.EvAccept4:
		return '4'
	case format.EvPipe, format.EvPipe2:
		return 'p'
	case format.EvEventfd, format.EvEventfd2:
		return 'e'
	case format.EvSignalfd, format.EvSignalfd4:
		return 's'
	case format.EvTimerfdCreate:
		return 't'
	case format.EvInotifyInit, format.EvInotifyInit1:
		return 'i'
	}
	return 'o'
}

// Parameter indices for names taken from the event itself.
var (
	pAccept4TupleFD = pAccept4Tuple
	pRenameat2Old   = format.MustParam(format.EvRenameat2, "olddirfd")
	pRenameat2New   = format.MustParam(format.EvRenameat2, "newdirfd")
)

// fdNameFromEvent is libsinsp's extract_fdname_from_event: the name an
// fd-creating event gives, when its fd is not in the table.
func (c *evalContext) fdNameFromEvent(raw bool) (string, bool) {
	e := c.e
	if e.Dir == format.DirEnter {
		return "", false
	}
	switch e.Type {
	case format.EvOpen, format.EvCreat:
		pi := pOpenName
		if e.Type == format.EvCreat {
			pi = pCreatName
		}
		if _, ok := pBytes(e, pi); !ok {
			return "", false
		}
		return c.render(func(d []byte) []byte { return c.appendArgValue(d, pi) }), true
	case format.EvAccept, format.EvAccept4, format.EvConnect:
		pi := pAcceptTuple
		switch e.Type {
		case format.EvAccept4:
			pi = pAccept4TupleFD
		case format.EvConnect:
			pi = pConnTuple
		}
		if _, ok := pBytes(e, pi); !ok {
			return "", false
		}
		return c.render(func(d []byte) []byte { return c.appendArgValue(d, pi) }), true
	case format.EvOpenat, format.EvOpenat2:
		pd, pn := pOpenatDirfd, pOpenatName
		if e.Type == format.EvOpenat2 {
			pd, pn = pOpenat2Dirfd, pOpenat2Name
		}
		name, ok := pStr(e, pn)
		if !ok {
			return "", false
		}
		if raw {
			return bytesStr(name), true
		}
		dirfd, ok := pInt(e, pd)
		if !ok {
			return "", false
		}
		b1, b2 := c.h.dirOf(c.th, bytesStr(name), dirfd)
		return c.render(func(d []byte) []byte { return appendResolved(d, b1, b2, bytesStr(name)) }), true
	case format.EvOpenByHandleAt:
		p, _ := pStr(e, pOBHPath)
		return bytesStr(p), true
	}
	return "", true
}

// fdDirectory is fd.directory for the event's fd entry f (nil when the
// fd is not in the table).
func (c *evalContext) fdDirectory(f *fdInfo) (string, bool) {
	var name string
	switch {
	case f == nil:
		n, ok := c.fdNameFromEvent(false)
		if !ok {
			return "", false
		}
		name = n
	case f.typ == format.FDDirectory:
		return f.name, true
	case f.typ == format.FDFile:
		name = f.name
	default:
		return "", false
	}
	return dirName(name), true
}

// dirName and baseName are fd.directory and fd.filename's string
// handling, as libsinsp.
func dirName(s string) string {
	pos := strings.LastIndexByte(s, '/')
	if pos > 0 {
		if pos < len(s)-1 {
			return s[:pos]
		}
		return s
	}
	return "/"
}

func baseName(s string) string {
	pos := strings.LastIndexByte(s, '/')
	if pos < 0 {
		return "/"
	}
	if pos < len(s)-1 {
		return s[pos+1:]
	}
	return s
}

// dedupSlashes removes repeated '/' as libsinsp does for fd.nameraw.
func dedupSlashes(c *evalContext, s string) string {
	if !strings.Contains(s, "//") {
		return s
	}
	return c.render(func(d []byte) []byte {
		for i := 0; i < len(s); i++ {
			if s[i] == '/' && i > 0 && s[i-1] == '/' {
				continue
			}
			d = append(d, s[i])
		}
		return d
	})
}

func isSock(f *fdInfo) bool { return f.typ == format.FDIPv4 || f.typ == format.FDIPv6 }

func isServ(f *fdInfo) bool { return f.typ == format.FDIPv4Server || f.typ == format.FDIPv6Server }

// localEnds returns a connected socket's local and remote ends, deciding
// which is local from the host's (or container's) addresses as libsinsp.
func (c *evalContext) localEnds(f *fdInfo) (lip netip.Addr, lport uint16, rip netip.Addr, rport uint16) {
	if c.h.isLocal(c.th, f.sip) {
		return f.sip, f.sport, f.dip, f.dport
	}
	return f.dip, f.dport, f.sip, f.sport
}

// portStr renders a port into the arena.
func (c *evalContext) portStr(p uint16) string {
	return c.render(func(d []byte) []byte { return strconv.AppendUint(d, uint64(p), 10) })
}

func (c *evalContext) addrStr(a netip.Addr) string {
	return c.render(func(d []byte) []byte { return appendAddr(d, a) })
}

func addFDFields() {
	s := simpleFields
	s["fd.num"] = func(ev fields.Event) fields.Value {
		if c, _, ok := fdCtx(ev); ok {
			return vi(c.fdNum)
		}
		return fields.Value{}
	}
	s["fd.type"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vs(f.typ.String())
		}
		return fields.Value{}
	}
	s["fd.typechar"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdCtx(ev); ok {
			if f == nil {
				return vs(typeChars[eventTypeChar(c.e.Type)])
			}
			return vs(typeChars[f.typ.TypeChar()])
		}
		return fields.Value{}
	}
	s["fd.name"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdCtx(ev); ok {
			if f != nil {
				return vs(f.name)
			}
			if n, ok := c.fdNameFromEvent(false); ok {
				return vs(n)
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.nameraw"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdCtx(ev); ok {
			if f != nil {
				return vs(dedupSlashes(c, f.nameRaw))
			}
			if n, ok := c.fdNameFromEvent(true); ok {
				return vs(dedupSlashes(c, n))
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.directory"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdCtx(ev); ok {
			if d, ok := c.fdDirectory(f); ok {
				return vs(d)
			}
		}
		return fields.Value{}
	}
	s["fd.filename"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			if f.typ != format.FDFile {
				return fields.Value{}
			}
			return vs(baseName(f.name))
		}
		return fields.Value{}
	}
	s["fd.ip"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdOnlyCtx(ev); ok {
			switch {
			case isSock(f):
				v := vip(f.sip)
				c.list = append(c.list[:0], c.addrStr(f.sip), c.addrStr(f.dip))
				v.List = c.list
				return v
			case isServ(f):
				v := vip(f.dip)
				c.list = append(c.list[:0], c.addrStr(f.dip))
				v.List = c.list
				return v
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.cip"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			if f.role == roleNone || !isSock(f) {
				return fields.Value{}
			}
			return vip(f.sip)
		}
		return fields.Value{}
	}
	s["fd.cnet"] = s["fd.cip"]
	s["fd.sip"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			if f.role == roleNone || !(isSock(f) || isServ(f)) {
				return fields.Value{}
			}
			return vip(f.dip)
		}
		return fields.Value{}
	}
	s["fd.snet"] = s["fd.sip"]
	lr := func(local, port bool) extractFn {
		return func(ev fields.Event) fields.Value {
			if c, f, ok := fdOnlyCtx(ev); ok {
				if !isSock(f) || f.role == roleNone {
					return fields.Value{}
				}
				lip, lport, rip, rport := c.localEnds(f)
				switch {
				case local && port:
					return vi(int64(lport))
				case local:
					return vip(lip)
				case port:
					return vi(int64(rport))
				}
				return vip(rip)
			}
			return fields.Value{}
		}
	}
	s["fd.lip"] = lr(true, false)
	s["fd.lnet"] = s["fd.lip"]
	s["fd.rip"] = lr(false, false)
	s["fd.rnet"] = s["fd.rip"]
	s["fd.lport"] = lr(true, true)
	s["fd.rport"] = lr(false, true)
	s["fd.net"] = s["fd.ip"]
	s["fd.port"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdOnlyCtx(ev); ok {
			switch {
			case isSock(f):
				v := vi(int64(f.sport))
				c.list = append(c.list[:0], c.portStr(f.sport), c.portStr(f.dport))
				v.List = c.list
				return v
			case isServ(f):
				v := vi(int64(f.dport))
				c.list = append(c.list[:0], c.portStr(f.dport))
				v.List = c.list
				return v
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.cport"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			if f.role == roleNone || !isSock(f) {
				return fields.Value{}
			}
			return vi(int64(f.sport))
		}
		return fields.Value{}
	}
	s["fd.sport"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			switch {
			case isSock(f):
				if f.role == roleNone {
					return fields.Value{}
				}
				return vi(int64(f.dport))
			case isServ(f):
				return vi(int64(f.dport))
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.l4proto"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			l4, ok := f.l4proto()
			if !ok {
				return vs("<NA>")
			}
			switch l4 {
			case l4TCP:
				return vs("tcp")
			case l4UDP:
				return vs("udp")
			case l4ICMP:
				return vs("icmp")
			case l4Raw:
				return vs("raw")
			}
			return vs("<NA>")
		}
		return fields.Value{}
	}
	s["fd.sockfamily"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			switch {
			case isSock(f) || isServ(f):
				return vs("ip")
			case f.typ == format.FDUnix:
				return vs("unix")
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["fd.is_server"] = func(ev fields.Event) fields.Value {
		if c, f, ok := fdOnlyCtx(ev); ok {
			switch {
			case isServ(f):
				return vb(true)
			case isSock(f):
				return vb(c.h.isLocal(c.th, f.dip))
			}
			return vb(false)
		}
		return fields.Value{}
	}
	s["fd.connected"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vb(f.conn == sockConnected)
		}
		return fields.Value{}
	}
	s["fd.name_changed"] = func(ev fields.Event) fields.Value {
		if c, _, ok := fdOnlyCtx(ev); ok {
			return vb(c.nameChanged)
		}
		return fields.Value{}
	}
	noName := func(ev fields.Event) fields.Value {
		if _, _, ok := fdCtx(ev); ok {
			return fields.Value{}
		}
		return fields.Value{}
	}
	for _, n := range []string{"fd.cip.name", "fd.sip.name", "fd.lip.name", "fd.rip.name"} {
		s[n] = noName // captures carry no DNS answers to resolve with
	}
	s["fd.dev"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vi(int64(f.dev))
		}
		return fields.Value{}
	}
	s["fd.dev.major"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vi(int64((f.dev & 0xfff00) >> 8))
		}
		return fields.Value{}
	}
	s["fd.dev.minor"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vi(int64((f.dev & 0xff) | ((f.dev >> 12) & 0xfff00)))
		}
		return fields.Value{}
	}
	s["fd.ino"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vi(int64(f.ino))
		}
		return fields.Value{}
	}
	s["fd.is_upper_layer"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vb(f.upper)
		}
		return fields.Value{}
	}
	s["fd.is_lower_layer"] = func(ev fields.Event) fields.Value {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return vb(f.lower)
		}
		return fields.Value{}
	}

	argFields["fd.types"] = func(arg string) (fields.Extractor, error) {
		if arg == "" {
			return func(ev fields.Event) fields.Value {
				if c, _, ok := fdCtx(ev); ok {
					var seen [32]bool
					c.list = c.list[:0]
					c.th.grp.fds.each(func(f *fdInfo) bool {
						if int(f.typ) < len(seen) && seen[f.typ] {
							return true
						}
						if int(f.typ) < len(seen) {
							seen[f.typ] = true
						}
						c.list = append(c.list, f.typ.String())
						return true
					})
					// libsinsp collects the kinds in a std::set: sorted.
					slices.Sort(c.list)
					return fields.Value{OK: true, List: c.list}
				}
				return fields.Value{}
			}, nil
		}
		n, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%w: fd.types takes an fd number, not %q", fields.ErrBadArgument, arg)
		}
		return func(ev fields.Event) fields.Value {
			if c, _, ok := fdCtx(ev); ok {
				f := c.th.grp.fds.get(n)
				if f == nil {
					return fields.Value{}
				}
				return vs(f.typ.String())
			}
			return fields.Value{}
		}, nil
	}

	addFSPathFields()
}

// fs.path: libsinsp's sinsp_filtercheck_fspath.

type fsPathSpec struct {
	success  int8 // 0: res == 0; 1: fd != -1
	path     string
	source   string
	target   string
	pathIsFD bool // the path is the fd's name (fchmod, fchown)
}

var fsPathSpecs = map[format.EventType]fsPathSpec{
	format.EvMkdir:     {path: "path"},
	format.EvMkdirat:   {path: "path"},
	format.EvRmdir:     {path: "path"},
	format.EvUnlink:    {path: "path"},
	format.EvUnlinkat:  {path: "name"},
	format.EvOpen:      {success: 1, path: "name"},
	format.EvOpenat:    {success: 1, path: "name"},
	format.EvOpenat2:   {success: 1, path: "name"},
	format.EvFchmodat:  {path: "filename"},
	format.EvChmod:     {path: "filename"},
	format.EvFchmod:    {pathIsFD: true},
	format.EvChown:     {path: "path"},
	format.EvLchown:    {path: "path"},
	format.EvFchown:    {pathIsFD: true},
	format.EvFchownat:  {path: "pathname"},
	format.EvQuotactl:  {path: "special"},
	format.EvRename:    {source: "oldpath", target: "newpath"},
	format.EvRenameat:  {source: "oldpath", target: "newpath"},
	format.EvRenameat2: {source: "oldpath", target: "newpath"},
	format.EvLink:      {source: "newpath", target: "oldpath"},
	format.EvLinkat:    {source: "newpath", target: "oldpath"},
	format.EvSymlink:   {source: "linkpath", target: "target"},
	format.EvSymlinkat: {source: "linkpath", target: "target"},
	format.EvMount:     {source: "dev", target: "dir"},
	format.EvUmount:    {path: "name"},
	format.EvUmount2:   {path: "name"},
}

type fsPathKind uint8

const (
	fsName fsPathKind = iota
	fsSource
	fsTarget
)

// fsPathIdx holds per event type the parameter index of each kind, -1 for
// none, -2 for "the fd's name".
var fsPathIdx [3][format.NumEventTypes]int
var fsSuccess [format.NumEventTypes]int8

func init() {
	for k := range fsPathIdx {
		for t := range format.NumEventTypes {
			fsPathIdx[k][t] = -1
		}
	}
	for t := range format.NumEventTypes {
		fsSuccess[t] = -1
	}
	for t, sp := range fsPathSpecs {
		info := t.Info()
		fsSuccess[t] = sp.success
		if sp.pathIsFD {
			fsPathIdx[fsName][t] = -2
		} else if sp.path != "" {
			fsPathIdx[fsName][t] = info.Param(sp.path)
		}
		if sp.source != "" {
			fsPathIdx[fsSource][t] = info.Param(sp.source)
		}
		if sp.target != "" {
			fsPathIdx[fsTarget][t] = info.Param(sp.target)
		}
	}
}

// fsDirfd is libsinsp's format_dirfd: the event's fd when it is a
// directory.
func (c *evalContext) fsDirfd() (string, string) {
	f := c.fd
	if f == nil || f.typ != format.FDDirectory {
		return "<UNKNOWN>", ""
	}
	if f.name == "" || f.name[len(f.name)-1] == '/' {
		return f.name, ""
	}
	return f.name, "/"
}

func (c *evalContext) fsPath(kind fsPathKind, raw bool) fields.Value {
	e := c.e
	t := e.Type
	switch fsSuccess[t] {
	case -1:
		return fields.Value{}
	case 0:
		if r, ok := c.res(); !ok || r != 0 {
			return fields.Value{}
		}
	case 1:
		if r, ok := c.res(); !ok || r == -1 {
			return fields.Value{}
		}
	}
	i := fsPathIdx[kind][t]
	var p string
	switch {
	case i == -1:
		return fields.Value{}
	case i == -2:
		if c.fd == nil {
			return fields.Value{}
		}
		p = c.fd.name
	default:
		b, ok := pStr(e, i)
		if !ok {
			return fields.Value{}
		}
		p = bytesStr(b)
	}
	if raw {
		return vs(p)
	}
	if c.th == nil {
		return fields.Value{}
	}
	if len(p) > 0 && p[0] == '/' {
		return vs(c.render(func(d []byte) []byte { return appendJoinPath(d, "", p) }))
	}
	var b1, b2 string
	switch t {
	case format.EvOpenat, format.EvOpenat2:
		if c.fd != nil {
			p = c.fd.name
		} else {
			p = "<UNKNOWN>"
		}
	case format.EvNewfstatat, format.EvFchownat, format.EvFchmodat, format.EvMkdirat, format.EvUnlinkat, format.EvMknodat:
		b1, b2 = c.fsDirfd()
	case format.EvSymlinkat:
		if kind == fsSource {
			b1, b2 = c.fsDirfd()
		} else {
			b1 = "<UNKNOWN>"
		}
	case format.EvRenameat2:
		di := pRenameat2Old
		if kind == fsTarget {
			di = pRenameat2New
		}
		dirfd, _ := pInt(e, di)
		b1, b2 = c.h.dirOf(c.th, p, dirfd)
	default:
		b1 = c.th.grp.cwd
	}
	return vs(c.render(func(d []byte) []byte { return appendResolved(d, b1, b2, p) }))
}

func addFSPathFields() {
	s := simpleFields
	s["fs.path.name"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsName, false)
		}
		return fields.Value{}
	}
	s["fs.path.nameraw"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsName, true)
		}
		return fields.Value{}
	}
	s["fs.path.source"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsSource, false)
		}
		return fields.Value{}
	}
	s["fs.path.sourceraw"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsSource, true)
		}
		return fields.Value{}
	}
	s["fs.path.target"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsTarget, false)
		}
		return fields.Value{}
	}
	s["fs.path.targetraw"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return c.fsPath(fsTarget, true)
		}
		return fields.Value{}
	}
}
