package rules

import (
	"fmt"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Evaluator runs an Engine's rules over events. It holds the per-event
// caches of macros, predicates and field values and the transformers'
// scratch buffers, so it is not safe for concurrent use: use one per
// goroutine.
type Evaluator struct {
	eng     *Engine
	ctx     evalCtx
	gen     uint64
	cache   []uint64 // results cached for the event, by plan cache index: gen<<1 | result
	matches []*Rule
	err     error
}

// NewEvaluator returns an Evaluator for the engine. An engine compiled
// without a field source (validation mode) gives an evaluator whose Eval
// matches nothing and whose Err is ErrNoValues.
func (e *Engine) NewEvaluator() *Evaluator {
	ev := &Evaluator{
		eng:     e,
		matches: make([]*Rule, 0, 8),
	}
	n := int32(0)
	for _, p := range append(e.typePlans, e.anyPlan) {
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
	var p *plan
	if eventType >= 0 && eventType < len(eng.typePlans) {
		p = eng.typePlans[eventType]
	} else {
		p = eng.anyPlan
	}
	if p == nil {
		return nil
	}
	e.gen++
	e.ctx.gen = e.gen
	e.ctx.ev = ev
	e.runPlan(p, eventType)
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

// runPlan runs a plan, turning a panic (an extractor's) into the
// evaluator's error.
func (e *Evaluator) runPlan(p *plan, eventType int) {
	defer func() {
		if r := recover(); r != nil {
			name := "(other)"
			if eventType >= 0 && eventType < len(e.eng.typeNames) {
				name = e.eng.typeNames[eventType]
			}
			if err, ok := r.(error); ok {
				e.err = fmt.Errorf("%w: event type %s: %w", ErrEvaluate, name, err)
			} else {
				e.err = fmt.Errorf("%w: event type %s: %v", ErrEvaluate, name, r)
			}
		}
	}()
	e.run(p, p.entry)
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
