package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
)

// This file generates the expr programs. Each analyzer event type gets one
// program that evaluates, in load order, the rules indexed under the type:
//
//	let p = P; (C1 && p(h1)) || (C2 && p(h2)) || ...
//
// P is the evaluator's dispatch function (func(int) bool, bound per
// evaluator through the environment, so programs are shared): p(i) below
// the number of leaves evaluates predicate i, the next ids evaluate a
// macro through its own cached program, and the last ids are rule hits,
// which record the rule and return true under MatchFirst (stopping the
// chain) or false under MatchAll. expr does the boolean structure with
// short-circuit evaluation.
//
// Conditions are specialised per event type first: evt.type checks are
// constants for a known type, and the constants are folded away. Macros
// used at least twice in a type's program (after folding) are evaluated
// once per event and cached; the others are inlined.

// exprEnv is the environment the programs are type-checked against.
var exprEnv = map[string]any{"P": (func(int) bool)(nil)}

func compileExpr(src string) (*vm.Program, error) {
	return expr.Compile(src, expr.Env(exprEnv), expr.AsBool(), expr.MaxNodes(0))
}

// folder specialises compiled conditions for one event type.
type folder struct {
	typeName string // "" when the type is unknown: nothing folds
	memo     map[*cMacro]*ir
}

func (f *folder) fold(n *ir) *ir {
	switch n.kind {
	case irConst:
		return n
	case irLeaf:
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
		return &ir{kind: n.kind, kids: kids}
	case irMacro:
		if f.memo == nil {
			f.memo = map[*cMacro]*ir{}
		}
		body, ok := f.memo[n.macro]
		if !ok {
			body = f.fold(n.macro.body)
			f.memo[n.macro] = body
		}
		if body.kind == irConst || body.kind == irLeaf {
			return body
		}
		return &ir{kind: irMacro, macro: n.macro}
	}
	return n
}

// typeProgram builds the programs of one event type: the rule program and
// the programs of the macros it caches.
type typeProgram struct {
	eng      *Engine
	f        *folder
	refs     map[*cMacro]int
	cached   map[*cMacro]bool
	macroSrc map[*cMacro]string
}

func (e *Engine) compilePrograms() error {
	cache := map[string]*vm.Program{}
	compile := func(src string) (*vm.Program, error) {
		if p, ok := cache[src]; ok {
			return p, nil
		}
		p, err := compileExpr(src)
		if err != nil {
			return nil, err
		}
		cache[src] = p
		return p, nil
	}
	build := func(typeName string, match func(r *Rule) bool) (*vm.Program, []*vm.Program, error) {
		tp := &typeProgram{eng: e, f: &folder{typeName: typeName}, refs: map[*cMacro]int{}, cached: map[*cMacro]bool{}}
		type part struct {
			r    *Rule
			cond *ir
		}
		var parts []part
		for _, r := range e.rules {
			if !match(r) {
				continue
			}
			c := tp.f.fold(r.cond)
			if c.kind == irConst && !c.val {
				continue
			}
			parts = append(parts, part{r, c})
		}
		if len(parts) == 0 {
			return nil, nil, nil
		}
		for _, p := range parts {
			tp.count(p.cond, map[*cMacro]bool{})
		}
		for m, n := range tp.refs {
			if n >= 2 {
				tp.cached[m] = true
			}
		}
		var b strings.Builder
		b.WriteString("let p = P; ")
		for i, p := range parts {
			if i > 0 {
				b.WriteString(" || ")
			}
			hit := "p(" + strconv.Itoa(e.hitID(p.r)) + ")"
			if p.cond.kind == irConst {
				b.WriteString(hit)
				continue
			}
			b.WriteByte('(')
			tp.emit(&b, p.cond)
			b.WriteString(" && ")
			b.WriteString(hit)
			b.WriteByte(')')
		}
		prog, err := compile(b.String())
		if err != nil {
			return nil, nil, fmt.Errorf("compile program for event type %q: %w", typeName, err)
		}
		var macros []*vm.Program
		if len(tp.cached) > 0 {
			macros = make([]*vm.Program, len(e.macros))
			for m := range tp.cached {
				var mb strings.Builder
				mb.WriteString("let p = P; ")
				tp.emit(&mb, tp.f.memo[m])
				mp, err := compile(mb.String())
				if err != nil {
					return nil, nil, fmt.Errorf("compile macro %q for event type %q: %w", m.info.name, typeName, err)
				}
				macros[m.id] = mp
			}
		}
		return prog, macros, nil
	}

	e.typeProgs = make([]*vm.Program, len(e.typeNames))
	e.typeMacros = make([][]*vm.Program, len(e.typeNames))
	for i, name := range e.typeNames {
		p, m, err := build(name, func(r *Rule) bool { return r.types.matches(name) })
		if err != nil {
			return err
		}
		e.typeProgs[i], e.typeMacros[i] = p, m
	}
	// Event types the analyzer did not name meet the rules that match
	// every type but those named.
	p, m, err := build("", func(r *Rule) bool { return r.types.neg || e.anyAll })
	if err != nil {
		return err
	}
	e.anyProg, e.anyMacros = p, m
	return nil
}

func (e *Engine) hitID(r *Rule) int { return len(e.leaves) + len(e.macros) + r.index }

func (e *Engine) macroID(m *cMacro) int { return len(e.leaves) + m.id }

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

// emit writes the expr source of a folded condition.
func (tp *typeProgram) emit(b *strings.Builder, n *ir) {
	switch n.kind {
	case irConst:
		if n.val {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case irLeaf:
		b.WriteString("p(")
		b.WriteString(strconv.Itoa(n.leaf.id))
		b.WriteByte(')')
	case irNot:
		b.WriteString("!")
		tp.emitGroup(b, n.kids[0])
	case irAnd, irOr:
		op := " && "
		if n.kind == irOr {
			op = " || "
		}
		b.WriteByte('(')
		for i, k := range n.kids {
			if i > 0 {
				b.WriteString(op)
			}
			tp.emit(b, k)
		}
		b.WriteByte(')')
	case irMacro:
		if tp.cached[n.macro] {
			b.WriteString("p(")
			b.WriteString(strconv.Itoa(tp.eng.macroID(n.macro)))
			b.WriteByte(')')
			return
		}
		tp.emit(b, tp.f.memo[n.macro])
	}
}

func (tp *typeProgram) emitGroup(b *strings.Builder, n *ir) {
	if n.kind == irAnd || n.kind == irOr {
		tp.emit(b, n)
		return
	}
	b.WriteByte('(')
	tp.emit(b, n)
	b.WriteByte(')')
}
