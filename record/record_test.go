//go:build linux

package record_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe/probetest"
	"github.com/peregrine-sec/peregrine/record"
)

func TestMain(m *testing.M) {
	if code := runWorkload(); code >= 0 {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// testBuffer is the ring buffer of the tests that check every event: the
// other packages' tests run meanwhile (go test ./...) and are recorded too.
const testBuffer = 64 << 20

// recording is a recorder running in the background of a test.
type recording struct {
	cancel context.CancelFunc
	done   chan struct{}
	stats  record.Stats
	err    error
}

// startRecording starts record.Run and returns once it records.
func startRecording(t *testing.T, opts *record.Options) *recording {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &recording{cancel: cancel, done: make(chan struct{})}
	ready := make(chan struct{})
	opts.Ready = func() { close(ready) }
	go func() {
		defer close(r.done)
		r.stats, r.err = record.Run(ctx, opts)
	}()
	select {
	case <-ready:
	case <-r.done:
		t.Fatalf("record.Run: %v", r.err)
	case <-time.After(30 * time.Second):
		t.Fatal("record.Run did not start in 30s")
	}
	t.Cleanup(func() { r.stop(t) })
	return r
}

func (r *recording) stop(t *testing.T) record.Stats {
	t.Helper()
	r.cancel()
	<-r.done
	if r.err != nil {
		t.Fatalf("record.Run: %v", r.err)
	}
	return r.stats
}

// capture is a capture file read back.
type capture struct {
	hdr    *format.Header
	snap   *format.Snapshot
	events []format.Event
}

func readCapture(t *testing.T, name string) *capture {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := format.NewReader(f, &format.ReaderOptions{Name: name})
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	defer r.Close()
	c := &capture{hdr: r.Header(), snap: r.Snapshot()}
	var ev format.Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		var cp format.Event
		cp.CopyFrom(&ev)
		c.events = append(c.events, cp)
	}
	if ws := r.Warnings(); len(ws) > 0 {
		t.Errorf("read %s: %d warnings, first: %v", name, len(ws), ws[0])
	}
	if !r.Stats().Sealed {
		t.Errorf("%s: not sealed (no footer)", name)
	}
	return c
}

// find returns the events of type typ for which match says yes.
func (c *capture) find(typ format.EventType, match func(e *format.Event) bool) []*format.Event {
	var out []*format.Event
	for i := range c.events {
		e := &c.events[i]
		if e.Type == typ && (match == nil || match(e)) {
			out = append(out, e)
		}
	}
	return out
}

func str(e *format.Event, name string) string {
	v, ok := e.Param(format.MustParam(e.Type, name))
	if !ok {
		return "<absent>"
	}
	return string(v.Bytes)
}

func num(e *format.Event, name string) int64 {
	v, _ := e.Param(format.MustParam(e.Type, name))
	return v.Int
}

func has(e *format.Event, name string) bool {
	_, ok := e.Param(format.MustParam(e.Type, name))
	return ok
}

func readInt(t *testing.T, name string) int64 {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestRecordEndToEnd records a workload covering each syscall family and
// a shell in a podman container, then reads the capture back and checks
// arguments and process context.
func TestRecordEndToEnd(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	podman := probetest.RequirePodman(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "e2e.pcap")

	// The engine's Docker-compatible API, on a socket of this test's own.
	sock := filepath.Join(dir, "podman.sock")
	api := exec.Command(podman, "system", "service", "--time=0", "unix://"+sock)
	if err := api.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { api.Process.Kill(); api.Wait() }()
	waitFor(t, "podman API socket", func() bool { _, err := os.Stat(sock); return err == nil })

	// A process that started before recording.
	early := exec.Command("/bin/sleep", "30")
	early.Dir = dir
	if err := early.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { early.Process.Kill(); early.Wait() }()

	rec := startRecording(t, &record.Options{Output: out, ContainerSocket: sock, BufferSize: testBuffer})

	wl := workloadCommand("families", dir)
	if err := wl.Run(); err != nil {
		t.Fatalf("workload: %v", err)
	}
	name := "peregrine-e2e-" + strconv.Itoa(os.Getpid())
	cidFile := filepath.Join(dir, "cid")
	ctr := exec.Command(podman, "run", "--rm", "--network", "none", "--name", name, "--cidfile", cidFile,
		probetest.Image, "sh", "-c", "echo hello > /tmp/greeting && cat /tmp/greeting && cp /bin/busybox /root/true && /root/true")
	if b, err := ctr.CombinedOutput(); err != nil {
		t.Fatalf("podman run: %v\n%s", err, b)
	}
	st := rec.stop(t)
	t.Logf("recorded %d events, %d dropped, %d bytes, CPU %v", st.Events, st.Drops, st.Bytes, st.CPU)
	if st.Drops > 0 {
		t.Errorf("%d events dropped: the checks below may fail for that", st.Drops)
	}

	c := readCapture(t, out)
	wpid := int64(wl.Process.Pid)
	port := readInt(t, filepath.Join(dir, "tcp-port"))
	traced := readInt(t, filepath.Join(dir, "traced-pid"))
	cidB, _ := os.ReadFile(cidFile)
	cid := strings.TrimSpace(string(cidB))

	t.Run("header", func(t *testing.T) {
		if c.hdr.Arch == "" || c.hdr.KernelRelease == "" || c.hdr.Source != "peregrine" || c.hdr.CPUs == 0 {
			t.Errorf("header: %+v", c.hdr)
		}
	})

	t.Run("snapshot", func(t *testing.T) {
		var th *format.Thread
		for i := range c.snap.Threads {
			if c.snap.Threads[i].TID == int64(early.Process.Pid) {
				th = &c.snap.Threads[i]
			}
		}
		if th == nil {
			t.Fatalf("snapshot lacks the process started before recording (pid %d)", early.Process.Pid)
		}
		if th.Exe != "/bin/sleep" || len(th.Args) != 1 || th.Args[0] != "30" || th.Cwd != dir ||
			th.PPID != int64(os.Getpid()) || th.ExePath != realPath(t, "/bin/sleep") || th.StartTime == 0 {
			t.Errorf("snapshot thread: exe %q args %q cwd %q ppid %d exepath %q start %d", th.Exe, th.Args, th.Cwd, th.PPID, th.ExePath, th.StartTime)
		}
		if len(c.snap.Users) == 0 || len(c.snap.Groups) == 0 {
			t.Errorf("snapshot: %d users, %d groups", len(c.snap.Users), len(c.snap.Groups))
		}
		var fds int
		for _, fd := range c.snap.FDs {
			if fd.PID == int64(os.Getpid()) {
				fds++
			}
		}
		if fds == 0 {
			t.Error("snapshot: no fds of the test process")
		}
	})

	t.Run("exec", func(t *testing.T) {
		// The workload itself: child of this process, in dir.
		ex := c.find(format.EvExecve, func(e *format.Event) bool { return e.PID == wpid })
		if len(ex) != 1 {
			t.Fatalf("%d execve events of the workload, want 1", len(ex))
		}
		e := ex[0]
		if num(e, "res") != 0 || num(e, "ptid") != int64(os.Getpid()) || str(e, "cwd") != dir ||
			num(e, "uid") != 0 || str(e, "trusted_exepath") == "<absent>" || !strings.Contains(str(e, "env"), workloadEnv+"=families") {
			t.Errorf("workload execve: res %d ptid %d cwd %q uid %d exepath %q", num(e, "res"), num(e, "ptid"), str(e, "cwd"), num(e, "uid"), str(e, "trusted_exepath"))
		}
		// The shell with arguments.
		sh := c.find(format.EvExecve, func(e *format.Event) bool { return str(e, "filename") == "/bin/sh" && num(e, "ptid") == wpid })
		if len(sh) != 1 {
			t.Fatalf("%d execve of /bin/sh by the workload, want 1", len(sh))
		}
		e = sh[0]
		if str(e, "exe") != "/bin/sh" || str(e, "args") != "-c\x00exit 0\x00peregrine-arg0\x00second arg\x00" ||
			str(e, "cwd") != dir || str(e, "trusted_exepath") != realPath(t, "/bin/sh") || str(e, "comm") != "sh" {
			t.Errorf("shell execve: exe %q args %q cwd %q exepath %q comm %q", str(e, "exe"), str(e, "args"), str(e, "cwd"), str(e, "trusted_exepath"), str(e, "comm"))
		}
		if !strings.Contains(str(e, "cgroups"), "/=") {
			t.Errorf("shell execve: cgroups %q", str(e, "cgroups"))
		}
		// The executable's inode facts as stat sees them (since 6.13 the
		// top bit of the kernel's ctime nanoseconds is a flag, not time),
		// and the namespaces as /proc shows them (inode numbers above
		// 2^31: they must not come out negative).
		var st syscall.Stat_t
		if err := syscall.Stat(realPath(t, "/bin/sh"), &st); err != nil {
			t.Fatal(err)
		}
		if uint64(num(e, "exe_ino")) != st.Ino || num(e, "exe_ino_ctime") != st.Ctim.Nano() || num(e, "exe_ino_mtime") != st.Mtim.Nano() {
			t.Errorf("shell execve: exe_ino %d ctime %d mtime %d, stat says %d, %d, %d",
				num(e, "exe_ino"), num(e, "exe_ino_ctime"), num(e, "exe_ino_mtime"), st.Ino, st.Ctim.Nano(), st.Mtim.Nano())
		}
		for _, ns := range []string{"pid", "mnt", "net"} {
			var nst syscall.Stat_t
			if err := syscall.Stat("/proc/self/ns/"+ns, &nst); err != nil {
				t.Fatal(err)
			}
			if got := num(e, ns+"ns"); got != int64(nst.Ino) {
				t.Errorf("shell execve: %sns %d, /proc/self/ns/%s is inode %d", ns, got, ns, nst.Ino)
			}
		}
		// Its parent's clone, from the child's side.
		cl := c.find(format.EvClone, func(ce *format.Event) bool { return ce.TID == e.TID && num(ce, "res") == 0 })
		cl = append(cl, c.find(format.EvClone3, func(ce *format.Event) bool { return ce.TID == e.TID && num(ce, "res") == 0 })...)
		if len(cl) == 0 {
			t.Errorf("no clone child event for the shell (tid %d)", e.TID)
		} else if num(cl[0], "ptid") != wpid || str(cl[0], "cwd") != dir {
			t.Errorf("shell's clone: ptid %d cwd %q", num(cl[0], "ptid"), str(cl[0], "cwd"))
		}
		// procexit of the shell.
		if len(c.find(format.EvProcexit, func(pe *format.Event) bool { return pe.TID == e.TID && num(pe, "status") == 0 })) != 1 {
			t.Error("no procexit for the shell")
		}
	})

	t.Run("files", func(t *testing.T) {
		etc := filepath.Join(dir, "etc")
		op := c.find(format.EvOpenat, func(e *format.Event) bool { return str(e, "name") == filepath.Join(etc, "shadow-new") })
		if len(op) != 1 {
			t.Fatalf("%d openat of etc/shadow-new, want 1", len(op))
		}
		e := op[0]
		const ppmWrOnly, ppmCreat, ppmTrunc, ppmCreated = 2, 4, 256, 1 << 14
		if fl := num(e, "flags"); fl&3 != ppmWrOnly || fl&ppmCreat == 0 || fl&ppmTrunc == 0 || fl&ppmCreated == 0 {
			t.Errorf("openat flags %#x (%s)", fl, format.EvOpenat.Info().Params[format.MustParam(format.EvOpenat, "flags")].Names.Format(uint64(fl), false))
		}
		if num(e, "fd") < 0 || num(e, "dirfd") != -100 || num(e, "mode") != 0o600 || num(e, "ino") == 0 || e.PID != wpid {
			t.Errorf("openat: fd %d dirfd %d mode %o ino %d pid %d", num(e, "fd"), num(e, "dirfd"), num(e, "mode"), num(e, "ino"), e.PID)
		}
		rn := c.find(format.EvRenameat, func(e *format.Event) bool { return str(e, "oldpath") == filepath.Join(etc, "shadow-new") })
		rn = append(rn, c.find(format.EvRenameat2, func(e *format.Event) bool { return str(e, "oldpath") == filepath.Join(etc, "shadow-new") })...)
		rn = append(rn, c.find(format.EvRename, func(e *format.Event) bool { return str(e, "oldpath") == filepath.Join(etc, "shadow-new") })...)
		if len(rn) != 1 || str(rn[0], "newpath") != filepath.Join(etc, "shadow") || num(rn[0], "res") != 0 {
			t.Errorf("rename: %d events", len(rn))
		}
		ul := c.find(format.EvUnlinkat, func(e *format.Event) bool { return str(e, "name") == filepath.Join(etc, "shadow") })
		if len(ul) != 1 || num(ul[0], "res") != 0 {
			t.Errorf("unlinkat: %d events", len(ul))
		}
		mk := c.find(format.EvMkdirat, func(e *format.Event) bool { return str(e, "path") == etc })
		if len(mk) != 1 || num(mk[0], "mode") != 0o755 {
			t.Errorf("mkdirat: %d events", len(mk))
		}
	})

	t.Run("network", func(t *testing.T) {
		cn := c.find(format.EvConnect, func(e *format.Event) bool { return e.PID == wpid })
		var conn *format.SockTuple
		for _, e := range cn {
			v, _ := e.Param(format.MustParam(format.EvConnect, "tuple"))
			if st, ok := format.ParseSockTuple(v.Bytes); ok && int64(st.DstPort) == port {
				conn = &st
				sa, ok := format.ParseSockAddr([]byte(str(e, "addr")))
				if !ok || int64(sa.Port) != port || sa.Addr.String() != "127.0.0.1" {
					t.Errorf("connect addr %+v", sa)
				}
			}
		}
		if conn == nil {
			t.Fatalf("no connect to port %d among %d connects of the workload", port, len(cn))
		}
		if conn.Family != format.AFInet || conn.SrcAddr.String() != "127.0.0.1" || conn.DstAddr.String() != "127.0.0.1" || conn.SrcPort == 0 {
			t.Errorf("connect tuple %+v", conn)
		}
		ac := append(c.find(format.EvAccept4, func(e *format.Event) bool { return e.PID == wpid && num(e, "fd") >= 0 }),
			c.find(format.EvAccept, func(e *format.Event) bool { return e.PID == wpid && num(e, "fd") >= 0 })...)
		found := false
		for _, e := range ac {
			v, _ := e.Param(format.MustParam(e.Type, "tuple"))
			st, ok := format.ParseSockTuple(v.Bytes)
			if ok && int64(st.DstPort) == port && st.SrcPort == conn.SrcPort {
				found = true
				// Go listens with MPTCP where the kernel has it; an MPTCP
				// listener keeps its backlog in its subflow, so the
				// queue figures are only checked to be there.
				if !has(e, "queuemax") || !has(e, "queuelen") {
					t.Errorf("accept lacks the queue figures")
				}
			}
		}
		if !found {
			t.Errorf("no accept of the connection from port %d among %d accepts", conn.SrcPort, len(ac))
		}
		so := c.find(format.EvSocket, func(e *format.Event) bool { return e.PID == wpid && num(e, "domain") == format.AFInet })
		if len(so) == 0 {
			t.Error("no socket(AF_INET) event")
		}
		ls := c.find(format.EvListen, func(e *format.Event) bool { return e.PID == wpid })
		bd := c.find(format.EvBind, func(e *format.Event) bool { return e.PID == wpid })
		if len(ls) == 0 || len(bd) == 0 {
			t.Errorf("%d listen, %d bind events", len(ls), len(bd))
		}
	})

	t.Run("privileges", func(t *testing.T) {
		su := c.find(format.EvSetuid, func(e *format.Event) bool { return num(e, "uid") == 65534 && num(e, "res") == 0 })
		if len(su) == 0 {
			t.Error("no successful setuid(65534)")
		}
		pt := c.find(format.EvPtrace, func(e *format.Event) bool { return num(e, "pid") == traced })
		var attach bool
		for _, e := range pt {
			if num(e, "request") == 11 && num(e, "res") == 0 { // PPM_PTRACE_ATTACH
				attach = true
			}
		}
		if !attach {
			t.Errorf("no PTRACE_ATTACH of pid %d among %d ptrace events", traced, len(pt))
		}
	})

	t.Run("memfd", func(t *testing.T) {
		mf := c.find(format.EvMemfdCreate, func(e *format.Event) bool { return str(e, "name") == "peregrine-memfd" })
		if len(mf) != 1 || num(mf[0], "fd") < 0 {
			t.Fatalf("%d memfd_create events", len(mf))
		}
		ex := c.find(format.EvExecve, func(e *format.Event) bool { return e.PID == mf[0].PID && str(e, "exe") == "memfd-true" })
		if len(ex) != 1 {
			t.Fatalf("%d execve by the memfd process", len(ex))
		}
		const exeFromMemfd = 4
		if num(ex[0], "flags")&exeFromMemfd == 0 || !strings.HasPrefix(str(ex[0], "trusted_exepath"), "/memfd:peregrine-memfd") || str(ex[0], "exe") != "memfd-true" {
			t.Errorf("memfd execve: flags %#x exepath %q exe %q", num(ex[0], "flags"), str(ex[0], "trusted_exepath"), str(ex[0], "exe"))
		}
	})

	t.Run("container", func(t *testing.T) {
		if len(cid) != 64 {
			t.Fatalf("podman cid file: %q", cid)
		}
		sh := c.find(format.EvExecve, func(e *format.Event) bool {
			return strings.Contains(str(e, "cgroups"), cid) && str(e, "exe") == "sh"
		})
		if len(sh) == 0 {
			t.Fatalf("no execve of sh in container %.12s", cid)
		}
		e := sh[0]
		const exeUpper, exeLower = 2, 8
		if !strings.HasPrefix(str(e, "args"), "-c\x00echo hello > /tmp/greeting") || str(e, "cwd") != "/" ||
			str(e, "trusted_exepath") != "/bin/busybox" || num(e, "vpid") != 1 || num(e, "flags")&exeLower == 0 {
			t.Errorf("container execve: args %q cwd %q exepath %q vpid %d flags %#x", str(e, "args"), str(e, "cwd"), str(e, "trusted_exepath"), num(e, "vpid"), num(e, "flags"))
		}
		// A binary written in the container runs from the overlay's upper layer.
		bb := c.find(format.EvExecve, func(be *format.Event) bool { return str(be, "filename") == "/root/true" && num(be, "res") == 0 })
		if len(bb) != 1 || num(bb[0], "flags")&exeUpper == 0 || str(bb[0], "trusted_exepath") != "/root/true" {
			t.Errorf("%d execve of /root/true; want 1 with the upper-layer flag", len(bb))
		}
		op := c.find(format.EvOpenat, func(oe *format.Event) bool { return oe.PID == e.PID && str(oe, "name") == "/tmp/greeting" })
		if len(op) == 0 {
			t.Error("no openat of /tmp/greeting in the container")
		}
		ce := c.find(format.EvContainer, nil)
		var meta struct {
			Container struct {
				FullID string `json:"full_id"`
				Name   string `json:"name"`
				Image  string `json:"image"`
				Type   int    `json:"type"`
			} `json:"container"`
		}
		for _, ev := range ce {
			if err := json.Unmarshal([]byte(str(ev, "json")), &meta); err == nil && meta.Container.FullID == cid {
				break
			}
			meta.Container.FullID = ""
		}
		if meta.Container.FullID != cid || meta.Container.Name != name || meta.Container.Image != probetest.Image || meta.Container.Type != 11 {
			t.Errorf("container event: %+v (%d container events)", meta.Container, len(ce))
		}
	})
}

// realPath resolves the symlinks of name (/bin/sh is dash on Debian).
func realPath(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.EvalSymlinks(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

// TestRecordRotation checks that rotated files are each readable alone:
// every one opens with a snapshot of the host.
func TestRecordRotation(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	dir := t.TempDir()
	rec := startRecording(t, &record.Options{Output: filepath.Join(dir, "rot.pcap"), RotateSize: 64 << 10, MaxFiles: 3,
		ExcludeSyscalls: []string{"read", "write"}})
	if err := workloadCommand("busy", dir).Run(); err != nil {
		t.Fatal(err)
	}
	st := rec.stop(t)
	if len(st.Files) < 2 || len(st.Files) > 3 {
		t.Fatalf("%d files (%v), want 2 or 3", len(st.Files), st.Files)
	}
	for i, f := range st.Files {
		c := readCapture(t, f)
		if len(c.snap.Threads) == 0 || len(c.snap.Users) == 0 {
			t.Errorf("%s: snapshot with %d threads, %d users", f, len(c.snap.Threads), len(c.snap.Users))
		}
		if c.hdr.Sequence == 0 && i > 0 || len(c.events) == 0 {
			t.Errorf("%s: sequence %d, %d events", f, c.hdr.Sequence, len(c.events))
		}
		if info, _ := os.Stat(f); info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f, info.Mode().Perm())
		}
	}
}

// TestRecordDiskFull records into a tiny filesystem: the recording stops
// with a WriteError and the file stays readable up to its last block.
func TestRecordDiskFull(t *testing.T) {
	// Not in parallel: it records every write with its payload, and the
	// other tests' workloads would fill the disk before its first block.
	probetest.RequireProbe(t)
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=512k"); err != nil {
		probetest.Unavailable(t, "mount tmpfs: "+err.Error())
	}
	defer syscall.Unmount(dir, syscall.MNT_DETACH)
	out := filepath.Join(dir, "full.pcap")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan error, 1)
	ready := make(chan struct{})
	go func() {
		// Only writes, so that other tests running meanwhile add little.
		_, err := record.Run(ctx, &record.Options{Output: out, NoEnv: true, Snaplen: 16384, Syscalls: []string{"write"},
			Ready: func() { close(ready) }})
		done <- err
	}()
	<-ready
	work := t.TempDir()
	for i := 0; i < 20; i++ {
		time.Sleep(600 * time.Millisecond) // a block per round: the recorder flushes twice a second
		select {
		case err := <-done:
			var we *record.WriteError
			if !errors.As(err, &we) || !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("record.Run: %v, want a WriteError for ENOSPC", err)
			}
			f, ferr := os.Open(out)
			if ferr != nil {
				t.Fatal(ferr)
			}
			defer f.Close()
			r, ferr := format.NewReader(f, &format.ReaderOptions{Warn: func(*format.Warning) {}})
			if ferr != nil {
				t.Fatalf("the full file cannot be read: %v", ferr)
			}
			var ev format.Event
			n := 0
			for r.ReadInto(&ev) == nil {
				n++
			}
			t.Logf("%v; %d events readable", err, n)
			if n == 0 {
				t.Error("no events readable from the full file")
			}
			return
		default:
		}
		if err := workloadCommand("noise", work).Run(); err != nil {
			t.Fatal(err)
		}
	}
	cancel()
	t.Fatalf("recording did not fill 512 KiB: %v", <-done)
}

// TestRecordNotRoot runs the recorder as an unprivileged user: the error
// must name what is missing.
func TestRecordNotRoot(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to drop privileges")
	}
	// A copy of this test binary that the unprivileged user may run.
	dir, err := os.MkdirTemp("", "peregrine-notroot")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "record.test")
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), workloadEnv+"=notroot", "PEREGRINE_DIR="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v, want status 1; stderr: %s", err, stderr.String())
	}
	for _, want := range []string{"CAP_BPF", "CAP_PERFMON", "missing"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("error does not name %s: %s", want, stderr.String())
		}
	}
}

// TestRecordContainerOnly records only container processes: a host
// process's syscalls are left out in the kernel.
func TestRecordContainerOnly(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	podman := probetest.RequirePodman(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "ctr.pcap")
	rec := startRecording(t, &record.Options{Output: out, ContainerOnly: true, BufferSize: testBuffer})
	host := exec.Command("/bin/cat", "/etc/hostname")
	if err := host.Run(); err != nil {
		t.Fatal(err)
	}
	ctr := exec.Command(podman, "run", "--rm", "--network", "none", probetest.Image, "cat", "/etc/hostname")
	if b, err := ctr.CombinedOutput(); err != nil {
		t.Fatalf("podman run: %v\n%s", err, b)
	}
	rec.stop(t)
	c := readCapture(t, out)
	var inCtr, onHost int
	for i := range c.events {
		e := &c.events[i]
		if e.PID == int64(host.Process.Pid) || e.PID == int64(ctr.Process.Pid) {
			onHost++
		}
		if e.Type == format.EvOpenat && str(e, "name") == "/etc/hostname" && e.PID != int64(host.Process.Pid) {
			inCtr++
		}
	}
	if onHost != 0 || inCtr == 0 {
		t.Errorf("%d events of host processes, %d opens of /etc/hostname in the container", onHost, inCtr)
	}
}

// TestRecordDrops overflows a small ring buffer: the losses are counted
// and written as drop events.
func TestRecordDrops(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "drops.pcap")
	rec := startRecording(t, &record.Options{Output: out, BufferSize: 256 << 10, Snaplen: 16384, NoEnv: true})
	// 32 MiB of payload in a burst through a 256 KiB ring.
	noise := workloadCommand("noise", dir)
	noise.Env = append(noise.Env, "PEREGRINE_NOISE=2000")
	if err := noise.Run(); err != nil {
		t.Fatal(err)
	}
	st := rec.stop(t)
	if st.Drops == 0 {
		t.Fatal("no drops counted")
	}
	c := readCapture(t, out)
	var lost int64
	for _, e := range c.find(format.EvDrop, nil) {
		lost += num(e, "lost")
	}
	if uint64(lost) != st.Drops {
		t.Errorf("drop events count %d lost, the recorder %d", lost, st.Drops)
	}
}
