package rules

import (
	"fmt"
	"sort"
	"strconv"
)

// typeSet is a set of event type names: either the names listed (neg
// false) or every name but those (neg true). The event types a condition
// can match are computed in it, the way Falco's libsinsp does
// (filter/ppm_codes.cpp): and intersects, or unions, not complements
// evt.type checks and leaves every other check neutral, with negations
// pushed down to the leaves by De Morgan's laws.
type typeSet struct {
	neg   bool
	names map[string]bool
}

func allTypes() typeSet { return typeSet{neg: true, names: map[string]bool{}} }
func noTypes() typeSet  { return typeSet{names: map[string]bool{}} }

func typesOf(names []string) typeSet {
	s := noTypes()
	for _, n := range names {
		s.names[n] = true
	}
	return s
}

func (a typeSet) complement() typeSet { return typeSet{neg: !a.neg, names: a.names} }

func (a typeSet) isAll() bool { return a.neg && len(a.names) == 0 }

func (a typeSet) has(name string) bool { return a.names[name] != a.neg }

func (a typeSet) intersect(b typeSet) typeSet {
	out := noTypes()
	switch {
	case !a.neg && !b.neg:
		for n := range a.names {
			if b.names[n] {
				out.names[n] = true
			}
		}
	case !a.neg && b.neg:
		for n := range a.names {
			if !b.names[n] {
				out.names[n] = true
			}
		}
	case a.neg && !b.neg:
		return b.intersect(a)
	default:
		out.neg = true
		for n := range a.names {
			out.names[n] = true
		}
		for n := range b.names {
			out.names[n] = true
		}
	}
	return out
}

func (a typeSet) union(b typeSet) typeSet {
	return a.complement().intersect(b.complement()).complement()
}

// sorted returns the names of a finite set in order.
func (a typeSet) sorted() []string {
	out := make([]string, 0, len(a.names))
	for n := range a.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var falcoSyscallSet = func() map[string]bool {
	m := make(map[string]bool, len(falcoSyscallNames))
	for _, n := range falcoSyscallNames {
		m[n] = true
	}
	return m
}()

// isGenericName reports whether name is a syscall Falco has no event of
// its own for: Falco records it as a generic "syscall" event.
func isGenericName(name string) bool {
	_, own := falcoEventCodes[name]
	return !own && falcoSyscallSet[name]
}

// hasGeneric reports whether a finite name list maps to Falco's generic
// syscall events.
func hasGeneric(names map[string]bool) bool {
	if names["syscall"] {
		return true
	}
	for n := range names {
		if isGenericName(n) {
			return true
		}
	}
	return false
}

// falcoCodes counts the Falco event codes of a set, as Falco counts them
// to decide that a rule matches too many event types.
func (a typeSet) falcoCodes() int {
	n := 0
	for name := range a.names {
		if name == "syscall" {
			continue
		}
		n += falcoEventCodes[name]
	}
	if hasGeneric(a.names) {
		n += falcoEventCodes["syscall"]
	}
	if a.neg {
		return falcoTotalCodes - n
	}
	return n
}

// matches reports whether an analyzer event type called name is in the
// set. The analyzer's generic "syscall" type is in it when the set names a
// syscall Falco records as generic.
func (a typeSet) matches(name string) bool {
	if name == "syscall" {
		return hasGeneric(a.names) != a.neg
	}
	return a.has(name)
}

// maxNoEvtTypeCodes is Falco's threshold: a rule matching more event codes
// draws LOAD_NO_EVTTYPE.
const maxNoEvtTypeCodes = 100

// evtTypes derives the event types a compiled condition can match.
type evtTypes struct {
	memo map[*cMacro]*[2]*typeSet
}

// errTypeSearch is a condition Falco's event type search refuses.
type errTypeSearch struct{ msg string }

func (e *errTypeSearch) Error() string { return e.msg }

func (et *evtTypes) of(n *ir) (s typeSet, err error) {
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*errTypeSearch)
			if !ok {
				panic(r)
			}
			err = e
		}
	}()
	return et.walk(n, false), nil
}

func (et *evtTypes) walk(n *ir, neg bool) typeSet {
	switch n.kind {
	case irConst:
		if n.val != neg {
			return allTypes()
		}
		return noTypes()
	case irAnd, irOr:
		conj := (n.kind == irAnd) != neg
		var acc typeSet
		if conj {
			acc = allTypes()
		} else {
			acc = noTypes()
		}
		for _, k := range n.kids {
			s := et.walk(k, neg)
			if conj {
				acc = acc.intersect(s)
			} else {
				acc = acc.union(s)
			}
		}
		return acc
	case irNot:
		return et.walk(n.kids[0], !neg)
	case irMacro:
		if et.memo == nil {
			et.memo = map[*cMacro]*[2]*typeSet{}
		}
		m := et.memo[n.macro]
		if m == nil {
			m = &[2]*typeSet{}
			et.memo[n.macro] = m
		}
		i := 0
		if neg {
			i = 1
		}
		if m[i] == nil {
			s := et.walk(n.macro.body, neg)
			m[i] = &s
		}
		return *m[i]
	case irLeaf:
		return leafTypes(n.leaf, neg)
	}
	return allTypes()
}

func leafTypes(lf *leaf, neg bool) typeSet {
	invert := func(s typeSet) typeSet {
		if neg {
			return s.complement()
		}
		return s
	}
	if inv := lf.invariant(); inv != 0 {
		if inv < 0 {
			return invert(noTypes())
		}
		return invert(allTypes())
	}
	name := ""
	if lf.left.ref.Field != nil {
		name = lf.left.ref.Field.Name
	}
	isType := (name == "evt.type" || name == "syscall.type") && !lf.left.ref.HasArg
	if isType && len(lf.left.xf) > 0 {
		panic(&errTypeSearch{"event code search does not support `evt.type` checks with transformers"})
	}
	if isType && lf.right != nil && (lf.op == "=" || lf.op == "==" || lf.op == "!=" || lf.op == "in") {
		panic(&errTypeSearch{"right-hand field comparisons on `evt.type`/`syscall.type` checks are not supported by event code search"})
	}
	if lf.op == "exists" && isType {
		return invert(allTypes())
	}
	if lf.isTypeCheck() {
		s := invert(typesOf(lf.values))
		if lf.op == "!=" {
			s = s.complement()
		}
		return s
	}
	return allTypes()
}

// invariant evaluates checks on evt.num, which starts at 1: -1 for a
// check that can never hold, 1 for one that always holds, 0 otherwise
// (Falco's evaluate_field_invariant).
func (lf *leaf) invariant() int {
	if lf.left == nil || lf.left.ref.Field == nil || lf.left.ref.Field.Name != "evt.num" || lf.left.ref.HasArg || len(lf.left.xf) > 0 || lf.right != nil || lf.mod != "" {
		return 0
	}
	parse := func(s string) (uint64, bool) {
		n, err := strconv.ParseUint(s, 10, 64)
		return n, err == nil
	}
	if lf.op == "in" {
		for _, v := range lf.values {
			if n, ok := parse(v); !ok || n != 0 {
				return 0
			}
		}
		return -1
	}
	if len(lf.values) != 1 {
		return 0
	}
	n, ok := parse(lf.values[0])
	if !ok {
		return 0
	}
	switch lf.op {
	case "=", "==":
		if n == 0 {
			return -1
		}
	case "!=":
		if n == 0 {
			return 1
		}
	case "<":
		if n <= 1 {
			return -1
		}
	case "<=":
		if n == 0 {
			return -1
		}
	case ">":
		if n == 0 {
			return 1
		}
	case ">=":
		if n <= 1 {
			return 1
		}
	}
	return 0
}

func (a typeSet) String() string {
	if a.neg {
		if len(a.names) == 0 {
			return "all"
		}
		return fmt.Sprintf("all but %v", a.sorted())
	}
	return fmt.Sprint(a.sorted())
}
