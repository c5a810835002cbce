package regress

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeCase(t *testing.T, dir, yaml string, files ...string) string {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, CaseFile), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestDiscover(t *testing.T) {
	root := t.TempDir()
	writeCase(t, filepath.Join(root, "b", "two"), "description: two\nexpect: []\n", "capture.pgr")
	writeCase(t, filepath.Join(root, "a"), "description: one\nexpect:\n  - rule: R\n    count: 2\n", "x.scap", "notes.txt")
	cases, err := Discover(root)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != 2 {
		t.Fatalf("found %d cases, want 2", len(cases))
	}
	if cases[0].Name != "a" || cases[1].Name != "b/two" {
		t.Errorf("names %q, %q; want a, b/two", cases[0].Name, cases[1].Name)
	}
	if len(cases[0].Captures) != 1 || filepath.Base(cases[0].Captures[0]) != "x.scap" {
		t.Errorf("captures of a: %v, want [x.scap]", cases[0].Captures)
	}
	if got := cases[0].Expect; len(got) != 1 || got[0].Rule != "R" || got[0].Count != 2 {
		t.Errorf("expect of a: %+v", got)
	}
	// A case folder given directly is one case named after its folder.
	one, err := Discover(filepath.Join(root, "b", "two"))
	if err != nil || len(one) != 1 || one[0].Name != "two" {
		t.Errorf("Discover(case folder) = %v, %v", one, err)
	}
}

func TestLoadCaseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
		files            []string
	}{
		{"no description", "expect: []\n", "description is missing", []string{"c.pgr"}},
		{"unknown key", "description: d\nexpectt: []\n", "field expectt not found", []string{"c.pgr"}},
		{"no capture", "description: d\n", "no capture", nil},
		{"zero count", "description: d\nexpect:\n  - rule: R\n", "count must be at least 1", []string{"c.pgr"}},
		{"twice", "description: d\nexpect:\n  - {rule: R, count: 1}\n  - {rule: R, count: 2}\n", "listed twice", []string{"c.pgr"}},
		{"outputs vs count", "description: d\nexpect:\n  - {rule: R, count: 2, outputs: [a]}\n", "1 outputs listed for count 2", []string{"c.pgr"}},
		{"not yaml", "description: [\n", "case.yaml", []string{"c.pgr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeCase(t, t.TempDir(), tt.yaml, tt.files...)
			_, err := LoadCase(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("LoadCase error = %v, want it to say %q", err, tt.want)
			}
			if !errors.Is(err, ErrCase) {
				t.Errorf("error %v does not wrap ErrCase", err)
			}
		})
	}
}

func alert(rule, out string) Alert {
	return Alert{Rule: rule, Priority: "Warning", Time: "12:00:00.000000000", Output: out}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		name   string
		expect []Expectation
		alerts []Alert
		want   []Kind
	}{
		{"match", []Expectation{{Rule: "A", Count: 2}}, []Alert{alert("A", "x"), alert("A", "y")}, nil},
		{"near miss quiet", nil, nil, nil},
		{"missing", []Expectation{{Rule: "A", Count: 1}}, nil, []Kind{Missing}},
		{"unexpected", nil, []Alert{alert("B", "x")}, []Kind{Unexpected}},
		{"count", []Expectation{{Rule: "A", Count: 1}}, []Alert{alert("A", "x"), alert("A", "x")}, []Kind{WrongCount}},
		{"outputs", []Expectation{{Rule: "A", Count: 1, Outputs: []string{"x"}}}, []Alert{alert("A", "y")}, []Kind{Output}},
		{"outputs equal", []Expectation{{Rule: "A", Count: 1, Outputs: []string{"x"}}}, []Alert{alert("A", "x")}, nil},
		{"several", []Expectation{{Rule: "A", Count: 1}, {Rule: "C", Count: 1}}, []Alert{alert("B", "x"), alert("C", "x")}, []Kind{Missing, Unexpected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare(tt.expect, tt.alerts)
			var kinds []Kind
			for _, m := range got {
				kinds = append(kinds, m.Kind)
			}
			if len(kinds) != len(tt.want) {
				t.Fatalf("Compare = %v, want kinds %v", got, tt.want)
			}
			for i := range kinds {
				if kinds[i] != tt.want[i] {
					t.Fatalf("Compare = %v, want kinds %v", got, tt.want)
				}
			}
		})
	}
}

func TestWriteText(t *testing.T) {
	results := []*Result{
		{Case: &Case{Name: "ok"}},
		{Case: &Case{Name: "bad", Description: "a shell in a container"}, Mismatches: Compare(
			[]Expectation{{Rule: "Shell", Count: 1}}, []Alert{alert("Other", "boom")})},
		{Case: &Case{Name: "broken"}, Err: errors.New("open capture: no such file")},
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, results, false); err != nil {
		t.Fatal(err)
	}
	want := `--- FAIL: bad (0.00s)
    a shell in a container
    missing: "Shell" did not fire (want 1)
    unexpected: "Other" fired 1 time
        12:00:00.000000000: Warning boom
--- BROKEN: broken (0.00s)
    open capture: no such file
1 passed, 1 failed, 1 broken
`
	if buf.String() != want {
		t.Errorf("WriteText:\n%s\nwant:\n%s", buf.String(), want)
	}
}

func TestWriteJUnit(t *testing.T) {
	results := []*Result{
		{Case: &Case{Name: "ok"}},
		{Case: &Case{Name: "bad"}, Mismatches: []Mismatch{{Kind: Missing, Rule: "R", Want: 1}}},
		{Case: &Case{Name: "broken"}, Err: errors.New("boom")},
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, results); err != nil {
		t.Fatal(err)
	}
	var doc junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("JUnit output is not XML: %v\n%s", err, buf.String())
	}
	if doc.Tests != 3 || doc.Failures != 1 || doc.Errors != 1 || len(doc.Suites[0].Cases) != 3 {
		t.Fatalf("JUnit counts tests=%d failures=%d errors=%d", doc.Tests, doc.Failures, doc.Errors)
	}
	if c := doc.Suites[0].Cases[1]; c.Failure == nil || !strings.Contains(c.Failure.Text, `"R" did not fire`) {
		t.Errorf("failing case has no failure text: %+v", c)
	}
	if c := doc.Suites[0].Cases[2]; c.Error == nil || c.Error.Message != "boom" {
		t.Errorf("broken case has no error: %+v", c)
	}
}

func TestUpdate(t *testing.T) {
	dir := writeCase(t, t.TempDir(), `# A comment that must survive.
description: d
scenario: scenario.sh
expect:
  - rule: Old
    count: 1
  - rule: Kept
    count: 1
    outputs: [old]
`, "c.pgr")
	c, err := LoadCase(dir)
	if err != nil {
		t.Fatal(err)
	}
	r := &Result{Case: c, Alerts: []Alert{alert("Kept", "new"), alert("New", "x"), alert("New", "y")}}
	if err := Update(r); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, CaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "# A comment that must survive.") || !strings.Contains(string(data), "scenario: scenario.sh") {
		t.Errorf("update lost the rest of the file:\n%s", data)
	}
	again, err := LoadCase(dir)
	if err != nil {
		t.Fatalf("updated case does not load: %v\n%s", err, data)
	}
	if m := Compare(again.Expect, r.Alerts); len(m) != 0 {
		t.Errorf("updated expectations still mismatch: %v\n%s", m, data)
	}
	if got := again.Expect; len(got) != 2 || got[0].Rule != "Kept" || len(got[0].Outputs) != 1 || got[0].Outputs[0] != "new" || len(got[1].Outputs) != 0 {
		t.Errorf("updated expect = %+v", got)
	}

	// Nothing fired: expect becomes an empty list, a near miss.
	r = &Result{Case: again}
	if err := Update(r); err != nil {
		t.Fatal(err)
	}
	quiet, err := LoadCase(dir)
	if err != nil || len(quiet.Expect) != 0 {
		t.Fatalf("after a quiet update: %+v, %v", quiet, err)
	}
}
