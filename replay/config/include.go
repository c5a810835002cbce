package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// envEmptyTag marks a scalar that ${VAR} expansion left empty. As in
// Falco, such a value of a string key is "", and any other key keeps its
// default (Falco's get_scalar falls back to the default when "" does not
// convert).
const envEmptyTag = "!peregrine-env-empty"

// maxEnvExpansions bounds the ${VAR} replacements in one value: a value
// is rescanned after each one (so a variable holding ${OTHER} expands
// too), and a variable holding itself would never end.
const maxEnvExpansions = 256

// expandEnv expands ${VAR} in s the way Falco's yaml_helper does when it
// loads a file: ${VAR} is the variable's value ("" when unset), and the
// result is scanned again from the same place; $${...} is ${...} left as
// written; $VAR without braces is plain text, and a '$' that starts
// neither form ends the expansion of the rest of the value (Falco's
// scanner stops there too).
func expandEnv(s string, lookup func(string) (string, bool)) (string, bool, error) {
	changed := false
	n := 0
	i := strings.IndexByte(s, '$')
	for i >= 0 {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "${"):
			end := strings.IndexByte(rest, '}')
			if end < 0 {
				return s, changed, nil
			}
			if n++; n > maxEnvExpansions {
				return s, changed, fmt.Errorf("environment variables expand more than %d times (a variable that holds itself?)", maxEnvExpansions)
			}
			val, _ := lookup(rest[2:end])
			s = s[:i] + val + rest[end+1:]
			changed = true
		case strings.HasPrefix(rest, "$${"):
			if !strings.Contains(rest, "}") {
				return s, changed, nil
			}
			s = s[:i] + rest[1:]
			changed = true
			i++
		default:
			return s, changed, nil
		}
		j := strings.IndexByte(s[i:], '$')
		if j < 0 {
			break
		}
		i += j
	}
	return s, changed, nil
}

// expandEnvNodes expands ${VAR} in every scalar value (not the keys) of
// the tree under n, as Falco does for each file it loads.
func expandEnvNodes(name string, n *yaml.Node, seen map[*yaml.Node]bool, depth int) error {
	if n == nil || seen[n] || depth > maxDepth {
		return nil
	}
	seen[n] = true
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			if err := expandEnvNodes(name, c, seen, depth+1); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if err := expandEnvNodes(name, n.Content[i], seen, depth+1); err != nil {
				return err
			}
		}
	case yaml.AliasNode:
		return expandEnvNodes(name, n.Alias, seen, depth+1)
	case yaml.ScalarNode:
		v, changed, err := expandEnv(n.Value, os.LookupEnv)
		if err != nil {
			return &Error{File: name, Line: n.Line, Col: n.Column, Kind: ErrValue, Msg: err.Error()}
		}
		if changed {
			n.Value = v
			n.Tag = "!!str"
			if v == "" {
				n.Tag = envEmptyTag
			}
		}
	}
	return nil
}

// include is one config_files entry.
type include struct {
	path     string
	strategy string // append, override or add-only
	node     *yaml.Node
}

// configFilesKey is Falco's key for configuration files to merge in.
const configFilesKey = "config_files"

// lookupKey returns the index of key's value in mapping m, or -1.
func lookupKey(m *yaml.Node, key string) int {
	found := -1
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Kind == yaml.ScalarNode && m.Content[i].Value == key {
			found = i + 1
		}
	}
	return found
}

// includes reads the config_files entries of the document: a file or
// directory name, or {path, strategy}.
func (d *decoder) includes(root *yaml.Node) []include {
	i := lookupKey(root, configFilesKey)
	if i < 0 {
		return nil
	}
	n := resolve(root.Content[i])
	if n == nil || n.Kind == yaml.ScalarNode && (n.ShortTag() == "!!null" || n.Tag == envEmptyTag) {
		return nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []include
	for j, it := range items {
		it = resolve(it)
		key := configFilesKey
		if n.Kind == yaml.SequenceNode {
			key = fmt.Sprintf("%s[%d]", configFilesKey, j)
		}
		switch {
		case it == nil:
		case it.Kind == yaml.ScalarNode && it.ShortTag() != "!!null" && it.Tag != envEmptyTag:
			out = append(out, include{path: it.Value, strategy: "append", node: it})
		case it.Kind == yaml.MappingNode:
			inc := include{strategy: "append", node: it}
			if p := lookupKey(it, "path"); p >= 0 {
				if v := resolve(it.Content[p]); v != nil && v.Kind == yaml.ScalarNode {
					inc.path = v.Value
				}
			}
			if inc.path == "" {
				d.errorf(it, key, ErrValue, "want a file or directory name, or {path: NAME, strategy: append|override|add-only}")
				continue
			}
			if s := lookupKey(it, "strategy"); s >= 0 {
				v := resolve(it.Content[s])
				switch {
				case v != nil && v.Kind == yaml.ScalarNode && (v.Value == "append" || v.Value == "override" || v.Value == "add-only"):
					inc.strategy = v.Value
				default:
					file, line, col := d.pos(it.Content[s])
					d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Key: key + ".strategy",
						Msg: fmt.Sprintf("unknown strategy %s: using append (want append, override or add-only)", describe(v))})
				}
			}
			out = append(out, inc)
		default:
			d.errorf(it, key, ErrValue, "want a file or directory name, or {path: NAME, strategy: append|override|add-only}, got %s", describe(it))
		}
	}
	return out
}

// mergeIncludes merges the config_files of doc into it, as Falco does:
// in order, a directory standing for its regular files in name order;
// names relative to the working directory; missing ones skipped. Each file's top-level keys are merged by the entry's strategy:
// append (the default) appends a list to the list already there and
// replaces anything else, override replaces, add-only sets only keys not
// already there. An included file may not have config_files itself, and
// no entry may name the main file. It returns the files merged.
func (d *decoder) mergeIncludes(doc *yaml.Node, mainName string) []string {
	root := doc.Content[0]
	var merged []string
	for _, inc := range d.includes(root) {
		key := configFilesKey
		if mainName != "" && sameFile(inc.path, mainName) {
			d.errorf(inc.node, key, ErrInvalid, "%s is the main configuration file: it cannot include itself", inc.path)
			continue
		}
		fi, err := os.Stat(inc.path)
		if errors.Is(err, fs.ErrNotExist) {
			// Falco skips it silently: its falco.yaml names
			// /etc/falco/config.d, which few systems have.
			continue
		}
		if err != nil {
			d.errorf(inc.node, key, ErrInvalid, "include %s: %v", inc.path, unwrapPathError(err))
			continue
		}
		var files []string
		switch {
		case fi.Mode().IsRegular():
			files = []string{inc.path}
		case !fi.IsDir():
			// Not a file or directory (a device, a FIFO): skipped,
			// as Falco reads only regular files.
			file, line, col := d.pos(inc.node)
			d.warnings = append(d.warnings, Warning{File: file, Line: line, Col: col, Key: key,
				Msg: fmt.Sprintf("skipping %s: not a regular file or directory", inc.path)})
			continue
		default:
			entries, err := os.ReadDir(inc.path)
			if err != nil {
				d.errorf(inc.node, key, ErrInvalid, "read directory %s: %v", inc.path, unwrapPathError(err))
				continue
			}
			for _, e := range entries {
				p := filepath.Join(inc.path, e.Name())
				if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
					files = append(files, p)
				}
			}
			slices.Sort(files)
		}
		for _, f := range files {
			if d.mergeFile(root, f, inc.strategy) {
				merged = append(merged, f)
			}
		}
	}
	return merged
}

func sameFile(a, b string) bool {
	if filepath.Clean(a) == filepath.Clean(b) {
		return true
	}
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// mergeFile merges one included file into root.
func (d *decoder) mergeFile(root *yaml.Node, name, strategy string) bool {
	data, err := readLimited(name)
	if err != nil {
		d.errs = append(d.errs, &Error{File: name, Kind: ErrInvalid, Key: configFilesKey, Msg: fmt.Sprintf("read included configuration: %v", unwrapPathError(err))})
		return false
	}
	doc, err := parseYAML(name, data)
	if err != nil {
		d.errs = append(d.errs, err)
		return false
	}
	inc := doc.Content[0]
	d.origins.markFile(inc, name)
	for i := 0; i+1 < len(inc.Content); i += 2 {
		kn, vn := inc.Content[i], inc.Content[i+1]
		if kn.Value == configFilesKey {
			d.errorf(kn, configFilesKey, ErrInvalid, "an included configuration file cannot include others (as in Falco)")
			continue
		}
		at := lookupKey(root, kn.Value)
		switch {
		case at < 0:
			root.Content = append(root.Content, kn, vn)
		case strategy == "add-only":
		case strategy == "append" && resolve(vn) != nil && resolve(vn).Kind == yaml.SequenceNode:
			old := resolve(root.Content[at])
			switch {
			case old != nil && old.Kind == yaml.SequenceNode:
				seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: old.Line, Column: old.Column}
				seq.Content = append(slices.Clone(old.Content), resolve(vn).Content...)
				root.Content[at] = seq
			default:
				root.Content[at] = vn
			}
		default:
			root.Content[at] = vn
		}
	}
	return true
}

// maxIncludeSize bounds a configuration file, the main one or an included
// one: a directory such as /proc holds "regular" files of any size.
const maxIncludeSize = 16 << 20

// readLimited reads a configuration file of at most maxIncludeSize bytes.
func readLimited(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIncludeSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxIncludeSize {
		return nil, fmt.Errorf("larger than %d MiB", maxIncludeSize>>20)
	}
	return data, nil
}
