package rules

import (
	"fmt"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Filter is a stand-alone condition (replay --filter, dump CONDITION). It
// holds its own evaluation state, so it is not safe for concurrent use;
// make one per goroutine.
type Filter struct {
	eng   *Engine
	ev    *Evaluator
	types []int
}

// CompileFilter compiles a condition that may use the macros and lists of
// set (nil for none). Errors name the position within the condition and
// wrap ErrSyntax or ErrCompile. Without opts.Values the filter is checked
// only and Match reports false.
func CompileFilter(cond string, set *Set, opts *Options) (*Filter, error) {
	if set == nil {
		set = &Set{ruleByName: map[string]*ruleInfo{}, macroByName: map[string]*macroInfo{}, listByName: map[string]*listInfo{}}
	}
	c := newCompiler(set, opts)
	c.quiet = true
	n, err := ParseCondition(cond)
	if err != nil {
		return nil, err
	}
	text := identityText("condition", cond)
	w := &where{text: &text, kind: KindFilter}
	body, ok := c.compileCondition(n, w, int(^uint(0)>>1), false)
	if !ok {
		return nil, filterError(c.diags)
	}
	ts, err := (&evtTypes{}).of(body)
	if err != nil {
		// A rule's event types must be known (Falco refuses the rule), a
		// filter's need not: libsinsp evaluates tolower(evt.type) = open
		// on every event (filter_compiler.ut.cpp
		// filter_transformers_combination).
		ts = allTypes()
	}
	r := &Rule{Name: "filter", Condition: cond, cond: body, types: ts}
	eng, err := c.build([]*Rule{r}, true)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCompile, err)
	}
	f := &Filter{eng: eng, ev: eng.NewEvaluator()}
	if !ts.isAll() {
		f.types = []int{}
		for i, name := range c.opts.EventTypes {
			if ts.matches(name) {
				f.types = append(f.types, i)
			}
		}
	}
	return f, nil
}

// filterError turns the compiler's diagnostics on a filter into an error
// that names the position within the condition and shows it.
func filterError(ds Diagnostics) error {
	for _, d := range ds {
		if d.Severity == SeverityError {
			return &FilterError{Line: d.Line, Col: d.Col, Msg: d.Message, Snippet: d.Snippet}
		}
	}
	return fmt.Errorf("%w: condition does not compile", ErrCompile)
}

// FilterError is a stand-alone condition that parses but does not
// compile: an unknown field, macro or list, a bad operator or value.
type FilterError struct {
	Line, Col int // within the condition, from 1
	Msg       string
	Snippet   string // the condition line with a caret
}

func (e *FilterError) Error() string {
	s := fmt.Sprintf("rules: condition %d:%d: %s", e.Line, e.Col, e.Msg)
	if e.Snippet != "" {
		s += "\n" + e.Snippet
	}
	return s
}

// Unwrap makes errors.Is(err, ErrCompile) hold.
func (e *FilterError) Unwrap() error { return ErrCompile }

// identityText is a srcText for text that is its own file.
func identityText(name, text string) srcText {
	f := newSrcFile(name, []byte(text))
	offs := make([]int32, len(text))
	for i := range offs {
		offs[i] = int32(i)
	}
	return srcText{text: text, segs: []textSeg{{file: f, offs: offs}}}
}

// Match reports whether the event satisfies the condition.
func (f *Filter) Match(ev fields.Event) bool {
	return len(f.ev.Eval(-1, ev)) > 0
}

// MatchType reports whether the event, of the type at index eventType in
// Options.EventTypes, satisfies the condition. It is Match made cheaper
// by the type: the condition's evt.type checks are decided when
// compiling (evt.type in (open, openat) costs nothing on an openat), and
// a type the condition cannot match (see EventTypes) is no match. An
// index outside Options.EventTypes is evaluated as Match does.
func (f *Filter) MatchType(eventType int, ev fields.Event) bool {
	return len(f.ev.Eval(eventType, ev)) > 0
}

// EventTypes returns the indices (in Options.EventTypes) of the event
// types the condition can match, or nil when it can match any type.
func (f *Filter) EventTypes() []int { return f.types }

// Err returns the last evaluation error, as Evaluator.Err.
func (f *Filter) Err() error { return f.ev.Err() }
