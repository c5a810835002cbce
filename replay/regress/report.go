package regress

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
)

// Result is the outcome of one case.
type Result struct {
	Case       *Case
	Alerts     []Alert
	Mismatches []Mismatch
	// Err is set when the case could not be run (a capture that does not
	// open, rules that do not compile): a broken case, not a mismatch.
	Err     error
	Elapsed time.Duration
	// Events is the number of events replayed.
	Events uint64
}

// Passed reports whether the case ran and matched its expectations.
func (r *Result) Passed() bool { return r.Err == nil && len(r.Mismatches) == 0 }

// Totals counts results.
type Totals struct {
	Passed, Failed, Broken int
}

// Count returns the totals of results.
func Count(results []*Result) Totals {
	var t Totals
	for _, r := range results {
		switch {
		case r.Err != nil:
			t.Broken++
		case len(r.Mismatches) > 0:
			t.Failed++
		default:
			t.Passed++
		}
	}
	return t
}

// WriteText writes results as `go test` does: a block per failing case
// (every case with verbose), then the totals.
func WriteText(w io.Writer, results []*Result, verbose bool) error {
	ew := &errWriter{w: w}
	for _, r := range results {
		secs := r.Elapsed.Seconds()
		switch {
		case r.Err != nil:
			fmt.Fprintf(ew, "--- BROKEN: %s (%.2fs)\n    %v\n", r.Case.Name, secs, r.Err)
		case len(r.Mismatches) > 0:
			fmt.Fprintf(ew, "--- FAIL: %s (%.2fs)\n", r.Case.Name, secs)
			if r.Case.Description != "" {
				fmt.Fprintf(ew, "    %s\n", r.Case.Description)
			}
			for _, m := range r.Mismatches {
				fmt.Fprintf(ew, "    %s\n", m)
			}
		case verbose:
			fmt.Fprintf(ew, "--- PASS: %s (%.2fs)\n", r.Case.Name, secs)
		}
	}
	t := Count(results)
	fmt.Fprintf(ew, "%d passed, %d failed", t.Passed, t.Failed)
	if t.Broken > 0 {
		fmt.Fprintf(ew, ", %d broken", t.Broken)
	}
	fmt.Fprintln(ew)
	return ew.err
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// JUnit XML, as CI systems read it (the Jenkins/Ant schema).
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes results as JUnit XML: one test suite, one test case
// per corpus case.
func WriteJUnit(w io.Writer, results []*Result) error {
	t := Count(results)
	var total time.Duration
	suite := junitSuite{Name: "peregrine", Tests: len(results), Failures: t.Failed, Errors: t.Broken}
	for _, r := range results {
		total += r.Elapsed
		jc := junitCase{Name: r.Case.Name, ClassName: "corpus", Time: seconds(r.Elapsed), SystemOut: r.Case.Description}
		switch {
		case r.Err != nil:
			jc.Error = &junitProblem{Message: r.Err.Error(), Type: "broken"}
		case len(r.Mismatches) > 0:
			var b strings.Builder
			for _, m := range r.Mismatches {
				b.WriteString(m.String())
				b.WriteByte('\n')
			}
			jc.Failure = &junitProblem{
				Message: fmt.Sprintf("%d mismatch%s", len(r.Mismatches), map[bool]string{true: "", false: "es"}[len(r.Mismatches) == 1]),
				Type:    "mismatch",
				Text:    b.String(),
			}
		}
		suite.Cases = append(suite.Cases, jc)
	}
	suite.Time = seconds(total)
	doc := junitSuites{Tests: len(results), Failures: t.Failed, Errors: t.Broken, Time: suite.Time, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }
