package fields

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/fields.md from the catalogue")

func TestLookup(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "proc.name", "proc.name"},
		{"dotted arg", "evt.arg.flags", "evt.arg"},
		{"bracket arg ignored", "proc.aname[2]", "proc.aname"},
		{"longest dotted prefix", "container.label.app.kubernetes", "container.label"},
		{"field with dots", "proc.exe_ino.ctime_duration_proc_start", "proc.exe_ino.ctime_duration_proc_start"},
		{"unknown", "proc.nosuch", ""},
		{"prefix of a field is unknown", "proc", ""},
		{"dotted arg on plain field", "proc.name.x", ""},
		{"evt.args is not evt.arg", "evt.args", "evt.args"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := Default.Lookup(tt.in)
			got := ""
			if f != nil {
				got = f.Name
			}
			if got != tt.want {
				t.Errorf("Lookup(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, in  string
		wantField string
		wantArg   string
		wantList  bool
		wantErr   error
	}{
		{"plain", "fd.name", "fd.name", "", false, nil},
		{"index", "proc.aname[2]", "proc.aname", "2", false, nil},
		{"ancestor list without index", "proc.aname", "proc.aname", "", true, nil},
		{"set keeps list with index", "fd.types[0]", "fd.types", "0", true, nil},
		{"dotted", "evt.arg.flags", "evt.arg", "flags", false, nil},
		{"bracket key", "evt.arg[flags]", "evt.arg", "flags", false, nil},
		{"bracket position", "evt.arg[0]", "evt.arg", "0", false, nil},
		{"path key", "container.mount.dest[/var/run/docker.sock]", "container.mount.dest", "/var/run/docker.sock", false, nil},
		{"unknown field", "proc.nope", "", "", false, ErrUnknownField},
		{"arg on plain field", "proc.name[1]", "", "", false, ErrBadArgument},
		{"missing required arg", "evt.arg", "", "", false, ErrBadArgument},
		{"bad index", "proc.aname[x]", "", "", false, ErrBadArgument},
		{"negative index", "proc.aname[-1]", "", "", false, ErrBadArgument},
		{"unknown event param", "evt.arg.nosuchparam", "", "", false, ErrBadArgument},
		{"unclosed bracket", "proc.aname[2", "", "", false, ErrBadArgument},
		{"dotted and bracketed", "evt.arg.flags[1]", "", "", false, ErrBadArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Default.Parse(tt.in)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want %v", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if r.Field.Name != tt.wantField || r.Arg != tt.wantArg || r.IsList() != tt.wantList {
				t.Errorf("Parse(%q) = %s arg %q list %v, want %s arg %q list %v",
					tt.in, r.Field.Name, r.Arg, r.IsList(), tt.wantField, tt.wantArg, tt.wantList)
			}
		})
	}
}

func TestNewRejectsBadTables(t *testing.T) {
	tests := []struct {
		name  string
		table []Field
	}{
		{"duplicate", []Field{{Name: "a.b", Type: String, Desc: "x"}, {Name: "a.b", Type: String, Desc: "y"}}},
		{"one word name", []Field{{Name: "ab", Type: String, Desc: "x"}}},
		{"digit start", []Field{{Name: "a.1b", Type: String, Desc: "x"}}},
		{"no type", []Field{{Name: "a.b", Desc: "x"}}},
		{"no desc", []Field{{Name: "a.b", Type: String}}},
		{"dotted without arg", []Field{{Name: "a.b", Type: String, Flags: DotArg, Desc: "x"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.table); err == nil {
				t.Fatal("New accepted a bad table")
			}
		})
	}
}

// TestUpstreamFieldsCovered checks that every field the upstream Falco rule
// files name in their conditions and outputs is in the default catalogue.
func TestUpstreamFieldsCovered(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/fixtures/falco-rules/*.yaml")
	if len(files) == 0 {
		t.Skip("upstream rule fixtures not found at ../shared/fixtures/falco-rules")
	}
	ref := regexp.MustCompile(`\b(?:evt|proc|thread|fd|user|group|container|k8s|fs)\.[a-zA-Z0-9_.]+(?:\[[^\]]*\])?`)
	// Words that look like fields but sit inside strings and comments of
	// the upstream files.
	notFields := map[string]bool{"k8s.io": true, "user.log": true, "evt.type.": true}
	seen := map[string]bool{}
	for _, fn := range files {
		data, err := os.ReadFile(fn)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			for _, m := range ref.FindAllString(line, -1) {
				if notFields[m] || seen[m] {
					continue
				}
				seen[m] = true
				if _, err := Default.Parse(m); err != nil {
					t.Errorf("%s: %s: %v", filepath.Base(fn), m, err)
				}
			}
		}
	}
	if len(seen) < 80 {
		t.Errorf("found only %d field references upstream; the scan is broken", len(seen))
	}
}

// TestDocsUpToDate fails when docs/fields.md differs from the catalogue;
// run `go test ./rules/fields -update` (or make docs) to regenerate it.
func TestDocsUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := Default.WriteMarkdown(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("..", "..", "docs", "fields.md")
	if *update {
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run `make docs`)", path, err)
	}
	if !bytes.Equal(have, buf.Bytes()) {
		t.Errorf("%s is stale: run `make docs` (go test ./rules/fields -update) and commit it", path)
	}
}

func TestTypeStrings(t *testing.T) {
	for ty := String; ty <= Mode; ty++ {
		if s := ty.String(); strings.HasPrefix(s, "type(") {
			t.Errorf("type %d has no name", ty)
		}
	}
}
