//go:build linux

package record

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/peregrine-sec/peregrine/probe"
)

// KillGrace is how long a command that outlives its recording (Ctrl+C,
// SIGTERM, Options.Duration) has to exit after SIGTERM before it is sent
// SIGKILL.
const KillGrace = 5 * time.Second

// ErrFollowBoth means Options.Command and Options.FollowPID were both set.
var ErrFollowBoth = errors.New("record: give a command to start or a process to follow, not both")

// follower is the process tree a recording follows: a command the recorder
// starts (Options.Command) or a running process (Options.FollowPID). The
// probe follows the tree in the kernel; the follower only knows when its
// root has exited, which ends the recording.
//
// A follower is not safe for concurrent use; done may be read from any
// goroutine.
type follower struct {
	done     chan struct{} // closed when the root process has exited
	stop     chan struct{} // closed to end the pidfd watch
	cmd      *os.Process   // the command, if the recorder started it
	waitErr  error         // the command's Wait error, once done is closed
	termSent time.Time     // when SIGTERM was sent, zero before
	killed   bool
}

// exited reports whether the root process has exited.
func (f *follower) exited() bool {
	select {
	case <-f.done:
		return true
	default:
		return false
	}
}

// startCommand starts opts.Command from a thread whose forks the probe
// follows, so that the command is followed from its first instruction.
func startCommand(p *probe.Probe, opts *Options) (*follower, error) {
	cmd := opts.Command
	err := func() error {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := p.FollowForksOf(unix.Gettid()); err != nil {
			return err
		}
		defer p.FollowForksOf(0)
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("record: start %s: %w", cmd.Path, err)
		}
		return nil
	}()
	if err != nil {
		return nil, err
	}
	f := &follower{done: make(chan struct{}), cmd: cmd.Process}
	go func() {
		f.waitErr = cmd.Wait()
		close(f.done)
	}()
	return f, nil
}

// followPID follows pid and its descendants: pid and those alive now are
// added to the probe's followed set (the processes they fork from now on
// are added by the probe), and a pidfd tells when pid exits.
func followPID(p *probe.Probe, proc string, pid int) (*follower, error) {
	fd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		if errors.Is(err, unix.ESRCH) {
			return nil, fmt.Errorf("record: follow process %d: no such process", pid)
		}
		return nil, fmt.Errorf("record: follow process %d: %w", pid, err)
	}
	if err := p.Follow(pid); err != nil {
		unix.Close(fd)
		return nil, err
	}
	// A process may fork between the walk reading its parent and the
	// probe following that parent: walk again until nothing is new.
	seen := map[int]bool{pid: true}
	for range 3 {
		added := 0
		for _, d := range descendants(proc, pid) {
			if seen[d] {
				continue
			}
			seen[d] = true
			added++
			if err := p.Follow(d); err != nil {
				unix.Close(fd)
				return nil, err
			}
		}
		if added == 0 {
			break
		}
	}
	f := &follower{done: make(chan struct{}), stop: make(chan struct{})}
	go func() {
		defer unix.Close(fd)
		defer close(f.done)
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		for {
			select {
			case <-f.stop:
				return
			default:
			}
			n, err := unix.Poll(fds, int(pollInterval/time.Millisecond))
			if (err == nil && n > 0) || (err != nil && !errors.Is(err, unix.EINTR)) {
				return // pid exited (or the pidfd is unusable: stop following)
			}
		}
	}()
	return f, nil
}

// descendants returns the processes below pid in /proc's parent links.
func descendants(proc string, pid int) []int {
	entries, err := os.ReadDir(proc)
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp := parentOf(proc, p); pp > 0 {
			children[pp] = append(children[pp], p)
		}
	}
	var out []int
	queue := []int{pid}
	seen := map[int]bool{pid: true}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
				queue = append(queue, c)
			}
		}
	}
	return out
}

// parentOf reads the parent process id from /proc/PID/stat, or returns 0.
func parentOf(proc string, pid int) int {
	b, err := os.ReadFile(filepath.Join(proc, strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0
	}
	// "pid (comm) state ppid ...": comm may hold spaces and parentheses.
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 2 {
		return 0
	}
	pp, _ := strconv.Atoi(f[1])
	return pp
}

// terminate asks a command that outlives the recording to exit: SIGTERM
// first, SIGKILL KillGrace later. It reports whether the command is still
// running (the caller keeps recording until it has exited).
func (f *follower) terminate(now time.Time) bool {
	if f == nil || f.cmd == nil || f.exited() {
		return false
	}
	switch {
	case f.termSent.IsZero():
		f.termSent = now
		_ = f.cmd.Signal(syscall.SIGTERM)
	case !f.killed && now.Sub(f.termSent) >= KillGrace:
		f.killed = true
		_ = f.cmd.Kill()
	}
	return true
}

// close ends the follower: a command still running is killed and waited
// for, a pidfd watch stopped.
func (f *follower) close() {
	if f == nil {
		return
	}
	if f.cmd != nil && !f.exited() {
		_ = f.cmd.Kill()
		<-f.done
	}
	if f.stop != nil {
		close(f.stop)
		<-f.done
	}
}
