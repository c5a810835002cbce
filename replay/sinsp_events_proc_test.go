package replay

// libsinsp's events_proc.ut.cpp: a process spawned by clone and execve
// (every proc.* field of the result), chdir and fchdir, pids wider than 32
// bits, and proc.ppid against proc.apid[1]. The execveat_* cases resolve
// the exe path from the enter event's dirfd and pathname, which Peregrine's
// execveat exit does not carry (docs/scap.md, "execveat"): its probe
// records the kernel's trusted_exepath and filename; ported are the cases
// where the filename alone decides (absolute path, unknown path).
// existing_proc and last_exec_ts assert thread-manager internals (thread
// count, m_lastexec_ts) that no field shows.

import (
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// sinspCgroups is the cgroup list of libsinsp's events_proc tests.
var sinspCgroups = list("cpuset=/", "cpu=/user.slice", "cpuacct=/user.slice", "io=/user.slice",
	"memory=/user.slice/user-1000.slice/session-1.scope", "devices=/user.slice", "freezer=/", "net_cls=/",
	"perf_event=/", "net_prio=/", "hugetlb=/", "pids=/user.slice/user-1000.slice/session-1.scope", "rdma=/", "misc=/")

// sinspClone20 is a PPME_SYSCALL_CLONE_20_X of events_proc: fdlimit 1024,
// one minor page fault, the test's cgroups.
func sinspClone20(tid, res int64, exe string, pid, ptid int64, comm string, vtid, vpid int64) *evb {
	return ev(format.EvClone, tid).i("res", res).s("exe", exe).raw("args", nil).i("tid", tid).i("pid", pid).i("ptid", ptid).
		s("cwd", "").i("fdlimit", 1024).i("pgft_maj", 0).i("pgft_min", 1).i("vm_size", 12088).i("vm_rss", 7208).i("vm_swap", 0).
		s("comm", comm).raw("cgroups", sinspCgroups).i("flags", 0).i("uid", 1000).i("gid", 1000).i("vtid", vtid).i("vpid", vpid).
		i("pidns_init_start_ts", 1234)
}

// sinspExecveat is an execveat exit of init with neither trusted_exepath
// nor the Peregrine additions: the exe path comes from filename.
func sinspExecveat(filename string) *evb {
	return ev(format.EvExecveat, 1).i("res", 0).s("exe", "<NA>").raw("args", nil).i("tid", 1).i("pid", 1).i("ptid", 1).
		s("cwd", "<NA>").i("fdlimit", 0).s("comm", "<NA>").raw("env", nil).s("filename", filename)
}

func TestSinspEventsProc(t *testing.T) {
	env := list("SHELL=/bin/bash", "SHELL_NEW=/bin/sh", "PWD=/home/user", "HOME=/home/user")
	spawnExec := ev(format.EvExecve, 20).i("res", 0).s("exe", "/bin/test-exe").raw("args", list("-c", "'echo aGVsbG8K | base64 -d'")).
		i("tid", 20).i("pid", 20).i("ptid", 1).s("cwd", "").i("fdlimit", 1024).i("pgft_maj", 0).i("pgft_min", 1).
		i("vm_size", 29612).i("vm_rss", 4).i("vm_swap", 0).s("comm", "test-exe").raw("cgroups", sinspCgroups).raw("env", env).
		i("tty", 34818).i("vpgid", 1).i("loginuid", 0xfffffffe).i("flags", execWritable).
		i("cap_inheritable", 1).i("cap_permitted", 1).i("cap_effective", 1).
		i("exe_ino", 242048).i("exe_ino_ctime", 1676262698000004588).i("exe_ino_mtime", 1676262698000004577).
		i("uid", 2000).s("trusted_exepath", "/bin/test-exe").i("pgid", 1).i("gid", 2000).s("filename", "/bin/test-exe")
	spawn := []*evb{sinspClone20(1, 20, "bash", 1, 0, "init", 1, 1), sinspClone20(20, 0, "bash", 20, 1, "init", 20, 20), spawnExec}
	t.Run("events_proc/spawn_process/state", func(t *testing.T) {
		th := newTestHost(t, sinspInitSnapshot()).apply(spawn...)
		got := th.c.th
		if got == nil || got.vmSize != 29612 || got.vmRSS != 4 || got.vmSwap != 0 || got.fdLimit != 1024 || got.pfMajor != 0 || got.pfMinor != 1 {
			t.Errorf("thread = %+v, want vm_size 29612, vm_rss 4, vm_swap 0, fdlimit 1024, pgft_maj 0, pgft_min 1", got)
		}
	})
	const (
		big1 = 0x0000000100000010
		big2 = 0x0000000100000100
	)
	runSinspCases(t, []sinspCase{
		{name: "events_proc/spawn_process", steps: []sinspStep{step(map[string]string{
			"proc.cwd": "/root/", "proc.name": "test-exe", "proc.aname[0]": "test-exe",
			"proc.pid": "20", "proc.vpid": "20", "proc.apid[0]": "20",
			"proc.vmsize": "29612", "proc.vmrss": "4", "proc.vmswap": "0", "proc.fdlimit": "1024",
			"thread.pfmajor": "0", "thread.pfminor": "1", "thread.vmsize": "29612", "thread.vmrss": "4",
			"proc.exe": "/bin/test-exe", "proc.aexe[0]": "/bin/test-exe",
			"proc.exepath": "/bin/test-exe", "proc.aexepath[0]": "/bin/test-exe",
			"proc.sid": "0", "proc.sname": "init", "proc.sid.exe": "/sbin/init", "proc.sid.exepath": "/sbin/init", "proc.is_sid_leader": "false",
			"proc.vpgid": "1", "proc.is_vpgid_leader": "false", "proc.vpgid.name": "init", "proc.vpgid.exe": "/sbin/init", "proc.vpgid.exepath": "/sbin/init",
			"proc.pname": "init", "proc.pexepath": "/sbin/init", "proc.aexepath[1]": "/sbin/init", "proc.aexepath[2]": "<NA>", "proc.aexepath[3]": "<NA>",
			"proc.pexe": "/sbin/init", "proc.aexe[1]": "/sbin/init", "proc.aexe[2]": "<NA>", "proc.aexe[3]": "<NA>",
			"proc.aname[1]": "init", "proc.aname[2]": "<NA>", "proc.ppid": "1", "proc.apid[1]": "1", "proc.pvpid": "1", "proc.apid[2]": "<NA>",
			"proc.cmdline": "test-exe -c 'echo aGVsbG8K | base64 -d'", "proc.pcmdline": "init context ls --format {{json .}}",
			"proc.acmdline[0]": "test-exe -c 'echo aGVsbG8K | base64 -d'", "proc.acmdline[1]": "init context ls --format {{json .}}", "proc.acmdline[2]": "<NA>",
			"proc.args": "-c 'echo aGVsbG8K | base64 -d'", "proc.args[0]": "-c", "proc.args[1]": "'echo aGVsbG8K | base64 -d'", "proc.args[8]": "",
			"proc.exeline": "/bin/test-exe -c 'echo aGVsbG8K | base64 -d'", "proc.tty": "34818",
			"user.loginuid": "4294967294", "user.uid": "2000",
			"proc.is_exe_writable": "true", "proc.exe_ino": "242048", "proc.exe_ino.ctime": "1676262698000004588", "proc.exe_ino.mtime": "1676262698000004577",
			"proc.cmdnargs": "2", "proc.cmdlenargs": "29",
			"proc.env":       "SHELL=/bin/bash SHELL_NEW=/bin/sh PWD=/home/user HOME=/home/user",
			"proc.env[HOME]": "/home/user", "proc.env[SHELL]": "/bin/bash", "proc.env[SHELL_NEW]": "/bin/sh",
			"proc.aargs[0]": "-c 'echo aGVsbG8K | base64 -d'", "proc.aargs[1]": "context ls --format {{json .}}",
			"proc.aenv":    "SHELL=/bin/bash SHELL_NEW=/bin/sh PWD=/home/user HOME=/home/user",
			"proc.aenv[0]": "SHELL=/bin/bash SHELL_NEW=/bin/sh PWD=/home/user HOME=/home/user",
			"proc.aenv[1]": "TEST_ENV_PARENT_LINEAGE=secret HOME=/home/user/parent",
			// The parent's HOME, not the process's own.
			"proc.aenv[HOME]": "/home/user/parent", "proc.aenv[SHELL]": "", "proc.aenv[TEST_ENV_PARENT_LINEAGE]": "secret",
			// Not asserted by libsinsp: past the eldest, and the
			// ancestors' arguments without an index.
			"proc.aargs[2]": "<NA>", "proc.aenv[2]": "<NA>", "proc.aargs": "context ls --format {{json .}}",
		}, spawn...)}},
		{name: "events_proc/chdir_fchdir", steps: []sinspStep{
			step(map[string]string{"proc.cwd": "/tmp/target-directory/"},
				ev(format.EvChdir, 1).i("res", 0).s("path", "/tmp/target-directory")),
			step(map[string]string{"proc.cwd": "/tmp/target-directory-fd/"},
				sinspOpen(1, 3, "/tmp/target-directory-fd", 0), ev(format.EvFchdir, 1).i("res", 0).i("fd", 3)),
		}},
		{name: "events_proc/pid_over_32bit", steps: []sinspStep{
			step(map[string]string{"proc.pid": "<NA>", "thread.tid": "<NA>", "proc.vpid": "4294967312", "thread.vtid": "4294967312"},
				sinspClone20(1, big1, "bash", 1, 0, "bash", 1, 1), sinspClone20(big1, 0, "bash", big1, 1, "bash", 2, 2),
				ev(format.EvExecve, big1).i("res", 0).s("exe", "/bin/test-exe").raw("args", list("--help")).i("tid", big1).i("pid", big1).i("ptid", 1).
					s("cwd", "").i("fdlimit", 1024).s("comm", "test-exe").raw("cgroups", sinspCgroups).raw("env", list("SHELL=/bin/bash", "PWD=/home/user", "HOME=/home/user")).
					i("vpgid", 1).s("trusted_exepath", "/bin/test-exe").s("filename", "/bin/test-exe")),
			step(map[string]string{"proc.pid": "<NA>", "thread.tid": "<NA>", "proc.ppid": "<NA>", "proc.apid[1]": "<NA>", "proc.vpid": "3", "thread.vtid": "3"},
				sinspClone20(big2, 0, "/bin/test-exe", big2, big1, "test-exe", 3, 3), sinspClone20(big1, big2, "/bin/test-exe", big1, big1, "test-exe", 2, 2),
				ev(format.EvExecve, big2).i("res", 0).s("exe", "/bin/test-exe2").raw("args", list("--help")).i("tid", big2).i("pid", big2).i("ptid", big1).
					s("cwd", "").i("fdlimit", 1024).s("comm", "test-exe2").raw("cgroups", sinspCgroups).raw("env", list("SHELL=/bin/bash", "PWD=/home/user", "HOME=/home/user")).
					i("vpgid", big1).s("trusted_exepath", "/bin/test-exe2").s("filename", "/bin/test-exe2")),
		}},
		// DEFAULT_TREE: p2_t3 (24) clones p7 (100).
		{name: "events_proc/proc_ppid_apid", snap: sinspTreeSnapshot, steps: []sinspStep{
			step(map[string]string{"thread.tid": "24", "proc.ppid": "1", "proc.apid[1]": "1"}, sinspClone(100, 24, 22, 1, 0, "p7")),
			// ASSERT_THREAD_CHILDREN: p7 is p2's child.
			step(map[string]string{"proc.ppid": "22", "proc.apid[1]": "22", "proc.pname": "p2_t1"}, probe(100)),
		}},
		{name: "events_proc/execveat_absolute_path", steps: []sinspStep{step(
			map[string]string{"proc.exepath": "/tmp/file"}, sinspExecveat("/tmp/file"))}},
		{name: "events_proc/execveat_absolute_path_s390", steps: []sinspStep{step(
			map[string]string{"proc.exepath": "/tmp/file"}, sinspExecveat("/tmp/file"))}},
		{name: "events_proc/execveat_invalid_path", steps: []sinspStep{step(
			map[string]string{"proc.exepath": "<NA>"}, sinspOpen(1, 3, "/tmp/dir", 0), sinspExecveat("<NA>"))}},
		{name: "events_proc/execveat_invalid_path_s390", steps: []sinspStep{step(
			map[string]string{"proc.exepath": "<NA>"}, sinspOpen(1, 3, "/tmp/dir", 0), sinspExecveat("<NA>"))}},
	})
}
