package rules

import "fmt"

// A plan is an event type's rules compiled into branch code: a flat array
// of tests, each naming the instruction to go to when it holds and the one
// when it does not. And, or and not cost nothing when evaluating (they
// are only jump targets); a test is a comparison the plan makes itself on
// the field's cached value (inline.go), or one call of a predicate. The
// tree the plan comes from (program.go) already shares conjuncts between
// rules, gates groups of rules behind one lookup and fuses macros of
// comparisons; the plan orders every and and or (cost.go), runs fused
// macros and cached macros as code of their own, and turns ors of
// operands that each require one field to equal constants into switches.
//
// Plans replace expr programs (github.com/expr-lang/expr) that called the
// predicates through the expr VM: a call through the VM cost about 15 ns,
// more than most tests themselves; a step of a plan costs a few.

// planOp is what an instruction does.
type planOp uint8

const (
	opTest   planOp = iota // test a leaf
	opCached               // test a leaf at most once per event: it is tested in several places
	opSub                  // run a fused predicate's code at most once per event
	opMacro                // run a macro's code at most once per event
	opHit                  // record a rule, then go on as if it failed
	opSwitch               // run the code of the operands that require the field's value
)

// Jump targets below zero end the code with a result.
const (
	retFalse int32 = -1
	retTrue  int32 = -2
)

// instr is one instruction of a plan: 64 bytes, one cache line.
type instr struct {
	op    planOp
	cmp   cmpKind   // opTest, opCached: the inline comparison, or cmpCall
	slot  int32     // inline comparisons, opSwitch: the field's value cache slot
	id    int32     // leaf id (opTest), cache index (opCached, opSub, opMacro), rule index (opHit), switch (opSwitch)
	t, f  int32     // the next instruction when the test holds, when it does not
	entry int32     // opSub, opMacro: the first instruction of the code
	str   string    // the constant of string comparisons
	num   int64     // the constant of number comparisons
	set   *strTable // cmpStrIn
	fn    predFunc  // cmpCall: the leaf's predicate
}

// plan is the branch code of one event type. It is immutable.
type plan struct {
	code     []instr
	entry    int32
	switches []switchTable
	nCache   int32 // results cached per event (opCached, opSub, opMacro)
}

// switchTable is an or of operands that each require a field to equal
// some constants (the exceptions of a rule: not (proc.name = a and ...)
// and not (proc.name in (b, c) and ...) and ...): one lookup of the
// field's value finds the few operands that can hold, instead of a test
// of each.
type switchTable struct {
	set   *strTable
	cases [][]int32 // by value index: the code of the operands requiring the value, in order
}

// minSwitch is the fewest operands a switch groups.
const minSwitch = 4

// planGen generates a plan from a factored tree.
type planGen struct {
	tp     *typeProgram
	x      *estimator
	code   []instr
	uses   map[*leaf]int
	macros map[*cMacro]int32 // the entry of each cached macro's code
	subs   map[*leaf]int32   // the entry of each cached fused predicate's code
	sws    []switchTable
	cache  map[any]int32 // the cache index of each cached leaf or macro
}

// cacheIndex returns the index of a leaf's or macro's cached result in
// the evaluator's per-event cache. Indices are the plan's own, so the
// cache an event touches is small.
func (g *planGen) cacheIndex(k any) int32 {
	i, ok := g.cache[k]
	if !ok {
		i = int32(len(g.cache))
		g.cache[k] = i
	}
	return i
}

// plan compiles the factored tree of the type's rules into branch code.
func (tp *typeProgram) plan(tree *ir) *plan {
	g := &planGen{tp: tp, x: tp.x, uses: map[*leaf]int{}, macros: map[*cMacro]int32{}, subs: map[*leaf]int32{}, cache: map[any]int32{}}
	g.count(tree, map[*cMacro]bool{})
	entry := g.gen(tree, retFalse, retFalse)
	return &plan{code: g.code, entry: entry, switches: g.sws, nCache: int32(len(g.cache))}
}

// count counts how often each leaf is tested in the plan; the body of a
// cached macro or fused predicate is generated once.
func (g *planGen) count(n *ir, done map[*cMacro]bool) {
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

func (g *planGen) emit(in instr) int32 {
	g.code = append(g.code, in)
	return int32(len(g.code) - 1)
}

// gen emits the code of n, which continues at t when n holds and at f
// when it does not, and returns its entry. The last part is emitted
// first, so jump targets are always known.
func (g *planGen) gen(n *ir, t, f int32) int32 {
	switch n.kind {
	case irConst:
		if n.val {
			return t
		}
		return f
	case irLeaf:
		lf := n.leaf
		if lf.sub != nil {
			// A fused predicate becomes code: inline where it is
			// tested once, else code of its own whose result is
			// cached for the event.
			if g.uses[lf] == 1 {
				return g.gen(lf.sub, t, f)
			}
			entry, ok := g.subs[lf]
			if !ok {
				entry = g.gen(lf.sub, retTrue, retFalse)
				g.subs[lf] = entry
			}
			return g.emit(instr{op: opSub, id: g.cacheIndex(lf), entry: entry, t: t, f: f})
		}
		in := instr{op: opTest, id: int32(lf.id), t: t, f: f, cmp: lf.cmp, slot: lf.slot, fn: lf.fn}
		if g.uses[lf] > 1 {
			in.op, in.id = opCached, g.cacheIndex(lf)
		}
		switch in.cmp {
		case cmpCall:
		case cmpStrIn:
			in.set = lf.strSet
		case cmpStrEq, cmpStrNe, cmpStrPrefix, cmpStrSuffix, cmpStrContains:
			in.str = lf.strs[0]
		default:
			in.num = lf.nums[0]
		}
		return g.emit(in)
	case irNot:
		return g.gen(n.kids[0], f, t)
	case irAnd:
		kids := g.x.order(g.switched(n))
		next := t
		for i := len(kids) - 1; i >= 0; i-- {
			next = g.gen(kids[i], next, f)
		}
		return next
	case irOr:
		kids := g.x.order(g.switched(n))
		next := f
		for i := len(kids) - 1; i >= 0; i-- {
			next = g.gen(kids[i], t, next)
		}
		return next
	case irSwitch:
		return g.genSwitch(n, t, f)
	case irHit:
		// Every rule of the plan is evaluated (rules are regrouped by
		// shared conjuncts): a hit goes on as if it failed.
		return g.emit(instr{op: opHit, id: int32(n.rule.index), t: f, f: f})
	case irMacro:
		body := g.tp.f.memo[n.macro]
		if !g.tp.cached[n.macro] {
			return g.gen(body, t, f)
		}
		entry, ok := g.macros[n.macro]
		if !ok {
			entry = g.gen(body, retTrue, retFalse)
			g.macros[n.macro] = entry
		}
		return g.emit(instr{op: opMacro, id: g.cacheIndex(n.macro), entry: entry, t: t, f: f})
	}
	panic(fmt.Sprintf("rules: unexpected node kind %d in a plan", n.kind))
}

// switchGate returns the field, the constants and a comparison leaf of
// the field, when an operand requires a field to equal some constants
// and the plan compares the field inline; the field is "" otherwise.
func switchGate(n *ir) (string, []string, *leaf) {
	best := ""
	var r requirement
	for f, req := range implies(n, false) {
		if req.proto.cmp != cmpCall && (best == "" || f < best) {
			best, r = f, req
		}
	}
	return best, r.vals, r.proto
}

// switched returns n with the operands that require one field to equal
// constants (in an and, the operands of its negations) grouped into a
// switch, when there are enough of them; n otherwise.
func (g *planGen) switched(n *ir) *ir {
	isAnd := n.kind == irAnd
	operand := func(k *ir) *ir {
		if isAnd {
			if k.kind != irNot {
				return nil
			}
			k = k.kids[0]
		}
		if g.x.hasHit(k) {
			return nil
		}
		return k
	}
	count := map[string]int{}
	best, bestN := "", 0
	for _, k := range n.kids {
		if x := operand(k); x != nil {
			if f, _, _ := switchGate(x); f != "" {
				count[f]++
				if c := count[f]; c > bestN || c == bestN && f < best {
					best, bestN = f, c
				}
			}
		}
	}
	if bestN < minSwitch {
		return n
	}
	sw := &ir{kind: irSwitch}
	out := make([]*ir, 0, len(n.kids)-bestN+1)
	for _, k := range n.kids {
		if x := operand(k); x != nil {
			if f, _, proto := switchGate(x); f == best {
				if sw.leaf == nil {
					sw.leaf = proto
					if isAnd {
						out = append(out, &ir{kind: irNot, kids: []*ir{sw}})
					} else {
						out = append(out, sw)
					}
				}
				sw.kids = append(sw.kids, x)
				continue
			}
		}
		out = append(out, k)
	}
	return &ir{kind: n.kind, kids: out}
}

// genSwitch emits a switch: the code of each operand, and a table from
// each constant to the operands requiring it.
func (g *planGen) genSwitch(n *ir, t, f int32) int32 {
	var values []string
	byValue := map[string][]int32{}
	for _, k := range n.kids {
		entry := g.gen(k, retTrue, retFalse)
		_, vals, _ := switchGate(k)
		for _, v := range vals {
			if _, ok := byValue[v]; !ok {
				values = append(values, v)
			}
			if l := byValue[v]; len(l) == 0 || l[len(l)-1] != entry {
				byValue[v] = append(l, entry)
			}
		}
	}
	sw := switchTable{set: newStrTable(values), cases: make([][]int32, len(values))}
	for i, v := range sw.set.values {
		sw.cases[i] = byValue[v]
	}
	g.sws = append(g.sws, sw)
	return g.emit(instr{op: opSwitch, slot: n.leaf.slot, id: int32(len(g.sws) - 1), t: t, f: f})
}

// run executes code from pc and returns the result it ends with.
func (e *Evaluator) run(p *plan, pc int32) bool {
	code := p.code
	for pc >= 0 {
		in := &code[pc]
		var v bool
		switch in.op {
		case opTest:
			v = e.test(in)
		case opCached, opSub, opMacro:
			// The cache holds gen<<1 | result.
			if x := e.cache[in.id]; x>>1 == e.gen {
				v = x&1 != 0
				break
			}
			if in.op == opCached {
				v = e.test(in)
			} else {
				v = e.run(p, in.entry)
			}
			x := e.gen << 1
			if v {
				x |= 1
			}
			e.cache[in.id] = x
		case opHit:
			e.matches = append(e.matches, e.eng.rules[in.id])
		case opSwitch:
			v = e.dispatch(p, in)
		}
		if v {
			pc = in.t
		} else {
			pc = in.f
		}
	}
	return pc == retTrue
}

// dispatch runs a switch: the code of the operands that require the
// field's value, until one holds.
func (e *Evaluator) dispatch(p *plan, in *instr) bool {
	c := e.ctx.value(in.slot)
	if !c.ok {
		return false
	}
	sw := &p.switches[in.id]
	i := sw.set.index(c.str)
	if i < 0 {
		return false
	}
	for _, entry := range sw.cases[i] {
		if e.run(p, entry) {
			return true
		}
	}
	return false
}

// test evaluates a leaf instruction: an inline comparison on the field's
// cached value, or a call of the predicate.
func (e *Evaluator) test(in *instr) bool {
	if in.cmp == cmpCall {
		return in.fn(&e.ctx)
	}
	c := e.ctx.value(in.slot)
	return c.ok && in.compare(c)
}
