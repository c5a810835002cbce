package corpus_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/replay/regress"
	"github.com/peregrine-sec/peregrine/rules"
)

// recordedCases are the corpus cases recorded with Peregrine from a
// scenario: every top folder but falco-captures (real sysdig/Falco captures).
func recordedCases(t *testing.T) []*regress.Case {
	t.Helper()
	all, err := regress.Discover(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []*regress.Case
	for _, c := range all {
		if !strings.HasPrefix(c.Name, "falco-captures/") {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatal("no recorded cases in the corpus")
	}
	return out
}

// topFolder is the folder a case is filed under: the rule it is about.
func topFolder(c *regress.Case) string {
	top, _, _ := strings.Cut(c.Name, "/")
	return top
}

func expects(c *regress.Case, rule string) bool {
	return slices.ContainsFunc(c.Expect, func(e regress.Expectation) bool { return e.Rule == rule })
}

func defaultRuleNames(t *testing.T) []string {
	t.Helper()
	set, diags := rules.Load(rules.DefaultFiles()...)
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return set.RuleNames()
}

// TestEveryRuleHasCases checks that every default rule has a folder of
// cases with one where it must fire and a near miss where it must not.
func TestEveryRuleHasCases(t *testing.T) {
	cases := recordedCases(t)
	byFolder := map[string][]*regress.Case{}
	for _, c := range cases {
		byFolder[topFolder(c)] = append(byFolder[topFolder(c)], c)
	}
	for _, rule := range defaultRuleNames(t) {
		t.Run(rule, func(t *testing.T) {
			var folders []string
			for folder, cs := range byFolder {
				fire := slices.ContainsFunc(cs, func(c *regress.Case) bool { return expects(c, rule) })
				miss := slices.ContainsFunc(cs, func(c *regress.Case) bool { return !expects(c, rule) })
				if fire && miss {
					folders = append(folders, folder)
				}
			}
			if len(folders) == 0 {
				t.Errorf("no corpus folder has both a case where %q fires and a near miss where it must not", rule)
			}
		})
	}
}

// TestRecordedCases checks the shape of every recorded case: a one-line
// description, an executable scenario.sh, and a capture recorded by
// Peregrine from that scenario alone, small enough to commit.
func TestRecordedCases(t *testing.T) {
	const maxCapture = 256 << 10
	var total int64
	for _, c := range recordedCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			if strings.Contains(c.Description, "\n") {
				t.Error("the description is more than one line")
			}
			if c.Scenario != "scenario.sh" {
				t.Errorf("scenario %q, want scenario.sh", c.Scenario)
			}
			st, err := os.Stat(filepath.Join(c.Dir, "scenario.sh"))
			if err != nil || st.Mode()&0o111 == 0 {
				t.Errorf("scenario.sh missing or not executable: %v", err)
			}
			if len(c.Captures) != 1 || filepath.Base(c.Captures[0]) != "capture.pgr" {
				t.Fatalf("captures %v, want capture.pgr", c.Captures)
			}
			f, err := format.Open(c.Captures[0])
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			h := f.Header()
			if h.Source != "peregrine" || h.Options["no_env"] != "true" {
				t.Errorf("capture from %q with options %v: want Peregrine's recorder with --no-env (make corpus)", h.Source, h.Options)
			}
			st, err = os.Stat(c.Captures[0])
			if err != nil {
				t.Fatal(err)
			}
			total += st.Size()
			if st.Size() > maxCapture {
				t.Errorf("capture of %d bytes: record only what the case needs (at most %d)", st.Size(), maxCapture)
			}
		})
	}
	if total > 4<<20 {
		t.Errorf("the recorded captures take %d bytes: keep the corpus under a few MB", total)
	}
}

// TestCorpusPasses runs the recorded cases with the default rules: the
// baseline of the mutation test (make test also runs peregrine test on the
// whole corpus).
func TestCorpusPasses(t *testing.T) {
	results, err := regress.Run(context.Background(), recordedCases(t), &regress.Options{Defaults: rules.DefaultFiles()})
	if err != nil {
		t.Fatal(err)
	}
	if tot := regress.Count(results); tot.Failed+tot.Broken > 0 {
		var b bytes.Buffer
		regress.WriteText(&b, results, false)
		t.Errorf("the corpus does not pass with the default rules:\n%s", &b)
	}
}
