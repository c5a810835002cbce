package rules

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// Format is a compiled output template: text with %field, %field[arg] and
// %transformer(field) references, as in Falco rule outputs and sysdig's
// -p formats. A number after % pads or cuts the value to that width
// (%20proc.name). Render prints a missing value as <NA>, as Falco
// renders rule outputs; TryRender follows libsinsp's formatter, where a
// template without a leading '*' (sysdig's "print even when values are
// missing") stops at the first missing value.
//
// A Format is immutable and safe for concurrent use.
type Format struct {
	text     string
	all      bool // no leading '*': TryRender stops at a missing value
	toks     []fmtTok
	names    []string
	nScratch int
	ctxs     sync.Pool // *evalCtx: rendering reuses them, so it does not allocate
}

type fmtTok struct {
	lit   string
	op    *operand
	width int
	get   func(*evalCtx) fields.Value
	// field is the field as written (evt.arg.flags, proc.aname[2]), the
	// key of its value; for a transformer, the field inside it, whose
	// value is the one reported (Falco does not resolve transformed
	// fields into output_fields).
	field  string
	raw    *operand // the field inside a transformer; nil for a field
	rawGet func(*evalCtx) fields.Value
}

// formatError is a template that does not compile; off is the byte offset
// of the problem in the template.
type formatError struct {
	off     int
	msg     string
	unknown bool
}

func (e *formatError) Error() string { return e.msg }

// Fields returns the field references of the template, in order of first
// use, as written (proc.aname[2], evt.arg.flags), as libsinsp lists them:
// a transformer adds the field inside it, then itself without blanks
// (proc.name, toupper(proc.name)).
func (f *Format) Fields() []string { return append([]string(nil), f.names...) }

// String returns the template text.
func (f *Format) String() string { return f.text }

// CompileFormat compiles an output template against the catalogue and
// binds it to opts.Values (nil: check only; Render then prints <NA>).
func CompileFormat(tmpl string, opts *Options) (*Format, error) {
	c := newCompiler(nil, opts)
	c.quiet = true
	f, err := c.compileFormat(tmpl, nil)
	if err != nil {
		if fe, ok := err.(*formatError); ok {
			return nil, fmt.Errorf("%w: format at byte %d: %s", ErrSyntax, fe.off+1, fe.msg)
		}
		return nil, err
	}
	b := &binder{src: c.src, bound: map[string]fields.Extractor{}}
	if err := f.bind(b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCompile, err)
	}
	return f, nil
}

func (c *compiler) compileFormat(tmpl string, _ *srcText) (*Format, error) {
	f := &Format{text: tmpl, all: true}
	s := tmpl
	base := 0
	if strings.HasPrefix(s, "*") {
		s = s[1:]
		base = 1
		f.all = false
	}
	if s == "" {
		return nil, &formatError{off: 0, msg: "empty formatting token"}
	}
	seen := map[string]bool{}
	lit := strings.Builder{}
	flush := func() {
		if lit.Len() > 0 {
			f.toks = append(f.toks, fmtTok{lit: lit.String()})
			lit.Reset()
		}
	}
	for j := 0; j < len(s); j++ {
		if s[j] != '%' {
			lit.WriteByte(s[j])
			continue
		}
		flush()
		if j == len(s)-1 {
			return nil, &formatError{off: base + j, msg: "invalid formatting syntax: formatting cannot end with a %"}
		}
		k := j + 1
		width := 0
		for k < len(s) && isNum(s[k]) {
			width = width*10 + int(s[k]-'0')
			if width > 1<<16 {
				return nil, &formatError{off: base + j, msg: "formatting width too large"}
			}
			k++
		}
		if k == len(s) {
			return nil, &formatError{off: base + j, msg: "invalid formatting syntax: formatting cannot end with a number"}
		}
		op, n, err := c.formatRef(s[k:])
		if err != nil {
			err.off = base + k
			return nil, err
		}
		if op.ref.Field != nil && op.ref.Field.Has(fields.FilterOnly) {
			return nil, &formatError{off: base + k, msg: fmt.Sprintf("field %s can only be used in conditions, not in outputs", op.ref.Field.Name)}
		}
		tok := fmtTok{op: op, width: width, field: s[k : k+n]}
		names := []string{tok.field}
		if t, ok := op.node.(*TransformNode); ok {
			tok.field = writtenField(t)
			tok.raw = &operand{ref: op.ref, typ: op.ref.Field.Type, list: op.ref.IsList(), setOps: op.ref.Field.Has(fields.SetOps), name: op.ref.String()}
			names = []string{tok.field, writtenTransform(t)}
		}
		f.toks = append(f.toks, tok)
		for _, name := range names {
			if !seen[name] {
				seen[name] = true
				f.names = append(f.names, name)
			}
		}
		j = k + n - 1
	}
	flush()
	return f, nil
}

// formatRef reads the field or transformer at the start of s, taking the
// longest prefix that names a valid field, as Falco does.
func (c *compiler) formatRef(s string) (*operand, int, *formatError) {
	if t, ok := transformerPrefix(s); ok {
		p := &parser{in: s, pos: Pos{0, 1, 1}}
		var tn *TransformNode
		var perr error
		func() {
			defer func() {
				if r := recover(); r != nil {
					if se, ok := r.(*SyntaxError); ok {
						perr = se
						return
					}
					panic(r)
				}
			}()
			p.take(len(t) + 1)
			p.lexBlank()
			tn = p.parseTransformerRemainder(t, Pos{0, 1, 1})
		}()
		if perr != nil {
			return nil, 0, &formatError{msg: "unknown filter: " + perr.(*SyntaxError).Msg}
		}
		cc := &condCompiler{c: c, w: &where{}}
		var op *operand
		var ferr *formatError
		func() {
			defer func() {
				if r := recover(); r != nil {
					cf, ok := r.(*compileFail)
					if !ok {
						panic(r)
					}
					ferr = &formatError{msg: cf.msg, unknown: cf.unknown}
				}
			}()
			op = cc.transformOperand(tn)
		}()
		if ferr != nil {
			return nil, 0, ferr
		}
		return op, p.pos.Off, nil
	}
	full := fieldNameLen(s)
	if full == 0 {
		return nil, 0, &formatError{msg: fmt.Sprintf("unknown filter: expected a field name after %%, found %q", firstWord(s)), unknown: true}
	}
	var firstErr error
	for l := full; l > 0; l-- {
		name := s[:l]
		if fieldNameLen(name) != l {
			continue
		}
		arg, hasArg, n := "", false, l
		if l < len(s) && s[l] == '[' {
			end := strings.IndexByte(s[l:], ']')
			if end < 0 {
				return nil, 0, &formatError{msg: "expected a ']' token after the field argument"}
			}
			arg, hasArg, n = s[l+1:l+end], true, l+end+1
		}
		ref, err := c.cat.Resolve(name, arg, hasArg)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		op := &operand{ref: ref, typ: ref.Field.Type, list: ref.IsList(), setOps: ref.Field.Has(fields.SetOps), name: ref.String()}
		return op, n, nil
	}
	msg := strings.TrimPrefix(firstErr.Error(), "fields: ")
	unknown := c.cat.Lookup(s[:full]) == nil
	if unknown {
		msg = "nonexistent field " + s[:full] + c.suggestField(s[:full])
	}
	return nil, 0, &formatError{msg: "invalid formatting token: " + msg, unknown: unknown}
}

// writtenField returns the field inside a chain of transformers as
// written: its name (dotted argument included) and its [argument].
func writtenField(t *TransformNode) string {
	for {
		switch a := t.Args[0].(type) {
		case *TransformNode:
			t = a
		case *FieldNode:
			if a.HasArg {
				return a.Name + "[" + a.Arg + "]"
			}
			return a.Name
		default:
			return ""
		}
	}
}

// writtenTransform returns a transformer as libsinsp names it: without
// blanks, tolower(toupper(proc.name)).
func writtenTransform(t *TransformNode) string {
	if in, ok := t.Args[0].(*TransformNode); ok {
		return t.Name + "(" + writtenTransform(in) + ")"
	}
	return t.Name + "(" + writtenField(t) + ")"
}

func transformerPrefix(s string) (string, bool) {
	for _, t := range transformers {
		if strings.HasPrefix(s, t+"(") {
			return t, true
		}
	}
	return "", false
}

func firstWord(s string) string {
	if i := strings.IndexAny(s, " \t\n"); i >= 0 {
		s = s[:i]
	}
	if len(s) > 20 {
		s = s[:20] + "..."
	}
	return s
}

// bind binds the template's fields to extractors. The transformers'
// scratch buffers are the rendering context's own, numbered from 0 (a
// rule's output is bound after its condition, whose transformers use the
// evaluator's).
func (f *Format) bind(b *binder) error {
	start := b.scratch
	b.scratch = 0
	defer func() { b.scratch = start }()
	for i := range f.toks {
		t := &f.toks[i]
		if t.op == nil {
			continue
		}
		g, err := b.getter(t.op)
		if err != nil {
			return err
		}
		t.get = g
		if t.raw != nil {
			if t.rawGet, err = b.getter(t.raw); err != nil {
				return err
			}
		}
	}
	f.nScratch = b.scratch
	return nil
}

// getCtx returns an evaluation context for rendering ev, from the pool:
// the predicates the tokens call take a context by pointer, so one on the
// stack would escape to the heap on every call.
func (f *Format) getCtx(ev fields.Event) *evalCtx {
	ctx, _ := f.ctxs.Get().(*evalCtx)
	if ctx == nil {
		ctx = &evalCtx{scratch: make([][]byte, f.nScratch)}
	}
	ctx.ev = ev
	return ctx
}

func (f *Format) putCtx(ctx *evalCtx) {
	ctx.ev = nil
	f.ctxs.Put(ctx)
}

// Render appends the template rendered for ev to dst, a missing value
// as <NA> (Falco renders every rule output so). It does not allocate
// (beyond growing dst).
func (f *Format) Render(ev fields.Event, dst []byte) []byte {
	dst, _ = f.render(ev, dst, false)
	return dst
}

// TryRender is Render as libsinsp's formatter does it for sysdig's -p:
// unless the template starts with '*', every value is required, and at
// the first missing one TryRender stops, returning what it rendered up
// to there and false (sysdig then skips the event). With a leading '*'
// it is Render and returns true.
func (f *Format) TryRender(ev fields.Event, dst []byte) ([]byte, bool) {
	return f.render(ev, dst, f.all)
}

func (f *Format) render(ev fields.Event, dst []byte, all bool) ([]byte, bool) {
	ctx := f.getCtx(ev)
	for i := range f.toks {
		t := &f.toks[i]
		if t.op == nil {
			dst = append(dst, t.lit...)
			continue
		}
		var v fields.Value
		if t.get != nil {
			v = t.get(ctx)
		}
		if all && !v.OK {
			f.putCtx(ctx)
			return dst, false
		}
		if t.width == 0 {
			dst = appendValue(dst, t.op, v)
			continue
		}
		start := len(dst)
		dst = appendValue(dst, t.op, v)
		if n := len(dst) - start; n > t.width {
			dst = dst[:start+t.width]
		} else {
			for ; n < t.width; n++ {
				dst = append(dst, ' ')
			}
		}
	}
	f.putCtx(ctx)
	return dst, true
}

// Values returns the template's field values keyed by field as written
// (evt.arg.flags, proc.aname[2]), as Falco's JSON output_fields: numbers
// as int64 or uint64, booleans as bool, address and text as strings, set
// fields as []string, missing as nil. A transformer contributes the
// value of the field inside it, untransformed, as in Falco.
func (f *Format) Values(ev fields.Event) map[string]any {
	ctx := f.getCtx(ev)
	defer f.putCtx(ctx)
	out := make(map[string]any, len(f.names))
	for i := range f.toks {
		t := &f.toks[i]
		if t.op == nil {
			continue
		}
		if _, done := out[t.field]; done {
			continue
		}
		op, get := t.op, t.get
		if t.raw != nil {
			op, get = t.raw, t.rawGet
		}
		var v fields.Value
		if get != nil {
			v = get(ctx)
		}
		out[t.field] = jsonValue(op, v)
	}
	return out
}

// NA is what a missing value prints as.
const NA = "<NA>"

// appendValue renders a value as Falco prints it in text outputs.
func appendValue(dst []byte, op *operand, v fields.Value) []byte {
	if !v.OK {
		return append(dst, NA...)
	}
	if op.list {
		if op.setOps {
			dst = append(dst, '(')
			for i, s := range v.List {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, s...)
			}
			return append(dst, ')')
		}
		if len(v.List) == 0 && v.Str != "" {
			return append(dst, v.Str...)
		}
		for i, s := range v.List {
			if i > 0 {
				dst = append(dst, ' ')
			}
			dst = append(dst, s...)
		}
		return dst
	}
	switch op.typ {
	case fields.String:
		return append(dst, v.Str...)
	case fields.Bytes:
		b := v.Raw
		if b == nil {
			return appendPrintable(dst, v.Str)
		}
		return appendPrintable(dst, bytesString(b))
	case fields.Bool:
		if v.Str != "" {
			return append(dst, v.Str...)
		}
		if v.Int != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case fields.IPAddr, fields.IPNet:
		if v.Str != "" {
			return append(dst, v.Str...)
		}
		if !v.IP.IsValid() {
			return append(dst, NA...)
		}
		return v.IP.Unmap().AppendTo(dst)
	case fields.Int:
		if v.Str != "" {
			return append(dst, v.Str...)
		}
		return strconv.AppendInt(dst, v.Int, 10)
	default:
		if v.Str != "" {
			return append(dst, v.Str...)
		}
		return strconv.AppendUint(dst, uint64(v.Int), 10)
	}
}

// appendPrintable appends s with bytes that are not printable ASCII
// replaced by '.', as sysdig prints buffers.
func appendPrintable(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f {
			c = '.'
		}
		dst = append(dst, c)
	}
	return dst
}

func jsonValue(op *operand, v fields.Value) any {
	if !v.OK {
		return nil
	}
	if op.list {
		if op.setOps {
			return append([]string{}, v.List...)
		}
		return string(appendValue(nil, op, v))
	}
	switch op.typ {
	case fields.String:
		return v.Str
	case fields.Bool:
		return v.Int != 0
	case fields.Int:
		return v.Int
	case fields.Uint, fields.RelTime, fields.AbsTime, fields.Port, fields.Mode:
		return uint64(v.Int)
	}
	return string(appendValue(nil, op, v))
}
