package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/replay"
	"github.com/peregrine-sec/peregrine/replay/config"
	"github.com/peregrine-sec/peregrine/replay/output"
	"github.com/peregrine-sec/peregrine/rules"
)

const replaySynopsis = "replay [-r RULES]... [-c CONFIG] [-o key=value]... [--json] [--since T] [--until T] [--min-priority P] [--filter CONDITION] [--fail-on-alert] [-q] FILE|GLOB..."

// replayFlags are the options of peregrine replay.
type replayFlags struct {
	rules       []string
	config      string
	overrides   []string
	json        bool
	since       string
	until       string
	minPriority string
	filter      string
	failOnAlert bool
	quiet       bool
	progress    string
}

func runReplay(ctx context.Context, e *env) error {
	var f replayFlags
	fs := newFlags(e, "replay", replaySynopsis)
	fs.StringArrayVarP(&f.rules, "rules", "r", nil, "rules file or directory; repeat for several (default: the configuration's rules_files, else the embedded rules)")
	fs.StringVarP(&f.config, "config", "c", "", "configuration file with Falco's keys (default: the embedded one, see docs/outputs.md)")
	fs.StringArrayVarP(&f.overrides, "option", "o", nil, "set a configuration key, as Falco's -o: key=value, block.key=value, list[]=value; repeat for several")
	fs.BoolVar(&f.json, "json", false, "print alerts as JSON objects (json_output=true)")
	fs.StringVar(&f.since, "since", "", "evaluate events from this time: RFC 3339, +DURATION after the capture start, or ns since the epoch")
	fs.StringVar(&f.until, "until", "", "evaluate events up to this time (same forms as --since)")
	fs.StringVar(&f.minPriority, "min-priority", "", "load only rules at least this severe (priority=...): emergency ... debug")
	fs.StringVar(&f.filter, "filter", "", "evaluate only events matching this Falco condition")
	fs.BoolVar(&f.failOnAlert, "fail-on-alert", false, "exit with status 3 if any rule raised an alert")
	fs.BoolVarP(&f.quiet, "quiet", "q", false, "do not print alerts on stdout (other outputs still get them) nor a progress bar")
	fs.StringVar(&f.progress, "progress", "auto", "progress bar on stderr: auto (on a terminal, for large inputs), always or never")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("no capture files given")
	}
	switch f.progress {
	case "auto", "always", "never":
	default:
		return usagef("--progress %q: want auto, always or never", f.progress)
	}

	cfg, err := loadReplayConfig(&f, e)
	if err != nil {
		return err
	}
	log := newLogger(cfg, e.stderr, "replay")
	defer log.close()

	set, err := loadRules(&f, cfg, log)
	if err != nil {
		return err
	}
	engine, err := compileRules(set, cfg, log)
	if err != nil {
		return err
	}
	var filter *rules.Filter
	if f.filter != "" {
		filter, err = rules.CompileFilter(f.filter, set, &rules.Options{Values: replay.Fields(), EventTypes: replay.EventTypeNames()})
		if err != nil {
			return usagef("--filter: %v", err)
		}
	}

	names, err := expandInputs(fs.Args())
	if err != nil {
		return err
	}
	inputs, err := openInputs(names)
	if err != nil {
		return err
	}
	defer closeInputs(inputs)
	since, until, err := timeRange(f.since, f.until, inputs)
	if err != nil {
		return err
	}

	sinks, err := openSinks(cfg, e)
	if err != nil {
		return err
	}
	disp := output.NewDispatcher(sinks, &output.DispatcherOptions{
		Capacity: cfg.OutputsQueueCapacity,
		OnError:  onceEach(log),
	})
	// Drops name their file; their alert names the file's host.
	hostOf := make(map[string]string, len(inputs))
	for i, in := range inputs {
		if h := in.Header(); h != nil {
			hostOf[names[i]] = h.Hostname
		}
	}
	opts := &replay.Options{
		Inputs: inputs,
		Engine: engine,
		Filter: filter,
		Since:  since,
		Until:  until,
		OnAlert: func(a *replay.Alert) {
			disp.Send(&output.Alert{
				Time:         a.Time,
				Rule:         a.Rule.Name,
				Priority:     outputPriority(a.Priority),
				Output:       a.Output,
				OutputFields: a.OutputFields,
				Hostname:     a.Hostname,
				Source:       a.Source,
				Tags:         a.Tags,
			})
		},
		OnDrop: func(d replay.Drop) {
			disp.Send(output.DropAlert(output.Drop(d), hostOf[d.File]))
		},
	}
	bar := newProgress(&f, e.stderr, inputs)
	if bar != nil {
		opts.Progress = bar.update
	}
	stats, runErr := replay.Run(ctx, opts)
	if bar != nil {
		bar.finish()
	}
	closeErr := disp.Close()
	if stats != nil {
		for _, w := range stats.Warnings {
			log.log(output.PriorityWarning, w.Error())
		}
		for sink, n := range disp.Failures() {
			log.log(output.PriorityError, fmt.Sprintf("%s output: %d of the alerts could not be delivered", sink, n))
		}
		interrupted := ctx.Err() != nil && errors.Is(runErr, ctx.Err())
		sum := summaryOf(stats, interrupted)
		w := e.stdout
		if cfg.JSONOutput && cfg.StdoutOutput.Enabled {
			w = e.stderr // keep stdout a stream of JSON objects
		}
		w.Write(output.AppendSummary(nil, sum, outputFormat(cfg)))
	}
	switch {
	case ctx.Err() != nil:
		return nil // interrupted: exit 130 after the summary
	case runErr != nil:
		return runErr
	case closeErr != nil && stats == nil:
		return closeErr
	case f.failOnAlert && stats.Alerts > 0:
		return &exitCodeError{code: exitMismatch}
	}
	return nil
}

// loadReplayConfig reads the configuration and applies the flags that
// override it.
func loadReplayConfig(f *replayFlags, e *env) (*config.Config, error) {
	cfg, warns, err := config.Load(f.config, f.overrides)
	if err != nil {
		if errors.Is(err, config.ErrOverride) {
			return nil, usagef("%v", err)
		}
		return nil, err
	}
	if f.json {
		cfg.JSONOutput = true
	}
	if f.quiet {
		cfg.StdoutOutput.Enabled = false
	}
	if f.minPriority != "" {
		p, err := output.ParsePriority(f.minPriority)
		if err != nil {
			return nil, usagef("--min-priority %q: want emergency, alert, critical, error, warning, notice, informational (info) or debug", f.minPriority)
		}
		cfg.Priority = p
	}
	log := newLogger(cfg, e.stderr, "replay")
	defer log.close()
	for _, w := range warns {
		p := output.PriorityWarning
		if w.Ignored {
			p = output.PriorityInformational
		}
		log.log(p, w.String())
	}
	return cfg, nil
}

// loadRules loads the rules -r names, else the configuration's
// rules_files, else the embedded default rules. Errors are printed like a
// compiler's and fail the command.
func loadRules(f *replayFlags, cfg *config.Config, log *logger) (*rules.Set, error) {
	var paths []string
	if len(f.rules) > 0 {
		p, err := config.ExpandRulesPaths(f.rules)
		if err != nil {
			return nil, err
		}
		paths = p
	} else {
		p, warns, err := cfg.RulesPaths()
		for _, w := range warns {
			log.log(output.PriorityWarning, w.String())
		}
		if err != nil {
			return nil, err
		}
		paths = p
	}
	var set *rules.Set
	var diags rules.Diagnostics
	if len(paths) == 0 {
		set, diags = rules.Load(rules.DefaultFiles()...)
	} else {
		set, diags = rules.LoadFiles(paths...)
	}
	if err := reportDiagnostics(diags, log, "load rules"); err != nil {
		return nil, err
	}
	return set, nil
}

// reportDiagnostics logs rule errors in full and warnings as a count (the
// rules validate command shows them), and returns an error if there are
// errors.
func reportDiagnostics(diags rules.Diagnostics, log *logger, what string) error {
	errs := diags.Errors()
	for _, d := range errs {
		log.log(output.PriorityError, strings.TrimRight(d.String(), "\n"))
	}
	if n := len(diags.Warnings()); n > 0 {
		log.log(output.PriorityInformational, fmt.Sprintf("the rules have %s; 'peregrine rules validate' shows them", countOf(n, "warning")))
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s: %s", what, countOf(len(errs), "error"))
	}
	return nil
}

// countOf returns "1 error", "2 errors".
func countOf(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// compileRules compiles the rule set with the configuration's priority,
// rule matching and rules: selections.
func compileRules(set *rules.Set, cfg *config.Config, log *logger) (*rules.Engine, error) {
	minPrio, _ := rules.ParsePriority(cfg.Priority.String())
	opts := &rules.Options{
		Values:      replay.Fields(),
		EventTypes:  replay.EventTypeNames(),
		MinPriority: minPrio,
	}
	if cfg.RuleMatching == "all" {
		opts.Matching = rules.MatchAll
	}
	engine, diags := rules.Compile(set, opts)
	if err := reportDiagnostics(diags, log, "compile rules"); err != nil {
		return nil, err
	}
	if len(cfg.Rules) == 0 {
		return engine, nil
	}
	enable, disable, changed := selectRules(set, engine, cfg.Rules)
	if !changed {
		return engine, nil
	}
	opts.Enable, opts.Disable = enable, disable
	engine, diags = rules.Compile(set, opts)
	if err := diags.Err(); err != nil {
		return nil, fmt.Errorf("compile rules: %w", err)
	}
	return engine, nil
}

// selectRules applies the rules: enable/disable list in order, as Falco
// does, to the rules the files enable (those of engine), and returns the
// Enable/Disable options that give the result: every rule disabled by its
// exact name, the selected ones enabled by theirs. changed is false when
// the selection leaves the engine's rules as they are.
func selectRules(set *rules.Set, engine *rules.Engine, sels []config.RuleSelection) (enable, disable []string, changed bool) {
	on := make(map[string]bool)
	for _, r := range engine.Rules() {
		on[r.Name] = true
	}
	for _, name := range set.RuleNames() {
		r := engine.Rule(name)
		if r == nil {
			continue
		}
		state := on[name]
		for _, s := range sels {
			if (s.Rule != "" && rules.MatchName(s.Rule, name)) || (s.Tag != "" && slices.Contains(r.Tags, s.Tag)) {
				state = s.Enable
			}
		}
		if state != on[name] {
			changed = true
		}
		disable = append(disable, name)
		if state {
			enable = append(enable, name)
		}
	}
	return enable, disable, changed
}

// outputPriority maps a rule priority onto the outputs' (syslog
// severities).
func outputPriority(p rules.Priority) output.Priority {
	return output.Priority(p - rules.Emergency)
}

// summaryOf turns replay stats into the printed summary.
func summaryOf(st *replay.Stats, interrupted bool) *output.Summary {
	s := &output.Summary{
		Detected:    st.Alerts,
		Events:      st.Events,
		Files:       st.Files,
		Elapsed:     st.Elapsed,
		Interrupted: interrupted,
	}
	for p, n := range st.ByPriority {
		if op := outputPriority(rules.Priority(p)); op.Valid() {
			s.ByPriority[op] += n
		}
	}
	for _, r := range st.ByRule {
		s.ByRule = append(s.ByRule, output.RuleCount{Rule: r.Rule, Count: r.Count})
	}
	for _, d := range st.Drops {
		s.Drops = append(s.Drops, output.Drop(d))
	}
	return s
}

// onceEach returns a dispatcher error handler that logs the first error of
// each output; the rest are counted and reported at the end.
func onceEach(log *logger) func(*output.SinkError) {
	var mu sync.Mutex
	seen := make(map[string]bool)
	return func(e *output.SinkError) {
		mu.Lock()
		first := !seen[e.Sink]
		seen[e.Sink] = true
		mu.Unlock()
		if first {
			log.log(output.PriorityError, e.Error())
		}
	}
}

// openInputs opens every capture file, or none.
func openInputs(names []string) ([]format.EventReader, error) {
	var inputs []format.EventReader
	for _, n := range names {
		in, err := replay.OpenInput(n)
		if err != nil {
			closeInputs(inputs)
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

func closeInputs(inputs []format.EventReader) {
	for _, in := range inputs {
		in.Close()
	}
}

// timeRange resolves --since and --until; relative times count from the
// earliest start of the inputs.
func timeRange(since, until string, inputs []format.EventReader) (int64, int64, error) {
	start := func() int64 {
		var t int64
		for _, in := range inputs {
			if h := in.Header(); h != nil && h.StartTime != 0 && (t == 0 || h.StartTime < t) {
				t = h.StartTime
			}
		}
		return t
	}
	s, err := parseTimeArg("since", since, start)
	if err != nil {
		return 0, 0, err
	}
	u, err := parseTimeArg("until", until, start)
	if err != nil {
		return 0, 0, err
	}
	if s != 0 && u != 0 && u < s {
		return 0, 0, usagef("--until is before --since")
	}
	return s, u, nil
}

// progressMin is the input size from which --progress=auto shows a bar.
const progressMin = 64 << 20

// progress is the progress bar on stderr.
type progress struct {
	bar   *progressbar.ProgressBar
	files int
}

func newProgress(f *replayFlags, stderr io.Writer, inputs []format.EventReader) *progress {
	if f.quiet || f.progress == "never" {
		return nil
	}
	var total int64
	for _, in := range inputs {
		if z, ok := in.(interface{ Size() int64 }); ok {
			total += z.Size()
		}
	}
	if f.progress == "auto" && (!isTerminal(stderr) || total < progressMin) {
		return nil
	}
	if total <= 0 {
		total = -1 // unknown: a spinner
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(stderr),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionThrottle(200*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetWidth(24),
		progressbar.OptionShowDescriptionAtLineEnd(),
		progressbar.OptionUseANSICodes(isTerminal(stderr)),
	)
	return &progress{bar: bar, files: len(inputs)}
}

func (p *progress) update(pr replay.Progress) {
	rate := 0.0
	if s := pr.Elapsed.Seconds(); s > 0 {
		rate = float64(pr.Events) / s
	}
	p.bar.Describe(fmt.Sprintf("file %d/%d, %.2fM events/s", min(pr.FilesDone+1, pr.Files), pr.Files, rate/1e6))
	p.bar.Set64(pr.BytesRead)
}

func (p *progress) finish() {
	p.bar.Finish()
	p.bar.Clear()
}

// expandInputs turns FILE|GLOB arguments into file names: an argument with
// glob characters (* ? [) stands for the files it matches, in name order,
// and must match at least one; any other argument is a file name as is.
func expandInputs(args []string) ([]string, error) {
	var names []string
	for _, a := range args {
		if !strings.ContainsAny(a, "*?[") {
			names = append(names, a)
			continue
		}
		m, err := filepath.Glob(a)
		if err != nil {
			return nil, usagef("bad pattern %q: %v", a, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("no file matches %q", a)
		}
		names = append(names, m...)
	}
	return names, nil
}

// parseTimeArg parses a --since/--until value: an RFC 3339 time, +DURATION
// after the capture start, or nanoseconds since the Unix epoch. "" is 0
// (unbounded). start is called only for a relative value.
func parseTimeArg(flag, s string, start func() int64) (int64, error) {
	switch {
	case s == "":
		return 0, nil
	case s[0] == '+':
		d, err := time.ParseDuration(s[1:])
		if err != nil || d < 0 {
			break
		}
		return start() + int64(d), nil
	case strings.Trim(s, "0123456789") == "":
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			break
		}
		return n, nil
	default:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			break
		}
		return t.UnixNano(), nil
	}
	return 0, usagef("--%s %q: want an RFC 3339 time (2024-05-06T07:08:09Z), +DURATION after the capture start (+10s, +1m30s) or nanoseconds since the epoch", flag, s)
}

// logger writes Peregrine's own messages (warnings, output errors) where
// log_stderr and log_syslog say, at log_level and above. It is safe for
// concurrent use: output errors come from the dispatcher's goroutine.
type logger struct {
	mu     sync.Mutex
	stderr io.Writer // nil: not to stderr
	syslog output.Sink
	level  output.Priority
	prefix string
}

func newLogger(cfg *config.Config, stderr io.Writer, cmd string) *logger {
	l := &logger{level: cfg.LogLevel, prefix: "peregrine " + cmd + ": "}
	if cfg.LogStderr {
		l.stderr = stderr
	}
	if cfg.LogSyslog {
		s, err := output.DialSyslog(&output.SyslogOptions{Address: cfg.SyslogOutput.Address, Facility: cfg.SyslogOutput.Facility})
		if err != nil {
			if l.stderr != nil {
				fmt.Fprintf(l.stderr, "%swarning: log_syslog: %v\n", l.prefix, err)
			}
		} else {
			l.syslog = s
		}
	}
	return l
}

// log writes msg at priority p (output.PriorityError, Warning, Notice...).
func (l *logger) log(p output.Priority, msg string) {
	if p > l.level {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stderr != nil {
		kind := ""
		switch {
		case p <= output.PriorityError:
			kind = "error: "
		case p == output.PriorityWarning:
			kind = "warning: "
		}
		fmt.Fprintf(l.stderr, "%s%s%s\n", l.prefix, kind, msg)
	}
	if l.syslog != nil {
		l.syslog.Send(&output.Alert{Time: time.Now().UnixNano(), Priority: p, Output: msg, Source: output.SourceInternal})
	}
}

func (l *logger) close() {
	if l.syslog != nil {
		l.syslog.Close()
	}
}

// outputFormat is the alert format the configuration asks for.
func outputFormat(cfg *config.Config) *output.Format {
	return &output.Format{
		JSON:             cfg.JSONOutput,
		ISO8601:          cfg.TimeFormatISO8601,
		OmitOutput:       !cfg.JSONIncludeOutputProperty,
		OmitTags:         !cfg.JSONIncludeTagsProperty,
		OmitOutputFields: !cfg.JSONIncludeOutputFieldsProperty,
		Message:          cfg.JSONIncludeMessageProperty,
	}
}

// openSinks opens the outputs the configuration enables. On error it
// closes what it opened.
func openSinks(cfg *config.Config, e *env) (sinks []output.Named, err error) {
	f := outputFormat(cfg)
	defer func() {
		if err != nil {
			for _, s := range sinks {
				s.Sink.Close()
			}
			sinks = nil
		}
	}()
	if cfg.StdoutOutput.Enabled {
		sinks = append(sinks, output.Named{Name: "stdout", Sink: output.NewWriter(e.stdout, f, &output.WriterOptions{Buffered: cfg.BufferedOutputs})})
	}
	if o := cfg.FileOutput; o.Enabled {
		s, err := output.OpenFile(o.Filename, &output.FileOptions{KeepAlive: o.KeepAlive, Buffered: cfg.BufferedOutputs, Format: f})
		if err != nil {
			return sinks, fmt.Errorf("file_output: %w", err)
		}
		sinks = append(sinks, output.Named{Name: "file", Sink: s})
	}
	if o := cfg.SyslogOutput; o.Enabled {
		s, err := output.DialSyslog(&output.SyslogOptions{Address: o.Address, Facility: o.Facility, Format: f})
		if err != nil {
			return sinks, fmt.Errorf("syslog_output: %w", err)
		}
		sinks = append(sinks, output.Named{Name: "syslog", Sink: s})
	}
	if o := cfg.ProgramOutput; o.Enabled {
		s, err := output.NewProgram(o.Program, &output.ProgramOptions{KeepAlive: o.KeepAlive, Buffered: cfg.BufferedOutputs,
			Format: f, Stdout: e.stdout, Stderr: e.stderr})
		if err != nil {
			return sinks, fmt.Errorf("program_output: %w", err)
		}
		sinks = append(sinks, output.Named{Name: "program", Sink: s})
	}
	if o := cfg.HTTPOutput; o.Enabled {
		opts := &output.HTTPOptions{
			UserAgent: o.UserAgent, Timeout: o.Timeout, Retries: o.Retries, Insecure: o.Insecure,
			CACert: o.CACert, CABundle: o.CABundle, CAPath: o.CAPath,
			Compress: o.CompressUploads, NoKeepAlive: !o.KeepAlive,
		}
		if o.Retries == 0 {
			opts.Retries = -1 // retries: 0 in the file means none
		}
		if o.MTLS {
			opts.ClientCert, opts.ClientKey = o.ClientCert, o.ClientKey
		}
		if o.Echo {
			opts.Echo = e.stdout
		}
		s, err := output.NewHTTP(o.URL, opts)
		if err != nil {
			return sinks, fmt.Errorf("http_output: %w", err)
		}
		sinks = append(sinks, output.Named{Name: "http", Sink: s})
	}
	return sinks, nil
}

// isTerminal reports whether w is a terminal (for the progress bar).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
