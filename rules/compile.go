package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Matching says which rules an event raises.
type Matching int

const (
	// MatchFirst raises at most one rule per event: the first that
	// matches, in load order (Falco's rule_matching: first).
	MatchFirst Matching = iota
	// MatchAll raises every rule that matches (rule_matching: all).
	MatchAll
)

// Options configure Compile. The zero value compiles every enabled rule
// against fields.Default in validation mode.
type Options struct {
	// Fields is the field catalogue; nil means fields.Default.
	Fields *fields.Catalogue
	// Values binds fields to extractors. Nil compiles in validation mode:
	// everything is checked, nothing can be evaluated (rules validate).
	Values fields.Source
	// EventTypes names the analyzer's event types by index: index i is
	// the type number passed to Evaluator.Eval. Rules are indexed by it.
	EventTypes []string
	// MinPriority drops rules less severe than it. The zero Priority
	// keeps every rule.
	MinPriority Priority
	// Enable and Disable select rules by name (with * wildcards) or by
	// tag ("tag:NAME"). Disable applies first, then Enable: Disable
	// ["*"] with Enable ["tag:network"] keeps the network rules only.
	// Enable also turns on rules the files disabled.
	Enable, Disable []string
	// Matching is MatchFirst (the default) or MatchAll.
	Matching Matching
}

// Rule is a compiled rule. It is immutable and safe for concurrent use.
type Rule struct {
	Name      string
	Desc      string
	Condition string // as written, appends joined, exceptions not included
	Output    string
	Priority  Priority
	Tags      []string
	Source    string
	File      string // where the rule was defined
	Line      int
	// Capture and CaptureDuration (milliseconds) are the rule's capture
	// and capture_duration keys, as read; the analyzer records no
	// captures of its own.
	Capture         bool
	CaptureDuration int

	index    int // in Engine.rules
	cond     *ir
	ast      Node
	types    typeSet
	out      *Format
	expand   func() string
	typeUniv []string
}

// Enabled reports whether the engine evaluates the rule: the files enable
// it and the Options' priority threshold and patterns select it.
func (r *Rule) Enabled() bool { return r.index >= 0 }

// EventTypes returns the event type names the rule can match, sorted, or
// nil when it can match every type.
func (r *Rule) EventTypes() []string {
	if r.types.isAll() {
		return nil
	}
	if !r.types.neg {
		return r.types.sorted()
	}
	var out []string
	for _, n := range r.typeUniv {
		if r.types.matches(n) {
			out = append(out, n)
		}
	}
	return out
}

// Expanded returns the rule's condition with exceptions added, macros
// expanded and lists substituted, as `rules describe` shows it.
func (r *Rule) Expanded() string {
	if r.expand == nil {
		return r.Condition
	}
	return r.expand()
}

// FormatOutput appends the rule's output to dst, rendering %field as
// Falco does and <NA> for missing values.
func (r *Rule) FormatOutput(ev fields.Event, dst []byte) []byte {
	if r.out == nil {
		return append(dst, r.Output...)
	}
	return r.out.Render(ev, dst)
}

// OutputFields returns the values of the fields the output names, keyed
// as Falco's JSON output_fields: numbers as numbers, booleans as booleans,
// missing values as nil.
func (r *Rule) OutputFields(ev fields.Event) map[string]any {
	if r.out == nil {
		return map[string]any{}
	}
	return r.out.Values(ev)
}

// Engine is a compiled rule set. It is immutable and safe for concurrent
// use; evaluate events with an Evaluator from NewEvaluator.
type Engine struct {
	rules      []*Rule
	allRules   []*Rule // every compiled rule, enabled or not
	leaves     []*leaf
	macros     []*cMacro
	typeNames  []string
	typeProgs  []*typeProg // by analyzer type index; nil: no rule for the type
	anyProg    *typeProg   // types outside EventTypes
	nScratch   int
	matchAll   bool
	validation bool
	anyAll     bool // the any-type program runs every rule (filters)
	gates      map[string]*leaf
	nValues    int       // value cache slots
	exts       []slotExt // extractors, by value cache slot
}

// Rules returns the enabled rules in load order.
func (e *Engine) Rules() []*Rule { return e.rules }

// AllRules returns every compiled rule in load order, also those disabled
// by the files or the Options (see Rule.Enabled).
func (e *Engine) AllRules() []*Rule { return e.allRules }

// Rule returns the compiled rule called name, enabled or not, or nil.
func (e *Engine) Rule(name string) *Rule {
	for _, r := range e.allRules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// compiler holds the state of one Compile.
type compiler struct {
	set       *Set
	cat       *fields.Catalogue
	src       fields.Source
	opts      Options
	diags     Diagnostics
	lists     map[string]*cList
	macros    map[string]*cMacro
	macroList []*cMacro
	leaves    []*leaf
	leafByKey map[string]*leaf
	allFields []string
	typeNames map[string]bool
	quiet     bool // no warnings (compiling a filter or format)
}

func newCompiler(set *Set, opts *Options) *compiler {
	c := &compiler{set: set, lists: map[string]*cList{}, macros: map[string]*cMacro{}, leafByKey: map[string]*leaf{}}
	if opts != nil {
		c.opts = *opts
	}
	c.cat = c.opts.Fields
	if c.cat == nil {
		c.cat = fields.Default
	}
	c.src = c.opts.Values
	for _, f := range c.cat.All() {
		c.allFields = append(c.allFields, f.Name)
	}
	c.typeNames = map[string]bool{}
	for _, n := range c.opts.EventTypes {
		c.typeNames[n] = true
	}
	if set != nil {
		for _, l := range set.lists {
			c.lists[l.name] = &cList{info: l}
		}
		for _, m := range set.macros {
			cm := &cMacro{info: m, id: len(c.macroList)}
			c.macros[m.name] = cm
			c.macroList = append(c.macroList, cm)
		}
	}
	return c
}

func (c *compiler) knownEventType(name string) bool {
	if _, ok := falcoEventCodes[name]; ok {
		return true
	}
	return falcoSyscallSet[name] || c.typeNames[name]
}

func (c *compiler) report(code string, sev Severity, p filePos, kind, name, msg string) {
	d := &Diagnostic{Code: code, Severity: sev, File: p.name(), Line: p.line, Col: p.col, ItemKind: kind, ItemName: name, Message: msg}
	if p.file != nil && p.line > 0 {
		d.Snippet = p.file.snippet(p.line, p.col)
	}
	c.diags = append(c.diags, d)
}

// Compile checks and compiles a loaded Set. Every rule is compiled, also
// disabled ones, so that errors and Falco's warnings (unused macros and
// lists, rules matching too many event types) are reported as Falco
// reports them; the Engine evaluates the enabled rules the Options select.
// On errors the Engine is nil.
func Compile(set *Set, opts *Options) (*Engine, Diagnostics) {
	c := newCompiler(set, opts)
	if set == nil {
		return nil, Diagnostics{{Code: CodeValidate, Severity: SeverityError, Message: "no rule set to compile"}}
	}

	// Parse every macro, and compile them all (Falco compiles unused
	// macros too, and reports their errors).
	for _, m := range c.macroList {
		n, err := ParseCondition(m.info.cond.text)
		if err != nil {
			c.reportSyntax(err, &m.info.cond, KindMacro, m.info.name, m.info.pos)
			m.state = 3
			continue
		}
		m.ast = n
	}
	for _, m := range c.macroList {
		if m.state == 0 {
			c.compileMacro(m)
		}
	}

	// Compile rules.
	var compiled []*Rule
	et := &evtTypes{}
	for _, ri := range set.rules {
		if ri.unknownSource {
			continue
		}
		r := c.compileRule(ri, et)
		if r != nil {
			compiled = append(compiled, r)
		}
	}

	// Falco's unused warnings, in definition order. Falco stops at the
	// first error and reports none of them then; usage is not known for
	// what failed to compile, so neither do we.
	if c.diags.Err() != nil {
		return nil, c.diags
	}
	if set.loadErrors > 0 {
		return nil, c.diags
	}
	for _, m := range c.macroList {
		if !m.used {
			c.report(CodeUnusedMacro, SeverityWarning, m.info.pos, KindMacro, m.info.name, "macro not referred to by any other rule/macro")
		}
	}
	for _, l := range set.lists {
		cl := c.lists[l.name]
		// Lists named inside other lists count as used even when the
		// outer list is not expanded anywhere, if defined before it
		// (Falco's rule).
		for _, it := range l.items {
			if ref := c.lists[it.text]; ref != nil && ref != cl && ref.info.index < l.visibility {
				ref.used = true
			}
		}
	}
	for _, l := range set.lists {
		if !c.lists[l.name].used {
			c.report(CodeUnusedList, SeverityWarning, l.pos, KindList, l.name, "list not referred to by any other rule/macro")
		}
	}

	if c.diags.Err() != nil {
		return nil, c.diags
	}
	eng, err := c.build(compiled, false)
	if err != nil {
		c.diags = append(c.diags, &Diagnostic{Code: CodeValidate, Severity: SeverityError, Message: err.Error()})
		return nil, c.diags
	}
	return eng, c.diags
}

func (c *compiler) reportSyntax(err error, text *srcText, kind, name string, item filePos) {
	p := item
	msg := err.Error()
	if se, ok := err.(*SyntaxError); ok {
		p = text.pos(se.Pos.Off)
		msg = se.Msg
	}
	c.report(CodeCompileCondition, SeverityError, p, kind, name, msg)
}

// compileRule compiles one rule's output and condition, exceptions
// included; nil when it failed or was skipped.
func (c *compiler) compileRule(ri *ruleInfo, et *evtTypes) *Rule {
	r := &Rule{Name: ri.name, Desc: ri.desc, Condition: ri.cond.text, Output: ri.output.text, Priority: ri.priority,
		Tags: ri.tags, Source: ri.source, File: ri.pos.name(), Line: ri.pos.line,
		Capture: ri.capture, CaptureDuration: ri.captureDuration}

	// Output first, as Falco does.
	out, ok := c.compileRuleOutput(ri)
	if !ok {
		return nil
	}
	r.out = out

	w := &where{text: &ri.cond, extra: map[Node]filePos{}, kind: KindRule, name: ri.name, item: ri.pos}
	n, err := ParseCondition(ri.cond.text)
	if err != nil {
		c.reportSyntax(err, &ri.cond, KindRule, ri.name, ri.condPos)
		return nil
	}
	if len(ri.exceptions) > 0 {
		n, ok = c.withExceptions(n, ri, w)
		if !ok {
			return nil
		}
	}
	r.ast = n
	body, ok := c.compileCondition(n, w, int(^uint(0)>>1), ri.skipUnknown)
	if !ok {
		return nil
	}
	r.cond = body
	ts, err := et.of(body)
	if err != nil {
		c.report(CodeValidate, SeverityError, ri.condPos, KindRule, ri.name, err.Error())
		return nil
	}
	r.types = ts
	if ri.warnEvttypes && !c.quiet && ts.falcoCodes() > maxNoEvtTypeCodes {
		c.report(CodeNoEvtType, SeverityWarning, ri.pos, KindRule, ri.name,
			"rule matches too many evt.type values: this has a significant performance penalty; restrict it with evt.type")
	}
	r.Tags = append([]string(nil), ri.tags...)
	enabled := ri.enabled
	r.expand = c.expander(n)
	r.index = -1
	if c.selected(r, enabled) {
		r.index = 0
	}
	return r
}

func (c *compiler) compileRuleOutput(ri *ruleInfo) (*Format, bool) {
	out := ri.output.text
	if strings.Contains(out, "%container.info") && !c.quiet {
		c.report(CodeDeprecatedItem, SeverityWarning, ri.pos, KindRule, ri.name,
			"%container.info is deprecated and no longer useful: container fields are added by the output; it is dropped")
	}
	if !c.quiet {
		for _, df := range []string{"evt.dir", "evt.latency", "evt.latency.s", "evt.latency.ns", "evt.latency.human", "evt.wait_latency"} {
			if strings.Contains(out, df) {
				c.report(CodeDeprecatedItem, SeverityWarning, ri.outputPos, KindRule, ri.name,
					"usage of deprecated field '"+df+"' has been detected in the rule output")
			}
		}
	}
	f, err := c.compileFormat(strings.ReplaceAll(out, "%container.info", ""), &ri.output)
	if err != nil {
		p := ri.outputPos
		msg := err.Error()
		if fe, ok := err.(*formatError); ok {
			if !strings.Contains(out, "%container.info") {
				p = ri.output.pos(fe.off)
			}
			msg = fe.msg
			if fe.unknown && ri.skipUnknown {
				c.report(CodeUnknownFilter, SeverityWarning, p, KindRule, ri.name, msg+"; the rule is skipped (skip-if-unknown-filter)")
				return nil, false
			}
		}
		c.report(CodeCompileOutput, SeverityError, p, KindRule, ri.name, msg)
		return nil, false
	}
	return f, true
}

// selected applies the Options' priority threshold and enable/disable
// patterns.
func (c *compiler) selected(r *Rule, enabled bool) bool {
	if c.opts.MinPriority != 0 && r.Priority > c.opts.MinPriority {
		return false
	}
	for _, p := range c.opts.Disable {
		if ruleMatchesPattern(r, p) {
			enabled = false
		}
	}
	for _, p := range c.opts.Enable {
		if ruleMatchesPattern(r, p) {
			enabled = true
		}
	}
	return enabled
}

func ruleMatchesPattern(r *Rule, p string) bool {
	if tag, ok := strings.CutPrefix(p, "tag:"); ok {
		for _, t := range r.Tags {
			if t == tag {
				return true
			}
		}
		return false
	}
	return MatchName(p, r.Name)
}

// MatchName matches a rule name against a selection pattern as Falco does:
// '*' stands for any run of characters (slashes included), every other
// character for itself.
func MatchName(pattern, name string) bool {
	first, rest, found := strings.Cut(pattern, "*")
	if !found {
		return pattern == name
	}
	if !strings.HasPrefix(name, first) {
		return false
	}
	name = name[len(first):]
	parts := strings.Split(rest, "*")
	last := parts[len(parts)-1]
	for _, p := range parts[:len(parts)-1] {
		i := strings.Index(name, p)
		if i < 0 {
			return false
		}
		name = name[i+len(p):]
	}
	return len(name) >= len(last) && strings.HasSuffix(name, last)
}

// withExceptions adds a rule's exceptions to its condition as Falco
// builds them: cond and not ((f1 c1 v1 and f2 c2 v2) or ...) per exception.
func (c *compiler) withExceptions(cond Node, ri *ruleInfo, w *where) (Node, bool) {
	and := &AndNode{At: cond.Position(), Children: []Node{cond}}
	for _, ex := range ri.exceptions {
		n, err := c.exceptionNode(ex, w)
		if err != nil {
			p := ex.pos
			if err.pos != nil {
				p = *err.pos
			}
			c.report(CodeValidate, SeverityError, p, KindRule, ri.name, "exception "+ex.name+": "+err.msg)
			return nil, false
		}
		if n != nil {
			not := &NotNode{At: cond.Position(), Child: n}
			w.extra[not] = ex.pos
			and.Children = append(and.Children, not)
		}
	}
	if len(and.Children) == 1 {
		return cond, true
	}
	return and, true
}

func (c *compiler) exceptionNode(ex *exceptionInfo, w *where) (Node, *compileFail) {
	// mkField reads an exception field: a field, or a field wrapped in
	// transformers (tolower(proc.name)), as Falco accepts.
	mkField := func(e exEntry) (Node, *compileFail) {
		f := parseOperand(e.item)
		if f == nil {
			return nil, &compileFail{pos: &e.pos, msg: fmt.Sprintf("'%s' is not a supported filter field", e.item)}
		}
		placeAt(w, f, e.pos)
		return f, nil
	}
	mkValue := func(s string, quoted bool, pos filePos) *ValueNode {
		v := &ValueNode{Value: s, Quoted: quoted}
		w.extra[v] = pos
		return v
	}
	mkCheck := func(f Node, comp string, right Node, pos filePos) *CheckNode {
		op, mod := comp, ""
		if fs := strings.Fields(comp); len(fs) == 2 {
			op, mod = fs[0], fs[1]
		}
		ch := &CheckNode{Left: f, Op: op, Mod: mod, Right: right}
		w.extra[ch] = pos
		return ch
	}
	// listOf reads exception values given as one string for a list
	// operator: "(a, b)" as written, or a single item (maybe a list name).
	listOf := func(e exEntry) (Node, *compileFail) {
		s := strings.TrimSpace(e.item)
		if !strings.HasPrefix(s, "(") {
			s = "(" + s + ")"
		}
		p := &parser{in: s, pos: Pos{0, 1, 1}}
		var l *ListNode
		func() {
			defer func() { recover() }()
			l = p.tryParseList()
			if p.pos.Off != len(s) {
				l = nil
			}
		}()
		if l == nil {
			return nil, &compileFail{pos: &e.pos, msg: fmt.Sprintf("cannot read %q as a list of values", e.item)}
		}
		w.extra[l] = e.pos
		for _, it := range l.Items {
			w.extra[it] = e.pos
		}
		return l, nil
	}

	if !ex.fields.isList {
		f, err := mkField(ex.fields)
		if err != nil {
			return nil, err
		}
		if len(ex.values) == 0 {
			return nil, nil
		}
		l := &ListNode{}
		w.extra[l] = ex.values[0].pos
		for _, v := range ex.values {
			if v.isList {
				return nil, &compileFail{pos: &v.pos, msg: "expected values array to contain a list of strings"}
			}
			lv := itemValue(v.item)
			l.Items = append(l.Items, mkValue(lv.v, lv.quoted, v.pos))
		}
		return mkCheck(f, ex.comps.item, l, ex.pos), nil
	}

	or := &OrNode{}
	w.extra[or] = ex.pos
	for _, vals := range ex.values {
		if !vals.isList || len(vals.items) != len(ex.fields.items) {
			return nil, &compileFail{pos: &vals.pos, msg: "fields and values lists must have equal length"}
		}
		and := &AndNode{}
		w.extra[and] = vals.pos
		for k, fe := range ex.fields.items {
			f, err := mkField(fe)
			if err != nil {
				return nil, err
			}
			comp := ex.comps.items[k].item
			val := vals.items[k]
			var right Node
			switch {
			case val.isList:
				l := &ListNode{}
				w.extra[l] = val.pos
				for _, it := range val.items {
					lv := itemValue(it.item)
					l.Items = append(l.Items, mkValue(lv.v, lv.quoted, it.pos))
				}
				right = l
			case isListOp(comp) || isModifierOperator(comp):
				r, err := listOf(val)
				if err != nil {
					return nil, err
				}
				right = r
			default:
				// Falco pastes a value without blanks into the
				// condition as it is, so a transformer or val() there
				// compares with another field.
				if t := parseTransformerValue(val.item); t != nil {
					placeAt(w, t, val.pos)
					right = t
					break
				}
				lv := itemValue(val.item)
				right = mkValue(lv.v, lv.quoted, val.pos)
			}
			and.Children = append(and.Children, mkCheck(f, comp, right, val.pos))
		}
		or.Children = append(or.Children, and)
	}
	if len(or.Children) == 0 {
		return nil, nil
	}
	return or, nil
}

// parseOperand parses s, whole, as the left side of a check: a field or
// a field wrapped in transformers. It returns nil when s is not one.
func parseOperand(s string) (n Node) {
	p := &parser{in: s, pos: Pos{0, 1, 1}}
	defer func() {
		if recover() != nil {
			n = nil
		}
	}()
	at := p.pos
	if p.lexFieldName() {
		n = p.parseFieldRemainder(p.last, at)
	} else if t, ok := p.lexTransformer(); ok {
		p.lexBlank()
		n = p.parseTransformerRemainder(t, at)
	}
	if n == nil || p.pos.Off != len(s) {
		return nil
	}
	return n
}

// parseTransformerValue parses s, whole, as a transformer or val() on the
// right of a check, or returns nil. Values with blanks are strings (Falco
// quotes them).
func parseTransformerValue(s string) (n Node) {
	if strings.ContainsAny(s, " \t\r\n") {
		return nil
	}
	p := &parser{in: s, pos: Pos{0, 1, 1}}
	defer func() {
		if recover() != nil {
			n = nil
		}
	}()
	n = p.tryTransformerOrVal()
	if n == nil || p.pos.Off != len(s) {
		return nil
	}
	return n
}

// placeAt records pos as the file position of n and the nodes below it:
// they were parsed from an exception entry, not from the condition.
func placeAt(w *where, n Node, pos filePos) {
	w.extra[n] = pos
	if t, ok := n.(*TransformNode); ok {
		for _, a := range t.Args {
			placeAt(w, a, pos)
		}
	}
	if l, ok := n.(*ListNode); ok {
		for _, it := range l.Items {
			w.extra[it] = pos
		}
	}
}

// expander returns a function rendering the condition with macros
// expanded and lists substituted, bounded in size.
func (c *compiler) expander(n Node) func() string {
	macros := c.macros
	lists := c.lists
	expandList := c.expandList
	return func() string {
		var b strings.Builder
		budget := maxExpandedLen
		var exp func(n Node) Node
		depth := 0
		exp = func(n Node) Node {
			depth++
			defer func() { depth-- }()
			if depth > 200 || budget <= 0 {
				return &IdentNode{Name: "..."}
			}
			budget--
			switch n := n.(type) {
			case *AndNode:
				out := &AndNode{}
				for _, k := range n.Children {
					out.Children = append(out.Children, exp(k))
				}
				return out
			case *OrNode:
				out := &OrNode{}
				for _, k := range n.Children {
					out.Children = append(out.Children, exp(k))
				}
				return out
			case *NotNode:
				return &NotNode{Child: exp(n.Child)}
			case *IdentNode:
				if m := macros[n.Name]; m != nil && m.ast != nil {
					inner := exp(m.ast)
					return &OrNode{Children: []Node{inner}} // keeps its parentheses
				}
				return n
			case *CheckNode:
				out := *n
				switch r := n.Right.(type) {
				case *ListNode:
					l := &ListNode{}
					for _, it := range r.Items {
						if cl := lists[it.Value]; cl != nil && !it.Quoted {
							for _, v := range safeExpand(expandList, cl) {
								l.Items = append(l.Items, &ValueNode{Value: v.v, Quoted: v.quoted})
							}
							continue
						}
						l.Items = append(l.Items, it)
					}
					out.Right = l
				case *ValueNode:
					if cl := lists[r.Value]; cl != nil && !r.Quoted {
						l := &ListNode{}
						for _, v := range safeExpand(expandList, cl) {
							l.Items = append(l.Items, &ValueNode{Value: v.v, Quoted: v.quoted})
						}
						out.Right = l
					}
				}
				return &out
			}
			return n
		}
		writeNode(&b, exp(n), 0)
		s := b.String()
		if budget <= 0 {
			s += " ... (expansion cut)"
		}
		return s
	}
}

const maxExpandedLen = 200000

func safeExpand(f func(*cList) []listValue, l *cList) (out []listValue) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	return f(l)
}

// build binds predicates and compiles the programs of the enabled rules.
func (c *compiler) build(compiled []*Rule, filter bool) (*Engine, error) {
	e := &Engine{allRules: compiled, leaves: c.leaves, macros: c.macroList, typeNames: c.opts.EventTypes,
		matchAll: c.opts.Matching == MatchAll, validation: c.src == nil, anyAll: filter}
	if filter {
		e.matchAll = false
	}
	univ := c.typeUniverse()
	for _, r := range compiled {
		r.typeUniv = univ
		if r.index >= 0 {
			r.index = len(e.rules)
			e.rules = append(e.rules, r)
		}
	}
	if e.validation {
		return e, nil
	}
	b := &binder{src: c.src, bound: map[string]fields.Extractor{}}
	for _, lf := range c.leaves {
		if err := lf.bind(b); err != nil {
			return nil, err
		}
	}
	for _, r := range compiled {
		if r.out != nil {
			if err := r.out.bind(b); err != nil {
				return nil, fmt.Errorf("rule %q output: %w", r.Name, err)
			}
		}
	}
	if err := e.compilePrograms(b); err != nil {
		return nil, err
	}
	// Merged leaves are bound by compilePrograms and may take scratch
	// buffers of their own (tolower(f) = a or tolower(f) = b).
	e.nScratch = b.scratch
	e.nValues = len(b.slots)
	e.exts = b.exts
	return e, nil
}

// typeUniverse lists every event type name a rule may be reported to
// match: Falco's names and the analyzer's.
func (c *compiler) typeUniverse() []string {
	set := map[string]bool{}
	for n := range falcoEventCodes {
		set[n] = true
	}
	for _, n := range c.opts.EventTypes {
		set[n] = true
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
