package replay

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// ErrNoExtractor is returned by Fields().Bind for a field the analyzer has
// no value for: a field that is not in the catalogue it implements.
var ErrNoExtractor = errors.New("replay: no extractor for field")

// Fields returns the analyzer's fields.Source: it binds every field of
// fields.Default to an extractor over the replay state. Extractors take
// the fields.Event Run hands to the rules engine (and to Options.OnEvent);
// given anything else they return a missing value. The Source is stateless
// and safe for concurrent use; an extractor is as safe as the event it is
// given, which belongs to one Run.
func Fields() fields.Source { return fieldSource{} }

type fieldSource struct{}

// Bind returns the extractor for f with argument arg ("" for none).
func (fieldSource) Bind(f *fields.Field, arg string) (fields.Extractor, error) {
	if f == nil {
		return nil, fmt.Errorf("%w: nil field", ErrNoExtractor)
	}
	if fn, ok := simpleFields[f.Name]; ok {
		if arg != "" {
			return nil, fmt.Errorf("%w: %s takes no argument, got %q", fields.ErrBadArgument, f.Name, arg)
		}
		return fn, nil
	}
	if b, ok := argFields[f.Name]; ok {
		return b(arg)
	}
	return nil, fmt.Errorf("%w %s", ErrNoExtractor, f.Name)
}

// extractFn is a bound field's extractor. Each is one closure that takes
// the context apart with the inlined accessors below and computes the
// value in place: a field is extracted several times per event, and a
// closure calling a closure costs twice as much (the value, 100 bytes, is
// copied on every return).
type extractFn = fields.Extractor

// evCtx returns the context of an event, or nil.
func evCtx(ev fields.Event) *evalContext {
	c, _ := ev.(*evalContext)
	if c == nil || c.e == nil {
		return nil
	}
	return c
}

// thCtx returns the context and the event's thread; the thread is nil
// when there is none.
func thCtx(ev fields.Event) (*evalContext, *thread) {
	c, _ := ev.(*evalContext)
	if c == nil {
		return nil, nil
	}
	return c, c.th
}

// argBinder binds a field that takes an argument.
type argBinder func(arg string) (fields.Extractor, error)

func vs(s string) fields.Value { return fields.Value{OK: true, Str: s} }
func vi(i int64) fields.Value  { return fields.Value{OK: true, Int: i} }
func vb(b bool) fields.Value {
	if b {
		return fields.Value{OK: true, Int: 1, Str: "true"}
	}
	return fields.Value{OK: true, Str: "false"}
}
func vip(a netip.Addr) fields.Value {
	if !a.IsValid() {
		a = netip.AddrFrom4([4]byte{})
	}
	return fields.Value{OK: true, IP: a}
}

// arenaStr runs fn to append to the context's arena and returns the result.
func (c *evalContext) render(fn func(dst []byte) []byte) string {
	start := len(c.arena)
	c.arena = fn(c.arena)
	return c.str(start)
}

var simpleFields map[string]extractFn
var argFields map[string]argBinder

func init() {
	simpleFields = map[string]extractFn{}
	argFields = map[string]argBinder{}
	addEventFields()
	addFDFields()
	addProcFields()
	addContainerFields()
}

// ---- evt ----

func addEventFields() {
	s := simpleFields
	s["evt.num"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(int64(c.e.Num))
		}
		return fields.Value{}
	}
	s["evt.time"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(func(d []byte) []byte { return appendTime(d, c.e.Time, "15:04:05", true, false) }))
		}
		return fields.Value{}
	}
	s["evt.time.s"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(func(d []byte) []byte { return appendTime(d, c.e.Time, "15:04:05", false, false) }))
		}
		return fields.Value{}
	}
	s["evt.time.iso8601"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(func(d []byte) []byte {
				d = appendTime(d, c.e.Time, "2006-01-02T15:04:05", true, true)
				return append(d, 'Z')
			}))
		}
		return fields.Value{}
	}
	s["evt.datetime"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(func(d []byte) []byte { return appendTime(d, c.e.Time, "2006-01-02 15:04:05", true, false) }))
		}
		return fields.Value{}
	}
	s["evt.datetime.s"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(func(d []byte) []byte { return appendTime(d, c.e.Time, "2006-01-02 15:04:05", false, false) }))
		}
		return fields.Value{}
	}
	s["evt.rawtime"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(c.e.Time)
		}
		return fields.Value{}
	}
	s["evt.rawtime.s"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(c.e.Time / 1e9)
		}
		return fields.Value{}
	}
	s["evt.rawtime.ns"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(c.e.Time % 1e9)
		}
		return fields.Value{}
	}
	s["evt.reltime"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(c.e.Time - c.first)
		}
		return fields.Value{}
	}
	s["evt.dir"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.e.Dir.String())
		}
		return fields.Value{}
	}
	s["evt.type"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.typeName())
		}
		return fields.Value{}
	}
	s["syscall.type"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			if c.info.Category&format.CatSyscall == 0 {
				return fields.Value{}
			}
			return vs(c.typeName())
		}
		return fields.Value{}
	}
	s["evt.category"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.category())
		}
		return fields.Value{}
	}
	s["evt.cpu"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vi(int64(c.e.CPU))
		}
		return fields.Value{}
	}
	s["evt.args"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.render(c.appendArgs))
		}
		return fields.Value{}
	}
	s["evt.info"] = s["evt.args"]
	s["evt.buffer"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			i := dataParam[c.e.Type]
			b, ok := pBytes(c.e, i)
			if !ok {
				return fields.Value{}
			}
			v := vs(c.render(func(d []byte) []byte { return appendDots(d, b) }))
			v.Raw = b
			return v
		}
		return fields.Value{}
	}
	s["evt.buflen"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			if c.fd == nil || c.info.Category.Main()&format.CatIORead != format.CatIORead {
				return fields.Value{}
			}
			if r, ok := c.res(); ok && r >= 0 {
				return vi(r)
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["evt.res"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			r, ok := c.res()
			if !ok {
				return fields.Value{}
			}
			if r >= 0 {
				return vs("SUCCESS")
			}
			return vs(c.render(func(d []byte) []byte { return c.appendArgValue(d, 0) }))
		}
		return fields.Value{}
	}
	s["evt.rawres"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			if r, ok := c.res(); ok {
				return vi(r)
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["evt.failed"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			if r, ok := c.res(); ok {
				return vb(r < 0)
			}
			return fields.Value{}
		}
		return fields.Value{}
	}
	s["evt.is_io"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.info.Flags&(format.FlagReadsFromFD|format.FlagWritesToFD) != 0)
		}
		return fields.Value{}
	}
	s["evt.is_io_read"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.info.Flags&format.FlagReadsFromFD != 0)
		}
		return fields.Value{}
	}
	s["evt.is_io_write"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.info.Flags&format.FlagWritesToFD != 0)
		}
		return fields.Value{}
	}
	s["evt.is_open_read"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.openCheck(openRead))
		}
		return fields.Value{}
	}
	s["evt.is_open_write"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.openCheck(openWrite))
		}
		return fields.Value{}
	}
	s["evt.is_open_exec"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.openCheck(openExec))
		}
		return fields.Value{}
	}
	s["evt.is_open_create"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vb(c.openCheck(openCreate))
		}
		return fields.Value{}
	}
	s["evt.hostname"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs(c.h.hostname)
		}
		return fields.Value{}
	}
	s["evt.source"] = func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			return vs("syscall")
		}
		return fields.Value{}
	}

	argFields["evt.arg"] = func(arg string) (fields.Extractor, error) { return bindArg(arg, false) }
	argFields["evt.rawarg"] = func(arg string) (fields.Extractor, error) { return bindArg(arg, true) }
}

// appendTime appends ns formatted with layout in the local zone (or UTC),
// followed by the nanoseconds when nanos.
func appendTime(dst []byte, ns int64, layout string, nanos, utc bool) []byte {
	t := time.Unix(0, ns)
	if utc {
		t = t.UTC()
	}
	dst = t.AppendFormat(dst, layout)
	if nanos {
		dst = append(dst, '.')
		n := ns % 1e9
		if n < 0 {
			n += 1e9
		}
		var buf [9]byte
		for i := 8; i >= 0; i-- {
			buf[i] = byte('0' + n%10)
			n /= 10
		}
		dst = append(dst, buf[:]...)
	}
	return dst
}

// typeName returns evt.type: the catalogue name, or for generic syscall
// events the syscall's name.
func (c *evalContext) typeName() string {
	if c.e.Type == format.EvSyscall && c.syscallName != nil {
		if n := c.genericName(); n != "" {
			return n
		}
	}
	return c.info.Name
}

var categoryNames = map[format.Category]string{
	format.CatUnknown: "unknown", format.CatOther: "other", format.CatFile: "file",
	format.CatNet: "net", format.CatIPC: "IPC", format.CatMemory: "memory",
	format.CatProcess: "process", format.CatSleep: "sleep", format.CatSystem: "system",
	format.CatSignal: "signal", format.CatUser: "user", format.CatTime: "time",
	format.CatProcessing: "processing",
}

// category returns evt.category as libsinsp: I/O events are named after
// the kind of fd they work on.
func (c *evalContext) category() string {
	cat := c.info.Category
	main := cat.Main()
	if main >= format.CatIORead && main <= format.CatIOOther {
		if c.fd == nil {
			return "unknown"
		}
		switch c.fd.typ {
		case format.FDFile, format.FDDirectory:
			return "file"
		case format.FDIPv4, format.FDIPv6, format.FDIPv4Server, format.FDIPv6Server:
			return "net"
		case format.FDPipe, format.FDUnix, format.FDEvent, format.FDSignalFD, format.FDInotify, format.FDUserfaultFD:
			return "ipc"
		}
		return "unknown"
	}
	if n, ok := categoryNames[main]; ok && main != format.CatUnknown {
		return n
	}
	switch {
	case cat&format.CatWait != 0:
		return "wait"
	case cat&format.CatScheduler != 0:
		return "scheduler"
	case cat&format.CatInternal != 0:
		return "internal"
	case cat&format.CatMeta != 0:
		return "meta"
	case cat&format.CatPlugin != 0:
		return "plugin"
	case cat&format.CatTracepoint != 0:
		return "tracepoint"
	case cat&format.CatSyscall != 0:
		return "syscall"
	}
	return "unknown"
}

// dataParam is, per event type, the index of the "data" parameter.
var dataParam [format.NumEventTypes]int

// openFlagsParam and openModeParam are the open-family parameters the
// evt.is_open_* fields read.
var openFlagsParam, openModeParam [format.NumEventTypes]int

func init() {
	for t := range format.NumEventTypes {
		info := format.EventType(t).Info()
		dataParam[t] = info.Param("data")
		openFlagsParam[t], openModeParam[t] = -1, -1
	}
	for _, t := range []format.EventType{format.EvOpen, format.EvOpenat, format.EvOpenat2, format.EvOpenByHandleAt} {
		openFlagsParam[t] = format.MustParam(t, "flags")
		if t != format.EvOpenByHandleAt {
			openModeParam[t] = format.MustParam(t, "mode")
		}
	}
	openModeParam[format.EvCreat] = format.MustParam(format.EvCreat, "mode")
}

type openCheckKind uint8

const (
	openRead openCheckKind = iota
	openWrite
	openExec
	openCreate
)

// openCheck implements evt.is_open_*, as libsinsp.
func (c *evalContext) openCheck(kind openCheckKind) bool {
	const execMask = 0o111
	t := c.e.Type
	switch t {
	case format.EvOpen, format.EvOpenat, format.EvOpenat2, format.EvOpenByHandleAt:
		fl, _ := pInt(c.e, openFlagsParam[t])
		flags := uint32(fl)
		switch kind {
		case openRead:
			return flags&oRdonly != 0
		case openWrite:
			return flags&oWronly != 0
		case openCreate:
			if flags&oCreated != 0 {
				return true
			}
			if flags&oTmpfile != 0 {
				if r, ok := c.res(); ok && r >= 0 {
					return true
				}
			}
			return false
		case openExec:
			if flags&(oTmpfile|oCreat) != 0 && t != format.EvOpenByHandleAt {
				if m, ok := pInt(c.e, openModeParam[t]); ok {
					return m&execMask != 0
				}
			}
		}
	case format.EvCreat:
		if kind == openExec {
			m, _ := pInt(c.e, openModeParam[t])
			return m&execMask != 0
		}
	}
	return false
}

// argIndex holds, per event type, the index of a named parameter.
type argIndex [format.NumEventTypes]int16

func newArgIndex(name string) *argIndex {
	var ix argIndex
	for t := range format.NumEventTypes {
		ix[t] = int16(format.EventType(t).Info().Param(name))
	}
	return &ix
}

// bindArg binds evt.arg (rendered) or evt.rawarg (raw) to a parameter by
// name or by position.
func bindArg(arg string, raw bool) (fields.Extractor, error) {
	if arg == "" {
		return nil, fmt.Errorf("%w: evt.arg requires a parameter name or index", fields.ErrBadArgument)
	}
	var ix *argIndex
	pos := -1
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 0 || n >= format.MaxParams {
			return nil, fmt.Errorf("%w: evt.arg index %d out of range", fields.ErrBadArgument, n)
		}
		pos = n
	} else {
		ix = newArgIndex(arg)
	}
	return func(ev fields.Event) fields.Value {
		if c := evCtx(ev); c != nil {
			i := pos
			if ix != nil {
				i = int(ix[c.e.Type])
			}
			if i < 0 || i >= len(c.e.Params) || c.e.Has&(1<<uint(i)) == 0 {
				return fields.Value{}
			}
			if !raw {
				return vs(c.render(func(d []byte) []byte { return c.appendArgValue(d, i) }))
			}
			pi := &c.info.Params[i]
			v := c.e.Params[i]
			if pi.Type.IsInt() {
				out := fields.Value{OK: true, Int: v.Int}
				// libsinsp prints a raw number in its parameter's
				// format (rawval_to_string): flags 512 as 200. The
				// number compares as a number.
				switch pi.Fmt {
				case format.FmtHex:
					out.Str = c.render(func(d []byte) []byte { return appendHexUpper(d, uint64(v.Int)&typeMask(pi.Type), pi.Type) })
				case format.FmtOct:
					out.Str = c.render(func(d []byte) []byte { return strconv.AppendUint(d, uint64(v.Int)&typeMask(pi.Type), 8) })
				}
				return out
			}
			return fields.Value{OK: true, Str: bytesStr(cstr(v.Bytes)), Raw: v.Bytes}
		}
		return fields.Value{}
	}, nil
}

// typeMask is the bits of a parameter's integer type, for printing a
// negative value of a narrow type as the unsigned number libsinsp prints.
func typeMask(t format.ParamType) uint64 {
	switch t {
	case format.PTInt8, format.PTUint8, format.PTFlags8, format.PTEnumFlags8:
		return 0xff
	case format.PTInt16, format.PTUint16, format.PTFlags16, format.PTEnumFlags16:
		return 0xffff
	case format.PTInt32, format.PTUint32, format.PTFlags32, format.PTEnumFlags32, format.PTMode, format.PTUID, format.PTGID:
		return 0xffffffff
	}
	return ^uint64(0)
}
