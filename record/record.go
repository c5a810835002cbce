//go:build linux

package record

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe"
)

// Options configure Run. Output is required; the zero value of every
// other field is the documented default.
type Options struct {
	// Output is the capture file. With rotation (any of RotateSize,
	// RotateTime, MaxFiles, MaxTotalSize) it is the base name of the set:
	// DIR/NAME-<start time>-<sequence>.EXT (see format.RotateOptions).
	Output string
	// Duration stops the recording after this long; 0 records until the
	// context is cancelled.
	Duration time.Duration
	// RotateSize starts a new file when the current one reaches this many
	// bytes; RotateTime when it is this old. 0 means never.
	RotateSize int64
	RotateTime time.Duration
	// MaxFiles and MaxTotalSize delete the oldest files of the set as new
	// ones start, keeping a fixed disk budget. 0 means no limit.
	MaxFiles     int
	MaxTotalSize int64
	// Syscalls and ExcludeSyscalls select what is recorded (see
	// probe.Options); empty records every syscall the probe knows.
	Syscalls, ExcludeSyscalls []string
	// Snaplen is how many payload bytes of reads, writes, sends and
	// receives to keep, 0 (none, the default) to probe.MaxSnaplen.
	Snaplen int
	// NoEnv leaves environments out of the snapshot and exec events.
	NoEnv bool
	// ContainerOnly records only processes in containers.
	ContainerOnly bool
	// Level is the compression level, 1 (fastest, the default) to 4.
	Level int
	// BufferSize is the kernel ring buffer's size in bytes, a power of two;
	// 0 means probe.DefaultBufferSize.
	BufferSize int
	// ContainerSocket is the container engine's API socket (Docker or
	// Podman's Docker-compatible one); "" tries /var/run/docker.sock, then
	// /run/podman/podman.sock.
	ContainerSocket string
	// Recorder names the program in the capture header; "" means
	// "peregrine".
	Recorder string
	// Status, if not nil, is called about once a second while recording,
	// from the recording goroutine: keep it short.
	Status func(Stats)
	// Ready, if not nil, is called once recording has started: the probe
	// is attached and the snapshot written (and before Command starts).
	Ready func()
	// Command, when not nil, is started (Command.Start) once recording
	// has begun, and only it and the processes it forks, and they fork,
	// are recorded: by fork lineage, tracked in the kernel, so a child
	// reparented away (a daemon, a container started through conmon and
	// runc) is still followed. The snapshot still describes the whole
	// host, ancestors included. The recording ends when Command exits;
	// Run waits for it, so Command.ProcessState tells how it ended. When
	// the recording ends first (ctx cancelled, Duration), Command is sent
	// SIGTERM, and SIGKILL if it has not exited KillGrace later; the
	// recording goes on until it has exited.
	Command *exec.Cmd
	// FollowPID, when not 0, records only this process and its
	// descendants, those alive when recording starts and those forked
	// later, as Command does; the recording ends when it exits.
	FollowPID int
}

// Stats describe a recording so far.
type Stats struct {
	Elapsed  time.Duration
	Events   int64         // events written
	Rate     float64       // events per second over the last second
	Drops    uint64        // events lost in the kernel (ring buffer full)
	Bytes    int64         // bytes written to capture files
	RawBytes int64         // uncompressed size of the events written
	CPU      time.Duration // CPU time (user and system) the recorder used
	Files    []string      // capture files written, oldest first
	// Unfollowed counts processes forked in the followed tree that could
	// not be followed (more than probe.MaxFollowed at once): their events
	// are missing.
	Unfollowed uint64
	// LateContainers counts containers the engine did not describe within
	// lookupNow of their first process: their first events have no name
	// or image (the container event comes when the engine answers).
	LateContainers int64
}

// Ratio is the compression ratio: uncompressed bytes per byte written.
func (s Stats) Ratio() float64 {
	if s.Bytes == 0 {
		return 0
	}
	return float64(s.RawBytes) / float64(s.Bytes)
}

// ErrNoOutput means Options.Output was empty.
var ErrNoOutput = errors.New("record: no output file")

// WriteError is a failure to write the capture (a full disk): what was
// written up to the last complete block is readable.
type WriteError struct {
	File string
	Err  error
}

func (e *WriteError) Error() string {
	msg := e.Err.Error()
	if !strings.Contains(msg, e.File) {
		msg = "write " + e.File + ": " + msg
	}
	return "record: " + msg + " (the file is readable up to its last complete block)"
}

func (e *WriteError) Unwrap() error { return e.Err }

const (
	pollInterval  = 100 * time.Millisecond // reader wakes at least this often
	flushInterval = 500 * time.Millisecond // blocks reach the disk at least this often
	statusEvery   = time.Second
	lookupWait    = 3 * time.Second // how long Stop waits for container lookups
	// lookupNow is how long the recorder waits for the container engine
	// when a container shows its first process, before the process's
	// event is written; a slower engine is asked again in the background.
	lookupNow = time.Second
)

// Run records until ctx is cancelled or opts.Duration has passed, then
// finishes the capture files and returns the final statistics. Errors
// loading the probe are *probe.MissingError when the host lacks something.
func Run(ctx context.Context, opts *Options) (Stats, error) {
	if opts == nil || opts.Output == "" {
		return Stats{}, ErrNoOutput
	}
	if opts.Command != nil && opts.FollowPID != 0 {
		return Stats{}, ErrFollowBoth
	}
	if opts.FollowPID < 0 {
		return Stats{}, fmt.Errorf("record: follow process %d: not a process id", opts.FollowPID)
	}
	if opts.Command != nil {
		// Go checks once per process whether pidfds work, by forking a
		// child that exits at once (os.checkPidfd): let it happen before
		// the probe follows the recorder's children, so that the capture
		// shows only the command.
		_, _ = os.FindProcess(os.Getpid())
	}
	r, err := start(ctx, opts)
	if err != nil {
		return Stats{}, err
	}
	if opts.Ready != nil {
		opts.Ready()
	}
	if opts.Command != nil {
		if r.follow, err = startCommand(r.probe, opts); err != nil {
			return r.finish(err)
		}
	}
	return r.loop(ctx)
}

// recorder is one recording in progress.
type recorder struct {
	opts    *Options
	probe   *probe.Probe
	conv    *converter
	snap    *snapshotter
	sink    sink
	started time.Time

	ev      format.Event
	meta    format.Event // container, user and group events
	late    int64        // Stats.LateContainers
	rec     probe.Record
	written int64
	drops   []uint64
	lastN   int64
	lastT   time.Time

	users      *userWatch
	containers map[string]bool
	lookups    sync.WaitGroup
	found      chan foundContainer
	lookupCtx  context.Context
	stopLookup context.CancelFunc

	follow *follower // nil unless following a command or a process
}

type foundContainer struct {
	c      *format.Container
	tid    int64
	users  []format.User
	groups []format.Group
}

// sink is a single capture file or a rotated set.
type sink interface {
	WriteEvent(*format.Event) error
	Flush() error
	Close() error
}

func start(ctx context.Context, opts *Options) (*recorder, error) {
	dir := filepath.Dir(opts.Output)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("record: output directory %s: %w", dir, notDir(err))
	}
	bootOffset, err := bootTimeOffset()
	if err != nil {
		return nil, err
	}
	p, err := probe.Load(&probe.Options{
		Syscalls: opts.Syscalls, ExcludeSyscalls: opts.ExcludeSyscalls, BufferSize: opts.BufferSize,
		Snaplen: opts.Snaplen, NoEnv: opts.NoEnv, ContainerOnly: opts.ContainerOnly,
		Follow: opts.Command != nil || opts.FollowPID != 0,
	})
	if err != nil {
		return nil, err
	}
	var follow *follower
	if opts.FollowPID != 0 {
		if follow, err = followPID(p, "/proc", opts.FollowPID); err != nil {
			p.Close()
			return nil, err
		}
	}
	r := &recorder{
		opts:       opts,
		probe:      p,
		conv:       newConverter(p.Arch(), bootOffset),
		snap:       &snapshotter{proc: "/proc", etc: "/etc", noEnv: opts.NoEnv, bootOffset: bootOffset, engine: newEngine(opts.ContainerSocket), flags: archFlagsFor(p.Arch().Name)},
		started:    time.Now(),
		containers: map[string]bool{},
		found:      make(chan foundContainer, 64),
		follow:     follow,
	}
	r.lookupCtx, r.stopLookup = context.WithCancel(context.Background())
	snap, err := r.snap.take(ctx)
	if err != nil {
		follow.close()
		p.Close()
		return nil, fmt.Errorf("record: snapshot /proc: %w", err)
	}
	for _, c := range snap.Containers {
		r.containers[c.ID] = true
	}
	r.users = newUserWatch("/etc/passwd", "/etc/group", snap.Users, snap.Groups)
	r.drops = make([]uint64, runtime.NumCPU())

	hdr := r.header(p)
	wopts := format.WriterOptions{Level: opts.Level}
	if opts.RotateSize > 0 || opts.RotateTime > 0 || opts.MaxFiles > 0 || opts.MaxTotalSize > 0 {
		first := true
		r.sink, err = format.NewRotator(&format.RotateOptions{
			Path: opts.Output, MaxSize: opts.RotateSize, MaxAge: opts.RotateTime,
			MaxFiles: opts.MaxFiles, MaxTotalSize: opts.MaxTotalSize, Header: *hdr, Writer: wopts,
			Snapshot: func() (*format.Snapshot, error) {
				if first {
					first = false
					return snap, nil
				}
				return r.snap.take(ctx)
			},
		})
	} else {
		r.sink, err = format.Create(opts.Output, hdr, snap, &wopts)
	}
	if err != nil {
		follow.close()
		p.Close()
		return nil, fmt.Errorf("record: %w", err)
	}
	return r, nil
}

func notDir(err error) error {
	if err == nil {
		return errors.New("not a directory")
	}
	return err
}

// bootTimeOffset returns CLOCK_REALTIME - CLOCK_BOOTTIME in ns, which turns
// the probe's timestamps into times since the epoch.
func bootTimeOffset() (int64, error) {
	var rt, bt unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_REALTIME, &rt); err != nil {
		return 0, fmt.Errorf("record: read the clock: %w", err)
	}
	if err := unix.ClockGettime(unix.CLOCK_BOOTTIME, &bt); err != nil {
		return 0, fmt.Errorf("record: read the clock: %w", err)
	}
	return rt.Nano() - bt.Nano(), nil
}

func (r *recorder) header(p *probe.Probe) *format.Header {
	var uts unix.Utsname
	_ = unix.Uname(&uts)
	host, _ := os.Hostname()
	boot, _ := os.ReadFile("/proc/sys/kernel/random/boot_id")
	name := r.opts.Recorder
	if name == "" {
		name = "peregrine"
	}
	names := make([]string, 0, len(p.Syscalls()))
	for _, s := range p.Syscalls() {
		names = append(names, s.Name)
	}
	o := r.opts
	return &format.Header{
		Hostname:      host,
		KernelRelease: unix.ByteSliceToString(uts.Release[:]),
		BootID:        strings.TrimSpace(string(boot)),
		Arch:          p.Arch().Name,
		CPUs:          runtime.NumCPU(),
		Recorder:      name,
		Source:        "peregrine",
		StartTime:     r.started.UnixNano(),
		Options: map[string]string{
			"syscalls":       strings.Join(names, ","),
			"snaplen":        strconv.Itoa(o.Snaplen),
			"no_env":         strconv.FormatBool(o.NoEnv),
			"container_only": strconv.FormatBool(o.ContainerOnly),
			"buffer_size":    strconv.Itoa(p.BufferSize()),
		},
	}
}

// loop reads, converts and writes events until the end of the recording.
func (r *recorder) loop(ctx context.Context) (Stats, error) {
	var end <-chan time.Time
	if r.opts.Duration > 0 {
		t := time.NewTimer(r.opts.Duration)
		defer t.Stop()
		end = t.C
	}
	now := time.Now()
	nextFlush, nextStatus := now.Add(flushInterval), now.Add(statusEvery)
	r.lastT = now
	deadline := now.Add(pollInterval)
	n := 0
	stopping := false // the recording should end, once a command has exited
	var followDone <-chan struct{}
	if r.follow != nil {
		followDone = r.follow.done
	}
	for {
		err := r.probe.Read(&r.rec, deadline)
		switch {
		case err == nil:
			if werr := r.write(); werr != nil {
				return r.finish(werr)
			}
			n++
			if n&255 != 0 {
				continue
			}
		case errors.Is(err, os.ErrDeadlineExceeded):
		default:
			return r.finish(fmt.Errorf("record: read the ring buffer: %w", err))
		}

		// Housekeeping, at least every pollInterval.
		now = time.Now()
		if now.Before(deadline) && err == nil {
			continue
		}
		deadline = now.Add(pollInterval)
		select {
		case <-ctx.Done():
			stopping = true
		case <-end:
			stopping = true
		case <-followDone:
			return r.finish(nil)
		default:
		}
		if stopping && !r.follow.terminate(now) {
			return r.finish(nil)
		}
		if werr := r.drainFound(); werr != nil {
			return r.finish(werr)
		}
		if now.After(nextFlush) {
			nextFlush = now.Add(flushInterval)
			if werr := r.writeDrops(); werr != nil {
				return r.finish(werr)
			}
			if werr := r.writeUsers(); werr != nil {
				return r.finish(werr)
			}
			if werr := r.sink.Flush(); werr != nil {
				return r.finish(r.writeError(werr))
			}
		}
		if now.After(nextStatus) {
			nextStatus = now.Add(statusEvery)
			if r.opts.Status != nil {
				r.opts.Status(r.stats(now))
			}
		}
	}
}

// write converts and writes the record just read.
func (r *recorder) write() error {
	if !r.conv.convert(&r.rec, &r.ev) {
		return nil
	}
	if err := r.newContainer(); err != nil {
		return err
	}
	if err := r.sink.WriteEvent(&r.ev); err != nil {
		if errors.Is(err, format.ErrInvalidEvent) {
			return nil // cannot happen with a correct converter; never fatal
		}
		return r.writeError(err)
	}
	r.written++
	return nil
}

// newContainer looks up a container whose first process the record just
// read shows (an exec or a fork child in a container not seen yet). It
// asks the engine at once, for at most lookupNow, and writes the container
// event (and the container's users and groups) before the event: every
// event of the container then carries its name and image, where a live
// Falco, which asks in the background, has none for the first ones. A
// slower engine is asked again in the background, as Falco does.
func (r *recorder) newContainer() error {
	h := r.rec.Header()
	if h.Kind != probe.KindExec && h.Kind != probe.KindForkChild {
		return nil
	}
	cg, ok := r.rec.Blob(probe.TagCgroup)
	if !ok {
		return nil
	}
	id, rt := containerIDInBlob(cg)
	if id == "" || r.containers[id] {
		return nil
	}
	r.containers[id] = true
	tid := int64(h.Tid)
	ctx, cancel := context.WithTimeout(r.lookupCtx, lookupNow)
	c, err := r.snap.engine.lookup(ctx, id, rt)
	cancel()
	if err != nil && ctx.Err() != nil {
		r.late++
		r.lookup(id, rt, tid)
		return nil
	}
	return r.writeContainer(r.finished(c, tid), r.ev.Time)
}

// finished is the finished lookup of container c, whose process tid shows
// its users and groups.
func (r *recorder) finished(c *format.Container, tid int64) foundContainer {
	root := filepath.Join(r.snap.proc, strconv.FormatInt(tid, 10), "root", "etc")
	u, g := readUsers(filepath.Join(root, "passwd"), filepath.Join(root, "group"), c.ID)
	return foundContainer{c: c, tid: tid, users: u, groups: g}
}

func (r *recorder) writeError(err error) error {
	var we *WriteError
	if errors.As(err, &we) {
		return err
	}
	return &WriteError{File: r.currentFile(), Err: err}
}

func (r *recorder) currentFile() string {
	switch s := r.sink.(type) {
	case *format.FileWriter:
		return s.Name()
	case *format.Rotator:
		if f := s.Files(); len(f) > 0 {
			return f[len(f)-1]
		}
	}
	return r.opts.Output
}

// lookup asks the container engine about a container first seen now, in
// the background; drainFound writes what it learns.
func (r *recorder) lookup(id, runtime string, tid int64) {
	r.lookups.Add(1)
	go func() {
		defer r.lookups.Done()
		c := r.snap.engine.container(r.lookupCtx, id, runtime)
		select {
		case r.found <- r.finished(c, tid):
		case <-r.lookupCtx.Done():
		}
	}()
}

// drainFound writes container and user meta events for finished lookups.
func (r *recorder) drainFound() error {
	for {
		select {
		case f := <-r.found:
			if err := r.writeContainer(f, time.Now().UnixNano()); err != nil {
				return err
			}
		default:
			return nil
		}
	}
}

// writeContainer writes a container event, and the users and groups of
// the container, stamped with time now.
func (r *recorder) writeContainer(f foundContainer, now int64) error {
	ev := &r.meta
	ev.Reset(format.EvContainer, format.DirExit)
	ev.Num, ev.Time, ev.CPU, ev.TID, ev.PID = 0, now, 0, f.tid, f.tid
	ev.SetBytes(0, containerJSON(f.c))
	if err := r.writeMeta(ev); err != nil {
		return err
	}
	for i := range f.users {
		if err := r.writeUser(&f.users[i], false, now); err != nil {
			return err
		}
	}
	for i := range f.groups {
		if err := r.writeGroup(&f.groups[i], false, now); err != nil {
			return err
		}
	}
	return nil
}

func (r *recorder) writeMeta(ev *format.Event) error {
	if err := r.sink.WriteEvent(ev); err != nil {
		return r.writeError(err)
	}
	r.written++
	return nil
}

var (
	pUserUID   = format.MustParam(format.EvUseradded, "uid")
	pUserGID   = format.MustParam(format.EvUseradded, "gid")
	pUserName  = format.MustParam(format.EvUseradded, "name")
	pUserHome  = format.MustParam(format.EvUseradded, "home")
	pUserShell = format.MustParam(format.EvUseradded, "shell")
	pUserCtr   = format.MustParam(format.EvUseradded, "container_id")
	pGroupGID  = format.MustParam(format.EvGroupadded, "gid")
	pGroupName = format.MustParam(format.EvGroupadded, "name")
	pGroupCtr  = format.MustParam(format.EvGroupadded, "container_id")
	pDropRatio = format.MustParam(format.EvDrop, "ratio")
	pDropLost  = format.MustParam(format.EvDrop, "lost")
)

func (r *recorder) writeUser(u *format.User, deleted bool, now int64) error {
	t := format.EvUseradded
	if deleted {
		t = format.EvUserdeleted
	}
	ev := &r.meta
	ev.Reset(t, format.DirExit)
	ev.Num, ev.Time, ev.CPU, ev.TID, ev.PID = 0, now, 0, 0, 0
	ev.SetInt(pUserUID, int64(u.UID))
	ev.SetInt(pUserGID, int64(u.GID))
	ev.SetBytes(pUserName, []byte(u.Name))
	ev.SetBytes(pUserHome, []byte(u.Home))
	ev.SetBytes(pUserShell, []byte(u.Shell))
	ev.SetBytes(pUserCtr, []byte(u.ContainerID))
	return r.writeMeta(ev)
}

func (r *recorder) writeGroup(g *format.Group, deleted bool, now int64) error {
	t := format.EvGroupadded
	if deleted {
		t = format.EvGroupdeleted
	}
	ev := &r.meta
	ev.Reset(t, format.DirExit)
	ev.Num, ev.Time, ev.CPU, ev.TID, ev.PID = 0, now, 0, 0, 0
	ev.SetInt(pGroupGID, int64(g.GID))
	ev.SetBytes(pGroupName, []byte(g.Name))
	ev.SetBytes(pGroupCtr, []byte(g.ContainerID))
	return r.writeMeta(ev)
}

// writeUsers writes the host's user and group changes.
func (r *recorder) writeUsers() error {
	now := time.Now().UnixNano()
	for _, ch := range r.users.poll() {
		var err error
		if ch.user != nil {
			err = r.writeUser(ch.user, ch.deleted, now)
		} else {
			err = r.writeGroup(ch.group, ch.deleted, now)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// writeDrops writes a drop event for each CPU that lost events since the
// last call.
func (r *recorder) writeDrops() error {
	c, err := r.probe.Counters()
	if err != nil {
		return err
	}
	now := time.Now().UnixNano()
	for cpu, d := range c.Drops {
		if cpu >= len(r.drops) {
			r.drops = append(r.drops, make([]uint64, cpu+1-len(r.drops))...)
		}
		if d <= r.drops[cpu] {
			continue
		}
		ev := &r.ev
		ev.Reset(format.EvDrop, format.DirExit)
		ev.Num, ev.Time, ev.CPU, ev.TID, ev.PID = 0, now, uint16(cpu), 0, 0
		ev.SetInt(pDropRatio, 1)
		ev.SetInt(pDropLost, int64(d-r.drops[cpu]))
		r.drops[cpu] = d
		if err := r.writeMeta(ev); err != nil {
			return err
		}
	}
	return nil
}

func (r *recorder) stats(now time.Time) Stats {
	s := Stats{Elapsed: now.Sub(r.started), Events: r.written, LateContainers: r.late}
	if dt := now.Sub(r.lastT).Seconds(); dt > 0 {
		s.Rate = float64(r.written-r.lastN) / dt
	}
	r.lastN, r.lastT = r.written, now
	for _, d := range r.drops {
		s.Drops += d
	}
	switch w := r.sink.(type) {
	case interface{ Stats() format.WriterStats }:
		ws := w.Stats()
		s.Bytes, s.RawBytes = ws.Bytes, ws.RawBytes
	}
	if rot, ok := r.sink.(*format.Rotator); ok {
		s.Files = rot.Files()
	} else {
		s.Files = []string{r.currentFile()}
	}
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) == nil {
		s.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	return s
}

// finish stops the probe, writes what is left in the ring buffer, the
// container lookups still running and the last drop counts, and closes the
// capture. cause is the error that ended the recording, if any.
func (r *recorder) finish(cause error) (Stats, error) {
	errs := []error{cause}
	r.follow.close()
	if err := r.probe.Stop(); err != nil {
		errs = append(errs, fmt.Errorf("record: detach the probe: %w", err))
	}
	var werr *WriteError
	writing := !errors.As(cause, &werr)
	if writing {
		// Drain what the kernel wrote before the detach.
		for {
			err := r.probe.Read(&r.rec, time.Now())
			if err != nil {
				break
			}
			if err := r.write(); err != nil {
				errs = append(errs, err)
				writing = false
				break
			}
		}
	}
	// Wait a little for container lookups, then give up on them.
	done := make(chan struct{})
	go func() { r.lookups.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(lookupWait):
	}
	r.stopLookup()
	if writing {
		if err := r.drainFound(); err != nil {
			errs = append(errs, err)
		} else if err := r.writeDrops(); err != nil {
			errs = append(errs, err)
		}
	}
	st := r.stats(time.Now())
	if c, err := r.probe.Counters(); err == nil {
		for _, n := range c.Unfollowed {
			st.Unfollowed += n
		}
	}
	if err := r.sink.Close(); err != nil && writing {
		errs = append(errs, r.writeError(err))
	}
	if err := r.probe.Close(); err != nil {
		errs = append(errs, fmt.Errorf("record: unload the probe: %w", err))
	}
	// Sizes after the index and footer were written.
	if rot, ok := r.sink.(*format.Rotator); ok {
		st.Files = rot.Files()
	}
	if fw, ok := r.sink.(*format.FileWriter); ok {
		if info, err := os.Stat(fw.Name()); err == nil {
			st.Bytes = info.Size()
		}
	}
	return st, errors.Join(errs...)
}

// EmptyHook attaches a sys_exit program that does nothing until ctx is
// cancelled: the load benchmark's baseline for the cost of any hook. ready,
// if not nil, is called once it is attached.
func EmptyHook(ctx context.Context, ready func()) error {
	h, err := probe.LoadEmpty()
	if err != nil {
		return err
	}
	if ready != nil {
		ready()
	}
	<-ctx.Done()
	return h.Close()
}
