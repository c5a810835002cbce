package rules

import (
	"gopkg.in/yaml.v3"
)

// srcText is a piece of rules text (a condition or an output) that
// remembers where each byte came from, so that a position found while
// parsing it can be reported in its file. Appending (Falco's append and
// override: append) joins texts from several places or files.
type srcText struct {
	text string
	segs []textSeg
}

// textSeg maps text[start:start+len(offs)] to file offsets.
type textSeg struct {
	start int
	file  *srcFile
	offs  []int32
}

// filePos is a place in a loaded file.
type filePos struct {
	file *srcFile
	line int
	col  int
}

func (p filePos) name() string {
	if p.file == nil {
		return ""
	}
	return p.file.name
}

// pos returns the file position of byte off of the text. Offsets at the
// end map to just after the last byte.
func (t *srcText) pos(off int) filePos {
	if len(t.segs) == 0 {
		return filePos{}
	}
	seg := &t.segs[0]
	for i := range t.segs {
		if t.segs[i].start <= off {
			seg = &t.segs[i]
		}
	}
	rel := off - seg.start
	var fo int
	switch {
	case len(seg.offs) == 0:
		fo = 0
	case rel < 0:
		fo = int(seg.offs[0])
	case rel >= len(seg.offs):
		fo = int(seg.offs[len(seg.offs)-1]) + 1
	default:
		fo = int(seg.offs[rel])
	}
	line, col := seg.file.lineCol(fo)
	return filePos{seg.file, line, col}
}

// appendText joins other to t with a single space, as Falco appends.
func (t *srcText) appendText(other srcText) {
	if t.text != "" {
		t.text += " "
	}
	base := len(t.text)
	t.text += other.text
	for _, s := range other.segs {
		s.start += base
		t.segs = append(t.segs, s)
	}
}

// scalarText builds the srcText of a YAML scalar node's value by lining
// the decoded value up with the file bytes from the node's position:
// non-blank bytes are found in order in the file, blanks (folded line
// breaks, indentation) stay with the byte before them. This works for
// plain, quoted, literal and folded scalars; escapes in double-quoted
// strings only shift positions within the string.
func scalarText(f *srcFile, n *yaml.Node, value string) srcText {
	t := srcText{text: value}
	if f == nil || n == nil || n.Line == 0 {
		return t
	}
	ri := f.offset(n.Line, n.Column)
	switch n.Style {
	case yaml.LiteralStyle, yaml.FoldedStyle:
		// Skip the indicator line.
		for ri < len(f.data) && f.data[ri] != '\n' {
			ri++
		}
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		ri++
	}
	offs := make([]int32, len(value))
	const window = 4096
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			if ri < len(f.data) && f.data[ri] == c {
				offs[i] = int32(ri)
				ri++
			} else {
				offs[i] = int32(min(ri, len(f.data)))
			}
			continue
		}
		j := ri
		for j < len(f.data) && j-ri < window && f.data[j] != c {
			j++
		}
		if j < len(f.data) && f.data[j] == c {
			ri = j
		}
		offs[i] = int32(min(ri, len(f.data)))
		if ri < len(f.data) {
			ri++
		}
	}
	t.segs = []textSeg{{start: 0, file: f, offs: offs}}
	return t
}

// nodePos is the file position of a YAML node.
func nodePos(f *srcFile, n *yaml.Node) filePos {
	if n == nil {
		return filePos{file: f}
	}
	return filePos{f, n.Line, n.Column}
}
