package format

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/netip"
	"strings"
)

// Synth generates a deterministic stream of realistic events with a
// matching header and snapshot: a busy Linux host with a web server, a
// database, shells and a few short-lived commands, recorded with the
// recorder's default syscall set. The mix, per 1000 events (measured over
// a million):
//
//	read 358, pread 29, write 218, writev 18, openat 137, open 5,
//	close 148, socket 10, connect 10, accept4 15, sendto 20,
//	recvfrom 20, unlinkat 5, pipe2 1, clone 3, execve 3, procexit 3
//
// Each process reuses the lowest free fd number, as the kernel does, and
// holds at most 40 fds, so fd numbers stay low; a connect names the socket
// a socket call made just before; reads and writes name open fds (a tenth
// fail with EAGAIN, four in ten are short); a cloned child execs a
// short-lived command first and exits some dozens of its own events later. Events come in per-thread bursts some hundred ns
// apart, bursts some microseconds apart.
//
// It exists for tests, benchmarks and demonstrations (`peregrine inspect
// --sample`); it is not a model of any particular host. A Synth is not safe
// for concurrent use.
type Synth struct {
	rng   *rand.Rand
	time  int64
	procs []*synthProc
	cur   *synthThread
	burst int
	tid   int64
	buf   []byte // scratch for values of the current event
	p     synthParams
	// connectFD is the socket the current thread made with its last
	// event, which the next event connects; -1 for none.
	connectFD int64
}

type synthProc struct {
	pid     int64
	comm    string
	exe     string
	args    []byte // NUL-separated
	env     []byte
	cwd     string
	uid     uint32
	threads []*synthThread
	fds     []synthFD // open fds, by number
	server  bool
	ipc     int  // a per-process index into the address pools
	short   bool // a cloned child
	execd   bool // the child has exec'd its command
	left    int  // events a short-lived command has left before it exits
}

// synthFD is one open fd of a synthetic process.
type synthFD struct {
	num  int64
	sock bool
}

type synthThread struct {
	tid  int64
	proc *synthProc
	cpu  uint16
}

// synthParams holds the catalogue indices of the parameters Synth sets.
type synthParams struct {
	rwRes, rwFD, rwSize                                                int
	prRes, prFD, prSize, prPos                                         int
	wvRes, wvFD, wvSize                                                int
	openFD, openName, openFlags, openMode, openDev, openIno            int
	atFD, atDirFD, atName, atFlags, atMode, atDev, atIno               int
	closeRes, closeFD                                                  int
	sockFD, sockDomain, sockType, sockProto, sockFlags                 int
	conRes, conTuple, conFD, conAddr                                   int
	accFD, accTuple, accPct, accLen, accMax, accFlags                  int
	stRes, stFD, stSize, stTuple                                       int
	rfRes, rfFD, rfSize, rfTuple                                       int
	unRes, unDirFD, unName, unFlags                                    int
	pipeRes, pipeFD1, pipeFD2, pipeIno, pipeFlags                      int
	exitStatus, exitRet, exitSig, exitCore, exitReaper                 int
	clRes, clExe, clArgs, clTID, clPID, clPTID, clCwd, clComm, clFlags int
	clUID, clGID, clVTID, clVPID, clFDLimit, clCgroups                 int
	exRes, exExe, exArgs, exTID, exPID, exPTID, exCwd, exComm, exEnv   int
	exUID, exGID, exLogin, exFilename, exTrusted, exFDLimit, exCgroups int
	exCapI, exCapP, exCapE, exIno, exPGID, exVPGID, exTTY, exFlags     int
}

var synthPaths = func() []string {
	p := []string{
		"/etc/passwd", "/etc/group", "/etc/hosts", "/etc/resolv.conf", "/etc/nsswitch.conf",
		"/etc/ld.so.cache", "/etc/localtime", "/etc/ssl/certs/ca-certificates.crt", "/etc/nginx/nginx.conf",
		"/etc/nginx/mime.types", "/etc/postgresql/15/main/postgresql.conf", "/etc/shadow", "/etc/sudoers",
		"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6", "/lib/x86_64-linux-gnu/libpthread.so.0",
		"/lib/x86_64-linux-gnu/libssl.so.3", "/lib/x86_64-linux-gnu/libcrypto.so.3", "/lib/x86_64-linux-gnu/libz.so.1",
		"/lib/x86_64-linux-gnu/libpcre2-8.so.0", "/lib/x86_64-linux-gnu/libselinux.so.1", "/usr/lib/locale/locale-archive",
		"/proc/self/stat", "/proc/self/status", "/proc/meminfo", "/proc/stat", "/proc/loadavg", "/proc/sys/kernel/random/boot_id",
		"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/cpu.max", "/dev/null", "/dev/urandom", "/dev/pts/0",
		"/var/log/nginx/access.log", "/var/log/nginx/error.log", "/var/log/syslog", "/var/log/auth.log",
		"/var/lib/postgresql/15/main/pg_wal/000000010000000000000001", "/var/lib/postgresql/15/main/global/pg_control",
		"/run/nginx.pid", "/run/systemd/journal/socket", "/home/alice/.bashrc", "/home/alice/.bash_history",
		"/usr/share/zoneinfo/UTC", "/usr/bin/python3", "/usr/bin/curl", "/usr/bin/ls", "/bin/sh",
	}
	for i := range 120 {
		p = append(p, fmt.Sprintf("/var/www/html/static/img/%03d.png", i))
	}
	for i := range 100 {
		p = append(p, fmt.Sprintf("/var/lib/postgresql/15/main/base/16384/%d", 2600+i*7))
	}
	for i := range 40 {
		p = append(p, fmt.Sprintf("/usr/lib/python3.11/%s.py", []string{"os", "re", "json", "socket", "ssl", "typing", "abc", "enum"}[i%8]+strings.Repeat("_", i/8)))
	}
	return p
}()

var synthCommands = []struct {
	comm, exe, args string
	server          bool
	uid             uint32
}{
	{"nginx", "/usr/sbin/nginx", "nginx: worker process", true, 33},
	{"nginx", "/usr/sbin/nginx", "nginx: worker process", true, 33},
	{"postgres", "/usr/lib/postgresql/15/bin/postgres", "postgres: 15/main: app appdb 10.0.0.9(51234) idle", true, 110},
	{"postgres", "/usr/lib/postgresql/15/bin/postgres", "postgres: 15/main: walwriter", true, 110},
	{"python3", "/usr/bin/python3", "python3\x00/srv/app/worker.py\x00--queue=default", false, 1000},
	{"bash", "/usr/bin/bash", "-bash", false, 1000},
	{"sshd", "/usr/sbin/sshd", "sshd: alice [priv]", true, 0},
	{"systemd-journal", "/usr/lib/systemd/systemd-journald", "/usr/lib/systemd/systemd-journald", false, 0},
	{"curl", "/usr/bin/curl", "curl\x00-s\x00https://api.example.com/v1/health", false, 1000},
	{"cron", "/usr/sbin/cron", "/usr/sbin/cron\x00-f", false, 0},
}

var synthShortLived = []struct{ comm, exe, args string }{
	{"ls", "/usr/bin/ls", "ls\x00-la\x00/var/log"},
	{"cat", "/usr/bin/cat", "cat\x00/etc/hosts"},
	{"grep", "/usr/bin/grep", "grep\x00-r\x00error\x00/var/log/nginx"},
	{"ps", "/usr/bin/ps", "ps\x00aux"},
	{"sh", "/bin/sh", "sh\x00-c\x00/usr/local/bin/backup.sh"},
	{"date", "/usr/bin/date", "date\x00+%s"},
}

// NewSynth returns a generator; the same seed gives the same events.
func NewSynth(seed uint64) *Synth {
	s := &Synth{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), time: 1_764_000_000_000_000_000, tid: 1000, connectFD: -1}
	s.p = synthParams{
		rwRes: MustParam(EvRead, "res"), rwFD: MustParam(EvRead, "fd"), rwSize: MustParam(EvRead, "size"),
		prRes: MustParam(EvPread, "res"), prFD: MustParam(EvPread, "fd"), prSize: MustParam(EvPread, "size"),
		prPos: MustParam(EvPread, "pos"),
		wvRes: MustParam(EvWritev, "res"), wvFD: MustParam(EvWritev, "fd"), wvSize: MustParam(EvWritev, "size"),
		openFD: MustParam(EvOpen, "fd"), openName: MustParam(EvOpen, "name"), openFlags: MustParam(EvOpen, "flags"),
		openMode: MustParam(EvOpen, "mode"), openDev: MustParam(EvOpen, "dev"), openIno: MustParam(EvOpen, "ino"),
		atFD: MustParam(EvOpenat, "fd"), atDirFD: MustParam(EvOpenat, "dirfd"), atName: MustParam(EvOpenat, "name"),
		atFlags: MustParam(EvOpenat, "flags"), atMode: MustParam(EvOpenat, "mode"), atDev: MustParam(EvOpenat, "dev"),
		atIno:    MustParam(EvOpenat, "ino"),
		closeRes: MustParam(EvClose, "res"), closeFD: MustParam(EvClose, "fd"),
		sockFD: MustParam(EvSocket, "fd"), sockDomain: MustParam(EvSocket, "domain"), sockType: MustParam(EvSocket, "type"),
		sockProto: MustParam(EvSocket, "proto"), sockFlags: MustParam(EvSocket, "flags"),
		conRes: MustParam(EvConnect, "res"), conTuple: MustParam(EvConnect, "tuple"), conFD: MustParam(EvConnect, "fd"),
		conAddr: MustParam(EvConnect, "addr"),
		accFD:   MustParam(EvAccept4, "fd"), accTuple: MustParam(EvAccept4, "tuple"), accPct: MustParam(EvAccept4, "queuepct"),
		accLen: MustParam(EvAccept4, "queuelen"), accMax: MustParam(EvAccept4, "queuemax"), accFlags: MustParam(EvAccept4, "flags"),
		stRes: MustParam(EvSendto, "res"), stFD: MustParam(EvSendto, "fd"), stSize: MustParam(EvSendto, "size"),
		stTuple: MustParam(EvSendto, "tuple"),
		rfRes:   MustParam(EvRecvfrom, "res"), rfFD: MustParam(EvRecvfrom, "fd"), rfSize: MustParam(EvRecvfrom, "size"),
		rfTuple: MustParam(EvRecvfrom, "tuple"),
		unRes:   MustParam(EvUnlinkat, "res"), unDirFD: MustParam(EvUnlinkat, "dirfd"), unName: MustParam(EvUnlinkat, "name"),
		unFlags: MustParam(EvUnlinkat, "flags"),
		pipeRes: MustParam(EvPipe2, "res"), pipeFD1: MustParam(EvPipe2, "fd1"), pipeFD2: MustParam(EvPipe2, "fd2"),
		pipeIno: MustParam(EvPipe2, "ino"), pipeFlags: MustParam(EvPipe2, "flags"),
		exitStatus: MustParam(EvProcexit, "status"), exitRet: MustParam(EvProcexit, "ret"), exitSig: MustParam(EvProcexit, "sig"),
		exitCore: MustParam(EvProcexit, "core"), exitReaper: MustParam(EvProcexit, "reaper_tid"),
		clRes: MustParam(EvClone, "res"), clExe: MustParam(EvClone, "exe"), clArgs: MustParam(EvClone, "args"),
		clTID: MustParam(EvClone, "tid"), clPID: MustParam(EvClone, "pid"), clPTID: MustParam(EvClone, "ptid"),
		clCwd: MustParam(EvClone, "cwd"), clComm: MustParam(EvClone, "comm"), clFlags: MustParam(EvClone, "flags"),
		clUID: MustParam(EvClone, "uid"), clGID: MustParam(EvClone, "gid"), clVTID: MustParam(EvClone, "vtid"),
		clVPID: MustParam(EvClone, "vpid"), clFDLimit: MustParam(EvClone, "fdlimit"), clCgroups: MustParam(EvClone, "cgroups"),
		exRes: MustParam(EvExecve, "res"), exExe: MustParam(EvExecve, "exe"), exArgs: MustParam(EvExecve, "args"),
		exTID: MustParam(EvExecve, "tid"), exPID: MustParam(EvExecve, "pid"), exPTID: MustParam(EvExecve, "ptid"),
		exCwd: MustParam(EvExecve, "cwd"), exComm: MustParam(EvExecve, "comm"), exEnv: MustParam(EvExecve, "env"),
		exUID: MustParam(EvExecve, "uid"), exGID: MustParam(EvExecve, "gid"), exLogin: MustParam(EvExecve, "loginuid"),
		exFilename: MustParam(EvExecve, "filename"), exTrusted: MustParam(EvExecve, "trusted_exepath"),
		exFDLimit: MustParam(EvExecve, "fdlimit"), exCgroups: MustParam(EvExecve, "cgroups"),
		exCapI: MustParam(EvExecve, "cap_inheritable"), exCapP: MustParam(EvExecve, "cap_permitted"),
		exCapE: MustParam(EvExecve, "cap_effective"), exIno: MustParam(EvExecve, "exe_ino"),
		exPGID: MustParam(EvExecve, "pgid"), exVPGID: MustParam(EvExecve, "vpgid"), exTTY: MustParam(EvExecve, "tty"),
		exFlags: MustParam(EvExecve, "flags"),
	}
	for i := range 24 {
		c := synthCommands[i%len(synthCommands)]
		p := s.spawn(c.comm, c.exe, c.args, c.server, c.uid, 1+s.rng.IntN(4))
		for range s.rng.IntN(6) {
			s.newFD(p, false)
		}
	}
	s.cur = s.procs[0].threads[0]
	return s
}

var synthEnv = func() []byte {
	var b []byte
	for _, kv := range []string{
		"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/home/alice", "LANG=C.UTF-8",
		"SHELL=/bin/bash", "USER=alice", "LOGNAME=alice", "TERM=xterm-256color", "PWD=/home/alice",
		"XDG_SESSION_ID=42", "XDG_RUNTIME_DIR=/run/user/1000", "SSH_CONNECTION=10.0.0.9 51234 10.0.0.5 22",
		"SSH_CLIENT=10.0.0.9 51234 22", "SSH_TTY=/dev/pts/0", "MAIL=/var/mail/alice", "SHLVL=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus", "EDITOR=vim", "LESSOPEN=| /usr/bin/lesspipe %s",
	} {
		b = append(append(b, kv...), 0)
	}
	return b
}()

func (s *Synth) spawn(comm, exe, args string, server bool, uid uint32, nthreads int) *synthProc {
	s.tid += int64(1 + s.rng.IntN(40))
	p := &synthProc{pid: s.tid, comm: comm, exe: exe, args: []byte(args), env: synthEnv, cwd: "/", server: server, uid: uid, ipc: len(s.procs)}
	if uid == 1000 {
		p.cwd = "/home/alice"
	}
	p.fds = []synthFD{{num: 0}, {num: 1}, {num: 2}}
	for i := range nthreads {
		tid := p.pid
		if i > 0 {
			s.tid++
			tid = s.tid
		}
		p.threads = append(p.threads, &synthThread{tid: tid, proc: p, cpu: uint16(s.rng.IntN(8))})
	}
	s.procs = append(s.procs, p)
	return p
}

// Header returns the header of a capture of the synthetic host.
func (s *Synth) Header() *Header {
	return &Header{
		Hostname: "web-1", KernelRelease: "6.18.0-peregrine", BootID: "5f0c1a8e-3b7d-4e2a-9c61-2d4b8f0e7a13",
		Arch: "amd64", CPUs: 8, Recorder: "peregrine synthetic", Options: map[string]string{"synthetic": "true"},
		StartTime: s.time, Source: "peregrine",
	}
}

// Snapshot returns the synthetic host's state now.
func (s *Synth) Snapshot() *Snapshot {
	snap := &Snapshot{Time: s.time}
	for _, p := range s.procs {
		for _, t := range p.threads {
			args := strings.Split(strings.TrimSuffix(string(p.args), "\x00"), "\x00")
			var argv []string // nil, not empty, as a reader gives it
			if len(args) > 1 {
				argv = args[1:]
			}
			snap.Threads = append(snap.Threads, Thread{
				TID: t.tid, PID: p.pid, PPID: 1, VTID: t.tid, VPID: p.pid, SID: p.pid, PGID: p.pid, VPGID: p.pid,
				Comm: p.comm, Exe: args[0], ExePath: p.exe, Args: argv, Env: strings.Split(strings.TrimSuffix(string(p.env), "\x00"), "\x00"),
				Cwd: p.cwd, Root: "/", UID: p.uid, GID: p.uid, EUID: p.uid, EGID: p.uid, SUID: p.uid, SGID: p.uid,
				FSUID: p.uid, FSGID: p.uid, LoginUID: NoID, CapPermitted: 0x1ffffffffff, CapEffective: 0x1ffffffffff,
				Cgroups: []string{"/=/system.slice/" + p.comm + ".service"}, StartTime: s.time - 3_600_000_000_000,
				ExeIno: uint64(1000 + len(p.exe)), FDLimit: 1024,
			})
		}
		for _, fd := range p.fds {
			f := FD{PID: p.pid, Num: fd.num, Type: FDFile, Name: "/dev/null", Flags: 2}
			if fd.num > 2 {
				f.Name = synthPaths[(int(fd.num)*7+p.ipc)%len(synthPaths)]
			}
			snap.FDs = append(snap.FDs, f)
		}
	}
	snap.Users = []User{
		{UID: 0, GID: 0, Name: "root", Home: "/root", Shell: "/bin/bash"},
		{UID: 33, GID: 33, Name: "www-data", Home: "/var/www", Shell: "/usr/sbin/nologin"},
		{UID: 110, GID: 118, Name: "postgres", Home: "/var/lib/postgresql", Shell: "/bin/bash"},
		{UID: 1000, GID: 1000, Name: "alice", Home: "/home/alice", Shell: "/bin/bash"},
	}
	snap.Groups = []Group{{GID: 0, Name: "root"}, {GID: 33, Name: "www-data"}, {GID: 118, Name: "postgres"}, {GID: 1000, Name: "alice"}}
	snap.Containers = []Container{{
		ID: "3f4e5d6c7b8a99887766554433221100ffeeddccbbaa00112233445566778899", Runtime: "podman", Name: "cache",
		Image: "docker.io/library/redis:7", Privileged: false, Created: s.time - 86_400_000_000_000,
		Labels: map[string]string{"app": "cache"}, Mounts: []Mount{{Source: "/srv/redis", Dest: "/data", Mode: "rw", RW: true}},
	}}
	snap.Interfaces = []Interface{
		{Name: "lo", Addr: []byte{127, 0, 0, 1}, Netmask: []byte{255, 0, 0, 0}},
		{Name: "eth0", Addr: []byte{10, 0, 0, 5}, Netmask: []byte{255, 255, 255, 0}},
	}
	return snap
}

// Next fills ev with the next event. ev's byte slices point into the
// Synth's buffers and stay valid until the next call.
func (s *Synth) Next(ev *Event) {
	r := s.rng
	if s.connectFD >= 0 && s.burst <= 0 {
		s.burst = 1 // the connect follows its socket call
	}
	// Time: bursts of one thread's syscalls some hundred ns apart, then a
	// switch to another thread after some microseconds.
	if s.burst <= 0 {
		p := s.procs[r.IntN(len(s.procs))]
		s.cur = p.threads[r.IntN(len(p.threads))]
		s.burst = 1 + r.IntN(12)
		s.time += int64(r.ExpFloat64() * 6000)
		if r.IntN(8) == 0 {
			s.cur.cpu = uint16(r.IntN(8))
		}
	} else {
		s.time += 150 + int64(r.ExpFloat64()*600)
	}
	s.burst--
	t := s.cur
	p := t.proc
	ev.Num = 0
	ev.Time = s.time
	ev.CPU = t.cpu
	ev.TID = t.tid
	ev.PID = p.pid
	s.buf = s.buf[:0]

	if s.connectFD >= 0 {
		s.connect(ev, s.connectFD)
		s.connectFD = -1
		return
	}
	if p.short {
		// A cloned child: it execs a short-lived command first, which
		// makes a few calls and exits.
		if !p.execd {
			s.execve(ev, p)
			return
		}
		if p.left--; p.left <= 0 {
			s.exit(ev, p)
			return
		}
	}
	switch x := r.IntN(1000); {
	case x < 380:
		s.read(ev)
	case x < 620:
		s.write(ev)
	case x < 760:
		s.open(ev, EvOpenat)
	case x < 765:
		s.open(ev, EvOpen)
	case x < 925:
		s.close(ev)
	case x < 935:
		s.socket(ev)
	case x < 950:
		s.accept(ev)
	case x < 970:
		s.sendto(ev)
	case x < 990:
		s.recvfrom(ev)
	case x < 995:
		s.unlink(ev)
	case x < 996:
		s.pipe(ev)
	case x < 999:
		s.clone(ev)
	default:
		s.read(ev)
	}
}

// pickFD returns one of p's open fds, a socket if sock and p has one.
func (s *Synth) pickFD(p *synthProc, sock bool) int64 {
	if sock {
		n := 0
		for _, f := range p.fds {
			if f.sock {
				n++
			}
		}
		if n > 0 {
			k := s.rng.IntN(n)
			for _, f := range p.fds {
				if f.sock {
					if k == 0 {
						return f.num
					}
					k--
				}
			}
		}
	}
	return p.fds[s.rng.IntN(len(p.fds))].num
}

// synthMaxFDs bounds a synthetic process's open fds: opening more closes
// one instead, so that tables wander between a few and some dozens.
const synthMaxFDs = 40

// newFD opens the lowest free fd of p, as the kernel picks it.
func (s *Synth) newFD(p *synthProc, sock bool) int64 {
	fd := int64(0)
	i := 0
	for ; i < len(p.fds) && p.fds[i].num == fd; i++ {
		fd++
	}
	p.fds = append(p.fds, synthFD{})
	copy(p.fds[i+1:], p.fds[i:])
	p.fds[i] = synthFD{num: fd, sock: sock}
	return fd
}

var synthSizes = []int64{4096, 8192, 65536, 16384, 1024, 512, 131072, 32768}

func (s *Synth) ioRes(size int64) int64 {
	r := s.rng
	switch x := r.IntN(10); {
	case x < 4:
		return int64(r.IntN(int(size)))
	case x == 4:
		return -11 // EAGAIN
	}
	return size
}

func (s *Synth) read(ev *Event) {
	r := s.rng
	p := s.cur.proc
	size := synthSizes[r.IntN(len(synthSizes))]
	if p.comm == "postgres" && r.IntN(3) == 0 {
		ev.Reset(EvPread, DirExit)
		ev.SetInt(s.p.prRes, s.ioRes(size))
		ev.SetInt(s.p.prFD, s.pickFD(p, false))
		ev.SetInt(s.p.prSize, size)
		ev.SetInt(s.p.prPos, int64(r.IntN(1<<16))*8192)
		return
	}
	ev.Reset(EvRead, DirExit)
	ev.SetInt(s.p.rwRes, s.ioRes(size))
	ev.SetInt(s.p.rwFD, s.pickFD(p, false))
	ev.SetInt(s.p.rwSize, size)
}

func (s *Synth) write(ev *Event) {
	r := s.rng
	p := s.cur.proc
	size := synthSizes[r.IntN(len(synthSizes))]
	if p.comm == "nginx" && r.IntN(3) == 0 {
		ev.Reset(EvWritev, DirExit)
		res := s.ioRes(size)
		ev.SetInt(s.p.wvRes, res)
		ev.SetInt(s.p.wvFD, s.pickFD(p, true))
		ev.SetInt(s.p.wvSize, max(res, 0))
		return
	}
	ev.Reset(EvWrite, DirExit)
	ev.SetInt(s.p.rwRes, s.ioRes(size))
	ev.SetInt(s.p.rwFD, s.pickFD(p, false))
	ev.SetInt(s.p.rwSize, size)
}

func (s *Synth) path() []byte {
	r := s.rng
	// A Zipf-like choice: a few paths are opened far more often.
	i := int(math.Pow(r.Float64(), 2.5) * float64(len(synthPaths)))
	if r.IntN(40) == 0 { // a fresh temporary file
		return s.tmpPath()
	}
	return []byte(synthPaths[i])
}

func (s *Synth) tmpPath() []byte {
	n := len(s.buf)
	s.buf = fmt.Appendf(s.buf, "/tmp/tmp%08x", s.rng.Uint32())
	return s.buf[n:]
}

func (s *Synth) open(ev *Event, t EventType) {
	r := s.rng
	p := s.cur.proc
	if len(p.fds) >= synthMaxFDs {
		s.close(ev)
		return
	}
	name := s.path()
	fd := int64(-2) // ENOENT
	if r.IntN(10) != 0 {
		fd = s.newFD(p, false)
	}
	flags := int64(1 | 4096) // O_RDONLY|O_CLOEXEC in PPM encoding
	if r.IntN(5) == 0 {
		flags = 2 | 4 | 256 | 4096 // O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC
	}
	ino := int64(131072)
	for _, c := range name { // the same path, the same inode
		ino = (ino*31 + int64(c)) & 0xffffff
	}
	ev.Reset(t, DirExit)
	if t == EvOpenat {
		ev.SetInt(s.p.atFD, fd)
		ev.SetInt(s.p.atDirFD, -100) // AT_FDCWD
		ev.SetBytes(s.p.atName, name)
		ev.SetInt(s.p.atFlags, flags)
		ev.SetInt(s.p.atMode, 0o644*(flags>>2&1))
		ev.SetInt(s.p.atDev, 0x803)
		ev.SetInt(s.p.atIno, ino)
		return
	}
	ev.SetInt(s.p.openFD, fd)
	ev.SetBytes(s.p.openName, name)
	ev.SetInt(s.p.openFlags, flags)
	ev.SetInt(s.p.openMode, 0)
	ev.SetInt(s.p.openDev, 0x803)
	ev.SetInt(s.p.openIno, ino)
}

func (s *Synth) close(ev *Event) {
	p := s.cur.proc
	if len(p.fds) <= 3 {
		s.read(ev) // nothing of its own to close
		return
	}
	i := 3 + s.rng.IntN(len(p.fds)-3)
	fd := p.fds[i].num
	p.fds = append(p.fds[:i], p.fds[i+1:]...)
	ev.Reset(EvClose, DirExit)
	ev.SetInt(s.p.closeRes, 0)
	ev.SetInt(s.p.closeFD, fd)
}

var synthServers = []netip.AddrPort{
	netip.MustParseAddrPort("10.0.0.20:5432"), netip.MustParseAddrPort("10.0.0.21:6379"),
	netip.MustParseAddrPort("93.184.216.34:443"), netip.MustParseAddrPort("140.82.112.3:443"),
	netip.MustParseAddrPort("10.0.0.1:53"), netip.MustParseAddrPort("151.101.1.69:443"),
}

func (s *Synth) tuple(src, dst netip.AddrPort) []byte {
	n := len(s.buf)
	s.buf = AppendSockTuple(s.buf, SockTuple{Family: AFInet, SrcAddr: src.Addr(), SrcPort: src.Port(), DstAddr: dst.Addr(), DstPort: dst.Port()})
	return s.buf[n:]
}

// socket makes a TCP socket, which the next event connects.
func (s *Synth) socket(ev *Event) {
	if len(s.cur.proc.fds) >= synthMaxFDs {
		s.close(ev)
		return
	}
	fd := s.newFD(s.cur.proc, true)
	ev.Reset(EvSocket, DirExit)
	ev.SetInt(s.p.sockFD, fd)
	ev.SetInt(s.p.sockDomain, AFInet)
	ev.SetInt(s.p.sockType, 1) // SOCK_STREAM
	ev.SetInt(s.p.sockProto, 0)
	ev.SetInt(s.p.sockFlags, 4096) // SOCK_CLOEXEC, as O_CLOEXEC
	s.connectFD = fd
}

func (s *Synth) connect(ev *Event, fd int64) {
	r := s.rng
	p := s.cur.proc
	dst := synthServers[(p.ipc+r.IntN(2))%len(synthServers)]
	src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, 5}), uint16(32768+r.IntN(28000)))
	ev.Reset(EvConnect, DirExit)
	res := int64(0)
	if r.IntN(3) == 0 {
		res = -115 // EINPROGRESS
	}
	ev.SetInt(s.p.conRes, res)
	ev.SetBytes(s.p.conTuple, s.tuple(src, dst))
	ev.SetInt(s.p.conFD, fd)
	n := len(s.buf)
	s.buf = AppendSockAddr(s.buf, SockAddr{Family: AFInet, Addr: dst.Addr(), Port: dst.Port()})
	ev.SetBytes(s.p.conAddr, s.buf[n:])
}

func (s *Synth) accept(ev *Event) {
	r := s.rng
	p := s.cur.proc
	if len(p.fds) >= synthMaxFDs {
		s.close(ev)
		return
	}
	client := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, byte(r.IntN(4)), byte(2 + r.IntN(60))}), uint16(32768+r.IntN(28000)))
	local := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, 5}), []uint16{80, 443}[r.IntN(2)])
	ev.Reset(EvAccept4, DirExit)
	ev.SetInt(s.p.accFD, s.newFD(p, true))
	ev.SetBytes(s.p.accTuple, s.tuple(client, local))
	ev.SetInt(s.p.accPct, int64(r.IntN(3)))
	ev.SetInt(s.p.accLen, int64(r.IntN(4)))
	ev.SetInt(s.p.accMax, 511)
	ev.SetInt(s.p.accFlags, 4096) // SOCK_CLOEXEC
}

// sockTuple is the tuple a send or receive on a connected socket of p
// carries.
func (s *Synth) sockTuple(p *synthProc) []byte {
	dst := synthServers[p.ipc%len(synthServers)]
	src := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, 5}), uint16(32768+p.ipc*97))
	return s.tuple(src, dst)
}

func (s *Synth) sendto(ev *Event) {
	p := s.cur.proc
	size := synthSizes[s.rng.IntN(len(synthSizes))]
	ev.Reset(EvSendto, DirExit)
	ev.SetInt(s.p.stRes, s.ioRes(size))
	ev.SetInt(s.p.stFD, s.pickFD(p, true))
	ev.SetInt(s.p.stSize, size)
	ev.SetBytes(s.p.stTuple, s.sockTuple(p))
}

func (s *Synth) recvfrom(ev *Event) {
	p := s.cur.proc
	size := synthSizes[s.rng.IntN(len(synthSizes))]
	ev.Reset(EvRecvfrom, DirExit)
	ev.SetInt(s.p.rfRes, s.ioRes(size))
	ev.SetInt(s.p.rfFD, s.pickFD(p, true))
	ev.SetInt(s.p.rfSize, size)
	ev.SetBytes(s.p.rfTuple, s.sockTuple(p))
}

func (s *Synth) unlink(ev *Event) {
	ev.Reset(EvUnlinkat, DirExit)
	ev.SetInt(s.p.unRes, 0)
	ev.SetInt(s.p.unDirFD, -100)
	ev.SetBytes(s.p.unName, s.tmpPath())
	ev.SetInt(s.p.unFlags, 0)
}

func (s *Synth) pipe(ev *Event) {
	p := s.cur.proc
	if len(p.fds) >= synthMaxFDs {
		s.close(ev)
		return
	}
	fd1 := s.newFD(p, false)
	fd2 := s.newFD(p, false)
	ev.Reset(EvPipe2, DirExit)
	ev.SetInt(s.p.pipeRes, 0)
	ev.SetInt(s.p.pipeFD1, fd1)
	ev.SetInt(s.p.pipeFD2, fd2)
	ev.SetInt(s.p.pipeIno, int64(200000+s.rng.IntN(100000)))
	ev.SetInt(s.p.pipeFlags, 4096) // O_CLOEXEC
}

// clone forks the current process: the child execs a short-lived command
// soon after.
func (s *Synth) clone(ev *Event) {
	p := s.cur.proc
	child := s.spawn(p.comm, p.exe, string(p.args), false, p.uid, 1)
	child.cwd = p.cwd
	child.ipc = p.ipc
	child.fds = append(child.fds[:0], p.fds...)
	child.short = true
	child.left = 10 + s.rng.IntN(40)
	ev.Reset(EvClone, DirExit)
	ev.SetInt(s.p.clRes, child.pid)
	ev.SetBytes(s.p.clExe, []byte(p.exe))
	ev.SetBytes(s.p.clArgs, p.args)
	ev.SetInt(s.p.clTID, s.cur.tid)
	ev.SetInt(s.p.clPID, p.pid)
	ev.SetInt(s.p.clPTID, 1)
	ev.SetBytes(s.p.clCwd, []byte(p.cwd))
	ev.SetInt(s.p.clFDLimit, 1024)
	ev.SetBytes(s.p.clComm, []byte(p.comm))
	ev.SetBytes(s.p.clCgroups, []byte("cpuset=/\x00cpu=/system.slice\x00memory=/system.slice\x00"))
	ev.SetInt(s.p.clFlags, 0x1200011) // CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD in PPM bits, roughly
	ev.SetInt(s.p.clUID, int64(p.uid))
	ev.SetInt(s.p.clGID, int64(p.uid))
	ev.SetInt(s.p.clVTID, s.cur.tid)
	ev.SetInt(s.p.clVPID, p.pid)
}

// execve makes the cloned child p, the current process, a short-lived
// command.
func (s *Synth) execve(ev *Event, p *synthProc) {
	sl := synthShortLived[s.rng.IntN(len(synthShortLived))]
	p.comm, p.exe, p.args = sl.comm, sl.exe, []byte(sl.args+"\x00")
	p.execd = true
	// Close-on-exec: the inherited fds above 2 go.
	p.fds = p.fds[:min(len(p.fds), 3)]
	ev.Reset(EvExecve, DirExit)
	ev.SetInt(s.p.exRes, 0)
	ev.SetBytes(s.p.exExe, []byte(sl.exe))
	ev.SetBytes(s.p.exArgs, p.args)
	ev.SetInt(s.p.exTID, p.threads[0].tid)
	ev.SetInt(s.p.exPID, p.pid)
	ev.SetInt(s.p.exPTID, 1)
	ev.SetBytes(s.p.exCwd, []byte(p.cwd))
	ev.SetInt(s.p.exFDLimit, 1024)
	ev.SetBytes(s.p.exComm, []byte(sl.comm))
	ev.SetBytes(s.p.exCgroups, []byte("cpuset=/\x00cpu=/user.slice\x00memory=/user.slice\x00"))
	ev.SetBytes(s.p.exEnv, p.env)
	ev.SetInt(s.p.exTTY, 34816)
	ev.SetInt(s.p.exVPGID, p.pid)
	ev.SetInt(s.p.exLogin, 1000)
	ev.SetInt(s.p.exFlags, 0)
	ev.SetInt(s.p.exCapI, 0)
	ev.SetInt(s.p.exCapP, 0)
	ev.SetInt(s.p.exCapE, 0)
	ev.SetInt(s.p.exIno, int64(4000+len(sl.exe)))
	ev.SetInt(s.p.exUID, int64(p.uid))
	ev.SetBytes(s.p.exTrusted, []byte(sl.exe))
	ev.SetInt(s.p.exPGID, p.pid)
	ev.SetInt(s.p.exGID, int64(p.uid))
	ev.SetBytes(s.p.exFilename, []byte(sl.exe))
}

// exit ends the short-lived process p, the current one.
func (s *Synth) exit(ev *Event, p *synthProc) {
	for i, q := range s.procs {
		if q == p {
			s.procs = append(s.procs[:i], s.procs[i+1:]...)
			break
		}
	}
	s.burst = 0
	ev.Reset(EvProcexit, DirExit)
	ev.SetInt(s.p.exitStatus, 0)
	ev.SetInt(s.p.exitRet, 0)
	ev.SetInt(s.p.exitSig, 0)
	ev.SetInt(s.p.exitCore, 0)
	ev.SetInt(s.p.exitReaper, 1)
}
