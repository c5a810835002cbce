package corpus_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/replay/regress"
	"github.com/peregrine-sec/peregrine/rules"
)

// A mutation changes one value of a default rule's condition (or of a
// macro or list it uses): a path, a process name, a port, an event type, an
// exception. Each must make some case of the corpus fail, or the corpus
// does not guard that part of the rule.
type mutation struct {
	rule     string   // the default rule whose behaviour changes
	item     string   // the YAML item changed: "rule: NAME", "macro: NAME" or "list: NAME"
	from, to string   // text replaced, exactly once in the item
	folders  []string // corpus folders whose cases must catch it
}

// mutations weaken ("the attack is missed") or break ("normal work now
// raises an alert") every default rule at least once.
var mutations = []mutation{
	// A containerised program's shell: its parent is not a runtime.
	{"Shell in container", "rule: Shell in container", "not proc.pname in (pg_container_runtimes)", "not proc.pname in (pg_container_runtimes, find)", []string{"shell-in-container"}},
	// Busybox shells run through /proc/self/exe.
	{"Shell in container", "macro: pg_shell_proc", "basename(proc.exe) in (pg_shells)", "basename(proc.exe) in (pg_network_tools)", []string{"shell-in-container"}},
	{"Exec into container", "rule: Exec into container", "proc.pname in (pg_container_runtimes) or", "proc.pname in (runc) or", []string{"exec-into-container"}},
	{"Exec into container", "rule: Exec into container", "and not pg_container_init", "and not proc.vpid = 99", []string{"exec-into-container", "shell-in-container"}},
	// podman run --init: the entrypoint is process 2, under podman-init.
	{"Shell in container", "list: pg_init_wrappers", "items: [podman-init, ", "items: [", []string{"shell-in-container"}},
	{"Account file changed", "list: pg_account_files", "items: [/etc/passwd,", "items: [/etc/passwd-,", []string{"account-file-changed"}},
	{"Account file changed", "list: pg_account_tools", "pwck, grpck", "grpck", []string{"account-file-changed"}},
	{"Write below etc", "rule: Write below etc", "fd.name startswith /etc/\n", "fd.name startswith /etc/cron.d/\n", []string{"write-below-etc"}},
	{"Write below etc", "rule: Write below etc", "and not pg_package_manager", "and not proc.name = nothing", []string{"write-below-etc"}},
	{"Write below binary directory", "list: pg_binary_dirs", "/usr/local/bin,", "/usr/local/games,", []string{"write-below-binary-dir"}},
	{"Write below binary directory", "rule: Write below binary directory", "and not pg_package_manager", "and not proc.name = nothing", []string{"write-below-binary-dir"}},
	{"Non-device file created in /dev", "rule: Non-device file created in /dev", "fd.name startswith /dev/\n", "fd.name startswith /dev/block/\n", []string{"non-device-file-in-dev"}},
	{"Non-device file created in /dev", "rule: Non-device file created in /dev", "pmatch (/dev/shm, /dev/mqueue", "pmatch (/dev/mqueue", []string{"non-device-file-in-dev"}},
	{"Sensitive file read by unexpected program", "list: pg_sensitive_files", "items: [/etc/shadow,", "items: [/etc/shadow.bak,", []string{"sensitive-file-read"}},
	{"Sensitive file read by unexpected program", "list: pg_trusted_sensitive_readers", "chage, chsh", "chsh", []string{"sensitive-file-read"}},
	{"Setuid or setgid bit set", "rule: Setuid or setgid bit set", "evt.arg.mode contains S_ISUID", "evt.arg.mode contains S_ISVTX", []string{"setuid-bit-set"}},
	{"Ptrace attach to another process", "rule: Ptrace attach to another process", "(PTRACE_ATTACH, PTRACE_SEIZE,", "(PTRACE_SEIZE,", []string{"ptrace-attach"}},
	{"Ptrace attach to another process", "list: pg_debuggers", "strace, ", "", []string{"ptrace-attach"}},
	{"Kernel module loaded", "rule: Kernel module loaded", "evt.type in (init_module, finit_module)", "evt.type in (init_module)", []string{"kernel-module-loaded"}},
	{"Kernel module loaded", "rule: Kernel module loaded", "proc.name in (modprobe, kmod,", "proc.name in (kmod,", []string{"kernel-module-loaded"}},
	{"BPF program loaded by unexpected program", "rule: BPF program loaded by unexpected program", "evt.arg.cmd = BPF_PROG_LOAD or evt.arg.cmd = 5", "evt.arg.cmd = BPF_MAP_CREATE or evt.arg.cmd = 0", []string{"bpf-program-loaded"}},
	{"BPF program loaded by unexpected program", "list: pg_bpf_loaders", "items: [peregrine, ", "items: [", []string{"bpf-program-loaded"}},
	{"Executable run from temporary location", "rule: Executable run from temporary location", "proc.exepath startswith /tmp/", "proc.exepath startswith /tmp/cache/", []string{"exec-from-temp"}},
	{"Reverse shell", "rule: Reverse shell", "proc.stdin.type in (ipv4, ipv6)", "proc.stdin.type in (ipv6)", []string{"reverse-shell"}},
	{"Reverse shell", "rule: Reverse shell", "and not pg_shell_interpreter)", ")", []string{"reverse-shell"}},
	// Scripts are named after themselves: the interpreter is known by its executable.
	{"Reverse shell", "macro: pg_shell_interpreter", "basename(proc.exepath) in (pg_shell_binaries)", "basename(proc.exepath) in (pg_package_managers)", []string{"reverse-shell"}},
	{"History or log file erased", "macro: pg_history_or_log_path", "basename(fs.path.name) in (pg_history_files)", "basename(fs.path.name) in (pg_log_writers)", []string{"history-or-log-erased"}},
	{"History or log file erased", "rule: History or log file erased", "and not evt.arg.flags contains O_F_CREATED", "", []string{"history-or-log-erased"}},
	{"History or log file erased", "rule: History or log file erased", "evt.arg.flags contains O_TRUNC", "evt.arg.flags contains O_EXCL", []string{"history-or-log-erased"}},
	{"History or log file erased", "rule: History or log file erased", "or fd.name startswith /var/log/)))", "or fd.name startswith /var/log/old/)))", []string{"history-or-log-erased"}},
	{"Link to sensitive file", "list: pg_link_targets", "items: [/etc/shadow,", "items: [/etc/shadow-,", []string{"link-to-sensitive-file"}},
	{"Link to sensitive file", "rule: Link to sensitive file", "evt.arg.target in (pg_link_targets)", "evt.arg.target startswith /etc/", []string{"link-to-sensitive-file"}},
	// libsinsp's fs.path.target of a hard link is the file linked to.
	{"Link to sensitive file", "rule: Link to sensitive file", "(fs.path.target in (pg_link_targets)", "(fs.path.source in (pg_link_targets)", []string{"link-to-sensitive-file"}},
	{"Mount or namespace change in container", "rule: Mount or namespace change in container", "evt.type in (mount, umount2, setns, unshare)", "evt.type in (setns, unshare)", []string{"mount-in-container"}},
	{"Mount or namespace change in container", "list: pg_container_runtimes", `"runc:[1:CHILD]", `, "", []string{"mount-in-container"}},
	{"Package manager in container", "macro: pg_package_manager_proc", "basename(proc.exe) in (pg_package_managers)", "basename(proc.exe) in (pg_network_tools)", []string{"package-manager-in-container"}},
	{"Package manager in container", "rule: Package manager in container", "pg_exec and pg_in_container and", "pg_exec and", []string{"package-manager-in-container"}},
	{"Network tool run in container", "list: pg_network_tools", "items: [ping, ", "items: [", []string{"network-tool-in-container"}},
	{"Network tool run in container", "rule: Network tool run in container", "pg_exec and pg_in_container and", "pg_exec and", []string{"network-tool-in-container"}},
	{"Network connection by system binary", "list: pg_system_binaries", "items: [ls, cat, ", "items: [ls, ", []string{"system-binary-network"}},
	{"Network connection by system binary", "list: pg_system_binaries", "whoami, ", "whoami, bash, ", []string{"system-binary-network"}},
	{"Connection to crypto mining port", "list: pg_mining_ports", "items: [3333, ", "items: [", []string{"crypto-mining-port"}},
	{"Connection to crypto mining port", "macro: pg_remote_peer", "not fd.rnet in (pg_loopback_networks)", `not fd.rnet in ("10.0.0.0/8")`, []string{"crypto-mining-port"}},
}

// mutate returns the rules file data with m applied, or an error when the
// item or the text to replace is not there exactly once.
func mutate(data string, m mutation) (string, error) {
	head := "\n- " + m.item + "\n"
	start := strings.Index(data, head)
	if start < 0 || strings.Count(data, head) != 1 {
		return "", fmt.Errorf("item %q is not in the default rules exactly once", m.item)
	}
	start++
	end := len(data)
	if i := strings.Index(data[start+len(head)-1:], "\n- "); i >= 0 {
		end = start + len(head) - 1 + i
	}
	block := data[start:end]
	if n := strings.Count(block, m.from); n != 1 {
		return "", fmt.Errorf("%q occurs %d times in %s, want once", m.from, n, m.item)
	}
	return data[:start] + strings.Replace(block, m.from, m.to, 1) + data[end:], nil
}

// TestMutations weakens or breaks the default rules one value at a time
// and runs the cases of the rule's corpus folders against each mutant
// (regress.Run with Options.Rules): some case must fail.
func TestMutations(t *testing.T) {
	defaults := rules.DefaultFiles()
	if len(defaults) != 1 {
		t.Fatalf("%d default rule files; the mutation test expects one", len(defaults))
	}
	byFolder := map[string][]*regress.Case{}
	for _, c := range recordedCases(t) {
		if len(c.Rules) == 0 { // cases with rules of their own do not run the defaults
			byFolder[topFolder(c)] = append(byFolder[topFolder(c)], c)
		}
	}
	mutated := map[string]bool{}
	for _, m := range mutations {
		name := fmt.Sprintf("%s/%s: %s -> %s", m.rule, m.item, strings.TrimSpace(m.from), strings.TrimSpace(m.to))
		t.Run(name, func(t *testing.T) {
			data, err := mutate(string(defaults[0].Data), m)
			if err != nil {
				t.Fatal(err)
			}
			var cases []*regress.Case
			for _, f := range m.folders {
				if len(byFolder[f]) == 0 {
					t.Fatalf("no cases in corpus folder %s", f)
				}
				cases = append(cases, byFolder[f]...)
			}
			results, err := regress.Run(context.Background(), cases, &regress.Options{
				Rules: []rules.File{{Name: defaults[0].Name + " (mutated)", Data: []byte(data)}},
			})
			if err != nil {
				t.Fatal(err)
			}
			var caught []string
			for _, r := range results {
				if r.Err != nil {
					t.Fatalf("case %s broke (the mutant must still compile): %v", r.Case.Name, r.Err)
				}
				for _, mm := range r.Mismatches {
					caught = append(caught, r.Case.Name+": "+strings.SplitN(mm.String(), "\n", 2)[0])
				}
			}
			if len(caught) == 0 {
				t.Errorf("no case of %v fails on the mutant: the corpus does not guard this part of the rule", m.folders)
			} else {
				t.Logf("caught by %s", strings.Join(caught, "; "))
			}
		})
		mutated[m.rule] = true
	}
	for _, rule := range defaultRuleNames(t) {
		if !mutated[rule] {
			t.Errorf("rule %q has no mutation", rule)
		}
	}
}

func TestMutate(t *testing.T) {
	data := "- list: a\n  items: [x, y]\n\n- rule: R\n  condition: evt.type = open and x\n- rule: S\n  condition: x\n"
	got, err := mutate(data, mutation{rule: "R", item: "rule: R", from: "open", to: "close"})
	if err != nil || got != strings.Replace(data, "open", "close", 1) {
		t.Errorf("mutate = %q, %v", got, err)
	}
	for _, m := range []mutation{
		{item: "rule: T", from: "x", to: "y"},    // no such item
		{item: "rule: S", from: "open", to: "y"}, // not in the item (it is in R)
		{item: "list: a", from: "nothing", to: "y"},
	} {
		if _, err := mutate(data, m); err == nil {
			t.Errorf("mutate(%+v) succeeded", m)
		}
	}
}
