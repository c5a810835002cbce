package rules

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

func TestStrTable(t *testing.T) {
	long := strings.Repeat("x", 40)
	tests := []struct {
		name string
		vals []string
		in   []string
		out  []string
	}{
		{"empty set", nil, nil, []string{"", "a"}},
		{"empty string member", []string{"", "a"}, []string{"", "a"}, []string{"b", "aa"}},
		{"short", []string{"sh", "bash", "zsh", "dash"}, []string{"sh", "bash", "zsh", "dash"}, []string{"s", "ash", "bas", "bash ", "Bash"}},
		{"same ends", []string{"/etc/shadow", "/etc/gshadow", "/etc/shadow-"}, []string{"/etc/shadow", "/etc/gshadow", "/etc/shadow-"},
			[]string{"/etc/shadoW", "/etc/xshadow", "/etc/shadow--"}},
		{"long", []string{long + "a", long + "b", "a" + long}, []string{long + "a", long + "b", "a" + long}, []string{long, long + "c", "b" + long}},
		{"duplicates", []string{"a", "a", "b", "a"}, []string{"a", "b"}, []string{"c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := newStrTable(tc.vals)
			for _, s := range tc.in {
				if !tab.has(s) {
					t.Errorf("has(%q) = false, want true", s)
				} else if i := tab.index(s); tab.values[i] != s {
					t.Errorf("index(%q) = %d, the index of %q", s, i, tab.values[i])
				}
			}
			for _, s := range tc.out {
				if tab.has(s) {
					t.Errorf("has(%q) = true, want false", s)
				}
			}
		})
	}
}

// TestStrTableFallback checks that members alike at both ends (one hash
// for all) make a table fall back to a map, and that it still answers.
func TestStrTableFallback(t *testing.T) {
	var vals []string
	for i := range 100 {
		vals = append(vals, fmt.Sprintf("/same/prefix/%03d/same/suffix", i))
	}
	tab := newStrTable(vals)
	if tab.m == nil {
		t.Errorf("100 strings with one hash: table did not fall back to a map")
	}
	for _, v := range vals {
		if !tab.has(v) {
			t.Fatalf("has(%q) = false", v)
		}
	}
	if tab.has("/same/prefix/100/same/suffix") {
		t.Errorf("has(non-member) = true")
	}
}

// TestStrTableRandom compares tables of random strings with a map.
func TestStrTableRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	word := func() string {
		b := make([]byte, rng.Intn(20))
		for i := range b {
			b[i] = "abc/._-"[rng.Intn(7)]
		}
		return string(b)
	}
	for round := range 200 {
		var vals []string
		want := map[string]bool{}
		for range rng.Intn(300) {
			w := word()
			vals = append(vals, w)
			want[w] = true
		}
		tab := newStrTable(vals)
		for range 500 {
			w := word()
			if got := tab.has(w); got != want[w] {
				t.Fatalf("round %d: has(%q) = %v, want %v", round, w, got, want[w])
			}
		}
		for w := range want {
			if i := tab.index(w); i < 0 || tab.values[i] != w {
				t.Fatalf("round %d: index(member %q) = %d", round, w, i)
			}
		}
	}
}

// BenchmarkStringSet compares membership tests on a list of process
// names as rules write them: the table, Go's map, and length buckets.
func BenchmarkStringSet(b *testing.B) {
	names := strings.Fields(`apt apt-get aptitude dpkg dpkg-deb dpkg-divert yum dnf rpm rpmkeys microdnf zypper
		apk pacman snap snapd flatpak pip pip3 gem npm yarn conda brew sshd sudo su login passwd chpasswd
		useradd usermod userdel groupadd groupmod groupdel chage chsh chfn nginx httpd mysqld postgres
		redis-server mongod java node python python3 perl ruby bash sh dash zsh ksh csh tcsh fish busybox
		curl wget nc ncat netcat socat nmap tcpdump tshark dig nslookup whoami uname hostname id`)
	probes := []string{"nginx", "python3", "systemd", "kworker/0:1", "containerd-shim", "cat", "ls", "sshd", "bash", "node"}
	tab := newStrTable(names)
	m := map[string]struct{}{}
	for _, n := range names {
		m[n] = struct{}{}
	}
	// Length buckets: the members of each length, scanned (what sets
	// were before the table).
	var byLen [][]string
	for _, n := range names {
		for len(byLen) <= len(n) {
			byLen = append(byLen, nil)
		}
		byLen[len(n)] = append(byLen[len(n)], n)
	}
	buckets := func(s string) bool {
		if len(s) >= len(byLen) {
			return false
		}
		for _, v := range byLen[len(s)] {
			if v == s {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		name string
		has  func(string) bool
	}{
		{"table", tab.has},
		{"map", func(s string) bool { _, ok := m[s]; return ok }},
		{"buckets", buckets},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			n, i := 0, 0
			for b.Loop() {
				if c.has(probes[i]) {
					n++
				}
				i++
				if i == len(probes) {
					i = 0
				}
			}
			_ = n
		})
	}
}

func TestPrefixSet(t *testing.T) {
	tests := []struct {
		name   string
		vals   []string
		in     []string
		out    []string
		nKept  int
		anyStr bool
	}{
		{"paths", []string{"/etc/", "/usr/bin/", "/usr/sbin/", "/root/.ssh"}, []string{"/etc/passwd", "/etc/", "/usr/bin/ls", "/root/.ssh/id_rsa", "/root/.sshx"},
			[]string{"/etc", "/usr/lib/x", "/root/.ss", "", "/usr/bin"}, 4, false},
		{"covered prefixes dropped", []string{"/a", "/a/b/c", "/ab", "/a/c"}, []string{"/a", "/a/b/d", "/ab/x", "/az"}, []string{"/", "/b", "a"}, 1, false},
		{"empty prefix", []string{"/x", ""}, []string{"", "anything"}, nil, 0, true},
		{"between", []string{"/a/b/c", "/a/b/d"}, []string{"/a/b/c", "/a/b/dd"}, []string{"/a/b/cc"[:5], "/a/b/e", "/a/b/"}, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := newPrefixSet(tc.vals)
			if p.all != tc.anyStr || !p.all && len(p.ps) != tc.nKept {
				t.Errorf("kept %q (all %v), want %d prefixes (all %v)", p.ps, p.all, tc.nKept, tc.anyStr)
			}
			for _, s := range tc.in {
				if !p.match(s) {
					t.Errorf("match(%q) = false, want true", s)
				}
			}
			for _, s := range tc.out {
				if p.match(s) {
					t.Errorf("match(%q) = true, want false", s)
				}
			}
		})
	}
}

// TestPrefixSetRandom compares prefix sets of random strings with a scan.
func TestPrefixSetRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	word := func(max int) string {
		b := make([]byte, rng.Intn(max))
		for i := range b {
			b[i] = "ab/"[rng.Intn(3)]
		}
		return string(b)
	}
	for round := range 300 {
		var vals []string
		for range 1 + rng.Intn(20) {
			vals = append(vals, word(6))
		}
		p := newPrefixSet(vals)
		for range 300 {
			s := word(10)
			want := false
			for _, v := range vals {
				if strings.HasPrefix(s, v) {
					want = true
				}
			}
			if got := p.match(s); got != want {
				t.Fatalf("round %d: prefixes %q: match(%q) = %v, want %v", round, vals, s, got, want)
			}
		}
	}
}
