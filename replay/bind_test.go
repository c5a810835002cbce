package replay

import (
	"errors"
	"testing"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// sampleArg is an argument each argument-taking field accepts.
func sampleArg(f *fields.Field) string {
	switch f.Name {
	case "evt.arg", "evt.rawarg":
		return "fd"
	case "thread.cgroup":
		return "cpu"
	case "container.label", "k8s.pod.label":
		return "app"
	case "proc.env":
		return "HOME"
	}
	switch f.Arg {
	case fields.IndexArg, fields.OptIndexArg:
		return "1"
	case fields.KeyArg, fields.OptKeyArg:
		return "/etc"
	}
	return ""
}

func TestBindEveryCatalogueField(t *testing.T) {
	src := Fields()
	for _, f := range fields.Default.All() {
		t.Run(f.Name, func(t *testing.T) {
			f := f
			if f.Arg != fields.IndexArg && f.Arg != fields.KeyArg {
				ex, err := src.Bind(&f, "")
				if err != nil {
					t.Fatalf("Bind(%s): %v", f.Name, err)
				}
				if v := ex(nil); v.OK {
					t.Errorf("%s on a nil event = %+v, want missing", f.Name, v)
				}
			}
			if arg := sampleArg(&f); arg != "" {
				if _, err := src.Bind(&f, arg); err != nil {
					t.Fatalf("Bind(%s, %q): %v", f.Name, arg, err)
				}
			}
		})
	}
}

func TestBindErrors(t *testing.T) {
	src := Fields()
	tests := []struct {
		name  string
		field fields.Field
		arg   string
		want  error
	}{
		{"unknown field", fields.Field{Name: "nope.nothing", Type: fields.String}, "", ErrNoExtractor},
		{"arg on no-arg field", *fields.Default.Lookup("proc.name"), "x", fields.ErrBadArgument},
		{"bad ancestor index", *fields.Default.Lookup("proc.aname"), "x", fields.ErrBadArgument},
		{"bad fd.types index", *fields.Default.Lookup("fd.types"), "-3", fields.ErrBadArgument},
		{"empty evt.arg", *fields.Default.Lookup("evt.arg"), "", fields.ErrBadArgument},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := src.Bind(&tc.field, tc.arg)
			if !errors.Is(err, tc.want) {
				t.Fatalf("Bind error = %v, want %v", err, tc.want)
			}
		})
	}
}
