package fields

import (
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func TestLookupRawArg(t *testing.T) {
	tests := []struct {
		name  string
		typ   Type
		types string
		err   string // part of the error, "" for none
	}{
		{name: "res", typ: Int, types: "errno/fd/int64/pid/uint64"},
		{name: "size", typ: Int, types: "int32/uint32/uint64"},
		{name: "uid", typ: Uint, types: "uid/uint32"},
		{name: "cap_inheritable", typ: Uint, types: "uint64"},
		{name: "exe_ino_ctime", typ: AbsTime, types: "abstime"},
		{name: "timeout", typ: Int, types: "int64/reltime"},
		{name: "name", typ: String, types: "charbuf/fspath/fsrelpath"},
		{name: "trusted_exepath", typ: String, types: "fspath"},
		{name: "args", typ: Bytes, types: "bytebuf"},
		{name: "tuple", typ: 0, types: "socktuple"},
		{name: "fds", typ: 0, types: "fdlist"},
		{name: "addr", err: "evt.rawarg.addr: parameter addr has types that do not compare alike in different events (dyn/sockaddr/uint64)"},
		{name: "dev", err: "(charbuf/uint32)"},
		{name: "data", err: "(bytebuf/dyn)"},
		{name: "local_ip", err: "no event Peregrine records has a parameter local_ip"},
		{name: "nosuchparam", err: `unknown event argument "nosuchparam"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := LookupRawArg(tc.name)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) || !errors.Is(err, ErrBadArgument) {
					t.Fatalf("LookupRawArg(%q) = %+v, %v; want an ErrBadArgument containing %q", tc.name, r, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("LookupRawArg(%q): %v", tc.name, err)
			}
			if r.Type != tc.typ || r.TypeNames() != tc.types || r.Param != tc.name {
				t.Errorf("LookupRawArg(%q) = %s %v (%s), want %v (%s)", tc.name, r.Param, r.Type, r.TypeNames(), tc.typ, tc.types)
			}
		})
	}
}

// TestRawArgTableUpToDate checks rawargs_table.go against format/events.go
// by running its generator with -check (this package may not import
// format).
func TestRawArgTableUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go run; skipped with -short")
	}
	gobin, err := exec.LookPath("go") // go test puts its GOROOT/bin first in PATH
	if err != nil {
		t.Fatalf("no go command: %v", err)
	}
	out, err := exec.Command(gobin, "run", "gen_rawargs.go", "-check").CombinedOutput()
	if err != nil {
		t.Fatalf("rawargs_table.go is stale (run go generate ./rules/fields): %v\n%s", err, out)
	}
}
