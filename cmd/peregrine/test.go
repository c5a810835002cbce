package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"time"

	"github.com/peregrine-sec/peregrine/replay/regress"
	"github.com/peregrine-sec/peregrine/rules"
)

const testSynopsis = `test [PATH...] [-r RULES]... [--run REGEXP] [-j N] [--junit FILE] [--json] [--update] [-v]

Runs every corpus case under the paths (default: corpus) and compares the
alerts with each case's expectations (docs/corpus.md). Exit status 0 when
all pass, 3 on any mismatch, 1 when a case is broken.`

func runTest(ctx context.Context, e *env) error {
	fs := newFlags(e, "test", testSynopsis)
	var (
		ruleFiles = fs.StringArrayP("rules", "r", nil, "rule `FILE` run against every case instead of its own or the built-in rules (repeatable)")
		runExpr   = fs.String("run", "", "run only the cases whose name matches `REGEXP`")
		jobs      = fs.IntP("jobs", "j", 0, "run `N` cases at once (default: the number of CPUs)")
		junit     = fs.String("junit", "", "also write the results as JUnit XML to `FILE`")
		asJSON    = fs.Bool("json", false, "print the results as JSON")
		update    = fs.Bool("update", false, "rewrite the expectations of failing cases from what happened")
		verbose   = fs.BoolP("verbose", "v", false, "list passing cases too")
	)
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"corpus"}
	}
	opts := &regress.Options{Jobs: *jobs, Update: *update, Defaults: rules.DefaultFiles()}
	if *runExpr != "" {
		re, err := regexp.Compile(*runExpr)
		if err != nil {
			return usagef("--run: %v", err)
		}
		opts.Run = re
	}
	for _, p := range *ruleFiles {
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read rules: %w", err)
		}
		opts.Rules = append(opts.Rules, rules.File{Name: p, Data: data})
	}
	cases, err := regress.Discover(paths...)
	if err != nil {
		return err
	}
	if len(cases) == 0 {
		return fmt.Errorf("no cases under %v (a case is a folder with a %s)", paths, regress.CaseFile)
	}
	results, runErr := regress.Run(ctx, cases, opts)
	if *asJSON {
		err = writeTestJSON(e, results)
	} else {
		err = regress.WriteText(e.stdout, results, *verbose)
	}
	if err != nil {
		return err
	}
	if *junit != "" {
		if err := writeJUnitFile(*junit, results); err != nil {
			return err
		}
	}
	if runErr != nil {
		return runErr
	}
	t := regress.Count(results)
	switch {
	case t.Broken > 0:
		return &exitCodeError{code: exitError}
	case t.Failed > 0 && *update:
		fmt.Fprintf(e.stderr, "peregrine test: updated the expectations of %d case%s: review them with git diff\n", t.Failed, map[bool]string{true: "", false: "s"}[t.Failed == 1])
		return nil
	case t.Failed > 0:
		return &exitCodeError{code: exitMismatch}
	}
	return nil
}

func writeJUnitFile(name string, results []*regress.Result) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("write JUnit: %w", err)
	}
	err = regress.WriteJUnit(f, results)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write JUnit: %w", err)
	}
	return nil
}

type testCaseJSON struct {
	Case        string                `json:"case"`
	Description string                `json:"description"`
	Status      string                `json:"status"` // pass, fail, broken
	Error       string                `json:"error,omitempty"`
	Mismatches  []mismatchJSON        `json:"mismatches,omitempty"`
	Alerts      int                   `json:"alerts"`
	Events      uint64                `json:"events"`
	Elapsed     jsonDuration          `json:"elapsed"`
	Expect      []regress.Expectation `json:"expect"`
}

type mismatchJSON struct {
	Kind  string   `json:"kind"`
	Rule  string   `json:"rule"`
	Want  int      `json:"want"`
	Got   int      `json:"got"`
	Lines []string `json:"lines,omitempty"`
}

type jsonDuration time.Duration

func (d jsonDuration) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "%.3f", time.Duration(d).Seconds()), nil
}

var mismatchKinds = map[regress.Kind]string{
	regress.Missing: "missing", regress.Unexpected: "unexpected", regress.WrongCount: "count", regress.Output: "output",
}

func writeTestJSON(e *env, results []*regress.Result) error {
	out := struct {
		Cases  []testCaseJSON `json:"cases"`
		Passed int            `json:"passed"`
		Failed int            `json:"failed"`
		Broken int            `json:"broken"`
	}{Cases: []testCaseJSON{}}
	for _, r := range results {
		c := testCaseJSON{
			Case: r.Case.Name, Description: r.Case.Description, Status: "pass",
			Alerts: len(r.Alerts), Events: r.Events, Elapsed: jsonDuration(r.Elapsed), Expect: r.Case.Expect,
		}
		switch {
		case r.Err != nil:
			c.Status, c.Error = "broken", r.Err.Error()
		case len(r.Mismatches) > 0:
			c.Status = "fail"
		}
		for _, m := range r.Mismatches {
			c.Mismatches = append(c.Mismatches, mismatchJSON{Kind: mismatchKinds[m.Kind], Rule: m.Rule, Want: m.Want, Got: m.Got, Lines: m.Lines})
		}
		out.Cases = append(out.Cases, c)
	}
	t := regress.Count(results)
	out.Passed, out.Failed, out.Broken = t.Passed, t.Failed, t.Broken
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return errors.Join(errors.New("write results"), err)
	}
	return nil
}
