//go:build !linux

package main

import (
	"context"
	"errors"
)

// runRecord: recording needs Linux's eBPF; the analyzer commands work
// everywhere.
func runRecord(_ context.Context, e *env) error {
	fs := newFlags(e, "record", "record -o FILE [OPTIONS] (Linux only)")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	return errors.New("recording needs Linux with eBPF; replay, dump and inspect work here")
}
