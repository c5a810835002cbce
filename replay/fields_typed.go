package replay

import (
	"strconv"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Typed extractors (fields.TypedSource): the rules engine compares the
// values of the most used fields through extractors that return the value
// alone instead of a fields.Value, which is about 100 bytes to build,
// return and copy. Each agrees with the field's Extractor (its Str or Int
// and OK); TestTypedExtractors checks that on real and synthetic captures.
// The fields are those the upstream Falco rules and the default rules
// compare most; the others have only their Extractor.

// BindString returns the typed extractor of a string field, or nil (and
// no error) when it has none. The argument was checked by Bind.
func (fieldSource) BindString(f *fields.Field, arg string) (fields.StringExtractor, error) {
	if f == nil {
		return nil, nil
	}
	if arg == "" {
		return stringFields[f.Name], nil
	}
	if b := stringArgFields[f.Name]; b != nil {
		return b(arg)
	}
	return nil, nil
}

// BindInt returns the typed extractor of a number or boolean field, or
// nil (and no error) when it has none.
func (fieldSource) BindInt(f *fields.Field, arg string) (fields.IntExtractor, error) {
	if f == nil || arg != "" {
		return nil, nil
	}
	return intFields[f.Name], nil
}

var stringFields = map[string]fields.StringExtractor{
	"evt.type": func(ev fields.Event) (string, bool) {
		if c := evCtx(ev); c != nil {
			return c.typeName(), true
		}
		return "", false
	},
	"evt.dir": func(ev fields.Event) (string, bool) {
		if c := evCtx(ev); c != nil {
			return c.e.Dir.String(), true
		}
		return "", false
	},
	"proc.name": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			return t.comm, true
		}
		return "", false
	},
	"proc.exe": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			return t.exe, true
		}
		return "", false
	},
	"proc.exepath": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			return t.exePath, true
		}
		return "", false
	},
	"proc.cmdline": func(ev fields.Event) (string, bool) {
		if c, t := thCtx(ev); t != nil {
			return c.cmdline(t), true
		}
		return "", false
	},
	"proc.args": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			return t.argsStr, true
		}
		return "", false
	},
	"proc.cwd": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			return t.grp.cwd, true
		}
		return "", false
	},
	"proc.pname": func(ev fields.Event) (string, bool) {
		if _, p := parentCtx(ev); p != nil {
			return p.comm, true
		}
		return "", false
	},
	"proc.pexe": func(ev fields.Event) (string, bool) {
		if _, p := parentCtx(ev); p != nil {
			return p.exe, true
		}
		return "", false
	},
	"proc.pcmdline": func(ev fields.Event) (string, bool) {
		if c, p := parentCtx(ev); p != nil {
			return c.cmdline(p), true
		}
		return "", false
	},
	"user.name": func(ev fields.Event) (string, bool) {
		if c, t := thCtx(ev); t != nil {
			return c.userName(t), true
		}
		return "", false
	},
	"container.id": func(ev fields.Event) (string, bool) {
		if _, t := thCtx(ev); t != nil {
			if isHostThread(t) {
				return "host", true
			}
			return t.containerID, true
		}
		return "", false
	},
	"fd.name": func(ev fields.Event) (string, bool) {
		if c, f, ok := fdCtx(ev); ok {
			if f != nil {
				return f.name, true
			}
			return c.fdNameFromEvent(false)
		}
		return "", false
	},
	"fd.directory": func(ev fields.Event) (string, bool) {
		if c, f, ok := fdCtx(ev); ok {
			return c.fdDirectory(f)
		}
		return "", false
	},
	"fd.filename": func(ev fields.Event) (string, bool) {
		if _, f, ok := fdOnlyCtx(ev); ok && f.typ == format.FDFile {
			return baseName(f.name), true
		}
		return "", false
	},
	"fd.typechar": func(ev fields.Event) (string, bool) {
		if c, f, ok := fdCtx(ev); ok {
			if f == nil {
				return typeChars[eventTypeChar(c.e.Type)], true
			}
			return typeChars[f.typ.TypeChar()], true
		}
		return "", false
	},
	"fd.type": func(ev fields.Event) (string, bool) {
		if _, f, ok := fdOnlyCtx(ev); ok {
			return f.typ.String(), true
		}
		return "", false
	},
}

// stringArgFields bind the typed extractors of string fields that take an
// argument.
var stringArgFields = map[string]func(arg string) (fields.StringExtractor, error){
	// proc.aname[N]: the name of the Nth ancestor process.
	"proc.aname": func(arg string) (fields.StringExtractor, error) {
		n, err := strconv.Atoi(arg)
		if err != nil || n < 0 {
			return nil, nil // Bind says what is wrong
		}
		return func(ev fields.Event) (string, bool) {
			if c, t := thCtx(ev); t != nil {
				if a := c.h.ancestor(t, n); a != nil {
					return a.comm, true
				}
			}
			return "", false
		}, nil
	},
}

var intFields = map[string]fields.IntExtractor{
	"evt.num": func(ev fields.Event) (int64, bool) {
		if c := evCtx(ev); c != nil {
			return int64(c.e.Num), true
		}
		return 0, false
	},
	"evt.rawres": func(ev fields.Event) (int64, bool) {
		if c := evCtx(ev); c != nil {
			return c.res()
		}
		return 0, false
	},
	"evt.is_open_read":   openCheckField(openRead),
	"evt.is_open_write":  openCheckField(openWrite),
	"evt.is_open_exec":   openCheckField(openExec),
	"evt.is_open_create": openCheckField(openCreate),
	"proc.pid": func(ev fields.Event) (int64, bool) {
		if _, t := thCtx(ev); t != nil && xidOK(t.pid) {
			return t.pid, true
		}
		return 0, false
	},
	"thread.tid": func(ev fields.Event) (int64, bool) {
		if c := evCtx(ev); c != nil && xidOK(c.e.TID) {
			return c.e.TID, true
		}
		return 0, false
	},
	"proc.tty": func(ev fields.Event) (int64, bool) {
		if _, t := thCtx(ev); t != nil {
			return int64(t.tty), true
		}
		return 0, false
	},
	"user.uid": func(ev fields.Event) (int64, bool) {
		if _, t := thCtx(ev); t != nil {
			return int64(t.uid), true
		}
		return 0, false
	},
	"user.loginuid": func(ev fields.Event) (int64, bool) {
		if _, t := thCtx(ev); t != nil {
			if t.loginUID == format.NoID {
				return -1, true
			}
			return int64(t.loginUID), true
		}
		return 0, false
	},
	"fd.num": func(ev fields.Event) (int64, bool) {
		if c, _, ok := fdCtx(ev); ok {
			return c.fdNum, true
		}
		return 0, false
	},
}

// openCheckField is the typed extractor of an evt.is_open_* field.
func openCheckField(kind openCheckKind) fields.IntExtractor {
	return func(ev fields.Event) (int64, bool) {
		if c := evCtx(ev); c != nil {
			if c.openCheck(kind) {
				return 1, true
			}
			return 0, true
		}
		return 0, false
	}
}
