package rules

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAcceptReject(t *testing.T) {
	accept := []string{
		"a", "a and b", "a or b", "not a", "not not a", "not(a)", "a and not(b)",
		"(a)", "((a))", "a and (b or c)", "a or(b)", "a and(b)",
		"a and notb", "notz and a and b", "macro and not_macro", "macro and not not_macro",
		"macro and and_macro", "macro and or_macro",
		"fd.name=*.log", "a.g in (1, 'a', b.c)", "a.b = a.a",
		"evt.arg[0] contains /bin", "evt.arg[a] contains /bin",
		"test.str = testval", `test.str = 0a!@#456:/\.;!$%^&*[]{}|`,
		`test.str = ""`, `test.str = ''`, `test.str = "test value"`, `test.str = 'test value'`,
		`test.str[0a!@#456:/\.;!$%^&*(){}|] = testval`, `test.str[1234] = a`, `test.str[""] = empty`,
		`test.str['a aa'] = a`, `test.str["test \"with\"escaping"] = a`,
		`test.str = "escape double quote \" "`, `test.str = 'escape single quote \' '`,
		`test.str = 'multiple escape single quote \' \\''`, `test.str = 'mixed "'`, `test.str = "mixed '"`,
		`test.str = "bad escape \ "`,
		"test.num > 1000", "test.num < +1", "test.num >= -1", "test.num <= 0x12345", "test.num > 1.2",
		"test.num > -0.1222e+10", "test.str = !0.1222e+10", "test.str = 0xAAA.1",
		"test.list in ()", "test.list in (a)", "test.list in ('single-quoted')", `test.list in ("double-quoted")`,
		"test.list in (value, \"value\", 'value')", "test.list intersects (value)", "test.list pmatch (value)",
		"test.op exists and macro", "test.op exists", "test.op =value", "test.op ==value", "test.op !=value",
		"test.op glob value", "test.op iglob value", "test.op contains value", "test.op icontains value",
		"test.op bcontains 48545450", "test.op bstartswith 12ab001fc5", "test.op endswith value",
		"test.op regex '^a.*$'", "test.op >1", "test.op <=1", "test.op in()", "test.op pmatch()",
		"test.op existsand macro",
		"tolower(test.field) exists", "b64(test.field) = value", "not b64(test.field) exists or b64(test.field) contains 'a'",
		"b64(toupper(test.field)) exists", "b64( test.field) exists", "b64(b64(test.field ) ) exists",
		"test.a = val(test.b)", "test.a in val(test.b)", "test.a > val(test.b)", "test.a = tolower(test.b)",
		"len(test.a) > 3", "basename(fd.name) = sh", "proc.name startswith anyof (a, b)",
		"proc.name = oneof (a, b)", "proc.name contains allof lst", "proc.name = oneof",
		"proc.name = anyof and x",
		"a\n and\n b", "a\r\nor b", "\n  a  \n",
		"join(',', (proc.name, proc.pname)) = 'a,b'",
	}
	reject := []string{
		"", "   ", "a andb", "aand b", "a and b and", "a and b or", "a and b not", "and a", "or a",
		"a or b and", "a or b or", "a not b", "a notb", "anot b", "a andnot b", "(a)andnot(b)",
		"a ornot b", "evt.arg[] contains /bin", "a.b = b = 1", "(a.b = 1", "a.a invalidoperator xxx",
		"macro > 12", "a.g in ( 1 ,, , b)", "#a and b; a and b", "fd.name=/var/lo);g/httpd.log",
		"test.str = a,", "test.str = a=", `test.str = a('")`, "test.str = '", `test.str = "`,
		`test.str = '"`, "test.str = missing start quote", "test.str = 'missing end quote",
		`test.str = "broken escape double quote""`, `test.str = "mixed \'"`, `test.str = 'mixed \"'`,
		"test.str[] = testval", "test.str[[] = testval", "test.str[]] = testval", "test.str[   test   ] = testval",
		"test.str[ = testval", "test.str] = testval", "test.num > !0.1222e+10", "test.num < 0xAAA.1",
		"test.num >= 0aaaaa", "test.num <= a",
		"test.list in (", "test.list in )", "test.list in (value,)", "test.list in (value,,)", "test.list in (,)",
		"test.list > (value)", "test.list = (value)", "test.list startswith (value)",
		"test.op ExIsTs", "test.op exists something", "test.op ===", "test.op !== value",
		"test.op startswithvalue", "test.op containsvalue", "test.op >", "test.op in", "test.op pmatch",
		"val(test.field) exists", "val(b64(test.field)) exists", "b64(val(test.field)) exists",
		"b64(test.field [1]) exists", `test.str = "\q"`, `test.str = "\x4"`, `test.str = "\xzz"`,
	}
	for _, s := range accept {
		t.Run("accept/"+s, func(t *testing.T) {
			if _, err := ParseCondition(s); err != nil {
				t.Errorf("ParseCondition(%q): %v", s, err)
			}
		})
	}
	for _, s := range reject {
		t.Run("reject/"+s, func(t *testing.T) {
			n, err := ParseCondition(s)
			if err == nil {
				t.Fatalf("ParseCondition(%q) accepted: %s", s, FormatCondition(n))
			}
			if !errors.Is(err, ErrSyntax) {
				t.Errorf("error %v does not wrap ErrSyntax", err)
			}
		})
	}
}

func TestParseTree(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"precedence", "a or b and c", "a or b and c"},
		{"and of ors", "(a or b) and c", "(a or b) and c"},
		{"not binds tight", "not a and b", "not a and b"},
		{"not of group", "not (a and b)", "not (a and b)"},
		{"double not cancels", "not not a", "a"},
		{"not paren", "not(a)", "not a"},
		{"check", "proc.name=bash", "proc.name = bash"},
		{"quoted value keeps quotes", "proc.name = 'bash'", `proc.name = "bash"`},
		{"list", "fd.name in (/etc, '/a b', x)", `fd.name in (/etc, "/a b", x)`},
		{"list identifier", "proc.name in shell_binaries", "proc.name in shell_binaries"},
		{"field arg", "proc.aname[2] = sshd", "proc.aname[2] = sshd"},
		{"dotted arg", "evt.arg.flags contains O_CREAT", "evt.arg.flags contains O_CREAT"},
		{"exists", "fd.name exists", "fd.name exists"},
		{"val", "fd.name = val(proc.cwd)", "fd.name = val(proc.cwd)"},
		{"transformer chain", "toupper(basename(fd.name)) = A", "toupper(basename(fd.name)) = A"},
		{"modifier", "proc.name startswith anyof (a, b)", "proc.name startswith anyof (a, b)"},
		{"modifier word as value", "proc.name = anyof", "proc.name = anyof"},
		{"escapes", `fd.name = "a\tb\x41\\c"`, `fd.name = "a\tbA\\c"`},
		{"backslash space", `proc.args contains "\ "`, `proc.args contains "\x5c"`},
		{"flattened and", "a and b and c", "a and b and c"},
		{"hex number", "fd.num > 0x10", "fd.num > 0x10"},
		{"transformer arg", "tolower(proc.name)[1] exists", "tolower(proc.name)[1] exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseCondition(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := FormatCondition(n); got != tt.want {
				t.Errorf("Format(Parse(%q)) = %q, want %q", tt.in, got, tt.want)
			}
			// The formatted text parses to the same text again.
			n2, err := ParseCondition(FormatCondition(n))
			if err != nil {
				t.Fatalf("reparse %q: %v", FormatCondition(n), err)
			}
			if FormatCondition(n2) != FormatCondition(n) {
				t.Errorf("reparse changed %q to %q", FormatCondition(n), FormatCondition(n2))
			}
		})
	}
}

func TestParsePositions(t *testing.T) {
	n, err := ParseCondition("a and\n  proc.name in (x,\n   \"y\")")
	if err != nil {
		t.Fatal(err)
	}
	and := n.(*AndNode)
	chk := and.Children[1].(*CheckNode)
	if chk.At != (Pos{8, 2, 3}) {
		t.Errorf("check at %+v, want {8 2 3}", chk.At)
	}
	if chk.OpAt.Line != 2 || chk.OpAt.Col != 13 {
		t.Errorf("op at %+v, want 2:13", chk.OpAt)
	}
	l := chk.Right.(*ListNode)
	if y := l.Items[1]; y.At.Line != 3 || y.At.Col != 4 || y.Value != "y" {
		t.Errorf("second item %q at %+v, want y at 3:4", y.Value, y.At)
	}

	_, err = ParseCondition("a and\n  proc.name ~ x")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want SyntaxError, got %v", err)
	}
	if se.Pos.Line != 2 || se.Pos.Col != 13 {
		t.Errorf("error at %d:%d, want 2:13", se.Pos.Line, se.Pos.Col)
	}
}

func TestParseHostile(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"deep parens", strings.Repeat("(", 10000) + "a" + strings.Repeat(")", 10000)},
		{"deep not parens", strings.Repeat("not(", 10000) + "a" + strings.Repeat(")", 10000)},
		{"deep transformers", strings.Repeat("tolower(", 10000) + "a.b" + strings.Repeat(")", 10000) + " exists"},
		{"unclosed", strings.Repeat("(", 100000)},
		{"too long", "a and " + strings.Repeat("b or ", MaxConditionLen/5) + "c"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ParseCondition(tt.in); err == nil {
				t.Fatal("hostile condition accepted")
			}
		})
	}
	// Long flat chains are fine: the parser loops instead of recursing.
	long := "a" + strings.Repeat(" and a", 50000)
	if _, err := ParseCondition(long); err != nil {
		t.Errorf("long flat chain: %v", err)
	}
	many := strings.Repeat("not ", 50000) + "a"
	if _, err := ParseCondition(many); err != nil {
		t.Errorf("many nots: %v", err)
	}
}

func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		"a and b", "proc.name in (a, 'b', \"c\")", "not (fd.name startswith /etc or fd.num > 0x1f)",
		"evt.arg.flags contains O_CREAT and proc.aname[2] = sshd", "tolower(val(proc.name)) = x",
		`fd.name = "a\x41\\"`, "proc.name startswith anyof (a, b)", "len(proc.args) >= 3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseCondition(s)
		if err != nil {
			return
		}
		out := FormatCondition(n)
		n2, err := ParseCondition(out)
		if err != nil {
			t.Fatalf("formatted condition %q of %q does not parse: %v", out, s, err)
		}
		if out2 := FormatCondition(n2); out2 != out {
			t.Fatalf("format not stable: %q -> %q", out, out2)
		}
	})
}
