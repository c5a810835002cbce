package probe

import (
	"fmt"
	"sort"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
)

// Syscall is one syscall the probe can record: its name, its number on each
// architecture, the event type its records become and the BPF program that
// fills them.
type Syscall struct {
	Name  string           // kernel name, e.g. "pread64"
	Event format.EventType // Falco event type of its records
	NR    [numArches]int16 // native number per architecture, -1 where it does not exist
	Prog  string           // BPF program (section function name)
}

// Architectures with a syscall table, indexed by Arch.
const (
	archAMD64 = iota
	archARM64
	numArches
)

// Arch is an architecture's syscall table. Pick one with ArchByName; the
// capture header's Arch names it, so captures cross machines. An Arch is
// immutable and safe for concurrent use.
type Arch struct {
	Name   string // GOARCH name
	index  int
	byNR   map[int]*Syscall
	byName map[string]*Syscall
}

var arches = [numArches]*Arch{
	archAMD64: newArch("amd64", archAMD64),
	archARM64: newArch("arm64", archARM64),
}

func newArch(name string, index int) *Arch {
	a := &Arch{Name: name, index: index, byNR: map[int]*Syscall{}, byName: map[string]*Syscall{}}
	for i := range syscalls {
		s := &syscalls[i]
		if nr := s.NR[index]; nr >= 0 {
			a.byNR[int(nr)] = s
			a.byName[s.Name] = s
		}
	}
	return a
}

// ArchByName returns the syscall table of a GOARCH, or nil when there is
// none.
func ArchByName(goarch string) *Arch {
	for _, a := range arches {
		if a.Name == goarch {
			return a
		}
	}
	return nil
}

// ByNR returns the syscall with native number nr, or nil.
func (a *Arch) ByNR(nr int) *Syscall { return a.byNR[nr] }

// NR returns s's number on a, or -1.
func (a *Arch) NR(s *Syscall) int { return int(s.NR[a.index]) }

// Syscalls returns the recordable syscalls of a, sorted by name.
func (a *Arch) Syscalls() []*Syscall {
	out := make([]*Syscall, 0, len(a.byName))
	for _, s := range a.byName {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// lifecycle are names users may select that are recorded from scheduler
// tracepoints, not sys_exit: they are always on.
var lifecycle = map[string]bool{"exit": true, "exit_group": true, "procexit": true}

// Select returns the syscalls of a to record: all when include is empty,
// else those named in include, minus those named in exclude. Names are
// kernel syscall names or Falco event names ("pread64" or "pread"); an
// unknown name is an error that lists the known ones.
func (a *Arch) Select(include, exclude []string) ([]*Syscall, error) {
	match := func(names []string) (map[*Syscall]bool, error) {
		set := map[*Syscall]bool{}
		for _, n := range names {
			n = strings.TrimSpace(n)
			if n == "" || lifecycle[n] {
				continue
			}
			found := false
			for _, s := range a.byName {
				if s.Name == n || s.Event.String() == n {
					set[s] = true
					found = true
				}
			}
			if !found {
				return nil, &UnknownSyscallError{Name: n, Arch: a.Name}
			}
		}
		return set, nil
	}
	inc, err := match(include)
	if err != nil {
		return nil, err
	}
	exc, err := match(exclude)
	if err != nil {
		return nil, err
	}
	var out []*Syscall
	for _, s := range a.Syscalls() {
		if (len(include) == 0 || inc[s]) && !exc[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

// UnknownSyscallError is a --syscalls name the probe cannot record.
type UnknownSyscallError struct {
	Name string
	Arch string
}

func (e *UnknownSyscallError) Error() string {
	var names []string
	if a := ArchByName(e.Arch); a != nil {
		for _, s := range a.Syscalls() {
			names = append(names, s.Name)
		}
	}
	return fmt.Sprintf("probe: unknown or unrecordable syscall %q on %s (known: %s)", e.Name, e.Arch, strings.Join(names, ", "))
}

// syscalls is the table of recordable syscalls. Numbers: x86_64 from
// arch/x86/entry/syscalls/syscall_64.tbl, arm64 from the generic table
// (include/uapi/asm-generic/unistd.h); -1 where the architecture lacks the
// syscall. Programs are in bpf/probe.c.
var syscalls = []Syscall{
	// Processes.
	{"execve", format.EvExecve, [numArches]int16{59, 221}, "sys_execve"},
	{"execveat", format.EvExecveat, [numArches]int16{322, 281}, "sys_execveat"},
	{"clone", format.EvClone, [numArches]int16{56, 220}, "sys_clone"},
	{"clone3", format.EvClone3, [numArches]int16{435, 435}, "sys_clone3"},
	{"fork", format.EvFork, [numArches]int16{57, -1}, "sys_clone"},
	{"vfork", format.EvVfork, [numArches]int16{58, -1}, "sys_clone"},
	{"kill", format.EvKill, [numArches]int16{62, 129}, "sys_args"},
	{"tkill", format.EvTkill, [numArches]int16{200, 130}, "sys_args"},
	{"tgkill", format.EvTgkill, [numArches]int16{234, 131}, "sys_args"},
	{"ptrace", format.EvPtrace, [numArches]int16{101, 117}, "sys_args"},
	{"prctl", format.EvPrctl, [numArches]int16{157, 167}, "sys_prctl"},
	{"seccomp", format.EvSeccomp, [numArches]int16{317, 277}, "sys_args"},
	{"setns", format.EvSetns, [numArches]int16{308, 268}, "sys_args"},
	{"unshare", format.EvUnshare, [numArches]int16{272, 97}, "sys_args"},
	{"process_vm_readv", format.EvProcessVmReadv, [numArches]int16{310, 270}, "sys_args"},
	{"process_vm_writev", format.EvProcessVmWritev, [numArches]int16{311, 271}, "sys_args"},

	// Credentials.
	{"setuid", format.EvSetuid, [numArches]int16{105, 146}, "sys_args"},
	{"setgid", format.EvSetgid, [numArches]int16{106, 144}, "sys_args"},
	{"setreuid", format.EvSetreuid, [numArches]int16{113, 145}, "sys_args"},
	{"setregid", format.EvSetregid, [numArches]int16{114, 143}, "sys_args"},
	{"setresuid", format.EvSetresuid, [numArches]int16{117, 147}, "sys_args"},
	{"setresgid", format.EvSetresgid, [numArches]int16{119, 149}, "sys_args"},
	{"setfsuid", format.EvSetfsuid, [numArches]int16{122, 151}, "sys_args"},
	{"setfsgid", format.EvSetfsgid, [numArches]int16{123, 152}, "sys_args"},
	{"capset", format.EvCapset, [numArches]int16{126, 91}, "sys_capset"},

	// Files.
	{"open", format.EvOpen, [numArches]int16{2, -1}, "sys_open0"},
	{"openat", format.EvOpenat, [numArches]int16{257, 56}, "sys_open1"},
	{"openat2", format.EvOpenat2, [numArches]int16{437, 437}, "sys_openat2"},
	{"creat", format.EvCreat, [numArches]int16{85, -1}, "sys_open0"},
	{"close", format.EvClose, [numArches]int16{3, 57}, "sys_args"},
	{"dup", format.EvDup, [numArches]int16{32, 23}, "sys_args"},
	{"dup2", format.EvDup2, [numArches]int16{33, -1}, "sys_args"},
	{"dup3", format.EvDup3, [numArches]int16{292, 24}, "sys_args"},
	{"fcntl", format.EvFcntl, [numArches]int16{72, 25}, "sys_fcntl_dup"},
	{"read", format.EvRead, [numArches]int16{0, 63}, "sys_rw"},
	{"write", format.EvWrite, [numArches]int16{1, 64}, "sys_rw"},
	{"pread64", format.EvPread, [numArches]int16{17, 67}, "sys_rw"},
	{"pwrite64", format.EvPwrite, [numArches]int16{18, 68}, "sys_rw"},
	{"readv", format.EvReadv, [numArches]int16{19, 65}, "sys_rwv"},
	{"writev", format.EvWritev, [numArches]int16{20, 66}, "sys_rwv"},
	{"unlink", format.EvUnlink, [numArches]int16{87, -1}, "sys_str0"},
	{"unlinkat", format.EvUnlinkat, [numArches]int16{263, 35}, "sys_str1"},
	{"rename", format.EvRename, [numArches]int16{82, -1}, "sys_str01"},
	{"renameat", format.EvRenameat, [numArches]int16{264, 38}, "sys_str13"},
	{"renameat2", format.EvRenameat2, [numArches]int16{316, 276}, "sys_str13"},
	{"mkdir", format.EvMkdir, [numArches]int16{83, -1}, "sys_str0"},
	{"mkdirat", format.EvMkdirat, [numArches]int16{258, 34}, "sys_str1"},
	{"rmdir", format.EvRmdir, [numArches]int16{84, -1}, "sys_str0"},
	{"link", format.EvLink, [numArches]int16{86, -1}, "sys_str01"},
	{"linkat", format.EvLinkat, [numArches]int16{265, 37}, "sys_str13"},
	{"symlink", format.EvSymlink, [numArches]int16{88, -1}, "sys_str01"},
	{"symlinkat", format.EvSymlinkat, [numArches]int16{266, 36}, "sys_str02"},
	{"chmod", format.EvChmod, [numArches]int16{90, -1}, "sys_str0"},
	{"fchmod", format.EvFchmod, [numArches]int16{91, 52}, "sys_args"},
	{"fchmodat", format.EvFchmodat, [numArches]int16{268, 53}, "sys_str1"},
	{"chown", format.EvChown, [numArches]int16{92, -1}, "sys_str0"},
	{"lchown", format.EvLchown, [numArches]int16{94, -1}, "sys_str0"},
	{"fchown", format.EvFchown, [numArches]int16{93, 55}, "sys_args"},
	{"fchownat", format.EvFchownat, [numArches]int16{260, 54}, "sys_str1"},
	{"truncate", format.EvTruncate, [numArches]int16{76, 45}, "sys_str0"},
	{"ftruncate", format.EvFtruncate, [numArches]int16{77, 46}, "sys_args"},
	{"chdir", format.EvChdir, [numArches]int16{80, 49}, "sys_str0"},
	{"fchdir", format.EvFchdir, [numArches]int16{81, 50}, "sys_args"},
	{"chroot", format.EvChroot, [numArches]int16{161, 51}, "sys_str0"},
	{"mount", format.EvMount, [numArches]int16{165, 40}, "sys_str012"},
	{"umount2", format.EvUmount2, [numArches]int16{166, 39}, "sys_str0"},
	{"splice", format.EvSplice, [numArches]int16{275, 76}, "sys_args"},
	{"sendfile", format.EvSendfile, [numArches]int16{40, 71}, "sys_sendfile"},

	// File-like objects.
	{"pipe", format.EvPipe, [numArches]int16{22, -1}, "sys_pipe"},
	{"pipe2", format.EvPipe2, [numArches]int16{293, 59}, "sys_pipe"},
	{"eventfd", format.EvEventfd, [numArches]int16{284, -1}, "sys_args"},
	{"eventfd2", format.EvEventfd2, [numArches]int16{290, 19}, "sys_args"},
	{"memfd_create", format.EvMemfdCreate, [numArches]int16{319, 279}, "sys_str0"},
	{"signalfd", format.EvSignalfd, [numArches]int16{282, -1}, "sys_args"},
	{"signalfd4", format.EvSignalfd4, [numArches]int16{289, 74}, "sys_args"},
	{"timerfd_create", format.EvTimerfdCreate, [numArches]int16{283, 85}, "sys_args"},
	{"inotify_init", format.EvInotifyInit, [numArches]int16{253, -1}, "sys_args"},
	{"inotify_init1", format.EvInotifyInit1, [numArches]int16{294, 26}, "sys_args"},
	{"userfaultfd", format.EvUserfaultfd, [numArches]int16{323, 282}, "sys_args"},
	{"io_uring_setup", format.EvIoUringSetup, [numArches]int16{425, 425}, "sys_io_uring_setup"},
	{"bpf", format.EvBpf, [numArches]int16{321, 280}, "sys_args"},

	// Network.
	{"socket", format.EvSocket, [numArches]int16{41, 198}, "sys_args"},
	{"socketpair", format.EvSocketpair, [numArches]int16{53, 199}, "sys_socketpair"},
	{"connect", format.EvConnect, [numArches]int16{42, 203}, "sys_connect"},
	{"accept", format.EvAccept, [numArches]int16{43, 202}, "sys_accept"},
	{"accept4", format.EvAccept4, [numArches]int16{288, 242}, "sys_accept"},
	{"bind", format.EvBind, [numArches]int16{49, 200}, "sys_bind"},
	{"listen", format.EvListen, [numArches]int16{50, 201}, "sys_args"},
	{"sendto", format.EvSendto, [numArches]int16{44, 206}, "sys_sendto"},
	{"recvfrom", format.EvRecvfrom, [numArches]int16{45, 207}, "sys_recvfrom"},
	{"sendmsg", format.EvSendmsg, [numArches]int16{46, 211}, "sys_msg"},
	{"recvmsg", format.EvRecvmsg, [numArches]int16{47, 212}, "sys_msg"},
	{"shutdown", format.EvShutdown, [numArches]int16{48, 210}, "sys_args"},

	// Memory: only executable mappings are recorded.
	{"mmap", format.EvMmap, [numArches]int16{9, 222}, "sys_mmap_exec"},
	{"mprotect", format.EvMprotect, [numArches]int16{10, 226}, "sys_mmap_exec"},

	// Kernel modules.
	{"init_module", format.EvInitModule, [numArches]int16{175, 105}, "sys_init_module"},
	{"finit_module", format.EvFinitModule, [numArches]int16{313, 273}, "sys_str1"},
	{"delete_module", format.EvDeleteModule, [numArches]int16{176, 106}, "sys_str0"},
}
