package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/peregrine-sec/peregrine/format"
)

// version is the release; `-ldflags "-X main.version=..."` overrides it.
var version = "0.1.0-dev"

func runVersion(_ context.Context, e *env) error {
	fs := newFlags(e, "version", "version")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	rev := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = " (" + s.Value[:12] + ")"
			}
		}
	}
	fmt.Fprintf(e.stdout, "peregrine %s%s\ncapture format %d.%d\n%s %s/%s\n",
		version, rev, format.CurrentVersion.Major, format.CurrentVersion.Minor,
		runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
