package difftest

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

var keep = flag.Bool("keep", false, "keep peregrine's output in $TMPDIR/peregrine-difftest/NAME.txt, for looking at differences")

// fields are the columns of testdata/format.txt, in order.
var fields = []string{
	"evt.num", "evt.type", "evt.res", "proc.name", "proc.exe", "proc.cmdline", "proc.pname",
	"proc.cwd", "proc.tty", "thread.tid", "user.name", "user.uid", "fd.num", "fd.name",
	"fd.type", "fd.typechar", "fd.directory", "fd.filename", "fd.sip", "fd.sport", "fd.cip",
	"fd.cport", "container.id", "evt.args",
}

// goldenFor names the golden a fixture is compared with, where it is not
// its own.
var goldenFor = map[string]struct{ golden, reason string }{
	"curl_google_comments": {"curl_google",
		"sysdig 0.29.3 cannot read a section header block with pcapng options (libs before 0.11 did not skip them); " +
			"the capture is curl_google.scap with a comment added, so its events must print the same"},
}

// An exception accepts a difference between sysdig's value of a field and
// Peregrine's, for a reason.
type exception struct {
	fixtures []string // nil for every fixture
	fields   []string
	// accept reports whether ours is acceptable where sysdig printed
	// want; line is sysdig's whole line, split into fields (col gives
	// the index of a field).
	accept func(want, ours string, line []string) bool
	reason string
}

// numOffsets says by how much Peregrine's evt.num may exceed sysdig's in
// a fixture, and why.
var numOffsets = map[string]struct {
	offset int
	reason string
}{
	"sample": {95, "sample.scap opens with 95 useradded/groupadded events (types 354 and 358). sysdig 0.29.3 " +
		"(libs of March 2022, PPM_EVENT_MAX 336) skips them without numbering them; current libs number " +
		"them, and so does Peregrine, so its numbers are 95 higher"},
}

var fdFields = []string{"fd.num", "fd.name", "fd.type", "fd.typechar", "fd.directory", "fd.filename", "fd.sip", "fd.sport", "fd.cip", "fd.cport"}

// exceptions are the differences that are by design or where Peregrine is
// right and sysdig 0.29.3 is not. docs/scap.md lists them too.
var exceptions = []exception{
	{
		fields: []string{"evt.args"},
		accept: argsMatch,
		reason: "an exit event carries its enter event's arguments too (one event per syscall, by design, as current " +
			"libs do): Peregrine prints every argument sysdig prints and may print more, in the catalogue's order. " +
			"Values match but for sysdig's rendering of lists (args, env, cgroups) with their terminating NUL as a " +
			"final '.' (Peregrine's lists have none, docs/format.md), sysdig's '...' truncation of long values, and " +
			"mmap's res, which current libs type errno and print in decimal where sysdig 0.29.3 printed hex",
	},
	{
		fields: []string{"proc.cwd"},
		accept: func(want, ours string, _ []string) bool { return want == "" && ours != "" },
		reason: "sysdig 0.29.3 prints an empty proc.cwd for processes it first meets at their execve exit (not in the " +
			"capture's process list), although the execve event carries the cwd; Peregrine takes it from there",
	},
	{
		fields: []string{"user.name", "user.uid"},
		accept: func(want, ours string, _ []string) bool {
			return (want == "<NA>" || want == "4294967295") && ours != "<NA>" && ours != "4294967295"
		},
		reason: "processes first met at their execve exit, whose old execve event carries no uid: sysdig 0.29.3 leaves " +
			"the user unknown; Peregrine gives them the user of their parent (the event's ptid, in the process list), " +
			"which a child inherits on fork",
	},
	{
		fields: []string{"proc.pname"},
		accept: func(want, ours string, line []string) bool { return want == line[col("proc.name")] && ours != want },
		reason: "a thread (clone with CLONE_THREAD) has its process's parent as parent, as the kernel and the clone " +
			"event's ptid say; sysdig 0.29.3 gives it the thread that created it",
	},
	{
		fields: fdFields,
		accept: func(want, _ string, line []string) bool {
			return want == "<NA>" && (line[col("evt.type")] == "mmap" || line[col("evt.type")] == "mmap2")
		},
		reason: "mmap and mmap2 use their fd argument in current libs (EF_USES_FD); in sysdig 0.29.3's event table " +
			"they did not, so it shows no fd fields for them",
	},
	{
		fields: []string{"fd.cport"},
		accept: func(want, ours string, line []string) bool {
			return want == "0" && ours == "<NA>" && line[col("fd.cip")] == "<NA>"
		},
		reason: "sysdig 0.29.3 prints client port 0 for sockets with no client end (listening and Unix sockets); " +
			"Peregrine prints <NA>",
	},
	{
		fields: []string{"fd.name"},
		accept: func(want, ours string, line []string) bool {
			res := line[col("evt.res")]
			return line[col("evt.type")] == "connect" && res != "SUCCESS" && res != "EINPROGRESS" && ours == ""
		},
		reason: "a failed connect (not EINPROGRESS) leaves the fd as it was in current libs (parse_connect_exit); " +
			"sysdig 0.29.3 named it after the tuple of the failed connection",
	},
	{
		fixtures: []string{"test_ipv6_client"},
		fields:   []string{"fd.name", "fd.sip", "fd.sport"},
		accept: func(want, ours string, line []string) bool {
			return (line[0] == "231" || line[0] == "233" || line[0] == "238") &&
				(ours == "2001:4860:4860::8888" || ours == "53" || strings.HasSuffix(ours, "->2001:4860:4860::8888:53"))
		},
		reason: "event 231 connects the UDP socket again, to [2001:4860:4860::8888]:53 (res=0); Peregrine follows it, " +
			"sysdig 0.29.3 keeps the first connection's [::1]:2345",
	},
	{
		fixtures: []string{"ping_sendto"},
		fields:   fdFields,
		accept:   func(_, _ string, line []string) bool { return line[col("evt.type")] == "sendmsg" },
		reason: "ping's ICMP socket was opened before the capture and is not in its fd list: sysdig 0.29.3 leaves it " +
			"unknown, Peregrine takes its addresses (10.0.2.15 -> 128.32.41.1) from the sendmsg tuple",
	},
	{
		fixtures: []string{"cat_write"},
		fields:   []string{"evt.type"},
		accept:   func(want, ours string, line []string) bool { return line[0] == "201" && ours == "fadvise64" },
		reason: "a generic syscall event with ID 0 and nativeID 221: sysdig 0.29.3 prints <unknown>; current libs, " +
			"and Peregrine, name it from its native number (fadvise64 on amd64)",
	},
}

// pending are differences reported to the owner of the code that makes
// them (replay), expected to go away: they are tolerated and logged, and
// an entry that no longer matches anything fails the test, so that it is
// removed.
var pending = []exception{}

// col returns the column of a field.
func col(name string) int {
	for i, f := range fields {
		if f == name {
			return i
		}
	}
	panic("difftest: no field " + name)
}

func (e *exception) applies(fixture, field string) bool {
	return (e.fixtures == nil || slices.Contains(e.fixtures, fixture)) && slices.Contains(e.fields, field)
}

// runDiff compares peregrine's output with the golden and returns the
// differences, one line each, and how many events were compared. Events
// are matched by evt.num (allowing for numOffsets).
func runDiff(fixture string, golden, ours []byte, pendingHits []int) (diffs []string, compared int) {
	offset := numOffsets[fixture].offset
	got := map[int][]string{}
	var gotOrder []int
	for _, line := range dataLines(ours) {
		g := strings.Split(line, "\t")
		if len(g) != len(fields) {
			diffs = append(diffs, fmt.Sprintf("%s: peregrine printed %d fields, want %d: %q", fixture, len(g), len(fields), line))
			continue
		}
		n := atoi(g[0]) - offset
		got[n] = g
		gotOrder = append(gotOrder, n)
	}
	seen := map[int]bool{}
	for i, line := range dataLines(golden) {
		w := strings.Split(line, "\t")
		if len(w) != len(fields) {
			diffs = append(diffs, fmt.Sprintf("%s: golden line %d has %d fields, want %d", fixture, i+1, len(w), len(fields)))
			continue
		}
		n := atoi(w[0])
		seen[n] = true
		g, ok := got[n]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s: evt.num %s: sysdig prints this event, peregrine does not", fixture, w[0]))
			continue
		}
		compared++
		for j, name := range fields[1:] {
			j++
			if w[j] == g[j] || accepted(fixture, name, w[j], g[j], w, pendingHits) {
				continue
			}
			diffs = append(diffs, fmt.Sprintf("%s: evt.num %s: %s: sysdig %q, peregrine %q", fixture, w[0], name, w[j], g[j]))
		}
	}
	for _, n := range gotOrder {
		if !seen[n] {
			diffs = append(diffs, fmt.Sprintf("%s: evt.num %s: peregrine prints this event, sysdig does not", fixture, got[n][0]))
		}
	}
	return diffs, compared
}

// accepted reports whether an exception accepts a difference; pendingHits
// counts the pending entries that do.
func accepted(fixture, field, want, ours string, line []string, pendingHits []int) bool {
	for i := range exceptions {
		if e := &exceptions[i]; e.applies(fixture, field) && e.accept(want, ours, line) {
			return true
		}
	}
	for i := range pending {
		if e := &pending[i]; e.applies(fixture, field) && e.accept(want, ours, line) {
			if pendingHits != nil {
				pendingHits[i]++
			}
			return true
		}
	}
	return false
}

// dataLines returns the lines of b that are not comments.
func dataLines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		if line := sc.Text(); !strings.HasPrefix(line, "# ") {
			out = append(out, line)
		}
	}
	return out
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1 << 31
	}
	return n
}

// argsMatch reports whether every NAME=VALUE of want is in ours, with the
// same value or one that differs only as the evt.args exception says.
func argsMatch(want, ours string, line []string) bool {
	typ := line[col("evt.type")]
	names := argNames(typ)
	w, g := splitArgs(want, names), splitArgs(ours, names)
	if w == nil || g == nil {
		return false
	}
	for name, v := range w {
		gv, ok := g[name]
		if !ok {
			return false
		}
		if !sameArg(typ, name, v, gv) {
			return false
		}
	}
	return true
}

// sameArg compares one argument's rendering by sysdig (w) and Peregrine.
func sameArg(typ, name, w, g string) bool {
	switch {
	case w == g:
		return true
	case (name == "args" || name == "env" || name == "cgroups") && w == g+".":
		return true // the terminating NUL
	case strings.HasSuffix(w, "...") && strings.HasPrefix(g, strings.TrimSuffix(w, "...")):
		return true // sysdig's truncation
	case (typ == "mmap" || typ == "mmap2") && name == "res":
		hex, err1 := strconv.ParseUint(w, 16, 64)
		dec, err2 := strconv.ParseUint(g, 10, 64)
		return err1 == nil && err2 == nil && hex == dec
	}
	return false
}

// argNames returns the parameter names evt.args may hold for an event
// type: the catalogue's.
func argNames(typ string) map[string]bool {
	t, ok := format.LookupEvent(typ)
	if !ok {
		return nil
	}
	names := map[string]bool{}
	for _, p := range t.Info().Params {
		names[p.Name] = true
	}
	return names
}

// splitArgs splits sysdig's evt.args rendering ("fd=3(<f>/etc/passwd)
// name=/etc/passwd flags=1(O_RDONLY) ") into its values by name. A value
// may hold spaces; a new argument starts only at " NAME=" with NAME one of
// names. It returns nil if the text does not parse.
func splitArgs(s string, names map[string]bool) map[string]string {
	s = strings.TrimSuffix(s, " ")
	out := map[string]string{}
	if s == "" {
		return out
	}
	name, rest, ok := strings.Cut(s, "=")
	if !ok || !names[name] {
		return nil
	}
	for {
		end := len(rest)
		next := ""
		for i := 0; i < len(rest); i++ {
			if rest[i] != ' ' {
				continue
			}
			n, _, ok := strings.Cut(rest[i+1:], "=")
			if ok && names[n] && !strings.ContainsAny(n, " ") {
				end, next = i, n
				break
			}
		}
		out[name] = rest[:end]
		if next == "" {
			return out
		}
		rest = rest[end+1+len(next)+1:]
		name = next
	}
}

// peregrine is the binary under test, built once by TestMain.
var peregrine string

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if bin := os.Getenv("PEREGRINE_BIN"); bin != "" {
			peregrine = bin
			return m.Run()
		}
		dir, err := os.MkdirTemp("", "peregrine-difftest")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		peregrine = filepath.Join(dir, "peregrine")
		gobin, err := exec.LookPath("go")
		if err != nil {
			gobin = "/usr/local/go/bin/go" // where the Go toolchain lives on the project's machines
		}
		build := exec.Command(gobin, "build", "-o", peregrine, "github.com/peregrine-sec/peregrine/cmd/peregrine")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "difftest: build peregrine:", err)
			return 1
		}
		return m.Run()
	}()
	os.Exit(code)
}

// TestAgainstSysdig runs peregrine dump over every fixture and compares
// its output with sysdig's.
func TestAgainstSysdig(t *testing.T) {
	format, err := os.ReadFile("testdata/format.txt")
	if err != nil {
		t.Fatal(err)
	}
	pfmt := strings.TrimSuffix(string(format), "\n")
	fixtures, err := filepath.Glob("../testdata/*.scap")
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	keepDir := filepath.Join(os.TempDir(), "peregrine-difftest")
	if *keep {
		os.MkdirAll(keepDir, 0o755)
		t.Logf("peregrine's output goes to %s", keepDir)
	}
	total := 0
	pendingHits := make([]int, len(pending))
	for _, fx := range fixtures {
		name := strings.TrimSuffix(filepath.Base(fx), ".scap")
		t.Run(name, func(t *testing.T) {
			gname := name
			if g, ok := goldenFor[name]; ok {
				gname = g.golden
			}
			golden, err := os.ReadFile(filepath.Join("testdata/golden", gname+".txt"))
			if err != nil {
				t.Fatalf("no golden for %s (run make golden): %v", name, err)
			}
			cmd := exec.Command(peregrine, "dump", fx, "-p", pfmt, "evt.dir=<")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("peregrine dump %s: %v\n%s", fx, err, stderr.String())
			}
			if *keep {
				os.WriteFile(filepath.Join(keepDir, name+".txt"), stdout.Bytes(), 0o644)
			}
			diffs, n := runDiff(name, golden, stdout.Bytes(), pendingHits)
			total += n
			const show = 40
			for i, d := range diffs {
				if i == show {
					t.Errorf("... and %d more differences", len(diffs)-show)
					break
				}
				t.Error(d)
			}
		})
	}
	t.Logf("%d events compared field by field", total)
	for i, p := range pending {
		if pendingHits[i] == 0 {
			t.Errorf("pending difference no longer seen, remove it from pending: %s", p.reason)
		} else {
			t.Logf("pending (reported, to be fixed in replay): %d differences: %s", pendingHits[i], p.reason)
		}
	}
}

// TestDiffCatchesDifferences checks the comparison itself: a golden
// compared with itself has no differences, and each kind of change is
// caught or accepted as the exceptions say.
func TestDiffCatchesDifferences(t *testing.T) {
	golden, err := os.ReadFile("testdata/golden/curl_google.txt")
	if err != nil {
		t.Fatal(err)
	}
	lines := dataLines(golden)
	if len(lines) < 100 {
		t.Fatalf("golden has %d lines", len(lines))
	}
	edit := func(line, field int, f func(string) string) []byte {
		out := append([]string(nil), lines...)
		cols := strings.Split(out[line], "\t")
		cols[field] = f(cols[field])
		out[line] = strings.Join(cols, "\t")
		return []byte(strings.Join(out, "\n") + "\n")
	}
	col := func(name string) int {
		for i, f := range fields {
			if f == name {
				return i
			}
		}
		t.Fatalf("no field %s", name)
		return -1
	}
	// Line 4 of curl_google's golden is an open exit:
	// fd=3(<f>/etc/ld.so.cache) name=/etc/ld.so.cache flags=4097(O_RDONLY|O_CLOEXEC) mode=0
	if !strings.Contains(lines[4], "\topen\t") {
		t.Fatalf("line 4 is %q", lines[4])
	}
	tests := []struct {
		name    string
		fixture string
		ours    []byte
		diffs   int
	}{
		{"identical", "curl_google", golden, 0},
		{"changed_proc_name", "curl_google", edit(4, col("proc.name"), func(string) string { return "wget" }), 1},
		{"changed_fd_name", "curl_google", edit(4, col("fd.name"), func(string) string { return "/etc/shadow" }), 1},
		{"missing_line", "curl_google", []byte(strings.Join(lines[1:], "\n")), 1},
		{"extra_line", "curl_google", []byte(strings.Join(append([]string{strings.Replace(lines[0], "211", "1", 1)}, lines...), "\n")), 1},
		{"extra_args_accepted", "curl_google", edit(4, col("evt.args"), func(s string) string { return s + "dev=0 " }), 0},
		{"args_reordered_accepted", "curl_google", edit(4, col("evt.args"), func(string) string {
			return "mode=0 name=/etc/ld.so.cache fd=3(<f>/etc/ld.so.cache) flags=4097(O_RDONLY|O_CLOEXEC) "
		}), 0},
		{"arg_value_changed", "curl_google", edit(4, col("evt.args"), func(s string) string { return strings.Replace(s, "mode=0", "mode=1", 1) }), 1},
		{"arg_missing", "curl_google", edit(4, col("evt.args"), func(s string) string { return strings.Replace(s, "mode=0 ", "", 1) }), 1},
		{"num_offset_only_for_sample", "curl_google", edit(4, col("evt.num"), func(s string) string { return strconv.Itoa(atoi(s) + 95) }), 2},
		{"num_offset_sample", "sample", shiftNums(lines, 95), 0},
		{"num_offset_sample_wrong", "sample", shiftNums(lines, 94), 2 * len(lines)},
		{"too_many_fields", "curl_google", edit(4, col("evt.args"), func(string) string { return "x\ty" }), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, _ := runDiff(tt.fixture, golden, tt.ours, nil)
			if len(diffs) != tt.diffs {
				t.Errorf("%d differences, want %d: %q", len(diffs), tt.diffs, diffs[:min(len(diffs), 5)])
			}
		})
	}
}

// shiftNums returns lines with evt.num increased by d.
func shiftNums(lines []string, d int) []byte {
	var b strings.Builder
	for _, l := range lines {
		num, rest, _ := strings.Cut(l, "\t")
		fmt.Fprintf(&b, "%d\t%s\n", atoi(num)+d, rest)
	}
	return []byte(b.String())
}

func TestSplitArgs(t *testing.T) {
	names := argNames("execve")
	got := splitArgs("res=0 exe=curl args=-6.http://www.google.com. tid=17497(curl) cwd=/home/my dir env=A=B.C=D ", names)
	want := map[string]string{"res": "0", "exe": "curl", "args": "-6.http://www.google.com.", "tid": "17497(curl)", "cwd": "/home/my dir", "env": "A=B.C=D"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if splitArgs("bogus=1 ", names) != nil {
		t.Error("unknown first name accepted")
	}
}
