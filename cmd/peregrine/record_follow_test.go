//go:build linux

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe/probetest"
)

func TestRecordFollowUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"command without --", []string{"record", "-o", "x", "ls"}, "a command to record goes after --"},
		{"command and pid", []string{"record", "-o", "x", "--pid", "1", "--", "ls"}, "--pid and a command"},
		{"negative pid", []string{"record", "-o", "x", "--pid", "-3"}, "--pid -3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != exitUsage {
				t.Errorf("exit %d, want %d; stderr: %s", code, exitUsage, errb.String())
			}
			if !strings.Contains(errb.String(), tc.want) {
				t.Errorf("stderr %q does not say %q", errb.String(), tc.want)
			}
		})
	}
}

// TestRecordCommandLine records a command given after --: its output goes
// through, the exit status is the command's, and the capture holds it.
func TestRecordCommandLine(t *testing.T) {
	probetest.RequireProbe(t)
	tests := []struct {
		name   string
		script string
		code   int
	}{
		{"exit 0", "cat /etc/hostname >/dev/null; echo recorded", 0},
		{"exit 4", "echo recorded; exit 4", 4},
		{"killed", "echo recorded; kill -KILL $$", 128 + 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "cmd.pgr")
			var stdout, stderr bytes.Buffer
			code := run([]string{"record", "-o", out, "--no-env", "--", "/bin/sh", "-c", tc.script}, &stdout, &stderr)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr: %s", code, tc.code, stderr.String())
			}
			if stdout.String() != "recorded\n" {
				t.Errorf("the command's output: %q", stdout.String())
			}
			if !strings.Contains(stderr.String(), "peregrine record: ") {
				t.Errorf("no summary: %q", stderr.String())
			}
			f, err := format.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if !f.Indexed() {
				t.Error("the capture was not closed properly")
			}
		})
	}
}
