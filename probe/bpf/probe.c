//go:build ignore

/* SPDX-License-Identifier: (GPL-2.0-only OR MIT) */
/*
 * Peregrine's probe: one record per syscall, at exit, with the entry
 * arguments read from pt_regs and the return value, plus process lifecycle
 * records from the scheduler tracepoints.
 *
 * sys_exit is a dispatcher: it tail-calls syscall_progs[nr]. The loader puts
 * a program there for each recorded syscall, so that table is also the
 * in-kernel selection (--syscalls): a syscall without an entry costs one
 * failed tail call. Each program fills a per-CPU scratch record and copies
 * it to the ring buffer with BPF_RB_NO_WAKEUP; the reader is woken only when
 * the buffer holds wakeup_bytes, and polls on a timer otherwise, so it reads
 * in batches instead of once per event.
 *
 * Raw kernel values (flags, families) are recorded as they are; the
 * recorder converts them to Falco's portable encoding.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "probe.h"

char LICENSE[] SEC("license") = "Dual MIT/GPL";

/* Sizes. BUF_SIZE bounds a record; the scratch area is twice that so the
 * verifier can prove every masked write stays inside it. */
#define BUF_SIZE (1 << 16)
#define BUF_MASK (BUF_SIZE - 1)
#define PATH_SIZE 4096
#define PATH_MASK (PATH_SIZE - 1)
#define MAX_ARGS 4096       /* argv bytes */
#define MAX_ENV 4096        /* environment bytes */
#define MAX_ARGV 64         /* argv entries read from a failed execve */
#define MAX_SNAPLEN 16384   /* largest I/O payload per record */
#define MAX_IOV 8           /* iovecs read for readv/writev/sendmsg/recvmsg */
#define MAX_COMPONENTS 48   /* path components walked */
#define MAX_SOCKADDR 128
#define BLOB_HDR 8

#define MAX_SYSCALLS 512
#define PF_KTHREAD 0x00200000
#define TS_COMPAT 0x0002
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define OVERLAYFS_SUPER_MAGIC 0x794c7630
#define FMODE_CREATED 0x100000
#define PROT_EXEC 0x4
#define F_DUPFD 0
#define F_DUPFD_CLOEXEC 1030
#define PR_SET_NAME 15
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10

/* Settings, fixed at load time (the verifier prunes what they disable). */
const volatile __u32 self_tgid = 0;     /* the recorder: never recorded */
const volatile __u32 snaplen = 0;       /* I/O payload bytes to keep, 0 for none */
const volatile __u8 no_env = 0;         /* leave the environment out of exec records */
const volatile __u8 container_only = 0; /* only tasks outside host_mntns */
const volatile __u32 host_mntns = 0;
const volatile __u64 wakeup_bytes = 1 << 20; /* wake the reader at this fill level */
const volatile __u32 nr_clone3 = 435;            /* clone3's native number */
const volatile __u8 follow = 0;          /* only tasks of followed thread groups */

/* Set at run time (Probe.FollowForksOf): a thread of the recorder whose
 * forks are followed, 0 for none. The recorder starts a command to record
 * from that thread. */
volatile __u32 follow_forks_of = 0;

struct scratch {
	__u32 off;    /* bytes of data used */
	__u32 nblobs;
	__u8 data[2 * BUF_SIZE];
	__u8 path[2 * PATH_SIZE]; /* paths are assembled backwards here */
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20); /* the loader sets --buffer-size */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* the loader sets the number of possible CPUs */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct counters);
} counters_map SEC(".maps");

/* The followed thread groups (follow): filled by the loader with the
 * processes to follow, then by sched_fork with every process a followed one
 * forks, whatever it is later reparented to; sched_exit removes a group
 * when its last thread exits. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1 << 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);  /* tgid */
	__type(value, __u8);
} followed SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, MAX_SYSCALLS);
	__type(key, __u32);
	__type(value, __u32);
} syscall_progs SEC(".maps");

/* Make the record types part of the object's BTF for bpf2go -type. */
const struct event_header *unused_event_header __attribute__((unused));
const struct blob_header *unused_blob_header __attribute__((unused));
const struct proc_info *unused_proc_info __attribute__((unused));
const struct sock_info *unused_sock_info __attribute__((unused));
const struct file_info *unused_file_info __attribute__((unused));
const struct fd_pair *unused_fd_pair __attribute__((unused));
const struct counters *unused_counters __attribute__((unused));
const enum record_kind *unused_record_kind __attribute__((unused));
const enum blob_tag *unused_blob_tag __attribute__((unused));
const enum file_flag *unused_file_flag __attribute__((unused));
const enum exe_flag *unused_exe_flag __attribute__((unused));

/* ---------------------------------------------------------------------
 * Architecture: syscall number and arguments from pt_regs at exit.
 */
#if defined(__TARGET_ARCH_x86)
#define REG_NR(r) ((r)->orig_ax)
#define REG_ARG0(r) ((r)->di)
#define REG_ARG1(r) ((r)->si)
#define REG_ARG2(r) ((r)->dx)
#define REG_ARG3(r) ((r)->r10)
#define REG_ARG4(r) ((r)->r8)
#define REG_ARG5(r) ((r)->r9)
#elif defined(__TARGET_ARCH_arm64)
/* vmlinux.h describes x86; CO-RE matches this flavour to arm64's pt_regs. */
struct pt_regs___peregrine_arm64 {
	unsigned long regs[31];
	unsigned long orig_x0;
	int syscallno;
} __attribute__((preserve_access_index));
#define A64(r) ((struct pt_regs___peregrine_arm64 *)(r))
#define REG_NR(r) (A64(r)->syscallno)
#define REG_ARG0(r) (A64(r)->orig_x0) /* x0 holds the return value at exit */
#define REG_ARG1(r) (A64(r)->regs[1])
#define REG_ARG2(r) (A64(r)->regs[2])
#define REG_ARG3(r) (A64(r)->regs[3])
#define REG_ARG4(r) (A64(r)->regs[4])
#define REG_ARG5(r) (A64(r)->regs[5])
#else
#error "unsupported architecture: build with -target amd64 or arm64"
#endif

/* ---------------------------------------------------------------------
 * Scratch record and blobs.
 */

/* MASK(v, m) is v & m, computed where it is used: clang drops masks it
 * can prove redundant, and the verifier then loses the bound. */
#define MASK(v, m)                                              \
	({                                                      \
		__u64 __v = (v);                                \
		asm volatile("%0 &= %1" : "+r"(__v) : "i"(m));  \
		__v;                                            \
	})

static __always_inline struct scratch *get_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_map, &cpu);
}

static __always_inline struct counters *get_counters(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&counters_map, &zero);
}

static __always_inline void count_truncated(void)
{
	struct counters *c = get_counters();
	if (c)
		c->truncated++;
}

/* blob_room returns where a blob of at most max bytes would start, or -1
 * when the record has no room for it. max must be a constant. */
static __always_inline long blob_room(struct scratch *s, __u32 max)
{
	__u32 off = s->off;
	if (off > BUF_SIZE - BLOB_HDR - max) {
		count_truncated();
		return -1;
	}
	return off + BLOB_HDR;
}

static __always_inline void blob_end(struct scratch *s, long start, __u16 tag, __u32 len)
{
	struct blob_header *bh = (void *)&s->data[MASK(start - BLOB_HDR, BUF_MASK)];
	bh->tag = tag;
	bh->len = len;
	bh->reserved = 0;
	s->off = start + ((len + 7) & ~7);
	s->nblobs++;
}

static __always_inline void *blob_ptr(struct scratch *s, long start)
{
	return &s->data[MASK(start, BUF_MASK)];
}

/* put_user_str stores the NUL-terminated user string at p (an empty blob
 * for NULL). */
static __always_inline void put_user_str(struct scratch *s, __u16 tag, unsigned long p)
{
	long start = blob_room(s, PATH_SIZE);
	if (start < 0)
		return;
	long n = 0;
	if (p) {
		n = bpf_probe_read_user_str(blob_ptr(s, start), PATH_SIZE, (const void *)p);
		n = n > 0 ? n - 1 : 0;
	}
	blob_end(s, start, tag, n & PATH_MASK);
}

/* put_user_bytes stores len bytes of user memory at p, at most max. */
static __always_inline void put_user_bytes(struct scratch *s, __u16 tag, unsigned long p,
					   __u64 len, __u32 max)
{
	long start = blob_room(s, max);
	if (start < 0)
		return;
	if (len > max)
		len = max;
	if (!p || bpf_probe_read_user(blob_ptr(s, start), len, (const void *)p) < 0)
		len = 0;
	blob_end(s, start, tag, len);
}

/* put_user_iov stores up to limit bytes from an iovec array. */
static __always_inline void put_user_iov(struct scratch *s, unsigned long iovp, __u64 iovcnt,
					 __u64 limit)
{
	long start = blob_room(s, MAX_SNAPLEN);
	if (start < 0)
		return;
	if (limit > snaplen)
		limit = snaplen;
	if (limit > MAX_SNAPLEN)
		limit = MAX_SNAPLEN;
	__u32 copied = 0;
	for (int i = 0; i < MAX_IOV; i++) {
		if (i >= iovcnt || copied >= limit)
			break;
		struct iovec iov;
		if (bpf_probe_read_user(&iov, sizeof(iov), (const void *)(iovp + i * sizeof(iov))) < 0)
			break;
		__u64 chunk = iov.iov_len;
		if (chunk > limit - copied)
			chunk = limit - copied;
		if (chunk > MAX_SNAPLEN)
			chunk = MAX_SNAPLEN;
		if (bpf_probe_read_user(&s->data[MASK(start + copied, BUF_MASK)], chunk, iov.iov_base) < 0)
			break;
		copied += chunk;
		if (copied > MAX_SNAPLEN)
			break;
	}
	blob_end(s, start, TAG_DATA, copied & (2 * MAX_SNAPLEN - 1));
}

/* put_kernel_str stores the kernel string at p. */
static __always_inline void put_kernel_str(struct scratch *s, __u16 tag, const void *p)
{
	long start = blob_room(s, PATH_SIZE);
	if (start < 0)
		return;
	long n = 0;
	if (p) {
		n = bpf_probe_read_kernel_str(blob_ptr(s, start), PATH_SIZE, p);
		n = n > 0 ? n - 1 : 0;
	}
	blob_end(s, start, tag, n & PATH_MASK);
}

/* ---------------------------------------------------------------------
 * Task facts.
 */

static __always_inline __u32 task_mntns(struct task_struct *t)
{
	return BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
}

/* filtered says whether events of task t are left out. */
static __always_inline bool filtered(struct task_struct *t)
{
	if (t->tgid == self_tgid)
		return true;
#if defined(__TARGET_ARCH_x86)
	/* 32-bit syscalls have their own numbers; they are not recorded. */
	if (t->thread_info.status & TS_COMPAT)
		return true;
#endif
	if (container_only && task_mntns(t) == host_mntns)
		return true;
	if (follow) {
		__u32 tgid = t->tgid;
		if (!bpf_map_lookup_elem(&followed, &tgid))
			return true;
	}
	return false;
}

/* fork_filtered says whether a fork is left out. When following, the child
 * of a followed process (or of the recorder's follow_forks_of thread) is
 * followed from now on, and only such forks are recorded. */
static __always_inline bool fork_filtered(struct task_struct *parent, struct task_struct *child)
{
	if (!follow)
		return filtered(parent);
	__u32 ptgid = parent->tgid, ctgid = child->tgid;
	if (ctgid == self_tgid)
		return true;
	if (ptgid == self_tgid) {
		if (!follow_forks_of || parent->pid != follow_forks_of)
			return true;
	} else if (!bpf_map_lookup_elem(&followed, &ptgid)) {
		return true;
	}
	if (ctgid != ptgid) {
		__u8 one = 1;
		if (bpf_map_update_elem(&followed, &ctgid, &one, BPF_ANY) < 0) {
			struct counters *c = get_counters();
			if (c)
				c->unfollowed++;
			return true;
		}
	}
	return filtered(child);
}

/* unfollow forgets t's thread group when t is its last thread, so a
 * process that later reuses the id is not followed by mistake. */
static __always_inline void unfollow(struct task_struct *t)
{
	if (BPF_CORE_READ(t, signal, live.counter) != 0)
		return;
	__u32 tgid = t->tgid;
	bpf_map_delete_elem(&followed, &tgid);
}

static __always_inline struct file *task_fd_file(struct task_struct *t, long fd)
{
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	if (!fdt)
		return NULL;
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if (fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline __u32 encode_dev(__u32 kdev)
{
	/* kernel dev_t (major << 20 | minor) to the userspace encoding. */
	__u32 major = kdev >> 20, minor = kdev & ((1U << 20) - 1);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

/* overlay_layer returns FILE_UPPER_LAYER, FILE_LOWER_LAYER or 0. */
static __always_inline __u32 overlay_layer(struct inode *inode)
{
	if (!inode)
		return 0;
	if (BPF_CORE_READ(inode, i_sb, s_magic) != OVERLAYFS_SUPER_MAGIC)
		return 0;
	/* An overlayfs inode is the vfs inode inside struct ovl_inode, which
	 * continues with the upper dentry. */
	struct dentry *upper = NULL;
	bpf_probe_read_kernel(&upper, sizeof(upper), (void *)inode + bpf_core_type_size(struct inode));
	if (upper && BPF_CORE_READ(upper, d_inode))
		return FILE_UPPER_LAYER;
	return FILE_LOWER_LAYER;
}

/* struct inode's times across kernels: timespec64 i_ctime and i_mtime
 * before 6.6, __i_ctime from 6.6, __i_mtime from 6.7, and seconds and
 * nanoseconds apart (i_ctime_sec, i_ctime_nsec, ...) from 6.11. The
 * vmlinux.h the probe is built with has only the newest layout. */
struct inode___pre_v6_6 {
	struct timespec64 i_ctime;
	struct timespec64 i_mtime;
} __attribute__((preserve_access_index));

struct inode___v6_6 {
	struct timespec64 __i_ctime;
} __attribute__((preserve_access_index));

struct inode___v6_7 {
	struct timespec64 __i_mtime;
} __attribute__((preserve_access_index));

static __always_inline __u64 timespec_ns(struct timespec64 *ts)
{
	return (__u64)ts->tv_sec * 1000000000ULL + (__u64)ts->tv_nsec;
}

static __always_inline __u64 inode_time_ns(struct inode *inode, bool mtime)
{
	struct timespec64 ts = {};
	if (bpf_core_field_exists(inode->i_ctime_sec)) {
		__u64 sec, nsec;
		if (mtime) {
			sec = BPF_CORE_READ(inode, i_mtime_sec);
			nsec = BPF_CORE_READ(inode, i_mtime_nsec);
		} else {
			sec = BPF_CORE_READ(inode, i_ctime_sec);
			/* Since 6.13 (multigrain timestamps) the top bit of
			 * i_ctime_nsec is a flag, I_CTIME_QUERIED, not time:
			 * the kernel's inode_get_ctime_nsec() masks it. */
			nsec = BPF_CORE_READ(inode, i_ctime_nsec) & ~(1U << 31);
		}
		return sec * 1000000000ULL + nsec;
	}
	struct inode___pre_v6_6 *old = (void *)inode;
	struct inode___v6_6 *v66 = (void *)inode;
	struct inode___v6_7 *v67 = (void *)inode;
	if (mtime) {
		if (bpf_core_field_exists(v67->__i_mtime))
			BPF_CORE_READ_INTO(&ts, v67, __i_mtime);
		else if (bpf_core_field_exists(old->i_mtime))
			BPF_CORE_READ_INTO(&ts, old, i_mtime);
	} else {
		if (bpf_core_field_exists(v66->__i_ctime))
			BPF_CORE_READ_INTO(&ts, v66, __i_ctime);
		else if (bpf_core_field_exists(old->i_ctime))
			BPF_CORE_READ_INTO(&ts, old, i_ctime);
	}
	return timespec_ns(&ts);
}

static __always_inline __u32 upid_nr(struct pid *pid, unsigned int level)
{
	if (!pid)
		return 0;
	if (BPF_CORE_READ(pid, level) < level)
		return 0;
	struct upid up = {};
	bpf_core_read(&up, sizeof(up), &pid->numbers[level]);
	return up.nr;
}

/* ---------------------------------------------------------------------
 * Paths: walk dentries up to the task's root, crossing mounts, writing
 * the components backwards into s->path. The walks run under bpf_loop so
 * the verifier checks one step, not every unrolled iteration.
 */
struct path_walk {
	struct scratch *s;
	struct dentry *dentry;
	struct vfsmount *vfsmnt;
	struct mount *mnt;
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	__u32 pos;
};

static long path_step(__u64 i, void *arg)
{
	struct path_walk *w = arg;
	struct scratch *s = w->s;
	/* Copy to locals: BPF_CORE_READ(w->x, ...) would relocate w's own
	 * (local) type against the kernel's BTF. */
	struct dentry *dentry = w->dentry;
	struct vfsmount *vfsmnt = w->vfsmnt;
	struct mount *mnt = w->mnt;
	if (dentry == w->root_dentry && vfsmnt == w->root_mnt)
		return 1;
	struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
	struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
	if (dentry == mnt_root || dentry == parent) {
		if (dentry != mnt_root) {
			/* A pseudo filesystem's dentry (memfd, pipe, socket): its
			 * name alone, as d_path shows it ("/memfd:name"). */
			if (w->pos == PATH_SIZE) {
				struct qstr qn = BPF_CORE_READ(dentry, d_name);
				__u32 n = qn.len;
				if (n > 0 && n < PATH_SIZE - 1) {
					__u32 p = PATH_SIZE - n;
					bpf_probe_read_kernel(&s->path[MASK(p, PATH_MASK)], MASK(n, PATH_MASK), qn.name);
					p--;
					s->path[MASK(p, PATH_MASK)] = '/';
					w->pos = p;
				}
			}
			return 1;
		}
		struct mount *mp = BPF_CORE_READ(mnt, mnt_parent);
		if (mp == mnt)
			return 1; /* the global root */
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = mp;
		w->vfsmnt = (void *)mp + bpf_core_field_offset(struct mount, mnt);
		return 0;
	}
	struct qstr name = BPF_CORE_READ(dentry, d_name);
	__u32 len = name.len;
	__u32 pos = w->pos;
	if (len == 0 || len >= pos || pos > PATH_SIZE)
		return 1;
	pos -= len;
	bpf_probe_read_kernel(&s->path[MASK(pos, PATH_MASK)], MASK(len, PATH_MASK), name.name);
	pos--;
	s->path[MASK(pos, PATH_MASK)] = '/';
	w->pos = pos;
	w->dentry = parent;
	return 0;
}

/* put_path_at copies s->path[pos, PATH_SIZE) into a blob ("/" when empty). */
static __always_inline void put_path_at(struct scratch *s, __u16 tag, long start, __u32 pos)
{
	if (pos >= PATH_SIZE || pos == 0) {
		pos = PATH_SIZE - 1;
		s->path[MASK(pos, PATH_MASK)] = '/';
	}
	__u32 len = (PATH_SIZE - pos) & PATH_MASK;
	bpf_probe_read_kernel(blob_ptr(s, start), len, &s->path[MASK(pos, PATH_MASK)]);
	blob_end(s, start, tag, len);
}

static __always_inline void put_path(struct scratch *s, __u16 tag, struct path *p, struct task_struct *t)
{
	long start = blob_room(s, PATH_SIZE);
	if (start < 0)
		return;
	struct path_walk w = {
		.s = s,
		.dentry = BPF_CORE_READ(p, dentry),
		.vfsmnt = BPF_CORE_READ(p, mnt),
		.root_dentry = BPF_CORE_READ(t, fs, root.dentry),
		.root_mnt = BPF_CORE_READ(t, fs, root.mnt),
		.pos = PATH_SIZE,
	};
	if (!w.dentry || !w.vfsmnt) {
		blob_end(s, start, tag, 0);
		return;
	}
	w.mnt = (void *)w.vfsmnt - bpf_core_field_offset(struct mount, mnt);
	bpf_loop(MAX_COMPONENTS, path_step, &w, 0);
	put_path_at(s, tag, start, w.pos);
}

static __always_inline void put_exe_path(struct scratch *s, struct task_struct *t)
{
	struct file *exe = BPF_CORE_READ(t, mm, exe_file);
	if (!exe)
		return;
	struct path p = BPF_CORE_READ(exe, f_path);
	put_path(s, TAG_EXEPATH, &p, t);
}

static __always_inline void put_cwd(struct scratch *s, struct task_struct *t)
{
	struct path p = BPF_CORE_READ(t, fs, pwd);
	put_path(s, TAG_CWD, &p, t);
}

/* put_cgroup stores "/=" and the path of the task's cgroup in the default
 * (v2) hierarchy, and on hosts that still mount cgroup v1 the memory
 * controller's path as "memory=...", each NUL-terminated. */
/* kernfs_node.parent was renamed __parent in 6.15. */
struct kernfs_node___old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *kernfs_parent(struct kernfs_node *kn)
{
	struct kernfs_node *parent = NULL;
	if (bpf_core_field_exists(kn->__parent)) {
		BPF_CORE_READ_INTO(&parent, kn, __parent);
	} else {
		struct kernfs_node___old *old = (void *)kn;
		if (bpf_core_field_exists(old->parent))
			BPF_CORE_READ_INTO(&parent, old, parent);
	}
	return parent;
}

struct cgroup_walk {
	struct scratch *s;
	struct kernfs_node *kn;
	__u32 pos;
};

static long cgroup_step(__u64 i, void *arg)
{
	struct cgroup_walk *w = arg;
	struct scratch *s = w->s;
	struct kernfs_node *kn = w->kn;
	struct kernfs_node *parent = kernfs_parent(kn);
	if (!parent)
		return 1;
	/* Names are read into the spare half of s->path, then placed. */
	long n = bpf_probe_read_kernel_str(&s->path[PATH_SIZE], 256, BPF_CORE_READ(kn, name));
	if (n <= 1)
		return 1;
	__u32 len = n - 1;
	__u32 pos = w->pos;
	if (len >= pos || pos > PATH_SIZE)
		return 1;
	pos -= len;
	bpf_probe_read_kernel(&s->path[MASK(pos, PATH_MASK)], len & 255, &s->path[PATH_SIZE]);
	pos--;
	s->path[MASK(pos, PATH_MASK)] = '/';
	w->pos = pos;
	w->kn = parent;
	return 0;
}

/* put_cgroup_entry appends prefix, the cgroup path of kn and a NUL to the
 * blob at start, which has *used bytes. */
static __always_inline void put_cgroup_entry(struct scratch *s, long start, __u32 *used,
					     const char *prefix, __u32 plen, struct kernfs_node *kn)
{
	struct cgroup_walk w = {.s = s, .kn = kn, .pos = PATH_SIZE};
	bpf_loop(MAX_COMPONENTS, cgroup_step, &w, 0);
	__u32 pos = w.pos;
	if (pos >= PATH_SIZE || pos == 0) {
		pos = PATH_SIZE - 1;
		s->path[MASK(pos, PATH_MASK)] = '/';
	}
	__u32 len = (PATH_SIZE - pos) & PATH_MASK;
	__u32 u = *used;
	if (u + plen + len + 1 > PATH_SIZE)
		return;
	bpf_probe_read_kernel(&s->data[MASK(start + u, BUF_MASK)], plen & 15, prefix);
	u += plen;
	bpf_probe_read_kernel(&s->data[MASK(start + u, BUF_MASK)], len, &s->path[MASK(pos, PATH_MASK)]);
	u += len;
	s->data[MASK(start + u, BUF_MASK)] = 0;
	u++;
	*used = u & (2 * PATH_SIZE - 1);
}

static __always_inline void put_cgroups(struct scratch *s, struct task_struct *t)
{
	long start = blob_room(s, PATH_SIZE * 2);
	if (start < 0)
		return;
	__u32 used = 0;
	struct css_set *cs = BPF_CORE_READ(t, cgroups);
	struct kernfs_node *kn = BPF_CORE_READ(cs, dfl_cgrp, kn);
	if (kn)
		put_cgroup_entry(s, start, &used, "/=", 2, kn);
	int memid = bpf_core_enum_value(enum cgroup_subsys_id, memory_cgrp_id);
	if (memid >= 0 && memid < 16) {
		struct cgroup *cg = BPF_CORE_READ(cs, subsys[memid], cgroup);
		struct cgroup_root *root = BPF_CORE_READ(cg, root);
		struct cgroup *dfl = BPF_CORE_READ(cs, dfl_cgrp);
		struct cgroup_root *dflroot = BPF_CORE_READ(dfl, root);
		if (cg && root != dflroot)
			put_cgroup_entry(s, start, &used, "memory=", 7, BPF_CORE_READ(cg, kn));
	}
	blob_end(s, start, TAG_CGROUP, used & (2 * PATH_SIZE - 1));
}

/* put_mm_area stores user memory [from, to) of the current mm, at most max. */
static __always_inline void put_mm_area(struct scratch *s, __u16 tag, unsigned long from,
					unsigned long to)
{
	long start = blob_room(s, MAX_ARGS);
	if (start < 0)
		return;
	__u64 len = to > from ? to - from : 0;
	if (len > MAX_ARGS)
		len = MAX_ARGS;
	if (len && bpf_probe_read_user(blob_ptr(s, start), len, (const void *)from) < 0)
		len = 0;
	blob_end(s, start, tag, len);
}

/* put_user_argv stores a NULL-terminated user array of strings,
 * NUL-separated (argv or envp of a failed execve). */
struct argv_walk {
	struct scratch *s;
	unsigned long argv;
	long start;
	__u32 used;
};

static long argv_step(__u64 i, void *arg)
{
	struct argv_walk *w = arg;
	struct scratch *s = w->s;
	unsigned long p = 0;
	if (bpf_probe_read_user(&p, sizeof(p), (const void *)(w->argv + i * sizeof(p))) < 0 || !p)
		return 1;
	__u32 used = w->used;
	if (used >= MAX_ARGS)
		return 1;
	long n = bpf_probe_read_user_str(&s->data[MASK(w->start + used, BUF_MASK)], MAX_ARGS, (const void *)p);
	if (n <= 0)
		return 1;
	w->used = used + n;
	return 0;
}

static __always_inline void put_user_argv(struct scratch *s, __u16 tag, unsigned long argv)
{
	long start = blob_room(s, 2 * MAX_ARGS);
	if (start < 0)
		return;
	struct argv_walk w = {.s = s, .argv = argv, .start = start, .used = 0};
	if (argv)
		bpf_loop(MAX_ARGV, argv_step, &w, 0);
	blob_end(s, start, tag, w.used & (2 * MAX_ARGS - 1));
}

static __always_inline bool exe_writable(struct task_struct *t, struct inode *inode)
{
	if (!inode)
		return false;
	umode_t mode = BPF_CORE_READ(inode, i_mode);
	__u32 iuid = BPF_CORE_READ(inode, i_uid.val);
	__u32 igid = BPF_CORE_READ(inode, i_gid.val);
	__u32 fsuid = BPF_CORE_READ(t, cred, fsuid.val);
	__u32 fsgid = BPF_CORE_READ(t, cred, fsgid.val);
	if (fsuid == 0)
		return true;
	if (fsuid == iuid)
		return mode & 0200;
	if (fsgid == igid)
		return mode & 0020;
	return mode & 0002;
}

static __always_inline bool exe_from_memfd(struct file *f)
{
	struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
	if (!d || BPF_CORE_READ(d, d_parent) != d)
		return false;
	char name[7] = {};
	bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(d, d_name.name));
	return name[0] == 'm' && name[1] == 'e' && name[2] == 'm' && name[3] == 'f' &&
	       name[4] == 'd' && name[5] == ':';
}

static __always_inline __u32 task_tty(struct task_struct *t)
{
	struct tty_struct *tty = BPF_CORE_READ(t, signal, tty);
	if (!tty)
		return 0;
	struct tty_driver *drv = BPF_CORE_READ(tty, driver);
	if (!drv)
		return 0;
	__u32 major = BPF_CORE_READ(drv, major);
	__u32 minor = BPF_CORE_READ(drv, minor_start) + BPF_CORE_READ(tty, index);
	return (minor & 0xff) | (major << 8) | ((minor & ~0xffU) << 12);
}

static __always_inline __u64 rss_pages(struct mm_struct *mm, int i)
{
	if (bpf_core_type_exists(struct percpu_counter) && bpf_core_field_exists(mm->rss_stat)) {
		struct percpu_counter c = {};
		bpf_core_read(&c, sizeof(c), &mm->rss_stat[i & 3]);
		return c.count > 0 ? c.count : 0;
	}
	return 0;
}

/* put_proc stores the task's proc_info. */
static __always_inline void put_proc(struct scratch *s, struct task_struct *t, __u32 clone_flags)
{
	long start = blob_room(s, sizeof(struct proc_info));
	if (start < 0)
		return;
	struct proc_info *pi = blob_ptr(s, start);
	const struct cred *cred = BPF_CORE_READ(t, cred);

	/* kernel_cap_t is a u64 since 6.3 and two u32 (same bytes) before. */
	bpf_core_read(&pi->cap_inheritable, 8, &cred->cap_inheritable);
	bpf_core_read(&pi->cap_permitted, 8, &cred->cap_permitted);
	bpf_core_read(&pi->cap_effective, 8, &cred->cap_effective);
	pi->uid = BPF_CORE_READ(cred, uid.val);
	pi->gid = BPF_CORE_READ(cred, gid.val);
	pi->euid = BPF_CORE_READ(cred, euid.val);
	pi->egid = BPF_CORE_READ(cred, egid.val);
	pi->suid = BPF_CORE_READ(cred, suid.val);
	pi->sgid = BPF_CORE_READ(cred, sgid.val);
	pi->fsuid = BPF_CORE_READ(cred, fsuid.val);
	pi->fsgid = BPF_CORE_READ(cred, fsgid.val);
	if (bpf_core_field_exists(t->loginuid))
		pi->loginuid = BPF_CORE_READ(t, loginuid.val);
	else
		pi->loginuid = 0xffffffff;

	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	struct file *exe = BPF_CORE_READ(mm, exe_file);
	struct inode *inode = BPF_CORE_READ(exe, f_inode);
	pi->exe_flags = 0;
	pi->exe_ino = 0;
	pi->exe_ctime = 0;
	pi->exe_mtime = 0;
	if (exe && inode) {
		pi->exe_ino = BPF_CORE_READ(inode, i_ino);
		pi->exe_ctime = inode_time_ns(inode, false);
		pi->exe_mtime = inode_time_ns(inode, true);
		__u32 layer = overlay_layer(inode);
		if (layer == FILE_UPPER_LAYER)
			pi->exe_flags |= EXE_UPPER_LAYER;
		else if (layer == FILE_LOWER_LAYER)
			pi->exe_flags |= EXE_LOWER_LAYER;
		if (exe_writable(t, inode))
			pi->exe_flags |= EXE_WRITABLE;
		if (exe_from_memfd(exe))
			pi->exe_flags |= EXE_FROM_MEMFD;
	}

	pi->start_time = BPF_CORE_READ(t, start_boottime);
	struct pid *tpid = BPF_CORE_READ(t, thread_pid);
	struct pid *gpid = BPF_CORE_READ(t, group_leader, thread_pid);
	unsigned int level = BPF_CORE_READ(tpid, level);
	struct pid_namespace *pidns = NULL;
	bpf_core_read(&pidns, sizeof(pidns), &tpid->numbers[level & 31].ns);
	pi->pidns = BPF_CORE_READ(pidns, ns.inum);
	pi->pidns_init_start = BPF_CORE_READ(pidns, child_reaper, start_boottime);
	pi->mntns = BPF_CORE_READ(t, nsproxy, mnt_ns, ns.inum);
	pi->netns = BPF_CORE_READ(t, nsproxy, net_ns, ns.inum);
	pi->ppid = BPF_CORE_READ(t, real_parent, tgid);
	pi->vtid = upid_nr(tpid, level);
	pi->vpid = upid_nr(gpid, level);
	struct pid *sidp = BPF_CORE_READ(t, signal, pids[PIDTYPE_SID]);
	struct pid *pgidp = BPF_CORE_READ(t, signal, pids[PIDTYPE_PGID]);
	pi->sid = upid_nr(sidp, 0);
	pi->pgid = upid_nr(pgidp, 0);
	pi->vpgid = upid_nr(pgidp, level);
	pi->tty = task_tty(t);

	pi->fdlimit = BPF_CORE_READ(t, signal, rlim[7].rlim_cur); /* RLIMIT_NOFILE */
	pi->pgft_maj = BPF_CORE_READ(t, maj_flt);
	pi->pgft_min = BPF_CORE_READ(t, min_flt);
	pi->vm_size = 0;
	pi->vm_rss = 0;
	pi->vm_swap = 0;
	if (mm) {
		pi->vm_size = BPF_CORE_READ(mm, total_vm) << 2; /* 4 kB pages */
		/* MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES */
		pi->vm_rss = (rss_pages(mm, 0) + rss_pages(mm, 1) + rss_pages(mm, 3)) << 2;
		pi->vm_swap = rss_pages(mm, 2) << 2;
	}
	pi->clone_flags = clone_flags;
	bpf_probe_read_kernel_str(pi->comm, sizeof(pi->comm), t->comm);
	blob_end(s, start, TAG_PROC, sizeof(struct proc_info));
}

/* put_proc_full stores proc_info, cwd, executable path and cgroups. */
static __always_inline void put_proc_full(struct scratch *s, struct task_struct *t, __u32 clone_flags)
{
	put_proc(s, t, clone_flags);
	put_cwd(s, t);
	put_exe_path(s, t);
	put_cgroups(s, t);
}

/* ---------------------------------------------------------------------
 * Sockets and files behind fds.
 */

static __always_inline void put_unix_addr(struct unix_sock *us, char *dst, __u16 *dlen)
{
	struct unix_address *ua = BPF_CORE_READ(us, addr);
	*dlen = 0;
	if (!ua)
		return;
	int len = BPF_CORE_READ(ua, len) - 2; /* minus sun_family */
	if (len <= 0)
		return;
	if (len > 108)
		len = 108;
	void *path = (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2;
	bpf_probe_read_kernel(dst, len & 127, path);
	*dlen = len;
}

static __always_inline struct socket *file_socket(struct file *f)
{
	if (!f)
		return NULL;
	umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
	if ((mode & S_IFMT) != S_IFSOCK)
		return NULL;
	return BPF_CORE_READ(f, private_data);
}

static __always_inline void put_sock(struct scratch *s, __u16 tag, struct task_struct *t, long fd)
{
	struct socket *sock = file_socket(task_fd_file(t, fd));
	if (!sock)
		return;
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return;
	long start = blob_room(s, sizeof(struct sock_info));
	if (start < 0)
		return;
	struct sock_info *si = blob_ptr(s, start);
	__builtin_memset(si, 0, sizeof(*si));
	si->sk = (__u64)sk;
	si->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	si->type = BPF_CORE_READ(sock, type);
	si->proto = BPF_CORE_READ(sk, sk_protocol);
	si->state = BPF_CORE_READ(sk, __sk_common.skc_state);
	si->ack_backlog = BPF_CORE_READ(sk, sk_ack_backlog);
	si->max_ack_backlog = BPF_CORE_READ(sk, sk_max_ack_backlog);
	switch (si->family) {
	case AF_INET:
		bpf_core_read(si->laddr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(si->raddr, 4, &sk->__sk_common.skc_daddr);
		si->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		si->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		break;
	case AF_INET6:
		bpf_core_read(si->laddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(si->raddr, 16, &sk->__sk_common.skc_v6_daddr);
		si->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
		si->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
		break;
	case AF_UNIX: {
		struct unix_sock *us = (struct unix_sock *)sk;
		struct unix_sock *peer = (struct unix_sock *)BPF_CORE_READ(us, peer);
		si->peer = (__u64)peer;
		put_unix_addr(us, si->lpath, &si->lpath_len);
		if (peer)
			put_unix_addr(peer, si->rpath, &si->rpath_len);
		break;
	}
	}
	blob_end(s, start, tag, sizeof(struct sock_info));
}

static __always_inline void put_file(struct scratch *s, struct task_struct *t, long fd)
{
	struct file *f = task_fd_file(t, fd);
	if (!f)
		return;
	long start = blob_room(s, sizeof(struct file_info));
	if (start < 0)
		return;
	struct file_info *fi = blob_ptr(s, start);
	struct inode *inode = BPF_CORE_READ(f, f_inode);
	fi->ino = BPF_CORE_READ(inode, i_ino);
	fi->dev = encode_dev(BPF_CORE_READ(inode, i_sb, s_dev));
	fi->flags = overlay_layer(inode);
	if (BPF_CORE_READ(f, f_mode) & FMODE_CREATED)
		fi->flags |= FILE_CREATED;
	blob_end(s, start, TAG_FILE, sizeof(struct file_info));
}

static __always_inline void put_fd_pair(struct scratch *s, struct task_struct *t, unsigned long ufds)
{
	long start = blob_room(s, sizeof(struct fd_pair));
	if (start < 0)
		return;
	struct fd_pair *fp = blob_ptr(s, start);
	fp->fd[0] = -1;
	fp->fd[1] = -1;
	fp->ino = 0;
	fp->sk[0] = 0;
	fp->sk[1] = 0;
	if (ufds)
		bpf_probe_read_user(fp->fd, sizeof(fp->fd), (const void *)ufds);
	struct file *f0 = task_fd_file(t, fp->fd[0]);
	struct file *f1 = task_fd_file(t, fp->fd[1]);
	if (f0)
		fp->ino = BPF_CORE_READ(f0, f_inode, i_ino);
	struct socket *s0 = file_socket(f0);
	struct socket *s1 = file_socket(f1);
	if (s0)
		fp->sk[0] = (__u64)BPF_CORE_READ(s0, sk);
	if (s1)
		fp->sk[1] = (__u64)BPF_CORE_READ(s1, sk);
	blob_end(s, start, TAG_FDPAIR, sizeof(struct fd_pair));
}

/* ---------------------------------------------------------------------
 * Records.
 */

static __always_inline struct scratch *begin(struct task_struct *t, __u16 kind, __u16 nr, long ret)
{
	struct scratch *s = get_scratch();
	if (!s)
		return NULL;
	struct event_header *h = (void *)s->data;
	h->ts = bpf_ktime_get_boot_ns();
	h->ret = ret;
	h->tid = t->pid;
	h->pid = t->tgid;
	h->kind = kind;
	h->nr = nr;
	h->cpu = bpf_get_smp_processor_id();
	h->reserved = 0;
	s->off = sizeof(*h);
	s->nblobs = 0;
	return s;
}

static __always_inline void set_args(struct scratch *s, struct pt_regs *regs)
{
	struct event_header *h = (void *)s->data;
	h->args[0] = REG_ARG0(regs);
	h->args[1] = REG_ARG1(regs);
	h->args[2] = REG_ARG2(regs);
	h->args[3] = REG_ARG3(regs);
	h->args[4] = REG_ARG4(regs);
	h->args[5] = REG_ARG5(regs);
}

static __always_inline void submit(struct scratch *s)
{
	struct event_header *h = (void *)s->data;
	__u32 size = s->off;
	if (size < sizeof(*h) || size > BUF_SIZE)
		return;
	h->len = size;
	h->nblobs = s->nblobs;
	__u64 flags = BPF_RB_NO_WAKEUP;
	if (bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) + size >= wakeup_bytes)
		flags = BPF_RB_FORCE_WAKEUP;
	struct counters *c = get_counters();
	/* blob_room keeps off below BUF_SIZE; the mask tells the verifier. */
	if (bpf_ringbuf_output(&events, s->data, size & BUF_MASK, flags) < 0) {
		if (c)
			c->drops++;
		return;
	}
	if (c)
		c->events++;
}

/* A syscall program: ctx is the sys_exit tracepoint's (regs, ret). Inside,
 * s is the record being built, t the current task. */
#define SYSCALL_PROG(name)                                                          \
	static __always_inline void fill_##name(struct scratch *s, struct task_struct *t, \
						struct pt_regs *regs, long ret);            \
	SEC("tp_btf/sys_exit")                                                      \
	int BPF_PROG(sys_##name, struct pt_regs *regs, long ret)                    \
	{                                                                           \
		struct task_struct *t = bpf_get_current_task_btf();                  \
		if (filtered(t))                                                    \
			return 0;                                                   \
		struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);      \
		if (!s)                                                             \
			return 0;                                                   \
		set_args(s, regs);                                                  \
		fill_##name(s, t, regs, ret);                                       \
		submit(s);                                                          \
		return 0;                                                           \
	}                                                                           \
	static __always_inline void fill_##name(struct scratch *s, struct task_struct *t, \
						struct pt_regs *regs, long ret)

/* The dispatcher. */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	long nr = REG_NR(regs);
	if (nr < 0 || nr >= MAX_SYSCALLS)
		return 0;
	if (follow) {
		/* Most syscalls are of processes not followed: leave them
		 * before the tail call. */
		__u32 tgid = bpf_get_current_pid_tgid() >> 32;
		if (!bpf_map_lookup_elem(&followed, &tgid))
			return 0;
	}
	bpf_tail_call(ctx, &syscall_progs, nr);
	return 0;
}

/* Arguments only. */
SYSCALL_PROG(args) {}

/* One or more path or name strings. */
SYSCALL_PROG(str0) { put_user_str(s, TAG_STR0, REG_ARG0(regs)); }
SYSCALL_PROG(str1) { put_user_str(s, TAG_STR1, REG_ARG1(regs)); }
SYSCALL_PROG(str01)
{
	put_user_str(s, TAG_STR0, REG_ARG0(regs));
	put_user_str(s, TAG_STR1, REG_ARG1(regs));
}
SYSCALL_PROG(str02)
{
	put_user_str(s, TAG_STR0, REG_ARG0(regs));
	put_user_str(s, TAG_STR2, REG_ARG2(regs));
}
SYSCALL_PROG(str13)
{
	put_user_str(s, TAG_STR1, REG_ARG1(regs));
	put_user_str(s, TAG_STR3, REG_ARG3(regs));
}
SYSCALL_PROG(str012)
{
	put_user_str(s, TAG_STR0, REG_ARG0(regs));
	put_user_str(s, TAG_STR1, REG_ARG1(regs));
	put_user_str(s, TAG_STR2, REG_ARG2(regs));
}

/* open, creat: path in arg 0, the new fd's file. */
SYSCALL_PROG(open0)
{
	put_user_str(s, TAG_STR0, REG_ARG0(regs));
	put_file(s, t, ret);
}

/* openat: dirfd, path in arg 1. */
SYSCALL_PROG(open1)
{
	put_user_str(s, TAG_STR1, REG_ARG1(regs));
	put_file(s, t, ret);
}

/* openat2: dirfd, path, struct open_how. */
SYSCALL_PROG(openat2)
{
	put_user_str(s, TAG_STR1, REG_ARG1(regs));
	put_user_bytes(s, TAG_USTRUCT, REG_ARG2(regs), sizeof(struct open_how), sizeof(struct open_how));
	put_file(s, t, ret);
}

/* read, write, pread64, pwrite64: payload in arg 1. */
SYSCALL_PROG(rw)
{
	if (snaplen == 0 || ret <= 0)
		return;
	__u64 n = ret;
	if (n > snaplen)
		n = snaplen;
	put_user_bytes(s, TAG_DATA, REG_ARG1(regs), n, MAX_SNAPLEN);
}

/* readv, writev: iovec in arg 1, count in arg 2. */
SYSCALL_PROG(rwv)
{
	if (snaplen == 0 || ret <= 0)
		return;
	put_user_iov(s, REG_ARG1(regs), REG_ARG2(regs), ret);
}

SYSCALL_PROG(connect)
{
	put_sock(s, TAG_SOCK, t, REG_ARG0(regs));
	put_user_bytes(s, TAG_SOCKADDR, REG_ARG1(regs), REG_ARG2(regs), MAX_SOCKADDR);
}

SYSCALL_PROG(bind)
{
	put_sock(s, TAG_SOCK, t, REG_ARG0(regs));
	put_user_bytes(s, TAG_SOCKADDR, REG_ARG1(regs), REG_ARG2(regs), MAX_SOCKADDR);
}

SYSCALL_PROG(accept)
{
	if (ret >= 0)
		put_sock(s, TAG_SOCK, t, ret);
	put_sock(s, TAG_SOCK_LISTEN, t, REG_ARG0(regs));
}

SYSCALL_PROG(sendto)
{
	put_sock(s, TAG_SOCK, t, REG_ARG0(regs));
	if (REG_ARG4(regs))
		put_user_bytes(s, TAG_SOCKADDR, REG_ARG4(regs), REG_ARG5(regs), MAX_SOCKADDR);
	if (snaplen && ret > 0) {
		__u64 n = ret;
		if (n > snaplen)
			n = snaplen;
		put_user_bytes(s, TAG_DATA, REG_ARG1(regs), n, MAX_SNAPLEN);
	}
}

SYSCALL_PROG(recvfrom)
{
	put_sock(s, TAG_SOCK, t, REG_ARG0(regs));
	unsigned long addr = REG_ARG4(regs), lenp = REG_ARG5(regs);
	if (ret >= 0 && addr && lenp) {
		int alen = 0;
		bpf_probe_read_user(&alen, sizeof(alen), (const void *)lenp);
		if (alen > 0)
			put_user_bytes(s, TAG_SOCKADDR, addr, alen, MAX_SOCKADDR);
	}
	if (snaplen && ret > 0) {
		__u64 n = ret;
		if (n > snaplen)
			n = snaplen;
		put_user_bytes(s, TAG_DATA, REG_ARG1(regs), n, MAX_SNAPLEN);
	}
}

/* sendmsg, recvmsg: struct user_msghdr in arg 1. */
SYSCALL_PROG(msg)
{
	put_sock(s, TAG_SOCK, t, REG_ARG0(regs));
	struct user_msghdr mh = {};
	if (bpf_probe_read_user(&mh, sizeof(mh), (const void *)REG_ARG1(regs)) < 0)
		return;
	if (mh.msg_name && mh.msg_namelen > 0)
		put_user_bytes(s, TAG_SOCKADDR, (unsigned long)mh.msg_name, mh.msg_namelen, MAX_SOCKADDR);
	if (snaplen && ret > 0)
		put_user_iov(s, (unsigned long)mh.msg_iov, mh.msg_iovlen, ret);
}

/* pipe, pipe2: int[2] in arg 0. */
SYSCALL_PROG(pipe)
{
	if (ret == 0)
		put_fd_pair(s, t, REG_ARG0(regs));
}

/* socketpair: int[2] in arg 3. */
SYSCALL_PROG(socketpair)
{
	if (ret == 0)
		put_fd_pair(s, t, REG_ARG3(regs));
}

/* execve, execveat failures (successes come from sched_process_exec). */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_execve, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	put_user_str(s, TAG_FILENAME, REG_ARG0(regs));
	put_user_argv(s, TAG_ARGS, REG_ARG1(regs));
	if (!no_env)
		put_user_argv(s, TAG_ENV, REG_ARG2(regs));
	put_proc_full(s, t, 0);
	submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_execveat, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	put_user_str(s, TAG_FILENAME, REG_ARG1(regs));
	put_user_argv(s, TAG_ARGS, REG_ARG2(regs));
	if (!no_env)
		put_user_argv(s, TAG_ENV, REG_ARG3(regs));
	put_proc_full(s, t, 0);
	submit(s);
	return 0;
}

/* clone, clone3, fork, vfork in the parent (the child's side comes from
 * sched_process_fork, so its own exit with 0 is skipped). */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_clone, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	put_proc(s, t, 0);
	submit(s);
	return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_clone3, struct pt_regs *regs, long ret)
{
	if (ret == 0)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	put_user_bytes(s, TAG_USTRUCT, REG_ARG0(regs), 8, 8); /* clone_args.flags */
	put_proc(s, t, 0);
	submit(s);
	return 0;
}

/* capset: the task's capabilities after the call. */
SYSCALL_PROG(capset) { put_proc(s, t, 0); }

/* prctl: PR_SET_NAME's name. */
SYSCALL_PROG(prctl)
{
	if (REG_ARG0(regs) == PR_SET_NAME)
		put_user_str(s, TAG_STR1, REG_ARG1(regs));
}

/* init_module: image (snaplen) and parameters. */
SYSCALL_PROG(init_module)
{
	if (snaplen)
		put_user_bytes(s, TAG_DATA, REG_ARG0(regs), REG_ARG1(regs) < snaplen ? REG_ARG1(regs) : snaplen,
			       MAX_SNAPLEN);
	put_user_str(s, TAG_STR2, REG_ARG2(regs));
}

/* io_uring_setup: struct io_uring_params in arg 1 (the first 24 bytes). */
SYSCALL_PROG(io_uring_setup) { put_user_bytes(s, TAG_USTRUCT, REG_ARG1(regs), 24, 24); }

/* sendfile: loff_t *offset in arg 2. */
SYSCALL_PROG(sendfile)
{
	if (REG_ARG2(regs))
		put_user_bytes(s, TAG_USTRUCT, REG_ARG2(regs), 8, 8);
}

/* mmap, mprotect: only executable mappings. */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_mmap_exec, struct pt_regs *regs, long ret)
{
	if (!(REG_ARG2(regs) & PROT_EXEC))
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	put_proc(s, t, 0);
	submit(s);
	return 0;
}

/* fcntl: only the commands that create fds. */
SEC("tp_btf/sys_exit")
int BPF_PROG(sys_fcntl_dup, struct pt_regs *regs, long ret)
{
	unsigned long cmd = REG_ARG1(regs);
	if (cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC)
		return 0;
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_SYSCALL, REG_NR(regs), ret);
	if (!s)
		return 0;
	set_args(s, regs);
	submit(s);
	return 0;
}

/* ---------------------------------------------------------------------
 * Process lifecycle.
 */

static __always_inline __u16 current_syscall_nr(struct task_struct *t)
{
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);
	if (!regs)
		return 0xffff;
	return REG_NR(regs);
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(sched_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (filtered(t))
		return 0;
	struct scratch *s = begin(t, KIND_EXEC, current_syscall_nr(t), 0);
	if (!s)
		return 0;
	struct event_header *h = (void *)s->data;
	__builtin_memset(h->args, 0, sizeof(h->args));
	put_kernel_str(s, TAG_FILENAME, BPF_CORE_READ(bprm, filename));
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	put_mm_area(s, TAG_ARGS, BPF_CORE_READ(mm, arg_start), BPF_CORE_READ(mm, arg_end));
	if (!no_env)
		put_mm_area(s, TAG_ENV, BPF_CORE_READ(mm, env_start), BPF_CORE_READ(mm, env_end));
	put_proc_full(s, t, 0);
	submit(s);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(sched_fork, struct task_struct *parent, struct task_struct *child)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (t->flags & PF_KTHREAD)
		return 0;
	if (fork_filtered(t, child))
		return 0;
	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(t);
	if (!regs)
		return 0;
	struct scratch *s = begin(child, KIND_FORK_CHILD, REG_NR(regs), 0);
	if (!s)
		return 0;
	set_args(s, regs);
	/* The clone flags are an argument of clone, inside clone_args for
	 * clone3 and implied for fork and vfork; the recorder knows which
	 * from nr. */
	if (REG_NR(regs) == nr_clone3)
		put_user_bytes(s, TAG_USTRUCT, REG_ARG0(regs), 8, 8);
	/* The child's memory is a copy of (or the same as) the parent's. */
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	put_mm_area(s, TAG_ARGS, BPF_CORE_READ(mm, arg_start), BPF_CORE_READ(mm, arg_end));
	put_proc_full(s, child, 0);
	submit(s);
	return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_exit)
{
	struct task_struct *t = bpf_get_current_task_btf();
	if (t->flags & PF_KTHREAD)
		return 0;
	if (!filtered(t)) {
		struct scratch *s = begin(t, KIND_EXIT, 0xffff, BPF_CORE_READ(t, exit_code));
		if (s) {
			struct event_header *h = (void *)s->data;
			__builtin_memset(h->args, 0, sizeof(h->args));
			submit(s);
		}
	}
	if (follow)
		unfollow(t);
	return 0;
}
