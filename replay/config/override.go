package config

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// origins remembers which nodes -o options made, and which come from
// files merged in by config_files, to name them in errors.
type origins struct {
	m     map[*yaml.Node]string
	files map[*yaml.Node]string
}

func newOrigins() *origins {
	return &origins{m: make(map[*yaml.Node]string), files: make(map[*yaml.Node]string)}
}

// file returns the included file n comes from, "" for the main file or an
// override.
func (o *origins) file(n *yaml.Node) string {
	if o == nil {
		return ""
	}
	return o.files[n]
}

// markFile records that n and everything under it comes from the
// included file name.
func (o *origins) markFile(n *yaml.Node, name string) { markTree(o.files, n, name) }

func (o *origins) of(n *yaml.Node) string {
	if o == nil {
		return ""
	}
	return o.m[n]
}

func (o *origins) mark(n *yaml.Node, origin string) { markTree(o.m, n, origin) }

// markTree maps n and every node under it to v.
func markTree(m map[*yaml.Node]string, n *yaml.Node, v string) {
	if n == nil {
		return
	}
	m[n] = v
	for _, c := range n.Content {
		markTree(m, c, v)
	}
}

// segment is one step of an override key: a mapping key, a list index, or
// a new list item ("[]").
type segment struct {
	name   string
	index  int
	isList bool
	append bool
}

// parseKey splits an override key as Falco does: "a.b" is key b of
// mapping a, "a[2]" item 2 of list a, "a[]" a new item appended to a;
// a backslash escapes '.', '[', ']' and '\'.
func parseKey(k string) ([]segment, error) {
	var segs []segment
	var name strings.Builder
	hasName := false
	flush := func(pos int) error {
		if !hasName {
			return fmt.Errorf("empty key name at position %d", pos)
		}
		segs = append(segs, segment{name: name.String()})
		name.Reset()
		hasName = false
		return nil
	}
	afterIndex := false
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c == '\\':
			if i+1 >= len(k) {
				return nil, fmt.Errorf("trailing backslash")
			}
			n := k[i+1]
			if n != '.' && n != '[' && n != ']' && n != '\\' {
				return nil, fmt.Errorf("invalid escape \\%c at position %d", n, i)
			}
			name.WriteByte(n)
			hasName = true
			afterIndex = false
			i++
		case c == '.':
			if afterIndex {
				afterIndex = false
				continue
			}
			if err := flush(i); err != nil {
				return nil, err
			}
		case c == '[':
			if hasName {
				if err := flush(i); err != nil {
					return nil, err
				}
			} else if !afterIndex {
				return nil, fmt.Errorf("'[' without a key name at position %d", i)
			}
			end := strings.IndexByte(k[i:], ']')
			if end < 0 {
				return nil, fmt.Errorf("'[' at position %d is not closed", i)
			}
			idx := k[i+1 : i+end]
			if idx == "" {
				segs = append(segs, segment{isList: true, append: true})
			} else {
				n, err := strconv.Atoi(idx)
				if err != nil || n < 0 {
					return nil, fmt.Errorf("want a list index, found %q", idx)
				}
				segs = append(segs, segment{isList: true, index: n})
			}
			i += end
			afterIndex = true
		case c == ']':
			return nil, fmt.Errorf("unexpected ']' at position %d", i)
		default:
			if afterIndex {
				return nil, fmt.Errorf("expected '.' or '[' at position %d", i)
			}
			name.WriteByte(c)
			hasName = true
		}
	}
	if hasName {
		if err := flush(len(k)); err != nil {
			return nil, err
		}
	} else if !afterIndex {
		return nil, fmt.Errorf("empty key name at the end")
	}
	return segs, nil
}

// apply applies one -o key=value option to the document. A value in
// braces or brackets ({...}, [...]) is parsed as YAML (a mapping or a
// list); anything else is a scalar.
func (o *origins) apply(doc *yaml.Node, spec string) error {
	origin := "-o " + strconv.Quote(spec)
	fail := func(key, format string, args ...any) error {
		return &Error{File: origin, Key: key, Kind: ErrOverride, Msg: fmt.Sprintf(format, args...)}
	}
	k, v, ok := strings.Cut(spec, "=")
	if !ok {
		return fail("", "want key=value or key.subkey=value")
	}
	segs, err := parseKey(k)
	if err != nil {
		return fail(k, "%v", err)
	}
	var val *yaml.Node
	if len(v) >= 2 && (v[0] == '{' && v[len(v)-1] == '}' || v[0] == '[' && v[len(v)-1] == ']') {
		var d yaml.Node
		if err := yaml.Unmarshal([]byte(v), &d); err != nil || len(d.Content) == 0 {
			return fail(k, "value %s is not a YAML mapping or list: %v", v, err)
		}
		val = d.Content[0]
	} else {
		val = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	}
	o.mark(val, origin)

	// slot is where the current node lives, so it can be replaced.
	slot := &doc.Content[0]
	for i, s := range segs {
		cur := *slot
		if s.isList {
			if cur.Kind != yaml.SequenceNode {
				if cur.Kind == yaml.ScalarNode && cur.ShortTag() == "!!null" {
					*slot = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
					o.mark(*slot, origin)
					cur = *slot
				} else {
					return fail(k, "%s is not a list", keyPrefix(segs[:i]))
				}
			}
			idx := s.index
			if s.append || idx == len(cur.Content) {
				cur.Content = append(cur.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"})
				idx = len(cur.Content) - 1
			} else if idx > len(cur.Content) {
				return fail(k, "index %d is out of range: %s has %d items", idx, keyPrefix(segs[:i]), len(cur.Content))
			}
			slot = &cur.Content[idx]
			continue
		}
		if cur.Kind != yaml.MappingNode {
			if cur.Kind == yaml.ScalarNode && cur.ShortTag() == "!!null" {
				*slot = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
				o.mark(*slot, origin)
				cur = *slot
			} else {
				return fail(k, "%s is not a mapping", keyPrefix(segs[:i]))
			}
		}
		found := -1
		for j := 0; j+1 < len(cur.Content); j += 2 {
			if cur.Content[j].Value == s.name {
				found = j + 1
			}
		}
		if found < 0 {
			kn := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s.name}
			o.mark(kn, origin)
			cur.Content = append(cur.Content, kn, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null"})
			found = len(cur.Content) - 1
		}
		slot = &cur.Content[found]
	}
	*slot = val
	return nil
}

func keyPrefix(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch {
		case s.isList && s.append:
			b.WriteString("[]")
		case s.isList:
			fmt.Fprintf(&b, "[%d]", s.index)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(s.name)
		}
	}
	if b.Len() == 0 {
		return "the configuration"
	}
	return b.String()
}
