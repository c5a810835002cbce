package rules

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

const engineRules = `
- list: shells
  items: [bash, sh, zsh]
- list: more_shells
  items: [shells, fish]
- macro: spawned
  condition: evt.type in (execve, execveat)
- macro: shell
  condition: proc.name in (more_shells)
- macro: etc_write
  condition: evt.type in (open, openat) and evt.is_open_write = true and fd.name startswith /etc/
- rule: Shell spawned
  desc: a shell started
  condition: spawned and shell
  output: "Shell started (user=%user.name command=%proc.cmdline parent=%proc.aname[1] fd=%fd.num)"
  priority: WARNING
  tags: [shell, T1059, host]
- rule: Any exec
  desc: every exec
  condition: spawned
  output: exec %proc.name
  priority: debug
  tags: [noisy]
- rule: Write etc
  desc: etc written
  condition: etc_write
  output: etc %fd.name by %proc.name
  priority: error
  exceptions:
    - name: editors
      fields: [proc.name, fd.name]
      comps: [in, startswith]
      values:
        - [vi, /etc/vim]
        - [[nano, pico], /etc/nano]
    - name: pkg
      fields: proc.name
      values: [dpkg, rpm]
- rule: Disabled one
  desc: off
  condition: spawned
  output: never
  priority: critical
  enabled: false
`

func TestEngineMatching(t *testing.T) {
	exec := typeIndex(t, "execve")
	open := typeIndex(t, "openat")
	shellEv := mkEvent(t, "evt.type", "execve", "proc.name", "fish", "user.name", "root",
		"proc.cmdline", "fish -i", "proc.aname[1]", "sshd", "fd.num", nil)
	lsEv := mkEvent(t, "evt.type", "execve", "proc.name", "ls")
	tests := []struct {
		name  string
		opts  Options
		typ   int
		ev    *testEvent
		wants string
	}{
		{"first match", Options{}, exec, shellEv, "[Shell spawned]"},
		{"all matches", Options{Matching: MatchAll}, exec, shellEv, "[Shell spawned Any exec]"},
		{"second rule only", Options{}, exec, lsEv, "[Any exec]"},
		{"not indexed type", Options{Matching: MatchAll}, open, shellEv, "[]"},
		{"min priority", Options{MinPriority: Warning, Matching: MatchAll}, exec, shellEv, "[Shell spawned]"},
		{"disable by tag", Options{Disable: []string{"tag:shell"}}, exec, shellEv, "[Any exec]"},
		{"disable all enable one", Options{Disable: []string{"*"}, Enable: []string{"Any*"}}, exec, shellEv, "[Any exec]"},
		{"enable disabled rule", Options{Enable: []string{"Disabled one"}, Disable: []string{"Shell spawned", "Any exec"}}, exec, shellEv, "[Disabled one]"},
		{"unknown type index", Options{Matching: MatchAll}, -1, shellEv, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := tt.opts
			opts.Values, opts.EventTypes = testSource{}, testTypes
			e := compileString(t, engineRules, &opts)
			got := ruleNames(e.NewEvaluator().Eval(tt.typ, tt.ev))
			if got != tt.wants {
				t.Errorf("Eval = %s, want %s", got, tt.wants)
			}
		})
	}
}

func TestEngineExceptions(t *testing.T) {
	e := compileString(t, engineRules, testOptions())
	ev := e.NewEvaluator()
	open := typeIndex(t, "openat")
	tests := []struct {
		name, proc, file string
		want             bool
	}{
		{"plain write", "cat", "/etc/passwd", true},
		{"vi in its dir", "vi", "/etc/vim/vimrc", false},
		{"vi elsewhere", "vi", "/etc/passwd", true},
		{"nano from list value", "pico", "/etc/nano/x", false},
		{"single field exception", "dpkg", "/etc/passwd", false},
		{"not etc", "cat", "/tmp/x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ev.Eval(open, mkEvent(t, "evt.type", "openat", "evt.is_open_write", true, "fd.name", tt.file, "proc.name", tt.proc))
			if got := len(m) == 1 && m[0].Name == "Write etc"; got != tt.want {
				t.Errorf("matched %s, want Write etc: %v", ruleNames(m), tt.want)
			}
		})
	}
	r := e.Rule("Write etc")
	exp := r.Expanded()
	for _, want := range []string{`evt.type in (open, openat)`, `not (proc.name in (vi) and fd.name startswith /etc/vim`, `proc.name in (nano, pico)`, `not proc.name in (dpkg, rpm)`} {
		if !strings.Contains(exp, want) {
			t.Errorf("Expanded() = %s\nlacks %s", exp, want)
		}
	}
}

func TestEngineRuleInfo(t *testing.T) {
	e := compileString(t, engineRules, testOptions())
	rs := e.Rules()
	if len(rs) != 3 {
		t.Fatalf("%d enabled rules, want 3", len(rs))
	}
	r := rs[0]
	if r.Name != "Shell spawned" || r.Priority != Warning || r.File != "test.yaml" || r.Line != 12 {
		t.Errorf("rule = %q %v %s:%d", r.Name, r.Priority, r.File, r.Line)
	}
	if got := strings.Join(r.Tags, ","); got != "T1059,host,shell" {
		t.Errorf("tags %s, want sorted T1059,host,shell", got)
	}
	if got := strings.Join(r.EventTypes(), ","); got != "execve,execveat" {
		t.Errorf("EventTypes = %s", got)
	}
	if exp := r.Expanded(); !strings.Contains(exp, "proc.name in (bash, sh, zsh, fish)") {
		t.Errorf("Expanded() = %s: nested list not expanded", exp)
	}
}

func TestEngineOutput(t *testing.T) {
	e := compileString(t, engineRules, testOptions())
	r := e.Rules()[0]
	ev := mkEvent(t, "proc.name", "fish", "user.name", "root", "proc.cmdline", "fish -i", "proc.aname[1]", "sshd", "fd.num", nil)
	got := string(r.FormatOutput(ev, nil))
	want := "Shell started (user=root command=fish -i parent=sshd fd=<NA>)"
	if got != want {
		t.Errorf("FormatOutput = %q, want %q", got, want)
	}
	fields := r.OutputFields(mkEvent(t, "user.name", "root", "fd.num", 7))
	b, _ := json.Marshal(fields)
	if string(b) != `{"fd.num":7,"proc.aname[1]":null,"proc.cmdline":null,"user.name":"root"}` {
		t.Errorf("OutputFields = %s", b)
	}
}

// TestEngineOutputTransformers renders an output with a transformer for a
// rule whose condition has transformers too: each has scratch buffers of
// its own.
func TestEngineOutputTransformers(t *testing.T) {
	const rules = `
- rule: Cat
  desc: cat, whatever its case
  condition: evt.type = openat and tolower(proc.name) = cat and basename(fd.name) = passwd
  output: "%toupper(proc.name) read %basename(fd.name) in %fd.directory"
  priority: WARNING
`
	e := compileString(t, rules, testOptions())
	ev := mkEvent(t, "evt.type", "openat", "proc.name", "Cat", "fd.name", "/etc/passwd", "fd.directory", "/etc")
	m := e.NewEvaluator().Eval(typeIndex(t, "openat"), ev)
	if len(m) != 1 {
		t.Fatalf("matched %s, want Cat", ruleNames(m))
	}
	if got, want := string(m[0].FormatOutput(ev, nil)), "CAT read passwd in /etc"; got != want {
		t.Errorf("FormatOutput = %q, want %q", got, want)
	}
}

// TestRenderNoAllocs checks that rendering a format, with and without
// transformers, does not allocate once its buffers are warm.
func TestRenderNoAllocs(t *testing.T) {
	ev := mkEvent(t, "proc.name", "Bash", "fd.name", "/etc/passwd", "fd.num", 3, "evt.type", "openat")
	for _, tmpl := range []string{
		"%evt.type %proc.name %fd.num %fd.name",
		"%12proc.name %toupper(proc.name) %basename(fd.name)",
	} {
		t.Run(tmpl, func(t *testing.T) {
			f, err := CompileFormat(tmpl, testOptions())
			if err != nil {
				t.Fatal(err)
			}
			buf := f.Render(ev, nil)
			if n := testing.AllocsPerRun(100, func() { buf = f.Render(ev, buf[:0]) }); n != 0 {
				t.Errorf("Render allocates %v times per call", n)
			}
			if n := testing.AllocsPerRun(100, func() { buf, _ = f.TryRender(ev, buf[:0]) }); n != 0 {
				t.Errorf("TryRender allocates %v times per call", n)
			}
		})
	}
}

func TestEngineNoAllocs(t *testing.T) {
	e := compileString(t, engineRules, testOptions())
	ev := e.NewEvaluator()
	exec := typeIndex(t, "execve")
	quiet := mkEvent(t, "evt.type", "execve", "proc.name", "ls")
	e2 := compileString(t, strings.ReplaceAll(engineRules, "condition: spawned\n  output: exec", "condition: spawned and proc.name = never\n  output: exec"), testOptions())
	ev2 := e2.NewEvaluator()
	if n := testing.AllocsPerRun(100, func() { ev2.Eval(exec, quiet) }); n != 0 {
		t.Errorf("Eval without a match allocates %v times", n)
	}
	if n := testing.AllocsPerRun(100, func() { ev.Eval(exec, quiet) }); n != 0 {
		t.Errorf("Eval with a match allocates %v times", n)
	}
}

func TestValidationMode(t *testing.T) {
	s := loadString(t, "test.yaml", engineRules)
	e, d := Compile(s, nil)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	ev := e.NewEvaluator()
	if m := ev.Eval(0, mkEvent(t)); m != nil {
		t.Errorf("validation engine matched %v", m)
	}
	if ev.Err() != ErrNoValues {
		t.Errorf("Err = %v, want ErrNoValues", ev.Err())
	}
}

func TestPriorities(t *testing.T) {
	for s, want := range map[string]Priority{"EMERGENCY": Emergency, "alert": Alert, "Critical": Critical,
		"error": Error, "WARNING": Warning, "notice": Notice, "informational": Informational, "INFO": Informational, "debug": Debug} {
		p, err := ParsePriority(s)
		if err != nil || p != want {
			t.Errorf("ParsePriority(%q) = %v, %v; want %v", s, p, err, want)
		}
	}
	if _, err := ParsePriority("loud"); err == nil {
		t.Error("ParsePriority accepted loud")
	}
	if Informational.String() != "Informational" || Emergency >= Debug {
		t.Error("priority names or order wrong")
	}
}

// TestConcurrentEvaluators shares one engine between goroutines, each with
// its own evaluator, as the analyzer does (run with -race).
func TestConcurrentEvaluators(t *testing.T) {
	src := &slotSource{slots: map[string]int{}}
	e := compileUpstream(t, &Options{Values: src, EventTypes: testTypes, Matching: MatchAll})
	types, evs := mixEvents(t, src)
	want := make([]string, len(evs))
	ev := e.NewEvaluator()
	for i := range evs {
		want[i] = ruleNames(ev.Eval(types[i], evs[i]))
	}
	done := make(chan string, 4)
	for g := 0; g < 4; g++ {
		go func() {
			ev := e.NewEvaluator()
			for round := 0; round < 20; round++ {
				for i := range evs {
					m := ev.Eval(types[i], evs[i])
					if got := ruleNames(m); got != want[i] {
						done <- "event " + got + " != " + want[i]
						return
					}
					for _, r := range m {
						_ = r.FormatOutput(evs[i], nil)
						_ = r.OutputFields(evs[i])
					}
				}
			}
			done <- ""
		}()
	}
	for g := 0; g < 4; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

// failingTyped is a typed source whose typed binding of proc.name fails.
type failingTyped struct{ testSource }

func (failingTyped) BindString(f *fields.Field, arg string) (fields.StringExtractor, error) {
	if f.Name == "proc.name" {
		return nil, errors.New("no typed proc.name")
	}
	return nil, nil
}

func (failingTyped) BindInt(*fields.Field, string) (fields.IntExtractor, error) { return nil, nil }

// TestTypedSourceBindError checks that a typed extractor that fails to
// bind fails the compilation, naming the field, and that fields without
// a typed extractor (nil) fall back to the general one.
func TestTypedSourceBindError(t *testing.T) {
	s, d := Load(File{Name: "r.yaml", Data: []byte(engineRules)})
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	_, d = Compile(s, &Options{Values: failingTyped{}, EventTypes: testTypes})
	if err := d.Err(); err == nil || !strings.Contains(err.Error(), "bind field proc.name: no typed proc.name") {
		t.Errorf("Compile error = %v, want the failed binding of proc.name", err)
	}
	f, err := CompileFilter("fd.name startswith /etc and fd.num > 2", nil, &Options{Values: failingTyped{}, EventTypes: testTypes})
	if err != nil {
		t.Fatal(err)
	}
	if !f.Match(mkEvent(t, "fd.name", "/etc/passwd", "fd.num", 3)) {
		t.Errorf("filter without typed extractors did not match")
	}
}
