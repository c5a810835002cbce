package rules

import (
	"strings"
	"testing"
)

// TestRawArgTyping checks how evt.rawarg.NAME is typed by its parameter's
// type in the event table (fields.LookupRawArg) and the messages of the
// comparisons refused, which name the parameter and its type.
func TestRawArgTyping(t *testing.T) {
	tests := []struct {
		cond string
		err  string // part of the error, "" when it compiles
	}{
		{`evt.rawarg.res < 0`, ""},
		{`evt.rawarg.size > 4294967295`, ""},
		{`evt.rawarg.name = /tmp`, ""},
		{`evt.rawarg.name pmatch (/tmp, /etc)`, ""},
		{`evt.rawarg.trusted_exepath glob '/usr/*'`, ""},
		{`evt.rawarg.args contains x`, ""},
		{`evt.rawarg.tuple exists`, ""},
		{`evt.rawarg.exe_ino_ctime > 1700000000000000000`, ""},
		{`evt.rawarg.name > 0`, ""}, // strings order as text, as in libsinsp
		{`evt.rawarg.tuple > 0`, "'>' operator not supported for evt.rawarg.tuple: parameter tuple is of type socktuple, which cannot be compared"},
		{`evt.rawarg.fds = 1`, "parameter fds is of type fdlist, which cannot be compared"},
		{`evt.rawarg.addr > 0`, "evt.rawarg.addr: parameter addr has types that do not compare alike in different events (dyn/sockaddr/uint64)"},
		{`evt.rawarg.addr exists`, "parameter addr has types that do not compare alike"},
		{`evt.rawarg.uid contains 'str'`, "'contains' operator not supported for numeric filters (evt.rawarg.uid is parameter uid of type uid/uint32)"},
		{`evt.rawarg.name = 1 or evt.rawarg.res = abc`, "abc is not a valid number"},
		{`evt.rawarg.args bcontains zz`, "hex strings only"},
		{`evt.rawarg.local_ip = 10.0.0.1`, "no event Peregrine records has a parameter local_ip"},
		{`evt.rawarg.nosuch = 1`, "unknown event argument"},
		{`evt.rawarg[0] = 1`, "evt.rawarg takes a parameter name after a dot (evt.rawarg.NAME), not evt.rawarg[0]"},
		{`evt.rawarg[res] = 1`, "not evt.rawarg[res]"},
		{`toupper(evt.rawarg.name) = X`, "cannot be transformed"},
		{`proc.name = val(evt.rawarg.name)`, "can't be used as a right-hand side field"},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			_, err := CompileFilter(tc.cond, nil, testOptions())
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("CompileFilter(%q): %v", tc.cond, err)
			case tc.err != "" && err == nil:
				t.Fatalf("CompileFilter(%q) succeeded, want an error containing %q", tc.cond, tc.err)
			case tc.err != "" && !strings.Contains(err.Error(), tc.err):
				t.Fatalf("CompileFilter(%q): %v\nwant an error containing %q", tc.cond, err, tc.err)
			}
		})
	}
}

// TestRawArgRule checks that a rule comparing evt.rawarg wrongly is a
// LOAD_ERR_COMPILE_CONDITION at the rule, in validation mode too.
func TestRawArgRule(t *testing.T) {
	s := loadString(t, "r.yaml", "- rule: r\n  desc: d\n  condition: evt.type = connect and evt.rawarg.tuple > 0\n  output: x\n  priority: debug\n")
	_, d := Compile(s, &Options{EventTypes: testTypes})
	err := d.Err()
	if err == nil {
		t.Fatal("compiled; want LOAD_ERR_COMPILE_CONDITION")
	}
	if msg := err.Error(); !strings.Contains(msg, CodeCompileCondition) || !strings.Contains(msg, "parameter tuple is of type socktuple") {
		t.Errorf("error %q: want %s naming parameter tuple and its type", msg, CodeCompileCondition)
	}
}

// TestRawArgEval evaluates typed evt.rawarg comparisons: numbers by
// value (signed where a type is signed), paths and strings as text,
// buffers as bytes.
func TestRawArgEval(t *testing.T) {
	ev := mkEvent(t, "evt.rawarg[res]", -2, "evt.rawarg[size]", -22, "evt.rawarg[cap_inheritable]", uint64(1<<63),
		"evt.rawarg[name]", "/etc/shadow", "evt.rawarg[args]", []byte("a\x00b"), "evt.rawarg[tuple]", "\x02xx")
	tests := []struct {
		cond string
		want bool
	}{
		{`evt.rawarg.res = -2`, true},
		{`evt.rawarg.res < 0`, true},
		{`evt.rawarg.size < -20`, true},
		{`evt.rawarg.cap_inheritable > 1`, true}, // unsigned: 2^63 is not negative
		{`evt.rawarg.cap_inheritable = 0x8000000000000000`, true},
		{`evt.rawarg.name = /etc/shadow`, true},
		{`evt.rawarg.name startswith /etc/`, true},
		{`evt.rawarg.name in (/etc/passwd, /etc/shadow)`, true},
		{`evt.rawarg.name pmatch (/etc)`, true},
		{`evt.rawarg.name = /tmp`, false},
		{`evt.rawarg.args bcontains 00`, true},
		{`evt.rawarg.args = "a\x00b"`, true},
		{`evt.rawarg.tuple exists`, true},
		{`evt.rawarg.uid exists`, false},
		{`evt.rawarg.uid = 0`, false},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			f, err := CompileFilter(tc.cond, nil, testOptions())
			if err != nil {
				t.Fatalf("CompileFilter(%q): %v", tc.cond, err)
			}
			if got := f.Match(ev); got != tc.want {
				t.Errorf("%q matched = %v, want %v", tc.cond, got, tc.want)
			}
		})
	}
}
