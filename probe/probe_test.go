//go:build linux

package probe_test

import (
	"errors"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/probe"
	"github.com/peregrine-sec/peregrine/probe/probetest"
)

// TestLoad loads the probe into the running kernel, makes a child execute
// and open a file, and finds both records with their context.
func TestLoad(t *testing.T) {
	probetest.RequireProbe(t)
	p, err := probe.Load(&probe.Options{Syscalls: []string{"openat"}, BufferSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.BufferSize() != 1<<20 || len(p.Syscalls()) != 1 {
		t.Errorf("buffer %d, %d syscalls", p.BufferSize(), len(p.Syscalls()))
	}
	cmd := exec.Command("/bin/cat", "/etc/hostname")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	pid := uint32(cmd.Process.Pid)
	var rec probe.Record
	var exec_, open, exit bool
	for {
		err := p.Read(&rec, time.Now().Add(300*time.Millisecond))
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		h := rec.Header()
		if h.Pid != pid {
			continue
		}
		switch h.Kind {
		case probe.KindExec:
			args, _ := rec.Blob(probe.TagArgs)
			exe, _ := rec.Blob(probe.TagExePath)
			pi, ok := rec.Proc()
			exec_ = string(args) == "/bin/cat\x00/etc/hostname\x00" && string(exe) == "/usr/bin/cat" && ok && pi.Ppid == uint32(os.Getpid())
		case probe.KindSyscall:
			if name, _ := rec.Blob(probe.TagStr1); string(name) == "/etc/hostname" && h.Ret >= 0 {
				_, hasFile := rec.File()
				open = hasFile
			}
		case probe.KindExit:
			exit = h.Ret == 0
		}
	}
	if !exec_ || !open || !exit {
		t.Errorf("exec %v, openat %v, exit %v", exec_, open, exit)
	}
	c, err := p.Counters()
	if err != nil {
		t.Fatal(err)
	}
	var events uint64
	for _, n := range c.Events {
		events += n
	}
	if events == 0 {
		t.Error("no events counted")
	}
	if err := p.Close(); err != nil {
		t.Error(err)
	}
	if err := p.Read(&rec, time.Now()); err == nil {
		t.Error("Read after Close succeeded")
	}
}

// TestLoadEmpty attaches and detaches the benchmark's empty hook.
func TestLoadEmpty(t *testing.T) {
	probetest.RequireProbe(t)
	h, err := probe.LoadEmpty()
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestLoadBadOptions(t *testing.T) {
	if _, err := probe.Load(&probe.Options{Syscalls: []string{"nosuchcall"}}); err == nil {
		t.Error("unknown syscall accepted")
	}
	if _, err := probe.Load(&probe.Options{BufferSize: 12345}); err == nil {
		t.Error("buffer size 12345 accepted")
	}
	if _, err := probe.Load(&probe.Options{Arch: "mips"}); err == nil {
		t.Error("arch mips accepted")
	}
}
