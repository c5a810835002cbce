package regress

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Update rewrites the expectations of r's case from what happened, keeping
// the rest of case.yaml (and its comments) as it is. Rules whose
// expectation listed outputs get their new outputs listed.
func Update(r *Result) error {
	path := filepath.Join(r.Case.Dir, CaseFile)
	data, err := readBounded(path, maxCaseFile)
	if err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("update case: %s: %w", path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%w: %s: not a mapping", ErrCase, path)
	}
	withOutputs := map[string]bool{}
	for _, e := range r.Case.Expect {
		if len(e.Outputs) > 0 {
			withOutputs[e.Rule] = true
		}
	}
	expect := Expectations(r.Alerts, withOutputs)
	var value yaml.Node
	if len(expect) == 0 {
		value = yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Tag: "!!seq"}
	} else if err := value.Encode(expect); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	m := doc.Content[0]
	replaced := false
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "expect" {
			value.HeadComment = m.Content[i+1].HeadComment
			m.Content[i+1] = &value
			replaced = true
		}
	}
	if !replaced {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "expect"}, &value)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	if bytes.Equal(buf.Bytes(), data) {
		return nil
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("update case: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("update case: %w", err)
	}
	r.Case.Expect = expect
	return nil
}
