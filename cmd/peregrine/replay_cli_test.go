package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
)

// replayEnv prepares a directory with the scenario capture a.pcap (host
// web-1) and b.pcap (host web-2, 2ms later), makes it the working
// directory and returns the absolute path of the test rules.
func replayEnv(t *testing.T) (rulesPath string) {
	t.Helper()
	utcLocal(t)
	rulesPath, err := filepath.Abs("testdata/replay/rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	captureScenario(t, dir, "a.pcap", "web-1", 0)
	captureScenario(t, dir, "b.pcap", "web-2", 2*time.Millisecond+500*time.Microsecond)
	t.Chdir(dir)
	return rulesPath
}

func TestReplayGolden(t *testing.T) {
	r := replayEnv(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr bool // compare stderr with NAME.stderr.golden too
	}{
		{"text", []string{"-r", r, "a.pcap"}, 0, false},
		{"json", []string{"-r", r, "--json", "a.pcap"}, 0, true},
		{"json-options", []string{"-r", r, "--json", "-o", "json_include_output_property=false",
			"-o", "json_include_tags_property=false", "-o", "json_include_message_property=true", "a.pcap"}, 0, true},
		{"iso8601", []string{"-r", r, "-o", "time_format_iso_8601=true", "a.pcap"}, 0, false},
		{"min-priority", []string{"-r", r, "--min-priority", "warning", "a.pcap"}, 0, false},
		{"priority-key", []string{"-r", r, "-o", "priority=error", "a.pcap"}, 0, false},
		{"match-first", []string{"-r", r, "-o", "rules[].enable.rule=Disabled in the file", "a.pcap"}, 0, false},
		{"match-all", []string{"-r", r, "-o", "rules[].enable.rule=Disabled in the file", "-o", "rule_matching=all", "a.pcap"}, 0, false},
		{"select-tag", []string{"-r", r, "-o", "rules[].disable.rule=*", "-o", "rules[].enable.tag=network", "a.pcap"}, 0, false},
		{"select-order", []string{"-r", r, "-o", "rules[].enable.tag=network", "-o", "rules[].disable.rule=Outbound*", "a.pcap"}, 0, false},
		{"since-until", []string{"-r", r, "--since", "+5ms", "--until", "2024-05-06T07:08:10Z", "a.pcap"}, 0, false},
		{"since-ns", []string{"-r", r, "--since", "1714979289006000000", "a.pcap"}, 0, false},
		{"filter", []string{"-r", r, "--filter", "proc.name = nano and fd.name contains grub", "a.pcap"}, 0, false},
		{"two-hosts", []string{"-r", r, "--json", "--min-priority", "notice", "a.pcap", "b.pcap"}, 0, true},
		{"glob", []string{"-r", r, "--min-priority", "error", "*.pcap"}, 0, false},
		{"quiet", []string{"-r", r, "-q", "a.pcap"}, 0, false},
		{"fail-on-alert", []string{"-r", r, "--fail-on-alert", "-q", "a.pcap"}, 3, false},
		{"fail-on-alert-none", []string{"-r", r, "--fail-on-alert", "--min-priority", "critical", "a.pcap"}, 0, false},
		{"default-rules", []string{"a.pcap"}, 0, false},
		{"default-rules-selection", []string{"-o", "rules[].disable.tag=filesystem", "a.pcap"}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, append([]string{"replay"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit status %d, want %d\nstderr:\n%s", code, tc.code, errs)
			}
			golden(t, tc.name+".golden", out)
			if tc.stderr {
				golden(t, tc.name+".stderr.golden", errs)
			} else if errs != "" {
				t.Errorf("unexpected stderr:\n%s", errs)
			}
		})
	}
}

func TestReplayErrors(t *testing.T) {
	r := replayEnv(t)
	bad, _ := filepath.Abs(filepath.Join(filepath.Dir(r), "bad-rules.yaml"))
	os.WriteFile("bad.yaml", []byte("json_output: true\nfile_output:\n  enabled: maybe\n"), 0o644)
	os.WriteFile("junk.pcap", []byte("this is not a capture file at all, not even close to one\n"), 0o644)
	tests := []struct {
		name string
		args []string
		code int
		want []string // substrings of stderr
	}{
		{"no-files", []string{"-r", r}, 2, []string{"peregrine replay: no capture files given", "peregrine help replay"}},
		{"unknown-flag", []string{"--bogus", "a.pcap"}, 2, []string{"unknown flag: --bogus"}},
		{"missing-file", []string{"-r", r, "nope.pcap"}, 1, []string{"nope.pcap", "no such file"}},
		{"glob-no-match", []string{"-r", r, "*.none"}, 1, []string{`no file matches "*.none"`}},
		{"not-a-capture", []string{"-r", r, "junk.pcap"}, 1, []string{"junk.pcap"}},
		{"missing-rules", []string{"-r", "nope.yaml", "a.pcap"}, 1, []string{"nope.yaml"}},
		{"bad-rules", []string{"-r", bad, "a.pcap"}, 1, []string{"bad-rules.yaml:3:34", "proc.nmae", "^", "compile rules: 1 error"}},
		{"bad-config", []string{"-r", r, "-c", "bad.yaml", "a.pcap"}, 1, []string{`bad.yaml:3:12: file_output.enabled: want true or false, got "maybe"`}},
		{"missing-config", []string{"-r", r, "-c", "none.yaml", "a.pcap"}, 1, []string{"none.yaml"}},
		{"bad-override", []string{"-r", r, "-o", "json_output", "a.pcap"}, 2, []string{`-o "json_output": want key=value`}},
		{"bad-override-value", []string{"-r", r, "-o", "priority=loud", "a.pcap"}, 1, []string{`-o "priority=loud": priority: unknown priority "loud"`}},
		{"bad-min-priority", []string{"-r", r, "--min-priority", "loud", "a.pcap"}, 2, []string{`--min-priority "loud"`}},
		{"bad-since", []string{"-r", r, "--since", "yesterday", "a.pcap"}, 2, []string{`--since "yesterday"`}},
		{"until-before-since", []string{"-r", r, "--since", "+2s", "--until", "+1s", "a.pcap"}, 2, []string{"--until is before --since"}},
		{"bad-filter", []string{"-r", r, "--filter", "proc.name = = bash", "a.pcap"}, 2, []string{"--filter:"}},
		{"unknown-filter-field", []string{"-r", r, "--filter", "proc.nmae = bash", "a.pcap"}, 2, []string{"--filter:", "proc.nmae"}},
		{"bad-progress", []string{"-r", r, "--progress", "sometimes", "a.pcap"}, 2, []string{"--progress"}},
		{"file-output-unwritable", []string{"-r", r, "-o", "file_output.enabled=true", "-o", "file_output.filename=/nonexistent/dir/x.txt", "a.pcap"}, 1, []string{"file_output", "/nonexistent/dir/x.txt"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runCLI(t, append([]string{"replay"}, tc.args...)...)
			if code != tc.code {
				t.Fatalf("exit status %d, want %d\nstderr:\n%s", code, tc.code, errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "panic") || strings.Contains(errs, "goroutine ") {
				t.Errorf("stderr shows a crash:\n%s", errs)
			}
		})
	}
}

func TestReplayConfigWarnings(t *testing.T) {
	r := replayEnv(t)
	os.WriteFile("peregrine.yaml", []byte("json_outptu: true\nwebserver: {enabled: true}\nstdout_output:\n  enabled: true\n"), 0o644)
	code, out, errs := runCLI(t, "replay", "-r", r, "-c", "peregrine.yaml", "--min-priority", "critical", "a.pcap")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "peregrine replay: warning: peregrine.yaml:1:1: json_outptu: unknown key: did you mean json_output?\n" +
		"peregrine replay: peregrine.yaml:2:1: ignoring Falco settings that have no effect on a replay: webserver\n"
	if errs != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", errs, want)
	}
	if !strings.Contains(out, "\nEvents detected: 0\n") {
		t.Errorf("stdout:\n%s", out)
	}
	// log_level: error hides them; log_stderr: false too.
	for _, o := range []string{"log_level=error", "log_stderr=false"} {
		_, _, errs = runCLI(t, "replay", "-r", r, "-c", "peregrine.yaml", "-o", o, "--min-priority", "critical", "a.pcap")
		if errs != "" {
			t.Errorf("with %s, stderr:\n%s", o, errs)
		}
	}
}

func TestReplayInterrupted(t *testing.T) {
	r := replayEnv(t)
	// A capture long enough that the replay sees the cancellation (it
	// looks every few thousand events).
	synth := format.NewSynth(1)
	w, err := format.Create("big.pcap", synth.Header(), synth.Snapshot(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev format.Event
	for range 50_000 {
		synth.Next(&ev)
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // Ctrl+C before the first event
	code, out, errs := runCLIContext(ctx, t, "replay", "-r", r, "big.pcap")
	if code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitInterrupted, errs)
	}
	if !strings.Contains(out, "Events detected: ") || !strings.Contains(out, "Interrupted: the counts cover the events read so far.") {
		t.Errorf("no summary after the interruption:\n%s", out)
	}
	if !strings.Contains(out, "Events read: 4096 ") {
		t.Errorf("the replay did not stop at its first check:\n%s", out)
	}
}

func TestReplayFixtures(t *testing.T) {
	utcLocal(t)
	r, _ := filepath.Abs("testdata/replay/rules.yaml")
	fx := "/work/shared/fixtures/scap/cat_write.scap"
	if _, err := os.Stat(fx); err != nil {
		t.Skipf("fixture not here: %v", err)
	}
	code, out, errs := runCLI(t, "replay", "-r", r, "-o", "rules[].disable.rule=*", "-o", "rules[].enable.tag=fixture", fx)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	golden(t, "fixture-cat_write.golden", strings.ReplaceAll(out, fx, "cat_write.scap"))
}

// TestReplayAllFixtures replays every real capture of the fixtures with
// the default rules: each must be read whole, as sysdig reads it.
func TestReplayAllFixtures(t *testing.T) {
	want := map[string]int{
		"cat_write": 345, "connect_localhost": 374, "curl_google": 1536, "curl_google_comments": 1536,
		"empty": 143, "open-multiple-files": 1272, "ping_sendto": 1526, "sample": 572,
		"single_ipv6_conn": 1728, "syscall": 368, "test_ipv6_client": 326,
	}
	dir := "/work/shared/fixtures/scap"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("fixtures not here: %v", err)
	}
	for name, n := range want {
		t.Run(name, func(t *testing.T) {
			code, out, errs := runCLI(t, "replay", "-q", filepath.Join(dir, name+".scap"))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if !strings.Contains(out, fmt.Sprintf("\nEvents read: %d from 1 file in ", n)) {
				t.Errorf("want %d events read:\n%s", n, out)
			}
		})
	}
}

// TestReplayOutputs sends the scenario's alerts to a file, a program,
// syslog over UDP and an HTTP endpoint at once, all enabled from a
// configuration file, and checks what each received.
func TestReplayOutputs(t *testing.T) {
	r := replayEnv(t)
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	var mu sync.Mutex
	var posts []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var m map[string]any
		if err := json.NewDecoder(req.Body).Decode(&m); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		mu.Lock()
		posts = append(posts, m)
		mu.Unlock()
	}))
	defer srv.Close()
	cfg := "stdout_output:\n  enabled: false\n" +
		"file_output:\n  enabled: true\n  filename: alerts.txt\n" +
		"program_output:\n  enabled: true\n  keep_alive: true\n  program: cat >> program.txt\n" +
		"syslog_output:\n  enabled: true\n  address: udp://" + pc.LocalAddr().String() + "\n" +
		"http_output:\n  enabled: true\n  url: " + srv.URL + "/\n"
	os.WriteFile("peregrine.yaml", []byte(cfg), 0o644)
	code, out, errs := runCLI(t, "replay", "-r", r, "-c", "peregrine.yaml", "--min-priority", "notice", "a.pcap")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr:\n%s", code, errs)
	}
	if strings.Contains(out, ": Warning") {
		t.Errorf("stdout_output is disabled but alerts were printed:\n%s", out)
	}
	// Alerts of priority notice and above, plus the drop line (Debug,
	// like Falco's internal drop alerts, which the priority does not
	// filter).
	const alerts = 6
	fileBody, _ := os.ReadFile("alerts.txt")
	progBody, _ := os.ReadFile("program.txt")
	if n := strings.Count(string(fileBody), "\n"); n != alerts {
		t.Errorf("file output got %d lines, want %d:\n%s", n, alerts, fileBody)
	}
	if string(progBody) != string(fileBody) {
		t.Errorf("program output got\n%s\nfile output got\n%s", progBody, fileBody)
	}
	if !strings.Contains(string(fileBody), "07:08:09.001000000: Warning File below /etc opened for writing (user=root command=nano /etc/default/grub file=/etc/default/grub)\n") {
		t.Errorf("file output:\n%s", fileBody)
	}
	buf := make([]byte, 65536)
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for i := range alerts {
		n, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatalf("syslog message %d: %v", i, err)
		}
		if !strings.HasPrefix(string(buf[:n]), "<") || !strings.Contains(string(buf[:n]), " peregrine ") {
			t.Errorf("syslog message %q", buf[:n])
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(posts) != alerts {
		t.Fatalf("http output got %d posts, want %d", len(posts), alerts)
	}
	if posts[0]["rule"] != "Write below etc" || posts[0]["hostname"] != "web-1" || posts[0]["output_fields"] == nil {
		t.Errorf("first post: %v", posts[0])
	}
}

func TestReplayOutputFailure(t *testing.T) {
	r := replayEnv(t)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens: every post fails
	code, out, errs := runCLI(t, "replay", "-r", r, "-q", "-o", "http_output.enabled=true",
		"-o", "http_output.url=http://"+addr+"/", "-o", "http_output.retries=0", "a.pcap")
	if code != 0 {
		t.Fatalf("a failing output stopped the replay: exit %d\n%s", code, errs)
	}
	if n := strings.Count(errs, "connection refused"); n != 1 {
		t.Errorf("the error is logged %d times, want once:\n%s", n, errs)
	}
	if !strings.Contains(errs, "http output: 7 of the alerts could not be delivered") {
		t.Errorf("no failure count:\n%s", errs)
	}
	if !strings.Contains(out, "Events detected: 6") {
		t.Errorf("summary:\n%s", out)
	}
}

func TestReplayHelp(t *testing.T) {
	code, out, _ := runCLI(t, "help", "replay")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, f := range []string{"--rules", "--config", "--option", "--json", "--since", "--until", "--min-priority", "--filter", "--fail-on-alert", "--quiet"} {
		if !strings.Contains(out, f) {
			t.Errorf("help lacks %s:\n%s", f, out)
		}
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Scan()
	if !strings.HasPrefix(sc.Text(), "Usage: peregrine replay [-r RULES]...") {
		t.Errorf("first line %q", sc.Text())
	}
	_ = io.Discard
}
