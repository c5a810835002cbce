package rules

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// programTests returns what the tests of a program compare, in the order
// the program calls them when every test holds: the field of a
// comparison (each of a run), "macro NAME" for a cached macro, "fused"
// for a cached fused predicate (a macro of comparisons only).
func programTests(p *typeProg) []string {
	var out []string
	for _, m := range regexp.MustCompile(`t\((\d+)\)`).FindAllStringSubmatch(p.src, -1) {
		id, _ := strconv.Atoi(m[1])
		t := p.tests[id]
		switch k := t.key.(type) {
		case *cMacro:
			out = append(out, "macro "+k.info.name)
			continue
		case *leaf:
			out = append(out, "fused")
			continue
		}
		switch t.kind {
		case testCheck:
			out = append(out, t.check.leaf.left.name)
		case testRun:
			for _, c := range t.run {
				out = append(out, c.leaf.left.name)
			}
		case testSub:
			out = append(out, "fused")
		}
	}
	return out
}

// TestOrder checks that a program tests the cheap and selective operands
// of an and or an or first, whatever the order they are written in.
func TestOrder(t *testing.T) {
	tests := []struct {
		cond  string
		first string // what the first test of the program compares
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
			got := programTests(f.eng.anyProg)
			if len(got) == 0 || got[0] != tt.first {
				t.Errorf("tests in order %v, want %s first (program %s)", got, tt.first, f.eng.anyProg.src)
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
	p := e.typeProgs[typeIndex(t, "openat")]
	// The first tests, following the path where they hold; "fused" is
	// the package manager macro (comparisons only: a fused predicate,
	// cached as three rules test it).
	got := strings.Join(programTests(p), " ")
	if !strings.HasPrefix(got, "fd.typechar evt.is_open_write fd.") && !strings.HasPrefix(got, "evt.is_open_write fd.typechar fd.") {
		t.Errorf("tests in order %s: want the shared write, then a file test (program %s)", got, p.src)
	}
	if !strings.Contains(got, "fd.name fused") {
		t.Errorf("tests in order %s: the package manager exception is not tested after the file (program %s)", got, p.src)
	}
}
