package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/peregrine-sec/peregrine/replay/output"
)

// maxDepth bounds the nesting of a configuration document (aliases
// included), which is tens of levels in any real file.
const maxDepth = 64

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML parses a configuration document into its node tree, whose root
// is a document node holding a mapping.
func parseYAML(name string, data []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := &Error{File: name, Kind: ErrSyntax, Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			e.Msg = m[2]
		}
		return nil, e
	}
	if err := expandEnvNodes(name, &doc, make(map[*yaml.Node]bool), 0); err != nil {
		return nil, err
	}
	if doc.Kind == 0 {
		doc = yaml.Node{Kind: yaml.DocumentNode}
	}
	if len(doc.Content) == 0 {
		doc.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}
	}
	root := doc.Content[0]
	if root.ShortTag() == "!!null" {
		*root = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: root.Line, Column: root.Column}
	}
	if root.Kind != yaml.MappingNode {
		return nil, &Error{File: name, Line: root.Line, Col: root.Column, Kind: ErrSyntax,
			Msg: "the configuration must be a mapping of keys to values"}
	}
	return &doc, nil
}

// decoder turns a node tree into a Config, collecting errors and warnings.
type decoder struct {
	file     string
	origins  *origins
	errs     []error
	warnings []Warning
	ignored  []*yaml.Node // Falco keys without effect, for one warning
	ignKeys  []string
	set      map[string]*yaml.Node // keys set by this document, with their value
}

// key describes one configuration key: its dotted path and how to store
// its value.
type key struct {
	path string
	set  func(d *decoder, c *Config, n *yaml.Node, path string)
}

func boolKey(path string, field func(c *Config) *bool) key {
	return key{path, func(d *decoder, c *Config, n *yaml.Node, p string) {
		if v, ok := d.boolean(n, p); ok {
			*field(c) = v
		}
	}}
}

func stringKey(path string, field func(c *Config) *string) key {
	return key{path, func(d *decoder, c *Config, n *yaml.Node, p string) {
		if v, ok := d.str(n, p); ok {
			*field(c) = v
		}
	}}
}

func intKey(path string, min int, field func(c *Config) *int) key {
	return key{path, func(d *decoder, c *Config, n *yaml.Node, p string) {
		s, ok := d.scalar(n, p, "an integer")
		if !ok {
			return
		}
		v, err := strconv.Atoi(s)
		if err != nil || v < min {
			d.errorf(n, p, ErrValue, "want an integer of at least %d, got %q", min, s)
			return
		}
		*field(c) = v
	}}
}

func priorityKey(path string, field func(c *Config) *output.Priority) key {
	return key{path, func(d *decoder, c *Config, n *yaml.Node, p string) {
		s, ok := d.scalar(n, p, "a priority")
		if !ok {
			return
		}
		v, err := output.ParsePriority(s)
		if err != nil {
			d.errorf(n, p, ErrValue, "unknown priority %q: want emergency, alert, critical, error, warning, notice, informational (info) or debug", s)
			return
		}
		*field(c) = v
	}}
}

// keys is every key Peregrine reads, Falco's and its own.
var keys = []key{
	{"rules_files", func(d *decoder, c *Config, n *yaml.Node, p string) { d.rulesFiles(c, n, p) }},
	{"rules_file", func(d *decoder, c *Config, n *yaml.Node, p string) { d.rulesFiles(c, n, p) }},
	// config_files is merged in before the document is decoded.
	{configFilesKey, func(*decoder, *Config, *yaml.Node, string) {}},
	{"rules", func(d *decoder, c *Config, n *yaml.Node, p string) {
		if v, ok := d.selections(n, p); ok {
			c.Rules = v
		}
	}},
	priorityKey("priority", func(c *Config) *output.Priority { return &c.Priority }),
	{"rule_matching", func(d *decoder, c *Config, n *yaml.Node, p string) {
		s, ok := d.scalar(n, p, "first or all")
		if !ok {
			return
		}
		switch strings.ToLower(s) {
		case "first", "all":
			c.RuleMatching = strings.ToLower(s)
		default:
			d.errorf(n, p, ErrValue, "want first or all, got %q", s)
		}
	}},
	boolKey("json_output", func(c *Config) *bool { return &c.JSONOutput }),
	boolKey("json_include_output_property", func(c *Config) *bool { return &c.JSONIncludeOutputProperty }),
	boolKey("json_include_tags_property", func(c *Config) *bool { return &c.JSONIncludeTagsProperty }),
	boolKey("json_include_message_property", func(c *Config) *bool { return &c.JSONIncludeMessageProperty }),
	boolKey("json_include_output_fields_property", func(c *Config) *bool { return &c.JSONIncludeOutputFieldsProperty }),
	boolKey("time_format_iso_8601", func(c *Config) *bool { return &c.TimeFormatISO8601 }),
	boolKey("buffered_outputs", func(c *Config) *bool { return &c.BufferedOutputs }),
	intKey("outputs_queue.capacity", 0, func(c *Config) *int { return &c.OutputsQueueCapacity }),
	boolKey("log_stderr", func(c *Config) *bool { return &c.LogStderr }),
	boolKey("log_syslog", func(c *Config) *bool { return &c.LogSyslog }),
	priorityKey("log_level", func(c *Config) *output.Priority { return &c.LogLevel }),

	boolKey("stdout_output.enabled", func(c *Config) *bool { return &c.StdoutOutput.Enabled }),

	boolKey("file_output.enabled", func(c *Config) *bool { return &c.FileOutput.Enabled }),
	boolKey("file_output.keep_alive", func(c *Config) *bool { return &c.FileOutput.KeepAlive }),
	stringKey("file_output.filename", func(c *Config) *string { return &c.FileOutput.Filename }),

	boolKey("syslog_output.enabled", func(c *Config) *bool { return &c.SyslogOutput.Enabled }),
	stringKey("syslog_output.address", func(c *Config) *string { return &c.SyslogOutput.Address }),
	{"syslog_output.facility", func(d *decoder, c *Config, n *yaml.Node, p string) {
		s, ok := d.scalar(n, p, "a facility")
		if !ok {
			return
		}
		if v, err := strconv.Atoi(s); err == nil && v >= 0 && v <= 23 {
			c.SyslogOutput.Facility = v
			return
		}
		v, err := output.ParseFacility(s)
		if err != nil {
			d.errorf(n, p, ErrValue, "unknown syslog facility %q: want user, daemon, auth, authpriv, local0 ... local7", s)
			return
		}
		c.SyslogOutput.Facility = v
	}},

	boolKey("program_output.enabled", func(c *Config) *bool { return &c.ProgramOutput.Enabled }),
	boolKey("program_output.keep_alive", func(c *Config) *bool { return &c.ProgramOutput.KeepAlive }),
	stringKey("program_output.program", func(c *Config) *string { return &c.ProgramOutput.Program }),

	boolKey("http_output.enabled", func(c *Config) *bool { return &c.HTTPOutput.Enabled }),
	stringKey("http_output.url", func(c *Config) *string { return &c.HTTPOutput.URL }),
	stringKey("http_output.user_agent", func(c *Config) *string { return &c.HTTPOutput.UserAgent }),
	boolKey("http_output.insecure", func(c *Config) *bool { return &c.HTTPOutput.Insecure }),
	stringKey("http_output.ca_cert", func(c *Config) *string { return &c.HTTPOutput.CACert }),
	stringKey("http_output.ca_bundle", func(c *Config) *string { return &c.HTTPOutput.CABundle }),
	stringKey("http_output.ca_path", func(c *Config) *string { return &c.HTTPOutput.CAPath }),
	boolKey("http_output.mtls", func(c *Config) *bool { return &c.HTTPOutput.MTLS }),
	stringKey("http_output.client_cert", func(c *Config) *string { return &c.HTTPOutput.ClientCert }),
	stringKey("http_output.client_key", func(c *Config) *string { return &c.HTTPOutput.ClientKey }),
	boolKey("http_output.echo", func(c *Config) *bool { return &c.HTTPOutput.Echo }),
	boolKey("http_output.compress_uploads", func(c *Config) *bool { return &c.HTTPOutput.CompressUploads }),
	boolKey("http_output.keep_alive", func(c *Config) *bool { return &c.HTTPOutput.KeepAlive }),
	{"http_output.timeout", func(d *decoder, c *Config, n *yaml.Node, p string) {
		s, ok := d.scalar(n, p, "a duration")
		if !ok {
			return
		}
		v, err := time.ParseDuration(s)
		if err != nil {
			ms, ierr := strconv.Atoi(s)
			if ierr != nil {
				d.errorf(n, p, ErrValue, "want a duration such as 10s or 500ms (or milliseconds), got %q", s)
				return
			}
			v = time.Duration(ms) * time.Millisecond
		}
		if v <= 0 {
			d.errorf(n, p, ErrValue, "want a positive duration, got %q", s)
			return
		}
		c.HTTPOutput.Timeout = v
	}},
	intKey("http_output.retries", -1, func(c *Config) *int { return &c.HTTPOutput.Retries }),
}

// falcoOnly are Falco keys (and sub-keys of blocks Peregrine reads) that
// have no effect on a replay. They are accepted and reported once.
var falcoOnly = map[string]bool{
	"append_output": true, "base_syscalls": true, "buffer_format_base64": true, "capture": true,
	"engine": true, "falco_libs": true, "libs_logger": true,
	"load_plugins": true, "metrics": true, "output_timeout": true, "plugins": true,
	"plugins_hostinfo": true, "static_fields": true, "syscall_event_drops": true,
	"syscall_event_timeouts": true, "watch_config_files": true, "webserver": true,
	"grpc": true, "grpc_output": true, "rule_files": true, "syscall_buf_size_preset": true,
	"modern_bpf": true, "container_engines": true, "json_include_output_fields_property_raw": true,
	"http_output.max_consecutive_timeouts": true,
}

var keyIndex, sections = func() (map[string]*key, map[string]bool) {
	idx := make(map[string]*key, len(keys))
	sec := make(map[string]bool)
	for i := range keys {
		idx[keys[i].path] = &keys[i]
		if j := strings.LastIndexByte(keys[i].path, '.'); j > 0 {
			sec[keys[i].path[:j]] = true
		}
	}
	return idx, sec
}()

func (d *decoder) decodeDoc(doc *yaml.Node, c *Config) {
	d.set = make(map[string]*yaml.Node)
	d.walk(doc.Content[0], "", c, 0)
	if len(d.ignKeys) > 0 {
		n := d.ignored[0]
		file, line, col := d.pos(n)
		d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Ignored: true,
			Msg: "ignoring Falco settings that have no effect on a replay: " + strings.Join(d.ignKeys, ", ")})
	}
	if rf, ok := d.set["rules_file"]; ok {
		if _, both := d.set["rules_files"]; both {
			d.errorf(rf, "rules_file", ErrInvalid, "both rules_files and rules_file are set: keep rules_files")
		} else {
			file, line, col := d.pos(rf)
			d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Key: "rules_file",
				Msg: "rules_file is deprecated: use rules_files"})
		}
	}
}

// resolve follows aliases.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

func (d *decoder) walk(m *yaml.Node, prefix string, c *Config, depth int) {
	if depth > maxDepth {
		d.errorf(m, prefix, ErrValue, "nested more than %d levels deep", maxDepth)
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		kn, vn := m.Content[i], resolve(m.Content[i+1])
		if vn == nil {
			continue
		}
		name := kn.Value
		path := name
		if prefix != "" {
			path = prefix + "." + name
		}
		switch {
		case kn.Kind == yaml.ScalarNode && name == "<<":
			// A merge key: its mapping's keys are this mapping's.
			if vn.Kind == yaml.MappingNode {
				d.walk(vn, prefix, c, depth+1)
			}
		case strings.Contains(name, "."):
			// One key holding a dot (in Falco, -o 'a\.b=...') is not the
			// dotted path a.b: Falco reads no such key.
			file, line, col := d.pos(kn)
			d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Key: path,
				Msg: "unknown key (a key with a dot in its name, not a nested key)"})
		case keyIndex[path] != nil:
			d.set[path] = vn
			keyIndex[path].set(d, c, vn, path)
		case sections[path]:
			switch {
			case vn.Kind == yaml.MappingNode:
				d.walk(vn, path, c, depth+1)
			case vn.ShortTag() == "!!null":
			default:
				d.errorf(vn, path, ErrValue, "want a mapping of keys (%s)", strings.Join(sectionKeys(path), ", "))
			}
		case falcoOnly[path]:
			d.ignored = append(d.ignored, kn)
			d.ignKeys = append(d.ignKeys, path)
		default:
			file, line, col := d.pos(kn)
			msg := "unknown key"
			if s := suggest(path); s != "" {
				msg += ": did you mean " + s + "?"
			}
			d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Key: path, Msg: msg})
		}
	}
}

func sectionKeys(section string) []string {
	var out []string
	for _, k := range keys {
		if strings.HasPrefix(k.path, section+".") {
			out = append(out, strings.TrimPrefix(k.path, section+"."))
		}
	}
	return out
}

// suggest returns a known key close to path (a typo), or "".
func suggest(path string) string {
	best, bestD := "", 3
	for _, k := range keys {
		if dist := editDistance(path, k.path); dist < bestD {
			best, bestD = k.path, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// pos returns where n comes from: a file position, or the -o option that
// made it.
func (d *decoder) pos(n *yaml.Node) (file string, line, col int) {
	if o := d.origins.of(n); o != "" {
		return o, 0, 0
	}
	if f := d.origins.file(n); f != "" {
		return f, n.Line, n.Column
	}
	return d.file, n.Line, n.Column
}

func (d *decoder) errorf(n *yaml.Node, key string, kind error, format string, args ...any) {
	file, line, col := d.pos(n)
	d.errs = append(d.errs, &Error{File: file, Line: line, Col: col, Key: key, Kind: kind, Msg: fmt.Sprintf(format, args...)})
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.ShortTag() == "!!null" {
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

// scalar returns n's text if n is a non-null scalar.
// A value that ${VAR} expansion left empty is not an error: the key keeps
// its default, as in Falco.
func (d *decoder) scalar(n *yaml.Node, key, want string) (string, bool) {
	if n.Tag == envEmptyTag {
		return "", false
	}
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, key, ErrValue, "want %s, got %s", want, describe(n))
		return "", false
	}
	return n.Value, true
}

func (d *decoder) boolean(n *yaml.Node, key string) (bool, bool) {
	s, ok := d.scalar(n, key, "true or false")
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true", "yes", "on", "y":
		return true, true
	case "false", "no", "off", "n":
		return false, true
	}
	d.errorf(n, key, ErrValue, "want true or false, got %q", s)
	return false, false
}

// str returns a string value; null is "".
func (d *decoder) str(n *yaml.Node, key string) (string, bool) {
	if n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!null" || n.Tag == envEmptyTag) {
		return "", true
	}
	return d.scalar(n, key, "a string")
}

// strings returns a list of strings; a single string is a list of one.
func (d *decoder) strings(n *yaml.Node, key string) ([]string, bool) {
	switch {
	case n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!null" || n.Tag == envEmptyTag):
		return []string{}, true
	case n.Kind == yaml.ScalarNode:
		return []string{n.Value}, true
	case n.Kind != yaml.SequenceNode:
		d.errorf(n, key, ErrValue, "want a list of strings, got %s", describe(n))
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	ok := true
	for i, it := range n.Content {
		it = resolve(it)
		if it == nil || it.Kind != yaml.ScalarNode || it.ShortTag() == "!!null" {
			d.errorf(it, fmt.Sprintf("%s[%d]", key, i), ErrValue, "want a string, got %s", describe(it))
			ok = false
			continue
		}
		out = append(out, it.Value)
	}
	return out, ok
}

// rulesFiles reads rules_files, noting the directory each entry is
// relative to, for RulesPaths: the main file's, an included file's, or
// the working directory for -o options.
func (d *decoder) rulesFiles(c *Config, n *yaml.Node, key string) {
	v, ok := d.strings(n, key)
	if !ok {
		return
	}
	c.RulesFiles = v
	c.rulesDir = make([]string, len(v))
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	for i := range v {
		if i < len(items) {
			it := resolve(items[i])
			switch {
			case d.origins.of(it) != "":
			case d.origins.file(it) != "":
				c.rulesDir[i] = filepath.Dir(d.origins.file(it))
			default:
				c.rulesDir[i] = c.dir
			}
		}
	}
}

// selections reads the rules: list of {enable|disable: {rule, tag}}.
func (d *decoder) selections(n *yaml.Node, key string) ([]RuleSelection, bool) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return []RuleSelection{}, true
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, key, ErrValue, "want a list of enable/disable entries, got %s", describe(n))
		return nil, false
	}
	const want = "want {enable: {rule: NAME}}, {disable: {tag: TAG}} or both rule and tag"
	out := make([]RuleSelection, 0, len(n.Content))
	ok := true
	for i, it := range n.Content {
		it = resolve(it)
		k := fmt.Sprintf("%s[%d]", key, i)
		if it == nil || it.Kind != yaml.MappingNode || len(it.Content) != 2 {
			d.errorf(it, k, ErrValue, "%s", want)
			ok = false
			continue
		}
		op, body := it.Content[0].Value, resolve(it.Content[1])
		if op != "enable" && op != "disable" {
			d.errorf(it.Content[0], k, ErrValue, "unknown selection %q: %s", op, want)
			ok = false
			continue
		}
		k += "." + op
		if body == nil || body.Kind != yaml.MappingNode {
			d.errorf(it, k, ErrValue, "%s", want)
			ok = false
			continue
		}
		sel := RuleSelection{Enable: op == "enable"}
		for j := 0; j+1 < len(body.Content); j += 2 {
			name, v := body.Content[j].Value, resolve(body.Content[j+1])
			var s string
			var good bool
			switch name {
			case "rule", "tag":
				s, good = d.scalar(v, k+"."+name, "a string")
			default:
				d.errorf(body.Content[j], k, ErrValue, "unknown key %q: want rule or tag", name)
			}
			if !good {
				ok = false
				continue
			}
			if name == "rule" {
				sel.Rule = s
			} else {
				sel.Tag = s
			}
		}
		if sel.Rule == "" && sel.Tag == "" {
			d.errorf(body, k, ErrValue, "%s", want)
			ok = false
			continue
		}
		out = append(out, sel)
	}
	return out, ok
}

// validate checks keys that must fit together.
func (d *decoder) validate(c *Config) {
	at := func(path string) (*yaml.Node, bool) {
		n, ok := d.set[path]
		return n, ok
	}
	need := func(block, key, value, what string) {
		n, ok := at(block + ".enabled")
		if v, set := at(block + "." + key); set {
			n, ok = v, true
		}
		if !ok {
			d.errs = append(d.errs, &Error{File: d.file, Key: block + "." + key, Kind: ErrInvalid,
				Msg: fmt.Sprintf("%s is enabled but has no %s", block, what)})
			return
		}
		if strings.TrimSpace(value) == "" {
			d.errorf(n, block+"."+key, ErrInvalid, "%s is enabled but has no %s", block, what)
		}
	}
	if c.FileOutput.Enabled {
		need("file_output", "filename", c.FileOutput.Filename, "filename")
	}
	if c.ProgramOutput.Enabled {
		need("program_output", "program", c.ProgramOutput.Program, "program")
	}
	if c.HTTPOutput.Enabled {
		need("http_output", "url", c.HTTPOutput.URL, "url")
		if c.HTTPOutput.URL != "" {
			u, err := url.Parse(c.HTTPOutput.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				n, ok := at("http_output.url")
				if !ok {
					n = &yaml.Node{}
				}
				d.errorf(n, "http_output.url", ErrValue, "want an http:// or https:// URL with a host, got %q", c.HTTPOutput.URL)
			}
		}
	}
	if c.HTTPOutput.MTLS && (c.HTTPOutput.ClientCert == "" || c.HTTPOutput.ClientKey == "") {
		n, ok := at("http_output.mtls")
		if !ok {
			n = &yaml.Node{}
		}
		d.errorf(n, "http_output.mtls", ErrInvalid, "mtls needs client_cert and client_key")
	}
}
