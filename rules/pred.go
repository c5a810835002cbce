package rules

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"unsafe"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// leaf is one compiled comparison: field (or transformed field), operator
// and parsed values (or a right-hand field). Identical comparisons are
// compiled once and shared.
type leaf struct {
	id        int
	key       string
	op, mod   string
	left      *operand
	right     *operand
	values    []string
	valueNode Node

	// Values parsed for the left operand's type.
	strs    []string
	strSet  *strTable
	lowers  []string
	regexes []*regexp.Regexp
	paths   []pathPattern
	nums    []int64
	numSet  map[int64]struct{}
	addrs   []netip.Addr
	nets    []netip.Prefix
	bufs    [][]byte

	sub     *ir      // a fused predicate's subtree, nil for a comparison
	fn      predFunc // nil until bound, and for fused predicates
	cmp     cmpKind  // the comparison a test makes inline (cmpCall: call fn)
	slot    int32    // the field's value cache slot, for inline comparisons
	onCache bool     // fn only reads the field's cached value: the leaf can join a run
}

// predFunc evaluates a leaf for the event in ctx.
type predFunc func(ctx *evalCtx) bool

// evalCtx is what predicates see: the event, its field values and
// scratch buffers for transformers. Each evaluator has its own.
type evalCtx struct {
	ev      fields.Event
	scratch [][]byte
	gen     uint64        // the event's generation
	values  []cachedValue // field values of the event, by value cache slot
	exts    []slotExt     // their extractors
}

// isTypeCheck reports whether the leaf compares the event type in a way
// the event-type index understands (Falco's rule): evt.type or
// syscall.type with =, ==, != or in against constant values.
func (lf *leaf) isTypeCheck() bool {
	if lf.left == nil || lf.left.ref.Field == nil || len(lf.left.xf) > 0 || lf.left.ref.HasArg || lf.right != nil || lf.mod != "" {
		return false
	}
	n := lf.left.ref.Field.Name
	if n != "evt.type" && n != "syscall.type" {
		return false
	}
	switch lf.op {
	case "=", "==", "!=", "in":
		return true
	}
	return false
}

// prepare parses the values for the left operand's type.
func (lf *leaf) prepare() error {
	if lf.op == "exists" || lf.right != nil {
		return nil
	}
	t := lf.left.typ
	if lf.left.asNet {
		t = fields.IPNet
	}
	for _, v := range lf.values {
		// libsinsp refuses a NUL in any value but a buffer's (filter_nul_byte_value).
		if t != fields.Bytes && strings.IndexByte(v, 0) >= 0 {
			return fmt.Errorf("filter value cannot contain a NUL byte (\\x00)")
		}
	}
	op := lf.op
	switch {
	case t == fields.String:
		lf.strs = lf.values
		switch op {
		case "in", "intersects":
			lf.strSet = newStrTable(lf.values)
		case "icontains":
			for _, v := range lf.values {
				lf.lowers = append(lf.lowers, strings.ToLower(v))
			}
		case "regex":
			for _, v := range lf.values {
				re, err := compileRegex(v)
				if err != nil {
					return err
				}
				lf.regexes = append(lf.regexes, re)
			}
		case "pmatch":
			for _, v := range lf.values {
				lf.paths = append(lf.paths, newPathPattern(v))
			}
		}
	case t == fields.Bytes:
		for _, v := range lf.values {
			if op == "bcontains" || op == "bstartswith" {
				b, err := hex.DecodeString(strings.ReplaceAll(v, " ", ""))
				if err != nil {
					return fmt.Errorf("bcontains and bstartswith operator support hex strings only: %q", v)
				}
				lf.bufs = append(lf.bufs, b)
			} else {
				lf.bufs = append(lf.bufs, []byte(v))
			}
		}
	case t == fields.Bool:
		for _, v := range lf.values {
			switch v {
			case "true":
				lf.nums = append(lf.nums, 1)
			case "false":
				lf.nums = append(lf.nums, 0)
			default:
				return fmt.Errorf("unrecognized boolean value %s: expected true or false", v)
			}
		}
	case t == fields.IPAddr:
		for _, v := range lf.values {
			a, err := parseAddr(v)
			if err != nil {
				return err
			}
			lf.addrs = append(lf.addrs, a)
		}
	case t == fields.IPNet:
		for _, v := range lf.values {
			p, err := parseNet(v)
			if err != nil {
				return err
			}
			lf.nets = append(lf.nets, p)
		}
	default:
		for _, v := range lf.values {
			n, err := parseIntValue(v, t)
			if err != nil {
				return err
			}
			lf.nums = append(lf.nums, n)
		}
	}
	if len(lf.nums) > 0 && (op == "in" || op == "intersects") {
		lf.numSet = make(map[int64]struct{}, len(lf.nums))
		for _, n := range lf.nums {
			lf.numSet[n] = struct{}{}
		}
	}
	return nil
}

// binder binds operands to extractors and hands out scratch buffers.
type binder struct {
	src     fields.Source
	scratch int
	bound   map[string]fields.Extractor
	slots   map[string]int // value cache slots, by field reference
	exts    []slotExt      // extractors, by value cache slot
}

// slotExt holds the extractors of a value cache slot: the typed one the
// source offers for the field's type, if any, and the general one.
type slotExt struct {
	str fields.StringExtractor
	num fields.IntExtractor
	ext fields.Extractor
}

// valueSlot returns the per-event value cache slot of a scalar field
// reference, binding its extractors for the slot. typ is the type the
// reference compares as: the field's, but for evt.rawarg.NAME the
// parameter's (fields.LookupRawArg).
func (b *binder) valueSlot(r fields.Ref, typ fields.Type, ext fields.Extractor) (int32, error) {
	if b.slots == nil {
		b.slots = map[string]int{}
	}
	key := r.String()
	if s, ok := b.slots[key]; ok {
		return int32(s), nil
	}
	x := slotExt{ext: ext}
	if ts, ok := b.src.(fields.TypedSource); ok {
		var err error
		switch t := typ; {
		case t == fields.String:
			x.str, err = ts.BindString(r.Field, r.Arg)
		case t == fields.Bool || t.IsNumeric():
			x.num, err = ts.BindInt(r.Field, r.Arg)
		}
		if err != nil {
			return 0, fmt.Errorf("bind field %s: %w", key, err)
		}
	}
	s := len(b.slots)
	b.slots[key] = s
	b.exts = append(b.exts, x)
	return int32(s), nil
}

// cachedValue is a field's scalar value for the event of generation gen.
type cachedValue struct {
	gen uint64
	ok  bool
	str string
	num int64
	ip  netip.Addr
}

// value returns the cached value of a slot for the event, extracting it
// on first use.
func (ctx *evalCtx) value(slot int32) *cachedValue {
	c := &ctx.values[slot]
	if c.gen != ctx.gen {
		ctx.load(c, slot)
	}
	return c
}

// load extracts a slot's value for the event, with the typed extractor
// when there is one (out of line: a Value is large).
//
//go:noinline
func (ctx *evalCtx) load(c *cachedValue, slot int32) {
	x := &ctx.exts[slot]
	switch {
	case x.str != nil:
		c.str, c.ok = x.str(ctx.ev)
		c.num, c.ip = 0, netip.Addr{}
	case x.num != nil:
		c.num, c.ok = x.num(ctx.ev)
		c.str, c.ip = "", netip.Addr{}
	default:
		v := x.ext(ctx.ev)
		c.ok, c.str, c.num, c.ip = v.OK, v.Str, v.Int, v.IP
	}
	c.gen = ctx.gen
}

// cachedGetter returns the cached scalar value of a field for the event.
func (b *binder) cachedGetter(r fields.Ref) (func(ctx *evalCtx) *cachedValue, error) {
	ext, err := b.extractor(r)
	if err != nil {
		return nil, err
	}
	slot, err := b.valueSlot(r, r.Field.Type, ext)
	if err != nil {
		return nil, err
	}
	return func(ctx *evalCtx) *cachedValue { return ctx.value(slot) }, nil
}

// noValue is the extractor of validation mode: no value ever.
func noValue(fields.Event) fields.Value { return fields.Value{} }

func (b *binder) extractor(r fields.Ref) (fields.Extractor, error) {
	if b.src == nil {
		return noValue, nil
	}
	key := r.String()
	if e, ok := b.bound[key]; ok {
		return e, nil
	}
	e, err := b.src.Bind(r.Field, r.Arg)
	if err != nil {
		return nil, fmt.Errorf("bind field %s: %w", key, err)
	}
	if e == nil {
		return nil, fmt.Errorf("bind field %s: the field source returned no extractor", key)
	}
	b.bound[key] = e
	return e, nil
}

// getter returns a function producing an operand's value, transformers
// applied. Transformed strings live in the context's scratch buffers until
// the next event.
func (b *binder) getter(o *operand) (func(ctx *evalCtx) fields.Value, error) {
	ext, err := b.extractor(o.ref)
	if err != nil {
		return nil, err
	}
	get := func(ctx *evalCtx) fields.Value { return ext(ctx.ev) }
	if len(o.xf) == 0 {
		return get, nil
	}
	if t := o.ref.Field.Type; !o.ref.IsList() && t != fields.Bytes {
		// A transformed scalar reads the per-event value cache, as
		// the plain comparisons on the field do (basename(fd.name)
		// and fd.name startswith /var/log/ extract fd.name once).
		// Formats render without the cache.
		slot, err := b.valueSlot(o.ref, o.ref.Field.Type, ext)
		if err != nil {
			return nil, err
		}
		get = func(ctx *evalCtx) fields.Value {
			if int(slot) >= len(ctx.values) {
				return ext(ctx.ev)
			}
			c := ctx.value(slot)
			return fields.Value{OK: c.ok, Str: c.str, Int: c.num, IP: c.ip}
		}
	}
	for _, x := range o.xf {
		prev := get
		slot := b.scratch
		b.scratch++
		switch x {
		case "tolower", "toupper":
			upper := x == "toupper"
			get = func(ctx *evalCtx) fields.Value {
				v := prev(ctx)
				if !v.OK {
					return v
				}
				buf := ctx.scratch[slot][:0]
				for i := 0; i < len(v.Str); i++ {
					c := v.Str[i]
					if upper && c >= 'a' && c <= 'z' {
						c -= 'a' - 'A'
					} else if !upper && c >= 'A' && c <= 'Z' {
						c += 'a' - 'A'
					}
					buf = append(buf, c)
				}
				ctx.scratch[slot] = buf
				return fields.Value{OK: true, Str: bytesString(buf)}
			}
		case "basename":
			get = func(ctx *evalCtx) fields.Value {
				v := prev(ctx)
				if !v.OK {
					return v
				}
				if i := strings.LastIndexByte(v.Str, '/'); i >= 0 {
					v.Str = v.Str[i+1:]
				}
				return fields.Value{OK: true, Str: v.Str}
			}
		case "b64":
			get = func(ctx *evalCtx) fields.Value {
				v := prev(ctx)
				if !v.OK {
					return v
				}
				in := v.Str
				if v.Raw != nil {
					in = bytesString(v.Raw)
				}
				in = strings.TrimRight(in, "=")
				buf := ctx.scratch[slot]
				need := base64.RawStdEncoding.DecodedLen(len(in))
				if cap(buf) < need {
					buf = make([]byte, need)
				}
				buf = buf[:need]
				n, err := base64.RawStdEncoding.Decode(buf, []byte(in))
				ctx.scratch[slot] = buf
				if err != nil {
					return fields.Value{}
				}
				return fields.Value{OK: true, Str: bytesString(buf[:n])}
			}
		case "len":
			list := o.ref.IsList()
			get = func(ctx *evalCtx) fields.Value {
				v := prev(ctx)
				if !v.OK {
					return fields.Value{OK: true, Int: 0}
				}
				switch {
				case list:
					return fields.Value{OK: true, Int: int64(len(v.List))}
				case v.Raw != nil:
					return fields.Value{OK: true, Int: int64(len(v.Raw))}
				}
				return fields.Value{OK: true, Int: int64(len(v.Str))}
			}
		}
	}
	return get, nil
}

// bytesString views b as a string without copying. The string is valid
// until b's buffer is reused.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// bind compiles the leaf into its predicate.
func (lf *leaf) bind(b *binder) error {
	fn, err := lf.build(b)
	if err != nil {
		return err
	}
	lf.fn = fn
	return nil
}

func (lf *leaf) build(b *binder) (predFunc, error) {
	o := lf.left
	if len(o.either) > 0 {
		return lf.buildEither(b)
	}
	get, err := b.getter(o)
	if err != nil {
		return nil, err
	}
	if len(o.xf) == 0 && lf.right == nil && !o.list && lf.op != "exists" {
		// The common case, without the getter's indirection.
		// Values are cached per field for the event: many checks
		// read the same field (proc.name), and a Value is large.
		ext, _ := b.extractor(o.ref)
		slot, err := b.valueSlot(o.ref, o.typ, ext)
		if err != nil {
			return nil, err
		}
		lf.slot = slot
		lf.cmp = lf.inlineCmp()
		lf.onCache = true
		switch t := o.typ; {
		case t == fields.String && lf.mod == "" && (lf.op == "=" || lf.op == "=="):
			want := lf.strs[0]
			return func(ctx *evalCtx) bool {
				c := ctx.value(slot)
				return c.ok && c.str == want
			}, nil
		case t == fields.String && lf.mod == "" && (lf.op == "in" || lf.op == "intersects"):
			if len(lf.strs) <= smallSet {
				vals := lf.strs
				return func(ctx *evalCtx) bool {
					c := ctx.value(slot)
					if !c.ok {
						return false
					}
					for _, v := range vals {
						if v == c.str {
							return true
						}
					}
					return false
				}, nil
			}
			set := lf.strSet
			return func(ctx *evalCtx) bool {
				c := ctx.value(slot)
				return c.ok && set.has(c.str)
			}, nil
		case t == fields.String:
			test := lf.strTest()
			return func(ctx *evalCtx) bool {
				c := ctx.value(slot)
				return c.ok && test(c.str)
			}, nil
		case t == fields.Bool || t.IsNumeric():
			test := lf.numTest(t)
			return func(ctx *evalCtx) bool {
				c := ctx.value(slot)
				return c.ok && test(c.num)
			}, nil
		case t == fields.IPAddr:
			test := lf.addrTest()
			return func(ctx *evalCtx) bool {
				c := ctx.value(slot)
				return c.ok && test(c.ip)
			}, nil
		}
		lf.onCache = false
	}
	if lf.op == "exists" {
		return func(ctx *evalCtx) bool { return get(ctx).OK }, nil
	}
	if lf.right != nil {
		return lf.buildFieldCompare(b, get)
	}
	switch {
	case o.list && o.setOps:
		return lf.buildSet(get)
	case o.list:
		elem := lf.elemTest()
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			if !v.OK {
				return false
			}
			for _, s := range v.List {
				if elem(s) {
					return true
				}
			}
			return false
		}, nil
	}
	t := o.typ
	switch {
	case t == fields.String:
		test := lf.strTest()
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			return v.OK && test(v.Str)
		}, nil
	case t == fields.Bytes:
		test := lf.bytesTest()
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			if !v.OK {
				return false
			}
			if v.Raw == nil {
				return test(unsafe.Slice(unsafe.StringData(v.Str), len(v.Str)))
			}
			return test(v.Raw)
		}, nil
	case t == fields.IPAddr:
		test := lf.addrTest()
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			return v.OK && test(v.IP)
		}, nil
	case t == fields.IPNet:
		test := lf.netTest()
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			return v.OK && test(v.IP)
		}, nil
	default:
		test := lf.numTest(t)
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			return v.OK && test(v.Int)
		}, nil
	}
}

// elemTest compares one element of an any-match list field (proc.aname),
// given as text.
func (lf *leaf) elemTest() func(string) bool {
	t := lf.left.typ
	if t == fields.String {
		return lf.strTest()
	}
	test := lf.numTest(t)
	signed := t == fields.Int
	return func(s string) bool {
		var n int64
		var err error
		if signed {
			n, err = strconv.ParseInt(s, 10, 64)
		} else {
			var u uint64
			u, err = strconv.ParseUint(s, 10, 64)
			n = int64(u)
		}
		return err == nil && test(n)
	}
}

// buildSet compiles in and intersects on a set field (fd.types).
func (lf *leaf) buildSet(get func(*evalCtx) fields.Value) (predFunc, error) {
	set := lf.strSet
	if lf.op == "in" {
		return func(ctx *evalCtx) bool {
			v := get(ctx)
			if !v.OK {
				return false
			}
			for _, s := range v.List {
				if !set.has(s) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(ctx *evalCtx) bool {
		v := get(ctx)
		if !v.OK {
			return false
		}
		for _, s := range v.List {
			if set.has(s) {
				return true
			}
		}
		return false
	}, nil
}

// buildEither compiles fd.ip, fd.net, fd.port and the fd.*net fields:
// equality holds when either end matches, inequality when both differ.
func (lf *leaf) buildEither(b *binder) (predFunc, error) {
	var gets []func(*evalCtx) *cachedValue
	for _, r := range lf.left.either {
		g, err := b.cachedGetter(r)
		if err != nil {
			return nil, err
		}
		gets = append(gets, g)
	}
	if lf.op == "exists" {
		return func(ctx *evalCtx) bool {
			for _, g := range gets {
				if g(ctx).ok {
					return true
				}
			}
			return false
		}, nil
	}
	var test func(c *cachedValue) bool
	switch {
	case lf.left.asNet:
		t := lf.netTest()
		test = func(c *cachedValue) bool { return c.ok && t(c.ip) }
	case lf.left.typ == fields.IPAddr:
		t := lf.addrTest()
		test = func(c *cachedValue) bool { return c.ok && t(c.ip) }
	default:
		t := lf.numTest(lf.left.typ)
		test = func(c *cachedValue) bool { return c.ok && t(c.num) }
	}
	if lf.op == "!=" {
		// Inequality holds when both ends differ.
		return func(ctx *evalCtx) bool {
			for _, g := range gets {
				if !test(g(ctx)) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(ctx *evalCtx) bool {
		for _, g := range gets {
			if test(g(ctx)) {
				return true
			}
		}
		return false
	}, nil
}

// buildFieldCompare compiles a comparison with val(field) on the right.
func (lf *leaf) buildFieldCompare(b *binder, get func(*evalCtx) fields.Value) (predFunc, error) {
	getR, err := b.getter(lf.right)
	if err != nil {
		return nil, err
	}
	op := lf.op
	t := lf.left.typ
	switch {
	case t == fields.String:
		return func(ctx *evalCtx) bool {
			l := get(ctx)
			if !l.OK {
				return false
			}
			r := getR(ctx)
			return r.OK && compareStrings(op, l.Str, r.Str)
		}, nil
	case t == fields.Bytes:
		return func(ctx *evalCtx) bool {
			l, r := get(ctx), getR(ctx)
			if !l.OK || !r.OK {
				return false
			}
			return compareBytes(op, l.Raw, r.Raw)
		}, nil
	case t == fields.IPAddr || t == fields.IPNet:
		return func(ctx *evalCtx) bool {
			l, r := get(ctx), getR(ctx)
			if !l.OK || !r.OK {
				return false
			}
			if op == "!=" {
				return l.IP != r.IP
			}
			return l.IP == r.IP
		}, nil
	default:
		signed := t == fields.Int || lf.right.typ == fields.Int
		return func(ctx *evalCtx) bool {
			l, r := get(ctx), getR(ctx)
			if !l.OK || !r.OK {
				return false
			}
			return compareNums(op, l.Int, r.Int, signed)
		}, nil
	}
}

func compareStrings(op, a, b string) bool {
	switch op {
	case "=", "==", "in", "intersects":
		return a == b
	case "!=":
		return a != b
	case "<":
		return a < b
	case "<=":
		return a <= b
	case ">":
		return a > b
	case ">=":
		return a >= b
	case "contains":
		return strings.Contains(a, b)
	case "icontains":
		return containsFoldASCII(a, strings.ToLower(b))
	case "startswith":
		return strings.HasPrefix(a, b)
	case "endswith":
		return strings.HasSuffix(a, b)
	case "glob":
		return globMatch(b, a, false)
	case "iglob":
		return globMatch(b, a, true)
	}
	return false
}

func compareBytes(op string, a, b []byte) bool {
	switch op {
	case "=", "==", "in", "intersects":
		return bytes.Equal(a, b)
	case "!=":
		return !bytes.Equal(a, b)
	case "contains", "bcontains":
		return bytes.Contains(a, b)
	case "startswith", "bstartswith":
		return bytes.HasPrefix(a, b)
	case "endswith":
		return bytes.HasSuffix(a, b)
	}
	return false
}

func compareNums(op string, a, b int64, signed bool) bool {
	switch op {
	case "=", "==", "in", "intersects":
		return a == b
	case "!=":
		return a != b
	}
	var lt, eq bool
	if signed {
		lt, eq = a < b, a == b
	} else {
		lt, eq = uint64(a) < uint64(b), a == b
	}
	switch op {
	case "<":
		return lt
	case "<=":
		return lt || eq
	case ">":
		return !lt && !eq
	case ">=":
		return !lt
	}
	return false
}

// strTest compiles the string comparison against the constant values.
func (lf *leaf) strTest() func(string) bool {
	if lf.mod == "anyof" {
		// Merged comparisons (f startswith a or f startswith b) land
		// here: loops without a closure per value, sets for many.
		vals := lf.strs
		switch lf.op {
		case "=", "==":
			return stringSet(vals, newStrTable(vals))
		case "startswith":
			if len(vals) > smallSet {
				return newPrefixSet(vals).match
			}
			return func(s string) bool {
				for _, v := range vals {
					if strings.HasPrefix(s, v) {
						return true
					}
				}
				return false
			}
		case "endswith":
			return func(s string) bool {
				for _, v := range vals {
					if strings.HasSuffix(s, v) {
						return true
					}
				}
				return false
			}
		case "contains":
			return func(s string) bool {
				for _, v := range vals {
					if strings.Contains(s, v) {
						return true
					}
				}
				return false
			}
		case "icontains":
			lowers := make([]string, len(vals))
			for i, v := range vals {
				lowers[i] = strings.ToLower(v)
			}
			return func(s string) bool {
				for _, v := range lowers {
					if containsFoldASCII(s, v) {
						return true
					}
				}
				return false
			}
		}
	}
	if lf.mod != "" {
		var tests []func(string) bool
		for i := range lf.strs {
			tests = append(tests, strOne(lf.op, lf.strs[i], strings.ToLower(lf.strs[i]), lf.reAt(i)))
		}
		return modifierTest(lf.mod, tests)
	}
	switch lf.op {
	case "in", "intersects":
		return stringSet(lf.strs, lf.strSet)
	case "pmatch":
		paths := lf.paths
		return func(s string) bool { return pmatch(paths, s) }
	}
	lower := ""
	if len(lf.lowers) > 0 {
		lower = lf.lowers[0]
	}
	return strOne(lf.op, lf.strs[0], lower, lf.reAt(0))
}

func (lf *leaf) reAt(i int) *regexp.Regexp {
	if i < len(lf.regexes) {
		return lf.regexes[i]
	}
	return nil
}

// strOne compiles a comparison with one constant string.
func strOne(op, v, lower string, re *regexp.Regexp) func(string) bool {
	switch op {
	case "=", "==":
		return func(s string) bool { return s == v }
	case "!=":
		return func(s string) bool { return s != v }
	case "<":
		return func(s string) bool { return s < v }
	case "<=":
		return func(s string) bool { return s <= v }
	case ">":
		return func(s string) bool { return s > v }
	case ">=":
		return func(s string) bool { return s >= v }
	case "contains":
		return func(s string) bool { return strings.Contains(s, v) }
	case "icontains":
		return func(s string) bool { return containsFoldASCII(s, lower) }
	case "startswith":
		return func(s string) bool { return strings.HasPrefix(s, v) }
	case "endswith":
		return func(s string) bool { return strings.HasSuffix(s, v) }
	case "glob":
		return func(s string) bool { return globMatch(v, s, false) }
	case "iglob":
		return func(s string) bool { return globMatch(v, s, true) }
	case "regex":
		return func(s string) bool { return re.MatchString(s) }
	}
	return func(string) bool { return false }
}

// modifierTest combines per-value tests: oneof holds when exactly one
// value matches, anyof when one does, allof when all do.
func modifierTest[T any](mod string, tests []func(T) bool) func(T) bool {
	switch mod {
	case "oneof":
		return func(x T) bool {
			n := 0
			for _, t := range tests {
				if t(x) {
					n++
					if n > 1 {
						return false
					}
				}
			}
			return n == 1
		}
	case "allof":
		return func(x T) bool {
			if len(tests) == 0 {
				return false
			}
			for _, t := range tests {
				if !t(x) {
					return false
				}
			}
			return true
		}
	}
	return func(x T) bool {
		for _, t := range tests {
			if t(x) {
				return true
			}
		}
		return false
	}
}

func (lf *leaf) bytesTest() func([]byte) bool {
	one := func(op string, v []byte) func([]byte) bool {
		return func(b []byte) bool { return compareBytes(op, b, v) }
	}
	if lf.mod != "" || lf.op == "in" || lf.op == "intersects" {
		var tests []func([]byte) bool
		for _, v := range lf.bufs {
			tests = append(tests, one(lf.op, v))
		}
		mod := lf.mod
		if mod == "" {
			mod = "anyof"
		}
		return modifierTest(mod, tests)
	}
	return one(lf.op, lf.bufs[0])
}

func (lf *leaf) addrTest() func(netip.Addr) bool {
	addrs := lf.addrs
	if lf.mod != "" {
		tests := make([]func(netip.Addr) bool, len(addrs))
		for i, v := range addrs {
			if lf.op == "!=" {
				tests[i] = func(a netip.Addr) bool { return a.Unmap() != v }
			} else {
				tests[i] = func(a netip.Addr) bool { return a.Unmap() == v }
			}
		}
		return modifierTest(lf.mod, tests)
	}
	if lf.op == "!=" {
		v := addrs[0]
		return func(a netip.Addr) bool { return a.Unmap() != v }
	}
	return func(a netip.Addr) bool {
		a = a.Unmap()
		for _, v := range addrs {
			if a == v {
				return true
			}
		}
		return false
	}
}

func (lf *leaf) netTest() func(netip.Addr) bool {
	nets := lf.nets
	if lf.mod != "" {
		tests := make([]func(netip.Addr) bool, len(nets))
		for i, n := range nets {
			if lf.op == "!=" {
				tests[i] = func(a netip.Addr) bool { return !n.Contains(a.Unmap()) }
			} else {
				tests[i] = func(a netip.Addr) bool { return n.Contains(a.Unmap()) }
			}
		}
		return modifierTest(lf.mod, tests)
	}
	if lf.op == "!=" {
		n := nets[0]
		return func(a netip.Addr) bool { return !n.Contains(a.Unmap()) }
	}
	return func(a netip.Addr) bool {
		a = a.Unmap()
		for _, n := range nets {
			if n.Contains(a) {
				return true
			}
		}
		return false
	}
}

func (lf *leaf) numTest(t fields.Type) func(int64) bool {
	signed := t == fields.Int
	if lf.mod != "" {
		var tests []func(int64) bool
		for _, v := range lf.nums {
			v := v
			op := lf.op
			tests = append(tests, func(n int64) bool { return compareNums(op, n, v, signed) })
		}
		return modifierTest(lf.mod, tests)
	}
	switch lf.op {
	case "in", "intersects":
		if len(lf.nums) <= 8 {
			nums := lf.nums
			return func(n int64) bool {
				for _, v := range nums {
					if n == v {
						return true
					}
				}
				return false
			}
		}
		set := lf.numSet
		return func(n int64) bool { _, ok := set[n]; return ok }
	}
	v := lf.nums[0]
	switch lf.op {
	case "=", "==":
		return func(n int64) bool { return n == v }
	case "!=":
		return func(n int64) bool { return n != v }
	}
	op := lf.op
	return func(n int64) bool { return compareNums(op, n, v, signed) }
}

// smallSet is the size up to which a set of strings is tested by
// comparing with each member.
const smallSet = 4

// stringSet returns a membership test for a set of strings: a scan of a
// few members, a strTable lookup for more.
func stringSet(vals []string, set *strTable) func(string) bool {
	if len(vals) <= smallSet {
		return func(s string) bool {
			for _, v := range vals {
				if v == s {
					return true
				}
			}
			return false
		}
	}
	return set.has
}
