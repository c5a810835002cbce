package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rulesGolden compares got with testdata/rules/NAME, or rewrites it with
// -update.
func rulesGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "rules", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update creates it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s--- want\n%s", path, got, want)
	}
}

var upstreamRules = []string{
	"../../../shared/fixtures/falco-rules/falco_rules.yaml",
	"../../../shared/fixtures/falco-rules/falco-incubating_rules.yaml",
	"../../../shared/fixtures/falco-rules/falco-sandbox_rules.yaml",
}

func TestRulesValidateUpstream(t *testing.T) {
	if _, err := os.Stat(upstreamRules[0]); err != nil {
		t.Skip("upstream rule fixtures not found")
	}
	for _, f := range append([][]string{upstreamRules}, []string{upstreamRules[0]}, []string{upstreamRules[1]}, []string{upstreamRules[2]}) {
		code, out, errs := runCLI(t, append([]string{"rules", "validate"}, f...)...)
		if code != 0 || errs != "" {
			t.Fatalf("validate %v: exit %d\n%s%s", f, code, out, errs)
		}
		// Falco prints no warning on these files: neither do we.
		if strings.Contains(out, "warning") || !strings.Contains(out, ": ok (") {
			t.Errorf("validate %v:\n%s", f, out)
		}
	}
}

const brokenRules = `- list: shells
  items: [bash, sh]
- list: unused_list
  items: [a]
- macro: unused_macro
  condition: proc.name = x
- macro: spawned
  condition: evt.type = execve
- rule: Bad field
  desc: d
  condition: spawned and proc.nmae in (shells)
  output: "%proc.name"
  priority: warning
- rule: Bad output
  desc: d
  condition: spawned
  output: "user=%user.nam"
  priority: warning
- rule: Any type
  desc: d
  condition: proc.name = x
  output: "%proc.name"
  priority: notice
  colour: red
`

func TestRulesValidateErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "broken.yaml")
	if err := os.WriteFile(path, []byte(brokenRules), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "rules", "validate", path)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	rulesGolden(t, "validate-errors.golden", strings.ReplaceAll(out, dir+"/", ""))

	code, out, _ = runCLI(t, "rules", "validate", "--json", path)
	if code != 1 {
		t.Errorf("--json: exit %d, want 1", code)
	}
	var rep validateReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output: %v\n%s", err, out)
	}
	if rep.OK || rep.Errors != 2 || rep.Warnings != 2 || len(rep.Diagnostics) != 4 {
		t.Errorf("report: ok=%v errors=%d warnings=%d diagnostics=%d", rep.OK, rep.Errors, rep.Warnings, len(rep.Diagnostics))
	}
	d := rep.Diagnostics[0]
	if d.Line == 0 || d.Col == 0 || d.File == "" || d.ItemKind == "" || d.Snippet == "" {
		t.Errorf("diagnostic lacks its position, item or snippet: %+v", d)
	}
}

func TestRulesCommands(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"list-defaults", []string{"rules", "list"}, 0},
		{"describe", []string{"rules", "describe", "Write below etc"}, 0},
		{"describe-unknown", []string{"rules", "describe", "shell"}, 1},
		{"fields-prefix", []string{"fields", "proc.a"}, 0},
		{"fields-unknown", []string{"fields", "nope."}, 1},
		{"rules-no-command", []string{"rules"}, 2},
		{"validate-no-file", []string{"rules", "validate"}, 2},
		{"validate-missing-file", []string{"rules", "validate", "no-such.yaml"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", code, tc.code, out, errs)
			}
			rulesGolden(t, tc.name+".golden", out+errs)
		})
	}
}

func TestFieldsMarkdownIsDoc(t *testing.T) {
	code, out, errs := runCLI(t, "fields", "--markdown")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d: %s", code, errs)
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "fields.md"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(doc) {
		t.Error("docs/fields.md is stale: run `make docs`")
	}
	code, out, _ = runCLI(t, "fields", "--json")
	var list []fieldJSON
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) < 150 {
		t.Errorf("fields --json: exit %d, %d fields", code, len(list))
	}
}

func TestRulesDescribeJSON(t *testing.T) {
	code, out, _ := runCLI(t, "rules", "describe", "--json", "Reverse shell")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var d struct {
		Name       string   `json:"name"`
		EventTypes []string `json:"event_types"`
		Expanded   string   `json:"expanded_condition"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "Reverse shell" || len(d.EventTypes) == 0 || !strings.Contains(d.Expanded, "proc.name in (sh, bash") {
		t.Errorf("describe --json = %+v", d)
	}
}
