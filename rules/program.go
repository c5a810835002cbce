package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/vm"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// This file optimises the conditions of each event type before they
// become expr programs (exprgen.go). Each analyzer event type gets the
// rules indexed under the type:
//
//   - conditions are specialised for the type: evt.type checks are
//     constants for a known type, and the constants are folded away;
//   - the rules are regrouped by the conjuncts they share (factor), so
//     that open_write is tested once for every rule that needs it, and
//     rules that each require a field to equal one of some constants are
//     gated by one set lookup;
//   - comparisons of one field with several constants are merged into one
//     test, and macros made of comparisons only become one fused
//     predicate;
//   - macros used at least twice in the type's tree (after folding) are
//     evaluated once per event and cached; the others are inlined;
//   - the operands of every and and or are ordered by their expected
//     cost and selectivity (cost.go), cheap and selective tests first.

// folder specialises compiled conditions for one event type.
type folder struct {
	typeName string // "" when the type is unknown: nothing folds
	memo     map[*cMacro]*ir
	tp       *typeProgram
}

func (f *folder) fold(n *ir) *ir {
	switch n.kind {
	case irConst:
		return n
	case irLeaf:
		// evt.num counts from 1: checks that can never or always hold
		// are constants.
		switch n.leaf.invariant() {
		case -1:
			return irFalse
		case 1:
			return irTrue
		}
		if f.typeName != "" && f.typeName != "syscall" && n.leaf.isTypeCheck() && n.leaf.left.ref.Field.Name == "evt.type" {
			in := false
			for _, v := range n.leaf.values {
				if v == f.typeName {
					in = true
					break
				}
			}
			if n.leaf.op == "!=" {
				in = !in
			}
			if in {
				return irTrue
			}
			return irFalse
		}
		return n
	case irNot:
		k := f.fold(n.kids[0])
		if k.kind == irConst {
			if k.val {
				return irFalse
			}
			return irTrue
		}
		if k.kind == irNot {
			return k.kids[0]
		}
		return &ir{kind: irNot, kids: []*ir{k}}
	case irAnd, irOr:
		isAnd := n.kind == irAnd
		var kids []*ir
		for _, k := range n.kids {
			fk := f.fold(k)
			if fk.kind == irConst {
				if fk.val != isAnd { // false in and, true in or
					return fk
				}
				continue
			}
			if fk.kind == n.kind {
				kids = append(kids, fk.kids...)
				continue
			}
			kids = append(kids, fk)
		}
		switch len(kids) {
		case 0:
			if isAnd {
				return irTrue
			}
			return irFalse
		case 1:
			return kids[0]
		}
		if f.tp != nil {
			kids = f.tp.mergeLeaves(kids, isAnd)
			if len(kids) == 1 {
				return kids[0]
			}
		}
		if !isAnd && f.tp != nil {
			// Factor conjuncts shared by the alternatives:
			// (a and b) or (a and c) is a and (b or c).
			alts := make([]alt, len(kids))
			for i, k := range kids {
				alts[i] = newAlt(k, nil)
			}
			return f.tp.factor(alts, 0, nil)
		}
		return &ir{kind: n.kind, kids: kids}
	case irMacro:
		if f.memo == nil {
			f.memo = map[*cMacro]*ir{}
		}
		body, ok := f.memo[n.macro]
		if !ok {
			body = f.fold(n.macro.body)
			// A macro of leaves only becomes one fused predicate:
			// an atom rules can share, cached per event.
			if f.tp != nil && (body.kind == irAnd || body.kind == irOr || body.kind == irNot) {
				if lf := f.tp.fuse(body); lf != nil {
					body = &ir{kind: irLeaf, leaf: lf}
				}
			}
			f.memo[n.macro] = body
		}
		if body.kind == irConst || body.kind == irLeaf || body.kind == irNot && body.kids[0].kind == irLeaf {
			return body
		}
		return &ir{kind: irMacro, macro: n.macro}
	}
	return n
}

// typeProgram optimises the conditions of one event type.
type typeProgram struct {
	eng    *Engine
	binder *binder
	err    error
	f      *folder
	x      *estimator
	refs   map[*cMacro]int
	cached map[*cMacro]bool
}

// compilePrograms builds the programs of every event type the analyzer
// named, and those of the types it did not name. Programs with the same
// source (event types with the same rules) are compiled once.
func (e *Engine) compilePrograms(b *binder) error {
	compiled := map[string]*vm.Program{}
	compile := func(src string, asBool bool) (*vm.Program, error) {
		key := src
		if asBool {
			key = "bool " + src
		}
		if p, ok := compiled[key]; ok {
			return p, nil
		}
		p, err := compileExpr(src, asBool)
		if err != nil {
			return nil, err
		}
		compiled[key] = p
		return p, nil
	}
	build := func(typeName string, match func(r *Rule) bool) (*typeProg, error) {
		tp := &typeProgram{eng: e, binder: b, refs: map[*cMacro]int{}, cached: map[*cMacro]bool{}}
		tp.f = &folder{typeName: typeName, tp: tp}
		tp.x = &estimator{body: func(m *cMacro) *ir {
			if b, ok := tp.f.memo[m]; ok {
				return b
			}
			return m.body
		}}
		var parts []alt
		for _, r := range e.rules {
			if !match(r) {
				continue
			}
			c := tp.f.fold(r.cond)
			if c.kind == irConst && !c.val {
				continue
			}
			parts = append(parts, newAlt(c, r))
		}
		if len(parts) == 0 {
			return nil, nil
		}
		tree := tp.factor(parts, 0, nil)
		if tp.err != nil {
			return nil, fmt.Errorf("compile programs for event type %q: %w", typeName, tp.err)
		}
		tp.count(tree, map[*cMacro]bool{})
		for m, n := range tp.refs {
			if n >= 2 {
				tp.cached[m] = true
			}
		}
		var only *Rule
		if len(parts) == 1 {
			only = parts[0].hit
		}
		g := newProgGen(tp, only, compile)
		g.count(tree, map[*cMacro]bool{})
		p := &typeProg{tree: tree, only: only}
		root := g.resolve(g.lower(tree, false))
		switch {
		case root.op == eConst && (!root.val || only == nil):
			// No rule can match (with several rules, every hit is a
			// test: the tree is never a constant true).
			return nil, g.err
		case root.op == eConst:
			// The one rule matches every event of the type: no
			// program.
		default:
			var sb strings.Builder
			sb.WriteString(progPrologue)
			g.print(&sb, root)
			p.src = sb.String()
			var err error
			if p.prog, err = compile(p.src, true); err != nil {
				g.err = err
			}
		}
		if g.err != nil {
			return nil, fmt.Errorf("compile programs for event type %q: %w", typeName, g.err)
		}
		p.tests = g.tests
		p.nCache = int32(len(g.cache))
		return p, nil
	}

	e.typeProgs = make([]*typeProg, len(e.typeNames))
	for i, name := range e.typeNames {
		p, err := build(name, func(r *Rule) bool { return r.types.matches(name) })
		if err != nil {
			return err
		}
		e.typeProgs[i] = p
	}
	// Event types the analyzer did not name meet the rules that match
	// every type but those named.
	p, err := build("", func(r *Rule) bool { return r.types.neg || e.anyAll })
	if err != nil {
		return err
	}
	e.anyProg = p
	return nil
}

// count counts references to (folded, non-trivial) macros, descending
// into a macro's body once per path.
func (tp *typeProgram) count(n *ir, onPath map[*cMacro]bool) {
	switch n.kind {
	case irAnd, irOr, irNot:
		for _, k := range n.kids {
			tp.count(k, onPath)
		}
	case irMacro:
		tp.refs[n.macro]++
		if tp.refs[n.macro] == 1 && !onPath[n.macro] {
			onPath[n.macro] = true
			tp.count(tp.f.memo[n.macro], onPath)
			delete(onPath, n.macro)
		}
	}
}

// alt is one alternative of a disjunction split into its conjuncts: a
// rule (hit set) or a branch of an or.
type alt struct {
	conj []*ir
	hit  *Rule
}

func newAlt(c *ir, r *Rule) alt {
	a := alt{hit: r}
	switch {
	case c.kind == irConst && c.val: // no conjuncts
	case c.kind == irAnd:
		a.conj = append(a.conj, c.kids...)
	default:
		a.conj = []*ir{c}
	}
	return a
}

// atomKey names a conjunct that can be shared between alternatives: a
// leaf or a macro, maybe negated.
func atomKey(n *ir) string {
	neg := ""
	if n.kind == irNot {
		neg = "!"
		n = n.kids[0]
	}
	switch n.kind {
	case irLeaf:
		return neg + "L" + strconv.Itoa(n.leaf.id)
	case irMacro:
		return neg + "M" + strconv.Itoa(n.macro.id)
	}
	return ""
}

// A gate is a test of one field that every alternative of a group
// requires to hold: `field in (the constants they require it to equal)`
// (an equality gate), or `field startswith anyof (the prefixes they
// require)` (a prefix gate: equalities, prefixes and the literal start
// of globs imply one). It is only a necessary condition: the
// alternatives keep their own tests.

// gateKey names a gate: its kind and field.
func gateKey(prefix bool, field string) string {
	if prefix {
		return "prefix " + field
	}
	return field
}

// gateValues returns the constants (or prefixes) a comparison leaf
// requires its field to equal (or start with), and the field, or nil.
func gateValues(lf *leaf, prefix bool) (string, []string) {
	o := lf.left
	if o == nil || lf.sub != nil || lf.right != nil || len(o.xf) > 0 || o.list || len(o.either) > 0 || o.ref.Field == nil || o.typ != fields.String {
		return "", nil
	}
	switch {
	case lf.mod == "" && (lf.op == "=" || lf.op == "==" || lf.op == "in"):
		return o.name, lf.values
	case !prefix:
		return "", nil
	case lf.op == "startswith" && (lf.mod == "" || lf.mod == "anyof"):
		return o.name, lf.values
	case lf.op == "glob" && lf.mod == "" && len(lf.values) == 1:
		v := lf.values[0]
		if i := strings.IndexAny(v, "*?[\\"); i >= 0 {
			v = v[:i]
		}
		if v == "" {
			return "", nil
		}
		return o.name, []string{v}
	}
	return "", nil
}

// requirement is what a condition requires of a field: that it equals
// (or starts with) one of vals; proto is a comparison leaf of the field.
type requirement struct {
	vals   []string
	proto  *leaf
	prefix bool // a prefix requirement with true prefixes (startswith, glob), not only equalities
}

// implies returns what n requires of fields, by field: a comparison
// requires what it compares; a conjunction (fused or not) what any of its
// conjuncts requires; a disjunction what all its operands require of a
// field, the union of their values (fd.name startswith /root/.ssh or
// fd.name glob /home/*/.ssh/* requires fd.name to start with /root/.ssh
// or /home/).
func implies(n *ir, prefix bool) map[string]requirement {
	switch {
	case n.kind == irLeaf && n.leaf.sub != nil:
		return implies(n.leaf.sub, prefix)
	case n.kind == irLeaf:
		if f, v := gateValues(n.leaf, prefix); f != "" {
			op := n.leaf.op
			return map[string]requirement{f: {v, n.leaf, prefix && op != "=" && op != "==" && op != "in"}}
		}
	case n.kind == irAnd:
		var out map[string]requirement
		for _, k := range n.kids {
			for f, r := range implies(k, prefix) {
				if out == nil {
					out = map[string]requirement{}
				}
				if _, ok := out[f]; !ok {
					out[f] = r
				}
			}
		}
		return out
	case n.kind == irOr:
		var out map[string]requirement
		for i, k := range n.kids {
			kr := implies(k, prefix)
			if i == 0 {
				out = kr
				continue
			}
			for f, r := range out {
				if r2, ok := kr[f]; ok {
					out[f] = requirement{append(append([]string(nil), r.vals...), r2.vals...), r.proto, r.prefix || r2.prefix}
				} else {
					delete(out, f)
				}
			}
		}
		return out
	}
	return nil
}

// altGate returns what an alternative requires of a field, with ok
// false when it requires nothing of it.
func altGate(a alt, prefix bool, field string) (requirement, bool) {
	for _, c := range a.conj {
		if r, ok := implies(c, prefix)[field]; ok {
			return r, true
		}
	}
	return requirement{}, false
}

// minGate is the fewest alternatives a gate must cover to be worth its
// extra test, and maxGateP the most often it may be expected to hold.
const (
	minGate  = 3
	maxGateP = 0.25
)

// factor builds the evaluation tree of a disjunction. When the
// alternatives are rules (hit set), every rule is evaluated (hits return
// false and the evaluator keeps the first or all in load order), so rules
// may be regrouped like the branches of a plain or:
//
//	(X && (alternatives needing X, without X)) || (the others)
//
// recursively, the most shared conjunct first. A gate does the same for
// alternatives that each require one field to equal some constants:
// (proc.name in (all their constants) && (those alternatives)) || ...,
// one set lookup instead of one test per rule.
func (tp *typeProgram) factor(alts []alt, depth int, gated map[string]bool) *ir {
	if len(alts) == 0 {
		return irFalse
	}
	for _, a := range alts {
		if a.hit == nil && len(a.conj) == 0 {
			return irTrue // a branch of a plain or that always holds
		}
	}
	best, bestN, bestFirst := "", 1, 0
	type gateCount struct {
		key string
		n   int
	}
	var gates []gateCount
	if depth < 64 && len(alts) > 1 {
		count := map[string]int{}
		first := map[string]int{}
		gcount := map[string]int{}
		prefixes := map[string]bool{}
		for i, a := range alts {
			seen := map[string]bool{}
			gseen := map[string]bool{}
			for _, c := range a.conj {
				if k := atomKey(c); k != "" && !seen[k] {
					seen[k] = true
					count[k]++
					if _, ok := first[k]; !ok {
						first[k] = i
					}
				}
				for _, prefix := range []bool{false, true} {
					for f, r := range implies(c, prefix) {
						g := gateKey(prefix, f)
						if r.prefix {
							// A prefix gate only pays with true
							// prefixes; equalities alone make an
							// equality gate.
							prefixes[g] = true
						}
						if !gated[g] && !gseen[g] {
							gseen[g] = true
							gcount[g]++
						}
					}
				}
			}
		}
		for k, n := range count {
			if n > bestN || n == bestN && n > 1 && (first[k] < bestFirst || first[k] == bestFirst && k < best) {
				if n > 1 && !tp.worthSharing(k, alts) {
					continue
				}
				best, bestN, bestFirst = k, n, first[k]
			}
		}
		// Gates by the alternatives they cover; of two covering as
		// many, the equality gate (a set lookup) or the first by name.
		for g, n := range gcount {
			if strings.HasPrefix(g, "prefix ") && !prefixes[g] || n < minGate || n <= bestN {
				continue
			}
			gates = append(gates, gateCount{g, n})
		}
		sort.Slice(gates, func(i, j int) bool {
			if gates[i].n != gates[j].n {
				return gates[i].n > gates[j].n
			}
			return gates[i].key < gates[j].key
		})
	}
	// The first gate that pays: a gate on a field that usually holds
	// the values (fd.typechar = f) does not.
	for _, gc := range gates {
		if tp.binder == nil {
			break
		}
		gate := gc.key
		field, prefix := strings.CutPrefix(gate, "prefix ")
		g := tp.gate(prefix, field, alts)
		if g == nil {
			if tp.err != nil {
				return irFalse
			}
			continue
		}
		var with, without []alt
		for _, a := range alts {
			if _, ok := altGate(a, prefix, field); ok {
				with = append(with, a)
			} else {
				without = append(without, a)
			}
		}
		ng := map[string]bool{gate: true}
		for k := range gated {
			ng[k] = true
		}
		group := &ir{kind: irAnd, kids: []*ir{g, tp.factor(with, depth+1, ng)}}
		if len(without) == 0 {
			return group
		}
		return &ir{kind: irOr, kids: []*ir{group, tp.factor(without, depth+1, gated)}}
	}
	if best == "" {
		var out []*ir
		for _, a := range alts {
			kids := append([]*ir{}, a.conj...)
			if a.hit != nil {
				kids = append(kids, &ir{kind: irHit, rule: a.hit})
			}
			if len(kids) == 1 {
				out = append(out, kids[0])
				continue
			}
			out = append(out, &ir{kind: irAnd, kids: kids})
		}
		if len(out) == 1 {
			return out[0]
		}
		return &ir{kind: irOr, kids: out}
	}
	var with, without []alt
	var atom *ir
	for _, a := range alts {
		idx := -1
		for i, c := range a.conj {
			if atomKey(c) == best {
				idx = i
				break
			}
		}
		if idx < 0 {
			without = append(without, a)
			continue
		}
		atom = a.conj[idx]
		rest := append(append([]*ir{}, a.conj[:idx]...), a.conj[idx+1:]...)
		with = append(with, alt{conj: rest, hit: a.hit})
	}
	inner := tp.factor(with, depth+1, gated)
	var group *ir
	switch {
	case inner.kind == irConst && inner.val:
		group = atom
	case inner.kind == irConst:
		group = irFalse
	default:
		group = &ir{kind: irAnd, kids: []*ir{atom, inner}}
	}
	if len(without) == 0 {
		return group
	}
	return &ir{kind: irOr, kids: []*ir{group, tp.factor(without, depth+1, gated)}}
}

// worthSharing reports whether testing the atom named key once, before
// the alternatives that need it, is expected to cost less than leaving it
// in each of them, where it is cached and tested after their cheaper and
// more selective conjuncts. Sharing pays when the atom is often false:
// `open_write` rules out every rule that needs it at once, but `not
// package_manager`, almost always true and costly (the parent's name),
// is better left to the few events that get that far.
func (tp *typeProgram) worthSharing(key string, alts []alt) bool {
	var atom *ir
	var sum float64 // expected cost of the alternatives' other conjuncts
	none := 1.0     // probability that no alternative gets to the atom
	for _, a := range alts {
		var rest []*ir
		found := false
		for _, c := range a.conj {
			if !found && atomKey(c) == key {
				atom, found = c, true
				continue
			}
			rest = append(rest, c)
		}
		if !found {
			continue
		}
		e := tp.x.all(rest)
		sum += e.cost
		none *= 1 - e.p
	}
	if atom == nil {
		return false
	}
	ae := tp.x.of(atom)
	return ae.cost*none <= (1-ae.p)*sum
}

// gate makes (or reuses) the gate leaf of a field for alternatives: `field
// in (the union of the constants they require)` or `field startswith
// anyof (the union of the prefixes)`. It returns nil when no alternative
// requires the field, or when a prefix gate would hardly ever fail (a
// prefix of one byte, such as "/").
func (tp *typeProgram) gate(prefix bool, field string, alts []alt) *ir {
	var proto *leaf
	set := map[string]bool{}
	var values []string
	for _, a := range alts {
		r, ok := altGate(a, prefix, field)
		if !ok {
			continue
		}
		proto = r.proto
		for _, v := range r.vals {
			if prefix && len(v) < 2 {
				return nil
			}
			if !set[v] {
				set[v] = true
				values = append(values, v)
			}
		}
	}
	if proto == nil {
		return nil
	}
	sort.Strings(values)
	if lf := tp.setLeaf(proto, values, prefix); lf != nil {
		return &ir{kind: irLeaf, leaf: lf}
	}
	return nil
}

// setLeaf makes (or reuses) a gate leaf: `field in (values)` or, for a
// prefix gate, `field startswith anyof (values)`, where proto is a
// comparison leaf of the field. It returns nil when the gate would
// usually hold (fd.typechar = f), and only add a test.
func (tp *typeProgram) setLeaf(proto *leaf, values []string, prefix bool) *leaf {
	lf := &leaf{op: "in", left: proto.left, values: values}
	if prefix {
		lf.op, lf.mod = "startswith", "anyof"
	}
	if err := lf.prepare(); err != nil {
		tp.err = err
		return nil
	}
	if lf.estimate().p > maxGateP {
		return nil
	}
	lf.key = "gate " + leafKey(lf)
	e := tp.eng
	if prev := e.gates[lf.key]; prev != nil {
		return prev
	}
	if err := lf.bind(tp.binder); err != nil {
		tp.err = err
		return nil
	}
	lf.id = len(e.leaves)
	e.leaves = append(e.leaves, lf)
	if e.gates == nil {
		e.gates = map[string]*leaf{}
	}
	e.gates[lf.key] = lf
	return lf
}

// leavesOnly reports whether n combines leaves only (no macro, no hit),
// and counts them.
func leavesOnly(n *ir, count *int) bool {
	switch n.kind {
	case irLeaf:
		*count++
		return true
	case irAnd, irOr, irNot:
		for _, k := range n.kids {
			if !leavesOnly(k, count) {
				return false
			}
		}
		return true
	}
	return false
}

// fuse turns a subtree of leaves combined by and, or and not into one
// composite predicate: an atom that rules can share (factor). Programs
// inline its subtree where it is tested once, and make it a test of its
// own, cached per event, where it is tested in several places. It returns
// nil for subtrees that are not leaves only.
func (tp *typeProgram) fuse(n *ir) *leaf {
	count := 0
	if tp.binder == nil || !leavesOnly(n, &count) || count < 2 {
		return nil
	}
	key := "fused " + irKey(n)
	e := tp.eng
	if prev := e.gates[key]; prev != nil {
		return prev
	}
	lf := &leaf{key: key, sub: n}
	lf.id = len(e.leaves)
	e.leaves = append(e.leaves, lf)
	if e.gates == nil {
		e.gates = map[string]*leaf{}
	}
	e.gates[key] = lf
	return lf
}

// irKey is a structural key of a leaves-only subtree.
func irKey(n *ir) string {
	switch n.kind {
	case irLeaf:
		return "L" + strconv.Itoa(n.leaf.id)
	case irNot:
		return "!(" + irKey(n.kids[0]) + ")"
	}
	op := "&"
	if n.kind == irOr {
		op = "|"
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, k := range n.kids {
		if i > 0 {
			b.WriteString(op)
		}
		b.WriteString(irKey(k))
	}
	b.WriteByte(')')
	return b.String()
}

// mergeKey groups leaves that compare the same operand with the same
// operator against constants, so that an or of them is one leaf with all
// the values: f startswith a or f startswith b is f startswith anyof (a,
// b), f = a or f = b is f in (a, b). Under and, not-leaves merge the same
// way (not a and not b is not (a or b)).
func mergeKey(n *ir, underAnd bool) string {
	if underAnd {
		if n.kind != irNot || n.kids[0].kind != irLeaf {
			return ""
		}
		n = n.kids[0]
	} else if n.kind != irLeaf {
		return ""
	}
	lf := n.leaf
	if lf.left == nil || lf.right != nil || lf.mod != "" || len(lf.left.either) > 0 || lf.left.list || lf.left.typ != fields.String {
		return ""
	}
	switch lf.op {
	case "=", "==", "in", "contains", "icontains", "startswith", "endswith", "glob", "iglob", "pmatch":
	default:
		return ""
	}
	op := lf.op
	if op == "=" || op == "==" {
		op = "in"
	}
	return lf.left.name + " " + op
}

func (tp *typeProgram) mergeLeaves(kids []*ir, isAnd bool) []*ir {
	if tp.binder == nil {
		return kids
	}
	groups := map[string][]int{}
	for i, k := range kids {
		if key := mergeKey(k, isAnd); key != "" {
			groups[key] = append(groups[key], i)
		}
	}
	merged := map[int]*ir{}
	drop := map[int]bool{}
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		var values []string
		var proto *leaf
		for _, i := range idx {
			n := kids[i]
			if isAnd {
				n = n.kids[0]
			}
			proto = n.leaf
			values = append(values, n.leaf.values...)
		}
		op, mod := proto.op, "anyof"
		switch op {
		case "=", "==", "in":
			op, mod = "in", ""
		case "pmatch":
			mod = ""
		}
		lf := &leaf{op: op, mod: mod, left: proto.left, values: values}
		if err := lf.prepare(); err != nil {
			continue
		}
		lf.key = "merged " + leafKey(lf)
		e := tp.eng
		if prev := e.gates[lf.key]; prev != nil {
			lf = prev
		} else {
			if err := lf.bind(tp.binder); err != nil {
				tp.err = err
				continue
			}
			lf.id = len(e.leaves)
			e.leaves = append(e.leaves, lf)
			if e.gates == nil {
				e.gates = map[string]*leaf{}
			}
			e.gates[lf.key] = lf
		}
		var n *ir = &ir{kind: irLeaf, leaf: lf}
		if isAnd {
			n = &ir{kind: irNot, kids: []*ir{n}}
		}
		merged[idx[0]] = n
		for _, i := range idx[1:] {
			drop[i] = true
		}
	}
	if len(merged) == 0 {
		return kids
	}
	out := make([]*ir, 0, len(kids))
	for i, k := range kids {
		if drop[i] {
			continue
		}
		if m, ok := merged[i]; ok {
			out = append(out, m)
			continue
		}
		out = append(out, k)
	}
	return out
}
