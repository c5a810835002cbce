package replay

import (
	"strconv"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

// The fields that the state table tests (state_test.go) do not already
// check, one group of related fields per subtest.

const (
	fieldsT0   = int64(1_700_000_000_123_456_789) // 2023-11-14T22:13:20.123456789Z
	exeCtime   = fieldsT0 - 3600e9
	bashStart  = fieldsT0 - 60e9
	podSandbox = "9f2c1d4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d"
	webCtr     = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"
	pidnsStart = fieldsT0 - 10e9
)

// fieldsSnapshot is baseSnapshot with virtual ids, exe metadata, cgroups
// and a container with a process in it (4000, pid 1 in its namespace).
func fieldsSnapshot() *format.Snapshot {
	s := baseSnapshot()
	for i := range s.Threads {
		t := &s.Threads[i]
		t.VTID, t.VPID = t.TID, t.PID
	}
	b := &s.Threads[2] // bash
	b.StartTime = bashStart
	b.ExeIno, b.ExeInoCtime, b.ExeInoMtime = 777, exeCtime, exeCtime-1e9
	b.ExeFlags = format.ThreadExeWritable | format.ThreadExeLowerLayer
	b.Cgroups = []string{"cpu=/user.slice", "memory=/user.slice/user-1000.slice"}
	s.Threads = append(s.Threads, format.Thread{
		TID: 4000, PID: 4000, PPID: 1, VTID: 1, VPID: 1, SID: 4000, PGID: 4000, VPGID: 1,
		Comm: "nginx", Exe: "nginx", ExePath: "/usr/sbin/nginx", Cwd: "/", LoginUID: format.NoID,
		ContainerID: webCtr, StartTime: pidnsStart, PidNSStart: pidnsStart,
		Cgroups: []string{"cpu=/kubepods/pod1/" + webCtr},
	})
	s.Containers = append(s.Containers, format.Container{
		ID: webCtr, Runtime: "containerd", Name: "web", Image: "registry.local/web:2.1@sha256:abcd", ImageID: "sha256:1234",
		Mounts: []format.Mount{{Source: "/srv/data", Dest: "/data", Mode: "rw", RW: true, Propagation: "rprivate"}},
		Labels: map[string]string{
			"app": "web", "io.kubernetes.pod.name": "web-0", "io.kubernetes.pod.namespace": "prod",
			"io.kubernetes.pod.uid": "a1b2-c3d4", "io.kubernetes.sandbox.id": podSandbox,
		},
		IP: "10.1.2.3",
	})
	return s
}

type fieldCase struct {
	name   string
	setup  func(th *testHost)
	events []*evb
	want   map[string]string
}

func runFieldCases(t *testing.T, cases []fieldCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			th := newTestHost(t, fieldsSnapshot())
			if tc.setup != nil {
				tc.setup(th)
			}
			th.apply(tc.events...)
			th.check(tc.want)
		})
	}
}

func TestFieldValues(t *testing.T) {
	local := time.Unix(0, fieldsT0)
	openX := func() *evb {
		b := ev(format.EvOpenat, 100).at(fieldsT0).i("fd", 5).i("dirfd", -100).s("name", "/tmp/x.sh").
			i("flags", oWronly|oCreat|oCreated).i("mode", 0o755).i("dev", 0x803).i("ino", 1234)
		b.e.CPU = 1
		return b
	}
	connect := []*evb{
		ev(format.EvSocket, 100).i("fd", 3).i("domain", 2).i("type", 1).i("proto", 0),
		ev(format.EvConnect, 100).i("res", 0).raw("tuple", tuple4("10.0.0.5", 40000, "93.184.216.34", 443)).i("fd", 3),
	}
	read := func(tid, fd int64) *evb { return ev(format.EvRead, tid).i("res", 1).i("fd", fd).i("size", 1) }
	fork := ev(format.EvClone, 100).at(fieldsT0).i("res", 200).s("exe", "-bash").i("tid", 100).i("pid", 100).i("ptid", 50).
		s("cwd", "/home/alice").s("comm", "bash").i("flags", 0).i("uid", 1000).i("gid", 1000).i("vtid", 100).i("vpid", 100)
	execCat := ev(format.EvExecve, 200).at(fieldsT0+1000).i("res", 0).s("exe", "/usr/bin/cat").raw("args", list("/etc/hosts")).
		i("tid", 200).i("pid", 200).i("ptid", 100).s("cwd", "/home/alice").s("comm", "cat").i("uid", 1000).i("gid", 1000).s("filename", "/usr/bin/cat").
		i("pgid", 100).i("vpgid", 100).i("flags", 2). // PPM_EXE_UPPER_LAYER
		i("exe_ino", 888).i("exe_ino_ctime", fieldsT0-5e9).i("exe_ino_mtime", fieldsT0-6e9)

	runFieldCases(t, []fieldCase{
		{
			name:   "event time and kind",
			setup:  func(th *testHost) { th.c.first = fieldsT0 - 2500 },
			events: []*evb{openX()},
			want: map[string]string{
				"evt.time":         local.Format("15:04:05") + ".123456789",
				"evt.time.s":       local.Format("15:04:05"),
				"evt.time.iso8601": "2023-11-14T22:13:20.123456789Z",
				"evt.datetime":     local.Format("2006-01-02 15:04:05") + ".123456789",
				"evt.datetime.s":   local.Format("2006-01-02 15:04:05"),
				"evt.rawtime":      strconv.FormatInt(fieldsT0, 10), "evt.rawtime.s": "1700000000", "evt.rawtime.ns": "123456789",
				"evt.reltime": "2500", "evt.cpu": "1", "syscall.type": "openat", "evt.source": "syscall",
				"evt.info":         "fd=5(<f>/tmp/x.sh) dirfd=-100(AT_FDCWD) name=/tmp/x.sh flags=16390(O_CREAT|O_WRONLY|O_F_CREATED) mode=0755 dev=803 ino=1234",
				"evt.is_open_exec": "true", "evt.is_open_create": "true", "evt.is_io_read": "false",
				"fd.dev": "2051", "fd.dev.major": "8", "fd.dev.minor": "3", "fd.is_upper_layer": "false", "fd.is_lower_layer": "false",
			},
		},
		{
			name:   "an open without O_CREAT executes nothing",
			events: []*evb{ev(format.EvOpenat, 100).i("fd", 5).i("dirfd", -100).s("name", "/etc/passwd").i("flags", oRdonly).i("mode", 0o755), read(100, 5)},
			want:   map[string]string{"evt.is_open_exec": "false", "evt.is_open_create": "false", "evt.is_io_read": "true", "syscall.type": "read"},
		},
		{
			name:   "meta events are no syscalls",
			events: []*evb{ev(format.EvUseradded, 0).i("uid", 7).i("gid", 7).s("name", "lp").s("home", "/").s("shell", "/bin/false").s("container_id", "")},
			want:   map[string]string{"syscall.type": "<NA>", "evt.type": "useradded", "evt.source": "syscall"},
		},
		{
			name:   "network ends and names",
			events: connect,
			want: map[string]string{
				"fd.net": "[10.0.0.5 93.184.216.34]", "fd.cnet": "10.0.0.5", "fd.snet": "93.184.216.34",
				"fd.lnet": "10.0.0.5", "fd.rnet": "93.184.216.34",
				"fd.cip.name": "<NA>", "fd.sip.name": "<NA>", "fd.lip.name": "<NA>", "fd.rip.name": "<NA>",
			},
		},
		{
			name:   "rename and symlink paths",
			events: []*evb{ev(format.EvRename, 100).i("res", 0).s("oldpath", "a.txt").s("newpath", "/tmp/../b.txt")},
			want: map[string]string{
				"fs.path.source": "/home/alice/a.txt", "fs.path.sourceraw": "a.txt",
				"fs.path.target": "/b.txt", "fs.path.targetraw": "/tmp/../b.txt",
			},
		},
		{
			name:   "a failed rename has no paths",
			events: []*evb{ev(format.EvRename, 100).i("res", -2).s("oldpath", "a.txt").s("newpath", "b.txt")},
			want:   map[string]string{"fs.path.source": "<NA>", "fs.path.targetraw": "<NA>"},
		},
		{
			name:   "symlinkat relative to the cwd",
			events: []*evb{ev(format.EvSymlinkat, 100).i("res", 0).s("target", "/etc/passwd").i("linkdirfd", -100).s("linkpath", "pw")},
			want:   map[string]string{"fs.path.source": "<UNKNOWN>pw", "fs.path.sourceraw": "pw", "fs.path.targetraw": "/etc/passwd", "fs.path.target": "/etc/passwd"},
		},
		{
			name:   "process tree, leaders and durations",
			events: []*evb{fork, execCat, read(200, 0).at(fieldsT0 + 5000)},
			want: map[string]string{
				"proc.pvpid": "100", "proc.aexe[1]": "-bash", "proc.aexe[2]": "sshd:", "proc.aexe": "[-bash sshd: /sbin/init]",
				"proc.aexepath[1]": "/usr/bin/bash", "proc.aexepath": "[/usr/bin/bash /usr/sbin/sshd /usr/lib/systemd/systemd]",
				"proc.loginshellid": "100",
				"proc.sid.exe":      "-bash", "proc.sid.exepath": "/usr/bin/bash",
				"proc.pgid.name": "bash", "proc.pgid.exe": "-bash", "proc.pgid.exepath": "/usr/bin/bash",
				"proc.vpgid.exe": "-bash", "proc.vpgid.exepath": "/usr/bin/bash",
				"proc.duration": "5000", "proc.ppid.duration": strconv.FormatInt(fieldsT0+5000-bashStart, 10),
				"proc.stdin.type": "file", "proc.stdout.type": "file", "proc.stderr.type": "file", "proc.stderr.name": "/dev/pts/0",
				"proc.exe_ino": "888", "proc.exe_ino.ctime": strconv.FormatInt(fieldsT0-5e9, 10),
				"proc.exe_ino.ctime_duration_proc_start": "5000000000", // fork time - the file's ctime
				"proc.is_exe_writable":                   "false", "proc.is_exe_lower_layer": "false", "proc.is_exe_upper_layer": "true",
			},
		},
		{
			name:   "executable metadata and cgroups",
			events: []*evb{read(100, 0).at(fieldsT0)},
			want: map[string]string{
				"proc.is_exe_writable": "true", "proc.is_exe_lower_layer": "true", "proc.is_exe_upper_layer": "false",
				"proc.exe_ino": "777", "proc.exe_ino.ctime": strconv.FormatInt(exeCtime, 10),
				"proc.exe_ino.mtime":                      strconv.FormatInt(exeCtime-1e9, 10),
				"proc.exe_ino.ctime_duration_proc_start":  strconv.FormatInt(bashStart-exeCtime, 10),
				"proc.exe_ino.ctime_duration_pidns_start": "<NA>",
				"proc.pidns_init_start_ts":                "<NA>",
				"thread.cgroups":                          "cpu=/user.slice memory=/user.slice/user-1000.slice",
				"proc.duration":                           "60000000000",
				"proc.loginshellid":                       "100",
				"container.duration":                      "<NA>",
				"container.host_pid":                      "<NA>",
				"k8s.pod.name":                            "<NA>",
				"proc.aexe[0]":                            "-bash",
				"proc.stdin.type":                         "file",
				"proc.is_exe_from_memfd":                  "false",
				"user.name":                               "alice",
			},
		},
		{
			name:   "a process in a container from the snapshot",
			events: []*evb{read(4000, 0).at(fieldsT0)},
			want: map[string]string{
				"container.id": "3ad7b26ded6d", "container.type": "containerd",
				"container.image.id": "sha256:1234", "container.image.digest": "sha256:abcd",
				"container.image.repository": "registry.local/web", "container.image.tag": "2.1",
				"container.mount.mode[0]": "rw", "container.mount.rdwr[0]": "true", "container.mount.propagation[0]": "rprivate",
				"container.mount.mode[/srv/*]": "rw", "container.mount.rdwr[1]": "<NA>",
				"container.duration": "10000000000", "container.ip": "10.1.2.3",
				"container.label[app]": "web", "container.label[nope]": "<NA>",
				"container.labels":   "app:web,io.kubernetes.pod.name:web-0,io.kubernetes.pod.namespace:prod,io.kubernetes.pod.uid:a1b2-c3d4,io.kubernetes.sandbox.id:" + podSandbox,
				"container.host_pid": "<NA>", "container.host_network": "<NA>", "container.host_ipc": "<NA>",
				"proc.pidns_init_start_ts": strconv.FormatInt(pidnsStart, 10), "proc.vpid": "1", "proc.pid": "4000",
				"k8s.pod.name": "web-0", "k8s.ns.name": "prod", "k8s.pod.uid": "a1b2-c3d4", "k8s.pod.id": "a1b2-c3d4",
				"k8s.pod.full_sandbox_id": podSandbox, "k8s.pod.sandbox_id": "9f2c1d4e5a6b",
				"k8s.pod.labels": "", "k8s.pod.label[app]": "",
				"k8s.pod.ip": "10.1.2.3", // no sandbox record: the pod's containers share its address
			},
		},
		{
			name: "container and pod from CRI meta events",
			events: []*evb{
				// The pod sandbox, then the container: a CRI runtime's
				// records as libsinsp writes them.
				ev(format.EvContainer, 0).s("json", `{"container":{"id":"9f2c1d4e5a6b","full_id":"`+podSandbox+`","type":7,"name":"k8s_POD_web-0","image":"registry.k8s.io/pause:3.9","is_pod_sandbox":true,"ip":"10.244.1.7","cni_json":"{}","pod_sandbox_id":"`+podSandbox+`","pod_sandbox_labels":{"app":"web","tier":"front","io.kubernetes.pod.name":"web-0","annotation.x":"y","empty":""},"labels":{}}}`),
				ev(format.EvContainer, 0).s("json", `{"container":{"id":"3ad7b26ded6d","full_id":"`+webCtr+`","type":7,"name":"web","image":"registry.local/web:2.1","host_pid":true,"host_network":false,"host_ipc":true,"ip":"0.0.0.0","pod_sandbox_id":"`+podSandbox+`","labels":{"io.kubernetes.pod.name":"web-0","io.kubernetes.pod.namespace":"prod"}}}`),
				read(4000, 0),
			},
			want: map[string]string{
				"container.type": "cri-o", "container.host_pid": "true", "container.host_network": "false", "container.host_ipc": "true",
				"k8s.pod.name": "web-0", "k8s.ns.name": "prod", "k8s.pod.uid": "<NA>", "k8s.pod.sandbox_id": "9f2c1d4e5a6b",
				"k8s.pod.labels": "app:web, empty, tier:front", "k8s.pod.label[tier]": "front", "k8s.pod.label.app": "web",
				"k8s.pod.label[nope]": "", "k8s.pod.ip": "10.244.1.7", "container.ip": "0.0.0.0",
			},
		},
		{
			name: "host namespaces only from engines that report them",
			events: []*evb{
				ev(format.EvContainer, 0).s("json", `{"container":{"id":"3ad7b26ded6d","full_id":"`+webCtr+`","type":1,"name":"web","host_pid":true}}`),
				read(4000, 0),
			},
			want: map[string]string{"container.type": "lxc", "container.host_pid": "<NA>", "k8s.pod.name": "<NA>"},
		},
	})
}
