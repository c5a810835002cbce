package rules

import (
	"strings"
	"testing"
)

// TestOrder checks that a plan tests the cheap and selective operands of
// an and or an or first, whatever the order they are written in.
func TestOrder(t *testing.T) {
	tests := []struct {
		cond  string
		first string // what the first test of the plan compares
	}{
		{"evt.arg.flags contains O_CREAT and fd.directory = /dev", "fd.directory"},
		{"fd.directory = /dev and evt.arg.flags contains O_CREAT", "fd.directory"},
		{"proc.env icontains LD_PRELOAD and proc.name in (sshd, sudo)", "proc.name"},
		{"fd.num >= 0 and fd.name startswith /etc/", "fd.name"},
		{"proc.aname[3] = systemd and fd.name = /etc/shadow", "fd.name"},
		{"fd.name = /etc/shadow or proc.name != bash", "proc.name"},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			f, err := CompileFilter(tt.cond, nil, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			p := f.eng.anyPlan
			in := p.code[p.entry]
			if in.op != opTest {
				t.Fatalf("first instruction is op %d, want a test", in.op)
			}
			if key := f.eng.leaves[in.id].key; !strings.HasPrefix(key, tt.first+" ") {
				t.Errorf("first test %q, want one of %s", key, tt.first)
			}
		})
	}
}

// TestSharing checks when a conjunct several rules share is tested once
// before them: when it is often false (a write), not when it is almost
// always true and costly (not a package manager, which needs the
// parent's name).
func TestSharing(t *testing.T) {
	const rules = `
- macro: pkg
  condition: proc.name in (apt, dpkg, rpm, yum) or proc.pname in (apt, dpkg, rpm, yum)
- macro: write
  condition: evt.is_open_write = true and fd.typechar = f
- rule: A
  desc: a
  condition: evt.type = openat and write and fd.name = /etc/shadow and not pkg
  output: a
  priority: WARNING
- rule: B
  desc: b
  condition: evt.type = openat and write and fd.name startswith /etc/cron and not pkg
  output: b
  priority: WARNING
- rule: C
  desc: c
  condition: evt.type = openat and write and fd.directory = /usr/bin and not pkg
  output: c
  priority: WARNING
`
	e := compileString(t, rules, testOptions())
	p := e.typePlans[typeIndex(t, "openat")]
	// The first tests, following the path where they hold; "pkg" is the
	// package manager macro (code of its own: three rules test it).
	var first []string
	for pc := p.entry; pc >= 0 && len(first) < 4; {
		in := p.code[pc]
		switch in.op {
		case opTest:
			first = append(first, strings.Fields(e.leaves[in.id].key)[0])
		case opSub, opMacro:
			first = append(first, "pkg")
		}
		pc = in.t
	}
	got := strings.Join(first, " ")
	if !strings.HasPrefix(got, "fd.typechar evt.is_open_write fd.") && !strings.HasPrefix(got, "evt.is_open_write fd.typechar fd.") {
		t.Errorf("tests in order %s: want the shared write, then a file test", got)
	}
	if !strings.Contains(got, "pkg") {
		t.Errorf("tests in order %s: the package manager exception is not tested after the file", got)
	}
}
