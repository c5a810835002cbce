package format

import "strings"

// Header is a capture file's metadata: where and how it was recorded. The
// event schema is not here: writers take it from the catalogue and readers
// use it to map the file's types onto theirs.
type Header struct {
	Version       Version // set by the writer; what the file says when read
	Hostname      string
	KernelRelease string // uname -r
	BootID        string // /proc/sys/kernel/random/boot_id
	Arch          string // GOARCH names: amd64, arm64
	CPUs          int
	Recorder      string            // program and version, e.g. "peregrine 0.1.0"
	Options       map[string]string // recorder options, for the record
	StartTime     int64             // ns since the Unix epoch
	Source        string            // "peregrine", or "scap" for files converted from .scap
	Sequence      int               // position in a rotated set, from 0
}

// Version is a file format version. Readers read every file of their major
// version (later minor versions only add things readers may skip) and
// refuse newer major versions with ErrNewerVersion.
type Version struct {
	Major, Minor uint16
}

// Snapshot is the full state a capture file opens with, so that it can be
// analysed alone: every thread with its fds, users, groups, containers and
// network interfaces at the moment the file was started.
type Snapshot struct {
	Time       int64 // ns since the Unix epoch when the snapshot was taken
	Threads    []Thread
	FDs        []FD
	Users      []User
	Groups     []Group
	Containers []Container
	Interfaces []Interface
}

// NoID is the value of a user or group id that is not known.
const NoID = ^uint32(0)

// Thread is one thread (task) of the recorded host.
type Thread struct {
	TID, PID, PPID   int64
	VTID, VPID       int64 // in the thread's pid namespace
	SID, PGID, VPGID int64
	Comm             string
	Exe              string   // argv[0] as Falco's proc.exe
	ExePath          string   // full path of the executable (proc.exepath)
	Args             []string // argv[1:]
	Env              []string
	Cwd              string
	Root             string
	UID, GID         uint32 // real
	EUID, EGID       uint32
	SUID, SGID       uint32
	FSUID, FSGID     uint32
	LoginUID         uint32
	TTY              uint32 // device number of the controlling terminal, 0 for none
	CapPermitted     uint64
	CapEffective     uint64
	CapInheritable   uint64
	Cgroups          []string // "subsys=path" entries as Falco keeps them; "/=path" on cgroup v2
	ContainerID      string   // 12 or 64 hex digits, "" on the host
	StartTime        int64    // clone time, ns since the Unix epoch
	PidNSStart       int64    // start time of the pid namespace's init, ns since the epoch
	ExeIno           uint64
	ExeInoCtime      int64
	ExeInoMtime      int64
	ExeFlags         uint32 // ThreadExe* bits
	PidNS            uint64
	MntNS            uint64
	NetNS            uint64
	FDLimit          uint64
}

// Thread.ExeFlags bits.
const (
	ThreadExeWritable   uint32 = 1 << 0 // the executable is writable by the process's user
	ThreadExeUpperLayer uint32 = 1 << 1 // from an overlayfs upper layer (written in the container)
	ThreadExeFromMemfd  uint32 = 1 << 2 // from a memfd (fileless execution)
	ThreadExeLowerLayer uint32 = 1 << 3
)

// FDType is the kind of object behind a file descriptor, as fd.type.
type FDType uint8

// FD types. String gives fd.type's names; TypeChar fd.typechar's letters.
const (
	FDUnknown FDType = iota
	FDFile
	FDDirectory
	FDIPv4
	FDIPv6
	FDUnix
	FDPipe
	FDEvent
	FDSignalFD
	FDEventPoll
	FDInotify
	FDTimerFD
	FDNetlink
	FDIPv4Server // a listening IPv4 socket
	FDIPv6Server
	FDBPF
	FDUserfaultFD
	FDIOUring
	FDMemfd
	FDPidFD
	numFDTypes
)

var fdTypeNames = [numFDTypes]string{
	FDUnknown: "unknown", FDFile: "file", FDDirectory: "directory", FDIPv4: "ipv4",
	FDIPv6: "ipv6", FDUnix: "unix", FDPipe: "pipe", FDEvent: "event", FDSignalFD: "signalfd",
	FDEventPoll: "eventpoll", FDInotify: "inotify", FDTimerFD: "timerfd", FDNetlink: "netlink",
	FDIPv4Server: "ipv4", FDIPv6Server: "ipv6", FDBPF: "bpf", FDUserfaultFD: "userfaultfd",
	FDIOUring: "io_uring", FDMemfd: "memfd", FDPidFD: "pidfd",
}

var fdTypeChars = [numFDTypes]byte{
	FDUnknown: '?', FDFile: 'f', FDDirectory: 'd', FDIPv4: '4', FDIPv6: '6', FDUnix: 'u',
	FDPipe: 'p', FDEvent: 'e', FDSignalFD: 's', FDEventPoll: 'l', FDInotify: 'i',
	FDTimerFD: 't', FDNetlink: 'n', FDIPv4Server: '4', FDIPv6Server: '6', FDBPF: 'b',
	FDUserfaultFD: 'u', FDIOUring: 'r', FDMemfd: 'm', FDPidFD: 'P',
}

func (t FDType) String() string {
	if t >= numFDTypes {
		return "unknown"
	}
	return fdTypeNames[t]
}

// TypeChar returns the one-letter fd type, as fd.typechar.
func (t FDType) TypeChar() byte {
	if t >= numFDTypes {
		return '?'
	}
	return fdTypeChars[t]
}

// FD is one open file descriptor of a process.
type FD struct {
	PID   int64 // the thread group that owns the fd table
	Num   int64
	Type  FDType
	Name  string // path, or the connection as "1.2.3.4:5->6.7.8.9:10", or pipe:[ino]
	Flags uint32 // open flags in Falco's portable encoding (file_flags)
	Dev   uint32
	Ino   uint64
	MntID uint32
	// Tuple is the socket's addresses in the PTSockTuple encoding, for
	// sockets; nil otherwise.
	Tuple []byte
	// L4Proto is the socket's IP protocol number (6 tcp, 17 udp, 1 icmp,
	// 255 raw), 0 when not a socket or unknown.
	L4Proto uint8
}

// User is one entry of the host's (or a container's) user database.
type User struct {
	UID         uint32
	GID         uint32
	Name        string
	Home        string
	Shell       string
	ContainerID string // "" for the host
}

// Group is one entry of the host's (or a container's) group database.
type Group struct {
	GID         uint32
	Name        string
	ContainerID string
}

// Container is a container known at the time of the snapshot or announced
// by a "container" meta event.
type Container struct {
	ID         string // full id as the engine gives it (64 hex digits for docker/podman)
	Runtime    string // docker, podman, containerd, cri-o, ...
	Name       string
	Image      string // as given: repository[:tag][@digest]
	ImageID    string
	Privileged bool
	Created    int64 // ns since the Unix epoch
	Labels     map[string]string
	Mounts     []Mount
	Env        []string
	User       string
	IP         string
}

// ImageParts splits the container's image as the engines do:
// repository[:tag][@digest], the tag after the last ':' that follows the
// last '/'.
func (c *Container) ImageParts() (repo, tag, digest string) {
	image := c.Image
	if i := strings.IndexByte(image, '@'); i >= 0 {
		image, digest = image[:i], image[i+1:]
	}
	repo = image
	slash := strings.LastIndexByte(image, '/')
	if i := strings.LastIndexByte(image, ':'); i > slash {
		repo, tag = image[:i], image[i+1:]
	}
	return repo, tag, digest
}

// Mount is one mount of a container.
type Mount struct {
	Source      string
	Dest        string
	Mode        string
	RW          bool
	Propagation string
}

// Interface is a network interface address of the host, for telling local
// from remote ends of connections.
type Interface struct {
	Name    string
	Addr    []byte // 4 or 16 bytes
	Netmask []byte
}
