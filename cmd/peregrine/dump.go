package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/replay"
	"github.com/peregrine-sec/peregrine/replay/config"
	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// dumpDefaultFormat is sysdig -r's line: number, time, CPU, process,
// thread, direction, type and arguments.
const dumpDefaultFormat = "*%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args"

func runDump(ctx context.Context, e *env) error {
	fs := newFlags(e, "dump", "dump [-p FORMAT] [-q] [-n N] [-r RULES]... [--since T] [--until T] FILE|GLOB [CONDITION...]")
	pfmt := fs.StringP("print", "p", "", "print each event with this %field format, as sysdig -p (default: \""+dumpDefaultFormat+"\")")
	quiet := fs.BoolP("quiet", "q", false, "print only the number of matching events")
	limit := fs.Int64P("count", "n", 0, "stop after this many matching events")
	ruleFiles := fs.StringArrayP("rules", "r", nil, "rules file or directory whose macros and lists CONDITION may use (default: the embedded rules')")
	since := fs.String("since", "", "list events from this time: RFC 3339, +DURATION after the capture start, or ns since the epoch")
	until := fs.String("until", "", "list events up to this time (same forms as --since)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the dump to `FILE` (for developers)")
	_ = fs.MarkHidden("cpuprofile")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no capture file given")
	}
	if *limit < 0 {
		return usagef("--count %d: want a positive number", *limit)
	}
	cond := strings.TrimSpace(strings.Join(fs.Args()[1:], " "))
	opts := &rules.Options{Values: replay.Fields(), EventTypes: replay.EventTypeNames()}

	var filter *rules.Filter
	if cond != "" {
		set, err := macroSet(*ruleFiles)
		if err != nil {
			return err
		}
		filter, err = rules.CompileFilter(cond, set, opts)
		if err != nil {
			return usagef("condition: %v", err)
		}
	}
	var tmpl *rules.Format
	if !*quiet {
		f := *pfmt
		if f == "" {
			f = dumpDefaultFormat
		}
		var err error
		if tmpl, err = rules.CompileFormat(f, opts); err != nil {
			return usagef("-p: %v", err)
		}
	}

	names, err := expandInputs(fs.Args()[:1])
	if err != nil {
		return err
	}
	inputs, err := openInputs(names)
	if err != nil {
		return err
	}
	defer closeInputs(inputs)
	s, u, err := timeRange(*since, *until, inputs)
	if err != nil {
		return err
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	w := bufio.NewWriterSize(e.stdout, 256<<10)
	var n int64
	var buf, esc []byte
	var werr error
	onEvent := func(ev fields.Event, e *format.Event) {
		if werr != nil || (*limit > 0 && n >= *limit) || dumpHidden(e.Type) {
			return
		}
		if tmpl != nil {
			// As sysdig -p: unless the format starts with '*', an
			// event missing one of its values is not printed.
			var ok bool
			if buf, ok = tmpl.TryRender(ev, buf[:0]); !ok {
				return
			}
		}
		n++
		if tmpl != nil {
			buf = escapeControls(buf, &esc)
			buf = append(buf, '\n')
			if _, werr = w.Write(buf); werr != nil {
				stop()
			}
		}
		if *limit > 0 && n >= *limit {
			stop()
		}
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("write CPU profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("write CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	_, runErr := replay.Run(runCtx, &replay.Options{Inputs: inputs, Filter: filter, Since: s, Until: u, OnEvent: onEvent})
	if *quiet {
		w.WriteString(strconv.FormatInt(n, 10))
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil && werr == nil {
		werr = err
	}
	switch {
	case ctx.Err() != nil:
		return nil // interrupted: exit 130
	case werr != nil:
		return fmt.Errorf("write events: %w", werr)
	case runErr != nil && !errors.Is(runErr, context.Canceled):
		return runErr
	}
	if filter != nil {
		if err := filter.Err(); err != nil {
			return fmt.Errorf("evaluate condition: %w", err)
		}
	}
	return nil
}

// dumpHidden reports whether dump leaves out events of type t, as sysdig
// -r does without -D: libsinsp's internal events (procinfo, scapevent,
// infra), which describe the capture rather than the host. They still
// update the state. Drop records are listed: they say where the recorder
// lost events.
func dumpHidden(t format.EventType) bool {
	return t.Info().Category&format.CatInternal != 0 && t != format.EvDrop
}

// macroSet loads the rules whose macros and lists a dump condition may
// use: the -r files, else the embedded default rules.
func macroSet(names []string) (*rules.Set, error) {
	var set *rules.Set
	var diags rules.Diagnostics
	if len(names) > 0 {
		paths, err := config.ExpandRulesPaths(names)
		if err != nil {
			return nil, err
		}
		set, diags = rules.LoadFiles(paths...)
	} else {
		set, diags = rules.Load(rules.DefaultFiles()...)
	}
	if err := diags.Err(); err != nil {
		return nil, fmt.Errorf("load rules: %w", err)
	}
	return set, nil
}

// escapeControls keeps one event on one line and the terminal safe from
// what a hostile capture holds: control characters other than tab (a
// newline in a file name, an escape sequence) become \n, \r or \xNN. b is
// returned as is when it has none; otherwise the result is built in
// *scratch.
func escapeControls(b []byte, scratch *[]byte) []byte {
	i := 0
	for i < len(b) && (b[i] >= 0x20 || b[i] == '\t') && b[i] != 0x7f {
		i++
	}
	if i == len(b) {
		return b
	}
	out := append((*scratch)[:0], b[:i]...)
	for _, c := range b[i:] {
		switch {
		case c == '\n':
			out = append(out, '\\', 'n')
		case c == '\r':
			out = append(out, '\\', 'r')
		case (c < 0x20 && c != '\t') || c == 0x7f:
			out = append(out, '\\', 'x', hexDigit[c>>4], hexDigit[c&0xf])
		default:
			out = append(out, c)
		}
	}
	*scratch = out
	return out
}

const hexDigit = "0123456789abcdef"
