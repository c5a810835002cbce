package output

import (
	"errors"
	"fmt"
	"strings"
)

// Priority is an alert's severity. The values are syslog's severities, as
// Falco's priorities are: PriorityEmergency is 0 and the most severe,
// PriorityDebug is 7. A smaller value is more severe.
type Priority int8

// Priorities, most severe first.
const (
	PriorityEmergency Priority = iota
	PriorityAlert
	PriorityCritical
	PriorityError
	PriorityWarning
	PriorityNotice
	PriorityInformational
	PriorityDebug
)

// NumPriorities is the number of priorities; valid ones are below it.
const NumPriorities = 8

var priorityNames = [NumPriorities]string{
	"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug",
}

// ErrPriority is returned by ParsePriority for a name that is not a priority.
var ErrPriority = errors.New("output: unknown priority")

// String returns the priority as Falco prints it in text alerts
// ("Warning", "Informational").
func (p Priority) String() string {
	if p < 0 || p >= NumPriorities {
		return fmt.Sprintf("Priority(%d)", int(p))
	}
	return priorityNames[p]
}

// Short returns the short form Falco's summary uses, in capitals
// ("WARNING", "INFO").
func (p Priority) Short() string {
	if p == PriorityInformational {
		return "INFO"
	}
	return strings.ToUpper(p.String())
}

// Valid reports whether p is one of the eight priorities.
func (p Priority) Valid() bool { return p >= 0 && p < NumPriorities }

// ParsePriority parses a priority name in any case; "info" is accepted for
// Informational, as Falco does.
func ParsePriority(s string) (Priority, error) {
	for i, n := range priorityNames {
		if strings.EqualFold(s, n) {
			return Priority(i), nil
		}
	}
	if strings.EqualFold(s, "info") {
		return PriorityInformational, nil
	}
	return 0, fmt.Errorf("%w %q (want one of emergency, alert, critical, error, warning, notice, informational, debug)", ErrPriority, s)
}

// SourceInternal is the Source of alerts Peregrine raises itself (drop
// records), as Falco's "internal" source.
const SourceInternal = "internal"

// Alert is one alert to deliver: a rule that matched an event, or an
// internal message such as a report of lost events.
//
// Sinks only read an Alert; one Alert may be sent to several sinks, from
// several goroutines, as long as nobody modifies it meanwhile.
type Alert struct {
	Time     int64 // of the event, ns since the Unix epoch
	Rule     string
	Priority Priority
	// Output is the rendered message, without the time and priority prefix.
	Output string
	// OutputFields are the values of the fields the message names, by field
	// name, as Falco's JSON output_fields. The formatter adds the event time.
	OutputFields map[string]any
	Hostname     string // the recorded host
	Source       string // "syscall", or SourceInternal
	Tags         []string
}
