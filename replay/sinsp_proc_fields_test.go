package replay

// libsinsp's filterchecks/proc.cpp, on sinspTreeSnapshot (init 1, p2 22,
// p3 25): the ancestors' exe paths after execs, and the standard streams
// of a process whose fds 0-2 are a connected socket.

import (
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

func TestSinspProcFilterchecks(t *testing.T) {
	tup4 := tuple4(sinspClient4, sinspCport, sinspServer4, sinspSport)
	srv4 := sockaddr4(sinspServer4, sinspSport)
	dup2 := func(fd int64) *evb { return ev(format.EvDup2, 1).i("res", fd).i("oldfd", 4).i("newfd", fd) }
	stream := map[string]string{}
	for _, s := range []string{"stdin", "stdout", "stderr"} {
		stream["proc."+s+".type"] = "ipv4"
		stream["proc."+s+".name"] = sinspFdname4
	}
	runSinspCases(t, []sinspCase{
		// p2 never execs: it keeps init's exe path.
		{name: "filterchecks/proc/PROC_FILTER_pexepath_aexepath", snap: sinspTreeSnapshot, steps: []sinspStep{
			step(map[string]string{"proc.exepath": "/usr/bin/p3_trusted_exepath"},
				sinspExec(format.EvExecve, 25, 25, 22, "/p3_exepath", "p3", "/usr/bin/p3_trusted_exepath", 0)),
			step(map[string]string{
				"proc.exepath": "/usr/bin/p4_trusted_exepath", "proc.aexepath[0]": "/usr/bin/p4_trusted_exepath",
				"proc.pexepath": "/usr/bin/p3_trusted_exepath", "proc.aexepath[1]": "/usr/bin/p3_trusted_exepath",
				"proc.aexepath[2]": "/sbin/init", "proc.aexepath[3]": "/sbin/init", "proc.aexepath[4]": "<NA>",
			}, sinspClone(100, 25, 25, 22, 0, "p3"),
				sinspExec(format.EvExecve, 100, 100, 25, "/p4_exepath", "p4", "/usr/bin/p4_trusted_exepath", 0)),
		}},
		{name: "filterchecks/proc/PROC_FILTER_aname", snap: sinspTreeSnapshot, steps: []sinspStep{
			step(map[string]string{"proc.aname[0]": "good-exe", "proc.aname[1]": "p2_t1", "proc.aname[2]": "init", "proc.aname": "[p2_t1 init]"},
				sinspExec(format.EvExecve, 25, 25, 22, "/good-exe", "good-exe", "/good-exe", 0)),
		}},
		{name: "filterchecks/proc/PROC_FILTER_stdin_stdout_stderr", snap: sinspTreeSnapshot, steps: []sinspStep{
			step(stream, sinspSocket(1, 4, afInet, sockStream), sinspConnect(1, 4, 0, tup4, srv4), dup2(0), dup2(1), dup2(2),
				sinspExec(format.EvExecve, 1, 1, 0, "/bin/test-exe", "test-exe", "/bin/test-exe", 0)),
		}},
	})
}
