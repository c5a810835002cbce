package fields

import "net/netip"

// Type is a field's value type.
type Type uint8

// Field types.
const (
	String  Type = iota + 1 // text; also paths and rendered flags
	Int                     // signed 64-bit integer
	Uint                    // unsigned 64-bit integer
	Bool                    // true/false
	IPAddr                  // one IPv4 or IPv6 address
	IPNet                   // an address compared against networks (fd.net = 10.0.0.0/8)
	Bytes                   // raw bytes (evt.buffer); compared with bcontains/bstartswith
	RelTime                 // nanoseconds, a duration
	AbsTime                 // nanoseconds since the Unix epoch
	Port                    // 16-bit port number
	Mode                    // file mode bits
)

// ArgKind says whether and how a field takes an argument in brackets.
type ArgKind uint8

// Argument kinds.
const (
	NoArg       ArgKind = iota // proc.name
	IndexArg                   // proc.aname[2]: a non-negative integer
	KeyArg                     // evt.arg[name], container.mount.dest[/etc]: any text
	OptIndexArg                // proc.aname or proc.aname[2]: index optional
	OptKeyArg                  // argument optional
)

// Flags qualify where and how a field may be used.
type Flags uint16

// Field flags.
const (
	// FilterOnly fields match in conditions but have no printable value
	// (fd.net, fd.ip, fd.port): they may not appear in outputs.
	FilterOnly Flags = 1 << iota
	// NoValue fields may not be compared against through val() on the
	// right-hand side of a comparison (fd.ip, proc.aname, fd.cip.name).
	NoValue
	// Deprecated fields are kept for compatibility; using one in a
	// condition draws a LOAD_DEPRECATED_ITEM warning, as in Falco.
	Deprecated
	// DotArg fields also take their argument after a dot:
	// evt.arg.name is evt.arg[name], container.label.app is
	// container.label[app].
	DotArg
	// SetOps marks a list compared as a set (fd.types): only in,
	// intersects and exists apply; `in` holds when every value is in
	// the set, `intersects` when one is.
	SetOps
)

// Field describes one filter field. Fields are values in a Catalogue's
// table and are never modified after the Catalogue is built.
type Field struct {
	Name string
	Type Type
	Arg  ArgKind
	// List reports that the field has several values for one event (e.g.
	// proc.aname without an index, fd.types, container.mounts); operators
	// then match if any value matches, and `in`/`intersects` compare sets.
	// For fields whose argument is an optional index (proc.aname[2]) the
	// field is a list only when no argument is given.
	List bool
	Desc string
	// EventTypes restricts the field to these event types (Falco names);
	// nil means any event.
	EventTypes []string
	// Flags qualify where the field may be used.
	Flags Flags
}

// Has reports whether f has all the flags in fl.
func (f *Field) Has(fl Flags) bool { return f.Flags&fl == fl }

// IsList reports whether a reference to f with argument arg ("" for none)
// yields several values.
func (f *Field) IsList(arg string) bool {
	if !f.List {
		return false
	}
	if arg != "" && !f.Has(SetOps) && (f.Arg == OptIndexArg || f.Arg == OptKeyArg) {
		return false
	}
	return true
}

// Value is a field's value for one event. OK is false when the value is
// missing (printed as <NA> in outputs, never matching a comparison).
type Value struct {
	OK   bool
	Str  string     // String, and the rendered form where a field has one
	Int  int64      // Int, Uint (bit pattern), Bool (0/1), RelTime, AbsTime, Port, Mode
	IP   netip.Addr // IPAddr, IPNet
	Raw  []byte     // Bytes
	List []string   // List fields
}

// Event is the analyzer's per-event evaluation context, opaque to the
// rules package: it is handed to every Extractor unchanged.
type Event = any

// Extractor returns the value of one bound field for ev. It must not
// allocate for the common fields; strings may point into buffers that live
// until the next event.
type Extractor func(ev Event) Value

// Source binds fields to extractors. The analyzer implements it; rules
// calls Bind once per field reference when compiling.
type Source interface {
	// Bind returns the extractor for f with argument arg ("" when none). It
	// returns an error for an argument the field does not accept.
	Bind(f *Field, arg string) (Extractor, error)
}

// StringExtractor returns the value of a bound string field for ev and
// whether it has one: an Extractor's Str and OK without the rest of a
// Value, which is large (about 100 bytes to return and copy where the
// rules engine needs a string).
type StringExtractor func(ev Event) (string, bool)

// IntExtractor returns the value of a bound number, boolean, time, port
// or mode field for ev (an Extractor's Int) and whether it has one.
type IntExtractor func(ev Event) (int64, bool)

// TypedSource is a Source that can also bind fields to typed extractors,
// which the rules engine prefers for the fields it compares: strings for
// String fields, numbers for the others but addresses and buffers. A
// typed extractor must agree with the Extractor of the same field. An
// analyzer may provide them for its most used fields only: BindString and
// BindInt return nil (and no error) for the others.
type TypedSource interface {
	Source
	BindString(f *Field, arg string) (StringExtractor, error)
	BindInt(f *Field, arg string) (IntExtractor, error)
}
