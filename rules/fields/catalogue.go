package fields

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Errors returned when a field reference does not fit the catalogue.
var (
	// ErrUnknownField means no field of the catalogue has the name.
	ErrUnknownField = errors.New("fields: unknown field")
	// ErrBadArgument means the argument is missing, not allowed or of the
	// wrong kind for the field.
	ErrBadArgument = errors.New("fields: bad field argument")
)

// Catalogue is a table of fields looked up by name. It is immutable once
// built and safe for concurrent use.
type Catalogue struct {
	fields []Field
	byName map[string]*Field
	// dotted lists the fields that take a dotted argument, longest name
	// first, for names like evt.arg.flags.
	dotted []*Field
}

// New builds a catalogue from a table of fields. It returns an error for
// duplicate or malformed names and unknown types, so a table with a typo
// fails when it is built.
func New(table []Field) (*Catalogue, error) {
	c := &Catalogue{
		fields: make([]Field, len(table)),
		byName: make(map[string]*Field, len(table)),
	}
	copy(c.fields, table)
	for i := range c.fields {
		f := &c.fields[i]
		if !validFieldName(f.Name) {
			return nil, fmt.Errorf("fields: malformed field name %q", f.Name)
		}
		if f.Type < String || f.Type > Mode {
			return nil, fmt.Errorf("fields: field %s has unknown type %d", f.Name, f.Type)
		}
		if f.Arg > OptKeyArg {
			return nil, fmt.Errorf("fields: field %s has unknown argument kind %d", f.Name, f.Arg)
		}
		if f.Has(DotArg) && f.Arg == NoArg {
			return nil, fmt.Errorf("fields: field %s takes a dotted argument but no argument", f.Name)
		}
		if f.Desc == "" {
			return nil, fmt.Errorf("fields: field %s has no description", f.Name)
		}
		if _, dup := c.byName[f.Name]; dup {
			return nil, fmt.Errorf("fields: field %s defined twice", f.Name)
		}
		c.byName[f.Name] = f
		if f.Has(DotArg) {
			c.dotted = append(c.dotted, f)
		}
	}
	sort.Slice(c.dotted, func(i, j int) bool { return len(c.dotted[i].Name) > len(c.dotted[j].Name) })
	return c, nil
}

// MustNew is New for package-level tables: it panics on error.
func MustNew(table []Field) *Catalogue {
	c, err := New(table)
	if err != nil {
		panic(err)
	}
	return c
}

// validFieldName reports whether s has the shape of a filter field name:
// dot-separated words of letters, digits and '_', each starting with a
// letter, at least two of them (the condition grammar's FieldName).
func validFieldName(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || !isLetter(p[0]) {
			return false
		}
		for i := 1; i < len(p); i++ {
			if !isLetter(p[i]) && !isDigit(p[i]) && p[i] != '_' {
				return false
			}
		}
	}
	return true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }

// Lookup returns the field called name, or nil. It also resolves the
// dotted-argument form: Lookup("evt.arg.flags") returns evt.arg, and a
// bracketed argument is ignored: Lookup("proc.aname[2]") returns proc.aname.
// Use Parse to get the argument as well.
func (c *Catalogue) Lookup(name string) *Field {
	f, _, _ := c.split(name)
	return f
}

// split resolves name (without brackets) into a field and a dotted
// argument. hasArg is true when the name carried a dotted argument.
func (c *Catalogue) split(name string) (f *Field, arg string, hasArg bool) {
	if i := strings.IndexByte(name, '['); i >= 0 {
		name = name[:i]
	}
	if f := c.byName[name]; f != nil {
		return f, "", false
	}
	for _, f := range c.dotted {
		if len(name) > len(f.Name)+1 && strings.HasPrefix(name, f.Name) && name[len(f.Name)] == '.' {
			return f, name[len(f.Name)+1:], true
		}
	}
	return nil, "", false
}

// All returns a copy of every field, in table order.
func (c *Catalogue) All() []Field {
	out := make([]Field, len(c.fields))
	copy(out, c.fields)
	return out
}

// Len returns the number of fields.
func (c *Catalogue) Len() int { return len(c.fields) }

// Ref is a resolved field reference: a field and its argument.
type Ref struct {
	Field  *Field
	Arg    string // "" when none
	HasArg bool   // an argument was given (it may be "")
}

// String returns the reference as written canonically: name[arg].
func (r Ref) String() string {
	if !r.HasArg {
		return r.Field.Name
	}
	return r.Field.Name + "[" + r.Arg + "]"
}

// IsList reports whether the reference yields several values.
func (r Ref) IsList() bool { return r.Field.IsList(r.Arg) }

// Resolve checks a field reference split as the condition grammar splits
// it: name is the dotted name (evt.arg.flags, proc.aname) and arg the text
// between brackets when hasArg. It returns the field and its argument, or
// an error wrapping ErrUnknownField or ErrBadArgument that says what is
// expected.
func (c *Catalogue) Resolve(name string, arg string, hasArg bool) (Ref, error) {
	f, dotArg, dotted := c.split(name)
	if f == nil {
		return Ref{}, fmt.Errorf("%w %q", ErrUnknownField, name)
	}
	if strings.IndexByte(name, '[') >= 0 {
		return Ref{}, fmt.Errorf("%w: %q: argument must be given in brackets after the name", ErrBadArgument, name)
	}
	if dotted {
		if hasArg {
			return Ref{}, fmt.Errorf("%w: %s has both a dotted and a bracketed argument", ErrBadArgument, name)
		}
		arg, hasArg = dotArg, true
	}
	if err := CheckArg(f, arg, hasArg); err != nil {
		return Ref{}, err
	}
	return Ref{Field: f, Arg: arg, HasArg: hasArg}, nil
}

// Parse resolves a field reference written as in an output template or an
// exception's fields: "proc.name", "proc.aname[2]", "evt.arg.flags",
// "evt.arg[0]".
func (c *Catalogue) Parse(ref string) (Ref, error) {
	name, arg, hasArg := ref, "", false
	if i := strings.IndexByte(ref, '['); i >= 0 {
		if !strings.HasSuffix(ref, "]") {
			return Ref{}, fmt.Errorf("%w: %q: missing ']'", ErrBadArgument, ref)
		}
		name, arg, hasArg = ref[:i], ref[i+1:len(ref)-1], true
	}
	return c.Resolve(name, arg, hasArg)
}

// CheckArg reports whether arg suits f's argument kind. hasArg says
// whether an argument was given at all.
func CheckArg(f *Field, arg string, hasArg bool) error {
	switch f.Arg {
	case NoArg:
		if hasArg {
			return fmt.Errorf("%w: %s takes no argument", ErrBadArgument, f.Name)
		}
		return nil
	case IndexArg, KeyArg:
		if !hasArg || arg == "" {
			return fmt.Errorf("%w: %s requires an argument, e.g. %s", ErrBadArgument, f.Name, argExample(f))
		}
	case OptIndexArg, OptKeyArg:
		if !hasArg {
			return nil
		}
		if arg == "" {
			return fmt.Errorf("%w: %s has an empty argument", ErrBadArgument, f.Name)
		}
	}
	if f.Arg == IndexArg || f.Arg == OptIndexArg {
		if n, err := strconv.ParseUint(arg, 10, 31); err != nil || n > 1<<20 {
			return fmt.Errorf("%w: %s takes a non-negative index, not %q", ErrBadArgument, f.Name, arg)
		}
	}
	if f.Name == "evt.arg" || f.Name == "evt.rawarg" {
		if _, err := strconv.ParseUint(arg, 10, 8); err != nil && !IsEventParam(arg) {
			return fmt.Errorf("%w: %s: unknown event argument %q", ErrBadArgument, f.Name, arg)
		}
	}
	return nil
}

func argExample(f *Field) string {
	switch f.Arg {
	case IndexArg, OptIndexArg:
		return f.Name + "[1]"
	}
	if f.Has(DotArg) {
		return f.Name + ".NAME or " + f.Name + "[NAME]"
	}
	return f.Name + "[NAME]"
}

// IsEventParam reports whether name is the name of a parameter of some
// event in Falco's event table, as evt.arg.NAME requires.
func IsEventParam(name string) bool {
	_, ok := eventParams[name]
	return ok
}

var typeNames = [...]string{
	String: "string", Int: "int64", Uint: "uint64", Bool: "bool", IPAddr: "ipaddr",
	IPNet: "ipnet", Bytes: "bytebuf", RelTime: "reltime", AbsTime: "abstime",
	Port: "port", Mode: "mode",
}

// String returns the type's name as `peregrine fields` prints it (Falco's
// names: string, int64, uint64, bool, ipaddr, ...).
func (t Type) String() string {
	if int(t) < len(typeNames) && typeNames[t] != "" {
		return typeNames[t]
	}
	return "type(" + strconv.Itoa(int(t)) + ")"
}

// IsNumeric reports whether values of t are compared as numbers.
func (t Type) IsNumeric() bool {
	switch t {
	case Int, Uint, RelTime, AbsTime, Port, Mode:
		return true
	}
	return false
}

// String describes the argument kind as docs/fields.md prints it.
func (a ArgKind) String() string {
	switch a {
	case NoArg:
		return ""
	case IndexArg:
		return "index, required"
	case KeyArg:
		return "key, required"
	case OptIndexArg:
		return "index, optional"
	case OptKeyArg:
		return "key, optional"
	}
	return "arg(" + strconv.Itoa(int(a)) + ")"
}
