package output

import (
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// at is 2024-05-06 07:08:09.123456789 UTC.
const at = int64(1714979289123456789)

func sampleAlerts() []*Alert {
	return []*Alert{
		{
			Time: at, Rule: "Write below etc", Priority: PriorityWarning,
			Output:       "File below /etc opened for writing (user=root command=nano /etc/default/grub file=/etc/default/grub)",
			OutputFields: map[string]any{"user.name": "root", "proc.cmdline": "nano /etc/default/grub", "fd.name": "/etc/default/grub"},
			Hostname:     "web-1", Source: "syscall", Tags: []string{"filesystem", "mitre_persistence", "T1098"},
		},
		{
			Time: at + 1, Rule: "Hostile <names> & \"quotes\"", Priority: PriorityInformational,
			Output:       "Odd file opened (file=/tmp/a\nb\tc\x01\"q\"\\ proc=<NA> bad=\xff\xfe ok=héllo)",
			OutputFields: map[string]any{"fd.name": "/tmp/a\nb\tc\x01\"q\"\\", "proc.name": nil, "proc.pid": int64(42), "fd.num": uint64(3), "evt.failed": false},
			Hostname:     "web-1", Source: "syscall",
		},
		DropAlert(Drop{File: "cap.pcap", CPU: 1, Lost: 1500, Start: at + 2, End: at + 2 + int64(time.Second)}, "web-1"),
	}
}

func TestFormat(t *testing.T) {
	formats := []struct {
		name string
		f    *Format
	}{
		{"text", &Format{Location: time.UTC}},
		{"text-iso8601", &Format{ISO8601: true}},
		{"json", &Format{JSON: true, Location: time.UTC}},
		{"json-iso8601", &Format{JSON: true, ISO8601: true}},
		{"json-minimal", &Format{JSON: true, OmitOutput: true, OmitTags: true, OmitOutputFields: true}},
		{"json-message", &Format{JSON: true, Message: true}},
	}
	for _, tc := range formats {
		t.Run(tc.name, func(t *testing.T) {
			var out []byte
			for _, a := range sampleAlerts() {
				out = tc.f.Append(out, a)
				out = append(out, '\n')
			}
			if tc.f.JSON {
				for i, line := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
					var m map[string]any
					if err := json.Unmarshal([]byte(line), &m); err != nil {
						t.Fatalf("line %d is not JSON: %v\n%s", i+1, err, line)
					}
				}
			} else if n := strings.Count(string(out), "\n"); n != len(sampleAlerts()) {
				t.Errorf("%d lines for %d alerts: event data forged a line break", n, len(sampleAlerts()))
			}
			golden(t, filepath.Join("testdata", "alerts-"+tc.name+".golden"), out)
		})
	}
}

// golden compares got with the file, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it)\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestJSONKeys(t *testing.T) {
	a := sampleAlerts()[0]
	line := (&Format{JSON: true}).AppendJSON(nil, a)
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing in %s", k, line)
		}
	}
	if got := m["time"]; got != "2024-05-06T07:08:09.123456789Z" {
		t.Errorf("time = %v", got)
	}
	if got := m["output"]; got != "07:08:09.123456789: Warning "+a.Output && !strings.HasSuffix(got.(string), ": Warning "+a.Output) {
		t.Errorf("output = %v", got)
	}
	of := m["output_fields"].(map[string]any)
	if of["evt.time"].(float64) != float64(at) {
		t.Errorf("output_fields[evt.time] = %v, want %d", of["evt.time"], at)
	}
	if tags := m["tags"].([]any); len(tags) != 3 || tags[0] != "T1098" {
		t.Errorf("tags = %v, want sorted as Falco's set", tags)
	}
}

func TestParsePriority(t *testing.T) {
	tests := []struct {
		in   string
		want Priority
		err  bool
	}{
		{"emergency", PriorityEmergency, false},
		{"ALERT", PriorityAlert, false},
		{"Critical", PriorityCritical, false},
		{"error", PriorityError, false},
		{"warning", PriorityWarning, false},
		{"notice", PriorityNotice, false},
		{"informational", PriorityInformational, false},
		{"info", PriorityInformational, false},
		{"INFO", PriorityInformational, false},
		{"debug", PriorityDebug, false},
		{"warn", 0, true},
		{"", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			p, err := ParsePriority(tc.in)
			if tc.err {
				if err == nil {
					t.Fatalf("ParsePriority(%q) = %v, want an error", tc.in, p)
				}
				return
			}
			if err != nil || p != tc.want {
				t.Fatalf("ParsePriority(%q) = %v, %v; want %v", tc.in, p, err, tc.want)
			}
		})
	}
	if PriorityInformational.Short() != "INFO" || PriorityWarning.Short() != "WARNING" {
		t.Errorf("Short: %q %q", PriorityInformational.Short(), PriorityWarning.Short())
	}
}

func TestSummary(t *testing.T) {
	s := &Summary{
		Detected:   4,
		ByPriority: [NumPriorities]uint64{PriorityWarning: 2, PriorityNotice: 1, PriorityInformational: 1},
		ByRule: []RuleCount{
			{"Write below etc", 2}, {"Never fired", 0}, {"Shell in container", 1}, {"Info rule", 1},
		},
		Events: 123456, Files: 2, Elapsed: 1500 * time.Millisecond,
		Drops: []Drop{
			{File: "b.pcap", CPU: 0, Lost: 10, Start: at + 5e9, End: at + 6e9},
			{File: "a.pcap", CPU: 1, Lost: 1500, Start: at, End: at + 1e9},
		},
	}
	golden(t, "testdata/summary.golden", AppendSummary(nil, s, &Format{Location: time.UTC}))

	empty := AppendSummary(nil, &Summary{Files: 1, Interrupted: true}, nil)
	want := "Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n" +
		"Events read: 0 from 1 file in 0.000s (0 events/s)\n" +
		"Interrupted: the counts cover the events read so far.\n"
	if string(empty) != want {
		t.Errorf("empty summary:\n%s\nwant:\n%s", empty, want)
	}
}

func BenchmarkFormatText(b *testing.B) {
	a := sampleAlerts()[0]
	f := &Format{Location: time.UTC}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = f.AppendText(buf[:0], a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}

func BenchmarkFormatJSON(b *testing.B) {
	a := sampleAlerts()[0]
	f := &Format{JSON: true}
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		buf = f.AppendJSON(buf[:0], a)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}

func BenchmarkDispatcherWriter(b *testing.B) {
	a := sampleAlerts()[0]
	d := NewDispatcher([]Named{{"stdout", NewWriter(io.Discard, &Format{Location: time.UTC}, &WriterOptions{Buffered: true})}}, nil)
	b.ReportAllocs()
	for b.Loop() {
		d.Send(a)
	}
	if err := d.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}
