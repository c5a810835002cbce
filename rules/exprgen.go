package rules

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// This file turns the optimised condition tree of an event type
// (program.go) into expr programs (github.com/expr-lang/expr), which
// evaluate it. expr does the boolean structure: every and, or and not of
// the conditions is an expr operator with short-circuit evaluation. The
// leaves are calls of one function of the environment, T (func(int)
// bool), with the number of a test of the event type's table:
//
//	let t = T; t(0) && (t(3) || t(4) && t(7))
//
// A test is one comparison (on the field's value, cached for the event),
// a run of adjacent comparisons of one and or or on cached values, made
// in one call, a set lookup (a gate, or a switch: one lookup of a field
// among the constants several operands require), a macro or fused
// predicate tested in several places (a program of its own, run once per
// event and cached), or a rule's hit. Negations
// are pushed into the tests (not (a and b) is !a || !b), so programs have
// no not operator.
//
// Each event type gets one program, which evaluates the rules indexed
// under the type (regrouped by shared conjuncts and gates) and records
// each rule that matches with a hit test: a hit records its rule and is
// false, so evaluation goes on to the other rules. Under rule_matching
// first the evaluator keeps the first matching rule in load order, under
// all every one:
//
//	let t = T; t(0) && (t(3) && t(12) || t(4) && t(7) && t(13))
//
// An event that matches no rule, as nearly all do, is evaluated as far as
// it takes to rule every rule out, whichever the mode.

// exprEnv is the environment programs are type-checked against: one
// function, T. Each Evaluator binds T to its own test runner, so
// programs are shared by all evaluators; func(int) bool is a type the
// expr virtual machine calls directly (OpCallTyped), without reflection.
var exprEnv = map[string]any{"T": (func(int) bool)(nil)}

// progPrologue loads T once per run into a variable: a variable load is
// cheaper than a lookup in the environment at each call.
const progPrologue = "let t = T; "

// chainChunk is the length of the right-nested chains programs are made
// of: a && (b && (c && ...)) jumps straight to the end when an operand
// decides, but nests as deep as the chain is long, so longer chains are
// chunks joined flat.
const chainChunk = 16

// testKind is what a test does.
type testKind uint8

const (
	testCheck testKind = iota // one comparison
	testRun                   // a run of comparisons joined by and (or or)
	testSub                   // a program of its own, run once per event
	testHit                   // record a rule that matches; false
)

// test is one leaf of an event type's programs: what T(id) runs. The
// per-event result of a run or a program is cached at cache (-1: not
// cached); neg negates it.
type test struct {
	kind  testKind
	and   bool // testRun: the checks are joined by and, else or
	neg   bool // testRun, testSub
	cache int32
	rule  int32       // testHit: the rule's index
	check check       // testCheck
	run   []check     // testRun
	prog  *vm.Program // testSub
	key   any         // a cached macro's or fused predicate's test: which (descriptions)
}

// typeProg is what the events of one type evaluate. It is immutable.
type typeProg struct {
	prog   *vm.Program // records the rules that match, with hit tests
	only   *Rule       // the type's one rule: prog says whether it matches
	tests  []test
	nCache int32  // results cached per event
	src    string // the source of prog, for tests
	tree   *ir    // the optimised tree it comes from, for tests
}

// enode is a condition on its way to expr source: negations pushed to
// the comparisons, constants folded, nested ands and ors flattened, then
// comparisons made tests.
type enode struct {
	op   enodeOp
	val  bool     // eConst
	neg  bool     // eLeaf
	leaf *leaf    // eLeaf
	id   int      // eTest
	kids []*enode // eAnd, eOr
}

type enodeOp uint8

const (
	eConst enodeOp = iota
	eLeaf          // a comparison, not yet a test
	eTest
	eAnd
	eOr
)

func constNode(v bool) *enode { return &enode{op: eConst, val: v} }

// progGen generates the programs and the test table of one event type.
type progGen struct {
	only    *Rule // the type's rule when it has one: hits are true
	tp      *typeProgram
	x       *estimator
	uses    map[*leaf]int
	tests   []test
	checks  map[polarity]int // test ids of single comparisons, by leaf
	subs    map[any]*enode   // the body of each cached macro and fused predicate
	subIDs  map[polarity]int // their test ids
	subProg map[any]*vm.Program
	hitIDs  map[*Rule]int
	cache   map[any]int32 // the cache index of each cached leaf, macro or fused predicate
	compile func(src string, asBool bool) (*vm.Program, error)
	err     error
}

// polarity is a leaf, macro or fused predicate, tested as it is or
// negated.
type polarity struct {
	key any
	neg bool
}

func newProgGen(tp *typeProgram, only *Rule, compile func(string, bool) (*vm.Program, error)) *progGen {
	return &progGen{tp: tp, x: tp.x, uses: map[*leaf]int{}, checks: map[polarity]int{},
		subs: map[any]*enode{}, subIDs: map[polarity]int{}, subProg: map[any]*vm.Program{},
		hitIDs: map[*Rule]int{}, cache: map[any]int32{}, compile: compile, only: only}
}

// cacheIndex returns the index of a result cached per event. Indices are
// the type's own, so the cache an event touches is small.
func (g *progGen) cacheIndex(k any) int32 {
	i, ok := g.cache[k]
	if !ok {
		i = int32(len(g.cache))
		g.cache[k] = i
	}
	return i
}

// count counts how often each leaf is tested in the tree; the body of a
// cached macro or fused predicate is generated once.
func (g *progGen) count(n *ir, done map[*cMacro]bool) {
	switch n.kind {
	case irLeaf:
		g.uses[n.leaf]++
		if n.leaf.sub != nil && g.uses[n.leaf] == 1 {
			g.count(n.leaf.sub, done)
		}
	case irAnd, irOr, irNot:
		for _, k := range n.kids {
			g.count(k, done)
		}
	case irMacro:
		if g.tp.cached[n.macro] {
			if done[n.macro] {
				return
			}
			done[n.macro] = true
		}
		g.count(g.tp.f.memo[n.macro], done)
	}
}

// lower turns a condition (negated when neg is set) into an enode:
// operands of and and or in evaluation order (cost.go), negations pushed
// down, macros and fused predicates tested once inlined, those tested in
// several places made tests of their own.
func (g *progGen) lower(n *ir, neg bool) *enode {
	switch n.kind {
	case irConst:
		return constNode(n.val != neg)
	case irNot:
		return g.lower(n.kids[0], !neg)
	case irLeaf:
		lf := n.leaf
		if lf.sub == nil {
			return &enode{op: eLeaf, leaf: lf, neg: neg}
		}
		if g.uses[lf] <= 1 {
			return g.lower(lf.sub, neg)
		}
		return g.subNode(lf, lf.sub, neg)
	case irMacro:
		body := g.tp.f.memo[n.macro]
		if !g.tp.cached[n.macro] {
			return g.lower(body, neg)
		}
		return g.subNode(n.macro, body, neg)
	case irHit:
		if g.only != nil {
			// The type's one rule: the program says whether it matches.
			return constNode(true)
		}
		id, ok := g.hitIDs[n.rule]
		if !ok {
			id = len(g.tests)
			g.tests = append(g.tests, test{kind: testHit, rule: int32(n.rule.index), cache: -1})
			g.hitIDs[n.rule] = id
		}
		return &enode{op: eTest, id: id}
	case irAnd, irOr:
		// not (a and b) is !a or !b: the operands keep their order,
		// which is the best for both (cost.go).
		isAnd := (n.kind == irAnd) != neg
		op := eOr
		if isAnd {
			op = eAnd
		}
		out := &enode{op: op}
		for _, k := range g.x.order(g.switched(n)) {
			c := g.lower(k, neg)
			switch {
			case c.op == eConst && c.val != isAnd:
				// false decides an and, true an or. A hit is never
				// after such an operand: the folder removed constants
				// before the tree was factored.
				return c
			case c.op == eConst:
			case c.op == op:
				out.kids = append(out.kids, c.kids...)
			default:
				out.kids = append(out.kids, c)
			}
		}
		switch len(out.kids) {
		case 0:
			return constNode(isAnd)
		case 1:
			return out.kids[0]
		}
		return out
	}
	panic(fmt.Sprintf("rules: unexpected node kind %d in a program", n.kind))
}

// resolve makes the comparisons of a lowered condition tests: adjacent
// comparisons of an and or an or on cached values become one run, the
// others single tests.
func (g *progGen) resolve(n *enode) *enode {
	switch n.op {
	case eLeaf:
		return &enode{op: eTest, id: g.checkTest(n.leaf, n.neg)}
	case eAnd, eOr:
		var out, run []*enode
		flush := func() {
			switch len(run) {
			case 0:
			case 1:
				out = append(out, g.resolve(run[0]))
			default:
				out = append(out, &enode{op: eTest, id: g.runTest(run, n.op == eAnd)})
			}
			run = nil
		}
		for _, k := range n.kids {
			if k.op == eLeaf && k.leaf.onCache {
				run = append(run, k)
				continue
			}
			flush()
			out = append(out, g.resolve(k))
		}
		flush()
		if len(out) == 1 {
			return out[0]
		}
		return &enode{op: n.op, kids: out}
	}
	return n
}

// leafCache returns the cache index of a leaf tested in several places,
// or -1.
func (g *progGen) leafCache(lf *leaf) int32 {
	if g.uses[lf] > 1 {
		return g.cacheIndex(lf)
	}
	return -1
}

// checkTest returns the test of one comparison.
func (g *progGen) checkTest(lf *leaf, neg bool) int {
	k := polarity{lf, neg}
	if id, ok := g.checks[k]; ok {
		return id
	}
	id := len(g.tests)
	g.tests = append(g.tests, test{kind: testCheck, cache: -1, check: newCheck(lf, neg, g.leafCache(lf))})
	g.checks[k] = id
	return id
}

// runTest returns a test making the comparisons of a run in one call.
func (g *progGen) runTest(run []*enode, and bool) int {
	t := test{kind: testRun, and: and, cache: -1, run: make([]check, len(run))}
	for i, k := range run {
		t.run[i] = newCheck(k.leaf, k.neg, g.leafCache(k.leaf))
	}
	g.tests = append(g.tests, t)
	return len(g.tests) - 1
}

// subNode returns the test of a macro or fused predicate tested in
// several places: its result is cached for the event. A body that is one
// comparison or one run is that test, cached; a body with structure is a
// program of its own.
func (g *progGen) subNode(key any, body *ir, neg bool) *enode {
	if id, ok := g.subIDs[polarity{key, neg}]; ok {
		return &enode{op: eTest, id: id}
	}
	b, ok := g.subs[key]
	if !ok {
		b = g.resolve(g.lower(body, false))
		g.subs[key] = b
	}
	if b.op == eConst {
		return constNode(b.val != neg)
	}
	var t test
	if b.op == eTest {
		t = g.tests[b.id]
		t.key = key
		switch t.kind {
		case testCheck:
			t.check.neg = t.check.neg != neg
			if t.check.cache < 0 {
				t.check.cache = g.cacheIndex(key)
			}
		case testRun:
			t.neg = t.neg != neg
			if t.cache < 0 {
				t.cache = g.cacheIndex(key)
			}
		default:
			t.neg = t.neg != neg
		}
	} else {
		prog, ok := g.subProg[key]
		if !ok {
			var sb strings.Builder
			sb.WriteString(progPrologue)
			g.print(&sb, b)
			var err error
			prog, err = g.compile(sb.String(), true)
			if err != nil {
				g.err = err
				return constNode(false)
			}
			g.subProg[key] = prog
		}
		t = test{kind: testSub, prog: prog, neg: neg, cache: g.cacheIndex(key), key: key}
	}
	id := len(g.tests)
	g.tests = append(g.tests, t)
	g.subIDs[polarity{key, neg}] = id
	return &enode{op: eTest, id: id}
}

// print writes the expr source of a resolved condition.
func (g *progGen) print(b *strings.Builder, n *enode) {
	switch n.op {
	case eConst:
		b.WriteString(strconv.FormatBool(n.val))
	case eTest:
		b.WriteString("t(")
		b.WriteString(strconv.Itoa(n.id))
		b.WriteByte(')')
	case eAnd:
		g.chain(b, n.kids, " && ")
	case eOr:
		g.chain(b, n.kids, " || ")
	default:
		panic(fmt.Sprintf("rules: unresolved node %d in a program", n.op))
	}
}

// chain writes operands joined by op, right-nested by chunks.
func (g *progGen) chain(b *strings.Builder, kids []*enode, op string) {
	if len(kids) > chainChunk {
		for i := 0; i < len(kids); i += chainChunk {
			if i > 0 {
				b.WriteString(op)
			}
			b.WriteByte('(')
			g.chain(b, kids[i:min(i+chainChunk, len(kids))], op)
			b.WriteByte(')')
		}
		return
	}
	for i, k := range kids {
		if i > 0 {
			b.WriteString(op)
			if i < len(kids)-1 {
				b.WriteByte('(')
			}
		}
		if k.op == eAnd || k.op == eOr {
			b.WriteByte('(')
			g.print(b, k)
			b.WriteByte(')')
		} else {
			g.print(b, k)
		}
	}
	for i := 2; i < len(kids); i++ {
		b.WriteByte(')')
	}
}

// minSwitch is the fewest operands a switch groups.
const minSwitch = 3

// switched returns n with the operands that require one field to equal
// constants, or to start with some prefixes (in an and, the operands of
// its negations: a rule's exceptions, not (proc.name = a and ...) and
// not (fd.name startswith /etc/x and ...)), grouped behind switches when
// there are enough of them: one lookup of the field among all their
// constants (a set) or prefixes (a prefix set), then the operands,
// (proc.name in (a, b, c, ...) and (op1 or op2 or ...)); n otherwise.
// The lookup rules them all out at once for the values they do not name.
// The largest group is made first, then the largest of the rest, and so
// on.
func (g *progGen) switched(n *ir) *ir {
	if n.switched {
		return n
	}
	isAnd := n.kind == irAnd
	type operand struct {
		x        *ir // the operand (in an and, under its not)
		eq, pref map[string]requirement
		group    int // the switch it joins, -1: none
	}
	ops := make([]operand, len(n.kids))
	for i, k := range n.kids {
		ops[i].group = -1
		if isAnd {
			if k.kind != irNot {
				continue
			}
			k = k.kids[0]
		}
		if g.x.hasHit(k) {
			continue
		}
		ops[i].x = k
		ops[i].eq = implies(k, false)
		ops[i].pref = implies(k, true)
	}
	type group struct {
		gate *leaf
		ops  []*ir
	}
	var groups []group
	tried := map[string]bool{}
	for {
		// The largest group: of operands requiring a field to equal
		// constants ("=field"), or to start with prefixes, one of them
		// at least a true prefix ("^field").
		size := map[string]int{}
		truePrefix := map[string]bool{}
		for _, o := range ops {
			if o.x == nil || o.group >= 0 {
				continue
			}
			for f, r := range o.eq {
				if r.proto.onCache {
					size["="+f]++
				}
			}
			for f, r := range o.pref {
				if r.proto.onCache {
					size["^"+f]++
					truePrefix["^"+f] = truePrefix["^"+f] || r.prefix
				}
			}
		}
		best, bestN := "", 0
		for k, c := range size {
			if tried[k] || k[0] == '^' && !truePrefix[k] {
				continue
			}
			// Of two as large, an equality set (a hash lookup).
			if c > bestN || c == bestN && k < best {
				best, bestN = k, c
			}
		}
		if bestN < minSwitch {
			break
		}
		tried[best] = true
		prefix, field := best[0] == '^', best[1:]
		var values []string
		seen := map[string]bool{}
		var proto *leaf
		var members []int
		ok := true
		for i, o := range ops {
			if o.x == nil || o.group >= 0 {
				continue
			}
			r, has := o.eq[field]
			if prefix {
				r, has = o.pref[field]
			}
			if !has || !r.proto.onCache {
				continue
			}
			proto = r.proto
			members = append(members, i)
			for _, v := range r.vals {
				if prefix && len(v) < 2 {
					ok = false // a prefix such as "/" rules nothing out
				}
				if !seen[v] {
					seen[v] = true
					values = append(values, v)
				}
			}
		}
		if !ok {
			continue
		}
		sort.Strings(values)
		gate := g.tp.setLeaf(proto, values, prefix)
		if gate == nil {
			continue
		}
		gr := group{gate: gate}
		for _, i := range members {
			ops[i].group = len(groups)
			gr.ops = append(gr.ops, ops[i].x)
		}
		groups = append(groups, gr)
	}
	if len(groups) == 0 {
		return n
	}
	out := make([]*ir, 0, len(n.kids))
	placed := make([]bool, len(groups))
	for i, k := range n.kids {
		gi := ops[i].group
		if gi < 0 {
			out = append(out, k)
			continue
		}
		if placed[gi] {
			continue
		}
		placed[gi] = true
		gr := groups[gi]
		var sw *ir = &ir{kind: irAnd, kids: []*ir{{kind: irLeaf, leaf: gr.gate}, {kind: irOr, kids: gr.ops, switched: true}}}
		if isAnd {
			sw = &ir{kind: irNot, kids: []*ir{sw}}
		}
		out = append(out, sw)
	}
	return &ir{kind: n.kind, kids: out}
}

// compileExpr compiles a program against exprEnv.
func compileExpr(src string, asBool bool) (*vm.Program, error) {
	opts := []expr.Option{expr.Env(exprEnv), expr.MaxNodes(0)}
	if asBool {
		opts = append(opts, expr.AsBool())
	}
	return expr.Compile(src, opts...)
}
