package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/peregrine-sec/peregrine/replay/config"
	"github.com/peregrine-sec/peregrine/replay/output"
)

func runReplay(_ context.Context, e *env) error {
	return errors.New("not built yet")
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
