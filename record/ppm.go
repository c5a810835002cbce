//go:build linux

package record

// Conversions of raw kernel values to Falco's portable (PPM) encoding,
// which is what capture files hold (docs/format.md). The probe records
// kernel values as they are; these tables say how each flag or enum maps.
// Values where PPM equals the kernel's (socket families, prot bits, AT_*
// flags, renameat2, memfd, splice, umount, io_uring, capabilities, prctl
// options, bpf commands) are stored unchanged.

// bitMap maps kernel flag bits to PPM bits.
type bitMap []struct{ kernel, ppm uint64 }

func (m bitMap) convert(v uint64) uint64 {
	var out uint64
	for _, b := range m {
		if v&b.kernel == b.kernel && b.kernel != 0 {
			out |= b.ppm
		}
	}
	return out
}

// archFlags holds the conversions whose kernel values differ by
// architecture.
type archFlags struct {
	open bitMap // O_* without the access mode
}

// Open flags (asm-generic/fcntl.h; x86 and arm64 differ in O_DIRECTORY,
// O_NOFOLLOW, O_DIRECT and O_LARGEFILE).
var (
	flagsAMD64 = &archFlags{open: bitMap{
		{0o100, 1 << 2},                  // O_CREAT
		{0o200, 1 << 5},                  // O_EXCL
		{0o1000, 1 << 8},                 // O_TRUNC
		{0o2000, 1 << 3},                 // O_APPEND
		{0o4000, 1 << 6},                 // O_NONBLOCK
		{0o10000, 1 << 4},                // O_DSYNC
		{0o4010000, 1 << 7},              // O_SYNC (__O_SYNC|O_DSYNC)
		{0o40000, 1 << 9},                // O_DIRECT
		{0o100000, 1 << 11},              // O_LARGEFILE
		{0o200000, 1 << 10},              // O_DIRECTORY
		{0o2000000, 1 << 12},             // O_CLOEXEC
		{0o20000000 | 0o200000, 1 << 13}, // O_TMPFILE
	}}
	flagsARM64 = &archFlags{open: bitMap{
		{0o100, 1 << 2},
		{0o200, 1 << 5},
		{0o1000, 1 << 8},
		{0o2000, 1 << 3},
		{0o4000, 1 << 6},
		{0o10000, 1 << 4},
		{0o4010000, 1 << 7},
		{0o200000, 1 << 9},  // O_DIRECT
		{0o400000, 1 << 11}, // O_LARGEFILE
		{0o40000, 1 << 10},  // O_DIRECTORY
		{0o2000000, 1 << 12},
		{0o20000000 | 0o40000, 1 << 13},
	}}
)

func archFlagsFor(arch string) *archFlags {
	if arch == "arm64" {
		return flagsARM64
	}
	return flagsAMD64
}

// PPM open flags the probe adds from what it saw.
const (
	ppmOFCreated    = 1 << 14
	ppmFDUpperLayer = 1 << 15
	ppmFDLowerLayer = 1 << 16
)

// openFlags converts open(2) flags: the access mode (O_RDONLY 0 is PPM 1)
// and the flag bits.
func (a *archFlags) openFlags(v uint64) uint64 {
	out := a.open.convert(v)
	switch v & 3 {
	case 0:
		out |= 1 // PPM_O_RDONLY
	case 1:
		out |= 2 // PPM_O_WRONLY
	case 2:
		out |= 3 // PPM_O_RDWR
	}
	return out
}

// fileFlags converts the O_NONBLOCK/O_CLOEXEC flags of pipe2, dup3,
// eventfd2, signalfd4, inotify_init1, userfaultfd and SOCK_* (which share
// the O_* values) to PPM O_* bits.
func (a *archFlags) fileFlags(v uint64) uint64 {
	var out uint64
	if v&0o4000 != 0 {
		out |= 1 << 6 // O_NONBLOCK
	}
	if v&0o2000000 != 0 {
		out |= 1 << 12 // O_CLOEXEC
	}
	return out
}

// Clone flags (linux/sched.h) to PPM_CL_*.
var cloneFlags = bitMap{
	{0x00000400, 1 << 0},  // CLONE_FILES
	{0x00000200, 1 << 1},  // CLONE_FS
	{0x80000000, 1 << 2},  // CLONE_IO
	{0x08000000, 1 << 3},  // CLONE_NEWIPC
	{0x40000000, 1 << 4},  // CLONE_NEWNET
	{0x00020000, 1 << 5},  // CLONE_NEWNS
	{0x20000000, 1 << 6},  // CLONE_NEWPID
	{0x04000000, 1 << 7},  // CLONE_NEWUTS
	{0x00008000, 1 << 8},  // CLONE_PARENT
	{0x00100000, 1 << 9},  // CLONE_PARENT_SETTID
	{0x00002000, 1 << 10}, // CLONE_PTRACE
	{0x00000800, 1 << 11}, // CLONE_SIGHAND
	{0x00040000, 1 << 12}, // CLONE_SYSVSEM
	{0x00010000, 1 << 13}, // CLONE_THREAD
	{0x00800000, 1 << 14}, // CLONE_UNTRACED
	{0x00000100, 1 << 15}, // CLONE_VM
	{0x10000000, 1 << 20}, // CLONE_NEWUSER
	{0x00200000, 1 << 23}, // CLONE_CHILD_CLEARTID
	{0x01000000, 1 << 24}, // CLONE_CHILD_SETTID
	{0x00080000, 1 << 25}, // CLONE_SETTLS
	{0x00004000, 1 << 27}, // CLONE_VFORK
	{0x02000000, 1 << 28}, // CLONE_NEWCGROUP
}

// Clone flag values the recorder sets itself.
const (
	kernelCloneVM     = 0x00000100
	kernelCloneVfork  = 0x00004000
	ppmCloneChildInNS = 1 << 29 // PPM_CL_CHILD_IN_PIDNS
)

// mmap flags to PPM_MAP_* (MAP_32BIT is x86 only; arm64 never sets 0x40).
var mmapFlags = bitMap{
	{0x01, 1 << 0},    // MAP_SHARED
	{0x02, 1 << 1},    // MAP_PRIVATE
	{0x10, 1 << 2},    // MAP_FIXED
	{0x20, 1 << 3},    // MAP_ANONYMOUS
	{0x40, 1 << 4},    // MAP_32BIT
	{0x4000, 1 << 6},  // MAP_NORESERVE
	{0x8000, 1 << 7},  // MAP_POPULATE
	{0x10000, 1 << 8}, // MAP_NONBLOCK
	{0x0100, 1 << 9},  // MAP_GROWSDOWN
	{0x0800, 1 << 10}, // MAP_DENYWRITE
	{0x1000, 1 << 11}, // MAP_EXECUTABLE
	{0x2000, 1 << 14}, // MAP_LOCKED
}

// openat2 RESOLVE_* to PPM_RESOLVE_*.
var resolveFlags = bitMap{
	{0x08, 1 << 0}, // RESOLVE_BENEATH
	{0x10, 1 << 1}, // RESOLVE_IN_ROOT
	{0x02, 1 << 2}, // RESOLVE_NO_MAGICLINKS
	{0x04, 1 << 3}, // RESOLVE_NO_SYMLINKS
	{0x01, 1 << 4}, // RESOLVE_NO_XDEV
	{0x20, 1 << 5}, // RESOLVE_CACHED
}

// delete_module O_* to PPM_DELETE_MODULE_*.
var deleteModuleFlags = bitMap{
	{0o4000, 1 << 1}, // O_NONBLOCK
	{0o1000, 1 << 0}, // O_TRUNC
}

// fcntlCmd converts the fcntl commands the probe records.
func fcntlCmd(v uint64) uint64 {
	switch v {
	case 0: // F_DUPFD
		return 1
	case 1030: // F_DUPFD_CLOEXEC
		return 26
	}
	return 0
}

// mountFlags strips the historical magic number from mount(2) flags; the
// remaining MS_* bits are PPM's.
func mountFlags(v uint64) uint64 {
	if v&0xffff0000 == 0xC0ED0000 {
		v &= 0xffff
	}
	return v & 0xffffffff
}

// ptraceRequests maps PTRACE_* to PPM_PTRACE_*.
var ptraceRequests = map[uint64]uint64{
	0: 1, 1: 2, 2: 3, 3: 4, 4: 5, 5: 6, 6: 7, 7: 8, 8: 9, 9: 10,
	16: 11, 17: 12, 24: 13, 0x4200: 14, 0x4201: 15, 0x4202: 16, 0x4203: 17,
	0x4204: 18, 0x4205: 19, 0x4206: 20, 0x4207: 21, 0x4208: 22, 0x4209: 23,
	0x420a: 24, 0x420b: 25, 12: 26, 13: 27, 14: 28, 15: 29, 18: 30, 19: 31,
	21: 32, 25: 33, 26: 34, 30: 35, 31: 36, 32: 37, 33: 38,
}

func ptraceRequest(v uint64) uint64 { return ptraceRequests[v] }

// shutdownHow converts SHUT_* (equal in PPM) and marks others unknown.
func shutdownHow(v uint64) uint64 {
	if v <= 2 {
		return v
	}
	return 0xffff
}
