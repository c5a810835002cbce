package config

import (
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/peregrine-sec/peregrine/replay/output"
)

// DefaultYAML is the embedded default configuration: what `peregrine
// replay` uses without -c, and the value of every key a configuration file
// leaves out.
//
//go:embed default.yaml
var DefaultYAML []byte

// Config is a parsed peregrine.yaml. The zero value is not useful: get one
// from Default or Load. A Config is plain data, safe to read from several
// goroutines.
type Config struct {
	// RulesFiles are the rules_files entries (files or directories), as
	// written; RulesPaths expands them. Empty means the embedded rules.
	RulesFiles []string
	// Rules is the rules: list of enable/disable selections, in order.
	Rules []RuleSelection
	// Priority is the least severe priority of the rules to load.
	Priority output.Priority
	// RuleMatching is "first" or "all".
	RuleMatching string

	JSONOutput                      bool
	JSONIncludeOutputProperty       bool
	JSONIncludeTagsProperty         bool
	JSONIncludeMessageProperty      bool
	JSONIncludeOutputFieldsProperty bool
	TimeFormatISO8601               bool
	BufferedOutputs                 bool
	OutputsQueueCapacity            int

	LogStderr bool
	LogSyslog bool
	// LogLevel is the least severe of Peregrine's own messages to log.
	LogLevel output.Priority

	StdoutOutput  StdoutOutput
	FileOutput    FileOutput
	SyslogOutput  SyslogOutput
	ProgramOutput ProgramOutput
	HTTPOutput    HTTPOutput

	// File is the configuration file read, "" for the embedded default.
	File string
	// dir resolves relative rules_files entries of the file.
	dir string
	// Included are the files config_files merged in, in order.
	Included []string
	// rulesDir is, per RulesFiles entry, the directory a relative entry
	// is relative to: the directory of the file that holds it, "" (the
	// working directory) for -o options.
	rulesDir []string
}

// RuleSelection is one entry of the rules: list: enable or disable the
// rules whose name matches Rule (with * wildcards) and/or that carry Tag.
// It is plain data, as are the *Output blocks below.
type RuleSelection struct {
	Enable bool
	Rule   string
	Tag    string
}

// StdoutOutput is the stdout_output block.
type StdoutOutput struct {
	Enabled bool
}

// FileOutput is the file_output block.
type FileOutput struct {
	Enabled   bool
	KeepAlive bool
	Filename  string
}

// SyslogOutput is the syslog_output block. Address and Facility are
// Peregrine's additions; Falco always logs to the local socket as user.
type SyslogOutput struct {
	Enabled  bool
	Address  string
	Facility int
}

// ProgramOutput is the program_output block.
type ProgramOutput struct {
	Enabled   bool
	KeepAlive bool
	Program   string
}

// HTTPOutput is the http_output block. Timeout and Retries are Peregrine's
// additions.
type HTTPOutput struct {
	Enabled         bool
	URL             string
	UserAgent       string
	Insecure        bool
	CACert          string
	CABundle        string
	CAPath          string
	MTLS            bool
	ClientCert      string
	ClientKey       string
	Echo            bool
	CompressUploads bool
	KeepAlive       bool
	Timeout         time.Duration
	Retries         int
}

// Sentinel errors, wrapped by *Error.
var (
	// ErrSyntax is a configuration file that is not valid YAML.
	ErrSyntax = errors.New("config: not valid YAML")
	// ErrValue is a key with a value of the wrong type or out of range.
	ErrValue = errors.New("config: bad value")
	// ErrOverride is a -o option that is not key=value with a valid key.
	ErrOverride = errors.New("config: bad -o option")
	// ErrInvalid is a configuration whose keys do not fit together, such
	// as an enabled output without its destination.
	ErrInvalid = errors.New("config: invalid configuration")
)

// Error is a problem at a position of a configuration file or in a -o
// option. It unwraps to one of the sentinel errors. It is immutable once
// made.
type Error struct {
	File      string // the file, or `-o "key=value"` for an override
	Line, Col int    // 0 when not known
	Key       string // dotted key, "" when not known
	Msg       string
	Kind      error // ErrSyntax, ErrValue, ErrOverride or ErrInvalid
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *Error) Unwrap() error { return e.Kind }

// Warning is something odd in a configuration that does not stop it from
// being used: an unknown key, a deprecated one, a Falco key that has no
// effect in Peregrine. It is plain data.
type Warning struct {
	File      string
	Line, Col int
	Key       string
	Msg       string
	// Ignored marks a Falco key that Peregrine accepts and ignores.
	Ignored bool
}

func (w Warning) String() string {
	e := Error{File: w.File, Line: w.Line, Col: w.Col, Key: w.Key, Msg: w.Msg}
	return e.Error()
}

// Default returns the embedded default configuration (DefaultYAML).
func Default() *Config {
	c, _, err := Parse("", nil, nil)
	if err != nil {
		panic("config: embedded default configuration: " + err.Error())
	}
	return c
}

// Load reads the configuration file name ("" for the embedded default)
// and applies the -o overrides on top, in order. Keys the file leaves out
// keep their default values. The error, if any, joins every *Error found.
func Load(name string, overrides []string) (*Config, []Warning, error) {
	if name == "" {
		return Parse("", nil, overrides)
	}
	data, err := readLimited(name)
	if err != nil {
		return nil, nil, fmt.Errorf("read configuration %s: %w", name, unwrapPathError(err))
	}
	return Parse(name, data, overrides)
}

// Parse is Load for a file already read: data is the content of the file
// name; name "" means the embedded default (data is then ignored).
func Parse(name string, data []byte, overrides []string) (*Config, []Warning, error) {
	d := &decoder{}
	c := &Config{}
	base, err := parseYAML("<default configuration>", DefaultYAML)
	if err != nil {
		return nil, nil, err
	}
	doc := base
	if name != "" {
		c.File = name
		c.dir = filepath.Dir(name)
		if doc, err = parseYAML(name, data); err != nil {
			return nil, nil, err
		}
	}
	o := newOrigins()
	d.origins = o
	d.file = name
	if name == "" {
		d.file = "<default configuration>"
	}
	// As Falco: -o config_files options first, then the config_files
	// merged in, then every -o option (config_files ones again) on top.
	for _, ov := range overrides {
		if strings.HasPrefix(ov, configFilesKey) {
			if err := o.apply(doc, ov); err != nil {
				d.errs = append(d.errs, err)
			}
		}
	}
	if len(d.errs) == 0 {
		c.Included = d.mergeIncludes(doc, name)
	}
	for _, ov := range overrides {
		if err := o.apply(doc, ov); err != nil && !strings.HasPrefix(ov, configFilesKey) {
			d.errs = append(d.errs, err)
		}
	}
	if len(d.errs) > 0 {
		return nil, d.warnings, errors.Join(d.errs...)
	}
	if doc != base {
		// Defaults first, then the file over them.
		bd := &decoder{file: "<default configuration>", origins: newOrigins()}
		bd.decodeDoc(base, c)
		if len(bd.errs) > 0 || len(bd.warnings) > 0 {
			panic(fmt.Sprintf("config: embedded default configuration: %v %v", bd.errs, bd.warnings))
		}
	}
	d.decodeDoc(doc, c)
	d.validate(c)
	if len(d.errs) > 0 {
		return nil, d.warnings, errors.Join(d.errs...)
	}
	return c, d.warnings, nil
}

// RulesPaths expands RulesFiles: a directory stands for its *.yaml and
// *.yml files in name order; relative entries from a configuration file
// are relative to the file's directory. Entries that do not exist are
// left out with a warning (Falco skips them silently). An empty result
// with a non-empty RulesFiles is an error: no rules would be loaded.
func (c *Config) RulesPaths() ([]string, []Warning, error) {
	var paths []string
	var warns []Warning
	for i, f := range c.RulesFiles {
		p := f
		if !filepath.IsAbs(p) && i < len(c.rulesDir) && c.rulesDir[i] != "" {
			p = filepath.Join(c.rulesDir[i], p)
		}
		got, err := expandRulesPath(p)
		if errors.Is(err, fs.ErrNotExist) {
			warns = append(warns, Warning{File: c.fileName(), Key: "rules_files", Msg: fmt.Sprintf("skipping %s: %v", f, unwrapPathError(err))})
			continue
		}
		if err != nil {
			return nil, warns, err
		}
		paths = append(paths, got...)
	}
	if len(c.RulesFiles) > 0 && len(paths) == 0 {
		return nil, warns, &Error{File: c.fileName(), Key: "rules_files", Kind: ErrInvalid,
			Msg: fmt.Sprintf("none of the rules files exists: %s", strings.Join(c.RulesFiles, ", "))}
	}
	return paths, warns, nil
}

// ExpandRulesPaths expands rules file and directory names given on the
// command line (-r) as RulesPaths does, except that a name that does not
// exist is an error.
func ExpandRulesPaths(names []string) ([]string, error) {
	var paths []string
	for _, n := range names {
		got, err := expandRulesPath(n)
		if err != nil {
			return nil, err
		}
		paths = append(paths, got...)
	}
	return paths, nil
}

// expandRulesPath returns p, or for a directory its *.yaml and *.yml
// files in name order.
func expandRulesPath(p string) ([]string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("find rules: %w", err)
	}
	if !fi.IsDir() {
		return []string{p}, nil
	}
	entries, err := os.ReadDir(p)
	if err != nil {
		return nil, fmt.Errorf("read rules directory: %w", err)
	}
	var names []string
	for _, e := range entries {
		n := e.Name()
		if e.Type().IsDir() || !(strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml")) {
			continue
		}
		names = append(names, filepath.Join(p, n))
	}
	slices.Sort(names)
	return names, nil
}

func (c *Config) fileName() string {
	if c.File == "" {
		return "<default configuration>"
	}
	return c.File
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
