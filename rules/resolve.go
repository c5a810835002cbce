package rules

import (
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// This file turns parsed conditions into the compiled tree (ir): macros
// and lists resolved, every check type-checked against the field
// catalogue and compiled into a predicate.

// irKind is the kind of a compiled condition node.
type irKind uint8

const (
	irConst irKind = iota
	irAnd
	irOr
	irNot
	irMacro
	irLeaf
	irHit // a rule's hit marker, in the trees of event types only
)

// ir is a compiled condition. Macros are shared nodes: every reference to
// a macro points at the same *cMacro, so the tree is a DAG.
type ir struct {
	kind  irKind
	val   bool // irConst
	kids  []*ir
	macro *cMacro
	leaf  *leaf
	rule  *Rule // irHit
	// switched marks the operands of a switch (exprgen.go): they are
	// not grouped into a switch again.
	switched bool
}

var (
	irTrue  = &ir{kind: irConst, val: true}
	irFalse = &ir{kind: irConst, val: false}
)

// cMacro is a compiled macro.
type cMacro struct {
	info  *macroInfo
	ast   Node
	body  *ir
	state int // 0 not compiled, 1 compiling, 2 done, 3 failed
	used  bool
	id    int // index among compiled macros
}

// cList is a list with its items expanded.
type cList struct {
	info   *listInfo
	values []listValue
	state  int // 0 not expanded, 1 expanding, 2 done
	used   bool
}

// listValue is one value of a list item, read as Falco reads list items:
// as condition text.
type listValue struct {
	v      string
	quoted bool
}

// compileFail aborts the compilation of one condition.
type compileFail struct {
	code    string
	at      Node // where, or nil for the item
	pos     *filePos
	msg     string
	unknown bool // an unknown field or event type (skip-if-unknown-filter)
}

// where maps condition positions to file positions for diagnostics.
type where struct {
	text  *srcText
	extra map[Node]filePos // nodes built from exceptions
	kind  string
	name  string
	item  filePos
}

func (w *where) pos(n Node) filePos {
	if n == nil {
		return w.item
	}
	if p, ok := w.extra[n]; ok {
		return p
	}
	if w.text == nil || len(w.text.segs) == 0 {
		return w.item
	}
	return w.text.pos(n.Position().Off)
}

func failAt(code string, n Node, format string, args ...any) {
	panic(&compileFail{code: code, at: n, msg: fmt.Sprintf(format, args...)})
}

// expandList returns the values of a list with the lists it names
// expanded, detecting cycles and bounding the size.
func (c *compiler) expandList(l *cList) []listValue {
	switch l.state {
	case 2:
		return l.values
	case 1:
		panic(&compileFail{code: CodeValidate, msg: fmt.Sprintf("list %q contains itself", l.info.name)})
	}
	l.state = 1
	var out []listValue
	for _, it := range l.info.items {
		if ref := c.lists[it.text]; ref != nil && ref != l {
			ref.used = true
			out = append(out, c.expandList(ref)...)
		} else if ref == l {
			panic(&compileFail{code: CodeValidate, pos: &it.pos, msg: fmt.Sprintf("list %q contains itself", l.info.name)})
		} else {
			out = append(out, itemValue(it.text))
		}
		if len(out) > MaxListItems {
			panic(&compileFail{code: CodeValidate, msg: fmt.Sprintf("list %q expands to more than %d items", l.info.name, MaxListItems)})
		}
	}
	l.values = out
	l.state = 2
	return out
}

// itemValue reads a list item as Falco does, which pastes items into the
// condition text: an item with a blank is quoted, an item in quotes is a
// quoted string, anything else a bare value.
func itemValue(s string) listValue {
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		p := &parser{in: s, pos: Pos{0, 1, 1}}
		ok := false
		func() {
			defer func() { recover() }()
			ok = p.lexQuotedStr() && p.pos.Off == len(s)
		}()
		if ok {
			return listValue{v: p.last, quoted: true}
		}
		return listValue{v: s, quoted: true}
	}
	if strings.IndexByte(s, ' ') >= 0 {
		if v, err := unescape(`"` + s + `"`); err == "" {
			return listValue{v: v, quoted: true}
		}
		return listValue{v: s, quoted: true}
	}
	return listValue{v: s}
}

// compileMacro compiles a macro's body once; later calls return it.
func (c *compiler) compileMacro(m *cMacro) *ir {
	switch m.state {
	case 2:
		return m.body
	case 1:
		panic(&compileFail{code: CodeValidate, msg: fmt.Sprintf("reference loop in macro '%s'", m.info.name)})
	case 3:
		return irFalse
	}
	if m.ast == nil {
		n, err := ParseCondition(m.info.cond.text)
		if err != nil {
			c.reportSyntax(err, &m.info.cond, KindMacro, m.info.name, m.info.pos)
			m.state = 3
			return irFalse
		}
		m.ast = n
	}
	m.state = 1
	w := &where{text: &m.info.cond, kind: KindMacro, name: m.info.name, item: m.info.pos}
	body, ok := c.compileCondition(m.ast, w, m.info.visibility, false)
	if !ok {
		m.state = 3
		return irFalse
	}
	m.body = body
	m.state = 2
	return body
}

// compileCondition compiles a parsed condition, reporting failures as
// diagnostics. visibility limits which macros it may use (Falco's
// definition order). It returns false when the condition did not compile.
func (c *compiler) compileCondition(n Node, w *where, visibility int, skipUnknown bool) (res *ir, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			f, isFail := r.(*compileFail)
			if !isFail {
				panic(r)
			}
			p := w.pos(f.at)
			if f.pos != nil {
				p = *f.pos
			}
			if f.unknown && skipUnknown {
				c.report(CodeUnknownFilter, SeverityWarning, p, w.kind, w.name, f.msg+"; the rule is skipped (skip-if-unknown-filter)")
			} else {
				c.report(f.code, SeverityError, p, w.kind, w.name, f.msg)
			}
			res, ok = nil, false
		}
	}()
	cc := &condCompiler{c: c, w: w, visibility: visibility}
	return cc.node(n), true
}

// condCompiler compiles one condition.
type condCompiler struct {
	c          *compiler
	w          *where
	visibility int
	depth      int
}

func (cc *condCompiler) node(n Node) *ir {
	cc.depth++
	defer func() { cc.depth-- }()
	if cc.depth > MaxDepth {
		failAt(CodeCompileCondition, n, "condition nests deeper than %d levels", MaxDepth)
	}
	switch n := n.(type) {
	case *AndNode:
		out := &ir{kind: irAnd}
		for _, k := range n.Children {
			out.kids = append(out.kids, cc.node(k))
		}
		return out
	case *OrNode:
		out := &ir{kind: irOr}
		for _, k := range n.Children {
			out.kids = append(out.kids, cc.node(k))
		}
		return out
	case *NotNode:
		return &ir{kind: irNot, kids: []*ir{cc.node(n.Child)}}
	case *IdentNode:
		return cc.macroRef(n)
	case *CheckNode:
		return cc.check(n)
	}
	failAt(CodeCompileCondition, n, "unexpected %s in condition", describeNode(n))
	return nil
}

func describeNode(n Node) string {
	switch n.(type) {
	case *ValueNode:
		return "value"
	case *ListNode:
		return "list"
	case *FieldNode:
		return "field without a comparison"
	case *TransformNode:
		return "transformer without a comparison"
	}
	return "expression"
}

func (cc *condCompiler) macroRef(n *IdentNode) *ir {
	m := cc.c.macros[n.Name]
	if m == nil || m.info.index >= cc.visibility {
		if l := cc.c.lists[n.Name]; l != nil && m == nil {
			failAt(CodeValidate, n, "'%s' is a list, not a macro: lists go on the right of in, intersects or pmatch, e.g. proc.name in (%s)", n.Name, n.Name)
		}
		if m != nil {
			failAt(CodeValidate, n, "macro '%s' is used before it is defined: a macro can only use macros defined above it", n.Name)
		}
		failAt(CodeValidate, n, "undefined macro '%s' used in filter%s", n.Name, cc.c.suggestMacro(n.Name))
	}
	m.used = true
	body := cc.c.compileMacroFrom(m, n)
	if body == nil {
		return irFalse
	}
	return &ir{kind: irMacro, macro: m}
}

// compileMacroFrom compiles m on first use; a failing macro reports its
// own error once and makes its users fail quietly.
func (c *compiler) compileMacroFrom(m *cMacro, from Node) *ir {
	if m.state == 1 {
		failAt(CodeValidate, from, "reference loop in macro '%s'", m.info.name)
	}
	body := c.compileMacro(m)
	if m.state == 3 {
		panic(&compileFail{code: CodeValidate, at: from, msg: fmt.Sprintf("macro '%s' does not compile (see its error)", m.info.name)})
	}
	return body
}

func (c *compiler) suggestMacro(name string) string {
	best, bestD := "", 3
	for n := range c.macros {
		if d := editDistance(name, n, bestD); d < bestD {
			best, bestD = n, d
		}
	}
	if best != "" {
		return "; did you mean '" + best + "'?"
	}
	return ""
}

// editDistance is the Levenshtein distance of a and b, or limit when it
// is at least limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) >= limit {
		return limit
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], limit)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// operand is one side of a comparison after type checking.
type operand struct {
	node   Node
	ref    fields.Ref
	typ    fields.Type
	list   bool
	setOps bool
	xf     []string // transformers, innermost first
	name   string   // canonical text, for keys and outputs
	either []fields.Ref
	asNet  bool // an fd.*net field: compare an address against networks
	// rawArg is how an evt.rawarg.NAME operand compares: typ is its
	// Type, zero when the parameter cannot be compared.
	rawArg *fields.RawArg
}

// typeDesc names the operand's type for a message: the field's type, or
// for evt.rawarg the parameter and its type in the event table.
func (o *operand) typeDesc() string {
	if o.rawArg != nil {
		return fmt.Sprintf("evt.rawarg.%s is parameter %s of type %s", o.rawArg.Param, o.rawArg.Param, o.rawArg.TypeNames())
	}
	return fmt.Sprintf("%s is %s", o.name, o.typ)
}

// eitherFields maps the fields that look at both ends of a connection,
// or at an address as a network, to the fields replay extracts.
var eitherFields = map[string]struct {
	refs  []string
	asNet bool
}{
	"fd.ip":   {[]string{"fd.cip", "fd.sip"}, false},
	"fd.port": {[]string{"fd.cport", "fd.sport"}, false},
	"fd.net":  {[]string{"fd.cip", "fd.sip"}, true},
	"fd.cnet": {[]string{"fd.cip"}, true},
	"fd.snet": {[]string{"fd.sip"}, true},
	"fd.lnet": {[]string{"fd.lip"}, true},
	"fd.rnet": {[]string{"fd.rip"}, true},
}

// fieldOperand resolves a field reference against the catalogue.
func (cc *condCompiler) fieldOperand(f *FieldNode) *operand {
	ref, err := cc.c.cat.Resolve(f.Name, f.Arg, f.HasArg)
	if err != nil {
		msg := err.Error()
		msg = strings.TrimPrefix(msg, "fields: ")
		if cc.c.cat.Lookup(f.Name) == nil {
			panic(&compileFail{code: CodeCompileCondition, at: f, unknown: true,
				msg: fmt.Sprintf("nonexistent field %s%s", f.Name, cc.c.suggestField(f.Name))})
		}
		failAt(CodeCompileCondition, f, "%s", msg)
	}
	op := &operand{node: f, ref: ref, typ: ref.Field.Type, list: ref.IsList(), setOps: ref.Field.Has(fields.SetOps), name: ref.String()}
	if e, ok := eitherFields[ref.Field.Name]; ok {
		for _, n := range e.refs {
			r, err := cc.c.cat.Parse(n)
			if err != nil {
				failAt(CodeCompileCondition, f, "field %s needs %s, which the catalogue lacks", ref.Field.Name, n)
			}
			op.either = append(op.either, r)
		}
		op.asNet = e.asNet
	}
	if ref.Field.Name == "evt.rawarg" {
		cc.typeRawArg(f, op)
	}
	return op
}

// typeRawArg types evt.rawarg.NAME by the parameter's type in the event
// table, as libsinsp does; like libsinsp it takes the parameter by name
// after a dot only.
func (cc *condCompiler) typeRawArg(f *FieldNode, op *operand) {
	if f.HasArg {
		failAt(CodeCompileCondition, f, "evt.rawarg takes a parameter name after a dot (evt.rawarg.NAME), not %s[%s]: the parameter's type must be known to compare it", f.Name, f.Arg)
	}
	ra, err := fields.LookupRawArg(op.ref.Arg)
	if err != nil {
		failAt(CodeCompileCondition, f, "%s", strings.TrimPrefix(err.Error(), "fields: bad field argument: "))
	}
	op.rawArg = &ra
	op.typ = ra.Type
}

func (c *compiler) suggestField(name string) string {
	best, bestD := "", 4
	for _, f := range c.allFields {
		if d := editDistance(name, f, bestD); d < bestD {
			best, bestD = f, d
		}
	}
	if best != "" {
		return " (did you mean " + best + "?)"
	}
	return ""
}

// transformOperand type-checks a transformer applied to its argument.
func (cc *condCompiler) transformOperand(t *TransformNode) *operand {
	if t.Name == "val" {
		failAt(CodeCompileCondition, t, "val() can only be used on the right-hand side of a comparison")
	}
	if t.Name == "" {
		failAt(CodeCompileCondition, t, "a list can only be an argument of join()")
	}
	switch t.Name {
	case "join", "concat", "getopt":
		failAt(CodeCompileCondition, t, "the %s() transformer is not supported by Peregrine; use tolower, toupper, b64, basename or len", t.Name)
	}
	if len(t.Args) != 1 {
		failAt(CodeCompileCondition, t, "%s() takes exactly one argument", t.Name)
	}
	var inner *operand
	switch a := t.Args[0].(type) {
	case *FieldNode:
		inner = cc.fieldOperand(a)
	case *TransformNode:
		inner = cc.transformOperand(a)
	default:
		failAt(CodeCompileCondition, t.Args[0], "%s() needs a field or a transformer as argument", t.Name)
	}
	if len(inner.either) > 0 || inner.ref.Field.Has(fields.NoValue) && !inner.ref.Field.Has(fields.SetOps) {
		failAt(CodeCompileCondition, t, "field %s cannot be transformed", inner.ref.Field.Name)
	}
	if t.HasArg {
		failAt(CodeCompileCondition, t, "transformer '%s' does not support field arguments", t.Name)
	}
	out := *inner
	out.node = t
	out.xf = append(append([]string{}, inner.xf...), t.Name)
	out.name = t.Name + "(" + inner.name + ")"
	switch t.Name {
	case "tolower", "toupper", "b64", "basename":
		if inner.typ != fields.String && !(t.Name == "b64" && inner.typ == fields.Bytes) {
			failAt(CodeCompileCondition, t, "%s() applies to string fields, not %s (%s)", t.Name, inner.name, inner.typ)
		}
		out.typ = fields.String
	case "len":
		if inner.typ != fields.String && inner.typ != fields.Bytes && !inner.list {
			failAt(CodeCompileCondition, t, "len() applies to strings, buffers and lists, not %s (%s)", inner.name, inner.typ)
		}
		out.typ = fields.Uint
		out.list = false
		out.setOps = false
	}
	return &out
}

// check compiles a comparison into a leaf.
func (cc *condCompiler) check(n *CheckNode) *ir {
	var left *operand
	switch l := n.Left.(type) {
	case *FieldNode:
		left = cc.fieldOperand(l)
	case *TransformNode:
		left = cc.transformOperand(l)
	}
	c := cc.c
	c.noteDeprecated(left, n, cc.w)

	op := n.Op
	if n.Mod != "" && !isModifierOperator(op+" "+n.Mod) {
		failAt(CodeCompileCondition, n, "'%s %s' is not a supported comparison operator", op, n.Mod)
	}
	if err := comparable(op, n.Mod, left); err != "" {
		failAt(CodeCompileCondition, n, "%s", err)
	}

	lf := &leaf{op: op, mod: n.Mod, left: left}
	if op == "exists" {
		return cc.finishLeaf(lf, n)
	}

	// The right-hand side: val(field)/transformer, a list or a value.
	switch r := n.Right.(type) {
	case *TransformNode:
		if op == "pmatch" || op == "regex" {
			failAt(CodeCompileCondition, r, "operator '%s' doesn't support right-hand side fields", op)
		}
		var right *operand
		if r.Name == "val" {
			fn, ok := r.Args[0].(*FieldNode)
			if !ok {
				failAt(CodeCompileCondition, r, "val() takes a field")
			}
			right = cc.fieldOperand(fn)
			if r.HasArg {
				failAt(CodeCompileCondition, r, "transformer 'val' does not support field arguments")
			}
		} else {
			right = cc.transformOperand(r)
		}
		if right.ref.Field.Has(fields.NoValue) || len(right.either) > 0 {
			failAt(CodeCompileCondition, r, "field '%s' can't be used as a right-hand side field", right.ref.Field.Name)
		}
		if left.ref.Field.Has(fields.NoValue) || len(left.either) > 0 || left.list {
			failAt(CodeCompileCondition, n.Left, "field '%s' doesn't support right-hand side fields", left.ref.Field.Name)
		}
		if n.Mod != "" {
			failAt(CodeCompileCondition, r, "a modifier needs a list of values, not a field")
		}
		if !sameTypeClass(left.typ, right.typ) || right.list {
			failAt(CodeCompileCondition, r, "can't compare %s (%s) with %s (%s)", left.name, left.typ, right.name, right.typ)
		}
		lf.right = right
		return cc.finishLeaf(lf, n)
	case *ListNode:
		lf.values = cc.listValues(r.Items, n)
		lf.valueNode = r
	case *ValueNode:
		if !r.Quoted {
			if l := c.lists[r.Value]; l != nil {
				l.used = true
				vals := c.expandList(l)
				if isListOp(op) || n.Mod != "" {
					for _, v := range vals {
						lf.values = append(lf.values, v.v)
					}
					lf.valueNode = r
					break
				}
				if len(vals) != 1 {
					failAt(CodeCompileCondition, r, "'%s' is a list of %d items: compare lists with in, intersects or pmatch", r.Value, len(vals))
				}
				lf.values = []string{vals[0].v}
				lf.valueNode = r
				break
			}
		}
		lf.values = []string{r.Value}
		lf.valueNode = r
	default:
		failAt(CodeCompileCondition, n, "operator '%s' needs a value", op)
	}
	if (isListOp(op) || n.Mod != "") && len(lf.values) > MaxListItems {
		failAt(CodeCompileCondition, n.Right, "more than %d values", MaxListItems)
	}
	if !isListOp(op) && n.Mod == "" && len(lf.values) != 1 {
		failAt(CodeCompileCondition, n.Right, "operator '%s' takes one value", op)
	}
	c.valueWarnings(lf, n, cc.w)
	return cc.finishLeaf(lf, n)
}

func isListOp(op string) bool { return op == "in" || op == "intersects" || op == "pmatch" }

func sameTypeClass(a, b fields.Type) bool {
	if a == b {
		return true
	}
	return a.IsNumeric() && b.IsNumeric()
}

// listValues expands the items of a parenthesised list: unquoted items
// naming a list are replaced by its values.
func (cc *condCompiler) listValues(items []*ValueNode, at Node) []string {
	var out []string
	for _, it := range items {
		if !it.Quoted {
			if l := cc.c.lists[it.Value]; l != nil {
				l.used = true
				for _, v := range cc.c.expandList(l) {
					out = append(out, v.v)
				}
				if len(out) > MaxListItems {
					failAt(CodeCompileCondition, at, "more than %d values", MaxListItems)
				}
				continue
			}
		}
		out = append(out, it.Value)
	}
	return out
}

// comparable applies Falco's table of operators per field type.
func comparable(op, mod string, o *operand) string {
	if op == "exists" {
		return ""
	}
	opname := op
	if mod != "" {
		opname += " " + mod
	}
	if o.list && o.setOps {
		switch op {
		case "in", "intersects":
			return ""
		}
		return fmt.Sprintf("'%s' operator not supported for list filter '%s': use in, intersects or exists", opname, o.name)
	}
	if o.rawArg != nil && o.typ == 0 {
		return fmt.Sprintf("'%s' operator not supported for evt.rawarg.%s: parameter %s is of type %s, which cannot be compared (only exists applies; evt.arg.%s compares its text)",
			opname, o.rawArg.Param, o.rawArg.Param, o.rawArg.TypeNames(), o.rawArg.Param)
	}
	var ok bool
	kind := ""
	switch o.typ {
	case fields.String:
		kind = "string"
		ok = contains([]string{"=", "==", "!=", "<", "<=", ">", ">=", "contains", "in", "icontains", "startswith", "glob", "pmatch", "endswith", "intersects", "iglob", "regex"}, op)
	case fields.Bytes:
		kind = "buffer"
		ok = contains([]string{"=", "==", "!=", "contains", "in", "startswith", "endswith", "intersects", "bcontains", "bstartswith"}, op)
	case fields.Bool:
		kind = "boolean"
		ok = contains([]string{"=", "==", "!=", "in", "intersects"}, op)
	case fields.IPAddr, fields.IPNet:
		kind = "ip address and network"
		ok = contains([]string{"=", "==", "!=", "in", "intersects"}, op)
	default:
		kind = "numeric"
		ok = contains([]string{"=", "==", "!=", "<", "<=", ">", ">=", "in", "intersects"}, op)
	}
	if !ok {
		return fmt.Sprintf("'%s' operator not supported for %s filters (%s)", opname, kind, o.typeDesc())
	}
	if mod != "" && o.list {
		return fmt.Sprintf("'%s' is not supported on list field %s", opname, o.name)
	}
	return ""
}

// finishLeaf parses the values for the field's type, classifies the leaf
// for event-type indexing and interns it.
func (cc *condCompiler) finishLeaf(lf *leaf, n *CheckNode) *ir {
	c := cc.c
	if err := lf.prepare(); err != nil {
		at := Node(n)
		if lf.valueNode != nil {
			at = lf.valueNode
		}
		failAt(CodeCompileCondition, at, "%s", err.Error())
	}
	// evt.type checks name event types that must exist.
	if lf.isTypeCheck() {
		for _, v := range lf.values {
			if !c.knownEventType(v) {
				at := Node(n)
				if lf.valueNode != nil {
					at = lf.valueNode
				}
				panic(&compileFail{code: CodeCompileCondition, at: at, unknown: true, msg: "unknown event type " + v})
			}
		}
	}
	lf.key = leafKey(lf)
	if prev := c.leafByKey[lf.key]; prev != nil {
		return &ir{kind: irLeaf, leaf: prev}
	}
	lf.id = len(c.leaves)
	c.leaves = append(c.leaves, lf)
	c.leafByKey[lf.key] = lf
	return &ir{kind: irLeaf, leaf: lf}
}

func leafKey(lf *leaf) string {
	var b strings.Builder
	b.WriteString(lf.left.name)
	b.WriteByte(' ')
	b.WriteString(lf.op)
	if lf.mod != "" {
		b.WriteByte(' ')
		b.WriteString(lf.mod)
	}
	if lf.right != nil {
		b.WriteString(" val(")
		b.WriteString(lf.right.name)
		b.WriteByte(')')
	}
	for _, v := range lf.values {
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(v))
	}
	return b.String()
}

// noteDeprecated warns about deprecated fields, as Falco does.
func (c *compiler) noteDeprecated(o *operand, n Node, w *where) {
	if o.ref.Field == nil || !o.ref.Field.Has(fields.Deprecated) || c.quiet {
		return
	}
	msg := "field " + o.ref.Field.Name + " is deprecated"
	if o.ref.Field.Name == "evt.dir" {
		msg = "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false; the condition on 'evt.dir' can be removed"
	}
	c.report(CodeDeprecatedItem, SeverityWarning, w.pos(n), w.kind, w.name, msg)
}

// valueWarnings reports values that look like mistakes, as Falco's filter
// compiler does (LOAD_COMPILE_CONDITION).
func (c *compiler) valueWarnings(lf *leaf, n *CheckNode, w *where) {
	if c.quiet {
		return
	}
	at := w.pos(n.Right)
	for _, v := range lf.values {
		nospace := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
				return -1
			}
			return r
		}, v)
		if lf.op == "regex" && regexLooksSimple(v) {
			c.report(CodeCompileConditionWarn, SeverityWarning, at, w.kind, w.name,
				fmt.Sprintf("regex check with '%s' may be optimized with simpler operators such as '=', 'contains', 'startswith', 'endswith'", v))
		}
		if n := fieldNameLen(nospace); n > 0 && c.cat.Lookup(nospace[:n]) != nil {
			c.report(CodeCompileConditionWarn, SeverityWarning, at, w.kind, w.name,
				fmt.Sprintf("'%s' may be a valid field misused as a const string value", v))
		}
		for _, t := range append([]string{"val"}, transformers...) {
			if len(nospace) >= len(t)+2 && strings.HasPrefix(nospace, t) && nospace[len(t)] == '(' && strings.HasSuffix(nospace, ")") {
				c.report(CodeCompileConditionWarn, SeverityWarning, at, w.kind, w.name,
					fmt.Sprintf("'%s' may be a valid field transformer misused as a const string value", v))
			}
		}
	}
}

// regexLooksSimple applies Falco's heuristic: a regex with no special
// characters other than anchors and leading or trailing .* could be a
// plain comparison.
func regexLooksSimple(v string) bool {
	const special = ".+*?^$()[]{}|\\"
	n := len(v)
	for i := 0; i < n; i++ {
		if (i == 0 && v[i] == '^') || (i == n-1 && v[i] == '$') {
			continue
		}
		if ((i == 0 && n > 1) || i == n-2) && v[i] == '.' && i+1 < n && strings.IndexByte("+*?", v[i+1]) >= 0 {
			i++
			continue
		}
		if strings.IndexByte(special, v[i]) >= 0 {
			return false
		}
	}
	return true
}

// parseIntValue reads a number for a field of type t: decimal, or hex
// with 0x. Unsigned types take negative numbers as their bit pattern, as
// Falco's parser does.
func parseIntValue(s string, t fields.Type) (int64, error) {
	v := strings.TrimSpace(s)
	if v == "" {
		if t == fields.Port {
			return 0, nil
		}
		return 0, fmt.Errorf("'' is not a valid number")
	}
	if n, err := strconv.ParseInt(v, 0, 64); err == nil {
		return n, nil
	}
	if n, err := strconv.ParseUint(v, 0, 64); err == nil {
		return int64(n), nil
	}
	if t == fields.Port {
		if p, ok := wellKnownPorts[v]; ok {
			return int64(p), nil
		}
		return 0, fmt.Errorf("unrecognized protocol %s", v)
	}
	return 0, fmt.Errorf("%s is not a valid number", s)
}

// wellKnownPorts names the ports Falco rules use by service name.
var wellKnownPorts = map[string]uint16{
	"ftp": 21, "ssh": 22, "telnet": 23, "smtp": 25, "domain": 53, "dns": 53, "http": 80,
	"pop3": 110, "ntp": 123, "imap": 143, "snmp": 161, "ldap": 389, "https": 443,
	"smtps": 465, "submission": 587, "ldaps": 636, "imaps": 993, "pop3s": 995,
	"mysql": 3306, "postgresql": 5432, "redis": 6379,
}

// parseAddr reads an IP address value.
func parseAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		if strings.IndexByte(s, '.') >= 0 {
			return netip.Addr{}, fmt.Errorf("unrecognized IPv4 address %s", s)
		}
		return netip.Addr{}, fmt.Errorf("unrecognized IPv6 address %s", s)
	}
	return a.Unmap(), nil
}

// parseNet reads a network value: address/bits, or a plain address as a
// host network.
func parseNet(s string) (netip.Prefix, error) {
	s = strings.TrimSpace(s)
	if strings.IndexByte(s, '/') < 0 {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("unrecognized IP network %s", s)
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("unrecognized IP network %s", s)
	}
	if p.Addr().Is4In6() {
		p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
}

// compileRegex compiles a regex value as Falco does (RE2 POSIX syntax,
// matching the whole value), bounding its size.
func compileRegex(v string) (*regexp.Regexp, error) {
	if len(v) > MaxRegexLen {
		return nil, fmt.Errorf("regex is %d bytes long, more than the %d allowed", len(v), MaxRegexLen)
	}
	re, err := regexp.CompilePOSIX("^(" + v + ")$")
	if err != nil {
		return nil, fmt.Errorf("invalid regex pattern: %v", strings.TrimPrefix(err.Error(), "error parsing regexp: "))
	}
	return re, nil
}

// MaxRegexLen bounds a regex value. Go's regexp runs in linear time, so
// the only risk left is size.
const MaxRegexLen = 4096
