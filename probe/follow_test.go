//go:build linux

package probe_test

import (
	"errors"
	"io"
	"os"
	"os/exec"
	"runtime"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/peregrine-sec/peregrine/probe"
	"github.com/peregrine-sec/peregrine/probe/probetest"
)

// followScript opens /etc/hostname in itself, in a child and in a
// grandchild whose parent exits first (the grandchild is reparented), once
// a line arrives on stdin.
const followScript = `read go
cat /etc/hostname >/dev/null
(sh -c 'sleep 0.2; exec cat /etc/hostname' >/dev/null &)
sleep 0.5`

// TestFollow follows one process tree: the processes it forks are
// recorded, reparented ones too, and a process outside it is not.
func TestFollow(t *testing.T) {
	probetest.RequireProbe(t)
	p, err := probe.Load(&probe.Options{Syscalls: []string{"openat"}, BufferSize: 4 << 20, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()

	tree := exec.Command("/bin/sh", "-c", followScript)
	stdin, err := tree.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := tree.Start(); err != nil {
		t.Fatal(err)
	}
	if err := p.Follow(tree.Process.Pid); err != nil {
		t.Fatal(err)
	}
	if n := probe.FollowedCount(p); n != 1 {
		t.Fatalf("%d processes followed, want 1", n)
	}
	// Not followed: started by the test process, which is not followed
	// (no FollowChildren) and not forked by the tree.
	other := exec.Command("/bin/cat", "/etc/hostname")
	other.Stdout = io.Discard
	if err := other.Run(); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(stdin, "go\n"); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	if err := tree.Wait(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the reparented grandchild's cat

	inTree := map[uint32]bool{uint32(tree.Process.Pid): true}
	opens := map[uint32]int{} // pid -> opens of /etc/hostname
	var rec probe.Record
	for {
		err := p.Read(&rec, time.Now().Add(300*time.Millisecond))
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		h := rec.Header()
		switch {
		case h.Kind == probe.KindForkChild:
			pi, ok := rec.Proc()
			if !ok || !inTree[pi.Ppid] {
				t.Errorf("fork of process %d recorded, parent %d is not in the followed tree", h.Pid, pi.Ppid)
			}
			inTree[h.Pid] = true
		case !inTree[h.Pid]:
			t.Errorf("record of kind %d of process %d, not in the followed tree", h.Kind, h.Pid)
		case h.Kind == probe.KindSyscall:
			if name, _ := rec.Blob(probe.TagStr1); string(name) == "/etc/hostname" {
				opens[h.Pid]++
			}
		}
	}
	if opens[uint32(other.Process.Pid)] != 0 {
		t.Errorf("the process outside the tree was recorded")
	}
	total := 0
	for _, n := range opens {
		total += n
	}
	if total != 2 {
		t.Errorf("%d opens of /etc/hostname in the tree, want 2 (the child's and the reparented grandchild's): %v", total, opens)
	}
	// Every process of the tree has exited: the probe forgot them all, so
	// a process reusing one of their ids is not followed.
	if n := probe.FollowedCount(p); n != 0 {
		t.Errorf("%d processes still followed after the whole tree exited", n)
	}
	c, err := p.Counters()
	if err != nil {
		t.Fatal(err)
	}
	for cpu, n := range c.Unfollowed {
		if n != 0 {
			t.Errorf("CPU %d: %d forks not followed", cpu, n)
		}
	}
}

// TestFollowForksOf follows what one thread of the loading process forks,
// and neither the loading process itself nor what its other threads fork.
func TestFollowForksOf(t *testing.T) {
	probetest.RequireProbe(t)
	p, err := probe.Load(&probe.Options{Syscalls: []string{"openat"}, BufferSize: 4 << 20, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	os.FindProcess(os.Getpid()) // Go's one-time pidfd check forks a child: not here
	start := func(follow bool) *exec.Cmd {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if follow {
			if err := p.FollowForksOf(unix.Gettid()); err != nil {
				t.Fatal(err)
			}
			defer p.FollowForksOf(0)
		}
		cmd := exec.Command("/bin/cat", "/etc/hostname")
		cmd.Stdout = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	followed, other := start(true), start(false)
	for _, c := range []*exec.Cmd{followed, other} {
		if err := c.Wait(); err != nil {
			t.Fatal(err)
		}
	}
	pid := uint32(followed.Process.Pid)
	var rec probe.Record
	var fork, exec_, open bool
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
			t.Errorf("a record (kind %d) of process %d, not the followed child %d", h.Kind, h.Pid, pid)
			continue
		}
		switch h.Kind {
		case probe.KindForkChild:
			fork = true
		case probe.KindExec:
			exec_ = true
		case probe.KindSyscall:
			name, _ := rec.Blob(probe.TagStr1)
			open = open || string(name) == "/etc/hostname"
		}
	}
	if !fork || !exec_ || !open {
		t.Errorf("followed child: fork %v, exec %v, open %v; want all", fork, exec_, open)
	}
}

func TestFollowBadPID(t *testing.T) {
	probetest.RequireProbe(t)
	p, err := probe.Load(&probe.Options{Syscalls: []string{"openat"}, BufferSize: 1 << 20, Follow: true})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, pid := range []int{0, -1, 1 << 23} {
		if err := p.Follow(pid); err == nil {
			t.Errorf("Follow(%d) succeeded", pid)
		}
	}
	if err := p.FollowForksOf(-1); err == nil {
		t.Error("FollowForksOf(-1) succeeded")
	}
}
