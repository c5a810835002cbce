package config

import (
	"errors"
	"os"
	"testing"
)

// FuzzParse feeds arbitrary documents and -o options to the parser: it
// must return a Config or an error, never panic or hang.
func FuzzParse(f *testing.F) {
	if b, err := os.ReadFile("testdata/falco-style.yaml"); err == nil {
		f.Add(b, "rules[].disable.rule=x")
	}
	f.Add(DefaultYAML, "file_output={enabled: true, filename: /tmp/x}")
	f.Add([]byte("rules: [{enable: {tag: a}}]\n"), `rules[0].enable.rule=a\.b`)
	f.Add([]byte("a: &a [*a]\n"), "a[0][0]=1")
	f.Add([]byte("<<: {json_output: true}\n"), "x[]=[1, 2]")
	f.Fuzz(func(t *testing.T, data []byte, override string) {
		c, _, err := Parse("f.yaml", data, []string{override})
		if err == nil && c == nil {
			t.Fatal("no Config and no error")
		}
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *config.Error", err)
			}
		}
	})
}
