package output

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Drop is a record of events the recorder lost: how many, on which CPU,
// over which interval, in which file. It is plain data.
type Drop struct {
	File       string
	CPU        int
	Lost       uint64
	Start, End int64 // ns since the Unix epoch
}

// DropRule is the rule name of the alert DropAlert makes, in the style of
// Falco's "Falco internal: syscall event drop".
const DropRule = "Peregrine internal: syscall event drop"

// DropAlert returns the alert-like message reporting d, as Falco reports
// its own drops: priority Debug, source internal, the facts in
// output_fields (which text alerts print after the message as key=value
// pairs, as Falco's). The time is the end of the interval, when the loss
// was recorded, so that the line falls in time order among the alerts.
func DropAlert(d Drop, hostname string) *Alert {
	return &Alert{
		Time:     d.End,
		Rule:     DropRule,
		Priority: PriorityDebug,
		Output: fmt.Sprintf("%s. %d events lost on CPU %d over %s.", DropRule, d.Lost, d.CPU,
			time.Duration(d.End-d.Start).Round(time.Microsecond)),
		OutputFields: map[string]any{
			"cpu":     d.CPU,
			"n_drops": d.Lost,
			"start":   d.Start,
			"end":     d.End,
			"file":    d.File,
		},
		Hostname: hostname,
		Source:   SourceInternal,
	}
}

// RuleCount is how often one rule fired. It is plain data.
type RuleCount struct {
	Rule  string
	Count uint64
}

// Summary is what a replay prints at its end (or when interrupted). It
// is plain data: AppendSummary only reads it.
type Summary struct {
	// Detected is the number of alerts raised by rules.
	Detected uint64
	// ByPriority counts the alerts by priority.
	ByPriority [NumPriorities]uint64
	// ByRule counts the alerts by rule, in the rules' load order.
	ByRule []RuleCount
	// Events is the number of events read; Files the number of files.
	Events  uint64
	Files   int
	Elapsed time.Duration
	// Drops are the drop records of the replayed files.
	Drops []Drop
	// Interrupted says the replay was stopped before the end.
	Interrupted bool
}

// AppendSummary appends the summary to dst. It begins with Falco's three
// sections, verbatim:
//
//	Events detected: 3
//	Rule counts by severity:
//	   WARNING: 2
//	   NOTICE: 1
//	Triggered rules by rule name:
//	   Write below etc: 2
//	   Shell in container: 1
//
// (only priorities and rules that fired), then the drops, if any, and the
// events read with the rate. f sets the time zone of drop times.
func AppendSummary(dst []byte, s *Summary, f *Format) []byte {
	dst = append(dst, "Events detected: "...)
	dst = strconv.AppendUint(dst, s.Detected, 10)
	dst = append(dst, "\nRule counts by severity:\n"...)
	for p, n := range s.ByPriority {
		if n > 0 {
			dst = append(dst, "   "...)
			dst = append(dst, Priority(p).Short()...)
			dst = append(dst, ": "...)
			dst = strconv.AppendUint(dst, n, 10)
			dst = append(dst, '\n')
		}
	}
	dst = append(dst, "Triggered rules by rule name:\n"...)
	for _, r := range s.ByRule {
		if r.Count > 0 {
			dst = append(dst, "   "...)
			dst = appendEscapedString(dst, r.Rule)
			dst = append(dst, ": "...)
			dst = strconv.AppendUint(dst, r.Count, 10)
			dst = append(dst, '\n')
		}
	}
	if len(s.Drops) > 0 {
		var lost uint64
		for _, d := range s.Drops {
			lost += d.Lost
		}
		dst = fmt.Appendf(dst, "Event drops in the capture: %d events lost (%s)\n", lost, plural(len(s.Drops), "drop record"))
		drops := slices.Clone(s.Drops)
		slices.SortStableFunc(drops, func(a, b Drop) int { return int64Cmp(a.Start, b.Start) })
		tf := Format{ISO8601: f != nil && f.ISO8601}
		if f != nil {
			tf.Location = f.Location
		}
		for _, d := range drops {
			dst = append(dst, "   CPU "...)
			dst = strconv.AppendInt(dst, int64(d.CPU), 10)
			dst = append(dst, ": "...)
			dst = strconv.AppendUint(dst, d.Lost, 10)
			dst = append(dst, " lost between "...)
			dst = tf.appendTime(dst, d.Start)
			dst = append(dst, " and "...)
			dst = tf.appendTime(dst, d.End)
			if d.File != "" {
				dst = append(dst, " in "...)
				dst = appendEscapedString(dst, d.File)
			}
			dst = append(dst, '\n')
		}
	}
	rate := 0.0
	if secs := s.Elapsed.Seconds(); secs > 0 {
		rate = float64(s.Events) / secs
	}
	dst = fmt.Appendf(dst, "Events read: %d from %s in %.3fs (%.0f events/s)\n",
		s.Events, plural(s.Files, "file"), s.Elapsed.Seconds(), rate)
	if s.Interrupted {
		dst = append(dst, "Interrupted: the counts cover the events read so far.\n"...)
	}
	return dst
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

func int64Cmp(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
