package rules

import (
	"github.com/expr-lang/expr/vm"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Evaluator runs an Engine's rules over events. It holds the expr virtual
// machines, the per-event macro cache and the transformers' scratch
// buffers, so it is not safe for concurrent use: use one per goroutine.
type Evaluator struct {
	eng     *Engine
	ctx     evalCtx
	env     map[string]any
	vms     []*vm.VM
	depth   int
	macros  []*vm.Program // the macro programs of the current event's type
	gen     uint64
	seen    []uint64 // generation at which each macro was cached
	cached  []bool
	matches []*Rule
	nLeaves int
	nPre    int // leaves + macros
	err     error
}

// NewEvaluator returns an Evaluator for the engine. An engine compiled
// without a field source (validation mode) gives an evaluator whose Eval
// matches nothing and whose Err is ErrNoValues.
func (e *Engine) NewEvaluator() *Evaluator {
	ev := &Evaluator{
		eng:     e,
		vms:     []*vm.VM{{}},
		seen:    make([]uint64, len(e.macros)),
		cached:  make([]bool, len(e.macros)),
		matches: make([]*Rule, 0, 8),
		nLeaves: len(e.leaves),
		nPre:    len(e.leaves) + len(e.macros),
	}
	ev.ctx.scratch = make([][]byte, e.nScratch)
	for i := range ev.ctx.scratch {
		ev.ctx.scratch[i] = make([]byte, 0, 256)
	}
	ev.env = map[string]any{"P": ev.call}
	if e.validation {
		ev.err = ErrNoValues
	}
	return ev
}

// Eval returns the rules that match the event, in load order: at most one
// under MatchFirst. eventType is the index of the event's type in
// Options.EventTypes. The returned slice is reused by the next call. Eval
// does not allocate.
func (e *Evaluator) Eval(eventType int, ev fields.Event) []*Rule {
	e.matches = e.matches[:0]
	eng := e.eng
	if eng.validation {
		return nil
	}
	var prog *vm.Program
	if eventType >= 0 && eventType < len(eng.typeProgs) {
		prog = eng.typeProgs[eventType]
		e.macros = eng.typeMacros[eventType]
	} else {
		prog = eng.anyProg
		e.macros = eng.anyMacros
	}
	if prog == nil {
		return nil
	}
	e.gen++
	e.ctx.ev = ev
	e.depth = 0
	if _, err := e.vms[0].Run(prog, e.env); err != nil {
		e.err = err
	}
	e.ctx.ev = nil
	return e.matches
}

// Err returns the last evaluation error (a failing extractor), or
// ErrNoValues for a validation-mode engine.
func (e *Evaluator) Err() error { return e.err }

// call is the P function of the programs.
func (e *Evaluator) call(id int) bool {
	if id < e.nLeaves {
		return e.eng.leaves[id].fn(&e.ctx)
	}
	if id < e.nPre {
		m := id - e.nLeaves
		if e.seen[m] == e.gen {
			return e.cached[m]
		}
		v := e.runMacro(e.macros[m])
		e.seen[m] = e.gen
		e.cached[m] = v
		return v
	}
	e.matches = append(e.matches, e.eng.rules[id-e.nPre])
	return !e.eng.matchAll
}

// runMacro evaluates a cached macro's program on a VM of its own: macro
// programs run inside the rule program.
func (e *Evaluator) runMacro(p *vm.Program) bool {
	if p == nil {
		return false
	}
	e.depth++
	if e.depth >= len(e.vms) {
		e.vms = append(e.vms, &vm.VM{})
	}
	out, err := e.vms[e.depth].Run(p, e.env)
	e.depth--
	if err != nil {
		e.err = err
		return false
	}
	b, _ := out.(bool)
	return b
}
