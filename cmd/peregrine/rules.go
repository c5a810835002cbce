package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/peregrine-sec/peregrine/replay"
	"github.com/peregrine-sec/peregrine/rules"
)

func rulesUsage(w io.Writer) {
	fmt.Fprintf(w, `Usage: peregrine rules COMMAND [OPTIONS] [ARGS]

Commands:
  validate FILE...        load and compile rule files, print errors and warnings
  list [FILE...]          list rules with priority, tags and event types
                          (the default rules when no file is given)
  describe NAME           show a rule with its macros expanded

Run 'peregrine rules COMMAND --help' for a command's options.
`)
}

func runRules(ctx context.Context, e *env) error {
	if len(e.args) == 0 {
		rulesUsage(e.stderr)
		return usagef("missing rules command: validate, list or describe")
	}
	sub := &env{args: e.args[1:], stdout: e.stdout, stderr: e.stderr}
	switch e.args[0] {
	case "validate":
		return runRulesValidate(ctx, sub)
	case "list":
		return runRulesList(ctx, sub)
	case "describe":
		return runRulesDescribe(ctx, sub)
	case "-h", "--help", "help":
		rulesUsage(e.stdout)
		return nil
	}
	return usagef("unknown rules command %q: expected validate, list or describe", e.args[0])
}

// loadRuleFiles loads the given files, or the embedded defaults when there
// are none, and compiles them in validation mode.
func loadRuleFiles(paths []string) (*rules.Engine, rules.Diagnostics) {
	var set *rules.Set
	var diags rules.Diagnostics
	if len(paths) == 0 {
		set, diags = rules.Load(rules.DefaultFiles()...)
	} else {
		set, diags = rules.LoadFiles(paths...)
	}
	eng, d := rules.Compile(set, &rules.Options{EventTypes: replay.EventTypeNames()})
	return eng, append(diags, d...)
}

type validateReport struct {
	Files       []string            `json:"files"`
	OK          bool                `json:"ok"`
	Errors      int                 `json:"errors"`
	Warnings    int                 `json:"warnings"`
	Rules       int                 `json:"rules"`
	Diagnostics []*rules.Diagnostic `json:"diagnostics"`
}

func runRulesValidate(_ context.Context, e *env) error {
	fs := newFlags(e, "rules validate", "rules validate [--json] [-v] FILE...")
	asJSON := fs.Bool("json", false, "print a JSON report")
	verbose := fs.BoolP("verbose", "v", false, "also print notes (requirements that do not apply)")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("rules validate needs at least one rules file")
	}
	eng, diags := loadRuleFiles(fs.Args())
	diags.Sort()
	rep := validateReport{Files: fs.Args(), Diagnostics: []*rules.Diagnostic{}}
	for _, d := range diags {
		switch d.Severity {
		case rules.SeverityError:
			rep.Errors++
		case rules.SeverityWarning:
			rep.Warnings++
		case rules.SeverityInfo:
			if !*verbose {
				continue
			}
		}
		rep.Diagnostics = append(rep.Diagnostics, d)
	}
	rep.OK = rep.Errors == 0
	if eng != nil {
		rep.Rules = len(eng.AllRules())
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		for _, d := range rep.Diagnostics {
			fmt.Fprintln(e.stdout, d)
		}
		files := strings.Join(rep.Files, ", ")
		switch {
		case !rep.OK:
			fmt.Fprintf(e.stdout, "%s: %s, %s\n", files, plural(rep.Errors, "error"), plural(rep.Warnings, "warning"))
		case rep.Warnings > 0:
			fmt.Fprintf(e.stdout, "%s: ok with %s (%s)\n", files, plural(rep.Warnings, "warning"), plural(rep.Rules, "rule"))
		default:
			fmt.Fprintf(e.stdout, "%s: ok (%s)\n", files, plural(rep.Rules, "rule"))
		}
	}
	if !rep.OK {
		return &exitCodeError{code: exitError}
	}
	return nil
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

type ruleSummary struct {
	Name       string   `json:"name"`
	Priority   string   `json:"priority"`
	Enabled    bool     `json:"enabled"`
	Tags       []string `json:"tags"`
	EventTypes []string `json:"event_types"` // empty: every type
	File       string   `json:"file"`
	Line       int      `json:"line"`
}

func summarize(r *rules.Rule) ruleSummary {
	return ruleSummary{Name: r.Name, Priority: r.Priority.String(), Enabled: r.Enabled(), Tags: nonNil(r.Tags),
		EventTypes: nonNil(r.EventTypes()), File: r.File, Line: r.Line}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// rulesOrFail loads rules and turns load errors into a printed report and
// exit status 1.
func rulesOrFail(e *env, paths []string) (*rules.Engine, error) {
	eng, diags := loadRuleFiles(paths)
	if err := diags.Err(); err != nil {
		for _, d := range diags.Errors() {
			fmt.Fprintln(e.stderr, d)
		}
		return nil, &exitCodeError{code: exitError, err: fmt.Errorf("rules do not load: %s", plural(len(diags.Errors()), "error"))}
	}
	return eng, nil
}

func runRulesList(_ context.Context, e *env) error {
	fs := newFlags(e, "rules list", "rules list [--json] [FILE...]")
	asJSON := fs.Bool("json", false, "print a JSON array")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	eng, err := rulesOrFail(e, fs.Args())
	if err != nil {
		return err
	}
	var list []ruleSummary
	for _, r := range eng.AllRules() {
		list = append(list, summarize(r))
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(nonNilSummaries(list))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tPRIORITY\tTAGS\tEVENT TYPES")
	for _, s := range list {
		name := s.Name
		if !s.Enabled {
			name += " (disabled)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, s.Priority, strings.Join(s.Tags, ","), describeTypes(s.EventTypes))
	}
	return tw.Flush()
}

func nonNilSummaries(s []ruleSummary) []ruleSummary {
	if s == nil {
		return []ruleSummary{}
	}
	return s
}

func describeTypes(ts []string) string {
	switch {
	case len(ts) == 0:
		return "(all)"
	case len(ts) > 12:
		return fmt.Sprintf("%s ... (%d types)", strings.Join(ts[:12], ","), len(ts))
	}
	return strings.Join(ts, ",")
}

func runRulesDescribe(_ context.Context, e *env) error {
	fs := newFlags(e, "rules describe", "rules describe [-r FILE]... [--json] NAME")
	files := fs.StringArrayP("rules", "r", nil, "rules `FILE` to load (repeatable; default: the embedded rules)")
	asJSON := fs.Bool("json", false, "print a JSON object")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("rules describe needs one rule name")
	}
	eng, err := rulesOrFail(e, *files)
	if err != nil {
		return err
	}
	name := fs.Arg(0)
	r := eng.Rule(name)
	if r == nil {
		return &exitCodeError{code: exitError, err: fmt.Errorf("no rule named %q%s", name, closestRule(eng, name))}
	}
	if *asJSON {
		out := struct {
			ruleSummary
			Desc      string `json:"desc"`
			Condition string `json:"condition"`
			Expanded  string `json:"expanded_condition"`
			Output    string `json:"output"`
			Source    string `json:"source"`
		}{summarize(r), r.Desc, r.Condition, r.Expanded(), r.Output, r.Source}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	w := e.stdout
	fmt.Fprintf(w, "rule:        %s\n", r.Name)
	fmt.Fprintf(w, "defined at:  %s:%d\n", r.File, r.Line)
	state := "enabled"
	if !r.Enabled() {
		state = "disabled"
	}
	fmt.Fprintf(w, "priority:    %s (%s)\n", r.Priority, state)
	fmt.Fprintf(w, "tags:        %s\n", strings.Join(r.Tags, ", "))
	fmt.Fprintf(w, "event types: %s\n", describeTypes(r.EventTypes()))
	fmt.Fprintf(w, "desc:        %s\n", oneLine(r.Desc))
	fmt.Fprintf(w, "output:      %s\n", oneLine(r.Output))
	fmt.Fprintf(w, "condition:\n  %s\n", oneLine(r.Condition))
	fmt.Fprintf(w, "expanded condition (macros, lists and exceptions in place):\n  %s\n", r.Expanded())
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func closestRule(eng *rules.Engine, name string) string {
	low := strings.ToLower(name)
	for _, r := range eng.AllRules() {
		if strings.Contains(strings.ToLower(r.Name), low) {
			return fmt.Sprintf(" (did you mean %q?)", r.Name)
		}
	}
	return ""
}
