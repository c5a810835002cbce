package rules

import (
	"strconv"
	"strings"
)

// Pos is a position in a condition: the byte offset and the 1-based line
// and column (in bytes) within the condition text.
type Pos struct {
	Off, Line, Col int
}

func (p Pos) String() string { return strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Col) }

// Node is a node of a parsed condition. Every node knows where it starts.
// Trees are not modified once parsed and may be read concurrently.
type Node interface {
	Position() Pos
	node()
}

// AndNode is a conjunction: all children hold.
type AndNode struct {
	At       Pos
	Children []Node
}

// OrNode is a disjunction: one child holds.
type OrNode struct {
	At       Pos
	Children []Node
}

// NotNode negates its child.
type NotNode struct {
	At    Pos
	Child Node
}

// IdentNode is a bare identifier: a macro reference.
type IdentNode struct {
	At   Pos
	Name string
}

// CheckNode compares a field (or a transformed field) with values: Op is
// the operator as written without surrounding blanks ("=", "in",
// "startswith", "exists"), Mod a list modifier ("", "oneof", "anyof",
// "allof") and Right the value, list, identifier or val()/transformer on
// the right; nil for the unary "exists".
type CheckNode struct {
	At    Pos
	Left  Node // *FieldNode or *TransformNode
	Op    string
	OpAt  Pos
	Mod   string
	Right Node // *ValueNode, *ListNode, *TransformNode or nil
}

// FieldNode is a field reference: Name as written (evt.arg.flags) and the
// bracketed argument when HasArg.
type FieldNode struct {
	At     Pos
	Name   string
	Arg    string
	HasArg bool
}

// TransformNode applies a transformer (tolower, toupper, b64, basename,
// len, join, concat, getopt) or val() to its arguments.
type TransformNode struct {
	At     Pos
	Name   string
	Args   []Node // *FieldNode, *TransformNode, *ValueNode or *ListNode
	Arg    string // optional [arg] after the closing parenthesis
	HasArg bool
}

// ValueNode is one constant value. Quoted records whether it was written
// in quotes; an unquoted value on the right of a list operator may name a
// list.
type ValueNode struct {
	At     Pos
	Value  string
	Quoted bool
}

// ListNode is a parenthesised list of values.
type ListNode struct {
	At    Pos
	Items []*ValueNode
}

func (n *AndNode) Position() Pos       { return n.At }
func (n *OrNode) Position() Pos        { return n.At }
func (n *NotNode) Position() Pos       { return n.At }
func (n *IdentNode) Position() Pos     { return n.At }
func (n *CheckNode) Position() Pos     { return n.At }
func (n *FieldNode) Position() Pos     { return n.At }
func (n *TransformNode) Position() Pos { return n.At }
func (n *ValueNode) Position() Pos     { return n.At }
func (n *ListNode) Position() Pos      { return n.At }

func (*AndNode) node()       {}
func (*OrNode) node()        {}
func (*NotNode) node()       {}
func (*IdentNode) node()     {}
func (*CheckNode) node()     {}
func (*FieldNode) node()     {}
func (*TransformNode) node() {}
func (*ValueNode) node()     {}
func (*ListNode) node()      {}

// FormatCondition renders a node back into condition syntax, fully parenthesised
// where precedence needs it. Values are quoted when they must be.
func FormatCondition(n Node) string {
	var b strings.Builder
	writeNode(&b, n, 0)
	return b.String()
}

// precedence levels for writeNode: 0 top, 1 inside or, 2 inside and, 3 inside not.
func writeNode(b *strings.Builder, n Node, ctx int) {
	switch n := n.(type) {
	case *OrNode:
		if ctx > 1 {
			b.WriteByte('(')
		}
		for i, c := range n.Children {
			if i > 0 {
				b.WriteString(" or ")
			}
			writeNode(b, c, 1)
		}
		if ctx > 1 {
			b.WriteByte(')')
		}
	case *AndNode:
		if ctx > 2 {
			b.WriteByte('(')
		}
		for i, c := range n.Children {
			if i > 0 {
				b.WriteString(" and ")
			}
			writeNode(b, c, 2)
		}
		if ctx > 2 {
			b.WriteByte(')')
		}
	case *NotNode:
		b.WriteString("not ")
		writeNode(b, n.Child, 3)
	case *IdentNode:
		b.WriteString(n.Name)
	case *CheckNode:
		writeNode(b, n.Left, 3)
		b.WriteByte(' ')
		b.WriteString(n.Op)
		if n.Mod != "" {
			b.WriteByte(' ')
			b.WriteString(n.Mod)
		}
		if n.Right != nil {
			b.WriteByte(' ')
			writeNode(b, n.Right, 3)
		}
	case *FieldNode:
		b.WriteString(n.Name)
		if n.HasArg {
			b.WriteByte('[')
			b.WriteString(n.Arg)
			b.WriteByte(']')
		}
	case *TransformNode:
		b.WriteString(n.Name)
		b.WriteByte('(')
		for i, a := range n.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeNode(b, a, 3)
		}
		b.WriteByte(')')
		if n.HasArg {
			b.WriteByte('[')
			b.WriteString(n.Arg)
			b.WriteByte(']')
		}
	case *ValueNode:
		b.WriteString(quoteValue(n.Value, n.Quoted))
	case *ListNode:
		b.WriteByte('(')
		for i, v := range n.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteValue(v.Value, v.Quoted))
		}
		b.WriteByte(')')
	}
}

// quoteValue writes a value so that the parser reads it back: bare when
// it is a valid bare string, double-quoted with escapes otherwise.
func quoteValue(s string, quoted bool) string {
	if !quoted && s != "" && isBareStr(s) {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			if i == len(s)-1 {
				// A backslash right before the closing quote would escape
				// it (Falco's lexer looks only at the previous byte).
				b.WriteString(`\x5c`)
			} else {
				b.WriteString(`\\`)
			}
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		default:
			if c < 0x20 || c == 0x7f {
				b.WriteString(`\x`)
				b.WriteByte("0123456789abcdef"[c>>4])
				b.WriteByte("0123456789abcdef"[c&15])
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isBareStr(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isBareChar(s[i]) {
			return false
		}
	}
	return true
}
