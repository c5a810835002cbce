//go:build linux && amd64

package record_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe"
	"github.com/peregrine-sec/peregrine/probe/probetest"
	"github.com/peregrine-sec/peregrine/record"
)

// TestRecordEverySyscall makes every syscall of the table (allSyscalls)
// and checks that each produced its event, with the arguments it was given
// in Falco's encoding.
func TestRecordEverySyscall(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "all.pcap")
	rec := startRecording(t, &record.Options{Output: out, Snaplen: 64, BufferSize: testBuffer})
	wl := workloadCommand("all", dir)
	if err := wl.Run(); err != nil {
		t.Fatalf("workload: %v", err)
	}
	if st := rec.stop(t); st.Drops > 0 {
		t.Errorf("%d events dropped: the checks below may fail for that", st.Drops)
	}
	c := readCapture(t, out)

	// The workload and its descendants.
	pids := map[int64]bool{int64(wl.Process.Pid): true}
	for _, e := range c.events {
		switch e.Type {
		case format.EvClone, format.EvClone3, format.EvFork, format.EvVfork:
			if pids[num(&e, "ptid")] || pids[e.PID] {
				pids[e.TID] = true
				if r := num(&e, "res"); r > 0 {
					pids[r] = true
				}
			}
		}
	}
	of := func(typ format.EventType) []*format.Event {
		return c.find(typ, func(e *format.Event) bool { return pids[e.PID] || pids[e.TID] })
	}
	in := func(name string) string { return filepath.Join(dir, name) }

	for _, s := range probe.ArchByName("amd64").Syscalls() {
		t.Run(s.Name, func(t *testing.T) {
			if len(of(s.Event)) == 0 {
				t.Errorf("no %s event from the workload", s.Event)
			}
		})
	}

	// Arguments: each check looks for one event of its type that matches.
	type want map[string]any // param -> int64, string, or func(int64) bool
	checks := []struct {
		name string
		typ  format.EventType
		want want
	}{
		{"open", format.EvOpen, want{"name": in("open"), "flags": int64(3 | 4 | 1<<14), "mode": int64(0o640)}},
		{"write", format.EvWrite, want{"res": int64(5), "size": int64(5), "data": "hello"}},
		{"pwrite", format.EvPwrite, want{"pos": int64(5), "data": "HELLO"}},
		{"pread", format.EvPread, want{"size": int64(5), "pos": int64(0), "data": "hello"}},
		{"read", format.EvRead, want{"data": "helloHELLO"}},
		{"writev", format.EvWritev, want{"res": int64(4), "data": "hell"}},
		{"dup2", format.EvDup2, want{"newfd": int64(50), "res": int64(50)}},
		{"dup3", format.EvDup3, want{"newfd": int64(51), "flags": int64(1 << 12)}},
		{"fcntl", format.EvFcntl, want{"cmd": int64(26), "res": int64(60)}},
		{"fchmod", format.EvFchmod, want{"mode": int64(0o600), "res": int64(0)}},
		{"ftruncate", format.EvFtruncate, want{"length": int64(3), "res": int64(0)}},
		{"creat", format.EvCreat, want{"name": in("creat"), "mode": int64(0o644)}},
		{"openat", format.EvOpenat, want{"name": in("openat"), "dirfd": int64(-100), "flags": int64(2 | 4 | 1<<14)}},
		{"openat2", format.EvOpenat2, want{"name": in("openat"), "flags": int64(1), "resolve": int64(8)}},
		{"truncate", format.EvTruncate, want{"path": in("openat"), "length": int64(1), "res": int64(0)}},
		{"chmod", format.EvChmod, want{"filename": in("openat"), "mode": int64(0o644)}},
		{"fchmodat", format.EvFchmodat, want{"filename": in("openat"), "mode": int64(0o640), "dirfd": int64(-100)}},
		{"fchownat", format.EvFchownat, want{"pathname": in("openat"), "uid": int64(0)}},
		{"mkdir", format.EvMkdir, want{"path": in("d1"), "mode": int64(0o700), "res": int64(0)}},
		{"mkdirat", format.EvMkdirat, want{"path": in("d2"), "mode": int64(0o750)}},
		{"rmdir", format.EvRmdir, want{"path": in("d1"), "res": int64(0)}},
		{"rename", format.EvRename, want{"oldpath": in("creat"), "newpath": in("renamed"), "res": int64(0)}},
		{"renameat", format.EvRenameat, want{"oldpath": in("renamed"), "newpath": in("renamedat"), "olddirfd": int64(-100)}},
		{"renameat2", format.EvRenameat2, want{"oldpath": in("renamedat"), "newpath": in("renamedat2"), "flags": int64(1)}},
		{"link", format.EvLink, want{"oldpath": in("renamedat2"), "newpath": in("link"), "res": int64(0)}},
		{"linkat", format.EvLinkat, want{"oldpath": in("link"), "newpath": in("linkat"), "olddir": int64(-100)}},
		{"symlink", format.EvSymlink, want{"target": "/etc/hostname", "linkpath": in("symlink")}},
		{"symlinkat", format.EvSymlinkat, want{"target": "/etc/hosts", "linkpath": in("symlinkat"), "linkdirfd": int64(-100)}},
		{"unlink", format.EvUnlink, want{"path": in("link"), "res": int64(0)}},
		{"unlinkat", format.EvUnlinkat, want{"name": in("d2"), "flags": int64(0x200), "res": int64(0)}},
		{"chdir", format.EvChdir, want{"path": dir, "res": int64(0)}},
		{"chroot", format.EvChroot, want{"path": "/", "res": int64(0)}},
		{"mount", format.EvMount, want{"dev": "peregrine", "dir": in("mnt"), "type": "tmpfs", "flags": int64(2), "res": int64(0)}},
		{"umount2", format.EvUmount2, want{"name": in("mnt"), "flags": int64(2), "res": int64(0)}},
		{"sendfile", format.EvSendfile, want{"size": int64(2), "offset": int64(3)}},
		{"pipe", format.EvPipe, want{"res": int64(0), "ino": func(v int64) bool { return v > 0 }}},
		{"pipe2", format.EvPipe2, want{"flags": int64(1<<12 | 1<<6), "fd1": func(v int64) bool { return v > 2 }}},
		{"splice", format.EvSplice, want{"res": int64(1), "size": int64(1)}},
		{"eventfd", format.EvEventfd, want{"initval": int64(3)}},
		{"eventfd2", format.EvEventfd2, want{"initval": int64(4), "flags": int64(1 << 12)}},
		{"memfd_create", format.EvMemfdCreate, want{"name": "peregrine-all", "flags": int64(1)}},
		{"signalfd4", format.EvSignalfd4, want{"flags": int64(1 << 6)}},
		{"inotify_init1", format.EvInotifyInit1, want{"flags": int64(1 << 6)}},
		{"socket", format.EvSocket, want{"domain": int64(2), "type": int64(1), "flags": int64(1 << 12)}},
		{"listen", format.EvListen, want{"backlog": int64(7), "res": int64(0)}},
		{"accept", format.EvAccept, want{"queuemax": int64(7), "fd": func(v int64) bool { return v >= 0 }}},
		{"accept4", format.EvAccept4, want{"flags": int64(unixSockCloexec)}},
		{"sendto", format.EvSendto, want{"data": "ping", "size": int64(4)}},
		{"sendto udp", format.EvSendto, want{"data": "udp", "size": int64(3)}},
		{"recvfrom", format.EvRecvfrom, want{"data": "ping", "res": int64(4)}},
		{"sendmsg", format.EvSendmsg, want{"res": int64(4)}},
		{"recvmsg", format.EvRecvmsg, want{"res": int64(4)}},
		{"shutdown", format.EvShutdown, want{"how": int64(1), "res": int64(0)}},
		{"socketpair", format.EvSocketpair, want{"domain": int64(1), "source": func(v int64) bool { return v != 0 }}},
		{"mmap", format.EvMmap, want{"prot": int64(5), "flags": int64(2 | 8), "length": int64(4096)}},
		{"mprotect", format.EvMprotect, want{"prot": int64(7), "length": int64(4096), "res": int64(0)}},
		{"process_vm_readv", format.EvProcessVmReadv, want{"res": int64(4)}},
		{"process_vm_writev", format.EvProcessVmWritev, want{"res": int64(4)}},
		{"setuid", format.EvSetuid, want{"uid": int64(0), "res": int64(0)}},
		{"setresuid", format.EvSetresuid, want{"ruid": int64(0xffffffff), "res": int64(0)}},
		{"capset", format.EvCapset, want{"res": int64(0), "cap_effective": func(v int64) bool { return v != 0 }}},
		{"prctl", format.EvPrctl, want{"option": int64(15), "arg2_str": "peregrine-all"}},
		{"ptrace", format.EvPtrace, want{"request": int64(3), "pid": int64(1)}},
		{"tgkill", format.EvTgkill, want{"sig": int64(0), "res": int64(0)}},
		{"init_module", format.EvInitModule, want{"uargs": "peregrine=1", "length": int64(16)}},
		{"finit_module", format.EvFinitModule, want{"uargs": "peregrine=2"}},
		{"delete_module", format.EvDeleteModule, want{"name": "peregrine_none", "flags": int64(2)}},
		{"setns", format.EvSetns, want{"nstype": int64(1 << 7), "res": int64(0)}},
		{"seccomp", format.EvSeccomp, want{"op": int64(2), "res": int64(0)}},
		{"execveat", format.EvExecveat, want{"res": int64(-2), "filename": in("no-such-program")}},
		{"execve", format.EvExecve, want{"res": int64(-2), "filename": in("no-such-program")}},
		{"fork", format.EvFork, want{"res": func(v int64) bool { return v > 0 }}},
		{"vfork", format.EvVfork, want{"res": func(v int64) bool { return v > 0 }}},
		{"vfork child", format.EvVfork, want{"res": int64(0), "flags": int64(1<<15 | 1<<27)}},
		{"procexit", format.EvProcexit, want{"ret": int64(3), "sig": int64(0)}},
	}
	for _, ck := range checks {
		t.Run("args/"+ck.name, func(t *testing.T) {
			evs := of(ck.typ)
			var why string
			for _, e := range evs {
				if why = matches(e, ck.want); why == "" {
					return
				}
			}
			t.Errorf("no %s event with %v among %d (last mismatch: %s)", ck.typ, ck.want, len(evs), why)
		})
	}
}

// SOCK_CLOEXEC, raw in accept4's flags.
const unixSockCloexec = 0x80000

func matches(e *format.Event, w map[string]any) string {
	for name, v := range w {
		i := e.Type.Info().Param(name)
		if i < 0 {
			return "no parameter " + name
		}
		got, ok := e.Param(i)
		if !ok {
			return name + " absent"
		}
		switch v := v.(type) {
		case int64:
			if got.Int != v {
				return fmt.Sprintf("%s=%d", name, got.Int)
			}
		case string:
			if !bytes.Equal(bytes.TrimRight(got.Bytes, "\x00"), []byte(v)) {
				return fmt.Sprintf("%s=%q", name, got.Bytes)
			}
		case func(int64) bool:
			if !v(got.Int) {
				return fmt.Sprintf("%s=%d", name, got.Int)
			}
		}
	}
	return ""
}
