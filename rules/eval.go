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
	seen    []uint64 // generation at which each macro or leaf was cached, by slot
	cached  []bool
	matches []*Rule
	nRules  int // ids below are rule hits
	nPre    int // rules + macros: leaves start here
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
		nRules:  len(e.rules),
		nPre:    len(e.rules) + len(e.macros),
	}
	ev.ctx.values = make([]cachedValue, e.nValues)
	ev.ctx.seen = make([]uint64, len(e.leaves))
	ev.ctx.cached = make([]bool, len(e.leaves))
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
	e.ctx.gen = e.gen
	e.ctx.ev = ev
	e.depth = 0
	if _, err := e.vms[0].Run(prog, e.env); err != nil {
		e.err = err
	}
	e.ctx.ev = nil
	if len(e.matches) > 1 {
		if e.eng.matchAll {
			sortRules(e.matches)
		} else {
			first := e.matches[0]
			for _, r := range e.matches[1:] {
				if r.index < first.index {
					first = r
				}
			}
			e.matches = append(e.matches[:0], first)
		}
	}
	return e.matches
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

// call is the P function of the programs. Ids are laid out as rule hits,
// then macros, then leaves; macro and leaf results are cached for the
// event (a leaf may appear in several rules and macros).
func (e *Evaluator) call(id int) bool {
	if id >= e.nPre {
		return e.ctx.leaf(e.eng.leaves[id-e.nPre])
	}
	if id >= e.nRules {
		slot := id - e.nRules
		if e.seen[slot] == e.gen {
			return e.cached[slot]
		}
		v := e.runMacro(e.macros[slot])
		e.seen[slot] = e.gen
		e.cached[slot] = v
		return v
	}
	// Every rule of the program is evaluated (rules are regrouped by
	// shared conjuncts); Eval keeps them in load order.
	e.matches = append(e.matches, e.eng.rules[id])
	return false
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
