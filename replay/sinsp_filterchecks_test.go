package replay

// libsinsp's filterchecks/fd.cpp, evt.cpp, user.cpp and proc.cpp's
// PROC_FILTER_exepath and PROC_FILTER_pgid_family. Where libsinsp changes
// its user table or thread table by hand between two extractions, the
// port reaches the same state with a snapshot or with events (setpgid,
// execve).

import (
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

const bpfProgLoad = 5 // PPM_BPF_PROG_LOAD

// openHome is the filterchecks' open of /home/file.txt by init.
func openHome(fd, flags int64) *evb {
	return ev(format.EvOpen, 1).i("fd", fd).s("name", "/home/file.txt").i("flags", flags).i("mode", 0).i("dev", 5).i("ino", 123)
}

// withUsers is init's snapshot with init running as uid and gid, login
// uid loginuid, and users in the host's user table.
func withUsers(uid, loginuid uint32, users ...format.User) func() *format.Snapshot {
	return func() *format.Snapshot {
		s := sinspInitSnapshot()
		s.Threads[0].UID, s.Threads[0].GID = uid, uid
		s.Threads[0].EUID, s.Threads[0].EGID = uid, uid
		s.Threads[0].LoginUID = loginuid
		s.Users = users
		return s
	}
}

func TestSinspFilterchecks(t *testing.T) {
	foo := format.User{UID: 1000, GID: 1000, Name: "foo", Home: "/foo", Shell: "/bin/bash"}
	bar := format.User{UID: 1000, GID: 1000, Name: "bar", Home: "/bar", Shell: "/bin/bash"}
	userWant := func(name, home, shell string) map[string]string {
		return map[string]string{"user.uid": "1000", "user.loginuid": "0", "user.name": name,
			"user.homedir": home, "user.shell": shell, "user.loginname": "root"}
	}
	runSinspCases(t, []sinspCase{
		{name: "filterchecks/fd/FD_FILTER_extract_from_null_type_filename", steps: []sinspStep{
			step(map[string]string{"fd.filename": "<NA>"}, openHome(-1, oRdwr|oCreat))}},

		{name: "filterchecks/evt/EVT_FILTER_is_open_create", steps: []sinspStep{
			step(map[string]string{"evt.is_open_create": "true", "fd.name": "/home/file.txt"}, openHome(3, oRdwr|oCreat|oCreated))}},
		{name: "filterchecks/evt/EVT_FILTER_is_lower_layer", steps: []sinspStep{
			step(map[string]string{"fd.is_lower_layer": "true", "fd.is_upper_layer": "false"}, openHome(3, oRdonly|oLower))}},
		{name: "filterchecks/evt/EVT_FILTER_is_upper_layer", steps: []sinspStep{
			step(map[string]string{"fd.is_lower_layer": "false", "fd.is_upper_layer": "true"}, openHome(3, oRdonly|oUpper))}},
		{name: "filterchecks/evt/EVT_FILTER_cmd_str", steps: []sinspStep{
			step(map[string]string{"evt.arg.cmd": "BPF_PROG_LOAD"}, ev(format.EvBpf, 1).i("fd", 1).i("cmd", bpfProgLoad))}},
		// libsinsp adds user 5 by hand, then removes it: here two runs,
		// one with user 5 in the snapshot and one without.
		{name: "filterchecks/evt/EVT_FILTER_check_evt_arg_uid", snap: withUsers(0, 0, format.User{UID: 5, GID: 6, Name: "test", Home: "/test", Shell: "/bin/test"}),
			steps: []sinspStep{step(map[string]string{"evt.type": "setuid", "evt.rawarg.uid": "5", "evt.arg.uid": "test", "evt.arg[1]": "test", "evt.args": "res=0 uid=5(test)"},
				ev(format.EvSetuid, 1).i("res", 0).i("uid", 5))}},
		{name: "filterchecks/evt/EVT_FILTER_check_evt_arg_uid_removed", snap: withUsers(0, 0),
			steps: []sinspStep{step(map[string]string{"evt.rawarg.uid": "5", "evt.arg.uid": "<NA>", "evt.arg[1]": "<NA>", "evt.args": "res=0 uid=5(<NA>)"},
				ev(format.EvSetuid, 1).i("res", 0).i("uid", 5))}},
		{name: "filterchecks/evt/EVT_FILTER_execve_evt_arg_filename_comm_trusted_exepath", steps: []sinspStep{
			step(map[string]string{"evt.arg.filename": "/usr/../usr/./bin/python3", "evt.arg.comm": "python3", "evt.arg.trusted_exepath": "/usr/bin/python3"},
				sinspExec(format.EvExecve, 1, 1, 0, "/usr/../usr/./bin/python3", "python3", "/usr/bin/python3", 0))}},
		{name: "filterchecks/evt/EVT_FILTER_data_buffer_str", steps: []sinspStep{
			step(map[string]string{"evt.arg.data": "gigi"},
				ev(format.EvRead, 1).i("res", 0).raw("data", []byte("gigi")).i("fd", 0).i("size", 4))}},

		{name: "filterchecks/user/USER_FILTER_extract_from_existent_user_entry", snap: withUsers(1000, 0, foo), steps: []sinspStep{
			step(userWant("foo", "/foo", "/bin/bash"), openHome(3, oRdwr|oCreat))}},
		{name: "filterchecks/user/USER_FILTER_extract_from_existent_user_entry_removed", snap: withUsers(1000, 0), steps: []sinspStep{
			step(userWant("<NA>", "<NA>", "<NA>"), openHome(3, oRdwr|oCreat))}},
		{name: "filterchecks/user/USER_FILTER_extract_from_existent_user_entry_readded", snap: withUsers(1000, 0, bar), steps: []sinspStep{
			step(userWant("bar", "/bar", "/bin/bash"), openHome(3, oRdwr|oCreat))}},
		{name: "filterchecks/user/USER_FILTER_extract_from_default_user_entry", snap: withUsers(0, 0), steps: []sinspStep{
			step(map[string]string{"user.uid": "0", "user.name": "root", "user.homedir": "/root", "user.shell": "<NA>"}, openHome(3, oRdwr|oCreat))}},
		{name: "filterchecks/user/USER_FILTER_extract_from_existent_user_entry_without_metadata", snap: withUsers(0, 0, format.User{}), steps: []sinspStep{
			step(map[string]string{"user.uid": "0", "user.name": "", "user.homedir": "", "user.shell": ""}, openHome(3, oRdwr|oCreat))}},

		{name: "filterchecks/proc/PROC_FILTER_exepath", snap: sinspTreeSnapshot, steps: []sinspStep{
			step(map[string]string{"proc.exepath": "/usr/bin/bad-exe", "proc.name": "good-exe"},
				sinspExec(format.EvExecve, 25, 25, 22, "/good-exe", "good-exe", "/usr/bin/bad-exe (deleted)", 0))}},
		pgidFamily(),
	})
}

// pgidFamily is PROC_FILTER_pgid_family on libsinsp's DEFAULT_TREE ids
// (p1 2, p2 25 child of init, p3 72 child of p2); libsinsp sets pgid,
// comm, exe and exe path by hand, the port with execve and setpgid.
func pgidFamily() sinspCase {
	snap := func() *format.Snapshot {
		s := sinspInitSnapshot()
		for _, th := range []format.Thread{
			{TID: 2, PID: 2, PPID: 1, Comm: "p1_t1", Exe: "/sbin/init", ExePath: "/sbin/init", PGID: 1},
			{TID: 25, PID: 25, PPID: 1, Comm: "p2_t1", Exe: "/sbin/init", ExePath: "/sbin/init", PGID: 1},
			{TID: 72, PID: 72, PPID: 25, Comm: "p3_t1", Exe: "/sbin/init", ExePath: "/sbin/init", PGID: 1},
		} {
			th.LoginUID = format.NoID
			s.Threads = append(s.Threads, th)
		}
		return s
	}
	setpgid := func(tid, pgid int64) *evb {
		return ev(format.EvSetpgid, tid).i("res", 0).i("pid", 0).i("pgid", pgid)
	}
	want := func(pgid, who, leader string) map[string]string {
		return map[string]string{"proc.pgid": pgid, "proc.pgid.name": who + "_comm", "proc.pgid.exe": who + "_exe",
			"proc.pgid.exepath": who + "_exepath", "proc.is_pgid_leader": leader}
	}
	return sinspCase{name: "filterchecks/proc/PROC_FILTER_pgid_family", snap: snap, steps: []sinspStep{
		step(want("2", "p1_t1", "false"),
			sinspExec(format.EvExecve, 2, 2, 1, "p1_t1_exe", "p1_t1_comm", "p1_t1_exepath", 1),
			setpgid(72, 2), probe(72)),
		step(want("72", "p3_t1", "true"),
			sinspExec(format.EvExecve, 72, 72, 25, "p3_t1_exe", "p3_t1_comm", "p3_t1_exepath", 2),
			setpgid(72, 0), probe(72)),
		// No process 100000: the leader is the last ancestor in the group.
		step(want("100000", "p2_t1", "false"),
			sinspExec(format.EvExecve, 25, 25, 1, "p2_t1_exe", "p2_t1_comm", "p2_t1_exepath", 1),
			setpgid(25, 100000), setpgid(72, 100000), probe(72)),
	}}
}

// TestSinspSetExepath is libsinsp's classes/sinsp_threadinfo.cpp
// set_exepath: only a " (deleted)" suffix after something is dropped.
func TestSinspSetExepath(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"no_suffix (del)", "no_suffix (del)"},
		{"no_suffix (deleted)", "no_suffix"},
		{"no_suffix(deleted)", "no_suffix(deleted)"},
		{"(deleted)", "(deleted)"},
		{" (deleted)", " (deleted)"},
		{"a  (deleted)", "a "},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := string(trimDeleted([]byte(tc.in))); got != tc.want {
				t.Errorf("trimDeleted(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
