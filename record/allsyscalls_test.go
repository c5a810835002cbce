//go:build linux && amd64

package record_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"unsafe"

	"golang.org/x/sys/unix"
)

// allSyscalls makes every syscall of the probe's amd64 table at least once,
// most of them succeeding, with arguments the test checks. It runs as root
// in a process of its own (see TestRecordEverySyscall).
func allSyscalls(dir string) error {
	runtime.LockOSThread()
	p := func(s string) uintptr { b, _ := unix.BytePtrFromString(s); return uintptr(unsafe.Pointer(b)) }
	sys := func(nr uintptr, a ...uintptr) (uintptr, syscall.Errno) {
		var x [6]uintptr
		copy(x[:], a)
		r, _, e := unix.Syscall6(nr, x[0], x[1], x[2], x[3], x[4], x[5])
		return r, e
	}
	in := func(name string) string { return filepath.Join(dir, name) }
	atFDCWD := ^uintptr(99) // AT_FDCWD, -100

	// Files.
	fd, _ := sys(unix.SYS_OPEN, p(in("open")), unix.O_CREAT|unix.O_RDWR, 0o640)
	sys(unix.SYS_WRITE, fd, p("hello"), 5)
	sys(unix.SYS_PWRITE64, fd, p("HELLO"), 5, 5)
	buf := make([]byte, 16)
	sys(unix.SYS_PREAD64, fd, uintptr(unsafe.Pointer(&buf[0])), 5, 0)
	sys(unix.SYS_LSEEK, fd, 0, 0)
	sys(unix.SYS_READ, fd, uintptr(unsafe.Pointer(&buf[0])), 16)
	iov := []unix.Iovec{{Base: &buf[0], Len: 4}}
	sys(unix.SYS_WRITEV, fd, uintptr(unsafe.Pointer(&iov[0])), 1)
	sys(unix.SYS_LSEEK, fd, 0, 0)
	sys(unix.SYS_READV, fd, uintptr(unsafe.Pointer(&iov[0])), 1)
	d, _ := sys(unix.SYS_DUP, fd)
	sys(unix.SYS_DUP2, fd, 50)
	sys(unix.SYS_DUP3, fd, 51, unix.O_CLOEXEC)
	sys(unix.SYS_FCNTL, fd, unix.F_DUPFD_CLOEXEC, 60)
	sys(unix.SYS_FCHMOD, fd, 0o600)
	sys(unix.SYS_FCHOWN, fd, 0, 0)
	sys(unix.SYS_FTRUNCATE, fd, 3)
	for _, f := range []uintptr{d, 50, 51, 60} {
		sys(unix.SYS_CLOSE, f)
	}
	cfd, _ := sys(unix.SYS_CREAT, p(in("creat")), 0o644)
	sys(unix.SYS_CLOSE, cfd)
	ofd, _ := sys(unix.SYS_OPENAT, atFDCWD, p(in("openat")), unix.O_CREAT|unix.O_WRONLY, 0o600)
	sys(unix.SYS_CLOSE, ofd)
	how := unix.OpenHow{Flags: unix.O_RDONLY, Resolve: unix.RESOLVE_NO_SYMLINKS}
	o2, _ := sys(unix.SYS_OPENAT2, atFDCWD, p(in("openat")), uintptr(unsafe.Pointer(&how)), unsafe.Sizeof(how))
	sys(unix.SYS_CLOSE, o2)
	sys(unix.SYS_TRUNCATE, p(in("openat")), 1)
	sys(unix.SYS_CHMOD, p(in("openat")), 0o644)
	sys(unix.SYS_FCHMODAT, atFDCWD, p(in("openat")), 0o640)
	sys(unix.SYS_CHOWN, p(in("openat")), 0, 0)
	sys(unix.SYS_LCHOWN, p(in("openat")), 0, 0)
	sys(unix.SYS_FCHOWNAT, atFDCWD, p(in("openat")), 0, 0, 0)
	sys(unix.SYS_MKDIR, p(in("d1")), 0o700)
	sys(unix.SYS_MKDIRAT, atFDCWD, p(in("d2")), 0o750)
	sys(unix.SYS_RMDIR, p(in("d1")))
	sys(unix.SYS_RENAME, p(in("creat")), p(in("renamed")))
	sys(unix.SYS_RENAMEAT, atFDCWD, p(in("renamed")), atFDCWD, p(in("renamedat")))
	sys(unix.SYS_RENAMEAT2, atFDCWD, p(in("renamedat")), atFDCWD, p(in("renamedat2")), unix.RENAME_NOREPLACE)
	sys(unix.SYS_LINK, p(in("renamedat2")), p(in("link")))
	sys(unix.SYS_LINKAT, atFDCWD, p(in("link")), atFDCWD, p(in("linkat")), 0)
	sys(unix.SYS_SYMLINK, p("/etc/hostname"), p(in("symlink")))
	sys(unix.SYS_SYMLINKAT, p("/etc/hosts"), atFDCWD, p(in("symlinkat")))
	sys(unix.SYS_UNLINK, p(in("link")))
	sys(unix.SYS_UNLINKAT, atFDCWD, p(in("d2")), unix.AT_REMOVEDIR)
	dfd, _ := sys(unix.SYS_OPEN, p(dir), unix.O_RDONLY|unix.O_DIRECTORY)
	sys(unix.SYS_CHDIR, p(dir))
	sys(unix.SYS_FCHDIR, dfd)
	sys(unix.SYS_CHROOT, p("/"))
	mnt := in("mnt")
	os.Mkdir(mnt, 0o755)
	sys(unix.SYS_MOUNT, p("peregrine"), p(mnt), p("tmpfs"), unix.MS_NOSUID, p("size=64k"))
	sys(unix.SYS_UMOUNT2, p(mnt), unix.MNT_DETACH)
	null, _ := sys(unix.SYS_OPEN, p("/dev/null"), unix.O_WRONLY)
	var off int64 = 1
	sys(unix.SYS_SENDFILE, null, fd, uintptr(unsafe.Pointer(&off)), 2)

	// File-like objects.
	var fds [2]int32
	sys(unix.SYS_PIPE, uintptr(unsafe.Pointer(&fds[0])))
	var fds2 [2]int32
	sys(unix.SYS_PIPE2, uintptr(unsafe.Pointer(&fds2[0])), unix.O_CLOEXEC|unix.O_NONBLOCK)
	sys(unix.SYS_WRITE, uintptr(fds[1]), p("x"), 1)
	sys(unix.SYS_SPLICE, uintptr(fds[0]), 0, uintptr(fds2[1]), 0, 1, unix.SPLICE_F_NONBLOCK)
	sys(unix.SYS_EVENTFD, 3)
	sys(unix.SYS_EVENTFD2, 4, unix.EFD_CLOEXEC)
	sys(unix.SYS_MEMFD_CREATE, p("peregrine-all"), unix.MFD_CLOEXEC)
	var mask uint64 = 1 << 9
	sys(unix.SYS_SIGNALFD, ^uintptr(0), uintptr(unsafe.Pointer(&mask)), 8)
	sys(unix.SYS_SIGNALFD4, ^uintptr(0), uintptr(unsafe.Pointer(&mask)), 8, unix.SFD_NONBLOCK)
	sys(unix.SYS_TIMERFD_CREATE, unix.CLOCK_MONOTONIC, 0)
	sys(unix.SYS_INOTIFY_INIT)
	sys(unix.SYS_INOTIFY_INIT1, unix.IN_NONBLOCK)
	sys(unix.SYS_USERFAULTFD, unix.O_CLOEXEC)
	var params [120]byte
	sys(unix.SYS_IO_URING_SETUP, 2, uintptr(unsafe.Pointer(&params[0])))
	sys(unix.SYS_BPF, 11 /* BPF_PROG_GET_NEXT_ID */, uintptr(unsafe.Pointer(&params[0])), 8)

	// Network.
	s, _ := sys(unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	sa := unix.RawSockaddrInet4{Family: unix.AF_INET, Addr: [4]byte{127, 0, 0, 1}}
	sys(unix.SYS_BIND, s, uintptr(unsafe.Pointer(&sa)), unsafe.Sizeof(sa))
	sys(unix.SYS_LISTEN, s, 7)
	var bound unix.RawSockaddrInet4
	blen := uint32(unsafe.Sizeof(bound))
	sys(unix.SYS_GETSOCKNAME, s, uintptr(unsafe.Pointer(&bound)), uintptr(unsafe.Pointer(&blen)))
	c, _ := sys(unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_STREAM, 0)
	sys(unix.SYS_CONNECT, c, uintptr(unsafe.Pointer(&bound)), unsafe.Sizeof(bound))
	a, _ := sys(unix.SYS_ACCEPT, s, 0, 0)
	c2, _ := sys(unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_STREAM, 0)
	sys(unix.SYS_CONNECT, c2, uintptr(unsafe.Pointer(&bound)), unsafe.Sizeof(bound))
	a2, _ := sys(unix.SYS_ACCEPT4, s, 0, 0, unix.SOCK_CLOEXEC)
	sys(unix.SYS_SENDTO, c, p("ping"), 4, 0, 0, 0)
	sys(unix.SYS_RECVFROM, a, uintptr(unsafe.Pointer(&buf[0])), 16, 0, 0, 0)
	mh := unix.Msghdr{Iov: &iov[0], Iovlen: 1}
	sys(unix.SYS_SENDMSG, c2, uintptr(unsafe.Pointer(&mh)), 0)
	sys(unix.SYS_RECVMSG, a2, uintptr(unsafe.Pointer(&mh)), 0)
	sys(unix.SYS_SHUTDOWN, c, unix.SHUT_WR)
	var sp [2]int32
	sys(unix.SYS_SOCKETPAIR, unix.AF_UNIX, unix.SOCK_STREAM, 0, uintptr(unsafe.Pointer(&sp[0])))
	u, _ := sys(unix.SYS_SOCKET, unix.AF_INET, unix.SOCK_DGRAM, 0)
	sys(unix.SYS_SENDTO, u, p("udp"), 3, 0, uintptr(unsafe.Pointer(&bound)), unsafe.Sizeof(bound))

	// Memory: executable mappings only.
	m, _ := sys(unix.SYS_MMAP, 0, 4096, unix.PROT_READ|unix.PROT_EXEC, unix.MAP_PRIVATE|unix.MAP_ANONYMOUS, ^uintptr(0), 0)
	sys(unix.SYS_MPROTECT, m, 4096, unix.PROT_READ|unix.PROT_WRITE|unix.PROT_EXEC)
	local := []unix.Iovec{{Base: &buf[0], Len: 4}}
	remote := []unix.RemoteIovec{{Base: uintptr(unsafe.Pointer(&buf[4])), Len: 4}}
	sys(unix.SYS_PROCESS_VM_READV, uintptr(os.Getpid()), uintptr(unsafe.Pointer(&local[0])), 1, uintptr(unsafe.Pointer(&remote[0])), 1, 0)
	sys(unix.SYS_PROCESS_VM_WRITEV, uintptr(os.Getpid()), uintptr(unsafe.Pointer(&local[0])), 1, uintptr(unsafe.Pointer(&remote[0])), 1, 0)

	// Credentials (keeping root's), processes, signals.
	sys(unix.SYS_SETUID, 0)
	sys(unix.SYS_SETGID, 0)
	sys(unix.SYS_SETREUID, ^uintptr(0), ^uintptr(0))
	sys(unix.SYS_SETREGID, ^uintptr(0), ^uintptr(0))
	sys(unix.SYS_SETRESUID, ^uintptr(0), ^uintptr(0), ^uintptr(0))
	sys(unix.SYS_SETRESGID, ^uintptr(0), ^uintptr(0), ^uintptr(0))
	sys(unix.SYS_SETFSUID, 0)
	sys(unix.SYS_SETFSGID, 0)
	hdr := unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var caps [2]unix.CapUserData
	sys(unix.SYS_CAPGET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&caps[0])))
	sys(unix.SYS_CAPSET, uintptr(unsafe.Pointer(&hdr)), uintptr(unsafe.Pointer(&caps[0])))
	sys(unix.SYS_PRCTL, unix.PR_SET_NAME, p("peregrine-all"))
	sys(unix.SYS_PTRACE, unix.PTRACE_PEEKDATA, 1, 0, 0)
	sys(unix.SYS_KILL, uintptr(os.Getpid()), 0)
	sys(unix.SYS_TKILL, uintptr(unix.Gettid()), 0)
	sys(unix.SYS_TGKILL, uintptr(os.Getpid()), uintptr(unix.Gettid()), 0)
	sys(unix.SYS_INIT_MODULE, uintptr(unsafe.Pointer(&buf[0])), 16, p("peregrine=1"))
	sys(unix.SYS_FINIT_MODULE, null, p("peregrine=2"), 0)
	sys(unix.SYS_DELETE_MODULE, p("peregrine_none"), unix.O_NONBLOCK)
	ns, _ := sys(unix.SYS_OPEN, p("/proc/self/ns/uts"), unix.O_RDONLY)
	sys(unix.SYS_SETNS, ns, unix.CLONE_NEWUTS)
	sys(unix.SYS_UNSHARE, 0)
	var action uint32 = unix.SECCOMP_RET_KILL_PROCESS
	sys(unix.SYS_SECCOMP, unix.SECCOMP_GET_ACTION_AVAIL, 0, uintptr(unsafe.Pointer(&action)))
	sys(unix.SYS_EXECVEAT, atFDCWD, p(in("no-such-program")), 0, 0, 0)
	sys(unix.SYS_EXECVE, p(in("no-such-program")), 0, 0)

	// The fork family: a child that exits at once.
	forkExit(unix.SYS_FORK)
	forkExit(unix.SYS_VFORK)
	if err := exec.Command("/bin/sh", "-c", "/bin/true; exit 3").Run(); err == nil {
		return fmt.Errorf("sh exited 0")
	}
	return nil
}

// forkExit forks with the raw syscall trap; the child exits at once.
//
//go:nosplit
//go:noinline
func forkExit(trap uintptr) {
	pid, _, _ := syscall.RawSyscall(trap, 0, 0, 0)
	if pid == 0 {
		syscall.RawSyscall(unix.SYS_EXIT_GROUP, 0, 0, 0)
	}
	var ws syscall.WaitStatus
	syscall.Wait4(int(pid), &ws, 0, nil)
}
