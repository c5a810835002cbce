package replay

import (
	"os"
	"strconv"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// evb builds a test event.
type evb struct{ e *format.Event }

var testClock int64 = 1_700_000_000_000_000_000

// ev starts an exit event of type t from thread tid.
func ev(t format.EventType, tid int64) *evb {
	e := &format.Event{TID: tid}
	e.Reset(t, format.DirExit)
	testClock += 1000
	e.Time = testClock
	return &evb{e}
}

func (b *evb) enter() *evb { b.e.Dir = format.DirEnter; return b }
func (b *evb) at(ns int64) *evb {
	b.e.Time = ns
	if ns > testClock {
		testClock = ns
	}
	return b
}

func (b *evb) i(name string, v int64) *evb {
	b.e.SetInt(format.MustParam(b.e.Type, name), v)
	return b
}

func (b *evb) s(name, v string) *evb {
	b.e.SetBytes(format.MustParam(b.e.Type, name), []byte(v))
	return b
}

func (b *evb) raw(name string, v []byte) *evb {
	b.e.SetBytes(format.MustParam(b.e.Type, name), v)
	return b
}

// list encodes a NUL-separated list.
func list(items ...string) []byte {
	var b []byte
	for _, s := range items {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}

func tuple4(sip string, sport uint16, dip string, dport uint16) []byte {
	return format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet,
		SrcAddr: mustAddr(sip), SrcPort: sport, DstAddr: mustAddr(dip), DstPort: dport})
}

func sockaddr4(ip string, port uint16) []byte {
	return format.AppendSockAddr(nil, format.SockAddr{Family: format.AFInet, Addr: mustAddr(ip), Port: port})
}

// testHost is a state with a context, and field lookup by name.
type testHost struct {
	t   *testing.T
	h   *hostState
	c   *evalContext
	src fields.Source
	ex  map[string]fields.Extractor
}

// baseSnapshot is a small host: init (1), sshd (50), bash (100) with its
// terminal on fds 0-2 in /home/alice, and users root and alice.
func baseSnapshot() *format.Snapshot {
	return &format.Snapshot{
		Threads: []format.Thread{
			{TID: 1, PID: 1, PPID: 0, Comm: "systemd", Exe: "/sbin/init", ExePath: "/usr/lib/systemd/systemd", Cwd: "/", SID: 1, PGID: 1, VPGID: 1, LoginUID: format.NoID, StartTime: 1},
			{TID: 50, PID: 50, PPID: 1, Comm: "sshd", Exe: "sshd:", ExePath: "/usr/sbin/sshd", Args: []string{"alice", "[priv]"}, Cwd: "/", SID: 50, PGID: 50, VPGID: 50, LoginUID: format.NoID},
			{TID: 100, PID: 100, PPID: 50, Comm: "bash", Exe: "-bash", ExePath: "/usr/bin/bash", Cwd: "/home/alice", UID: 1000, EUID: 1000, GID: 1000, EGID: 1000,
				SID: 100, PGID: 100, VPGID: 100, LoginUID: 1000, TTY: 34816, Env: []string{"HOME=/home/alice", "TERM=xterm", "PATH=/usr/bin:/bin"},
				CapPermitted: 0, CapEffective: 0, StartTime: testClock - 1e9},
		},
		FDs: []format.FD{
			{PID: 100, Num: 0, Type: format.FDFile, Name: "/dev/pts/0"},
			{PID: 100, Num: 1, Type: format.FDFile, Name: "/dev/pts/0"},
			{PID: 100, Num: 2, Type: format.FDFile, Name: "/dev/pts/0"},
			{PID: 100, Num: 255, Type: format.FDFile, Name: "/dev/pts/0", Flags: oCloexec},
		},
		Users: []format.User{
			{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
			{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"},
		},
		Groups: []format.Group{{GID: 0, Name: "root"}, {GID: 1000, Name: "alice"}},
		Interfaces: []format.Interface{
			{Name: "lo", Addr: []byte{127, 0, 0, 1}, Netmask: []byte{255, 0, 0, 0}},
			{Name: "eth0", Addr: []byte{10, 0, 0, 5}, Netmask: []byte{255, 255, 255, 0}},
		},
	}
}

func newTestHost(t *testing.T, snap *format.Snapshot) *testHost {
	t.Helper()
	h := newHostState("testhost")
	h.load(snap)
	return &testHost{t: t, h: h, c: &evalContext{}, src: Fields(), ex: map[string]fields.Extractor{}}
}

// apply applies events in order; the context describes the last one.
func (th *testHost) apply(events ...*evb) *testHost {
	for _, b := range events {
		th.h.apply(th.c, b.e)
	}
	return th
}

// field returns a field's value of the last event as text, "<NA>" when
// missing.
func (th *testHost) field(ref string) string {
	th.t.Helper()
	ex, ok := th.ex[ref]
	if !ok {
		r, err := fields.Default.Parse(ref)
		if err != nil {
			th.t.Fatalf("parse field %q: %v", ref, err)
		}
		ex, err = th.src.Bind(r.Field, r.Arg)
		if err != nil {
			th.t.Fatalf("bind %q: %v", ref, err)
		}
		th.ex[ref] = ex
	}
	r, _ := fields.Default.Parse(ref)
	return valueText(r.Field, ex(th.c))
}

// valueText renders a value as a test expectation.
func valueText(f *fields.Field, v fields.Value) string {
	if !v.OK {
		return "<NA>"
	}
	if v.List != nil {
		s := "["
		for i, x := range v.List {
			if i > 0 {
				s += " "
			}
			s += x
		}
		return s + "]"
	}
	switch f.Type {
	case fields.IPAddr, fields.IPNet:
		return v.IP.String()
	case fields.Bool:
		if v.Int != 0 {
			return "true"
		}
		return "false"
	case fields.String, fields.Bytes:
		return v.Str
	}
	if v.Str != "" {
		// A number with its own text (evt.rawarg of a hex parameter),
		// printed as rules' outputs print it.
		return v.Str
	}
	return strconv.FormatInt(v.Int, 10)
}

// check compares fields with expectations.
func (th *testHost) check(want map[string]string) {
	th.t.Helper()
	for ref, w := range want {
		if got := th.field(ref); got != w {
			th.t.Errorf("%s = %q, want %q", ref, got, w)
		}
	}
}

// fixtureDir holds the real .scap captures (see ../../shared/fixtures/SOURCES.md).
const fixtureDir = "../../shared/fixtures/scap"

// needFixture skips the test when a fixture file is missing, or fails it
// when PEREGRINE_CI=1 says the environment must have it.
func needFixture(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PEREGRINE_CI") == "1" {
			t.Fatalf("fixture missing in CI: %v", err)
		}
		t.Skip("fixture not available:", err)
	}
}
