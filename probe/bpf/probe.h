/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * The records Peregrine's probe writes to its ring buffer. bpf2go generates
 * the Go declarations of these types from the object's BTF (-type), so this
 * file is the only place the layout is written down.
 *
 * A record is an event_header followed by nblobs blobs. A blob is a
 * blob_header and len bytes of data, padded to 8 bytes, so every blob's
 * data starts 8-byte aligned. Which blobs a record carries depends on the
 * syscall; blobs are found by tag, never by position.
 */
#ifndef PEREGRINE_PROBE_H
#define PEREGRINE_PROBE_H

/* Record kinds (event_header.kind). */
enum record_kind {
	KIND_SYSCALL = 1,    /* a syscall exit; nr is the native syscall number */
	KIND_EXEC = 2,       /* a successful execve/execveat (from sched_process_exec) */
	KIND_FORK_CHILD = 3, /* the child side of a clone/fork (from sched_process_fork) */
	KIND_EXIT = 4,       /* a thread exited (from sched_process_exit) */
};

/* Blob tags (blob_header.tag). */
enum blob_tag {
	TAG_STR0 = 1,       /* user string at syscall argument 0 */
	TAG_STR1 = 2,       /* ... argument 1 */
	TAG_STR2 = 3,       /* ... argument 2 */
	TAG_STR3 = 4,       /* ... argument 3 */
	TAG_DATA = 8,       /* I/O payload, at most snaplen bytes */
	TAG_SOCKADDR = 9,   /* the user's struct sockaddr, raw */
	TAG_SOCK = 10,      /* struct sock_info of the syscall's socket */
	TAG_SOCK_LISTEN = 11, /* struct sock_info of the listening socket (accept) */
	TAG_FILE = 12,      /* struct file_info of the fd returned */
	TAG_FDPAIR = 13,    /* struct fd_pair (pipe, pipe2, socketpair) */
	TAG_PROC = 14,      /* struct proc_info of the task */
	TAG_ARGS = 15,      /* argv, NUL-separated */
	TAG_ENV = 16,       /* environment, NUL-separated */
	TAG_CWD = 17,       /* current directory, resolved in the kernel */
	TAG_EXEPATH = 18,   /* full path of the executable file */
	TAG_FILENAME = 19,  /* the path execve was given */
	TAG_CGROUP = 20,    /* "subsys=path" entries, NUL-separated */
	TAG_USTRUCT = 21,   /* a small user struct, raw (open_how, clone_args, io_uring_params, loff_t) */
};

/* file_info.flags bits. */
enum file_flag {
	FILE_UPPER_LAYER = 1, /* on an overlayfs upper layer */
	FILE_LOWER_LAYER = 2, /* on an overlayfs lower layer */
	FILE_CREATED = 4,     /* the open created the file */
};

/* proc_info.exe_flags bits; the values of Falco's PPM_EXE_*. */
enum exe_flag {
	EXE_WRITABLE = 1,
	EXE_UPPER_LAYER = 2,
	EXE_FROM_MEMFD = 4,
	EXE_LOWER_LAYER = 8,
};

struct event_header {
	__u64 ts;      /* CLOCK_BOOTTIME, ns */
	__s64 ret;     /* return value; exit_code for KIND_EXIT */
	__u64 args[6]; /* syscall arguments as read from pt_regs at exit */
	__u32 tid;
	__u32 pid;     /* thread group id */
	__u32 len;     /* bytes in the record, header included */
	__u16 kind;    /* enum record_kind */
	__u16 nr;      /* native syscall number (also for KIND_EXEC, KIND_FORK_CHILD) */
	__u16 cpu;
	__u16 nblobs;
	__u32 reserved;
};

struct blob_header {
	__u16 tag; /* enum blob_tag */
	__u16 len; /* data bytes, without padding */
	__u32 reserved;
};

/* A task's process context, as of the event. */
struct proc_info {
	__u64 cap_inheritable;
	__u64 cap_permitted;
	__u64 cap_effective;
	__u64 exe_ino;
	__u64 exe_ctime;        /* ns since the epoch */
	__u64 exe_mtime;
	__u64 start_time;       /* CLOCK_BOOTTIME ns of the task's creation */
	__u64 pidns_init_start; /* CLOCK_BOOTTIME ns of the pid namespace's init */
	__u64 fdlimit;
	__u64 pgft_maj;
	__u64 pgft_min;
	__u32 pidns;            /* namespace inode numbers */
	__u32 mntns;
	__u32 netns;
	__u32 ppid;             /* real parent's thread group id */
	__u32 vtid;             /* ids in the task's own pid namespace */
	__u32 vpid;
	__u32 sid;
	__u32 pgid;
	__u32 vpgid;
	__u32 uid;
	__u32 gid;
	__u32 euid;
	__u32 egid;
	__u32 suid;
	__u32 sgid;
	__u32 fsuid;
	__u32 fsgid;
	__u32 loginuid;
	__u32 tty;              /* as /proc/PID/stat's tty_nr */
	__u32 exe_flags;        /* enum exe_flag */
	__u32 vm_size;          /* kB */
	__u32 vm_rss;           /* kB */
	__u32 vm_swap;          /* kB */
	__u32 clone_flags;      /* KIND_FORK_CHILD: the raw clone flags */
	char comm[16];
};

/* A socket, as the kernel sees it. Addresses are in network byte order,
 * ports in host order. */
struct sock_info {
	__u64 sk;        /* kernel address of the socket (unix tuples use it as an id) */
	__u64 peer;      /* kernel address of the unix peer, or 0 */
	__u8 laddr[16];  /* local address (IPv4 in the first 4 bytes) */
	__u8 raddr[16];  /* remote address */
	__u16 family;    /* kernel AF_* */
	__u16 lport;
	__u16 rport;
	__u16 proto;     /* IPPROTO_* */
	__u16 type;      /* SOCK_* */
	__u8 state;      /* TCP_* (10 is TCP_LISTEN) */
	__u8 reserved;
	__u32 ack_backlog;
	__u32 max_ack_backlog;
	__u16 lpath_len; /* unix: bytes of lpath/rpath used */
	__u16 rpath_len;
	char lpath[108]; /* unix: the local address (sun_path, abstract names start with NUL) */
	char rpath[108]; /* unix: the peer's address */
};

/* The file behind a returned fd. */
struct file_info {
	__u64 ino;
	__u32 dev;   /* as new_encode_dev, the st_dev userspace sees */
	__u32 flags; /* enum file_flag */
};

/* The two fds of pipe, pipe2 and socketpair. */
struct fd_pair {
	__s32 fd[2];
	__u64 ino;   /* pipe: inode of the pipe */
	__u64 sk[2]; /* socketpair: kernel addresses of the two sockets */
};

/* Per-CPU counters, read by the recorder. */
struct counters {
	__u64 events; /* records written to the ring buffer */
	__u64 drops;  /* records lost because the ring buffer was full */
	__u64 truncated; /* records whose blobs did not all fit */
	__u64 unfollowed; /* forks of followed processes left out: the followed map was full */
};

#endif
