package replay

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// writeCapture writes a capture of n synthetic events (seed picks the
// stream) with the given hostname, returning its path.
func writeCapture(t testing.TB, dir string, n int, seed uint64, hostname string, extra func(w *format.FileWriter, i int, last *format.Event)) string {
	t.Helper()
	s := format.NewSynth(seed)
	hdr := s.Header()
	if hostname != "" {
		hdr.Hostname = hostname
	}
	name := filepath.Join(dir, hostname+"-"+strings.Repeat("x", int(seed%3))+".pcap")
	w, err := format.Create(name, hdr, s.Snapshot(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev format.Event
	for i := range n {
		s.Next(&ev)
		ev.Num = uint64(i + 1)
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
		if extra != nil {
			extra(w, i, &ev)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

func TestOpenInput(t *testing.T) {
	dir := t.TempDir()
	capture := writeCapture(t, dir, 100, 1, "h1", nil)
	garbage := filepath.Join(dir, "garbage.bin")
	os.WriteFile(garbage, []byte("this is not a capture"), 0o644)
	empty := filepath.Join(dir, "empty.bin")
	os.WriteFile(empty, nil, 0o644)
	gz := filepath.Join(dir, "capture.pcap.gz")
	raw, _ := os.ReadFile(capture)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(raw)
	zw.Close()
	os.WriteFile(gz, b.Bytes(), 0o644)

	tests := []struct {
		name    string
		path    string
		wantErr error
		events  int
		says    string // in the error
	}{
		{"peregrine capture", capture, nil, 100, ""},
		{"gzip-compressed capture", gz, nil, 100, ""},
		{"scap fixture (gzip)", fixtureDir + "/cat_write.scap", nil, -1, ""},
		{"scap fixture (plain)", fixtureDir + "/sample.scap", nil, -1, ""},
		{"not a capture", garbage, ErrUnknownInput, 0, "starts with 74 68 69 73"},
		{"empty file", empty, ErrUnknownInput, 0, "is empty"},
		{"directory", dir, ErrUnknownInput, 0, "is a directory"},
		{"missing file", filepath.Join(dir, "nope"), os.ErrNotExist, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if strings.HasPrefix(tc.path, fixtureDir) {
				needFixture(t, tc.path)
			}
			in, err := OpenInput(tc.path)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("OpenInput error = %v, want %v", err, tc.wantErr)
				}
				if !strings.Contains(err.Error(), filepath.Base(tc.path)) || !strings.Contains(err.Error(), tc.says) {
					t.Errorf("error %q does not name the file or does not say %q", err, tc.says)
				}
				return
			}
			if err != nil {
				t.Fatalf("OpenInput: %v", err)
			}
			defer in.Close()
			st, err := Run(context.Background(), &Options{Inputs: []format.EventReader{in}})
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			if tc.events >= 0 && st.Events != uint64(tc.events) {
				t.Errorf("events = %d, want %d", st.Events, tc.events)
			}
			if st.Events == 0 {
				t.Errorf("no events read")
			}
			if sz, ok := in.(sized); !ok || sz.BytesRead() == 0 || sz.Size() == 0 {
				t.Errorf("input does not report the bytes read")
			}
		})
	}
}

func TestRunMergesInputsInTimeOrder(t *testing.T) {
	dir := t.TempDir()
	a := writeCapture(t, dir, 3000, 1, "alpha", nil)
	b := writeCapture(t, dir, 3000, 2, "beta", nil)
	var ins []format.EventReader
	for _, p := range []string{a, b} {
		in, err := OpenInput(p)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		ins = append(ins, in)
	}
	host := mustBind(t, "evt.hostname")
	name := mustBind(t, "proc.name")
	var last int64
	hosts := map[string]int{}
	named := 0
	st, err := Run(context.Background(), &Options{Inputs: ins, OnEvent: func(ev fields.Event, e *format.Event) {
		if e.Time < last {
			t.Fatalf("event at %d after one at %d: not in time order", e.Time, last)
		}
		last = e.Time
		hosts[host(ev).Str]++
		if v := name(ev); v.OK && v.Str != "<NA>" {
			named++
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 6000 || hosts["alpha"] != 3000 || hosts["beta"] != 3000 {
		t.Errorf("events = %d, by host %v; want 3000 from each", st.Events, hosts)
	}
	if named < 5900 {
		t.Errorf("only %d of 6000 events have a known process: states mixed up", named)
	}
	if st.Files != 2 || st.EventsByType["read"] == 0 || st.PeakThreads == 0 {
		t.Errorf("stats = %+v", st)
	}
}

func mustBind(t testing.TB, ref string) fields.Extractor {
	t.Helper()
	r, err := fields.Default.Parse(ref)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := Fields().Bind(r.Field, r.Arg)
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func TestRunSinceUntilAndDrops(t *testing.T) {
	dir := t.TempDir()
	var drop format.Event
	lost := format.MustParam(format.EvDrop, "lost")
	p := writeCapture(t, dir, 2000, 3, "drops", func(w *format.FileWriter, i int, last *format.Event) {
		if i == 999 || i == 1999 {
			drop.Reset(format.EvDrop, format.DirExit)
			drop.Time = last.Time
			drop.CPU = 2
			drop.SetInt(lost, int64(10*(i+1)))
			if err := w.WriteEvent(&drop); err != nil {
				t.Fatal(err)
			}
		}
	})
	// Run twice: everything, then a window.
	all := runFile(t, p, nil)
	if all.Events != 2002 || len(all.Drops) != 2 {
		t.Fatalf("events %d drops %d, want 2002 and 2", all.Events, len(all.Drops))
	}
	if all.Drops[0].Lost != 10000 || all.Drops[1].Start != all.Drops[0].End || all.Drops[0].CPU != 2 {
		t.Errorf("drops = %+v", all.Drops)
	}
	var times []int64
	var seen []Drop
	mid := all.Drops[0].End
	st := runFile(t, p, &Options{Since: mid, OnEvent: func(ev fields.Event, e *format.Event) { times = append(times, e.Time) },
		OnDrop: func(d Drop) { seen = append(seen, d) }})
	if st.Events != 2002 {
		t.Errorf("events read = %d, want all 2002 (the state needs them)", st.Events)
	}
	for _, tm := range times {
		if tm < mid {
			t.Fatalf("event at %d before --since %d passed to OnEvent", tm, mid)
		}
	}
	if len(times) == 0 || len(times) > 1100 {
		t.Errorf("%d events passed the window", len(times))
	}
	if len(seen) != 2 {
		t.Errorf("OnDrop saw %d drops, want the 2 that end in the window", len(seen))
	}
}

func runFile(t *testing.T, path string, o *Options) *Stats {
	t.Helper()
	in, err := OpenInput(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	if o == nil {
		o = &Options{}
	}
	o.Inputs = []format.EventReader{in}
	st, err := Run(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestRunCancelled(t *testing.T) {
	dir := t.TempDir()
	p := writeCapture(t, dir, 50000, 4, "cancel", nil)
	in, err := OpenInput(p)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	st, err := Run(ctx, &Options{Inputs: []format.EventReader{in}, OnEvent: func(fields.Event, *format.Event) {
		n++
		if n == 10000 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	if st == nil || st.Events < 10000 || st.Events >= 50000 {
		t.Fatalf("stats after cancel = %+v", st)
	}
}

func TestRunNoInputs(t *testing.T) {
	if _, err := Run(context.Background(), &Options{}); !errors.Is(err, ErrNoInputs) {
		t.Fatalf("err = %v, want ErrNoInputs", err)
	}
}

const testRules = `
- macro: open_read
  condition: evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.num>=0

- rule: Read of etc files
  desc: a process reads a file below /etc
  condition: open_read and fd.directory = /etc and not proc.name in (nginx)
  output: "%proc.name read %fd.name (user=%user.name parent=%proc.pname cmd=%proc.cmdline)"
  priority: WARNING
  tags: [filesystem, test]

- rule: Outbound HTTPS
  desc: a connection to port 443
  condition: evt.type = connect and evt.arg.addr endswith ":443" and evt.rawres in (0, -115)
  output: "%proc.name connected to %evt.arg.addr"
  priority: NOTICE
`

func compileTestRules(t testing.TB, text string) *rules.Engine {
	t.Helper()
	set, diags := rules.Load(rules.File{Name: "test_rules.yaml", Data: []byte(text)})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	eng, diags := rules.Compile(set, &rules.Options{Values: Fields(), EventTypes: EventTypeNames()})
	if err := diags.Err(); err != nil {
		t.Fatal(err)
	}
	return eng
}

func TestRunRaisesAlerts(t *testing.T) {
	dir := t.TempDir()
	p := writeCapture(t, dir, 20000, 5, "alerts", nil)
	eng := compileTestRules(t, testRules)
	// Count with a filter what the rules should find.
	want := map[string]int{}
	for name, cond := range map[string]string{
		"Read of etc files": "evt.type in (open, openat, openat2) and evt.is_open_read=true and fd.num>=0 and fd.directory = /etc and not proc.name in (nginx)",
		"Outbound HTTPS":    `evt.type = connect and evt.arg.addr endswith ":443" and evt.rawres in (0, -115)`,
	} {
		f, err := rules.CompileFilter(cond, nil, &rules.Options{Values: Fields(), EventTypes: EventTypeNames()})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		runFile(t, p, &Options{Filter: f, OnEvent: func(fields.Event, *format.Event) { n++ }})
		want[name] = n
	}
	if want["Read of etc files"] == 0 || want["Outbound HTTPS"] == 0 {
		t.Fatalf("the synthetic capture has nothing to find: %v", want)
	}
	var alerts []*Alert
	st := runFile(t, p, &Options{Engine: eng, OnAlert: func(a *Alert) { alerts = append(alerts, a) }})
	got := map[string]int{}
	for _, a := range alerts {
		got[a.Rule.Name]++
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s fired %d times, want %d", name, got[name], n)
		}
	}
	if st.Alerts != uint64(len(alerts)) || st.ByPriority[rules.Warning] != uint64(want["Read of etc files"]) ||
		st.ByPriority[rules.Notice] != uint64(want["Outbound HTTPS"]) {
		t.Errorf("stats = alerts %d by priority %v, want %v", st.Alerts, st.ByPriority, want)
	}
	if len(st.ByRule) != 2 || st.ByRule[0].Rule != "Read of etc files" {
		t.Errorf("ByRule = %+v, want both rules in load order", st.ByRule)
	}
	a := alerts[0]
	for _, x := range alerts {
		if x.Rule.Name == "Read of etc files" {
			a = x
			break
		}
	}
	if !strings.Contains(a.Output, " read /etc/") || !strings.Contains(a.Output, "user=") ||
		a.Hostname != "alerts" || a.Source != "syscall" || len(a.Tags) != 2 || a.Priority != rules.Warning {
		t.Errorf("alert = %+v", a)
	}
	if name, _ := a.OutputFields["fd.name"].(string); !strings.HasPrefix(name, "/etc/") {
		t.Errorf("output_fields = %v: fd.name was overwritten after the event", a.OutputFields)
	}
}

// TestRunFilterEventTypes: Run skips the filter for event types its
// condition cannot match; what it passes on is what evaluating the
// condition on every event gives.
func TestRunFilterEventTypes(t *testing.T) {
	syn := writeCapture(t, t.TempDir(), 20000, 9, "types", nil)
	files := []string{syn, filepath.Join(fixtureDir, "syscall.scap"), filepath.Join(fixtureDir, "curl_google.scap")}
	conds := []string{
		"evt.type in (open, openat) and fd.name startswith /etc",
		"evt.type = connect",
		"evt.type = close or proc.name = curl",
		"not evt.type = read",
		"evt.type in (getpid, brk, mmap, futex)",
		"proc.name = bash",
	}
	matched := map[string]int{}
	for _, file := range files {
		for _, cond := range conds {
			t.Run(filepath.Base(file)+"/"+cond, func(t *testing.T) {
				if file != syn {
					needFixture(t, file)
				}
				opts := &rules.Options{Values: Fields(), EventTypes: EventTypeNames()}
				f, err := rules.CompileFilter(cond, nil, opts)
				if err != nil {
					t.Fatal(err)
				}
				all, err := rules.CompileFilter(cond, nil, opts)
				if err != nil {
					t.Fatal(err)
				}
				var got, want []uint64
				runFile(t, file, &Options{Filter: f, OnEvent: func(_ fields.Event, e *format.Event) { got = append(got, e.Num) }})
				runFile(t, file, &Options{OnEvent: func(ev fields.Event, e *format.Event) {
					if all.Match(ev) {
						want = append(want, e.Num)
					}
				}})
				if !slices.Equal(got, want) {
					t.Fatalf("with the type skip %d events, evaluating every event %d", len(got), len(want))
				}
				matched[cond] += len(want)
			})
		}
	}
	for _, cond := range conds {
		if matched[cond] == 0 {
			t.Errorf("%q matches nothing in the captures: the test proves nothing for it", cond)
		}
	}
}
