package fields

//go:generate go run gen_rawargs.go

import (
	"fmt"
	"strings"
)

// RawArg says how evt.rawarg.NAME compares: by the type its parameter has
// in the event table (rawargs_table.go, generated from Peregrine's
// format/events.go), as libsinsp types evt.rawarg by its event table.
type RawArg struct {
	// Param is the parameter name.
	Param string
	// Types are the parameter's types in the events that have it, as
	// Falco names them (uint32, fspath, sockaddr, ...), sorted.
	Types []string
	// Type is the type values are compared as: Int or Uint for numbers
	// (Int when some event has a signed type), RelTime or AbsTime for
	// times, String for strings and paths, Bytes for buffers. It is zero
	// when the parameter cannot be compared (a socket address or tuple,
	// an fd list, a tagged value): only `exists` applies then.
	Type Type
}

// TypeNames returns the parameter's types joined for a message: "uint32"
// or "int32/uint32/uint64".
func (r RawArg) TypeNames() string { return strings.Join(r.Types, "/") }

// rawArgClass maps an event parameter type to the type evt.rawarg
// compares it as. Types missing here are not comparable (sockaddr,
// socktuple, fdlist, dyn, charbuflist and the address types, which
// Peregrine's events do not hold).
var rawArgClass = map[string]Type{
	"int8": Int, "int16": Int, "int32": Int, "int64": Int, "errno": Int, "fd": Int, "pid": Int,
	"uint8": Uint, "uint16": Uint, "uint32": Uint, "uint64": Uint,
	"flags8": Uint, "flags16": Uint, "flags32": Uint,
	"enumflags8": Uint, "enumflags16": Uint, "enumflags32": Uint,
	"uid": Uint, "gid": Uint, "mode": Uint, "syscallid": Uint, "sigtype": Uint, "sigset": Uint,
	"port": Uint, "l4proto": Uint, "sockfamily": Uint,
	"reltime": RelTime, "abstime": AbsTime,
	"charbuf": String, "fspath": String, "fsrelpath": String,
	"bytebuf": Bytes,
}

// LookupRawArg returns how evt.rawarg.name compares. The events that have
// a parameter called name must agree on what it is (all numbers, all
// strings or paths, or all of one other type); otherwise, or when no
// event has it, it returns an error wrapping ErrBadArgument that says why.
func LookupRawArg(name string) (RawArg, error) {
	types, ok := rawArgTypes[name]
	if !ok {
		if IsEventParam(name) {
			return RawArg{}, fmt.Errorf("%w: evt.rawarg.%s: no event Peregrine records has a parameter %s, so it has no type to compare by (evt.arg.%s compares its text)", ErrBadArgument, name, name, name)
		}
		return RawArg{}, fmt.Errorf("%w: evt.rawarg: unknown event argument %q", ErrBadArgument, name)
	}
	r := RawArg{Param: name, Types: types}
	for i, t := range types {
		c := rawArgClass[t]
		switch {
		case i == 0:
			r.Type = c
		case c == r.Type && (c != 0 || t == types[0]):
		case c.IsNumeric() && r.Type.IsNumeric():
			if c == Int || r.Type == Int {
				r.Type = Int
			} else {
				r.Type = Uint
			}
		default:
			return RawArg{}, fmt.Errorf("%w: evt.rawarg.%s: parameter %s has types that do not compare alike in different events (%s); evt.arg.%s compares its text", ErrBadArgument, name, name, r.TypeNames(), name)
		}
	}
	return r, nil
}
