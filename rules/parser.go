package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// The condition grammar, as Falco's libsinsp filter parser reads it
// (libs userspace/libsinsp/filter/parser.h), in EBNF:
//
//	Expr                 ::= OrExpr
//	OrExpr               ::= AndExpr ('or' OrExprTail)*
//	OrExprTail           ::= Blank AndExpr | '(' Expr ')'
//	AndExpr              ::= NotExpr ('and' AndExprTail)*
//	AndExprTail          ::= Blank NotExpr | '(' Expr ')'
//	NotExpr              ::= ('not' Blank)* NotExprTail
//	NotExprTail          ::= 'not(' Expr ')' | Check
//	Check                ::= Field Condition
//	                       | FieldTransformer Condition
//	                       | Identifier
//	                       | '(' Expr ')'
//	FieldTransformer     ::= TransformerName '(' TransformerArg (',' TransformerArg)* ')' ('[' FieldArg ']')?
//	TransformerArg       ::= FieldTransformer | Field | QuotedStr | NumValue | TransformerList
//	TransformerList      ::= '(' (TransformerListArg (',' TransformerListArg)*)? ')'
//	TransformerListArg   ::= Field | FieldTransformer | QuotedStr | NumValue
//	FieldTransformerOrVal ::= FieldTransformer | 'val(' Field ')'
//	Condition            ::= UnaryOperator
//	                       | NumOperator (NumValue | FieldTransformerOrVal)
//	                       | StrOperator (StrValue | FieldTransformerOrVal)
//	                       | StrOperator StrOperatorModifier ListValue
//	                       | ListOperator (ListValue | FieldTransformerOrVal)
//	ListValue            ::= '(' (StrValue (',' StrValue)*)? ')' | Identifier
//	Field                ::= FieldName ('[' FieldArg ']')?
//	FieldArg             ::= QuotedStr | FieldArgBareStr
//	NumValue             ::= HexNumber | Number
//	StrValue             ::= QuotedStr | BareStr
//
//	UnaryOperator        ::= 'exists'
//	NumOperator          ::= '<=' | '<' | '>=' | '>'
//	StrOperator          ::= '==' | '=' | '!=' | ('glob' | 'iglob' | 'contains' | 'icontains'
//	                         | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith' | 'regex') Blank
//	StrOperatorModifier  ::= ('oneof' | 'anyof' | 'allof') Blank
//	ListOperator         ::= 'intersects' | 'in' | 'pmatch'
//	TransformerName      ::= 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt'
//
//	Blank                ::= [ \t\b\r\n]+
//	Identifier           ::= [a-zA-Z]+[a-zA-Z0-9_]*
//	FieldName            ::= [a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+
//	FieldArgBareStr      ::= [^ \t\n\v\f\r\[\]"']+
//	HexNumber            ::= 0[xX][0-9a-fA-F]+
//	Number               ::= [+\-]?[0-9]+[\.]?[0-9]*([eE][+\-][0-9]+)?
//	QuotedStr            ::= "(?:\\"|.)*?"|'(?:\\'|.)*?'
//	BareStr              ::= [^ \t\n\v\f\r\(\),="']+
//
// 'and' binds tighter than 'or', and 'not' tighter than both. Quoted
// strings take the escapes \b \f \n \r \t \\ \/ \" (in "...") \' (in '...')
// and \xHH; "\ " reads as a backslash, as in Falco.

// MaxConditionLen is the longest condition text ParseCondition accepts.
const MaxConditionLen = 1 << 20

// MaxDepth is the deepest recursion the parser allows, as Falco's rule
// loader sets it: about 200 levels of nested parentheses. Deeper input is
// an error, not a stack overflow.
const MaxDepth = 1000

// SyntaxError is a condition that does not parse. Pos is where the parser
// stopped, within the condition text.
type SyntaxError struct {
	Pos Pos
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("rules: condition %d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
}

// Unwrap makes errors.Is(err, ErrSyntax) hold.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// ParseCondition parses a condition into its syntax tree. Macro and list
// names are left unresolved: a macro is an *IdentNode, a list name an
// unquoted value inside a *ListNode (or an unquoted *ValueNode on the right
// of in, intersects and pmatch).
func ParseCondition(s string) (n Node, err error) {
	if strings.TrimSpace(s) == "" {
		return nil, &SyntaxError{Pos{0, 1, 1}, "filter input string is empty"}
	}
	if len(s) > MaxConditionLen {
		return nil, &SyntaxError{Pos{0, 1, 1}, fmt.Sprintf("condition is %d bytes long, more than the %d allowed", len(s), MaxConditionLen)}
	}
	p := &parser{in: s, pos: Pos{0, 1, 1}}
	defer func() {
		if r := recover(); r != nil {
			se, ok := r.(*SyntaxError)
			if !ok {
				panic(r)
			}
			n, err = nil, se
		}
	}()
	n = p.parseOr()
	if p.pos.Off != len(p.in) {
		p.failf("unexpected token after '%s', expecting 'or', 'and'", p.last)
	}
	return n, nil
}

type parser struct {
	in    string
	pos   Pos
	last  string // the last token read, for messages
	depth int
}

func (p *parser) failf(format string, args ...any) {
	panic(&SyntaxError{Pos: p.pos, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) enter() {
	p.depth++
	if p.depth >= MaxDepth {
		p.failf("exceeded max depth limit of %d", MaxDepth)
	}
}

func (p *parser) leave() { p.depth-- }

func (p *parser) rest() string { return p.in[p.pos.Off:] }

// advance moves over n bytes, keeping line and column.
func (p *parser) advance(n int) {
	for i := 0; i < n; i++ {
		c := p.in[p.pos.Off]
		p.pos.Off++
		p.pos.Col++
		if c == '\n' || c == '\r' {
			p.pos.Line++
			p.pos.Col = 1
		}
	}
}

// take records the next n bytes as the last token and moves over them.
func (p *parser) take(n int) string {
	tok := p.in[p.pos.Off : p.pos.Off+n]
	p.last = tok
	p.advance(n)
	return tok
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func (p *parser) lexBlank() bool {
	n := 0
	for r := p.rest(); n < len(r) && isBlank(r[n]); n++ {
	}
	p.advance(n)
	return n > 0
}

func (p *parser) lexStr(s string) bool {
	if strings.HasPrefix(p.rest(), s) {
		p.take(len(s))
		return true
	}
	return false
}

// lexWord reads s followed by at least one blank (which it consumes),
// as Falco's operators written with a trailing space in its tables.
func (p *parser) lexWord(s string) bool {
	r := p.rest()
	if strings.HasPrefix(r, s) && len(r) > len(s) && isBlank(r[len(s)]) {
		p.take(len(s))
		p.lexBlank()
		return true
	}
	return false
}

func identLen(r string) int {
	if len(r) == 0 || !isAlpha(r[0]) {
		return 0
	}
	n := 1
	for n < len(r) && isAlpha(r[n]) {
		n++
	}
	for n < len(r) && (isAlpha(r[n]) || isNum(r[n]) || r[n] == '_') {
		n++
	}
	return n
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNum(c byte) bool   { return c >= '0' && c <= '9' }

func (p *parser) lexIdentifier() bool {
	if n := identLen(p.rest()); n > 0 {
		p.take(n)
		return true
	}
	return false
}

func fieldNameLen(r string) int {
	n := identLen(r)
	if n == 0 {
		return 0
	}
	parts := 0
	for n < len(r) && r[n] == '.' {
		m := identLen(r[n+1:])
		if m == 0 {
			break
		}
		n += 1 + m
		parts++
	}
	if parts == 0 {
		return 0
	}
	return n
}

func (p *parser) lexFieldName() bool {
	if n := fieldNameLen(p.rest()); n > 0 {
		p.take(n)
		return true
	}
	return false
}

func (p *parser) lexHexNum() bool {
	r := p.rest()
	if len(r) > 2 && r[0] == '0' && (r[1] == 'x' || r[1] == 'X') {
		n := 2
		for n < len(r) && isHex(r[n]) {
			n++
		}
		if n > 2 {
			p.take(n)
			return true
		}
	}
	return false
}

func isHex(c byte) bool { return isNum(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func numLen(r string) int {
	n := 0
	if n < len(r) && (r[n] == '+' || r[n] == '-') {
		n++
	}
	d := n
	for n < len(r) && isNum(r[n]) {
		n++
	}
	if n == d {
		return 0
	}
	if n < len(r) && r[n] == '.' {
		n++
	}
	for n < len(r) && isNum(r[n]) {
		n++
	}
	if n+2 < len(r) && (r[n] == 'e' || r[n] == 'E') && (r[n+1] == '+' || r[n+1] == '-') && isNum(r[n+2]) {
		n += 2
		for n < len(r) && isNum(r[n]) {
			n++
		}
	}
	return n
}

func (p *parser) lexNum() bool {
	if n := numLen(p.rest()); n > 0 {
		p.take(n)
		return true
	}
	return false
}

func isBareChar(c byte) bool {
	return !isSpace(c) && c != '(' && c != ')' && c != '"' && c != '\'' && c != '=' && c != ','
}

func (p *parser) lexBareStr() bool {
	r := p.rest()
	n := 0
	for n < len(r) && isBareChar(r[n]) {
		n++
	}
	if n > 0 {
		p.take(n)
		return true
	}
	return false
}

func (p *parser) lexFieldArgBareStr() bool {
	r := p.rest()
	n := 0
	for n < len(r) && !isSpace(r[n]) && r[n] != '[' && r[n] != ']' && r[n] != '"' && r[n] != '\'' {
		n++
	}
	if n > 0 {
		p.take(n)
		return true
	}
	return false
}

// lexQuotedStr reads a quoted string the way Falco does: the string ends
// at the first delimiter not preceded by a backslash. p.last holds the
// unescaped value.
func (p *parser) lexQuotedStr() bool {
	r := p.rest()
	if len(r) == 0 || r[0] != '"' && r[0] != '\'' {
		return false
	}
	delim := r[0]
	prev := byte('\\')
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c == delim && prev != '\\' {
			start := p.pos
			raw := r[:i+1]
			p.advance(i + 1)
			v, err := unescape(raw)
			if err != "" {
				panic(&SyntaxError{Pos: start, Msg: err})
			}
			p.last = v
			return true
		}
		prev = c
	}
	return false
}

// unescape decodes a quoted string including its delimiters.
func unescape(s string) (string, string) {
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(body) {
			b.WriteByte('\\')
			break
		}
		switch body[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case ' ', '\\':
			b.WriteByte('\\')
		case '/':
			b.WriteByte('/')
		case '"':
			if s[0] != '"' {
				return "", `invalid \" escape in '-quoted string`
			}
			b.WriteByte('"')
		case '\'':
			if s[0] != '\'' {
				return "", `invalid \' escape in "-quoted string`
			}
			b.WriteByte('\'')
		case 'x':
			if i+2 >= len(body) {
				return "", "truncated hex char escape sequence"
			}
			v, err := strconv.ParseUint(body[i+1:i+3], 16, 8)
			if err != nil {
				return "", "invalid hex char escape sequence: " + body[i+1:i+3]
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			return "", `unsupported string escape sequence: \` + string(body[i])
		}
	}
	return b.String(), ""
}

var (
	numOps       = []string{"<=", "<", ">=", ">"}
	symStrOps    = []string{"==", "=", "!="}
	wordStrOps   = []string{"glob", "iglob", "contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith", "regex"}
	modifiers    = []string{"oneof", "anyof", "allof"}
	listOps      = []string{"intersects", "in", "pmatch"}
	transformers = []string{"tolower", "toupper", "b64", "basename", "len", "join", "concat", "getopt"}
)

func (p *parser) lexOneOf(ops []string) (string, bool) {
	for _, op := range ops {
		if p.lexStr(op) {
			return op, true
		}
	}
	return "", false
}

func (p *parser) lexWordOneOf(ops []string) (string, bool) {
	for _, op := range ops {
		if p.lexWord(op) {
			return op, true
		}
	}
	return "", false
}

// lexTransformer reads a transformer name and its opening parenthesis.
func (p *parser) lexTransformer() (string, bool) {
	r := p.rest()
	for _, t := range transformers {
		if strings.HasPrefix(r, t+"(") {
			p.take(len(t) + 1)
			return t, true
		}
	}
	return "", false
}

func (p *parser) parseOr() Node {
	p.enter()
	defer p.leave()
	at := p.pos
	p.lexBlank()
	children := []Node{p.parseAnd()}
	p.lexBlank()
	for p.lexStr("or") {
		var child Node
		if !p.lexBlank() {
			if !p.lexStr("(") {
				p.failf("expected blank or '(' after 'or'")
			}
			child = p.parseEmbeddedRemainder()
		} else {
			child = p.parseAnd()
		}
		children = append(children, child)
		p.lexBlank()
	}
	if len(children) > 1 {
		return &OrNode{At: at, Children: children}
	}
	return children[0]
}

func (p *parser) parseAnd() Node {
	p.enter()
	defer p.leave()
	at := p.pos
	p.lexBlank()
	children := []Node{p.parseNot()}
	p.lexBlank()
	for p.lexStr("and") {
		var child Node
		if !p.lexBlank() {
			if !p.lexStr("(") {
				p.failf("expected blank or '(' after 'and'")
			}
			child = p.parseEmbeddedRemainder()
		} else {
			child = p.parseNot()
		}
		children = append(children, child)
		p.lexBlank()
	}
	if len(children) > 1 {
		return &AndNode{At: at, Children: children}
	}
	return children[0]
}

func (p *parser) lexNotBlank() bool {
	r := p.rest()
	if strings.HasPrefix(r, "not") && len(r) > 3 && isSpace(r[3]) {
		n := 3
		for n < len(r) && isSpace(r[n]) {
			n++
		}
		p.take(n)
		return true
	}
	return false
}

func (p *parser) parseNot() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	neg := false
	for p.lexNotBlank() {
		neg = !neg
	}
	var child Node
	if p.lexStr("not(") {
		neg = !neg
		child = p.parseEmbeddedRemainder()
	} else {
		child = p.parseCheck()
	}
	if neg {
		return &NotNode{At: at, Child: child}
	}
	return child
}

// parseEmbeddedRemainder parses the rest of a parenthesised expression
// after its '('.
func (p *parser) parseEmbeddedRemainder() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	child := p.parseOr()
	p.lexBlank()
	if !p.lexStr(")") {
		p.failf("expected a ')' token")
	}
	return child
}

func (p *parser) parseCheck() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if p.lexStr("(") {
		return p.parseEmbeddedRemainder()
	}
	if p.lexFieldName() {
		left := p.parseFieldRemainder(p.last, at)
		return p.parseCondition(left, at)
	}
	if t, ok := p.lexTransformer(); ok {
		p.lexBlank()
		left := p.parseTransformerRemainder(t, at)
		return p.parseCondition(left, at)
	}
	if p.lexIdentifier() {
		return &IdentNode{At: at, Name: p.last}
	}
	p.failf("expected a '(' token, a field check, or an identifier")
	return nil
}

func (p *parser) parseFieldRemainder(name string, at Pos) *FieldNode {
	f := &FieldNode{At: at, Name: name}
	f.Arg, f.HasArg = p.parseOptionalFieldArg()
	return f
}

func (p *parser) parseOptionalFieldArg() (string, bool) {
	if !p.lexStr("[") {
		return "", false
	}
	if !p.lexQuotedStr() && !p.lexFieldArgBareStr() {
		p.failf("expected a valid field argument: a quoted string or a bare string")
	}
	arg := p.last
	if !p.lexStr("]") {
		p.failf("expected a ']' token")
	}
	return arg, true
}

func (p *parser) parseTransformerRemainder(name string, at Pos) *TransformNode {
	p.enter()
	defer p.leave()
	p.lexBlank()
	t := &TransformNode{At: at, Name: name}
	for {
		t.Args = append(t.Args, p.parseTransformerArg())
		p.lexBlank()
		if !p.lexStr(",") {
			break
		}
	}
	p.lexBlank()
	if !p.lexStr(")") {
		p.failf("expected a ')' token closing the transformer")
	}
	t.Arg, t.HasArg = p.parseOptionalFieldArg()
	return t
}

func (p *parser) parseTransformerArg() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if p.lexHexNum() || p.lexNum() {
		return &ValueNode{At: at, Value: p.last}
	}
	if p.lexQuotedStr() {
		return &ValueNode{At: at, Value: p.last, Quoted: true}
	}
	if p.lexStr("(") {
		return p.parseTransformerList(at)
	}
	if t, ok := p.lexTransformer(); ok {
		return p.parseTransformerRemainder(t, at)
	}
	if p.lexFieldName() {
		return p.parseFieldRemainder(p.last, at)
	}
	p.failf("expected field transformer argument: field, transformer, quoted string, number, or transformer list")
	return nil
}

// parseTransformerList parses a list argument of a transformer after its
// '('. Its items are kept as a TransformNode named "" so that fields and
// transformers may appear in it.
func (p *parser) parseTransformerList(at Pos) Node {
	p.enter()
	defer p.leave()
	l := &TransformNode{At: at, Name: ""}
	p.lexBlank()
	if p.lexStr(")") {
		return l
	}
	for {
		p.lexBlank()
		iat := p.pos
		switch {
		case p.lexFieldName():
			l.Args = append(l.Args, p.parseFieldRemainder(p.last, iat))
		default:
			if t, ok := p.lexTransformer(); ok {
				p.lexBlank()
				l.Args = append(l.Args, p.parseTransformerRemainder(t, iat))
			} else if p.lexQuotedStr() {
				l.Args = append(l.Args, &ValueNode{At: iat, Value: p.last, Quoted: true})
			} else if p.lexHexNum() || p.lexNum() {
				l.Args = append(l.Args, &ValueNode{At: iat, Value: p.last})
			} else {
				p.failf("expected transformer list argument: field, transformer, quoted string, or number")
			}
		}
		p.lexBlank()
		if !p.lexStr(",") {
			break
		}
	}
	if !p.lexStr(")") {
		p.failf("expected ')'")
	}
	return l
}

func (p *parser) parseCondition(left Node, at Pos) Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	opAt := p.pos
	if p.lexStr("exists") {
		return &CheckNode{At: at, Left: left, Op: "exists", OpAt: opAt}
	}
	c := &CheckNode{At: at, Left: left, OpAt: opAt}
	if op, ok := p.lexOneOf(numOps); ok {
		c.Op = op
		c.Right = p.parseNumValueOrTransformer()
		return c
	}
	op, ok := p.lexOneOf(symStrOps)
	hadBlank := false
	if ok {
		hadBlank = p.lexBlank()
	} else if op, ok = p.lexWordOneOf(wordStrOps); ok {
		hadBlank = true
	}
	if ok {
		c.Op = op
		saved, savedLast := p.pos, p.last
		if hadBlank {
			if mod, ok := p.lexWordOneOf(modifiers); ok && p.listValueFollows() && !p.boolKeywordFollows() {
				c.Mod = mod
				c.Right = p.parseListValue()
				return c
			}
		}
		p.pos, p.last = saved, savedLast
		c.Right = p.parseStrValueOrTransformer(false)
		return c
	}
	if op, ok := p.lexOneOf(listOps); ok {
		c.Op = op
		c.Right = p.parseListValueOrTransformer()
		return c
	}
	p.failf("expected a valid check operator: one of 'exists', '<=', '<', '>=', '>', '==', '=', '!=', " +
		"'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', " +
		"'regex', 'intersects', 'in', 'pmatch'")
	return nil
}

func (p *parser) listValueFollows() bool {
	r := p.rest()
	return strings.HasPrefix(r, "(") || identLen(r) > 0
}

func (p *parser) boolKeywordFollows() bool {
	r := p.rest()
	for _, kw := range []string{"and", "or", "not"} {
		if strings.HasPrefix(r, kw) && (len(r) == len(kw) || !isAlpha(r[len(kw)]) && !isNum(r[len(kw)])) {
			return true
		}
	}
	return false
}

func (p *parser) parseNumValueOrTransformer() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if t := p.tryTransformerOrVal(); t != nil {
		return t
	}
	if p.lexHexNum() || p.lexNum() {
		return &ValueNode{At: at, Value: p.last}
	}
	p.failf("expected a number value or a field with a valid transformer: %s", transformerList())
	return nil
}

func transformerList() string {
	return "'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'"
}

func (p *parser) parseStrValueOrTransformer(noTransformer bool) Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if !noTransformer {
		if t := p.tryTransformerOrVal(); t != nil {
			return t
		}
	}
	if p.lexQuotedStr() {
		return &ValueNode{At: at, Value: p.last, Quoted: true}
	}
	if p.lexBareStr() {
		return &ValueNode{At: at, Value: p.last}
	}
	if noTransformer {
		p.failf("expected a string value")
	}
	p.failf("expected a string value or a field with a valid transformer: %s", transformerList())
	return nil
}

// tryParseList parses a parenthesised list of values, or returns nil when
// no '(' follows.
func (p *parser) tryParseList() *ListNode {
	at := p.pos
	if !p.lexStr("(") {
		return nil
	}
	l := &ListNode{At: at}
	p.lexBlank()
	if v := p.tryListItem(); v != nil {
		l.Items = append(l.Items, v)
		p.lexBlank()
		for p.lexStr(",") {
			p.lexBlank()
			v := p.tryListItem()
			if v == nil {
				p.failf("expected a string value")
			}
			l.Items = append(l.Items, v)
			p.lexBlank()
		}
	}
	if !p.lexStr(")") {
		p.failf("expected a ')' token")
	}
	return l
}

func (p *parser) tryListItem() *ValueNode {
	at := p.pos
	if p.lexQuotedStr() {
		return &ValueNode{At: at, Value: p.last, Quoted: true}
	}
	if p.lexBareStr() {
		return &ValueNode{At: at, Value: p.last}
	}
	return nil
}

func (p *parser) parseListValue() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if l := p.tryParseList(); l != nil {
		return l
	}
	if p.lexIdentifier() {
		return &ValueNode{At: at, Value: p.last}
	}
	p.failf("expected a list or an identifier")
	return nil
}

func (p *parser) parseListValueOrTransformer() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if l := p.tryParseList(); l != nil {
		return l
	}
	if t := p.tryTransformerOrVal(); t != nil {
		return t
	}
	if p.lexIdentifier() {
		return &ValueNode{At: at, Value: p.last}
	}
	p.failf("expected a list, an identifier, or a field with a valid transformer: %s", transformerList())
	return nil
}

// tryTransformerOrVal parses val(field) or a transformer, or returns nil
// when neither follows.
func (p *parser) tryTransformerOrVal() Node {
	p.enter()
	defer p.leave()
	p.lexBlank()
	at := p.pos
	if p.lexStr("val(") {
		p.lexBlank()
		fat := p.pos
		if !p.lexFieldName() {
			p.failf("expected a field within 'val' transformer")
		}
		f := p.parseFieldRemainder(p.last, fat)
		p.lexBlank()
		if !p.lexStr(")") {
			p.failf("expected a ')' token closing the transformer")
		}
		t := &TransformNode{At: at, Name: "val", Args: []Node{f}}
		t.Arg, t.HasArg = p.parseOptionalFieldArg()
		return t
	}
	if t, ok := p.lexTransformer(); ok {
		p.lexBlank()
		return p.parseTransformerRemainder(t, at)
	}
	return nil
}
