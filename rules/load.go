package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// EngineVersion is the Falco rules engine version Peregrine reads rule
// files as. Files with a required_engine_version above it, or of another
// major version, are refused, as Falco refuses them.
const EngineVersion = "0.63.0"

// Limits on rules content. Files are input from anywhere: these keep a
// hostile file from taking unbounded time or memory.
const (
	// MaxFileSize is the largest rules file Load accepts.
	MaxFileSize = 16 << 20
	// MaxYAMLNodes bounds the YAML nodes one file may expand to, counting
	// every use of an alias (a "billion laughs" file stops here).
	MaxYAMLNodes = 400_000
	// MaxListItems bounds the items of one list after lists named inside
	// it are expanded.
	MaxListItems = 100_000
)

// File is one rules file's name (used in diagnostics) and content.
type File struct {
	Name string
	Data []byte
}

// Set is the content of rules files after loading: rules, macros and
// lists with appends and overrides applied, ready for Compile. A Set is
// not modified by Compile and may be compiled many times, also
// concurrently.
type Set struct {
	files  []*srcFile
	rules  []*ruleInfo
	macros []*macroInfo
	lists  []*listInfo

	ruleByName  map[string]*ruleInfo
	macroByName map[string]*macroInfo
	listByName  map[string]*listInfo

	requiredEngine string
	plugins        []PluginRequirement

	seq int // Falco's definition counter, shared by every item kind

	loadErrors int // errors while loading: Compile then reports no unused items
}

// PluginRequirement is a required_plugin_versions entry. Peregrine has no
// plugins: requirements are recorded and reported as not applicable.
type PluginRequirement struct {
	Name, Version string
	Alternatives  []PluginRequirement
}

// RuleNames returns the names of the rules in the set, in load order.
func (s *Set) RuleNames() []string {
	out := make([]string, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.name
	}
	return out
}

// RequiredEngineVersion is the highest required_engine_version of the
// files, or "" when none says.
func (s *Set) RequiredEngineVersion() string { return s.requiredEngine }

// PluginRequirements lists the required_plugin_versions entries.
func (s *Set) PluginRequirements() []PluginRequirement { return s.plugins }

type ruleInfo struct {
	name            string
	desc            string
	cond            srcText
	output          srcText
	priority        Priority
	source          string
	tags            []string
	enabled         bool
	exceptions      []*exceptionInfo
	warnEvttypes    bool
	skipUnknown     bool
	capture         bool
	captureDuration int
	unknownSource   bool
	pos             filePos // the item
	condPos         filePos
	outputPos       filePos
	index           int
	visibility      int
}

type macroInfo struct {
	name       string
	cond       srcText
	pos        filePos
	index      int
	visibility int
}

type listInfo struct {
	name       string
	items      []listItem
	pos        filePos
	index      int
	visibility int
}

type listItem struct {
	text string
	pos  filePos
}

type exceptionInfo struct {
	name   string
	pos    filePos
	fields exEntry
	comps  exEntry
	values []exEntry
}

// exEntry is a scalar or a (nested) sequence of an exception.
type exEntry struct {
	valid  bool
	isList bool
	item   string
	items  []exEntry
	pos    filePos
}

// LoadFiles reads rules files from disk and loads them in order, as Load.
// A file that cannot be read is a LOAD_ERR_FILE_READ diagnostic.
func LoadFiles(paths ...string) (*Set, Diagnostics) {
	var files []File
	var diags Diagnostics
	for _, p := range paths {
		data, err := readLimited(p)
		if err != nil {
			diags = append(diags, &Diagnostic{Code: CodeFileRead, Severity: SeverityError, File: p,
				Message: fmt.Sprintf("read rules file: %v", unwrapPathError(err))})
			continue
		}
		files = append(files, File{Name: p, Data: data})
	}
	set, d := Load(files...)
	set.loadErrors += len(diags)
	return set, append(diags, d...)
}

func readLimited(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	return data, nil
}

func unwrapPathError(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Load reads rules files in order: later files define, append to,
// override and enable or disable what earlier ones defined. It always
// returns a Set with what could be read; Diagnostics lists what could not
// and what looks wrong. Use Diagnostics.Err to tell whether loading failed.
func Load(files ...File) (*Set, Diagnostics) {
	s := &Set{
		ruleByName:  map[string]*ruleInfo{},
		macroByName: map[string]*macroInfo{},
		listByName:  map[string]*listInfo{},
	}
	var diags Diagnostics
	for _, f := range files {
		r := &reader{set: s, diags: &diags}
		r.readFile(f)
	}
	s.loadErrors = len(diags.Errors())
	return s, diags
}

type reader struct {
	set   *Set
	file  *srcFile
	diags *Diagnostics
	nodes int // YAML nodes visited, aliases counted at each use
}

// itemFail aborts the item being read with a diagnostic; readItem
// recovers it. It plays the part of Falco's THROW.
type itemFail struct{ d *Diagnostic }

func (r *reader) diag(code string, sev Severity, p filePos, kind, name, msg string) *Diagnostic {
	d := &Diagnostic{Code: code, Severity: sev, File: p.name(), Line: p.line, Col: p.col,
		ItemKind: kind, ItemName: name, Message: msg}
	if p.file != nil && p.line > 0 {
		d.Snippet = p.file.snippet(p.line, p.col)
	}
	return d
}

func (r *reader) warn(code string, p filePos, kind, name, msg string) {
	*r.diags = append(*r.diags, r.diag(code, SeverityWarning, p, kind, name, msg))
}

func (r *reader) info(code string, p filePos, kind, name, msg string) {
	*r.diags = append(*r.diags, r.diag(code, SeverityInfo, p, kind, name, msg))
}

func (r *reader) fail(code string, n *yaml.Node, kind, name, format string, args ...any) {
	panic(itemFail{r.diag(code, SeverityError, nodePos(r.file, n), kind, name, fmt.Sprintf(format, args...))})
}

func (r *reader) readFile(f File) {
	if len(f.Data) > MaxFileSize {
		*r.diags = append(*r.diags, &Diagnostic{Code: CodeFileRead, Severity: SeverityError, File: f.Name,
			Message: fmt.Sprintf("file is larger than %d bytes", MaxFileSize)})
		return
	}
	r.file = newSrcFile(f.Name, f.Data)
	r.set.files = append(r.set.files, r.file)
	dec := yaml.NewDecoder(bytes.NewReader(f.Data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := decodeSafely(dec, &doc)
		if err == io.EOF {
			break
		}
		if err != nil {
			line, msg := yamlErrorLine(err)
			p := filePos{file: r.file, line: line, col: 1}
			if line == 0 {
				p = filePos{file: r.file}
			}
			*r.diags = append(*r.diags, r.diag(CodeYAMLParse, SeverityError, p, "", "", msg))
			return
		}
		docs = append(docs, &doc)
	}
	for _, doc := range docs {
		r.readDocument(doc)
	}
}

// decodeSafely decodes one YAML document, turning a panic inside the YAML
// library into an error: input is untrusted.
func decodeSafely(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("yaml: %v", p)
		}
	}()
	return dec.Decode(n)
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlErrorLine pulls the line number out of a yaml.v3 error message.
func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, m[2]
	}
	return 0, strings.TrimPrefix(msg, "yaml: ")
}

// resolve follows aliases, counting nodes against MaxYAMLNodes.
func (r *reader) resolve(n *yaml.Node, kind, name string) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	r.nodes++
	if r.nodes > MaxYAMLNodes {
		r.fail(CodeYAMLParse, n, kind, name, "document expands to more than %d YAML nodes (aliases counted at each use); refusing it", MaxYAMLNodes)
	}
	return n
}

func (r *reader) readDocument(doc *yaml.Node) {
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(itemFail)
			if !ok {
				panic(p)
			}
			*r.diags = append(*r.diags, f.d)
		}
	}()
	root := doc
	if root.Kind == yaml.DocumentNode {
		if len(root.Content) == 0 {
			return
		}
		root = root.Content[0]
	}
	root = r.resolve(root, "", "")
	if isNull(root) {
		return
	}
	if root.Kind != yaml.SequenceNode {
		if root.Kind == yaml.MappingNode {
			r.fail(CodeYAMLValidate, root, "", "", "rules content is not a YAML sequence of items: each rule, macro and list must be a '- ' entry")
		}
		r.fail(CodeYAMLValidate, root, "", "", "rules content is not YAML of items")
	}
	for _, item := range root.Content {
		r.readItem(item)
	}
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func (r *reader) readItem(item *yaml.Node) {
	defer func() {
		if p := recover(); p != nil {
			f, ok := p.(itemFail)
			if !ok {
				panic(p)
			}
			*r.diags = append(*r.diags, f.d)
		}
	}()
	item = r.resolve(item, "", "")
	if isNull(item) {
		return
	}
	if item.Kind != yaml.MappingNode {
		r.fail(CodeYAMLValidate, item, "", "", "unexpected element type: each element should be a YAML mapping (rule, macro, list, ...)")
	}
	switch {
	case r.get(item, "required_engine_version") != nil:
		r.readEngineVersion(item)
	case r.get(item, "required_plugin_versions") != nil:
		r.readPluginVersions(item)
	case r.get(item, "list") != nil:
		r.readList(item)
	case r.get(item, "macro") != nil:
		r.readMacro(item)
	case r.get(item, "rule") != nil:
		r.readRule(item)
	default:
		r.warn(CodeUnknownItem, nodePos(r.file, item), KindItem, "", "unknown top level item "+describeKeys(item)+": expected rule, macro, list, required_engine_version or required_plugin_versions; it is ignored")
	}
}

func describeKeys(m *yaml.Node) string {
	var keys []string
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys = append(keys, strconv.Quote(m.Content[i].Value))
	}
	if len(keys) == 0 {
		return "(empty mapping)"
	}
	if len(keys) > 3 {
		keys = append(keys[:3], "...")
	}
	return "with keys " + strings.Join(keys, ", ")
}

// get returns the value for key in mapping m (the first, if repeated), or nil.
func (r *reader) get(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// getKey returns the key node for key, for positions.
func (r *reader) getKey(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if k.Kind == yaml.ScalarNode && k.Value == key {
			return k
		}
	}
	return nil
}

// scalar decodes a required, non-empty scalar value, as Falco's decode_val.
func (r *reader) scalar(m *yaml.Node, key, kind, name string) (string, *yaml.Node) {
	v := r.get(m, key)
	if v == nil {
		r.fail(CodeYAMLValidate, m, kind, name, "item has no mapping for key '%s'", key)
	}
	v = r.resolve(v, kind, name)
	if isNull(v) {
		r.fail(CodeYAMLValidate, r.getKey(m, key), kind, name, "mapping for key '%s' is empty", key)
	}
	if v.Kind != yaml.ScalarNode {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' is not a scalar value", key)
	}
	if v.Value == "" {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' must be non-empty", key)
	}
	return v.Value, v
}

// optScalar decodes an optional scalar; ok is false when absent. Empty
// values are allowed when canBeEmpty.
func (r *reader) optScalar(m *yaml.Node, key, kind, name string, canBeEmpty bool) (string, *yaml.Node, bool) {
	v := r.get(m, key)
	if v == nil {
		return "", nil, false
	}
	v = r.resolve(v, kind, name)
	if isNull(v) {
		if canBeEmpty {
			return "", v, true
		}
		r.fail(CodeYAMLValidate, r.getKey(m, key), kind, name, "mapping for key '%s' is empty", key)
	}
	if v.Kind != yaml.ScalarNode {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' is not a scalar value", key)
	}
	if v.Value == "" && !canBeEmpty {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' must be non-empty", key)
	}
	return v.Value, v, true
}

// optBool decodes an optional boolean the way yaml-cpp (and so Falco)
// reads one: true/false, yes/no, on/off, y/n in lower, title or upper case.
func (r *reader) optBool(m *yaml.Node, key, kind, name string) (bool, bool) {
	s, v, ok := r.optScalar(m, key, kind, name, false)
	if !ok {
		return false, false
	}
	b, good := parseYAMLBool(s)
	if !good {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' is not a boolean: %q (expected true or false)", key, s)
	}
	return b, true
}

func parseYAMLBool(s string) (bool, bool) {
	switch s {
	case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
		return true, true
	case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
		return false, true
	}
	return false, false
}

func (r *reader) optInt(m *yaml.Node, key, kind, name string) (int, bool) {
	s, v, ok := r.optScalar(m, key, kind, name, false)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 0, 31)
	if err != nil {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' is not a non-negative integer: %q", key, s)
	}
	return int(n), true
}

// seqOfScalars decodes a sequence of scalars (list items, tags).
func (r *reader) seqOfScalars(m *yaml.Node, key, kind, name string, required bool) ([]listItem, bool) {
	v := r.get(m, key)
	if v == nil {
		if required {
			r.fail(CodeYAMLValidate, m, kind, name, "item has no mapping for key '%s'", key)
		}
		return nil, false
	}
	v = r.resolve(v, kind, name)
	if v.Kind != yaml.SequenceNode {
		r.fail(CodeYAMLValidate, v, kind, name, "value of '%s' is not a sequence", key)
	}
	out := make([]listItem, 0, len(v.Content))
	for _, e := range v.Content {
		e = r.resolve(e, kind, name)
		if e.Kind != yaml.ScalarNode {
			r.fail(CodeYAMLValidate, e, kind, name, "sequence value in '%s' is not a scalar", key)
		}
		if len(out) >= MaxListItems {
			r.fail(CodeYAMLValidate, e, kind, name, "'%s' has more than %d items", key, MaxListItems)
		}
		val := e.Value
		if e.Tag == "!!null" {
			val = ""
		}
		out = append(out, listItem{text: val, pos: nodePos(r.file, e)})
	}
	return out, true
}

func (r *reader) warnUnknownKeys(m *yaml.Node, expected []string, kind, name string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		known := false
		for _, e := range expected {
			if k.Value == e {
				known = true
				break
			}
		}
		if !known {
			r.warn(CodeUnknownKey, nodePos(r.file, k), kind, name, fmt.Sprintf("unknown key '%s'; the key is ignored", k.Value))
		}
	}
}

func (r *reader) readEngineVersion(item *yaml.Node) {
	s, v := r.scalar(item, "required_engine_version", KindEngineVersion, "")
	ver := s
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		ver = fmt.Sprintf("0.%d.0", n)
	}
	want, ok := parseSemver(ver)
	if !ok {
		r.fail(CodeYAMLValidate, v, KindEngineVersion, "", "unable to parse engine version '%s' as a semver string: expected \"x.y.z\"", s)
	}
	have, _ := parseSemver(EngineVersion)
	if want[0] != have[0] || compareSemver(have, want) < 0 {
		r.fail(CodeValidate, v, KindEngineVersion, "", "rules require engine version %s, but engine version is %s", ver, EngineVersion)
	}
	if r.set.requiredEngine == "" {
		r.set.requiredEngine = ver
	} else if cur, _ := parseSemver(r.set.requiredEngine); compareSemver(cur, want) < 0 {
		r.set.requiredEngine = ver
	}
	r.warnUnknownKeys(item, []string{"required_engine_version"}, KindEngineVersion, "")
}

func parseSemver(s string) ([3]uint64, bool) {
	var v [3]uint64
	s = strings.TrimPrefix(s, "v")
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

func compareSemver(a, b [3]uint64) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

func (r *reader) readPluginVersions(item *yaml.Node) {
	reqs := r.resolve(r.get(item, "required_plugin_versions"), KindPluginVersion, "")
	if reqs.Kind != yaml.SequenceNode {
		r.fail(CodeYAMLValidate, reqs, KindPluginVersion, "", "value of required_plugin_versions must be a sequence")
	}
	for _, pn := range reqs.Content {
		pn = r.resolve(pn, KindPluginVersion, "")
		if pn.Kind != yaml.MappingNode {
			r.fail(CodeYAMLValidate, pn, KindPluginVersion, "", "plugin version must be a mapping with name and version")
		}
		name, _ := r.scalar(pn, "name", KindPluginVersion, "")
		ver, vn := r.scalar(pn, "version", KindPluginVersion, name)
		if _, ok := parseSemver(ver); !ok {
			r.fail(CodeValidate, vn, KindPluginVersion, name, "invalid required version '%s' for plugin '%s'", ver, name)
		}
		req := PluginRequirement{Name: name, Version: ver}
		seen := map[string]bool{name: true}
		if alts := r.get(pn, "alternatives"); alts != nil {
			alts = r.resolve(alts, KindPluginVersion, name)
			if alts.Kind != yaml.SequenceNode {
				r.fail(CodeYAMLValidate, alts, KindPluginVersion, name, "value of plugin version alternatives must be a sequence")
			}
			for _, an := range alts.Content {
				an = r.resolve(an, KindPluginVersion, name)
				if an.Kind != yaml.MappingNode {
					r.fail(CodeYAMLValidate, an, KindPluginVersion, name, "plugin version alternative must be a mapping")
				}
				aname, _ := r.scalar(an, "name", KindPluginVersion, name)
				aver, avn := r.scalar(an, "version", KindPluginVersion, aname)
				if _, ok := parseSemver(aver); !ok {
					r.fail(CodeValidate, avn, KindPluginVersion, aname, "invalid required version '%s' for plugin '%s'", aver, aname)
				}
				if seen[aname] {
					r.fail(CodeValidate, an, KindPluginVersion, aname, "defined multiple alternative version requirements for plugin '%s'", aname)
				}
				seen[aname] = true
				req.Alternatives = append(req.Alternatives, PluginRequirement{Name: aname, Version: aver})
			}
		}
		r.set.plugins = append(r.set.plugins, req)
		r.info(CodeNotApplicable, nodePos(r.file, pn), KindPluginVersion, name,
			fmt.Sprintf("plugin requirement %s %s does not apply: Peregrine loads no plugins (container and k8s fields are built in)", name, ver))
	}
	r.warnUnknownKeys(item, []string{"required_plugin_versions"}, KindPluginVersion, "")
}

// decodeOverrides reads an item's override mapping into the keys to
// append to and the keys to replace.
func (r *reader) decodeOverrides(item *yaml.Node, appendable, replaceable []string, kind, name string) (app, repl []string) {
	ov := r.get(item, "override")
	if ov == nil {
		return nil, nil
	}
	ov = r.resolve(ov, kind, name)
	if ov.Kind != yaml.MappingNode {
		r.fail(CodeYAMLValidate, ov, kind, name, "value of 'override' must be a mapping of keys to append or replace")
	}
	for i := 0; i+1 < len(ov.Content); i += 2 {
		k := ov.Content[i]
		v := r.resolve(ov.Content[i+1], kind, name)
		key := k.Value
		canApp, canRepl := contains(appendable, key), contains(replaceable, key)
		op := ""
		if v.Kind == yaml.ScalarNode {
			op = v.Value
		}
		switch op {
		case "append":
			if !canApp {
				r.fail(CodeYAMLValidate, k, kind, name, "key '%s' cannot be appended to, use 'replace' instead", key)
			}
			app = append(app, key)
		case "replace":
			if !canRepl {
				r.fail(CodeYAMLValidate, k, kind, name, "key '%s' cannot be replaced", key)
			}
			repl = append(repl, key)
		default:
			var allowed []string
			if canApp {
				allowed = append(allowed, "append")
			}
			if canRepl {
				allowed = append(allowed, "replace")
			}
			r.fail(CodeYAMLValidate, v, kind, name, "invalid override operation for key '%s': '%s'; allowed values are: %s", key, op, strings.Join(allowed, ", "))
		}
	}
	return app, repl
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

const (
	msgAppendDeprecated  = "'append' key is deprecated: add an 'append' entry (e.g. 'condition: append') under 'override' instead"
	msgEnabledDeprecated = "the standalone 'enabled' key is deprecated: add 'enabled: replace' under 'override'"
	msgOverrideAndAppend = "keys 'override' and 'append: true' cannot be used together: add an 'append' entry (e.g. 'condition: append') under 'override' instead"
)

var (
	identifierRE = regexp.MustCompile(`^[a-zA-Z]+[a-zA-Z0-9_]*$`)
	bareStrRE    = regexp.MustCompile(`^[^()"'\s=,]+$`)
)

func (r *reader) readList(item *yaml.Node) {
	name, _ := r.scalar(item, "list", KindList, "")
	pos := nodePos(r.file, item)
	if !bareStrRE.MatchString(name) {
		r.warn(CodeInvalidListName, pos, KindList, name, `list has an invalid name: list names should match the regular expression ([^()"'[:space:]=,]+)`)
	}
	items, _ := r.seqOfScalars(item, "items", KindList, name, true)
	appendFlag, _ := r.optBool(item, "append", KindList, name)
	if appendFlag {
		r.warn(CodeDeprecatedItem, pos, KindList, name, msgAppendDeprecated)
	}
	app, repl := r.decodeOverrides(item, []string{"items"}, []string{"items"}, KindList, name)
	if appendFlag && len(app)+len(repl) > 0 {
		r.fail(CodeYAMLValidate, item, KindList, name, msgOverrideAndAppend)
	}
	appendFlag = appendFlag || contains(app, "items")
	s := r.set
	id := s.seq
	s.seq++
	if appendFlag {
		prev := s.listByName[name]
		if prev == nil {
			r.fail(CodeValidate, item, KindList, name, "list uses 'append' or 'override.items: append' but no list by that name already exists")
		}
		if len(prev.items)+len(items) > MaxListItems {
			r.fail(CodeValidate, item, KindList, name, "list would have more than %d items", MaxListItems)
		}
		prev.items = append(prev.items, items...)
		prev.visibility = id
	} else {
		l := &listInfo{name: name, items: items, pos: pos, index: id, visibility: id}
		if prev := s.listByName[name]; prev != nil {
			l.index = prev.index
			*prev = *l
		} else {
			s.lists = append(s.lists, l)
			s.listByName[name] = l
		}
	}
	r.warnUnknownKeys(item, []string{"list", "items", "append", "override"}, KindList, name)
}

func (r *reader) readMacro(item *yaml.Node) {
	name, _ := r.scalar(item, "macro", KindMacro, "")
	pos := nodePos(r.file, item)
	if !identifierRE.MatchString(name) {
		r.warn(CodeInvalidMacroName, pos, KindMacro, name, "macro has an invalid name: macro names should match the regular expression ([a-zA-Z]+[a-zA-Z0-9_]*)")
	}
	cond, cn := r.scalar(item, "condition", KindMacro, name)
	appendFlag, _ := r.optBool(item, "append", KindMacro, name)
	if appendFlag {
		r.warn(CodeDeprecatedItem, pos, KindMacro, name, msgAppendDeprecated)
	}
	app, repl := r.decodeOverrides(item, []string{"condition"}, []string{"condition"}, KindMacro, name)
	if appendFlag && len(app)+len(repl) > 0 {
		r.fail(CodeYAMLValidate, item, KindMacro, name, msgOverrideAndAppend)
	}
	appendFlag = appendFlag || contains(app, "condition")
	text := scalarText(r.file, cn, cond)
	s := r.set
	id := s.seq
	s.seq++
	if appendFlag {
		prev := s.macroByName[name]
		if prev == nil {
			r.fail(CodeValidate, item, KindMacro, name, "macro uses 'append' or 'override.condition: append' but no macro by that name already exists")
		}
		prev.cond.appendText(text)
		prev.visibility = id
	} else {
		m := &macroInfo{name: name, cond: text, pos: pos, index: id, visibility: id}
		if prev := s.macroByName[name]; prev != nil {
			m.index = prev.index
			*prev = *m
		} else {
			s.macros = append(s.macros, m)
			s.macroByName[name] = m
		}
	}
	r.warnUnknownKeys(item, []string{"macro", "condition", "append", "override"}, KindMacro, name)
}

var (
	ruleKeys         = []string{"rule", "condition", "output", "desc", "priority", "source", "enabled", "capture", "capture_duration", "warn_evttypes", "skip-if-unknown-filter", "tags", "exceptions", "override", "append"}
	ruleAppendable   = []string{"condition", "output", "desc", "tags", "exceptions"}
	ruleReplaceable  = []string{"condition", "output", "desc", "priority", "capture", "capture_duration", "tags", "exceptions", "enabled", "warn_evttypes", "skip-if-unknown-filter"}
	knownRuleSources = []string{"syscall"}
)

// ruleUpdate holds the keys an append or replace of a rule sets.
type ruleUpdate struct {
	cond, output, desc  *srcText
	condPos, outputPos  filePos
	tags                []string
	hasTags             bool
	exceptions          []*exceptionInfo
	hasExceptions       bool
	priority            *Priority
	enabled, warn, skip *bool
	capture             *bool
	captureDuration     *int
	source              string
	pos                 filePos
}

func (u *ruleUpdate) hasAny() bool {
	return u.cond != nil || u.output != nil || u.desc != nil || u.hasTags || u.hasExceptions ||
		u.priority != nil || u.enabled != nil || u.warn != nil || u.skip != nil || u.capture != nil || u.captureDuration != nil
}

func (r *reader) readRule(item *yaml.Node) {
	name, _ := r.scalar(item, "rule", KindRule, "")
	pos := nodePos(r.file, item)
	source, _, _ := r.optScalar(item, "source", KindRule, name, true)
	appendFlag, _ := r.optBool(item, "append", KindRule, name)
	if appendFlag {
		r.warn(CodeDeprecatedItem, pos, KindRule, name, msgAppendDeprecated)
	}
	app, repl := r.decodeOverrides(item, ruleAppendable, ruleReplaceable, KindRule, name)
	if appendFlag && len(app)+len(repl) > 0 {
		r.fail(CodeYAMLValidate, item, KindRule, name, msgOverrideAndAppend)
	}
	s := r.set
	switch {
	case len(app)+len(repl) > 0:
		expected := map[string]bool{}
		for _, k := range append(append([]string{}, ruleAppendable...), ruleReplaceable...) {
			if r.get(item, k) != nil {
				expected[k] = true
			}
		}
		check := func(keys []string, op, key string) bool {
			if !contains(keys, key) {
				return false
			}
			if !expected[key] {
				r.fail(CodeYAMLValidate, item, KindRule, name, "an %s override for '%s' was specified but '%s' is not defined", op, key, key)
			}
			delete(expected, key)
			return true
		}
		if len(app) > 0 {
			u := &ruleUpdate{pos: pos, source: source}
			r.readRuleUpdate(item, name, app, "append", check, u)
			r.ruleAppend(name, u, item)
		}
		if len(repl) > 0 {
			u := &ruleUpdate{pos: pos, source: source}
			r.readRuleUpdate(item, name, repl, "replace", check, u)
			r.ruleReplace(name, u, item)
		}
		var left []string
		for k := range expected {
			left = append(left, k)
		}
		sort.Strings(left)
		for _, k := range left {
			r.fail(CodeYAMLValidate, r.getKey(item, k), KindRule, name, "unexpected key '%s': no corresponding entry under 'override' is defined", k)
		}
	case appendFlag:
		u := &ruleUpdate{pos: pos, source: source}
		if cs, cn, ok := r.optScalar(item, "condition", KindRule, name, false); ok {
			t := scalarText(r.file, cn, cs)
			u.cond, u.condPos = &t, nodePos(r.file, cn)
		}
		if r.get(item, "exceptions") != nil {
			u.exceptions = r.readExceptions(item, name, true)
			u.hasExceptions = true
		}
		r.ruleAppend(name, u, item)
	default:
		if r.get(item, "condition") == nil && r.get(item, "output") == nil && r.get(item, "desc") == nil && r.get(item, "priority") == nil {
			en, ok := r.optBool(item, "enabled", KindRule, name)
			if !ok {
				r.fail(CodeYAMLValidate, item, KindRule, name, "item has no mapping for key 'enabled'")
			}
			r.warn(CodeDeprecatedItem, pos, KindRule, name, msgEnabledDeprecated)
			prev := s.ruleByName[name]
			if prev == nil {
				r.fail(CodeValidate, item, KindRule, name, "rule has 'enabled' key but no rule by that name already exists")
			}
			prev.enabled = en
			break
		}
		ri := &ruleInfo{name: name, enabled: true, warnEvttypes: true, pos: pos, source: "syscall"}
		cs, cn := r.scalar(item, "condition", KindRule, name)
		ri.cond, ri.condPos = scalarText(r.file, cn, cs), nodePos(r.file, cn)
		outS, on := r.scalar(item, "output", KindRule, name)
		ri.output, ri.outputPos = trimmedText(scalarText(r.file, on, outS)), nodePos(r.file, on)
		ri.desc, _ = r.scalar(item, "desc", KindRule, name)
		ps, pn := r.scalar(item, "priority", KindRule, name)
		p, err := ParsePriority(ps)
		if err != nil {
			r.fail(CodeYAMLValidate, pn, KindRule, name, "invalid priority %q: expected one of emergency, alert, critical, error, warning, notice, informational (info), debug", ps)
		}
		ri.priority = p
		if src, _, ok := r.optScalar(item, "source", KindRule, name, false); ok {
			ri.source = src
		}
		if v, ok := r.optBool(item, "enabled", KindRule, name); ok {
			ri.enabled = v
		}
		if v, ok := r.optBool(item, "capture", KindRule, name); ok {
			ri.capture = v
		}
		if v, ok := r.optInt(item, "capture_duration", KindRule, name); ok {
			ri.captureDuration = v
		}
		if v, ok := r.optBool(item, "warn_evttypes", KindRule, name); ok {
			ri.warnEvttypes = v
		}
		if v, ok := r.optBool(item, "skip-if-unknown-filter", KindRule, name); ok {
			ri.skipUnknown = v
		}
		ri.tags = r.readTags(item, name)
		ri.exceptions = r.readExceptions(item, name, false)
		r.ruleDefine(ri, item)
	}
	r.warnUnknownKeys(item, ruleKeys, KindRule, name)
}

// trimmedText trims blanks around a text, keeping positions.
func trimmedText(t srcText) srcText {
	lead := len(t.text) - len(strings.TrimLeft(t.text, " \t\r\n"))
	trail := len(t.text) - len(strings.TrimRight(t.text, " \t\r\n"))
	if lead == 0 && trail == 0 {
		return t
	}
	if lead == len(t.text) {
		return srcText{segs: t.segs}
	}
	out := srcText{text: t.text[lead : len(t.text)-trail]}
	for _, s := range t.segs {
		end := s.start + len(s.offs)
		from, to := max(s.start, lead), min(end, len(t.text)-trail)
		if from >= to {
			continue
		}
		out.segs = append(out.segs, textSeg{start: from - lead, file: s.file, offs: s.offs[from-s.start : to-s.start]})
	}
	return out
}

func (r *reader) readTags(item *yaml.Node, name string) []string {
	items, _ := r.seqOfScalars(item, "tags", KindRule, name, false)
	set := map[string]bool{}
	var tags []string
	for _, it := range items {
		if !set[it.text] {
			set[it.text] = true
			tags = append(tags, it.text)
		}
	}
	sort.Strings(tags) // Falco keeps tags in a std::set
	return tags
}

func (r *reader) readRuleUpdate(item *yaml.Node, name string, keys []string, op string, check func([]string, string, string) bool, u *ruleUpdate) {
	if check(keys, op, "condition") {
		cs, cn := r.scalar(item, "condition", KindRule, name)
		t := scalarText(r.file, cn, cs)
		u.cond, u.condPos = &t, nodePos(r.file, cn)
	}
	if check(keys, op, "exceptions") {
		u.exceptions = r.readExceptions(item, name, op == "append")
		u.hasExceptions = true
	}
	if check(keys, op, "output") {
		outS, on := r.scalar(item, "output", KindRule, name)
		t := scalarText(r.file, on, outS)
		if op == "replace" {
			t = trimmedText(t)
		}
		u.output, u.outputPos = &t, nodePos(r.file, on)
	}
	if check(keys, op, "desc") {
		ds, dn := r.scalar(item, "desc", KindRule, name)
		t := scalarText(r.file, dn, ds)
		u.desc = &t
	}
	if check(keys, op, "tags") {
		u.tags = r.readTags(item, name)
		u.hasTags = true
	}
	if op != "replace" {
		return
	}
	if check(keys, op, "priority") {
		ps, pn := r.scalar(item, "priority", KindRule, name)
		p, err := ParsePriority(ps)
		if err != nil {
			r.fail(CodeYAMLValidate, pn, KindRule, name, "invalid priority %q", ps)
		}
		u.priority = &p
	}
	if check(keys, op, "capture") {
		v, _ := r.optBool(item, "capture", KindRule, name)
		u.capture = &v
	}
	if check(keys, op, "capture_duration") {
		v, _ := r.optInt(item, "capture_duration", KindRule, name)
		u.captureDuration = &v
	}
	if check(keys, op, "enabled") {
		v, _ := r.optBool(item, "enabled", KindRule, name)
		u.enabled = &v
	}
	if check(keys, op, "warn_evttypes") {
		v, _ := r.optBool(item, "warn_evttypes", KindRule, name)
		u.warn = &v
	}
	if check(keys, op, "skip-if-unknown-filter") {
		v, _ := r.optBool(item, "skip-if-unknown-filter", KindRule, name)
		u.skip = &v
	}
}

// prevRule finds the rule an update applies to, refusing a change of
// source as Falco does.
func (r *reader) prevRule(name, source string, item *yaml.Node) *ruleInfo {
	prev := r.set.ruleByName[name]
	if prev != nil && prev.source != "" && source != "" && prev.source != source {
		r.fail(CodeValidate, item, KindRule, name, "rule has been re-defined with a different source")
	}
	return prev
}

func (r *reader) ruleDefine(ri *ruleInfo, item *yaml.Node) {
	s := r.set
	r.prevRule(ri.name, ri.source, item)
	if !contains(knownRuleSources, ri.source) {
		ri.unknownSource = true
		r.warn(CodeUnknownSource, ri.pos, KindRule, ri.name, fmt.Sprintf("unknown source %s, skipping: Peregrine evaluates syscall rules only", ri.source))
	}
	for _, ex := range ri.exceptions {
		if !ex.fields.valid {
			r.fail(CodeValidate, item, KindException, ex.name, "rule exception item must have fields property with a list of fields")
		}
		r.validateException(ex, ri.name, !ri.unknownSource)
	}
	id := s.seq
	s.seq++
	ri.index, ri.visibility = id, id
	if prev := s.ruleByName[ri.name]; prev != nil {
		ri.index = prev.index
		*prev = *ri
		return
	}
	s.rules = append(s.rules, ri)
	s.ruleByName[ri.name] = ri
}

func (r *reader) ruleAppend(name string, u *ruleUpdate, item *yaml.Node) {
	prev := r.prevRule(name, u.source, item)
	if prev == nil {
		r.fail(CodeValidate, item, KindRule, name, "rule uses 'append' or 'override.<key>: append' but no rule by that name already exists")
	}
	if !u.hasAny() {
		r.fail(CodeValidate, item, KindRule, name, "appended rule must have exceptions or condition property")
	}
	if u.cond != nil && u.cond.text != "" {
		prev.cond.appendText(*u.cond)
	}
	if u.output != nil && u.output.text != "" {
		prev.output.appendText(*u.output)
	}
	if u.desc != nil && u.desc.text != "" {
		prev.desc += " " + u.desc.text
	}
	if u.hasTags {
		prev.tags = mergeTags(prev.tags, u.tags)
	}
	for _, ex := range u.exceptions {
		var old *exceptionInfo
		for _, pe := range prev.exceptions {
			if pe.name == ex.name {
				old = pe
				break
			}
		}
		if old == nil {
			if !ex.fields.valid {
				r.fail(CodeValidate, item, KindException, ex.name, "rule exception must have fields property with a list of fields")
			}
			if len(ex.values) == 0 {
				r.fail(CodeValidate, item, KindException, ex.name, "rule exception must have values property with a list of values")
			}
			r.validateException(ex, name, !prev.unknownSource)
			prev.exceptions = append(prev.exceptions, ex)
			continue
		}
		if ex.fields.valid {
			r.fail(CodeValidate, item, KindException, ex.name, "can not append exception fields to existing exception, only values")
		}
		if ex.comps.valid {
			r.fail(CodeValidate, item, KindException, ex.name, "can not append exception comps to existing exception, only values")
		}
		old.values = append(old.values, ex.values...)
	}
	prev.visibility = r.set.seq
	r.set.seq++
}

func mergeTags(a, b []string) []string {
	set := map[string]bool{}
	var out []string
	for _, t := range append(append([]string{}, a...), b...) {
		if !set[t] {
			set[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

func (r *reader) ruleReplace(name string, u *ruleUpdate, item *yaml.Node) {
	prev := r.prevRule(name, u.source, item)
	if prev == nil {
		r.fail(CodeValidate, item, KindRule, name, "an 'override.<key>: replace' to a rule was requested but no rule by that name already exists")
	}
	if !u.hasAny() {
		r.fail(CodeValidate, item, KindRule, name, "the rule must have at least one field that can be replaced")
	}
	if u.cond != nil {
		prev.cond, prev.condPos = *u.cond, u.condPos
	}
	if u.output != nil {
		prev.output, prev.outputPos = *u.output, u.outputPos
	}
	if u.desc != nil {
		prev.desc = u.desc.text
	}
	if u.hasTags {
		prev.tags = u.tags
	}
	if u.hasExceptions {
		for _, ex := range u.exceptions {
			if !ex.fields.valid {
				r.fail(CodeValidate, item, KindException, ex.name, "rule exception item must have fields property with a list of fields")
			}
			r.validateException(ex, name, !prev.unknownSource)
		}
		prev.exceptions = u.exceptions
	}
	if u.priority != nil {
		prev.priority = *u.priority
	}
	if u.capture != nil {
		prev.capture = *u.capture
	}
	if u.captureDuration != nil {
		prev.captureDuration = *u.captureDuration
	}
	if u.enabled != nil {
		prev.enabled = *u.enabled
	}
	if u.warn != nil {
		prev.warnEvttypes = *u.warn
	}
	if u.skip != nil {
		prev.skipUnknown = *u.skip
	}
	prev.visibility = r.set.seq
	r.set.seq++
}

// readExceptions reads a rule's exceptions. With appending, fields are
// optional (values may be added to an existing exception).
func (r *reader) readExceptions(item *yaml.Node, rule string, appending bool) []*exceptionInfo {
	exs := r.get(item, "exceptions")
	if exs == nil {
		return nil
	}
	exs = r.resolve(exs, KindRule, rule)
	if isNull(exs) {
		return nil
	}
	if exs.Kind != yaml.SequenceNode {
		r.fail(CodeYAMLValidate, exs, KindRule, rule, "rule exceptions must be a sequence")
	}
	var out []*exceptionInfo
	for _, en := range exs.Content {
		en = r.resolve(en, KindRule, rule)
		if en.Kind != yaml.MappingNode {
			r.fail(CodeYAMLValidate, en, KindRule, rule, "rule exception must be a mapping with name, fields, comps and values")
		}
		name, _ := r.scalar(en, "name", KindException, "")
		ex := &exceptionInfo{name: name, pos: nodePos(r.file, en)}
		for _, o := range out {
			if o.name == name {
				r.warn(CodeExceptionNotUnique, ex.pos, KindException, name, fmt.Sprintf("multiple definitions of exception '%s' in the same rule %q", name, rule))
			}
		}
		if fn := r.get(en, "fields"); fn != nil {
			ex.fields = r.exEntry(fn, name)
		} else if !appending {
			r.fail(CodeYAMLValidate, en, KindException, name, "item has no mapping for key 'fields'")
		}
		if cn := r.get(en, "comps"); cn != nil {
			ex.comps = r.exEntry(cn, name)
		}
		if vn := r.get(en, "values"); vn != nil {
			vn = r.resolve(vn, KindException, name)
			if vn.Kind != yaml.SequenceNode {
				r.fail(CodeYAMLValidate, vn, KindException, name, "rule exception values must be a sequence")
			}
			total := 0
			for _, v := range vn.Content {
				e := r.exEntry(v, name)
				total += 1 + len(e.items)
				if total > MaxListItems {
					r.fail(CodeYAMLValidate, v, KindException, name, "exception has more than %d values", MaxListItems)
				}
				ex.values = append(ex.values, e)
			}
		} else if appending {
			r.warn(CodeAppendNoValues, ex.pos, KindException, name, "overriding/appending exception with no values")
		}
		out = append(out, ex)
	}
	return out
}

func (r *reader) exEntry(n *yaml.Node, exName string) exEntry {
	n = r.resolve(n, KindException, exName)
	e := exEntry{valid: true, pos: nodePos(r.file, n)}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Value == "" || n.Tag == "!!null" {
			r.fail(CodeYAMLValidate, n, KindException, exName, "exception value must be non-empty")
		}
		e.item = n.Value
	case yaml.SequenceNode:
		e.isList = true
		for _, c := range n.Content {
			e.items = append(e.items, r.exEntry(c, exName))
		}
	default:
		r.fail(CodeYAMLValidate, n, KindException, exName, "exception entries must be strings or sequences of strings")
	}
	return e
}

// validateException applies Falco's checks on an exception's shape.
func (r *reader) validateException(ex *exceptionInfo, rule string, checkFields bool) {
	fail := func(p filePos, format string, args ...any) {
		panic(itemFail{r.diag(CodeValidate, SeverityError, p, KindException, ex.name, fmt.Sprintf(format, args...)+" (in rule "+strconv.Quote(rule)+")")})
	}
	if ex.fields.isList {
		if !ex.comps.valid {
			ex.comps = exEntry{valid: true, isList: true, pos: ex.fields.pos}
			for range ex.fields.items {
				ex.comps.items = append(ex.comps.items, exEntry{valid: true, item: "=", pos: ex.fields.pos})
			}
		}
		if !ex.comps.isList || len(ex.fields.items) != len(ex.comps.items) {
			fail(ex.pos, "fields and comps lists must have equal length")
		}
		for i := range ex.comps.items {
			c := &ex.comps.items[i]
			c.item = strings.TrimSpace(c.item)
			if !isOperator(c.item) {
				fail(c.pos, "'%s' is not a supported comparison operator", c.item)
			}
		}
		if checkFields {
			for _, f := range ex.fields.items {
				if f.isList || !validLHSField(f.item) {
					fail(f.pos, "'%s' is not a supported filter field", f.item)
				}
			}
		}
		return
	}
	if !ex.comps.valid {
		ex.comps = exEntry{valid: true, item: "in", pos: ex.fields.pos}
	}
	if ex.comps.isList {
		fail(ex.comps.pos, "fields and comps must both be strings")
	}
	ex.comps.item = strings.TrimSpace(ex.comps.item)
	if c := ex.comps.item; c != "in" && c != "pmatch" && c != "intersects" && !isModifierOperator(c) {
		fail(ex.comps.pos, "when fields is a single value, comps must be one of (in, pmatch, intersects) or a modifier operator (e.g. startswith oneof)")
	}
	if checkFields && !validLHSField(ex.fields.item) {
		fail(ex.fields.pos, "'%s' is not a supported filter field", ex.fields.item)
	}
}

var plainOperators = []string{"exists", "<=", "<", ">=", ">", "==", "=", "!=", "glob", "iglob", "contains", "icontains",
	"bcontains", "startswith", "bstartswith", "endswith", "regex", "intersects", "in", "pmatch"}

func isOperator(op string) bool { return contains(plainOperators, op) || isModifierOperator(op) }

// isModifierOperator reports whether op is a string operator with a list
// modifier: "startswith oneof", "= anyof", ...
func isModifierOperator(op string) bool {
	f := strings.Fields(op)
	if len(f) != 2 || !contains(modifiers, f[1]) {
		return false
	}
	return contains(symStrOps, f[0]) || contains(wordStrOps, f[0])
}

// validLHSField reports whether s parses as a field reference, maybe
// wrapped in transformers (the catalogue check comes at compile time, as
// Falco's source check needs the field table).
func validLHSField(s string) bool { return parseOperand(s) != nil }
