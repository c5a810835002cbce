package regress

import (
	"fmt"
	"slices"
	"strings"
)

// Alert is one alert a case's replay raised, as the comparison needs it.
type Alert struct {
	Rule     string
	Priority string // as Falco prints it: "Warning"
	Time     string // as the text output prints it
	Output   string // the rendered message, without time and priority
}

// Line renders a as Falco's text output does.
func (a Alert) Line() string { return a.Time + ": " + a.Priority + " " + a.Output }

// Mismatch is one difference between what a case expects and what
// happened.
type Mismatch struct {
	Kind Kind
	Rule string
	Want int // expected alerts
	Got  int // alerts raised
	// Alerts are the alerts of Rule that were raised (for unexpected and
	// count mismatches) or the expected outputs that were not seen.
	Lines []string
}

// Kind classifies a mismatch.
type Kind uint8

// Kinds of mismatch.
const (
	Missing    Kind = iota + 1 // an expected rule did not fire
	Unexpected                 // a rule fired that the case does not list
	WrongCount                 // the rule fired, but not as often as expected
	Output                     // the rule fired as often as expected, with other outputs
)

func (m Mismatch) String() string {
	var b strings.Builder
	switch m.Kind {
	case Missing:
		fmt.Fprintf(&b, "missing: %q did not fire (want %d)", m.Rule, m.Want)
	case Unexpected:
		fmt.Fprintf(&b, "unexpected: %q fired %d time%s", m.Rule, m.Got, plural(m.Got))
	case WrongCount:
		fmt.Fprintf(&b, "count: %q fired %d time%s, want %d", m.Rule, m.Got, plural(m.Got), m.Want)
	case Output:
		fmt.Fprintf(&b, "output: %q fired with other outputs", m.Rule)
	}
	for _, l := range m.Lines {
		b.WriteString("\n        ")
		b.WriteString(l)
	}
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// Compare returns the differences between the expectations and the
// alerts, rules in the order of the expectations first, then unexpected
// rules in the order they first fired.
func Compare(expect []Expectation, alerts []Alert) []Mismatch {
	byRule := map[string][]Alert{}
	var order []string
	for _, a := range alerts {
		if _, ok := byRule[a.Rule]; !ok {
			order = append(order, a.Rule)
		}
		byRule[a.Rule] = append(byRule[a.Rule], a)
	}
	var out []Mismatch
	listed := map[string]bool{}
	for _, e := range expect {
		listed[e.Rule] = true
		got := byRule[e.Rule]
		switch {
		case len(got) == 0:
			out = append(out, Mismatch{Kind: Missing, Rule: e.Rule, Want: e.Count, Lines: prefixed("want ", e.Outputs)})
		case len(got) != e.Count:
			out = append(out, Mismatch{Kind: WrongCount, Rule: e.Rule, Want: e.Count, Got: len(got), Lines: lines(got)})
		case len(e.Outputs) > 0 && !slices.Equal(e.Outputs, outputs(got)):
			m := Mismatch{Kind: Output, Rule: e.Rule, Want: e.Count, Got: len(got)}
			for i, want := range e.Outputs {
				if have := got[i].Output; have != want {
					m.Lines = append(m.Lines, "- "+want, "+ "+have)
				}
			}
			out = append(out, m)
		}
	}
	for _, r := range order {
		if !listed[r] {
			out = append(out, Mismatch{Kind: Unexpected, Rule: r, Got: len(byRule[r]), Lines: lines(byRule[r])})
		}
	}
	return out
}

// Expectations turns alerts into the expectations that would match them
// exactly (for --update). withOutputs lists the rules whose outputs are to
// be recorded too.
func Expectations(alerts []Alert, withOutputs map[string]bool) []Expectation {
	var out []Expectation
	index := map[string]int{}
	for _, a := range alerts {
		i, ok := index[a.Rule]
		if !ok {
			i = len(out)
			index[a.Rule] = i
			out = append(out, Expectation{Rule: a.Rule})
		}
		out[i].Count++
		if withOutputs[a.Rule] {
			out[i].Outputs = append(out[i].Outputs, a.Output)
		}
	}
	return out
}

// maxLines bounds the alert lines shown for one mismatch.
const maxLines = 5

func lines(as []Alert) []string {
	var out []string
	for i, a := range as {
		if i == maxLines {
			out = append(out, fmt.Sprintf("... and %d more", len(as)-maxLines))
			break
		}
		out = append(out, a.Line())
	}
	return out
}

func outputs(as []Alert) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Output
	}
	return out
}

func prefixed(p string, ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = p + s
	}
	return out
}
