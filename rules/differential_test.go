package rules

import (
	"math/rand"
	"net/netip"
	"sort"
	"testing"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// refEval evaluates a compiled condition directly, without programs,
// factoring or fusion: the reference the optimised evaluator must agree
// with.
func refEval(n *ir, ctx *evalCtx) bool {
	switch n.kind {
	case irConst:
		return n.val
	case irAnd:
		for _, k := range n.kids {
			if !refEval(k, ctx) {
				return false
			}
		}
		return true
	case irOr:
		for _, k := range n.kids {
			if refEval(k, ctx) {
				return true
			}
		}
		return false
	case irNot:
		return !refEval(n.kids[0], ctx)
	case irMacro:
		return refEval(n.macro.body, ctx)
	case irLeaf:
		return n.leaf.fn(ctx)
	}
	panic("unexpected node")
}

// TestDifferential runs the upstream and the default rule sets over
// random events built from the values their own conditions mention, and
// checks that the expr programs (per-type folding, regrouping, gates, fused and
// merged leaves, ordering, inline comparisons, caches) match exactly the
// rules a direct evaluation of the conditions matches, under
// rule_matching all and first.
func TestDifferential(t *testing.T) {
	for _, tc := range []struct {
		name     string
		upstream bool
		matching Matching
		typed    bool
	}{
		{"upstream/all", true, MatchAll, false},
		{"upstream/first", true, MatchFirst, false},
		{"upstream/typed extractors", true, MatchAll, true},
		{"default/all", false, MatchAll, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := &slotSource{slots: map[string]int{}}
			opts := &Options{Values: src, EventTypes: testTypes, Matching: tc.matching}
			if tc.typed {
				opts.Values = &typedSlotSource{slotSource{slots: src.slots}}
			}
			var e *Engine
			if tc.upstream {
				e = compileUpstream(t, opts)
			} else {
				e = compileStringFiles(t, DefaultFiles(), opts)
			}
			differential(t, e, src)
		})
	}
}

func differential(t *testing.T, e *Engine, src *slotSource) {
	ev := e.NewEvaluator()
	gen := newEventGen(e, src, 1)
	const n = 3000
	matches := 0
	for i := 0; i < n; i++ {
		tn, be := gen.next()
		got := ruleNames(ev.Eval(typeIndex(t, tn), be))
		ref := refMatches(e, tn, be)
		if want := ruleNames(ref); got != want {
			t.Fatalf("event %d (%s): programs matched %s, direct evaluation %s", i, tn, got, want)
		}
		matches += len(ref)
	}
	if matches < n/20 {
		t.Errorf("only %d matches in %d random events: the generator does not exercise the rules", matches, n)
	}
	t.Logf("%d events, %d rule matches", n, matches)
}

// refMatches evaluates the engine's rules on an event directly, in load
// order: all that match under MatchAll, the first under MatchFirst.
func refMatches(e *Engine, typeName string, be *benchEvent) []*Rule {
	ctx := &evalCtx{ev: be, scratch: make([][]byte, e.nScratch), values: make([]cachedValue, e.nValues), exts: e.exts, gen: 1}
	for i := range ctx.scratch {
		ctx.scratch[i] = make([]byte, 0, 64)
	}
	var out []*Rule
	for _, r := range e.rules {
		if r.types.matches(typeName) && refEval(r.cond, ctx) {
			out = append(out, r)
			if !e.matchAll {
				break
			}
		}
	}
	return out
}

// eventGen makes random events from the values an engine's conditions
// mention, slightly altered at times, so that conditions hold and fail.
type eventGen struct {
	src   *slotSource
	rng   *rand.Rand
	pools map[string][]string
	types map[string]fields.Type
	keys  []string
}

// eventTypeNames are the event types of the random events.
var eventTypeNames = []string{"execve", "execveat", "open", "openat", "openat2", "connect", "accept4", "sendto",
	"unlink", "unlinkat", "rename", "renameat2", "mkdir", "chmod", "fchmodat", "symlink", "symlinkat", "linkat",
	"setuid", "ptrace", "bpf", "recvfrom", "socket", "dup2", "mount", "finit_module", "setns", "unshare"}

func newEventGen(e *Engine, src *slotSource, seed int64) *eventGen {
	g := &eventGen{src: src, rng: rand.New(rand.NewSource(seed)), pools: map[string][]string{}, types: map[string]fields.Type{}}
	for _, lf := range e.leaves {
		if lf.left == nil || lf.left.ref.Field == nil {
			continue
		}
		refs := []fields.Ref{lf.left.ref}
		if len(lf.left.either) > 0 {
			refs = lf.left.either
		}
		for _, r := range refs {
			k := r.String()
			g.types[k] = r.Field.Type
			g.pools[k] = append(g.pools[k], lf.values...)
		}
	}
	for k := range src.slots {
		if _, ok := g.pools[k]; !ok {
			g.pools[k] = nil
		}
	}
	for k := range g.pools {
		g.keys = append(g.keys, k)
	}
	sort.Strings(g.keys)
	return g
}

func (g *eventGen) value(k string) fields.Value {
	rng := g.rng
	pool := g.pools[k]
	if len(pool) == 0 || rng.Intn(4) == 0 {
		return fields.Value{OK: rng.Intn(3) != 0, Str: "x", Int: int64(rng.Intn(3))}
	}
	s := pool[rng.Intn(len(pool))]
	switch rng.Intn(4) {
	case 0:
		s += "/sub"
	case 1:
		if len(s) > 1 {
			s = s[:len(s)-1]
		}
	}
	v := fields.Value{OK: true, Str: s}
	switch g.types[k] {
	case fields.IPAddr, fields.IPNet:
		if a, err := netip.ParseAddr(s); err == nil {
			v.IP = a
		} else if p, err := netip.ParsePrefix(s); err == nil {
			v.IP = p.Addr()
		}
	case fields.Bool:
		v.Int = int64(rng.Intn(2))
	default:
		if n, err := parseIntValue(s, g.types[k]); err == nil {
			v.Int = n
		}
	}
	if len(pool) > 0 && (k == "proc.aname" || k == "proc.aexe" || k == "proc.aexepath" || k == "fd.types" || k == "proc.acmdline") {
		v.List = []string{pool[rng.Intn(len(pool))], pool[rng.Intn(len(pool))]}
	}
	return v
}

// next returns a random event and its type.
func (g *eventGen) next() (string, *benchEvent) {
	rng := g.rng
	tn := eventTypeNames[rng.Intn(len(eventTypeNames))]
	be := &benchEvent{vals: make([]fields.Value, len(g.src.slots))}
	for _, k := range g.keys {
		if slot, ok := g.src.slots[k]; ok && rng.Intn(3) != 0 {
			be.vals[slot] = g.value(k)
		}
	}
	// evt.num counts from 1, as conditions on it are folded.
	if slot, ok := g.src.slots["evt.num"]; ok {
		be.vals[slot] = fields.Value{OK: true, Int: int64(1 + rng.Intn(3))}
	}
	if slot, ok := g.src.slots["evt.type"]; ok {
		be.vals[slot] = fields.Value{OK: true, Str: tn}
	}
	return tn, be
}
