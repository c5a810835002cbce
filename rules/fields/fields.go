// Package fields is the catalogue of filter fields (evt.type, proc.name,
// fd.name, ...): their names, types, arguments and descriptions. The rules
// compiler checks conditions and outputs against it; the analyzer (replay)
// supplies the values, binding each field once at compile time.
//
// It is a data table, not code: docs/fields.md and `peregrine fields` are
// generated from it.
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

// Field describes one filter field.
type Field struct {
	Name string
	Type Type
	Arg  ArgKind
	// List reports that the field has several values for one event (e.g.
	// proc.aname without an index, fd.types, container.mounts); operators
	// then match if any value matches, and `in`/`intersects` compare sets.
	List bool
	Desc string
	// EventTypes restricts the field to these event types (Falco names);
	// nil means any event.
	EventTypes []string
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
