package rules

import (
	"strings"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// cmpKind is a comparison a test makes itself, on a field's cached
// value, instead of calling the leaf's predicate: most comparisons are
// one of these, and a check holding the constant saves a call and the
// closure's memory (which, when events of other types came between, is
// often not in the cache).
type cmpKind uint8

const (
	cmpCall        cmpKind = iota // call the predicate
	cmpStrEq                      // str == s
	cmpStrNe                      // str != s
	cmpStrIn                      // set.has(str)
	cmpStrPrefix                  // strings.HasPrefix(str, s)
	cmpStrSuffix                  // strings.HasSuffix(str, s)
	cmpStrContains                // strings.Contains(str, s)
	cmpNumEq                      // num == n
	cmpNumNe                      // num != n
	cmpIntLt                      // signed num < n, and so on
	cmpIntLe
	cmpIntGt
	cmpIntGe
	cmpUintLt // unsigned num < n, and so on
	cmpUintLe
	cmpUintGt
	cmpUintGe
)

// inlineCmp returns the inline comparison of a leaf bound to a cached
// value (a plain field against one constant, or a set of strings), or
// cmpCall.
func (lf *leaf) inlineCmp() cmpKind {
	o := lf.left
	if o == nil || lf.sub != nil || lf.right != nil || lf.mod != "" || len(o.xf) > 0 || o.list || len(o.either) > 0 {
		return cmpCall
	}
	switch t := o.typ; {
	case t == fields.String:
		switch lf.op {
		case "=", "==":
			return cmpStrEq
		case "!=":
			return cmpStrNe
		case "in", "intersects":
			return cmpStrIn
		case "startswith":
			return cmpStrPrefix
		case "endswith":
			return cmpStrSuffix
		case "contains":
			return cmpStrContains
		}
	case t == fields.Bool || t.IsNumeric():
		if len(lf.nums) != 1 {
			return cmpCall
		}
		signed := t == fields.Int
		switch lf.op {
		case "=", "==":
			return cmpNumEq
		case "!=":
			return cmpNumNe
		case "<":
			return pick(signed, cmpIntLt, cmpUintLt)
		case "<=":
			return pick(signed, cmpIntLe, cmpUintLe)
		case ">":
			return pick(signed, cmpIntGt, cmpUintGt)
		case ">=":
			return pick(signed, cmpIntGe, cmpUintGe)
		}
	}
	return cmpCall
}

func pick(signed bool, s, u cmpKind) cmpKind {
	if signed {
		return s
	}
	return u
}

// check is one comparison of a test: made inline on the field's cached
// value (cmp), or a call of the leaf's predicate (cmpCall); negated when
// neg is set. A leaf tested in several places of a type's programs keeps
// its result in the evaluator's per-event cache, at index cache (-1: not
// cached).
type check struct {
	cmp   cmpKind
	neg   bool
	slot  int32     // the field's value cache slot, for inline comparisons
	cache int32     // the per-event result cache index, or -1
	str   string    // the constant of string comparisons
	num   int64     // the constant of number comparisons
	set   *strTable // cmpStrIn
	fn    predFunc  // cmpCall: the leaf's predicate
	leaf  *leaf     // what it compares (tests and descriptions)
}

// newCheck returns the check of a bound leaf.
func newCheck(lf *leaf, neg bool, cache int32) check {
	c := check{cmp: lf.cmp, neg: neg, slot: lf.slot, cache: cache, fn: lf.fn, leaf: lf}
	switch c.cmp {
	case cmpCall:
	case cmpStrIn:
		c.set = lf.strSet
	case cmpStrEq, cmpStrNe, cmpStrPrefix, cmpStrSuffix, cmpStrContains:
		c.str = lf.strs[0]
	default:
		c.num = lf.nums[0]
	}
	return c
}

// compare makes an inline comparison on a value that is present.
func (in *check) compare(c *cachedValue) bool {
	switch in.cmp {
	case cmpStrEq:
		return c.str == in.str
	case cmpStrNe:
		return c.str != in.str
	case cmpStrIn:
		return in.set.has(c.str)
	case cmpStrPrefix:
		return strings.HasPrefix(c.str, in.str)
	case cmpStrSuffix:
		return strings.HasSuffix(c.str, in.str)
	case cmpStrContains:
		return strings.Contains(c.str, in.str)
	case cmpNumEq:
		return c.num == in.num
	case cmpNumNe:
		return c.num != in.num
	case cmpIntLt:
		return c.num < in.num
	case cmpIntLe:
		return c.num <= in.num
	case cmpIntGt:
		return c.num > in.num
	case cmpIntGe:
		return c.num >= in.num
	case cmpUintLt:
		return uint64(c.num) < uint64(in.num)
	case cmpUintLe:
		return uint64(c.num) <= uint64(in.num)
	case cmpUintGt:
		return uint64(c.num) > uint64(in.num)
	case cmpUintGe:
		return uint64(c.num) >= uint64(in.num)
	}
	return false
}
