package rules

import (
	"math"
	"sort"
	"strings"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// This file orders the operands of and and or so that evaluation stops as
// early and as cheaply as it can. Falco evaluates a condition as written;
// rule authors write the event-type and macro checks first and the
// selective path or name checks last. For an and, testing first the
// operands with the lowest cost/(1-p) (cost: expected work; p: the
// probability that it holds) minimises the expected cost when the tests
// are independent; for an or, the lowest cost/p. Costs and probabilities
// are rough static guesses, by field, operator and number of values:
// enough to put `fd.directory = /dev` before `evt.arg.flags contains
// O_CREAT`, and `proc.name in (...)` before `proc.env icontains X`.

// est is the expected cost of evaluating a condition, in units of one
// comparison on a value already extracted, and the probability that it
// holds.
type est struct {
	cost, p float64
}

// fieldCost is the expected cost of extracting a field once per event:
// the analyzer keeps names, numbers and paths of its state ready, but
// renders arguments, joins command lines and environments, and walks the
// process tree for parent and ancestor fields.
func fieldCost(name string) float64 {
	switch {
	case strings.HasPrefix(name, "evt.arg"), strings.HasPrefix(name, "evt.rawarg"),
		name == "evt.info", name == "evt.buffer", name == "proc.env", name == "proc.aenv":
		return 6
	case strings.HasPrefix(name, "thread.cap"), name == "fd.types":
		return 4
	case strings.HasPrefix(name, "proc.a"), strings.HasPrefix(name, "proc.p"),
		name == "proc.cmdline", name == "proc.args", name == "proc.exeline",
		name == "proc.sname", strings.HasPrefix(name, "evt.is_open"):
		return 3
	}
	return 1
}

// lowCardinality fields take few values, so an equality test on them
// holds often.
var lowCardinality = map[string]bool{
	"fd.typechar": true, "fd.type": true, "fd.l4proto": true, "fd.sockfamily": true,
	"evt.res": true, "evt.dir": true, "evt.category": true, "fd.is_server": true,
	"evt.failed": true, "user.uid": true, "user.name": true, "proc.is_container_healthcheck": true,
}

// estimate guesses a leaf's cost and probability.
func (lf *leaf) estimate() est {
	if lf.sub != nil {
		return (&estimator{}).of(lf.sub)
	}
	o := lf.left
	if o == nil {
		return est{cost: 1, p: 0.5}
	}
	cost := 0.0
	refs := 1
	if len(o.either) > 0 {
		refs = len(o.either)
	}
	name := o.ref.String()
	if o.ref.Field != nil {
		name = o.ref.Field.Name
	}
	cost += float64(refs) * fieldCost(name)
	if o.list {
		cost += 3
	}
	for _, x := range o.xf {
		cost++
		if x == "b64" {
			cost += 3
		}
	}
	if lf.right != nil {
		rn := lf.right.ref.String()
		if lf.right.ref.Field != nil {
			rn = lf.right.ref.Field.Name
		}
		cost += fieldCost(rn)
	}
	n := float64(max(1, len(lf.values)))
	switch lf.op {
	case "in", "intersects":
		cost += 0.7
	case "startswith", "endswith", "bstartswith", "pmatch":
		cost += 0.5 + 0.1*n
	case "contains", "bcontains":
		cost += 1 + 0.5*n
	case "icontains":
		cost += 2 + n
	case "glob", "iglob":
		cost += 2 * n
	case "regex":
		cost += 10 * n
	default:
		cost += 0.5
		if lf.mod != "" {
			cost += 0.2 * n
		}
	}
	return est{cost: cost, p: lf.selectivity(name, n)}
}

// selectivity guesses the probability that a leaf holds.
func (lf *leaf) selectivity(name string, n float64) float64 {
	if lf.right != nil {
		if lf.op == "!=" {
			return 0.9
		}
		return 0.2
	}
	// Rules name the programs, files and addresses they look for:
	// a value is rarely among them, even in a long list.
	low := lowCardinality[name]
	eq := func(n float64) float64 {
		if low {
			return math.Min(0.9, 0.3*n)
		}
		return math.Min(0.2, 0.01+0.002*n)
	}
	switch lf.op {
	case "exists":
		return 0.9
	case "!=":
		return 1 - eq(1)
	case "=", "==", "in", "intersects":
		if len(lf.nums) > 0 || len(lf.addrs) > 0 || len(lf.nets) > 0 {
			if lf.left.typ == fields.Bool {
				return 0.5
			}
			return math.Min(0.8, 0.2*n)
		}
		return eq(n)
	case "<", "<=", ">", ">=":
		if len(lf.nums) == 1 && (lf.nums[0] == 0 || lf.nums[0] == -1) {
			// >= 0 and > -1 hold for most file descriptors and
			// results; < 0 and <= -1 for few.
			if lf.op == ">=" && lf.nums[0] == 0 || lf.op == ">" && lf.nums[0] == -1 {
				return 0.9
			}
			if lf.op == "<" && lf.nums[0] == 0 || lf.op == "<=" && lf.nums[0] == -1 {
				return 0.1
			}
		}
		return 0.5
	}
	return math.Min(0.3, 0.02+0.005*n)
}

// estimator estimates conditions, each node once. A subtree holding a
// rule hit always evaluates to false (hits continue as if they failed).
type estimator struct {
	memo map[*ir]est
	body func(*cMacro) *ir // the folded body of a macro; nil: as compiled
	hits map[*ir]bool      // subtrees holding a hit
}

func (x *estimator) of(n *ir) est {
	if e, ok := x.memo[n]; ok {
		return e
	}
	var e est
	switch n.kind {
	case irConst:
		if n.val {
			e.p = 1
		}
	case irLeaf:
		e = n.leaf.estimate()
	case irHit:
	case irNot:
		k := x.of(n.kids[0])
		e = est{cost: k.cost, p: 1 - k.p}
	case irMacro:
		body := n.macro.body
		if x.body != nil {
			body = x.body(n.macro)
		}
		e = x.of(body)
	case irAnd, irOr:
		e = x.chain(n.kind == irAnd, x.order(n))
	}
	if x.memo == nil {
		x.memo = map[*ir]est{}
	}
	x.memo[n] = e
	return e
}

// callCost is the cost of a call of a program's test (a call through the
// expr virtual machine costs about as much as eight comparisons), which
// a comparison joining a run of comparisons (one call) does not pay.
const callCost = 8

// runnable reports whether an operand can join a run of comparisons: a
// comparison, maybe negated, on a field's cached value.
func runnable(n *ir) bool {
	if n.kind == irNot {
		n = n.kids[0]
	}
	return n.kind == irLeaf && n.leaf.sub == nil && n.leaf.onCache
}

// callOf is what an operand adds in calls to its own cost: a call, unless
// it joins the run before it, or its cost already counts its calls.
func callOf(k *ir, inRun bool) float64 {
	switch {
	case runnable(k) && inRun:
		return 0
	case k.kind == irLeaf && k.leaf.sub == nil, k.kind == irNot && k.kids[0].kind == irLeaf && k.kids[0].leaf.sub == nil:
		return callCost
	case k.kind == irMacro:
		return callCost
	}
	return 0
}

// chain estimates operands evaluated in order, joined by and or or.
func (x *estimator) chain(isAnd bool, kids []*ir) est {
	var e est
	reach := 1.0 // the probability that evaluation gets to the next operand
	inRun := false
	for _, k := range kids {
		ke := x.of(k)
		e.cost += reach * (ke.cost + callOf(k, inRun))
		inRun = runnable(k)
		if isAnd {
			reach *= ke.p
		} else {
			reach *= 1 - ke.p
		}
	}
	e.p = reach // all held
	if !isAnd {
		e.p = 1 - reach // not all failed
	}
	return e
}

// all estimates the and of conjuncts, in the order the program tests them.
func (x *estimator) all(conj []*ir) est {
	if len(conj) == 0 {
		return est{p: 1}
	}
	return x.chain(true, x.order(&ir{kind: irAnd, kids: conj}))
}

// hasHit reports whether a subtree records a rule.
func (x *estimator) hasHit(n *ir) bool {
	if n.kind == irHit {
		return true
	}
	if n.kind != irAnd && n.kind != irOr && n.kind != irNot {
		return false
	}
	if h, ok := x.hits[n]; ok {
		return h
	}
	h := false
	for _, k := range n.kids {
		if x.hasHit(k) {
			h = true
			break
		}
	}
	if x.hits == nil {
		x.hits = map[*ir]bool{}
	}
	x.hits[n] = h
	return h
}

// order returns the operands of an and or or node in evaluation order.
// Operands that record rules keep their place: after the others in an
// and (a hit is recorded only when everything before it held), in their
// order in an or (every rule is evaluated anyway).
func (x *estimator) order(n *ir) []*ir {
	var free, fixed []*ir
	for _, k := range n.kids {
		if x.hasHit(k) {
			fixed = append(fixed, k)
		} else {
			free = append(free, k)
		}
	}
	rank := make(map[*ir]float64, len(free))
	for _, k := range free {
		e := x.of(k)
		q := e.p // the probability that the operand decides: false in an and, true in an or
		if n.kind == irAnd {
			q = 1 - e.p
		}
		// Comparisons on cached values go first: they join one run,
		// one call, where every other operand is a call of its own.
		cost := e.cost + callOf(k, true)
		if q <= 0 {
			rank[k] = math.Inf(1)
		} else {
			rank[k] = cost / q
		}
	}
	sort.SliceStable(free, func(i, j int) bool { return rank[free[i]] < rank[free[j]] })
	return append(free, fixed...)
}
