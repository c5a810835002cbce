package rules

import (
	"errors"
	"fmt"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Evaluator runs an Engine's rules over events. It holds the expr virtual
// machines, the per-event caches of field values and of test, macro and
// fused predicate results, and the transformers' scratch buffers, so it
// is not safe for concurrent use: use one per goroutine.
type Evaluator struct {
	eng     *Engine
	ctx     evalCtx
	gen     uint64
	cache   []uint64 // results cached for the event, by the type's cache index: gen<<1 | result
	tests   []test   // the tests of the event type's programs
	env     map[string]any
	vms     []*vm.VM // vms[0] runs the type's programs, vms[d] the sub-programs d deep
	depth   int
	matches []*Rule
	err     error
}

// NewEvaluator returns an Evaluator for the engine. An engine compiled
// without a field source (validation mode) gives an evaluator whose Eval
// matches nothing and whose Err is ErrNoValues.
func (e *Engine) NewEvaluator() *Evaluator {
	ev := &Evaluator{
		eng:     e,
		vms:     []*vm.VM{{}},
		matches: make([]*Rule, 0, 8),
	}
	n := int32(0)
	for _, p := range append(e.typeProgs, e.anyProg) {
		if p != nil {
			n = max(n, p.nCache)
		}
	}
	ev.cache = make([]uint64, n)
	ev.ctx.values = make([]cachedValue, e.nValues)
	ev.ctx.exts = e.exts
	ev.ctx.scratch = make([][]byte, e.nScratch)
	for i := range ev.ctx.scratch {
		ev.ctx.scratch[i] = make([]byte, 0, 256)
	}
	// T, bound once: the programs are the engine's, the state is ours.
	ev.env = map[string]any{"T": ev.call}
	if e.validation {
		ev.err = ErrNoValues
	}
	return ev
}

// Eval returns the rules that match the event, in load order: at most one
// under MatchFirst. eventType is the index of the event's type in
// Options.EventTypes. The returned slice is reused by the next call. Eval
// does not allocate. An extractor that panics ends the event's evaluation
// with what matched so far; Err reports it.
func (e *Evaluator) Eval(eventType int, ev fields.Event) []*Rule {
	e.matches = e.matches[:0]
	eng := e.eng
	var p *typeProg
	if eventType >= 0 && eventType < len(eng.typeProgs) {
		p = eng.typeProgs[eventType]
	} else {
		p = eng.anyProg
	}
	if p == nil {
		return nil
	}
	e.gen++
	e.ctx.gen = e.gen
	e.ctx.ev = ev
	e.tests = p.tests
	e.depth = 0
	if p.only != nil {
		// One rule: the program (none when it always holds) says
		// whether it matches.
		matched := true
		if p.prog != nil {
			out, err := e.vms[0].Run(p.prog, e.env)
			if err != nil {
				e.fail(eventType, err)
			}
			matched = err == nil && out.(bool)
		}
		if matched {
			e.matches = append(e.matches, p.only)
		}
		e.ctx.ev = nil
		return e.matches
	}
	if _, err := e.vms[0].Run(p.prog, e.env); err != nil {
		e.fail(eventType, err)
	}
	if eng.matchAll {
		sortRules(e.matches)
	} else if len(e.matches) > 1 {
		first := e.matches[0]
		for _, r := range e.matches[1:] {
			if r.index < first.index {
				first = r
			}
		}
		e.matches = append(e.matches[:0], first)
	}
	e.ctx.ev = nil
	return e.matches
}

// fail records an evaluation error: a panic in a test (an extractor's),
// which the virtual machine turned into an error.
func (e *Evaluator) fail(eventType int, err error) {
	name := "(other)"
	if eventType >= 0 && eventType < len(e.eng.typeNames) {
		name = e.eng.typeNames[eventType]
	}
	// The virtual machine wraps the panic with the position in the
	// generated program, which tells a reader nothing: keep the cause.
	for {
		var fe *file.Error
		if !errors.As(err, &fe) {
			break
		}
		if inner := fe.Unwrap(); inner != nil {
			err = inner
			continue
		}
		err = errors.New(fe.Message)
		break
	}
	e.err = fmt.Errorf("%w: event type %s: %w", ErrEvaluate, name, err)
}

// call is T, the function the programs call: it runs test id of the
// event type's table.
func (e *Evaluator) call(id int) bool {
	t := &e.tests[id]
	switch t.kind {
	case testCheck:
		return e.check(&t.check)
	case testHit:
		// Every rule is evaluated (rules are regrouped by shared
		// conjuncts, not in load order): a hit goes on as if it
		// failed.
		e.matches = append(e.matches, e.eng.rules[t.rule])
		return false
	}
	if t.cache >= 0 {
		// The cache holds gen<<1 | result.
		if x := e.cache[t.cache]; x>>1 == e.gen {
			return x&1 != 0 != t.neg
		}
	}
	var v bool
	if t.kind == testRun {
		v = e.run(t)
	} else {
		v = e.sub(t.prog)
	}
	if t.cache >= 0 {
		e.store(t.cache, v)
	}
	return v != t.neg
}

func (e *Evaluator) store(i int32, v bool) {
	x := e.gen << 1
	if v {
		x |= 1
	}
	e.cache[i] = x
}

// check makes one comparison.
func (e *Evaluator) check(c *check) bool {
	if c.cache >= 0 {
		if x := e.cache[c.cache]; x>>1 == e.gen {
			return x&1 != 0 != c.neg
		}
		v := e.compare(c)
		e.store(c.cache, v)
		return v != c.neg
	}
	return e.compare(c) != c.neg
}

// compare makes a comparison, not negated: inline on the field's cached
// value, or by the leaf's predicate.
func (e *Evaluator) compare(c *check) bool {
	if c.cmp == cmpCall {
		return c.fn(&e.ctx)
	}
	v := e.ctx.value(c.slot)
	return v.ok && c.compare(v)
}

// run makes the comparisons of a run, until one decides.
func (e *Evaluator) run(t *test) bool {
	for i := range t.run {
		if e.check(&t.run[i]) != t.and {
			return !t.and
		}
	}
	return t.and
}

// sub runs a macro's or fused predicate's program, on a virtual machine
// of its own: it runs inside the caller's program.
func (e *Evaluator) sub(p *vm.Program) bool {
	e.depth++
	if e.depth == len(e.vms) {
		e.vms = append(e.vms, &vm.VM{})
	}
	out, err := e.vms[e.depth].Run(p, e.env)
	e.depth--
	if err != nil {
		// The caller's virtual machine stops with it.
		panic(err)
	}
	return out.(bool)
}

// sortRules orders a few rules by load order (insertion sort: no
// allocation).
func sortRules(rs []*Rule) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].index < rs[j-1].index; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// Err returns the last evaluation error (a failing extractor), or
// ErrNoValues for a validation-mode engine.
func (e *Evaluator) Err() error { return e.err }
