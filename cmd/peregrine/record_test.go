//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe/probetest"
	"github.com/peregrine-sec/peregrine/record"
)

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  bool
	}{
		{"", 0, false},
		{"4096", 4096, false},
		{"512K", 512 << 10, false},
		{"16M", 16 << 20, false},
		{"16MiB", 16 << 20, false},
		{"2g", 2 << 30, false},
		{"1T", 1 << 40, false},
		{" 8 M ", 8 << 20, false},
		{"-1", 0, true},
		{"lots", 0, true},
		{"1.5G", 0, true},
		{"9999999999999T", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseSize("--x", tc.in)
			if (err != nil) != tc.err || got != tc.want {
				t.Errorf("parseSize(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.err)
			}
		})
	}
}

// TestRecordUsage checks that bad command lines are usage errors (exit 2)
// that say what is wrong, before anything is loaded.
func TestRecordUsage(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"record"}, "no output file"},
		{[]string{"record", "-o", "x", "extra"}, "unexpected argument"},
		{[]string{"record", "-o", "x", "--buffer-size", "3M"}, "power of two"},
		{[]string{"record", "-o", "x", "--buffer-size", "big"}, "--buffer-size"},
		{[]string{"record", "-o", "x", "--snaplen", "100000"}, "--snaplen"},
		{[]string{"record", "-o", "x", "--level", "9"}, "--level"},
		{[]string{"record", "-o", "x", "--rotate-size", "1Q"}, "--rotate-size"},
		{[]string{"record", "-o", "x", "--max-files", "-1"}, "--max-files"},
		{[]string{"record", "-o", "x", "--bogus"}, "unknown flag"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
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

func TestGroupDigits(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -1234: "-1,234"} {
		if got := groupDigits(in); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", in, got, want)
		}
	}
}

// TestRecordCommand records from the command line until SIGINT: the
// recording ends cleanly with exit status 0, a summary and a complete file.
func TestRecordCommand(t *testing.T) {
	probetest.RequireProbe(t)
	out := filepath.Join(t.TempDir(), "cli.pcap")
	go func() {
		for i := 0; i < 300; i++ {
			if st, err := os.Stat(out); err == nil && st.Size() > 0 {
				time.Sleep(200 * time.Millisecond)
				syscall.Kill(os.Getpid(), syscall.SIGINT)
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	code := run([]string{"record", "-o", out, "--syscalls", "openat,execve", "--no-env", "--level", "2"}, &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "peregrine record: ") || !strings.Contains(stderr.String(), out) {
		t.Errorf("no summary: %q", stderr.String())
	}
	f, err := format.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Indexed() {
		t.Error("the file has no index: it was not closed properly")
	}
	if f.Header().Options["no_env"] != "true" || f.Header().Options["syscalls"] != "execve,openat" {
		t.Errorf("header options %v", f.Header().Options)
	}
}

// TestRecordSummaryNotes checks the summary's warnings: processes not
// followed, and containers the engine described late.
func TestRecordSummaryNotes(t *testing.T) {
	for _, tc := range []struct {
		name string
		st   record.Stats
		want string
		not  string
	}{
		{"none", record.Stats{Events: 10, Elapsed: time.Second}, "10 events", "note:"},
		{"late containers", record.Stats{Events: 10, Elapsed: time.Second, LateContainers: 2}, "described 2 container(s) only after their first events", "warning:"},
		{"unfollowed", record.Stats{Events: 10, Elapsed: time.Second, Unfollowed: 3}, "3 processes of the followed tree", "note:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			printRecordSummary(&b, tc.st)
			if !strings.Contains(b.String(), tc.want) || strings.Contains(b.String(), tc.not) {
				t.Errorf("summary %q: want %q, not %q", b.String(), tc.want, tc.not)
			}
		})
	}
}
