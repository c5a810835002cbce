package output

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var textUTC = &Format{Location: time.UTC}

func TestWriter(t *testing.T) {
	for _, buffered := range []bool{false, true} {
		t.Run("buffered="+strconv.FormatBool(buffered), func(t *testing.T) {
			var buf bytes.Buffer
			s := NewWriter(&buf, textUTC, &WriterOptions{Buffered: buffered})
			for _, a := range sampleAlerts() {
				if err := s.Send(a); err != nil {
					t.Fatal(err)
				}
			}
			if buffered && buf.Len() != 0 {
				t.Errorf("buffered writer wrote %d bytes before Close", buf.Len())
			}
			if !buffered && strings.Count(buf.String(), "\n") != 3 {
				t.Errorf("unbuffered writer holds alerts back: %q", buf.String())
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			golden(t, "testdata/alerts-text.golden", buf.Bytes())
		})
	}
}

type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestWriterStickyError(t *testing.T) {
	w := &failWriter{}
	s := NewWriter(w, nil, nil)
	a := sampleAlerts()[0]
	if err := s.Send(a); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Send = %v, want the write error", err)
	}
	if err := s.Send(a); err == nil {
		t.Fatal("second Send after an error succeeded")
	}
	if w.n != 1 {
		t.Errorf("writer called %d times after its error, want 1", w.n)
	}
}

func TestFile(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run("keep_alive="+strconv.FormatBool(keep), func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "events.txt")
			if err := os.WriteFile(name, []byte("earlier line\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := OpenFile(name, &FileOptions{KeepAlive: keep, Format: textUTC})
			if err != nil {
				t.Fatal(err)
			}
			alerts := sampleAlerts()
			if err := s.Send(alerts[0]); err != nil {
				t.Fatal(err)
			}
			if !keep {
				// Reopened per alert: a rotated (moved away) file is
				// recreated at the next alert.
				if err := os.Rename(name, name+".1"); err != nil {
					t.Fatal(err)
				}
			}
			for _, a := range alerts[1:] {
				if err := s.Send(a); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(name)
			want, _ := os.ReadFile("testdata/alerts-text.golden")
			if keep {
				want = append([]byte("earlier line\n"), want...)
			} else {
				lines := strings.SplitAfter(string(want), "\n")
				first, _ := os.ReadFile(name + ".1")
				if string(first) != "earlier line\n"+lines[0] {
					t.Errorf("rotated file = %q", first)
				}
				want = []byte(strings.Join(lines[1:], ""))
			}
			if string(got) != string(want) {
				t.Errorf("file holds\n%s\nwant\n%s", got, want)
			}
		})
	}
	t.Run("unwritable", func(t *testing.T) {
		_, err := OpenFile(filepath.Join(t.TempDir(), "no", "such", "dir", "x.txt"), nil)
		if err == nil || !strings.Contains(err.Error(), "no/such/dir/x.txt") {
			t.Fatalf("OpenFile on a missing directory = %v, want an error naming the path", err)
		}
	})
	t.Run("no-name", func(t *testing.T) {
		if _, err := OpenFile("", nil); err == nil {
			t.Fatal("OpenFile(\"\") succeeded")
		}
	})
}

// rfc5424 matches the messages the syslog sink sends (header and message).
var rfc5424 = regexp.MustCompile(`^<(\d+)>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z) (\S+) (\S+) (\d+) - - (.*)$`)

func checkSyslog(t *testing.T, msgs []string, facility int) {
	t.Helper()
	alerts := sampleAlerts()
	if len(msgs) != len(alerts) {
		t.Fatalf("got %d messages, want %d: %q", len(msgs), len(alerts), msgs)
	}
	for i, m := range msgs {
		sub := rfc5424.FindStringSubmatch(m)
		if sub == nil {
			t.Fatalf("message %d is not RFC 5424: %q", i, m)
		}
		pri, _ := strconv.Atoi(sub[1])
		if want := facility*8 + int(alerts[i].Priority); pri != want {
			t.Errorf("message %d: PRI %d, want %d (facility %d, severity %d)", i, pri, want, facility, alerts[i].Priority)
		}
		if sub[3] != "sender-host" || sub[4] != "peregrine" || sub[5] != strconv.Itoa(os.Getpid()) {
			t.Errorf("message %d: header fields %q", i, sub[3:6])
		}
		if want := string(textUTC.AppendText(nil, alerts[i])); sub[6] != want {
			t.Errorf("message %d: body %q, want %q", i, sub[6], want)
		}
	}
}

func sendAll(t *testing.T, s Sink) {
	t.Helper()
	for _, a := range sampleAlerts() {
		if err := s.Send(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestSyslogUDP(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	s, err := DialSyslog(&SyslogOptions{Address: "udp://" + pc.LocalAddr().String(), Hostname: "sender-host", Format: textUTC, Facility: FacilityLocal0})
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, s)
	checkSyslog(t, readDatagrams(t, pc, 3), FacilityLocal0)
}

func TestSyslogUnixgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	pc, err := net.ListenPacket("unixgram", path)
	if err != nil {
		t.Skipf("no unixgram sockets here: %v", err)
	}
	defer pc.Close()
	// A bare path is tried as a datagram socket first, as /dev/log.
	s, err := DialSyslog(&SyslogOptions{Address: path, Hostname: "sender-host", Format: textUTC})
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, s)
	checkSyslog(t, readDatagrams(t, pc, 3), FacilityUser)
}

func readDatagrams(t *testing.T, pc net.PacketConn, n int) []string {
	t.Helper()
	var msgs []string
	buf := make([]byte, 70000)
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	for len(msgs) < n {
		k, _, err := pc.ReadFrom(buf)
		if err != nil {
			t.Fatalf("after %d messages: %v", len(msgs), err)
		}
		msgs = append(msgs, string(buf[:k]))
	}
	return msgs
}

func TestSyslogTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		// Octet counting (RFC 6587): "LEN SP MSG".
		r := bufio.NewReader(c)
		var msgs []string
		for {
			lenStr, err := r.ReadString(' ')
			if err != nil {
				break
			}
			n, err := strconv.Atoi(strings.TrimSpace(lenStr))
			if err != nil {
				break
			}
			m := make([]byte, n)
			if _, err := io.ReadFull(r, m); err != nil {
				break
			}
			msgs = append(msgs, string(m))
		}
		got <- msgs
	}()
	s, err := DialSyslog(&SyslogOptions{Address: "tcp://" + ln.Addr().String(), Hostname: "sender-host", Format: textUTC})
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, s)
	checkSyslog(t, <-got, FacilityUser)
}

func TestSyslogUnixStream(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Skipf("no unix sockets here: %v", err)
	}
	defer ln.Close()
	got := make(chan []string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- nil
			return
		}
		defer c.Close()
		var msgs []string
		sc := bufio.NewScanner(c)
		for sc.Scan() {
			msgs = append(msgs, sc.Text())
		}
		got <- msgs
	}()
	// The path only takes stream connections: the sink falls back to them.
	s, err := DialSyslog(&SyslogOptions{Address: path, Hostname: "sender-host", Format: textUTC})
	if err != nil {
		t.Fatal(err)
	}
	sendAll(t, s)
	checkSyslog(t, <-got, FacilityUser)
}

func TestSyslogAddress(t *testing.T) {
	tests := []struct {
		in, network, addr string
		err               bool
	}{
		{"", "unixgram|unix", "/dev/log", false},
		{"/run/log", "unixgram|unix", "/run/log", false},
		{"10.0.0.1:514", "udp", "10.0.0.1:514", false},
		{"udp://logs.example:5514", "udp", "logs.example:5514", false},
		{"tcp://logs.example", "tcp", "logs.example:514", false},
		{"unix:///dev/log", "unix", "/dev/log", false},
		{"unixgram:///dev/log", "unixgram", "/dev/log", false},
		{"http://x", "", "", true},
		{"logs.example", "", "", true},
		{"tcp://", "", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			n, a, err := parseSyslogAddress(tc.in)
			if tc.err {
				if err == nil {
					t.Fatalf("got %q %q, want an error", n, a)
				}
				return
			}
			if err != nil || n != tc.network || a != tc.addr {
				t.Fatalf("got %q %q %v, want %q %q", n, a, err, tc.network, tc.addr)
			}
		})
	}
	if _, err := DialSyslog(&SyslogOptions{Address: "unix://" + filepath.Join(t.TempDir(), "none")}); err == nil {
		t.Error("dialling a missing socket succeeded")
	}
}

func TestProgram(t *testing.T) {
	for _, keep := range []bool{false, true} {
		t.Run("keep_alive="+strconv.FormatBool(keep), func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "out")
			s, err := NewProgram("cat >> '"+out+"'", &ProgramOptions{KeepAlive: keep, Format: textUTC})
			if err != nil {
				t.Fatal(err)
			}
			// Event data that would run commands if it reached a shell.
			pwned := filepath.Join(dir, "pwned")
			evil := &Alert{Time: at, Rule: "r", Priority: PriorityCritical, Source: "syscall",
				Output: "x $(touch " + pwned + ") `touch " + pwned + "`; touch " + pwned + " | touch " + pwned}
			alerts := append(sampleAlerts(), evil)
			for _, a := range alerts {
				if err := s.Send(a); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var want []byte
			for _, a := range alerts {
				want = append(textUTC.AppendText(want, a), '\n')
			}
			if string(got) != string(want) {
				t.Errorf("program got\n%s\nwant\n%s", got, want)
			}
			if _, err := os.Stat(pwned); err == nil {
				t.Fatal("event data ran a command")
			}
		})
	}
	t.Run("keep_alive-starts-once", func(t *testing.T) {
		dir := t.TempDir()
		starts := filepath.Join(dir, "starts")
		s, err := NewProgram("echo started >> '"+starts+"'; cat > /dev/null", &ProgramOptions{KeepAlive: true})
		if err != nil {
			t.Fatal(err)
		}
		sendAll(t, s)
		b, _ := os.ReadFile(starts)
		if n := strings.Count(string(b), "started"); n != 1 {
			t.Errorf("program started %d times with keep_alive, want 1", n)
		}
	})
	t.Run("failing", func(t *testing.T) {
		var stderr bytes.Buffer
		s, err := NewProgram("cat > /dev/null; echo oops >&2; exit 3", &ProgramOptions{Stderr: &stderr})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Send(sampleAlerts()[0])
		if err == nil || !strings.Contains(err.Error(), "exit status 3") {
			t.Fatalf("Send = %v, want the exit status", err)
		}
		if stderr.String() != "oops\n" {
			t.Errorf("program stderr = %q", stderr.String())
		}
		s.Close()
	})
	t.Run("dies-early", func(t *testing.T) {
		s, err := NewProgram("exit 0", &ProgramOptions{KeepAlive: true})
		if err != nil {
			t.Fatal(err)
		}
		big := &Alert{Output: strings.Repeat("x", 1<<20)}
		var failed bool
		for range 3 {
			if err := s.Send(big); err != nil {
				failed = true
			}
		}
		if !failed {
			t.Error("writing to a program that exited never failed")
		}
		s.Close()
	})
	t.Run("empty", func(t *testing.T) {
		if _, err := NewProgram("  ", nil); err == nil {
			t.Fatal("NewProgram with no program succeeded")
		}
	})
}

// sidekick is a Falcosidekick-like receiver: it decodes the JSON body.
type sidekick struct {
	mu       sync.Mutex
	bodies   []map[string]any
	agents   []string
	failures atomic.Int32 // respond 503 this many more times
	status   int          // respond with this status (0: 200)
	delay    time.Duration
	calls    atomic.Int32
}

func (k *sidekick) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	k.calls.Add(1)
	if k.delay > 0 {
		time.Sleep(k.delay)
	}
	if k.failures.Load() > 0 {
		k.failures.Add(-1)
		w.Header().Set("Retry-After", "0")
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	if k.status != 0 {
		http.Error(w, "bad request: no", k.status)
		return
	}
	var body io.Reader = r.Body
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(r.Body)
		if err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		body = zr
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/json" {
		http.Error(w, "want a JSON POST", 400)
		return
	}
	var m map[string]any
	if err := json.NewDecoder(body).Decode(&m); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	k.mu.Lock()
	k.bodies = append(k.bodies, m)
	k.agents = append(k.agents, r.UserAgent())
	k.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func TestHTTP(t *testing.T) {
	fast := &HTTPOptions{Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond, Timeout: 2 * time.Second}
	t.Run("posts", func(t *testing.T) {
		for _, compress := range []bool{false, true} {
			k := &sidekick{}
			srv := httptest.NewServer(k)
			o := *fast
			o.UserAgent = "peregrine/test"
			o.Compress = compress
			s, err := NewHTTP(srv.URL+"/", &o)
			if err != nil {
				t.Fatal(err)
			}
			sendAll(t, s)
			srv.Close()
			if len(k.bodies) != 3 {
				t.Fatalf("server got %d alerts, want 3", len(k.bodies))
			}
			b := k.bodies[0]
			for _, key := range []string{"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"} {
				if _, ok := b[key]; !ok {
					t.Errorf("body lacks %q: %v", key, b)
				}
			}
			if b["rule"] != "Write below etc" || b["priority"] != "Warning" || b["time"] != "2024-05-06T07:08:09.123456789Z" {
				t.Errorf("body = %v", b)
			}
			if k.agents[0] != "peregrine/test" {
				t.Errorf("User-Agent = %q", k.agents[0])
			}
		}
	})
	t.Run("retries", func(t *testing.T) {
		k := &sidekick{}
		k.failures.Store(2)
		srv := httptest.NewServer(k)
		defer srv.Close()
		s, _ := NewHTTP(srv.URL, fast)
		if err := s.Send(sampleAlerts()[0]); err != nil {
			t.Fatalf("Send after two 503s = %v, want success on the third try", err)
		}
		if n := k.calls.Load(); n != 3 {
			t.Errorf("server called %d times, want 3", n)
		}
		s.Close()
	})
	t.Run("gives-up", func(t *testing.T) {
		k := &sidekick{}
		k.failures.Store(100)
		srv := httptest.NewServer(k)
		defer srv.Close()
		o := *fast
		o.Retries = 2
		s, _ := NewHTTP(srv.URL, &o)
		err := s.Send(sampleAlerts()[0])
		var se *HTTPStatusError
		if !errors.As(err, &se) || se.Code != 503 || !strings.Contains(err.Error(), "tried 3 times") {
			t.Fatalf("Send = %v, want a 503 after 3 tries", err)
		}
		if n := k.calls.Load(); n != 3 {
			t.Errorf("server called %d times, want 3", n)
		}
		s.Close()
	})
	t.Run("no-retry-on-4xx", func(t *testing.T) {
		k := &sidekick{status: http.StatusBadRequest}
		srv := httptest.NewServer(k)
		defer srv.Close()
		s, _ := NewHTTP(srv.URL, fast)
		err := s.Send(sampleAlerts()[0])
		if err == nil || !strings.Contains(err.Error(), "400") || !strings.Contains(err.Error(), "bad request: no") {
			t.Fatalf("Send = %v, want the 400 with its body", err)
		}
		if n := k.calls.Load(); n != 1 {
			t.Errorf("server called %d times for a 400, want 1", n)
		}
		s.Close()
	})
	t.Run("timeout", func(t *testing.T) {
		// The server answers long after the client's timeout; on a loaded
		// machine the second attempt may still be on its way to the handler
		// when Send returns, so the count is awaited, not sampled.
		k := &sidekick{delay: time.Second}
		srv := httptest.NewServer(k)
		defer srv.Close()
		o := *fast
		o.Timeout = 200 * time.Millisecond
		o.Retries = 1
		s, _ := NewHTTP(srv.URL, &o)
		err := s.Send(sampleAlerts()[0])
		if err == nil || !strings.Contains(err.Error(), "deadline exceeded") {
			t.Fatalf("Send to a slow server = %v, want a timeout", err)
		}
		for deadline := time.Now().Add(5 * time.Second); k.calls.Load() < 2 && time.Now().Before(deadline); {
			time.Sleep(10 * time.Millisecond)
		}
		if n := k.calls.Load(); n != 2 {
			t.Errorf("server called %d times, want 2", n)
		}
		s.Close()
	})
	t.Run("refused", func(t *testing.T) {
		ln, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := ln.Addr().String()
		ln.Close()
		o := *fast
		o.Retries = -1
		s, _ := NewHTTP("http://"+addr+"/", &o)
		if err := s.Send(sampleAlerts()[0]); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Fatalf("Send to a closed port = %v, want connection refused", err)
		}
		s.Close()
	})
	t.Run("bad-url", func(t *testing.T) {
		for _, u := range []string{"", "ftp://x/", "localhost:2801", "http://"} {
			if _, err := NewHTTP(u, nil); err == nil {
				t.Errorf("NewHTTP(%q) succeeded", u)
			}
		}
	})
}

type recordSink struct {
	mu     sync.Mutex
	got    []string
	err    error
	closed bool
}

func (r *recordSink) Send(a *Alert) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, a.Rule)
	return r.err
}

func (r *recordSink) Close() error { r.closed = true; return nil }

func TestDispatcher(t *testing.T) {
	good, bad := &recordSink{}, &recordSink{err: errors.New("down")}
	var reported atomic.Int32
	d := NewDispatcher([]Named{{"bad", bad}, {"good", good}}, &DispatcherOptions{
		Capacity: 2,
		OnError: func(e *SinkError) {
			if e.Sink != "bad" || !strings.Contains(e.Error(), "bad output: down") {
				t.Errorf("OnError(%v)", e)
			}
			reported.Add(1)
		},
	})
	var want []string
	for i := range 100 {
		r := "rule " + strconv.Itoa(i)
		want = append(want, r)
		if err := d.Send(&Alert{Rule: r}); err != nil {
			t.Fatal(err)
		}
	}
	err := d.Close()
	if err == nil || !strings.Contains(err.Error(), "bad output: down") {
		t.Errorf("Close = %v, want the failing sink's error", err)
	}
	if strings.Join(good.got, ",") != strings.Join(want, ",") {
		t.Errorf("good sink got %d alerts out of order or missing", len(good.got))
	}
	if !good.closed || !bad.closed {
		t.Error("Close did not close the sinks")
	}
	if reported.Load() != 100 || d.Failures()["bad"] != 100 {
		t.Errorf("reported %d errors, Failures %v; want 100", reported.Load(), d.Failures())
	}
	if err := d.Send(&Alert{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Send after Close = %v", err)
	}
}
