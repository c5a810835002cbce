package rules

import (
	"fmt"
	"strings"
)

// Priority is a rule's severity, in Falco's order: Emergency is the most
// severe, Debug the least, and a more severe priority compares less. The
// zero value means "no priority" (in Options.MinPriority: keep all).
type Priority int

// Priorities, most severe first.
const (
	Emergency Priority = iota + 1
	Alert
	Critical
	Error
	Warning
	Notice
	Informational
	Debug
)

var priorityNames = [...]string{"", "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"}

// String returns the priority as Falco prints it in text alerts:
// "Emergency", "Alert", "Critical", "Error", "Warning", "Notice",
// "Informational", "Debug".
func (p Priority) String() string {
	if p > 0 && int(p) < len(priorityNames) {
		return priorityNames[p]
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// ParsePriority reads a priority name in any case; "info" is accepted for
// Informational, as Falco does.
func ParsePriority(s string) (Priority, error) {
	for i, n := range priorityNames {
		if i > 0 && strings.EqualFold(s, n) {
			return Priority(i), nil
		}
	}
	if strings.EqualFold(s, "info") {
		return Informational, nil
	}
	return 0, fmt.Errorf("%w: unknown priority %q: expected one of emergency, alert, critical, error, warning, notice, informational (info), debug", ErrPriority, s)
}

// MarshalText writes the priority as String does.
func (p Priority) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads a priority as ParsePriority does.
func (p *Priority) UnmarshalText(b []byte) error {
	v, err := ParsePriority(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}
