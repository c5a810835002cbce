package replay

import (
	"net/netip"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// stateCase is a sequence of events and the field values expected after
// the last one (as seen by the rules for that event).
type stateCase struct {
	name   string
	events []*evb
	want   map[string]string
}

func runStateCases(t *testing.T, cases []stateCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestHost(t, baseSnapshot())
			th.apply(tc.events...)
			th.check(tc.want)
		})
	}
}

func TestFileDescriptors(t *testing.T) {
	runStateCases(t, []stateCase{
		{
			name:   "open relative to cwd",
			events: []*evb{ev(format.EvOpen, 100).i("fd", 3).s("name", "notes/../todo.txt").i("flags", 4097).i("mode", 0)},
			want: map[string]string{
				"fd.num": "3", "fd.name": "/home/alice/todo.txt", "fd.nameraw": "notes/../todo.txt",
				"fd.directory": "/home/alice", "fd.filename": "todo.txt", "fd.type": "file", "fd.typechar": "f",
				"evt.arg.flags": "O_RDONLY|O_CLOEXEC", "evt.arg.fd": "<f>/home/alice/todo.txt", "evt.arg[0]": "<f>/home/alice/todo.txt",
				"evt.rawarg.fd": "3", "evt.rawarg.flags": "1001", // hex, as libsinsp prints flags
				"evt.args": "fd=3(<f>/home/alice/todo.txt) name=notes/../todo.txt(/home/alice/todo.txt) flags=4097(O_RDONLY|O_CLOEXEC) mode=0",
				"evt.res":  "SUCCESS", "evt.is_open_read": "true", "evt.is_open_write": "false",
				"fs.path.name": "/home/alice/todo.txt", "fs.path.nameraw": "notes/../todo.txt",
			},
		},
		{
			name: "openat relative to a directory fd",
			events: []*evb{
				ev(format.EvOpenat, 100).i("fd", 3).i("dirfd", atFDCWD).s("name", "/etc").i("flags", oDir|oRdonly),
				ev(format.EvOpenat, 100).i("fd", 4).i("dirfd", 3).s("name", "./ssh//sshd_config").i("flags", oWronly|oCreat).i("mode", 0o644),
			},
			want: map[string]string{
				"fd.name": "/etc/ssh/sshd_config", "fd.directory": "/etc/ssh", "evt.is_open_write": "true",
				"evt.arg.dirfd": "<d>/etc", "evt.arg.mode": "0644", "fd.nameraw": "./ssh/sshd_config",
			},
		},
		{
			name:   "a directory fd is a directory",
			events: []*evb{ev(format.EvOpenat, 100).i("fd", 3).i("dirfd", atFDCWD).s("name", "../../var/log/").i("flags", oDir)},
			want:   map[string]string{"fd.name": "/var/log", "fd.type": "directory", "fd.typechar": "d", "fd.directory": "/var/log", "fd.filename": "<NA>"},
		},
		{
			name:   "failed open names the path from the event",
			events: []*evb{ev(format.EvOpenat, 100).i("fd", -2).i("dirfd", atFDCWD).s("name", "missing.txt").i("flags", oRdonly)},
			want: map[string]string{
				"fd.num": "-1", "fd.name": "/home/alice/missing.txt", "fd.type": "<NA>", "fd.typechar": "f",
				"evt.res": "ENOENT", "evt.rawres": "-2", "evt.failed": "true", "evt.arg.fd": "ENOENT",
				"fs.path.name": "<UNKNOWN>",
			},
		},
		{
			name: "close keeps the fd for its own event",
			events: []*evb{
				ev(format.EvOpen, 100).i("fd", 3).s("name", "/etc/passwd").i("flags", oRdonly),
				ev(format.EvClose, 100).i("res", 0).i("fd", 3),
			},
			want: map[string]string{"fd.name": "/etc/passwd", "fd.num": "3", "evt.args": "res=0 fd=3(<f>/etc/passwd)"},
		},
		{
			name: "closed fd is gone for the next event",
			events: []*evb{
				ev(format.EvOpen, 100).i("fd", 3).s("name", "/etc/passwd").i("flags", oRdonly),
				ev(format.EvClose, 100).i("res", 0).i("fd", 3),
				ev(format.EvRead, 100).i("res", -9).i("fd", 3).i("size", 10),
			},
			want: map[string]string{"fd.num": "3", "fd.name": "", "fd.type": "<NA>", "evt.res": "EBADF"},
		},
		{
			name: "dup2 copies the fd and clears close-on-exec",
			events: []*evb{
				ev(format.EvOpen, 100).i("fd", 3).s("name", "/tmp/out").i("flags", oWronly|oCloexec),
				ev(format.EvDup2, 100).i("res", 1).i("oldfd", 3).i("newfd", 1),
				ev(format.EvWrite, 100).i("res", 5).i("fd", 1).i("size", 5).s("data", "hello"),
			},
			want: map[string]string{"fd.name": "/tmp/out", "fd.num": "1", "proc.stdout.name": "/tmp/out", "evt.buffer": "hello", "evt.is_io_write": "true", "evt.category": "file"},
		},
		{
			name: "fcntl F_DUPFD_CLOEXEC",
			events: []*evb{
				ev(format.EvOpen, 100).i("fd", 3).s("name", "/tmp/a").i("flags", oRdonly),
				ev(format.EvFcntl, 100).i("res", 10).i("fd", 3).i("cmd", fcntlDupfdCloexec).i("arg", 10),
				ev(format.EvRead, 100).i("res", 0).i("fd", 10).i("size", 1),
			},
			want: map[string]string{"fd.name": "/tmp/a", "fd.num": "10"},
		},
		{
			name: "pipe2 makes two pipe fds",
			events: []*evb{
				ev(format.EvPipe2, 100).i("res", 0).i("fd1", 5).i("fd2", 6).i("ino", 4242).i("flags", 0),
				ev(format.EvWrite, 100).i("res", 1).i("fd", 6).i("size", 1),
			},
			want: map[string]string{"fd.type": "pipe", "fd.typechar": "p", "fd.ino": "4242", "fd.name": "", "evt.category": "ipc"},
		},
		{
			name: "fd.types lists the process's fd kinds",
			events: []*evb{
				ev(format.EvPipe, 100).i("res", 0).i("fd1", 5).i("fd2", 6).i("ino", 1),
				ev(format.EvRead, 100).i("res", 0).i("fd", 5).i("size", 1),
			},
			want: map[string]string{"fd.types": "[file pipe]", "fd.types[5]": "pipe", "fd.types[0]": "file", "fd.types[9]": "<NA>"},
		},
		{
			name: "close_range drops a range",
			events: []*evb{
				ev(format.EvCloseRange, 100).i("res", 0).i("first", 1).i("last", 2).i("flags", 0),
				ev(format.EvWrite, 100).i("res", 1).i("fd", 2).i("size", 1),
			},
			want: map[string]string{"fd.name": "", "proc.stdin.name": "/dev/pts/0", "proc.stdout.name": "<NA>"},
		},
		{
			name: "memfd and the other anonymous fds",
			events: []*evb{
				ev(format.EvMemfdCreate, 100).i("fd", 3).s("name", "payload").i("flags", 0),
			},
			want: map[string]string{"fd.type": "memfd", "fd.typechar": "m", "fd.name": "payload"},
		},
		{
			name:   "eventfd2",
			events: []*evb{ev(format.EvEventfd2, 100).i("res", 7).i("flags", 0).i("initval", 0)},
			want:   map[string]string{"fd.type": "event", "fd.num": "7"},
		},
		{
			name:   "signalfd4",
			events: []*evb{ev(format.EvSignalfd4, 100).i("res", 8).i("flags", 0).i("fd", -1).i("mask", 0)},
			want:   map[string]string{"fd.type": "signalfd"},
		},
		{
			name:   "timerfd",
			events: []*evb{ev(format.EvTimerfdCreate, 100).i("res", 9).i("clockid", 1).i("flags", 0)},
			want:   map[string]string{"fd.type": "timerfd", "fd.typechar": "t"},
		},
		{
			name:   "inotify",
			events: []*evb{ev(format.EvInotifyInit1, 100).i("res", 9).i("flags", 0)},
			want:   map[string]string{"fd.type": "inotify"},
		},
		{
			name:   "userfaultfd",
			events: []*evb{ev(format.EvUserfaultfd, 100).i("res", 9).i("flags", 0)},
			want:   map[string]string{"fd.type": "userfaultfd"},
		},
		{
			name:   "io_uring_setup",
			events: []*evb{ev(format.EvIoUringSetup, 100).i("res", 9)},
			want:   map[string]string{"fd.type": "io_uring", "fd.typechar": "r"},
		},
		{
			name:   "bpf",
			events: []*evb{ev(format.EvBpf, 100).i("fd", 9).i("cmd", 0)},
			want:   map[string]string{"fd.type": "bpf", "fd.typechar": "b"},
		},
		{
			name:   "epoll_create1",
			events: []*evb{ev(format.EvEpollCreate1, 100).i("res", 9).i("flags", 1)},
			want:   map[string]string{"fd.type": "eventpoll", "fd.typechar": "l"},
		},
		{
			name: "pidfd_open",
			events: []*evb{
				ev(format.EvPidfdOpen, 100).i("fd", 9).i("pid", 50).i("flags", 0),
			},
			want: map[string]string{"fd.type": "pidfd", "fd.name": "/proc/50"},
		},
	})
}

func TestSockets(t *testing.T) {
	runStateCases(t, []stateCase{
		{
			name: "tcp connect",
			events: []*evb{
				ev(format.EvSocket, 100).i("fd", 3).i("domain", afInet).i("type", sockStream).i("proto", 0).i("flags", 0),
				ev(format.EvConnect, 100).i("res", 0).i("fd", 3).raw("tuple", tuple4("10.0.0.5", 43210, "93.184.216.34", 443)).raw("addr", sockaddr4("93.184.216.34", 443)),
			},
			want: map[string]string{
				"fd.name": "10.0.0.5:43210->93.184.216.34:443", "fd.type": "ipv4", "fd.typechar": "4",
				"fd.cip": "10.0.0.5", "fd.sip": "93.184.216.34", "fd.cport": "43210", "fd.sport": "443",
				"fd.lip": "10.0.0.5", "fd.rip": "93.184.216.34", "fd.lport": "43210", "fd.rport": "443",
				"fd.l4proto": "tcp", "fd.sockfamily": "ip", "fd.connected": "true", "fd.is_server": "false",
				"fd.name_changed": "true", "fd.port": "[43210 443]", "fd.ip": "[10.0.0.5 93.184.216.34]",
				"evt.arg.addr": "93.184.216.34:443", "evt.arg.fd": "<4t>10.0.0.5:43210->93.184.216.34:443",
				"evt.arg.tuple": "10.0.0.5:43210->93.184.216.34:443",
			},
		},
		{
			name: "socket before connect has no role",
			events: []*evb{
				ev(format.EvSocket, 100).i("fd", 3).i("domain", afInet).i("type", sockStream).i("proto", 0).i("flags", 0),
			},
			want: map[string]string{"fd.name": "", "fd.l4proto": "<NA>", "fd.cip": "<NA>", "fd.type": "ipv4"},
		},
		{
			name: "bind, listen and accept",
			events: []*evb{
				ev(format.EvSocket, 100).i("fd", 3).i("domain", afInet).i("type", sockStream).i("proto", ipprotoTCP).i("flags", 0),
				ev(format.EvBind, 100).i("res", 0).i("fd", 3).raw("addr", sockaddr4("0.0.0.0", 8080)),
				ev(format.EvListen, 100).i("res", 0).i("fd", 3).i("backlog", 5),
			},
			want: map[string]string{"fd.name": "0.0.0.0:8080", "fd.sport": "8080", "fd.sip": "0.0.0.0", "fd.is_server": "true", "fd.l4proto": "tcp", "fd.port": "[8080]"},
		},
		{
			name: "accepted connection",
			events: []*evb{
				ev(format.EvAccept4, 100).i("fd", 4).raw("tuple", tuple4("192.168.1.9", 50000, "10.0.0.5", 8080)).i("flags", 0),
			},
			want: map[string]string{
				"fd.name": "192.168.1.9:50000->10.0.0.5:8080", "fd.cip": "192.168.1.9", "fd.sip": "10.0.0.5",
				"fd.lip": "10.0.0.5", "fd.rip": "192.168.1.9", "fd.lport": "8080", "fd.rport": "50000",
				"fd.is_server": "true", "fd.num": "4", "fd.l4proto": "tcp",
			},
		},
		{
			name: "sendto on a UDP socket names it",
			events: []*evb{
				ev(format.EvSocket, 100).i("fd", 3).i("domain", afInet).i("type", sockDgram).i("proto", 0).i("flags", 0),
				ev(format.EvSendto, 100).i("res", 40).i("fd", 3).i("size", 40).raw("tuple", tuple4("10.0.0.5", 40000, "8.8.8.8", 53)),
			},
			want: map[string]string{"fd.name": "10.0.0.5:40000->8.8.8.8:53", "fd.l4proto": "udp", "fd.sip": "8.8.8.8", "fd.sport": "53", "evt.category": "net"},
		},
		{
			name: "sendto on a socket never seen guesses UDP",
			events: []*evb{
				ev(format.EvSendto, 100).i("res", 40).i("fd", 7).i("size", 40).raw("tuple", tuple4("10.0.0.5", 40000, "8.8.4.4", 53)),
			},
			want: map[string]string{"fd.name": "10.0.0.5:40000->8.8.4.4:53", "fd.l4proto": "udp", "fd.num": "7"},
		},
		{
			name: "unix socket connect",
			events: []*evb{
				ev(format.EvSocket, 100).i("fd", 3).i("domain", afUnix).i("type", sockStream).i("proto", 0).i("flags", 0),
				ev(format.EvConnect, 100).i("res", 0).i("fd", 3).raw("tuple", format.AppendSockTuple(nil, format.SockTuple{
					Family: format.AFUnix, SrcPtr: 0xffff8880aa, DstPtr: 0xffff8880bb, Path: "/run/docker.sock"})),
			},
			want: map[string]string{"fd.name": "ffff8880aa->ffff8880bb /run/docker.sock", "fd.type": "unix", "fd.typechar": "u", "fd.sockfamily": "unix"},
		},
		{
			name: "socketpair",
			events: []*evb{
				ev(format.EvSocketpair, 100).i("res", 0).i("fd1", 3).i("fd2", 4).i("source", 1).i("peer", 2).i("domain", afUnix).i("type", sockStream).i("proto", 0),
			},
			want: map[string]string{"fd.type": "unix", "fd.num": "3"},
		},
	})
}

func TestProcesses(t *testing.T) {
	fork := func(child int64) *evb {
		return ev(format.EvClone, 100).i("res", child).s("exe", "-bash").raw("args", nil).i("tid", 100).i("pid", 100).i("ptid", 50).
			s("cwd", "/home/alice").i("fdlimit", 1024).s("comm", "bash").i("flags", 0).i("uid", 1000).i("gid", 1000).i("vtid", 100).i("vpid", 100)
	}
	exec := func(tid int64, exe, comm string, args ...string) *evb {
		return ev(format.EvExecve, tid).i("res", 0).s("exe", exe).raw("args", list(args...)).i("tid", tid).i("pid", tid).i("ptid", 100).
			s("cwd", "/home/alice").s("comm", comm).raw("env", list("HOME=/home/alice", "LD_PRELOAD= /tmp/x.so ")).
			i("uid", 1000).i("gid", 1000).i("loginuid", 1000).s("filename", exe).i("vpgid", tid).i("pgid", tid)
	}
	runStateCases(t, []stateCase{
		{
			name:   "fork child inherits",
			events: []*evb{fork(200), ev(format.EvRead, 200).i("res", 1).i("fd", 0).i("size", 1)},
			want: map[string]string{
				"proc.name": "bash", "proc.pid": "200", "proc.ppid": "100", "proc.pname": "bash", "proc.aname[2]": "sshd",
				"proc.aname[3]": "systemd", "proc.aname[4]": "<NA>", "proc.aname": "[bash sshd systemd]", "proc.apid[1]": "100",
				"proc.cwd": "/home/alice/", "fd.name": "/dev/pts/0", "proc.exepath": "/usr/bin/bash", "user.name": "alice",
				"proc.sid": "100", "proc.sname": "bash", "proc.tty": "34816", "thread.ismain": "true", "proc.is_vpgid_leader": "false",
				"proc.vpgid.name": "bash", "user.loginname": "alice", "proc.pexe": "-bash", "proc.pexepath": "/usr/bin/bash",
			},
		},
		{
			name:   "the child's own clone exit keeps the parent's record",
			events: []*evb{fork(200), ev(format.EvClone, 200).i("res", 0).s("exe", "-bash").i("tid", 200).i("pid", 200).i("ptid", 100).s("comm", "bash").i("flags", 0)},
			want:   map[string]string{"proc.name": "bash", "proc.ppid": "100", "fd.name": "<NA>", "proc.cwd": "/home/alice/"},
		},
		{
			name:   "vfork child adds itself",
			events: []*evb{ev(format.EvVfork, 200).i("res", 0).s("exe", "-bash").i("tid", 200).i("pid", 200).i("ptid", 100).s("comm", "bash").i("flags", 0).i("uid", 1000).i("gid", 1000)},
			want:   map[string]string{"proc.name": "bash", "proc.ppid": "100", "proc.pname": "bash", "proc.cwd": "/home/alice/", "user.uid": "1000"},
		},
		{
			name: "execve replaces the image",
			events: []*evb{
				fork(200),
				exec(200, "/usr/bin/cat", "cat", "/etc/shadow"),
			},
			want: map[string]string{
				"proc.name": "cat", "proc.exe": "/usr/bin/cat", "proc.exepath": "/usr/bin/cat", "proc.cmdline": "cat /etc/shadow",
				"proc.args": "/etc/shadow", "proc.args[0]": "/etc/shadow", "proc.args[1]": "", "proc.pname": "bash",
				"proc.pcmdline": "bash", "proc.env[LD_PRELOAD]": "/tmp/x.so", "proc.env": "HOME=/home/alice LD_PRELOAD= /tmp/x.so ",
				"proc.cmdnargs": "1", "proc.cmdlenargs": "11", "proc.exeline": "/usr/bin/cat /etc/shadow", "proc.is_vpgid_leader": "true",
				"evt.res": "SUCCESS", "proc.acmdline[1]": "bash", "proc.acmdline[2]": "sshd alice [priv]",
			},
		},
		{
			name: "execve closes close-on-exec fds",
			events: []*evb{
				ev(format.EvOpen, 100).i("fd", 3).s("name", "/tmp/secret").i("flags", oRdonly|oCloexec),
				ev(format.EvOpen, 100).i("fd", 4).s("name", "/tmp/kept").i("flags", oRdonly),
				exec(100, "/usr/bin/ls", "ls"),
				ev(format.EvRead, 100).i("res", 0).i("fd", 3).i("size", 1),
			},
			want: map[string]string{"fd.name": "", "proc.name": "ls", "fd.types[4]": "file", "fd.types[255]": "<NA>"},
		},
		{
			name:   "failed execve changes nothing",
			events: []*evb{ev(format.EvExecve, 100).i("res", -2).s("exe", "/nope").i("tid", 100).i("pid", 100).i("ptid", 50)},
			want:   map[string]string{"proc.name": "bash", "evt.res": "ENOENT"},
		},
		{
			name: "threads share the fd table",
			events: []*evb{
				ev(format.EvClone, 100).i("res", 101).s("exe", "-bash").i("tid", 100).i("pid", 100).i("ptid", 50).s("comm", "bash").i("flags", cloneThread|cloneFiles|cloneFS).i("uid", 1000).i("gid", 1000),
				ev(format.EvOpen, 101).i("fd", 5).s("name", "/var/log/app.log").i("flags", oWronly),
				ev(format.EvWrite, 100).i("res", 1).i("fd", 5).i("size", 1),
			},
			want: map[string]string{"fd.name": "/var/log/app.log", "thread.tid": "100", "proc.pid": "100"},
		},
		{
			name: "a thread is not the main thread",
			events: []*evb{
				ev(format.EvClone, 100).i("res", 101).s("exe", "-bash").i("tid", 100).i("pid", 100).i("ptid", 50).s("comm", "bash").i("flags", cloneThread).i("uid", 1000).i("gid", 1000),
				ev(format.EvRead, 101).i("res", 1).i("fd", 0).i("size", 1),
			},
			want: map[string]string{"thread.ismain": "false", "thread.tid": "101", "proc.pid": "100", "proc.ppid": "50", "proc.pname": "sshd", "fd.name": "/dev/pts/0"},
		},
		{
			name: "orphans go to init",
			events: []*evb{
				fork(200),
				ev(format.EvClone, 200).i("res", 300).s("exe", "-bash").i("tid", 200).i("pid", 200).i("ptid", 100).s("comm", "bash").i("flags", 0),
				ev(format.EvProcexit, 200).i("status", 0),
				ev(format.EvRead, 300).i("res", 1).i("fd", 0).i("size", 1),
			},
			// libsinsp's find_new_reaper: init's thread group is a reaper.
			want: map[string]string{"proc.ppid": "1", "proc.pname": "systemd", "proc.aname": "[systemd]"},
		},
		{
			name: "orphans go to a child subreaper",
			events: []*evb{
				ev(format.EvPrctl, 100).i("res", 0).i("option", prSetChildSubreaper).i("arg2_int", 1),
				fork(200),
				ev(format.EvClone, 200).i("res", 300).s("exe", "-bash").i("tid", 200).i("pid", 200).i("ptid", 100).s("comm", "bash").i("flags", 0),
				ev(format.EvProcexit, 200).i("status", 0),
				ev(format.EvRead, 300).i("res", 1).i("fd", 0).i("size", 1),
			},
			want: map[string]string{"proc.ppid": "100", "proc.pname": "bash"},
		},
		{
			name: "orphans go to the kernel's reaper",
			events: []*evb{
				fork(200),
				ev(format.EvClone, 200).i("res", 300).s("exe", "-bash").i("tid", 200).i("pid", 200).i("ptid", 100).s("comm", "bash").i("flags", 0),
				ev(format.EvProcexit, 200).i("status", 0).i("reaper_tid", 1),
				ev(format.EvRead, 300).i("res", 1).i("fd", 0).i("size", 1),
			},
			want: map[string]string{"proc.ppid": "1", "proc.pname": "systemd"},
		},
		{
			name: "exited thread stays for its late events",
			events: []*evb{
				fork(200),
				ev(format.EvProcexit, 200).i("status", 0),
				ev(format.EvRead, 200).i("res", 1).i("fd", 0).i("size", 1),
			},
			want: map[string]string{"proc.name": "bash", "proc.ppid": "100"},
		},
		{
			name: "chdir and fchdir",
			events: []*evb{
				ev(format.EvChdir, 100).i("res", 0).s("path", "../bob/"),
				ev(format.EvOpenat, 100).i("fd", 3).i("dirfd", atFDCWD).s("name", "/srv/www").i("flags", oDir),
				ev(format.EvFchdir, 100).i("res", 0).i("fd", 3),
				ev(format.EvOpen, 100).i("fd", 4).s("name", "index.html").i("flags", oRdonly),
			},
			want: map[string]string{"proc.cwd": "/srv/www/", "fd.name": "/srv/www/index.html"},
		},
		{
			name:   "setuid changes the user",
			events: []*evb{ev(format.EvSetuid, 100).i("res", 0).i("uid", 0)},
			want:   map[string]string{"user.uid": "0", "user.name": "root", "user.homedir": "/root", "user.loginuid": "1000", "user.loginname": "alice", "evt.arg.uid": "root", "evt.args": "res=0 uid=0(root)"},
		},
		{
			name:   "failed setuid keeps the user",
			events: []*evb{ev(format.EvSetuid, 100).i("res", -1).i("uid", 0)},
			want:   map[string]string{"user.uid": "1000", "user.name": "alice"},
		},
		{
			name:   "setresuid sets the effective uid",
			events: []*evb{ev(format.EvSetresuid, 100).i("res", 0).i("ruid", int64(format.NoID)).i("euid", 4242).i("suid", int64(format.NoID))},
			want:   map[string]string{"user.uid": "4242", "user.name": "<NA>", "user.homedir": "<NA>", "user.shell": "<NA>", "evt.arg.ruid": "<NONE>"},
		},
		{
			name:   "setgid",
			events: []*evb{ev(format.EvSetgid, 100).i("res", 0).i("gid", 0)},
			want:   map[string]string{"group.gid": "0", "group.name": "root"},
		},
		{
			name:   "capset",
			events: []*evb{ev(format.EvCapset, 100).i("res", 0).i("cap_inheritable", 0).i("cap_permitted", 1<<21|1).i("cap_effective", 1<<21)},
			want:   map[string]string{"thread.cap_permitted": "CAP_CHOWN CAP_SYS_ADMIN", "thread.cap_effective": "CAP_SYS_ADMIN", "thread.cap_inheritable": ""},
		},
		{
			name:   "unshare into a user namespace grants every capability",
			events: []*evb{ev(format.EvUnshare, 100).i("res", 0).i("flags", cloneNewUser)},
			want:   map[string]string{"thread.cap_effective": string(appendCaps(nil, maxCaps))},
		},
		{
			name:   "setsid",
			events: []*evb{ev(format.EvSetsid, 100).i("res", 100)},
			want:   map[string]string{"proc.sid": "100", "proc.is_sid_leader": "true"},
		},
		{
			name:   "setpgid",
			events: []*evb{fork(200), ev(format.EvSetpgid, 200).i("res", 0).i("pid", 0).i("pgid", 0)},
			want:   map[string]string{"proc.pgid": "200", "proc.vpgid": "200", "proc.is_pgid_leader": "true"},
		},
		{
			name:   "unknown thread",
			events: []*evb{ev(format.EvRead, 999).i("res", 1).i("fd", 0).i("size", 1)},
			want:   map[string]string{"proc.name": "<NA>", "proc.exe": "<NA>", "user.uid": "4294967295", "user.name": "<NA>", "proc.pname": "<NA>", "thread.tid": "999"},
		},
		{
			name: "exec of a thread never seen is attached to its parent",
			events: []*evb{
				exec(777, "/usr/bin/id", "id"),
			},
			want: map[string]string{"proc.name": "id", "proc.pname": "bash", "proc.ppid": "100", "proc.cwd": "/home/alice/", "fd.types[0]": "<NA>"},
		},
		{
			name: "memfd execution",
			events: []*evb{
				fork(200),
				exec(200, "/proc/self/fd/3", "3").i("flags", execFromMemfd),
			},
			want: map[string]string{"proc.is_exe_from_memfd": "true", "proc.is_exe_upper_layer": "false"},
		},
	})
}

func TestUsersAndContainers(t *testing.T) {
	ctrID := "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"
	runStateCases(t, []stateCase{
		{
			name: "useradded resolves a new user",
			events: []*evb{
				ev(format.EvUseradded, 0).i("uid", 1001).i("gid", 1001).s("name", "bob").s("home", "/home/bob").s("shell", "/bin/zsh").s("container_id", ""),
				ev(format.EvSetuid, 100).i("res", 0).i("uid", 1001),
			},
			want: map[string]string{"user.name": "bob", "user.shell": "/bin/zsh"},
		},
		{
			name: "groupadded",
			events: []*evb{
				ev(format.EvGroupadded, 0).i("gid", 27).s("name", "sudo").s("container_id", ""),
				ev(format.EvSetgid, 100).i("res", 0).i("gid", 27),
			},
			want: map[string]string{"group.name": "sudo"},
		},
		{
			name:   "host process",
			events: []*evb{ev(format.EvRead, 100).i("res", 1).i("fd", 0).i("size", 1)},
			want:   map[string]string{"container.id": "host", "container.name": "host", "container.image": "<NA>", "container.privileged": "<NA>"},
		},
		{
			name: "container from the cgroup and its meta event",
			events: []*evb{
				ev(format.EvContainer, 0).s("json", `{"container":{"id":"3ad7b26ded6d","full_id":"`+ctrID+`","name":"web","image":"docker.io/library/nginx:1.25","type":0,"privileged":true,"Mounts":[{"Source":"/var/run/docker.sock","Destination":"/var/run/docker.sock","Mode":"","RW":true,"Propagation":"rprivate"},{"Source":"/etc","Destination":"/host/etc","Mode":"ro","RW":false,"Propagation":""}],"labels":{"io.kubernetes.pod.name":"web-0","io.kubernetes.pod.namespace":"prod"}}}`),
				ev(format.EvClone, 4000).i("res", 0).s("exe", "nginx").i("tid", 4000).i("pid", 4000).i("ptid", 100).s("comm", "nginx").i("flags", cloneChildInPidNS).
					i("vtid", 1).i("vpid", 1).raw("cgroups", list("cpu=/docker/"+ctrID, "memory=/docker/"+ctrID)).i("pidns_init_start_ts", 1_700_000_000_000_000_001),
			},
			want: map[string]string{
				"container.id": "3ad7b26ded6d", "container.full_id": ctrID, "container.name": "web",
				"container.image": "docker.io/library/nginx:1.25", "container.image.repository": "docker.io/library/nginx",
				"container.image.tag": "1.25", "container.privileged": "true", "container.type": "docker",
				"container.mount.dest[/var/run/docker.sock]": "/var/run/docker.sock", "container.mount.dest[/e*]": "/host/etc",
				"container.mount.source[/host/*]": "/etc", "container.mount[1]": "/etc:/host/etc:ro:false:",
				"container.mounts":             "/var/run/docker.sock:/var/run/docker.sock::true:rprivate,/etc:/host/etc:ro:false:",
				"container.mount.dest[/proc*]": "<NA>", "k8s.pod.name": "<NA>", "k8s.ns.name": "<NA>", // no pod sandbox
				"proc.vpid": "1", "thread.vtid": "1", "thread.cgroup.cpu": "/docker/" + ctrID, "container.start_ts": "1700000000000000001",
			},
		},
	})
}

func TestExitedThreadsArePurged(t *testing.T) {
	th := newTestHost(t, baseSnapshot())
	start := testClock + 1e9
	for i := range int64(200) {
		tid := 1000 + i
		th.apply(
			ev(format.EvClone, 100).at(start+i*1e6).i("res", tid).s("exe", "sh").i("tid", 100).i("pid", 100).i("ptid", 50).s("comm", "sh").i("flags", 0),
			ev(format.EvOpen, tid).at(start+i*1e6+1).i("fd", 3).s("name", "/tmp/x").i("flags", oRdonly),
			ev(format.EvProcexit, tid).at(start+i*1e6+2).i("status", 0),
		)
	}
	if n := len(th.h.threads); n < 200 {
		t.Fatalf("threads right after the exits = %d, want the exited ones kept for the grace period", n)
	}
	th.apply(ev(format.EvRead, 100).at(start+200*1e6+exitGrace+2*purgeInterval).i("res", 0).i("fd", 0).i("size", 1))
	if n := len(th.h.threads); n != 3 {
		t.Fatalf("threads after the grace period = %d, want the 3 live ones", n)
	}
	if n := len(th.h.groups); n != 3 {
		t.Fatalf("process groups after the grace period = %d, want 3", n)
	}
	if len(th.h.fdPool) == 0 {
		t.Errorf("the exited processes' fds were not recycled")
	}
}

func TestScapEnterExitPairs(t *testing.T) {
	th := newTestHost(t, baseSnapshot())
	th.apply(ev(format.EvOpen, 100).i("fd", 3).s("name", "/etc/hosts").i("flags", oRdonly))
	th.apply(ev(format.EvRead, 100).enter().i("fd", 3).i("size", 100))
	th.check(map[string]string{"evt.dir": ">", "fd.name": "/etc/hosts", "fd.num": "3", "evt.res": "<NA>", "evt.args": "fd=3(<f>/etc/hosts) size=100"})
	// The exit of a .scap pair carries its enter arguments too.
	th.apply(ev(format.EvRead, 100).i("res", 10).raw("data", []byte("127.0.0.1\n")).i("fd", 3).i("size", 100))
	th.check(map[string]string{"evt.dir": "<", "fd.name": "/etc/hosts", "evt.arg.data": "127.0.0.1.", "evt.buflen": "10"})
	th.apply(ev(format.EvOpen, 100).enter().s("name", "/etc/x").i("flags", oRdonly))
	th.check(map[string]string{"fd.num": "-1", "fd.name": "<NA>", "fd.typechar": "f"})
}

func TestForkSharesFDsUntilChanged(t *testing.T) {
	fork := ev(format.EvClone, 100).i("res", 200).s("exe", "-bash").i("tid", 100).i("pid", 100).i("ptid", 50).s("comm", "bash").i("flags", 0)
	th := newTestHost(t, baseSnapshot())
	th.apply(
		ev(format.EvOpen, 100).i("fd", 3).s("name", "/var/log/app.log").i("flags", oWronly),
		fork,
		// The parent marks its fd 3 close-on-exec and closes fd 1; the
		// child's table must not change.
		ev(format.EvFcntl, 100).i("res", 0).i("fd", 3).i("cmd", fcntlSetfd).i("arg", 1),
		ev(format.EvClose, 100).i("res", 0).i("fd", 1),
		ev(format.EvExecve, 200).i("res", 0).s("exe", "/usr/bin/logger").s("comm", "logger").i("tid", 200).i("pid", 200).i("ptid", 100),
		ev(format.EvWrite, 200).i("res", 1).i("fd", 3).i("size", 1),
	)
	th.check(map[string]string{"fd.name": "/var/log/app.log", "proc.stdout.name": "/dev/pts/0", "proc.name": "logger"})
	// The parent's exec drops its fd 3 (now close-on-exec).
	th.apply(
		ev(format.EvExecve, 100).i("res", 0).s("exe", "/usr/bin/true").s("comm", "true").i("tid", 100).i("pid", 100).i("ptid", 50),
		ev(format.EvWrite, 100).i("res", -9).i("fd", 3).i("size", 1),
	)
	th.check(map[string]string{"fd.name": "", "proc.stdout.name": "<NA>"})
}
