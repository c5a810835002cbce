package rules

import "testing"

// TestGlob covers the patterns the analyzer passes as field arguments
// (container.mount.dest[...]).
func TestGlob(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"/proc*", "/proc/sys", true},
		{"/root*", "/root", true},
		{"/etc", "/etc/x", false},
		{"/var/run/*.sock", "/var/run/docker.sock", true},
		{"/a?c", "/abc", true},
		{"/[ab]x", "/bx", true},
		{"/[!ab]x", "/bx", false},
		{"*", "", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxbyy", false},
		{"/A*", "/a", false},
	}
	for _, tc := range tests {
		if got := Glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}
