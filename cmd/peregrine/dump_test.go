package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

func TestDumpGolden(t *testing.T) {
	r := replayEnv(t)
	tests := []struct {
		name string
		args []string
	}{
		{"default", []string{"a.pcap"}},
		{"format", []string{"-p", "%evt.num %evt.type %proc.name %fd.name %evt.arg.flags", "a.pcap"}},
		{"condition", []string{"a.pcap", "evt.type", "in", "(open,", "openat)", "and", "fd.name", "startswith", "/etc"}},
		{"condition-macro", []string{"-r", r, "-p", "%evt.num %fd.name", "a.pcap", "open_write"}},
		{"count", []string{"-q", "a.pcap", "evt.type=openat"}},
		{"limit", []string{"-n", "2", "-p", "%evt.num", "a.pcap"}},
		{"two-files", []string{"-p", "%evt.num %evt.time %evt.hostname %proc.name", "*.pcap", "proc.name=curl"}},
		{"since", []string{"--since", "+5ms", "-p", "%evt.num %evt.type", "a.pcap"}},
		{"default-macro", []string{"-p", "%evt.num %fd.name", "a.pcap", "pg_open_write"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"dump"}, tc.args...)...)
			if code != 0 || errs != "" {
				t.Fatalf("exit %d, stderr:\n%s", code, errs)
			}
			golden(t, "dump-"+tc.name+".golden", out)
		})
	}
}

func TestDumpErrors(t *testing.T) {
	replayEnv(t)
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no-file", nil, 2, "no capture file given"},
		{"missing-file", []string{"none.pcap"}, 1, "none.pcap"},
		{"bad-condition", []string{"a.pcap", "evt.type", "=", "(", "open"}, 2, "condition:"},
		{"unknown-field", []string{"a.pcap", "proc.nmae=bash"}, 2, "proc.nmae"},
		{"unknown-macro", []string{"a.pcap", "no_such_macro"}, 2, "condition:"},
		{"bad-format", []string{"-p", "%proc.nmae", "a.pcap"}, 2, "-p:"},
		{"bad-count", []string{"-n", "-3", "a.pcap"}, 2, "--count"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, append([]string{"dump"}, tc.args...)...)
			if code != tc.code || !strings.Contains(errs, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit %d and %q", code, errs, tc.code, tc.want)
			}
		})
	}
}

func TestDumpFixture(t *testing.T) {
	fx := "/work/shared/fixtures/scap/cat_write.scap"
	if _, err := os.Stat(fx); err != nil {
		t.Skipf("fixture not here: %v", err)
	}
	code, out, errs := runCLI(t, "dump", "-q", fx, "evt.type=open")
	if code != 0 || out != "8\n" {
		t.Fatalf("exit %d, stdout %q (want 8 open events, enter and exit), stderr:\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "dump", "-p", "%evt.num %proc.name %fd.name", fx, "evt.type=open and evt.dir=<")
	want := "141 cat /etc/ld.so.cache\n151 cat /lib/x86_64-linux-gnu/libc.so.6\n187 cat /usr/lib/locale/locale-archive\n197 cat /dev/null\n"
	if code != 0 || out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

// TestDumpHidesInternal: dump lists the events sysdig -r lists, without
// libsinsp's internal procinfo events (cat_write.scap opens with 260 of
// them; sysdig 0.29.3 lists 85 events).
func TestDumpHidesInternal(t *testing.T) {
	fx := "/work/shared/fixtures/scap/cat_write.scap"
	if _, err := os.Stat(fx); err != nil {
		t.Skipf("fixture not here: %v", err)
	}
	code, out, errs := runCLI(t, "dump", "-q", fx)
	if code != 0 || out != "85\n" {
		t.Fatalf("exit %d, stdout %q (want 85 events, as sysdig -r), stderr:\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "dump", "-q", fx, "evt.type=procinfo")
	if code != 0 || out != "0\n" {
		t.Errorf("evt.type=procinfo: %q, want none listed", out)
	}
	for _, tc := range []struct {
		t    format.EventType
		hide bool
	}{{format.EvProcinfo, true}, {format.EvScapevent, true}, {format.EvDrop, false}, {format.EvOpenat, false}, {format.EvContainer, false}} {
		if got := dumpHidden(tc.t); got != tc.hide {
			t.Errorf("dumpHidden(%s) = %v", tc.t, got)
		}
	}
}

func TestEscapeControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text\twith tab", "plain text\twith tab"},
		{"a\nb", `a\nb`},
		{"a\r\nb", `a\r\nb`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"del\x7f nul\x00", `del\x7f nul\x00`},
		{"héllo", "héllo"},
	}
	var scratch []byte
	for _, tc := range tests {
		if got := string(escapeControls([]byte(tc.in), &scratch)); got != tc.want {
			t.Errorf("escapeControls(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// BenchmarkDump lists a synthetic capture of 200,000 events through the
// whole command, printing every event (the default line) or counting the
// matches of a condition, and reports events/s.
func BenchmarkDump(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "synth.pcap")
	synth := format.NewSynth(7)
	w, err := format.Create(path, synth.Header(), synth.Snapshot(), nil)
	if err != nil {
		b.Fatal(err)
	}
	const n = 200_000
	var ev format.Event
	for range n {
		synth.Next(&ev)
		if err := w.WriteEvent(&ev); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name string
		args []string
	}{
		{"print-all", []string{path}},
		{"count-filter", []string{"-q", path, "evt.type in (open, openat) and fd.name startswith /etc"}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				err := runDump(context.Background(), &env{args: c.args, stdout: io.Discard, stderr: io.Discard})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}
