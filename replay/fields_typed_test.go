package replay

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// TestTypedExtractors replays synthetic and real captures and checks, on
// every event, that each typed extractor gives what the field's Extractor
// gives (its Str or Int, and OK), and that the typed fields are of the
// right type in the catalogue.
func TestTypedExtractors(t *testing.T) {
	src := Fields().(fields.TypedSource)
	type check struct {
		ref string
		ex  fields.Extractor
		str fields.StringExtractor
		num fields.IntExtractor
	}
	var refs []string
	for name := range stringFields {
		refs = append(refs, name)
	}
	for name := range intFields {
		refs = append(refs, name)
	}
	sort.Strings(refs)
	refs = append(refs, "proc.aname[0]", "proc.aname[1]", "proc.aname[3]")
	var checks []check
	for _, ref := range refs {
		r, err := fields.Default.Parse(ref)
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		c := check{ref: ref, ex: mustBind(t, ref)}
		switch typ := r.Field.Type; {
		case typ == fields.String:
			c.str, err = src.BindString(r.Field, r.Arg)
		case typ == fields.Bool || typ.IsNumeric():
			c.num, err = src.BindInt(r.Field, r.Arg)
		}
		if err != nil || (c.str == nil && c.num == nil) {
			t.Fatalf("%s (%s): no typed extractor bound (%v)", ref, r.Field.Type, err)
		}
		checks = append(checks, c)
	}
	if s, err := src.BindString(fields.Default.Lookup("proc.name"), "x"); s != nil || err != nil {
		t.Errorf("BindString(proc.name, x) = %v, %v; want none", s != nil, err)
	}
	if s, err := src.BindString(fields.Default.Lookup("container.mounts"), ""); s != nil || err != nil {
		t.Errorf("BindString(container.mounts) = %v, %v; want none", s != nil, err)
	}

	files := []string{writeCapture(t, t.TempDir(), 20000, 13, "typed", nil)}
	for _, name := range []string{"curl_google.scap", "open-multiple-files.scap", "sample.scap", "connect_localhost.scap"} {
		if p := filepath.Join(fixtureDir, name); fileExists(p) {
			files = append(files, p)
		} else if len(files) == 1 {
			needFixture(t, p)
		}
	}
	for _, file := range files {
		seen := map[string]int{}
		runFile(t, file, &Options{OnEvent: func(ev fields.Event, e *format.Event) {
			for _, c := range checks {
				want := c.ex(ev)
				if c.str != nil {
					s, ok := c.str(ev)
					if ok != want.OK || (ok && s != want.Str) {
						t.Fatalf("%s: event %d (%s): typed %q %v, Extractor %q %v", filepath.Base(file), e.Num, e.Type, s, ok, want.Str, want.OK)
					}
				} else {
					n, ok := c.num(ev)
					if ok != want.OK || (ok && n != want.Int) {
						t.Fatalf("%s: event %d (%s): typed %d %v, Extractor %d %v", filepath.Base(file), e.Num, e.Type, n, ok, want.Int, want.OK)
					}
				}
				if want.OK {
					seen[c.ref]++
				}
			}
		}})
		if file == files[0] {
			for _, c := range checks {
				if seen[c.ref] == 0 && c.ref != "proc.aname[3]" && c.ref != "evt.is_open_exec" {
					t.Errorf("%s has no value on any synthetic event: the check proves nothing for it", c.ref)
				}
			}
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
