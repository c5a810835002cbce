package replay

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules"
)

// benchEvents is the size of the benchmark capture: PEREGRINE_BENCH_EVENTS,
// or a size small enough for CI's single iteration.
func benchEvents() int {
	if s := os.Getenv("PEREGRINE_BENCH_EVENTS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 300_000
}

// benchCapture returns a synthetic capture of n events, written once per
// size into PEREGRINE_BENCH_DIR (or the temporary directory) and reused.
func benchCapture(b testing.TB, n int) string {
	b.Helper()
	dir := os.Getenv("PEREGRINE_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	name := filepath.Join(dir, fmt.Sprintf("peregrine-bench-%d.pcap", n))
	if st, err := os.Stat(name); err == nil && st.Size() > 0 {
		return name
	}
	s := format.NewSynth(42)
	tmp := name + ".tmp"
	w, err := format.Create(tmp, s.Header(), s.Snapshot(), nil)
	if err != nil {
		b.Fatal(err)
	}
	var ev format.Event
	for i := range n {
		s.Next(&ev)
		ev.Num = uint64(i + 1)
		if err := w.WriteEvent(&ev); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, name); err != nil {
		b.Fatal(err)
	}
	return name
}

// upstreamRules are the Falco rule files the compatibility benchmark runs.
var upstreamRules = []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"}

func loadRuleFiles(b testing.TB, paths []string) *rules.Engine {
	b.Helper()
	set, diags := rules.LoadFiles(paths...)
	if err := diags.Err(); err != nil {
		b.Fatal(err)
	}
	return compileSet(b, set)
}

func compileSet(b testing.TB, set *rules.Set) *rules.Engine {
	b.Helper()
	eng, diags := rules.Compile(set, &rules.Options{Values: Fields(), EventTypes: EventTypeNames()})
	if err := diags.Err(); err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkReplay replays a synthetic capture with no rules (the read
// floor), with Peregrine's default rules and with the upstream Falco rule
// files, reporting events/s. The capture is format.Synth's: a web and
// database host as the recorder sees it, per 1000 events about 358 read,
// 29 pread, 218 write, 18 writev, 137 openat, 5 open, 148 close, 10
// socket each followed by its connect, 15 accept4, 20 sendto, 20
// recvfrom, 5 unlinkat, 1 pipe2 and 3 each of clone, execve and procexit
// (short-lived commands), fds reused lowest-first; see format/synth.go.
func BenchmarkReplay(b *testing.B) {
	n := benchEvents()
	path := benchCapture(b, n)
	var up []string
	for _, f := range upstreamRules {
		up = append(up, filepath.Join("../../shared/fixtures/falco-rules", f))
	}
	cases := []struct {
		name  string
		rules func(b *testing.B) *rules.Engine
	}{
		{"floor", func(*testing.B) *rules.Engine { return nil }},
		{"default", func(b *testing.B) *rules.Engine {
			set, diags := rules.Load(rules.DefaultFiles()...)
			if err := diags.Err(); err != nil {
				b.Fatal(err)
			}
			return compileSet(b, set)
		}},
		{"upstream", func(b *testing.B) *rules.Engine {
			needFixture(b, up[0])
			return loadRuleFiles(b, up)
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			eng := tc.rules(b)
			var events uint64
			b.ReportAllocs()
			cpu0 := processCPU()
			for b.Loop() {
				in, err := OpenInput(path)
				if err != nil {
					b.Fatal(err)
				}
				st, err := Run(context.Background(), &Options{Inputs: []format.EventReader{in}, Engine: eng})
				in.Close()
				if err != nil {
					b.Fatal(err)
				}
				events += st.Events
			}
			cpu := processCPU() - cpu0
			b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
			if cpu > 0 {
				// CPU time of all goroutines (reading, decoding, state,
				// rules, GC) per event: what the replay costs, less
				// sensitive than the wall time to a busy machine.
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(events), "cpu-ns/event")
			}
		})
	}
}

// BenchmarkApply measures the state update alone (no reading, no rules) on
// a stream of synthetic events held in memory in batches, as the pipeline
// hands them over, from a fresh state each round.
func BenchmarkApply(b *testing.B) {
	s := format.NewSynth(7)
	snap := s.Snapshot()
	const n = 200_000
	var buf bytes.Buffer
	w, err := format.NewWriter(&buf, s.Header(), snap, nil)
	if err != nil {
		b.Fatal(err)
	}
	var ev format.Event
	for range n {
		s.Next(&ev)
		if err := w.WriteEvent(&ev); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	r, err := format.NewReader(&buf, nil)
	if err != nil {
		b.Fatal(err)
	}
	var evs []*format.Event
	for {
		bt := format.NewBatch(batchEvents)
		if err := r.ReadBatch(bt); err != nil {
			break
		}
		for i := range bt.Events {
			evs = append(evs, &bt.Events[i])
		}
	}
	c := &evalContext{}
	b.ReportAllocs()
	rounds := 0
	for b.Loop() {
		b.StopTimer()
		h := newHostState("bench")
		h.load(snap)
		b.StartTimer()
		for _, e := range evs {
			h.apply(c, e)
		}
		rounds++
	}
	b.ReportMetric(float64(rounds*len(evs))/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rounds*len(evs)), "ns/event")
}

// TestHotPathAllocations checks that applying the common events and
// extracting the common fields does not allocate once the state is warm.
func TestHotPathAllocations(t *testing.T) {
	s := format.NewSynth(11)
	h := newHostState("allocs")
	h.load(s.Snapshot())
	evs := make([]format.Event, 0, 4096)
	for len(evs) < cap(evs) {
		var e format.Event
		s.Next(&e)
		switch e.Type {
		case format.EvRead, format.EvWrite, format.EvPread, format.EvWritev, format.EvOpen, format.EvOpenat,
			format.EvClose, format.EvSocket, format.EvConnect, format.EvAccept4, format.EvSendto, format.EvRecvfrom:
			var cp format.Event
			cp.CopyFrom(&e)
			evs = append(evs, cp)
		}
	}
	c := &evalContext{}
	var exs []func()
	for _, ref := range []string{"proc.name", "proc.cmdline", "proc.pname", "fd.name", "fd.directory", "fd.typechar",
		"evt.type", "user.name", "container.id", "proc.aname[2]", "evt.res", "fd.num", "proc.exepath", "evt.is_open_read",
		"fd.sip", "fd.sport", "fd.rip", "fd.l4proto", "fd.filename", "evt.rawres", "proc.pid", "thread.tid", "evt.dir"} {
		ex := mustBind(t, ref)
		exs = append(exs, func() { ex(c) })
	}
	// Warm up: the paths and threads of the stream are known.
	for i := range evs {
		h.apply(c, &evs[i])
	}
	i := 0
	avg := testing.AllocsPerRun(20000, func() {
		h.apply(c, &evs[i%len(evs)])
		for _, f := range exs {
			f()
		}
		i++
	})
	if avg > 0.01 {
		t.Fatalf("%.3f allocations per event on the hot path, want none", avg)
	}
	runtime.KeepAlive(c)
}

// TestRunAllocations replays synthetic captures and checks that the whole
// pipeline (reading, decoding, the state, the run loop) allocates only for
// what is new (processes, their threads and names, connections), never per
// event: the allocations a capture's second half adds are counted.
func TestRunAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	const n = 50_000
	dir := t.TempDir()
	run := func(path string, want uint64) float64 {
		return testing.AllocsPerRun(1, func() {
			in, err := OpenInput(path)
			if err != nil {
				t.Fatal(err)
			}
			defer in.Close()
			st, err := Run(context.Background(), &Options{Inputs: []format.EventReader{in}})
			if err != nil {
				t.Fatal(err)
			}
			if st.Events != want {
				t.Fatalf("%d events, want %d", st.Events, want)
			}
		})
	}
	half := run(writeCapture(t, dir, n, 12, "half", nil), n)
	whole := run(writeCapture(t, dir, 2*n, 12, "whole", nil), 2*n)
	// The synthetic mix clones and execs 3 processes per 1000 events,
	// accepts and connects 25 sockets (whose names are new) and opens a
	// new temporary file now and then: some dozens of allocations per
	// 1000 events.
	if per := (whole - half) / n; per > 0.1 {
		t.Errorf("%.0f allocations for %d more events (%.3f per event)", whole-half, n, per)
	}
}

// TestReplayPeakRSS replays a capture of PEREGRINE_RSS_EVENTS synthetic
// events (written first if missing) and prints the process's peak
// resident memory: scripts/bench-replay.sh runs it for a capture and for
// one ten times longer, in separate processes, to show that memory follows
// the live state, not the capture's length.
func TestReplayPeakRSS(t *testing.T) {
	s := os.Getenv("PEREGRINE_RSS_EVENTS")
	if s == "" {
		t.Skip("set PEREGRINE_RSS_EVENTS to measure")
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("PEREGRINE_RSS_EVENTS=%q: want a positive number", s)
	}
	path := benchCapture(t, n)
	if os.Getenv("PEREGRINE_RSS_GENERATE_ONLY") != "" {
		return
	}
	in, err := OpenInput(path)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	st, err := Run(context.Background(), &Options{Inputs: []format.EventReader{in}})
	if err != nil {
		t.Fatal(err)
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status on this system:", err)
	}
	hwm := ""
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			hwm = strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("rss events=%d peak_rss=%s peak_threads=%d heap_sys=%dKiB elapsed=%s\n",
		st.Events, hwm, st.PeakThreads, ms.HeapSys>>10, st.Elapsed.Round(time.Millisecond))
}
