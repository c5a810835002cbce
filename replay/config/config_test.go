package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/replay/output"
)

func TestDefault(t *testing.T) {
	c, warns, err := Parse("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("the default configuration has warnings: %v", warns)
	}
	want := &Config{
		RulesFiles:                      []string{},
		Rules:                           []RuleSelection{},
		Priority:                        output.PriorityDebug,
		RuleMatching:                    "first",
		JSONIncludeOutputProperty:       true,
		JSONIncludeTagsProperty:         true,
		JSONIncludeOutputFieldsProperty: true,
		OutputsQueueCapacity:            1024,
		LogStderr:                       true,
		LogLevel:                        output.PriorityInformational,
		StdoutOutput:                    StdoutOutput{Enabled: true},
		FileOutput:                      FileOutput{Filename: "./events.txt"},
		SyslogOutput:                    SyslogOutput{Facility: output.FacilityUser},
		ProgramOutput:                   ProgramOutput{Program: `mail -s "Peregrine alert" root`},
		HTTPOutput:                      HTTPOutput{UserAgent: "peregrine", KeepAlive: true, Timeout: 10 * time.Second, Retries: 3},
		rulesDir:                        []string{},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Default() =\n%+v\nwant\n%+v", c, want)
	}
	if !reflect.DeepEqual(Default(), c) {
		t.Error("Default() differs from Parse of the embedded file")
	}
}

func TestFalcoStyleFile(t *testing.T) {
	c, warns, err := Load("testdata/falco-style.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		RulesFiles: []string{"rules/main.yaml", "rules.d"},
		Rules: []RuleSelection{
			{Enable: false, Rule: "*"},
			{Enable: true, Tag: "network"},
			{Enable: true, Rule: "Write below etc", Tag: "filesystem"},
		},
		Priority:                        output.PriorityNotice,
		RuleMatching:                    "all",
		JSONOutput:                      true,
		JSONIncludeOutputProperty:       false,
		JSONIncludeTagsProperty:         true,
		JSONIncludeOutputFieldsProperty: true,
		TimeFormatISO8601:               true,
		BufferedOutputs:                 true,
		OutputsQueueCapacity:            0,
		LogStderr:                       true,
		LogSyslog:                       true,
		LogLevel:                        output.PriorityInformational,
		StdoutOutput:                    StdoutOutput{Enabled: false},
		FileOutput:                      FileOutput{Enabled: true, KeepAlive: true, Filename: "/var/log/peregrine/events.txt"},
		SyslogOutput:                    SyslogOutput{Enabled: true, Facility: output.FacilityUser},
		ProgramOutput:                   ProgramOutput{Enabled: true, Program: "jq '{text: .output}' | curl -d @- -X POST https://hooks.example/services/XXX"},
		HTTPOutput: HTTPOutput{Enabled: true, URL: "http://sidekick.local:2801/", UserAgent: "falcosecurity/falco",
			Insecure: true, KeepAlive: true, Timeout: 10 * time.Second, Retries: 3},
		File:     "testdata/falco-style.yaml",
		dir:      "testdata",
		rulesDir: []string{"testdata", "testdata"},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got\n%+v\nwant\n%+v", c, want)
	}
	if len(warns) != 1 || !warns[0].Ignored {
		t.Fatalf("warnings = %v, want one listing the ignored Falco keys", warns)
	}
	w := warns[0].String()
	for _, k := range []string{"watch_config_files", "engine", "plugins", "http_output.max_consecutive_timeouts", "webserver", "syscall_event_drops"} {
		if !strings.Contains(w, k) {
			t.Errorf("warning %q does not list %s", w, k)
		}
	}
	if !strings.HasPrefix(w, "testdata/falco-style.yaml:5:1: ") {
		t.Errorf("warning %q does not point at the first ignored key", w)
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		name      string
		yaml      string
		overrides []string
		kind      error
		want      []string // each a whole error line
	}{
		{"syntax", "json_output: true\n  bad: [\n", nil, ErrSyntax,
			[]string{"c.yaml:2: mapping values are not allowed in this context"}},
		{"not-a-mapping", "- a\n- b\n", nil, ErrSyntax,
			[]string{"c.yaml:1:1: the configuration must be a mapping of keys to values"}},
		{"bool", "json_output: maybe\n", nil, ErrValue,
			[]string{`c.yaml:1:14: json_output: want true or false, got "maybe"`}},
		{"bool-list", "stdout_output:\n  enabled: [true]\n", nil, ErrValue,
			[]string{`c.yaml:2:12: stdout_output.enabled: want true or false, got a list`}},
		{"priority", "priority: warn\n", nil, ErrValue,
			[]string{`c.yaml:1:11: priority: unknown priority "warn": want emergency, alert, critical, error, warning, notice, informational (info) or debug`}},
		{"rule-matching", "rule_matching: some\n", nil, ErrValue,
			[]string{`c.yaml:1:16: rule_matching: want first or all, got "some"`}},
		{"section-scalar", "file_output: yes\n", nil, ErrValue,
			[]string{`c.yaml:1:14: file_output: want a mapping of keys (enabled, keep_alive, filename)`}},
		{"capacity", "outputs_queue:\n  capacity: -3\n", nil, ErrValue,
			[]string{`c.yaml:2:13: outputs_queue.capacity: want an integer of at least 0, got "-3"`}},
		{"rules-files", "rules_files:\n  - a.yaml\n  - {x: 1}\n", nil, ErrValue,
			[]string{`c.yaml:3:5: rules_files[1]: want a string, got a mapping`}},
		{"selection", "rules:\n  - disable: {rule: a}\n  - drop: {rule: b}\n  - enable: {}\n  - enable: {name: x}\n", nil, ErrValue,
			[]string{
				`c.yaml:3:5: rules[1]: unknown selection "drop": want {enable: {rule: NAME}}, {disable: {tag: TAG}} or both rule and tag`,
				`c.yaml:4:13: rules[2].enable: want {enable: {rule: NAME}}, {disable: {tag: TAG}} or both rule and tag`,
				`c.yaml:5:14: rules[3].enable: unknown key "name": want rule or tag`,
				`c.yaml:5:13: rules[3].enable: want {enable: {rule: NAME}}, {disable: {tag: TAG}} or both rule and tag`,
			}},
		{"both-rules-keys", "rules_files: [a.yaml]\nrules_file: b.yaml\n", nil, ErrInvalid,
			[]string{`c.yaml:2:13: rules_file: both rules_files and rules_file are set: keep rules_files`}},
		{"file-no-name", "file_output:\n  enabled: true\n  filename: \"\"\n", nil, ErrInvalid,
			[]string{`c.yaml:3:13: file_output.filename: file_output is enabled but has no filename`}},
		{"http-no-url", "http_output:\n  enabled: true\n", nil, ErrInvalid,
			[]string{`c.yaml:2:12: http_output.url: http_output is enabled but has no url`}},
		{"http-bad-url", "http_output:\n  enabled: true\n  url: localhost:2801\n", nil, ErrValue,
			[]string{`c.yaml:3:8: http_output.url: want an http:// or https:// URL with a host, got "localhost:2801"`}},
		{"override-syntax", "", []string{"json_output"}, ErrOverride,
			[]string{`-o "json_output": want key=value or key.subkey=value`}},
		{"override-key", "", []string{"a..b=1", "a[x]=1", "a[0]b=1", "[0]=1", "a\\q=1"}, ErrOverride,
			[]string{
				`-o "a..b=1": a..b: empty key name at position 2`,
				`-o "a[x]=1": a[x]: want a list index, found "x"`,
				`-o "a[0]b=1": a[0]b: expected '.' or '[' at position 4`,
				`-o "[0]=1": [0]: '[' without a key name at position 0`,
				`-o "a\\q=1": a\q: invalid escape \q at position 1`,
			}},
		{"override-value", "", []string{"file_output.enabled=perhaps"}, ErrValue,
			[]string{`-o "file_output.enabled=perhaps": file_output.enabled: want true or false, got "perhaps"`}},
		{"override-index", "rules: []\n", []string{"rules[3].disable.rule=x"}, ErrOverride,
			[]string{`-o "rules[3].disable.rule=x": rules[3].disable.rule: index 3 is out of range: rules has 0 items`}},
		{"override-not-map", "priority: debug\n", []string{"priority.level=3"}, ErrOverride,
			[]string{`-o "priority.level=3": priority.level: priority is not a mapping`}},
		{"override-http", "", []string{"http_output.enabled=true"}, ErrInvalid,
			[]string{`-o "http_output.enabled=true": http_output.url: http_output is enabled but has no url`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Parse("c.yaml", []byte(tc.yaml), tc.overrides)
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tc.kind) {
				t.Errorf("error %v is not %v", err, tc.kind)
			}
			var ce *Error
			if !errors.As(err, &ce) {
				t.Errorf("error %v is not a *config.Error", err)
			}
			got := strings.Split(err.Error(), "\n")
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	yaml := "json_outptu: true\nstdout_output:\n  enabled: true\n  colour: red\nrules_file: x.yaml\nwebserver: {enabled: true}\n"
	_, warns, err := Parse("c.yaml", []byte(yaml), nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range warns {
		got = append(got, w.String())
	}
	want := []string{
		"c.yaml:1:1: json_outptu: unknown key: did you mean json_output?",
		"c.yaml:4:3: stdout_output.colour: unknown key",
		"c.yaml:6:1: ignoring Falco settings that have no effect on a replay: webserver",
		"c.yaml:5:13: rules_file: rules_file is deprecated: use rules_files",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestOverrides(t *testing.T) {
	base := "rules_files: [a.yaml]\nrules:\n  - disable: {rule: \"*\"}\nfile_output:\n  filename: /tmp/x\n"
	tests := []struct {
		name      string
		file      string // "" for the embedded default
		overrides []string
		check     func(t *testing.T, c *Config)
	}{
		{"scalars", "", []string{"json_output=true", "priority=notice", "rule_matching=all", "time_format_iso_8601=yes",
			"file_output.enabled=true", "file_output.keep_alive=true", "file_output.filename=/tmp/alerts.txt",
			"http_output.timeout=250ms", "syslog_output.facility=local3"},
			func(t *testing.T, c *Config) {
				if !c.JSONOutput || c.Priority != output.PriorityNotice || c.RuleMatching != "all" || !c.TimeFormatISO8601 {
					t.Errorf("top-level overrides not applied: %+v", c)
				}
				if c.FileOutput != (FileOutput{Enabled: true, KeepAlive: true, Filename: "/tmp/alerts.txt"}) {
					t.Errorf("file_output = %+v", c.FileOutput)
				}
				if c.HTTPOutput.Timeout != 250*time.Millisecond || c.SyslogOutput.Facility != 19 {
					t.Errorf("http timeout %v, syslog facility %d", c.HTTPOutput.Timeout, c.SyslogOutput.Facility)
				}
			}},
		{"later-wins", "", []string{"priority=notice", "priority=error"},
			func(t *testing.T, c *Config) {
				if c.Priority != output.PriorityError {
					t.Errorf("priority = %v", c.Priority)
				}
			}},
		{"append-selection", base, []string{"rules[].enable.tag=network", "rules[].enable.rule=Foo*"},
			func(t *testing.T, c *Config) {
				want := []RuleSelection{{Rule: "*"}, {Enable: true, Tag: "network"}, {Enable: true, Rule: "Foo*"}}
				if !reflect.DeepEqual(c.Rules, want) {
					t.Errorf("rules = %+v", c.Rules)
				}
			}},
		{"selection-into-default", "", []string{"rules[].disable.rule=Noisy rule"},
			func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(c.Rules, []RuleSelection{{Rule: "Noisy rule"}}) {
					t.Errorf("rules = %+v", c.Rules)
				}
			}},
		{"index-selection", base, []string{"rules[0].disable.rule=Other", "rules[1].enable.tag=x"},
			func(t *testing.T, c *Config) {
				want := []RuleSelection{{Rule: "Other"}, {Enable: true, Tag: "x"}}
				if !reflect.DeepEqual(c.Rules, want) {
					t.Errorf("rules = %+v", c.Rules)
				}
			}},
		{"object-value", base, []string{"rules[]={enable: {tag: network}}", "http_output={enabled: true, url: 'http://h:1/'}"},
			func(t *testing.T, c *Config) {
				if len(c.Rules) != 2 || c.Rules[1] != (RuleSelection{Enable: true, Tag: "network"}) {
					t.Errorf("rules = %+v", c.Rules)
				}
				if !c.HTTPOutput.Enabled || c.HTTPOutput.URL != "http://h:1/" || c.HTTPOutput.UserAgent != "peregrine" {
					t.Errorf("http_output = %+v (the keys the object leaves out keep their defaults)", c.HTTPOutput)
				}
			}},
		{"rules-files", base, []string{"rules_files[]=b.yaml"},
			func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(c.RulesFiles, []string{"a.yaml", "b.yaml"}) {
					t.Errorf("rules_files = %q", c.RulesFiles)
				}
			}},
		{"rules-files-replace", base, []string{"rules_files=c.yaml"},
			func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(c.RulesFiles, []string{"c.yaml"}) {
					t.Errorf("rules_files = %q", c.RulesFiles)
				}
			}},
		{"rules-files-list", "", []string{"rules_files=[x.yaml, y.yaml]"},
			func(t *testing.T, c *Config) {
				if !reflect.DeepEqual(c.RulesFiles, []string{"x.yaml", "y.yaml"}) {
					t.Errorf("rules_files = %q", c.RulesFiles)
				}
			}},
		{"escaped-key", "", []string{`rules[].disable.rule=a.b\c`},
			func(t *testing.T, c *Config) {
				if c.Rules[0].Rule != `a.b\c` {
					t.Errorf("rule = %q (values are not unescaped)", c.Rules[0].Rule)
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := ""
			if tc.file != "" {
				name = "c.yaml"
			}
			c, warns, err := Parse(name, []byte(tc.file), tc.overrides)
			if err != nil {
				t.Fatal(err)
			}
			if len(warns) > 0 {
				t.Errorf("warnings: %v", warns)
			}
			tc.check(t, c)
		})
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"a", "a"},
		{"a.b.c", "a.b.c"},
		{"a[0]", "a[0]"},
		{"a[]", "a[]"},
		{"a[].b", "a[].b"},
		{"a[2][3].b", "a[2][3].b"},
		{`a\.b.c`, "a.b.c"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			segs, err := parseKey(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := keyPrefix(segs); got != tc.want {
				t.Errorf("parseKey(%q) = %s", tc.in, got)
			}
		})
	}
	segs, _ := parseKey(`a\.b.c`)
	if len(segs) != 2 || segs[0].name != "a.b" {
		t.Errorf("escaped dot split the key: %+v", segs)
	}
}

func TestRulesPaths(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"main.yaml", "rules.d/20-b.yaml", "rules.d/10-a.yml", "rules.d/README.md", "rules.d/sub/x.yaml"} {
		p := filepath.Join(dir, f)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("[]\n"), 0o644)
	}
	cfgPath := filepath.Join(dir, "peregrine.yaml")
	os.WriteFile(cfgPath, []byte("rules_files: [main.yaml, rules.d, missing.yaml]\n"), 0o644)
	c, _, err := Load(cfgPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	paths, warns, err := c.RulesPaths()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(dir, "main.yaml"), filepath.Join(dir, "rules.d/10-a.yml"), filepath.Join(dir, "rules.d/20-b.yaml")}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths = %q\nwant %q", paths, want)
	}
	if len(warns) != 1 || !strings.Contains(warns[0].String(), "skipping missing.yaml: no such file or directory") {
		t.Errorf("warnings = %v", warns)
	}

	// Entries given with -o are relative to the working directory, those
	// of the file to the file's directory.
	t.Chdir(dir)
	c, _, err = Load(cfgPath, []string{"rules_files[]=rules.d/10-a.yml"})
	if err != nil {
		t.Fatal(err)
	}
	paths, _, err = c.RulesPaths()
	if err != nil {
		t.Fatal(err)
	}
	if want := append(want, "rules.d/10-a.yml"); !reflect.DeepEqual(paths, want) {
		t.Errorf("paths with -o = %q\nwant %q", paths, want)
	}

	c, _, _ = Parse("", nil, []string{"rules_files=" + filepath.Join(dir, "nope.yaml")})
	if _, _, err := c.RulesPaths(); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "none of the rules files exists") {
		t.Errorf("RulesPaths with only missing files = %v", err)
	}
	if p, _, err := Default().RulesPaths(); err != nil || len(p) != 0 {
		t.Errorf("default RulesPaths = %q, %v; want none (embedded rules)", p, err)
	}
}

func TestLoadMissing(t *testing.T) {
	_, _, err := Load(filepath.Join(t.TempDir(), "none.yaml"), nil)
	if err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Fatalf("Load of a missing file = %v", err)
	}
}

// TestLoadTooLarge: the main configuration file is bounded like an
// included one (a -c naming a huge or endless file is an error, not a
// hang).
func TestLoadTooLarge(t *testing.T) {
	name := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxIncludeSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, err = Load(name, nil)
	if err == nil || !strings.Contains(err.Error(), "huge.yaml") || !strings.Contains(err.Error(), "larger than 16 MiB") {
		t.Fatalf("Load of a 16 MiB + 1 file = %v", err)
	}
}

func TestHostile(t *testing.T) {
	// A billion laughs: aliases are followed, not expanded into copies.
	var b strings.Builder
	b.WriteString("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 30; i++ {
		b.WriteString("a" + itoa(i) + ": &a" + itoa(i) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	b.WriteString("rules_files: *a29\n")
	done := make(chan struct{})
	go func() {
		defer close(done)
		Parse("bomb.yaml", []byte(b.String()), nil)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("an alias bomb hangs the parser")
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestDocsShowDefault keeps docs/outputs.md's copy of the default
// configuration in step with the embedded one.
func TestDocsShowDefault(t *testing.T) {
	doc, err := os.ReadFile("../../docs/outputs.md")
	if err != nil {
		t.Skipf("docs not here: %v", err)
	}
	if !strings.Contains(string(doc), "```yaml\n"+string(DefaultYAML)+"```") {
		t.Error("docs/outputs.md does not end with the current default.yaml: copy replay/config/default.yaml into its last code block")
	}
}
