//go:build linux

package record_test

import (
	"context"
	"encoding/json"
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

// inTree returns the process ids of the capture's followed tree: root and
// every process a fork event says it (or a descendant) created. It fails
// the test on a process event outside the tree.
func inTree(t *testing.T, c *capture, root int64) map[int64]bool {
	t.Helper()
	tree := map[int64]bool{root: true}
	for i := range c.events {
		e := &c.events[i]
		if e.TID == 0 {
			continue // meta events: containers, users, drops
		}
		switch e.Type {
		case format.EvClone, format.EvClone3, format.EvFork, format.EvVfork:
			if e.PID != 0 && num(e, "res") == 0 && tree[num(e, "ptid")] {
				// The child side: ptid is the parent, the child is new.
				tree[e.PID] = true
			}
		}
		if !tree[e.PID] {
			t.Errorf("event %d (%v) of process %d, outside the followed tree", e.Num, e.Type, e.PID)
		}
	}
	return tree
}

// TestRecordCommand records a command and what it forks, and nothing
// else; the recording ends when the command exits, with its status.
func TestRecordCommand(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "cmd.pgr")
	// Busy outside the tree meanwhile: none of it may be recorded.
	noise := exec.Command("/bin/sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do cat /etc/hostname; sleep 0.05; done")
	noise.Stdout = io.Discard
	if err := noise.Start(); err != nil {
		t.Fatal(err)
	}
	defer noise.Wait()

	cmd := exec.Command("/bin/sh", "-c", "cat /etc/hostname; (sh -c 'sleep 0.2; exec cat /etc/os-release' &); sleep 0.4; exit 3")
	cmd.Stdout = io.Discard
	start := time.Now()
	st, err := record.Run(context.Background(), &record.Options{Output: out, Command: cmd, NoEnv: true, BufferSize: testBuffer})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the recording took %s: it did not end with the command", d)
	}
	if cmd.ProcessState == nil || cmd.ProcessState.ExitCode() != 3 {
		t.Fatalf("command state %v, want exit status 3", cmd.ProcessState)
	}
	if st.Events == 0 || st.Unfollowed != 0 {
		t.Errorf("stats: %d events, %d unfollowed", st.Events, st.Unfollowed)
	}
	c := readCapture(t, out)
	tree := inTree(t, c, int64(cmd.Process.Pid))
	var opened []string
	for _, e := range c.find(format.EvOpenat, nil) {
		if n := str(e, "name"); n == "/etc/hostname" || n == "/etc/os-release" {
			opened = append(opened, n)
		}
	}
	if strings.Join(opened, " ") != "/etc/hostname /etc/os-release" {
		t.Errorf("opens %v, want the command's /etc/hostname and its reparented grandchild's /etc/os-release", opened)
	}
	if len(tree) < 4 {
		t.Errorf("%d processes in the tree, want at least 4 (sh, cat, subshell, reparented sh)", len(tree))
	}
	// The snapshot still describes the host: the recorder (the command's
	// parent) and its ancestors are there for proc.aname.
	var self bool
	for _, th := range c.snap.Threads {
		self = self || th.PID == int64(os.Getpid())
	}
	if !self {
		t.Error("the snapshot lacks the recorder, the command's parent")
	}
	if len(c.snap.Threads) < 10 {
		t.Errorf("snapshot of %d threads: it should describe the whole host", len(c.snap.Threads))
	}
}

// TestRecordCommandOutlived ends the recording before the command: the
// command is terminated, and its end is recorded.
func TestRecordCommandOutlived(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	out := filepath.Join(t.TempDir(), "term.pgr")
	cmd := exec.Command("/bin/sleep", "30")
	start := time.Now()
	_, err := record.Run(context.Background(), &record.Options{Output: out, Command: cmd, Duration: 300 * time.Millisecond, NoEnv: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > record.KillGrace {
		t.Errorf("took %s, want the command terminated at once", d)
	}
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGTERM {
		t.Errorf("command ended with %v, want SIGTERM", cmd.ProcessState)
	}
	c := readCapture(t, out)
	if len(c.find(format.EvProcexit, func(e *format.Event) bool { return e.PID == int64(cmd.Process.Pid) })) != 1 {
		t.Error("the command's exit is not in the capture")
	}
}

// TestRecordCommandNotFound fails with the command's name and leaves a
// complete (empty) capture.
func TestRecordCommandNotFound(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	out := filepath.Join(t.TempDir(), "none.pgr")
	_, err := record.Run(context.Background(), &record.Options{Output: out, Command: exec.Command("/nonexistent/peregrine-cmd"), NoEnv: true})
	if err == nil || !strings.Contains(err.Error(), "start /nonexistent/peregrine-cmd") {
		t.Fatalf("error %v, want it to name the command", err)
	}
	readCapture(t, out)
}

// TestRecordFollowPID follows a running process and the children it forks
// later, until it exits.
func TestRecordFollowPID(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	dir := t.TempDir()
	out := filepath.Join(dir, "pid.pgr")
	// A child that already exists when recording starts, and one forked
	// after; the tree exits once told to.
	tree := exec.Command("/bin/sh", "-c", "sleep 30 & read go; cat /etc/hostname; kill $!")
	tree.Stdout = io.Discard
	stdin, err := tree.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := tree.Start(); err != nil {
		t.Fatal(err)
	}
	defer tree.Wait()
	waitFor(t, "the sleeping child", func() bool { return len(childrenOf(tree.Process.Pid)) > 0 })
	sleeper := childrenOf(tree.Process.Pid)[0]
	ready := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		_, err := record.Run(context.Background(), &record.Options{Output: out, FollowPID: tree.Process.Pid, NoEnv: true, BufferSize: testBuffer,
			Ready: func() { close(ready) }})
		done <- err
	}()
	select {
	case <-ready:
	case err := <-done:
		t.Fatal(err)
	}
	io.WriteString(stdin, "go\n")
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the recording did not end when the followed process exited")
	}
	c := readCapture(t, out)
	var cat, sleeperExit bool
	for _, e := range c.find(format.EvOpenat, nil) {
		cat = cat || str(e, "name") == "/etc/hostname"
	}
	for _, e := range c.find(format.EvProcexit, nil) {
		sleeperExit = sleeperExit || e.PID == int64(sleeper)
	}
	if !cat {
		t.Error("the child forked after the start is not recorded")
	}
	if !sleeperExit {
		t.Error("the child that existed before the start is not followed")
	}
}

func TestRecordFollowErrors(t *testing.T) {
	if _, err := record.Run(context.Background(), &record.Options{Output: "x.pgr", Command: exec.Command("true"), FollowPID: 1}); err != record.ErrFollowBoth {
		t.Errorf("command and pid: %v, want ErrFollowBoth", err)
	}
	probetest.RequireProbe(t)
	out := filepath.Join(t.TempDir(), "gone.pgr")
	// A process that has exited (and was reaped) cannot be followed.
	gone := exec.Command("/bin/true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	_, err := record.Run(context.Background(), &record.Options{Output: out, FollowPID: gone.Process.Pid})
	if err == nil || !strings.Contains(err.Error(), "no such process") {
		t.Errorf("follow an exited process: %v, want no such process", err)
	}
}

// childrenOf lists pid's children (from /proc/PID/task/*/children).
func childrenOf(pid int) []int {
	var out []int
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	for _, f := range tasks {
		b, _ := os.ReadFile(f)
		for _, s := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(s); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestRecordCommandContainer records `podman run`: the container's
// processes are followed through conmon and runc (they are reparented on
// the way), and the capture names the container.
func TestRecordCommandContainer(t *testing.T) {
	probetest.RequireProbe(t)
	t.Parallel()
	podman := probetest.RequirePodman(t)
	dir := t.TempDir()
	sock := filepath.Join(dir, "podman.sock")
	api := exec.Command(podman, "system", "service", "--time=0", "unix://"+sock)
	if err := api.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { api.Process.Kill(); api.Wait() }()
	waitFor(t, "podman API socket", func() bool { _, err := os.Stat(sock); return err == nil })

	out := filepath.Join(dir, "ctr.pgr")
	name := "peregrine-follow-" + strconv.Itoa(os.Getpid())
	cmd := exec.Command(podman, "run", "--rm", "--network", "none", "--name", name, probetest.Image,
		"sh", "-c", "cat /etc/hostname; sleep 0.3")
	cmd.Stdout = io.Discard
	st, err := record.Run(context.Background(), &record.Options{Output: out, Command: cmd, NoEnv: true, ContainerSocket: sock, BufferSize: testBuffer})
	if err != nil {
		t.Fatal(err)
	}
	if code := cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("podman run exited %d", code)
	}
	c := readCapture(t, out)
	inTree(t, c, int64(cmd.Process.Pid))
	var opened bool
	for _, e := range c.find(format.EvOpenat, nil) {
		opened = opened || (str(e, "name") == "/etc/hostname" && num(e, "fd") >= 0)
	}
	if !opened {
		t.Error("the container's cat /etc/hostname is not in the capture")
	}
	var named bool
	ctrAt, ctrID := -1, ""
	for i := range c.events {
		e := &c.events[i]
		if e.Type != format.EvContainer {
			continue
		}
		j := str(e, "json")
		if strings.Contains(j, name) && strings.Contains(j, probetest.Image) {
			named = true
			ctrAt = i
			var v struct {
				Container struct {
					ID string `json:"id"`
				} `json:"container"`
			}
			if err := json.Unmarshal([]byte(j), &v); err == nil {
				ctrID = v.Container.ID
			}
		}
	}
	if !named {
		t.Fatalf("no container event names %s and %s", name, probetest.Image)
	}
	// Unless the engine took longer than the recorder waits (a loaded
	// machine), the container event comes before the first event of the
	// container's processes, so that every one of them carries the
	// container's name.
	for i := range c.events {
		if st.LateContainers > 0 {
			t.Logf("the engine answered late for %d container(s): order not checked", st.LateContainers)
			break
		}
		e := &c.events[i]
		if e.Type == format.EvExecve && ctrID != "" && len(ctrID) >= 12 && strings.Contains(str(e, "cgroups"), ctrID[:12]) {
			if i < ctrAt {
				t.Errorf("the container's first execve (event %d) comes before its container event (event %d)", i, ctrAt)
			}
			break
		}
	}
	if ctrID == "" {
		t.Error("the container event carries no id")
	}
}
