//go:build linux

package probe

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/link"
	"github.com/cilium/ebpf/ringbuf"
	"github.com/cilium/ebpf/rlimit"
	"golang.org/x/sys/unix"
)

// Limits and defaults of Options.
const (
	DefaultBufferSize = 16 << 20 // ring buffer bytes
	MinBufferSize     = 256 << 10
	MaxBufferSize     = 1 << 30
	MaxSnaplen        = 16384 // I/O payload bytes per record (MAX_SNAPLEN in bpf/probe.c)
)

// Options configure Load. The zero value records every syscall of the
// host's table, for every process but this one, with a DefaultBufferSize
// ring buffer, no I/O payloads and with exec environments.
type Options struct {
	// Syscalls lists the syscalls to record (kernel or Falco event names);
	// empty means all. ExcludeSyscalls are then left out. Process
	// lifecycle (exec, fork children, exits) is always recorded: the
	// analyzer's process table depends on it.
	Syscalls, ExcludeSyscalls []string
	// BufferSize is the ring buffer's size in bytes, a power of two between
	// MinBufferSize and MaxBufferSize; 0 means DefaultBufferSize.
	BufferSize int
	// Snaplen is how many bytes of read/write/send/recv payloads each
	// record keeps, 0 to MaxSnaplen.
	Snaplen int
	// NoEnv leaves the environment out of exec records.
	NoEnv bool
	// ContainerOnly records only processes in a mount namespace other than
	// the host's (that of PID 1, or of this process where PID 1's cannot
	// be read).
	ContainerOnly bool
	// IgnorePID is a process whose events are never recorded; 0 means the
	// calling process (the recorder must not record itself).
	IgnorePID int
	// Arch is the syscall table to use; "" means the running program's
	// GOARCH.
	Arch string
	// Follow records only followed processes: those given to
	// Probe.Follow or forked by the thread given to Probe.FollowForksOf,
	// and every process a followed one forks from then on, by fork
	// lineage, tracked in the kernel (a child stays followed when it is
	// reparented, so containers a followed process starts through a
	// runtime are followed too). At most MaxFollowed processes are
	// followed at once; Counters.Unfollowed counts forks left out beyond.
	Follow bool
}

// MaxFollowed is how many processes Options.Follow can follow at once.
const MaxFollowed = 1 << 16

// Probe is the loaded and attached probe.
//
// Read must be called from one goroutine; Counters, Stop and Close may be
// called concurrently with it.
type Probe struct {
	arch     *Arch
	selected []*Syscall
	coll     *ebpf.Collection
	links    []link.Link
	reader   *ringbuf.Reader
	raw      ringbuf.Record
	closed   bool
}

// Arch returns the syscall table the probe was loaded with.
func (p *Probe) Arch() *Arch { return p.arch }

// Syscalls returns the syscalls being recorded.
func (p *Probe) Syscalls() []*Syscall { return p.selected }

// BufferSize returns the ring buffer's size in bytes.
func (p *Probe) BufferSize() int { return p.reader.BufferSize() }

func (o *Options) validate() error {
	if o.BufferSize != 0 {
		if o.BufferSize < MinBufferSize || o.BufferSize > MaxBufferSize || o.BufferSize&(o.BufferSize-1) != 0 {
			return fmt.Errorf("probe: buffer size %d: must be a power of two between %d and %d", o.BufferSize, MinBufferSize, MaxBufferSize)
		}
	}
	if o.Snaplen < 0 || o.Snaplen > MaxSnaplen {
		return fmt.Errorf("probe: snaplen %d: must be between 0 and %d", o.Snaplen, MaxSnaplen)
	}
	return nil
}

// Load checks the host, loads the probe and attaches it. Recording starts
// when Load returns; read the records with Read and call Close when done.
func Load(opts *Options) (*Probe, error) {
	if opts == nil {
		opts = &Options{}
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	archName := opts.Arch
	if archName == "" {
		archName = runtime.GOARCH
	}
	arch := ArchByName(archName)
	if arch == nil {
		return nil, fmt.Errorf("probe: no syscall table for architecture %q", archName)
	}
	selected, err := arch.Select(opts.Syscalls, opts.ExcludeSyscalls)
	if err != nil {
		return nil, err
	}
	if err := Check(); err != nil {
		return nil, err
	}
	if err := rlimit.RemoveMemlock(); err != nil {
		return nil, fmt.Errorf("probe: raise the memlock limit: %w", err)
	}

	spec, err := loadBpf()
	if err != nil {
		return nil, fmt.Errorf("probe: parse the BPF object: %w", err)
	}
	bufSize := opts.BufferSize
	if bufSize == 0 {
		bufSize = DefaultBufferSize
	}
	ncpu, err := ebpf.PossibleCPU()
	if err != nil {
		return nil, fmt.Errorf("probe: count CPUs: %w", err)
	}
	spec.Maps[bpfMapEvents].MaxEntries = uint32(bufSize)
	spec.Maps[bpfMapScratchMap].MaxEntries = uint32(ncpu)
	spec.Maps[bpfMapFollowed].MaxEntries = MaxFollowed

	self := opts.IgnorePID
	if self == 0 {
		self = os.Getpid()
	}
	var hostMntNS uint32
	if opts.ContainerOnly {
		// The host's mount namespace is PID 1's; where PID 1 cannot be
		// inspected (a sandboxed recorder), the recorder's own.
		var st unix.Stat_t
		if err := unix.Stat("/proc/1/ns/mnt", &st); err != nil {
			if err := unix.Stat("/proc/self/ns/mnt", &st); err != nil {
				return nil, fmt.Errorf("probe: find the host mount namespace: %w", err)
			}
		}
		hostMntNS = uint32(st.Ino)
	}
	for name, v := range map[string]any{
		bpfVarSelfTgid:      uint32(self),
		bpfVarSnaplen:       uint32(opts.Snaplen),
		bpfVarNoEnv:         boolByte(opts.NoEnv),
		bpfVarContainerOnly: boolByte(opts.ContainerOnly),
		bpfVarHostMntns:     hostMntNS,
		bpfVarWakeupBytes:   uint64(bufSize / 4),
		bpfVarNrClone3:      uint32(arch.NR(arch.byName["clone3"])),
		bpfVarFollow:        boolByte(opts.Follow),
	} {
		if err := spec.Variables[name].Set(v); err != nil {
			return nil, fmt.Errorf("probe: set %s: %w", name, err)
		}
	}

	// Load only the programs the selection needs.
	need := map[string]bool{bpfProgSysExit: true, bpfProgSchedExec: true, bpfProgSchedFork: true, bpfProgSchedExit: true}
	for _, s := range selected {
		need[s.Prog] = true
	}
	for name := range spec.Programs {
		if !need[name] {
			delete(spec.Programs, name)
		}
	}

	coll, err := ebpf.NewCollection(spec)
	if err != nil {
		return nil, loadError(err)
	}
	p := &Probe{arch: arch, selected: selected, coll: coll}
	progs := coll.Maps[bpfMapSyscallProgs]
	for _, s := range selected {
		prog := coll.Programs[s.Prog]
		if prog == nil {
			p.Close()
			return nil, fmt.Errorf("probe: program %s for %s is missing from the object", s.Prog, s.Name)
		}
		if err := progs.Put(uint32(arch.NR(s)), prog); err != nil {
			p.Close()
			return nil, fmt.Errorf("probe: select %s: %w", s.Name, err)
		}
	}
	p.reader, err = ringbuf.NewReader(coll.Maps[bpfMapEvents])
	if err != nil {
		p.Close()
		return nil, fmt.Errorf("probe: open the ring buffer: %w", err)
	}
	for _, name := range []string{bpfProgSchedFork, bpfProgSchedExec, bpfProgSchedExit, bpfProgSysExit} {
		l, err := link.AttachTracing(link.TracingOptions{Program: coll.Programs[name]})
		if err != nil {
			p.Close()
			return nil, fmt.Errorf("probe: attach %s: %w", name, err)
		}
		p.links = append(p.links, l)
	}
	return p, nil
}

func boolByte(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// loadError explains a failure to load the object: a verifier rejection
// shows the end of its log, a permission error what is missing.
func loadError(err error) error {
	var ve *ebpf.VerifierError
	if errors.As(err, &ve) {
		log := ve.Log
		if len(log) > 20 {
			log = log[len(log)-20:]
		}
		return fmt.Errorf("probe: the kernel's verifier rejected the probe: %v\n%s", ve.Cause, strings.Join(log, "\n"))
	}
	if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
		return &MissingError{Missing: []string{"permission to load BPF programs (CAP_BPF and CAP_PERFMON, or root)"}, Err: err}
	}
	return fmt.Errorf("probe: load: %w", err)
}

// Read waits until deadline for the next record and parses it into rec.
// It returns os.ErrDeadlineExceeded when none came, ringbuf.ErrClosed
// after Close.
func (p *Probe) Read(rec *Record, deadline time.Time) error {
	p.reader.SetDeadline(deadline)
	if err := p.reader.ReadInto(&p.raw); err != nil {
		return err
	}
	return rec.Parse(p.raw.RawSample)
}

// Follow adds the process (thread group) tgid to those followed, with
// Options.Follow: its events are recorded from now on, and so are those of
// every process it forks. Its existing descendants are not added: walk
// them (record does, from /proc) and add each.
func (p *Probe) Follow(tgid int) error {
	if tgid <= 0 || tgid > 1<<22 {
		return fmt.Errorf("probe: follow process %d: not a process id", tgid)
	}
	if err := p.coll.Maps[bpfMapFollowed].Update(uint32(tgid), uint8(1), ebpf.UpdateAny); err != nil {
		return fmt.Errorf("probe: follow process %d: %w", tgid, err)
	}
	return nil
}

// FollowForksOf makes the processes that thread tid of the loading
// process forks followed (Options.Follow), until it is called again; 0
// stops it. The loading process is never recorded itself, so this is how
// it records a command it starts: lock a goroutine to its thread
// (runtime.LockOSThread), pass unix.Gettid(), start the command, pass 0.
func (p *Probe) FollowForksOf(tid int) error {
	if tid < 0 || tid > 1<<22 {
		return fmt.Errorf("probe: follow the forks of thread %d: not a thread id", tid)
	}
	v := p.coll.Variables[bpfVarFollowForksOf]
	if v == nil {
		return errors.New("probe: follow the forks of a thread: the object lacks follow_forks_of")
	}
	if err := v.Set(uint32(tid)); err != nil {
		return fmt.Errorf("probe: follow the forks of thread %d: %w", tid, err)
	}
	return nil
}

// Pending returns the bytes waiting in the ring buffer.
func (p *Probe) Pending() int { return p.reader.AvailableBytes() }

// Counters are the probe's per-CPU counters.
type Counters struct {
	Events    []uint64 // records written, per CPU
	Drops     []uint64 // records lost to a full ring buffer, per CPU
	Truncated []uint64 // records that lost a blob for lack of room, per CPU
	// Unfollowed counts forks of followed processes that could not be
	// followed because MaxFollowed processes already were, per CPU.
	Unfollowed []uint64
}

// Counters reads the per-CPU counters.
func (p *Probe) Counters() (Counters, error) {
	var vals []bpfCounters
	if err := p.coll.Maps[bpfMapCountersMap].Lookup(uint32(0), &vals); err != nil {
		return Counters{}, fmt.Errorf("probe: read counters: %w", err)
	}
	n := len(vals)
	c := Counters{Events: make([]uint64, n), Drops: make([]uint64, n), Truncated: make([]uint64, n), Unfollowed: make([]uint64, n)}
	for i, v := range vals {
		c.Events[i], c.Drops[i], c.Truncated[i], c.Unfollowed[i] = v.Events, v.Drops, v.Truncated, v.Unfollowed
	}
	return c, nil
}

// Stop detaches the programs: no new records are written, those in the
// ring buffer can still be read.
func (p *Probe) Stop() error {
	var errs []error
	for _, l := range p.links {
		if err := l.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	p.links = nil
	return errors.Join(errs...)
}

// Close detaches and unloads the probe. It interrupts a Read.
func (p *Probe) Close() error {
	if p.closed {
		return nil
	}
	p.closed = true
	err := p.Stop()
	if p.reader != nil {
		err = errors.Join(err, p.reader.Close())
	}
	p.coll.Close()
	return err
}
