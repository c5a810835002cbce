package rules

import (
	"embed"
	"io/fs"
	"path"
	"sort"
)

//go:embed default/*.yaml
var defaultFS embed.FS

// DefaultFiles returns Peregrine's own default rules, embedded in the
// binary (rules/default/*.yaml), in load order. Their names read
// "default/NAME.yaml" in diagnostics.
func DefaultFiles() []File {
	names, err := fs.Glob(defaultFS, "default/*.yaml")
	if err != nil {
		panic(err) // the pattern is constant
	}
	sort.Strings(names)
	out := make([]File, 0, len(names))
	for _, n := range names {
		data, err := defaultFS.ReadFile(n)
		if err != nil {
			panic(err) // embedded at build time
		}
		out = append(out, File{Name: path.Join("default", path.Base(n)), Data: data})
	}
	return out
}
