package rules

import "testing"

func TestMatchName(t *testing.T) {
	tests := []struct {
		pattern, name string
		want          bool
	}{
		{"*", "Redirect STDOUT/STDIN to Network Connection in Container", true},
		{"Redirect*Container", "Redirect STDOUT/STDIN to Network Connection in Container", true},
		{"Write below etc", "Write below etc", true},
		{"Write below etc", "Write below etcetera", false},
		{"Write*", "Write below etc", true},
		{"*etc", "Write below etc", true},
		{"*below*", "Write below etc", true},
		{"a*a", "a", false},
		{"a*a", "aa", true},
		{"Rule [x]?", "Rule [x]?", true}, // no character but * is special
		{"Rule [x]?", "Rule x", false},
		{"", "", true},
		{"", "x", false},
	}
	for _, tt := range tests {
		if got := MatchName(tt.pattern, tt.name); got != tt.want {
			t.Errorf("MatchName(%q, %q) = %v, want %v", tt.pattern, tt.name, got, tt.want)
		}
	}
}
