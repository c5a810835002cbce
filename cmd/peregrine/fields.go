package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

type fieldJSON struct {
	Name       string   `json:"name"`
	Type       string   `json:"type"`
	Arg        string   `json:"arg,omitempty"`
	List       bool     `json:"list,omitempty"`
	Set        bool     `json:"set,omitempty"`
	FilterOnly bool     `json:"filter_only,omitempty"`
	Deprecated bool     `json:"deprecated,omitempty"`
	EventTypes []string `json:"event_types,omitempty"`
	Desc       string   `json:"desc"`
}

func runFields(_ context.Context, e *env) error {
	fs := newFlags(e, "fields", "fields [--json | --markdown] [PREFIX]")
	asJSON := fs.Bool("json", false, "print a JSON array")
	markdown := fs.Bool("markdown", false, "print the Markdown reference (docs/fields.md)")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if *asJSON && *markdown {
		return usagef("--json and --markdown exclude each other")
	}
	if fs.NArg() > 1 {
		return usagef("at most one field name prefix")
	}
	if *markdown {
		if fs.NArg() > 0 {
			return usagef("--markdown prints the whole catalogue")
		}
		return fields.Default.WriteMarkdown(e.stdout)
	}
	prefix := fs.Arg(0)
	var list []fields.Field
	for _, f := range fields.Default.All() {
		if strings.HasPrefix(f.Name, prefix) {
			list = append(list, f)
		}
	}
	if len(list) == 0 {
		return &exitCodeError{code: exitError, err: fmt.Errorf("no field starts with %q", prefix)}
	}
	if *asJSON {
		out := make([]fieldJSON, 0, len(list))
		for _, f := range list {
			out = append(out, fieldJSON{Name: f.Name, Type: f.Type.String(), Arg: f.Arg.String(), List: f.List,
				Set: f.Has(fields.SetOps), FilterOnly: f.Has(fields.FilterOnly), Deprecated: f.Has(fields.Deprecated),
				EventTypes: f.EventTypes, Desc: f.Desc})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FIELD\tTYPE\tARGUMENT\tDESCRIPTION")
	for _, f := range list {
		name := f.Name
		if f.Arg == fields.IndexArg || f.Arg == fields.OptIndexArg {
			name += "[N]"
		} else if f.Arg != fields.NoArg {
			name += "[KEY]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, f.Type, f.Arg, f.Desc)
	}
	return tw.Flush()
}
