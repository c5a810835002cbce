package main

import (
	"bytes"
	"context"
	"flag"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// scenarioStart is when the scenario capture starts: 2024-05-06 07:08:09 UTC.
var scenarioStart = time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC).UnixNano()

// scenarioEvent is one event of the scenario, with its parameters by name.
type scenarioEvent struct {
	at     time.Duration // after scenarioStart
	typ    format.EventType
	tid    int64
	cpu    uint16
	params map[string]any // int64, string or []byte
}

// captureScenario writes a small capture of a host where nano writes
// below /etc, cat reads /etc/shadow, a shell opens a file, curl connects
// to port 443, the recorder loses events on CPU 1, and nano opens a file
// whose name holds a newline. It returns the file's path.
func captureScenario(t testing.TB, dir, name, hostname string, shift time.Duration) string {
	t.Helper()
	tuple := format.AppendSockTuple(nil, format.SockTuple{Family: format.AFInet,
		SrcAddr: netip.MustParseAddr("10.0.0.5"), SrcPort: 43210,
		DstAddr: netip.MustParseAddr("93.184.216.34"), DstPort: 443})
	events := []scenarioEvent{
		{1 * time.Millisecond, format.EvOpenat, 200, 0, map[string]any{"fd": int64(3), "dirfd": int64(-100),
			"name": "/etc/default/grub", "flags": int64(2 | 4 | 256), "mode": int64(0o644), "dev": int64(0x803), "ino": int64(4242)}},
		{2 * time.Millisecond, format.EvOpenat, 300, 1, map[string]any{"fd": int64(3), "dirfd": int64(-100),
			"name": "/etc/shadow", "flags": int64(1), "mode": int64(0), "dev": int64(0x803), "ino": int64(77)}},
		{3 * time.Millisecond, format.EvOpen, 100, 0, map[string]any{"fd": int64(4),
			"name": "/root/.bashrc", "flags": int64(1), "mode": int64(0), "dev": int64(0x803), "ino": int64(99)}},
		{4 * time.Millisecond, format.EvDrop, 0, 1, map[string]any{"ratio": int64(0), "lost": int64(1500)}},
		{5 * time.Millisecond, format.EvConnect, 400, 0, map[string]any{"res": int64(0), "tuple": tuple, "fd": int64(5),
			"addr": format.AppendSockAddr(nil, format.SockAddr{Family: format.AFInet, Addr: netip.MustParseAddr("93.184.216.34"), Port: 443})}},
		{6 * time.Millisecond, format.EvOpenat, 200, 0, map[string]any{"fd": int64(4), "dirfd": int64(-100),
			"name": "/etc/evil\nname \"q\"", "flags": int64(2 | 4), "mode": int64(0o600), "dev": int64(0x803), "ino": int64(4243)}},
		{10 * time.Second, format.EvOpenat, 200, 0, map[string]any{"fd": int64(5), "dirfd": int64(-100),
			"name": "/etc/hosts", "flags": int64(2), "mode": int64(0), "dev": int64(0x803), "ino": int64(4244)}},
	}
	start := scenarioStart + int64(shift)
	hdr := &format.Header{Hostname: hostname, KernelRelease: "6.18.0", Arch: "amd64", CPUs: 2,
		Recorder: "peregrine test", StartTime: start, Source: "peregrine"}
	thread := func(tid, ppid int64, comm, exe string, args []string, uid uint32) format.Thread {
		return format.Thread{TID: tid, PID: tid, PPID: ppid, VTID: tid, VPID: tid, SID: 100, PGID: tid, VPGID: tid,
			Comm: comm, Exe: exe, ExePath: exe, Args: args, Cwd: "/root", Root: "/",
			UID: uid, GID: uid, EUID: uid, EGID: uid, SUID: uid, SGID: uid, FSUID: uid, FSGID: uid,
			LoginUID: uid, StartTime: start - int64(time.Hour), FDLimit: 1024}
	}
	snap := &format.Snapshot{
		Time: start,
		Threads: []format.Thread{
			thread(1, 0, "systemd", "/sbin/init", nil, 0),
			thread(100, 1, "bash", "/bin/bash", nil, 0),
			thread(200, 100, "nano", "/usr/bin/nano", []string{"/etc/default/grub"}, 0),
			thread(300, 100, "cat", "/usr/bin/cat", []string{"/etc/shadow"}, 0),
			thread(400, 100, "curl", "/usr/bin/curl", []string{"https://example.com/"}, 1000),
		},
		FDs: []format.FD{
			{PID: 400, Num: 5, Type: format.FDIPv4, Name: "", L4Proto: 6},
		},
		Users: []format.User{
			{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
			{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"},
		},
		Groups: []format.Group{{GID: 0, Name: "root"}, {GID: 1000, Name: "alice"}},
	}
	path := filepath.Join(dir, name)
	w, err := format.Create(path, hdr, snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev format.Event
	for i, se := range events {
		ev.Reset(se.typ, format.DirExit)
		ev.Num = uint64(i + 1)
		ev.Time = start + int64(se.at)
		ev.CPU = se.cpu
		ev.TID, ev.PID = se.tid, se.tid
		info := se.typ.Info()
		for k, v := range se.params {
			j := info.Param(k)
			if j < 0 {
				t.Fatalf("event %s has no parameter %s", info.Name, k)
			}
			switch v := v.(type) {
			case int64:
				ev.SetInt(j, v)
			case string:
				ev.SetBytes(j, []byte(v))
			case []byte:
				ev.SetBytes(j, v)
			}
		}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runCLI runs peregrine in-process and returns its exit status and output.
func runCLI(t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

// runCLIContext is runCLI with a context (to interrupt).
func runCLIContext(ctx context.Context, t testing.TB, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := findCommand(args[0])
	err := cmd.run(ctx, &env{args: args[1:], stdout: &out, stderr: &errb})
	code = exitCode(err, ctx, cmd.name, &errb)
	return code, out.String(), errb.String()
}

// utcLocal makes text alerts print UTC times for the test.
func utcLocal(t testing.TB) {
	old := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = old })
}

// goldenDir is testdata/replay, absolute: tests change directory.
var goldenDir = func() string {
	d, err := filepath.Abs(filepath.Join("testdata", "replay"))
	if err != nil {
		panic(err)
	}
	return d
}()

// golden compares got with testdata/replay/NAME, or rewrites it with -update.
// Elapsed times and rates, which vary, are masked first.
func golden(t *testing.T, name, got string) {
	t.Helper()
	got = maskTimings(got)
	path := filepath.Join(goldenDir, name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update creates it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s--- want\n%s", path, got, want)
	}
}

// maskTimings replaces the elapsed time and rate of the summary's last
// line, which change from run to run.
func maskTimings(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "Events read: ") {
			if j := strings.Index(l, " in "); j > 0 {
				lines[i] = l[:j] + " in X.XXXs (N events/s)"
			}
		}
	}
	return strings.Join(lines, "\n")
}
