package regress

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// CaseFile is the name of the file that makes a folder a corpus case.
const CaseFile = "case.yaml"

// maxCaseFile bounds the size of a case file read into memory.
const maxCaseFile = 1 << 20

// ErrCase is wrapped by every error about a malformed case.
var ErrCase = errors.New("regress: bad case")

// Case is one corpus case, as read from its case.yaml.
type Case struct {
	// Name is the case folder relative to the path it was found under,
	// with forward slashes (e.g. "file/write-below-etc").
	Name string
	// Dir is the case folder.
	Dir string
	// Description is the one-line description.
	Description string
	// Scenario is the script that recorded the capture, relative to Dir.
	Scenario string
	// Captures are the capture files, absolute or relative to the working
	// directory.
	Captures []string
	// Rules are the case's own rule files; empty means the runner's rules
	// (the -r files, or the built-in defaults).
	Rules []string
	// Priority is the minimum priority of the rules run ("" for all).
	Priority string
	// Expect lists the rules that must fire and how often. A rule that
	// fires and is not listed is a mismatch: an empty Expect is a near
	// miss, a case on which nothing may fire.
	Expect []Expectation
}

// Expectation is what one rule must do on a case's captures.
type Expectation struct {
	Rule string `yaml:"rule"`
	// Count is the exact number of alerts.
	Count int `yaml:"count"`
	// Outputs, when given, are the exact alert messages (the rendered
	// output, without time and priority), in order.
	Outputs []string `yaml:"outputs,omitempty"`
}

// caseYAML is the on-disk shape of case.yaml.
type caseYAML struct {
	Description string        `yaml:"description"`
	Scenario    string        `yaml:"scenario"`
	Captures    []string      `yaml:"captures"`
	Rules       []string      `yaml:"rules"`
	Priority    string        `yaml:"priority"`
	Expect      []Expectation `yaml:"expect"`
}

// Discover finds every case under paths: a path is either a case folder
// or a folder searched recursively for case folders. Cases come back in
// lexical order of their folder.
func Discover(paths ...string) ([]*Case, error) {
	var cases []*Case
	seen := map[string]bool{}
	for _, root := range paths {
		st, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("find cases: %w", err)
		}
		if !st.IsDir() {
			if filepath.Base(root) != CaseFile {
				return nil, fmt.Errorf("find cases: %s is neither a folder nor a %s", root, CaseFile)
			}
			root = filepath.Dir(root)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || d.Name() != CaseFile {
				return nil
			}
			dir := filepath.Dir(path)
			if seen[dir] {
				return nil
			}
			seen[dir] = true
			name, err := filepath.Rel(root, dir)
			if err != nil || name == "." {
				name = filepath.Base(dir)
			}
			c, err := LoadCase(dir)
			if err != nil {
				return err
			}
			c.Name = filepath.ToSlash(name)
			cases = append(cases, c)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(cases, func(a, b *Case) int { return strings.Compare(a.Dir, b.Dir) })
	return cases, nil
}

// LoadCase reads the case in dir.
func LoadCase(dir string) (*Case, error) {
	path := filepath.Join(dir, CaseFile)
	data, err := readBounded(path, maxCaseFile)
	if err != nil {
		return nil, fmt.Errorf("read case: %w", err)
	}
	var y caseYAML
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&y); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrCase, path, err)
	}
	c := &Case{
		Name:        filepath.Base(dir),
		Dir:         dir,
		Description: y.Description,
		Scenario:    y.Scenario,
		Priority:    y.Priority,
		Expect:      y.Expect,
	}
	if strings.TrimSpace(c.Description) == "" {
		return nil, fmt.Errorf("%w: %s: description is missing (one line saying what the case shows)", ErrCase, path)
	}
	seen := map[string]bool{}
	for i, e := range c.Expect {
		switch {
		case e.Rule == "":
			return nil, fmt.Errorf("%w: %s: expect[%d]: rule name is missing", ErrCase, path, i)
		case seen[e.Rule]:
			return nil, fmt.Errorf("%w: %s: expect[%d]: rule %q is listed twice", ErrCase, path, i, e.Rule)
		case e.Count < 1:
			return nil, fmt.Errorf("%w: %s: expect[%d] (%s): count must be at least 1 (leave a rule out to say it must not fire)", ErrCase, path, i, e.Rule)
		case len(e.Outputs) > 0 && len(e.Outputs) != e.Count:
			return nil, fmt.Errorf("%w: %s: expect[%d] (%s): %d outputs listed for count %d", ErrCase, path, i, e.Rule, len(e.Outputs), e.Count)
		}
		seen[e.Rule] = true
	}
	for _, r := range y.Rules {
		c.Rules = append(c.Rules, filepath.Join(dir, r))
	}
	if len(y.Captures) > 0 {
		for _, p := range y.Captures {
			c.Captures = append(c.Captures, filepath.Join(dir, p))
		}
	} else {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, fmt.Errorf("read case: %w", err)
		}
		for _, e := range entries {
			if !e.IsDir() && isCapture(e.Name()) {
				c.Captures = append(c.Captures, filepath.Join(dir, e.Name()))
			}
		}
	}
	if len(c.Captures) == 0 {
		return nil, fmt.Errorf("%w: %s: no capture: list captures: or put a .pgr or .scap file in the folder", ErrCase, path)
	}
	return c, nil
}

func isCapture(name string) bool {
	for _, ext := range []string{".pgr", ".scap", ".scap.gz"} {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}

func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d a case file may have", path, st.Size(), limit)
	}
	return os.ReadFile(path)
}
