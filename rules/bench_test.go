package rules

import (
	"net/netip"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/peregrine-sec/peregrine/rules/fields"
)

// upstreamFiles are the three upstream Falco rule files (test fixtures).
func upstreamFiles(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, n := range []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"} {
		out = append(out, filepath.Join("..", "..", "shared", "fixtures", "falco-rules", n))
	}
	return out
}

// slotSource binds every field reference to a slot of a benchEvent, so
// extraction is an array index: the benchmark measures the rules engine,
// not extraction.
type slotSource struct {
	slots map[string]int
}

type benchEvent struct {
	vals []fields.Value
}

func (s *slotSource) Bind(f *fields.Field, arg string) (fields.Extractor, error) {
	key := f.Name
	if arg != "" {
		key += "[" + arg + "]"
	}
	slot, ok := s.slots[key]
	if !ok {
		slot = len(s.slots)
		s.slots[key] = slot
	}
	return func(ev fields.Event) fields.Value {
		e := ev.(*benchEvent)
		if slot < len(e.vals) {
			return e.vals[slot]
		}
		return fields.Value{}
	}, nil
}

// typedSlotSource is a slotSource that also binds typed extractors
// (fields.TypedSource), as an analyzer may for its most used fields.
type typedSlotSource struct {
	slotSource
}

func (s *typedSlotSource) slot(f *fields.Field, arg string) int {
	key := f.Name
	if arg != "" {
		key += "[" + arg + "]"
	}
	slot, ok := s.slots[key]
	if !ok {
		slot = len(s.slots)
		s.slots[key] = slot
	}
	return slot
}

func (s *typedSlotSource) BindString(f *fields.Field, arg string) (fields.StringExtractor, error) {
	slot := s.slot(f, arg)
	return func(ev fields.Event) (string, bool) {
		e := ev.(*benchEvent)
		if slot < len(e.vals) {
			return e.vals[slot].Str, e.vals[slot].OK
		}
		return "", false
	}, nil
}

func (s *typedSlotSource) BindInt(f *fields.Field, arg string) (fields.IntExtractor, error) {
	slot := s.slot(f, arg)
	return func(ev fields.Event) (int64, bool) {
		e := ev.(*benchEvent)
		if slot < len(e.vals) {
			return e.vals[slot].Int, e.vals[slot].OK
		}
		return 0, false
	}, nil
}

// event fills a benchEvent from the values of a testEvent.
func (s *slotSource) event(te *testEvent) *benchEvent {
	be := &benchEvent{vals: make([]fields.Value, len(s.slots))}
	for key, slot := range s.slots {
		if v, ok := te.vals[key]; ok {
			be.vals[slot] = v
		}
	}
	return be
}

type mixEntry struct {
	typ    string
	weight int
	kv     []any
}

// eventMix is a realistic mix of syscalls on a busy host: mostly reads,
// writes and closes, a fair share of opens, some execs and connections.
func eventMix() []mixEntry {
	ip := netip.MustParseAddr
	proc := func(name, cmdline, pname string, kv ...any) []any {
		return append([]any{"proc.name", name, "proc.cmdline", cmdline, "proc.pname", pname, "proc.exe", name,
			"proc.exepath", "/usr/bin/" + name, "proc.args", "", "user.name", "app", "user.uid", 1000, "user.loginuid", 1000,
			"proc.tty", 0, "container.id", "host", "proc.aname[2]", "systemd", "proc.aname[3]", "", "proc.aname", []string{pname, "systemd"},
			"proc.pcmdline", pname, "proc.sname", "bash", "group.gid", 1000, "evt.rawres", 0, "evt.res", "SUCCESS"}, kv...)
	}
	return []mixEntry{
		{"read", 30, proc("nginx", "nginx: worker", "nginx", "fd.num", 12, "fd.typechar", "4", "fd.type", "ipv4", "fd.name", "10.0.0.2:443->10.0.0.9:51000")},
		{"write", 25, proc("nginx", "nginx: worker", "nginx", "fd.num", 13, "fd.typechar", "f", "fd.type", "file", "fd.name", "/var/log/nginx/access.log")},
		{"close", 12, proc("python3", "python3 app.py", "bash", "fd.num", 5, "fd.typechar", "f", "fd.name", "/tmp/x")},
		{"openat", 8, proc("python3", "python3 app.py", "bash", "fd.num", 6, "fd.typechar", "f", "fd.type", "file", "fd.name", "/usr/lib/python3/os.py",
			"fd.directory", "/usr/lib/python3", "fd.filename", "os.py", "evt.is_open_read", true, "evt.is_open_write", false, "evt.arg.flags", "O_RDONLY|O_CLOEXEC")},
		{"openat", 3, proc("cat", "cat /etc/passwd", "bash", "fd.num", 3, "fd.typechar", "f", "fd.type", "file", "fd.name", "/etc/passwd",
			"fd.directory", "/etc", "fd.filename", "passwd", "evt.is_open_read", true, "evt.is_open_write", false, "evt.arg.flags", "O_RDONLY")},
		{"openat", 2, proc("vi", "vi /etc/hosts", "bash", "fd.num", 4, "fd.typechar", "f", "fd.type", "file", "fd.name", "/etc/hosts",
			"fd.directory", "/etc", "fd.filename", "hosts", "evt.is_open_read", false, "evt.is_open_write", true, "evt.arg.flags", "O_WRONLY|O_CREAT|O_TRUNC")},
		{"open", 2, proc("ls", "ls -l", "bash", "fd.num", 3, "fd.typechar", "d", "fd.type", "directory", "fd.name", "/home/app",
			"evt.is_open_read", true, "evt.is_open_write", false)},
		{"execve", 3, proc("bash", "bash -c ls", "sshd", "proc.args", "-c ls", "proc.tty", 34816, "evt.arg.flags", "")},
		{"execve", 2, proc("ls", "ls -l", "bash", "proc.args", "-l")},
		{"connect", 3, proc("curl", "curl https://example.com", "bash", "fd.num", 5, "fd.typechar", "4", "fd.type", "ipv4", "fd.l4proto", "tcp",
			"fd.sockfamily", "ip", "fd.sip", ip("93.184.216.34"), "fd.cip", ip("10.0.0.2"), "fd.sport", 443, "fd.cport", 40000,
			"fd.rip", ip("93.184.216.34"), "fd.lip", ip("10.0.0.2"), "fd.rport", 443, "fd.lport", 40000, "fd.name", "10.0.0.2:40000->93.184.216.34:443")},
		{"accept4", 1, proc("nginx", "nginx: worker", "nginx", "fd.num", 14, "fd.typechar", "4", "fd.l4proto", "tcp", "fd.sip", ip("10.0.0.2"), "fd.sport", 443)},
		{"mmap", 5, proc("python3", "python3 app.py", "bash")},
		{"fstat", 4, proc("python3", "python3 app.py", "bash", "fd.num", 6)},
	}
}

// mixEvents expands the mix into a sequence of events and their types.
func mixEvents(tb testing.TB, src *slotSource) ([]int, []*benchEvent) {
	var types []int
	var evs []*benchEvent
	for _, m := range eventMix() {
		kv := append([]any{"evt.type", m.typ}, m.kv...)
		ev := src.event(mkEvent(tb, kv...))
		for i := 0; i < m.weight; i++ {
			types = append(types, typeIndex(tb, m.typ))
			evs = append(evs, ev)
		}
	}
	// Interleave so consecutive events differ.
	n := len(types)
	for i := 0; i < n; i++ {
		j := (i * 37) % n
		types[i], types[j] = types[j], types[i]
		evs[i], evs[j] = evs[j], evs[i]
	}
	return types, evs
}

func compileUpstream(tb testing.TB, opts *Options) *Engine {
	tb.Helper()
	s, d := LoadFiles(upstreamFiles(tb)...)
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	e, d := Compile(s, opts)
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return e
}

// BenchmarkCompileUpstream loads and compiles the three upstream Falco
// rule files, binding every field.
func BenchmarkCompileUpstream(b *testing.B) {
	files := upstreamFiles(b)
	b.ReportAllocs()
	start := time.Now()
	n := 0
	for b.Loop() {
		s, d := LoadFiles(files...)
		if err := d.Err(); err != nil {
			b.Fatal(err)
		}
		_, d = Compile(s, &Options{Values: &slotSource{slots: map[string]int{}}, EventTypes: testTypes})
		if err := d.Err(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(time.Since(start).Milliseconds())/float64(n), "ms/compile")
}

// BenchmarkEvalDefault evaluates Peregrine's default rules over the same
// mix of events.
func BenchmarkEvalDefault(b *testing.B) {
	src := &slotSource{slots: map[string]int{}}
	s, d := Load(DefaultFiles()...)
	if err := d.Err(); err != nil {
		b.Fatal(err)
	}
	e, d := Compile(s, &Options{Values: src, EventTypes: testTypes})
	if err := d.Err(); err != nil {
		b.Fatal(err)
	}
	benchEval(b, e, src)
}

// BenchmarkEvalUpstream evaluates the compiled upstream rule set, under
// rule_matching first and all, over a realistic mix of events; "typed"
// with typed extractors (fields.TypedSource).
func BenchmarkEvalUpstream(b *testing.B) {
	for _, mode := range []struct {
		name  string
		m     Matching
		typed bool
	}{{"first", MatchFirst, false}, {"all", MatchAll, false}, {"typed", MatchFirst, true}} {
		b.Run(mode.name, func(b *testing.B) {
			src := &slotSource{slots: map[string]int{}}
			var values fields.Source = src
			if mode.typed {
				ts := &typedSlotSource{slotSource{slots: src.slots}}
				values = ts
			}
			e := compileUpstream(b, &Options{Values: values, EventTypes: testTypes, Matching: mode.m})
			benchEval(b, e, src)
		})
	}
}

// benchEval evaluates the event mix with e and reports wall and CPU time
// per event (CPU time: the machine may be shared).
func benchEval(b *testing.B, e *Engine, src *slotSource) {
	types, evs := mixEvents(b, src)
	ev := e.NewEvaluator()
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	i, n := 0, 0
	start, cpu := time.Now(), threadCPUTime()
	for b.Loop() {
		ev.Eval(types[i], evs[i])
		i++
		if i == len(evs) {
			i = 0
		}
		n++
	}
	el, cpuEl := time.Since(start), threadCPUTime()-cpu
	b.ReportMetric(float64(el.Nanoseconds())/float64(n), "ns/event")
	if cpuEl > 0 {
		b.ReportMetric(float64(cpuEl.Nanoseconds())/float64(n), "cpu-ns/event")
	}
	b.ReportMetric(float64(n)/el.Seconds(), "events/s")
	if err := ev.Err(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkRender renders a sysdig-style -p format (peregrine dump -p)
// over the event mix: per event, it must not allocate.
func BenchmarkRender(b *testing.B) {
	src := &slotSource{slots: map[string]int{}}
	f, err := CompileFormat("%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args %fd.name %toupper(user.name)",
		&Options{Values: src, EventTypes: testTypes})
	if err != nil {
		b.Fatal(err)
	}
	_, evs := mixEvents(b, src)
	var buf []byte
	b.ReportAllocs()
	i, n := 0, 0
	for b.Loop() {
		buf = f.Render(evs[i], buf[:0])
		i++
		if i == len(evs) {
			i = 0
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
