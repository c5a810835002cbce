package rules

import (
	"net/netip"
	"strings"
	"testing"
)

// TestDefaultRulesLoad checks that the embedded defaults load and compile
// without a single diagnostic, and that every rule follows the house
// style: a description, MITRE ATT&CK tags and an output naming the user,
// the command, the parent and the container.
func TestDefaultRulesLoad(t *testing.T) {
	s, d := Load(DefaultFiles()...)
	e, d2 := Compile(s, testOptions())
	for _, x := range append(d, d2...) {
		t.Errorf("diagnostic on the default rules: %s", x)
	}
	if e == nil {
		t.Fatal("default rules do not compile")
	}
	if len(e.Rules()) < 17 {
		t.Errorf("%d default rules, want at least 17", len(e.Rules()))
	}
	for _, r := range e.Rules() {
		if r.Desc == "" {
			t.Errorf("%s: no desc", r.Name)
		}
		mitre := false
		for _, tag := range r.Tags {
			if strings.HasPrefix(tag, "T1") {
				mitre = true
			}
		}
		if !mitre {
			t.Errorf("%s: no MITRE ATT&CK technique tag in %v", r.Name, r.Tags)
		}
		for _, f := range []string{"%user.name", "%proc.cmdline", "%proc.pname", "%container.id", "%container.name", "%container.image"} {
			if !strings.Contains(r.Output, f) {
				t.Errorf("%s: output lacks %s", r.Name, f)
			}
		}
		if r.EventTypes() == nil {
			t.Errorf("%s: matches every event type", r.Name)
		}
	}
}

// TestDefaultRulesFire runs each default rule on an event it must raise
// and on a near miss it must not.
func TestDefaultRulesFire(t *testing.T) {
	e := compileStringFiles(t, DefaultFiles(), &Options{Values: testSource{}, EventTypes: testTypes, Matching: MatchAll})
	ip := netip.MustParseAddr
	ctr := []any{"container.id", "3ad7b26ded6d", "container.name", "web", "container.image", "busybox:latest"}
	host := []any{"container.id", "host", "container.name", "host"}
	proc := func(name, parent string, kv ...any) []any {
		return append([]any{"proc.name", name, "proc.pname", parent, "proc.cmdline", name, "user.name", "root", "user.uid", 0,
			"evt.rawres", 0, "proc.vpid", 42, "proc.aname[2]", "systemd"}, kv...)
	}
	with := func(a []any, b ...any) []any { return append(append([]any{}, a...), b...) }
	openW := []any{"evt.is_open_write", true, "evt.is_open_read", false, "fd.typechar", "f", "fd.num", 3, "evt.arg[flags]", "O_WRONLY|O_CREAT"}
	openR := []any{"evt.is_open_write", false, "evt.is_open_read", true, "fd.typechar", "f", "fd.num", 3, "evt.arg[flags]", "O_RDONLY"}
	conn := func(port int, kv ...any) []any {
		return append([]any{"fd.sockfamily", "ip", "fd.l4proto", "tcp", "fd.rip", ip("203.0.113.7"), "fd.sip", ip("203.0.113.7"),
			"fd.cip", ip("10.0.0.2"), "fd.rport", port, "fd.sport", port, "fd.name", "10.0.0.2:40000->203.0.113.7:3333"}, kv...)
	}
	tests := []struct {
		rule      string
		typ       string
		fire, not []any
	}{
		{"Shell in container", "execve", with(proc("sh", "python3"), ctr...), with(proc("sh", "python3"), host...)},
		{"Exec into container", "execve", with(proc("bash", "runc"), ctr...), with(proc("bash", "runc", "proc.vpid", 1), ctr...)},
		{"Account file changed", "openat", with(proc("vi", "bash", openW...), "fd.name", "/etc/passwd"), with(proc("useradd", "bash", openW...), "fd.name", "/etc/passwd")},
		{"Account file changed", "renameat2", with(proc("python3", "bash"), "fs.path.target", "/etc/shadow"), with(proc("python3", "bash"), "fs.path.target", "/etc/motd")},
		{"Write below etc", "openat", with(proc("nano", "bash", openW...), "fd.name", "/etc/default/grub"), with(proc("dpkg", "apt", openW...), "fd.name", "/etc/default/grub")},
		{"Write below binary directory", "openat", with(proc("cp", "bash", openW...), "fd.name", "/usr/bin/ls", "fd.directory", "/usr/bin"), with(proc("rpm", "dnf", openW...), "fd.name", "/usr/bin/ls", "fd.directory", "/usr/bin")},
		{"Non-device file created in /dev", "openat", with(proc("touch", "bash", openW...), "fd.name", "/dev/.hidden", "evt.arg[flags]", "O_WRONLY|O_CREAT|O_F_CREATED"), with(proc("touch", "bash", openW...), "fd.name", "/dev/shm/ok")},
		{"Sensitive file read by unexpected program", "openat", with(proc("cat", "bash", openR...), "fd.name", "/etc/shadow"), with(proc("sshd", "systemd", openR...), "fd.name", "/etc/shadow")},
		{"Setuid or setgid bit set", "fchmodat", with(proc("chmod", "bash"), "evt.arg[mode]", "S_ISUID|S_IRWXU"), with(proc("chmod", "bash"), "evt.arg[mode]", "S_IRWXU")},
		{"Ptrace attach to another process", "ptrace", with(proc("evil", "bash"), "evt.arg[request]", "PTRACE_ATTACH"), with(proc("gdb", "bash"), "evt.arg[request]", "PTRACE_ATTACH")},
		{"Kernel module loaded", "finit_module", proc("insmod", "bash"), with(proc("modprobe", "systemd-udevd"), host...)},
		{"BPF program loaded by unexpected program", "bpf", with(proc("loader", "bash"), "evt.arg[cmd]", "BPF_PROG_LOAD"), with(proc("peregrine", "sudo"), "evt.arg[cmd]", "BPF_PROG_LOAD")},
		{"Executable run from temporary location", "execve", proc("x", "bash", "proc.exepath", "/dev/shm/x"), proc("x", "bash", "proc.exepath", "/usr/bin/x")},
		{"Executable run from temporary location", "execve", proc("x", "bash", "proc.exepath", "/x", "proc.is_exe_from_memfd", true), proc("x", "bash", "proc.exepath", "/x", "proc.is_exe_from_memfd", false)},
		{"Reverse shell", "dup2", proc("python3", "bash", "evt.rawres", 0, "fd.type", "ipv4", "fd.l4proto", "tcp"), proc("python3", "bash", "evt.rawres", 0, "fd.type", "pipe")},
		{"Reverse shell", "execve", proc("sh", "python3", "proc.stdin.type", "ipv4"), proc("sh", "python3", "proc.stdin.type", "pipe")},
		{"History or log file erased", "unlinkat", proc("rm", "bash", "fs.path.name", "/root/.bash_history"), proc("rm", "bash", "fs.path.name", "/root/notes")},
		{"History or log file erased", "openat", with(proc("sh", "bash", openW...), "evt.arg[flags]", "O_WRONLY|O_TRUNC", "fd.name", "/var/log/auth.log"), with(proc("logrotate", "cron", openW...), "evt.arg[flags]", "O_WRONLY|O_TRUNC", "fd.name", "/var/log/auth.log")},
		{"Link to sensitive file", "symlinkat", proc("ln", "bash", "evt.arg[target]", "/etc/shadow"), proc("ln", "bash", "evt.arg[target]", "/etc/hosts")},
		{"Link to sensitive file", "linkat", proc("ln", "bash", "fs.path.target", "/etc/sudoers"), proc("ln", "bash", "fs.path.target", "/tmp/a")},
		{"Mount or namespace change in container", "mount", with(proc("mount", "sh"), ctr...), with(proc("mount", "sh"), host...)},
		{"Package manager in container", "execve", with(proc("apt-get", "sh"), ctr...), with(proc("apt-get", "sh"), host...)},
		{"Network tool run in container", "execve", with(proc("ping", "sh"), ctr...), with(proc("ping", "sh"), host...)},
		{"Network connection by system binary", "connect", proc("cat", "bash", conn(443)...), proc("curl", "bash", conn(443)...)},
		{"Connection to crypto mining port", "connect", proc("xmrig", "bash", conn(3333)...), proc("xmrig", "bash", conn(443)...)},
	}
	ev := e.NewEvaluator()
	fired := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.rule+"/"+tt.typ, func(t *testing.T) {
			typ := typeIndex(t, tt.typ)
			m := ruleNames(ev.Eval(typ, mkEvent(t, append([]any{"evt.type", tt.typ}, tt.fire...)...)))
			if !strings.Contains(m, tt.rule) {
				t.Errorf("rule did not fire; matched %s", m)
			}
			m = ruleNames(ev.Eval(typ, mkEvent(t, append([]any{"evt.type", tt.typ}, tt.not...)...)))
			if strings.Contains(m, tt.rule) {
				t.Errorf("rule fired on the near miss; matched %s", m)
			}
		})
		fired[tt.rule] = true
	}
	for _, r := range e.Rules() {
		if !fired[r.Name] {
			t.Errorf("rule %q has no test case", r.Name)
		}
	}
}

func compileStringFiles(t testing.TB, files []File, opts *Options) *Engine {
	t.Helper()
	s, d := Load(files...)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	e, d := Compile(s, opts)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	return e
}
