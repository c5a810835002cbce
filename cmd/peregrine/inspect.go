package main

import (
	"cmp"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// inspectReport is what inspect learns about one file; --json prints it.
type inspectReport struct {
	File          string            `json:"file"`
	Format        string            `json:"format"`
	Source        string            `json:"source,omitempty"`
	Sequence      int               `json:"sequence"`
	Hostname      string            `json:"hostname,omitempty"`
	KernelRelease string            `json:"kernel_release,omitempty"`
	BootID        string            `json:"boot_id,omitempty"`
	Arch          string            `json:"arch,omitempty"`
	CPUs          int               `json:"cpus,omitempty"`
	Recorder      string            `json:"recorder,omitempty"`
	Options       map[string]string `json:"options,omitempty"`
	StartTime     int64             `json:"start_time_ns"`
	FirstEvent    int64             `json:"first_event_ns,omitempty"`
	LastEvent     int64             `json:"last_event_ns,omitempty"`
	Events        int64             `json:"events"`
	EventsByType  map[string]int64  `json:"events_by_type"`
	Snapshot      snapshotCounts    `json:"snapshot"`
	Drops         dropCounts        `json:"drops"`
	Blocks        int               `json:"blocks"`
	Indexed       bool              `json:"indexed"`
	Bytes         int64             `json:"bytes"`
	RawBytes      int64             `json:"raw_bytes"`
	BytesPerEvent float64           `json:"bytes_per_event"`
	Integrity     integrityReport   `json:"integrity"`
	Warnings      []string          `json:"warnings,omitempty"`
	Error         string            `json:"error,omitempty"`
}

type snapshotCounts struct {
	Time       int64 `json:"time_ns"`
	Threads    int   `json:"threads"`
	FDs        int   `json:"fds"`
	Users      int   `json:"users"`
	Groups     int   `json:"groups"`
	Containers int   `json:"containers"`
	Interfaces int   `json:"interfaces"`
}

type dropCounts struct {
	Events int64             `json:"events"`           // drop events in the file
	Lost   uint64            `json:"lost"`             // events the recorder lost, as its drop events count them
	ByCPU  map[string]uint64 `json:"by_cpu,omitempty"` // lost events per CPU
}

type integrityReport struct {
	Verdict   format.Verdict `json:"verdict"`
	BadBlock  *int           `json:"bad_block,omitempty"`
	BadOffset *int64         `json:"bad_offset,omitempty"`
	Problem   string         `json:"problem,omitempty"`
	BytesLost int64          `json:"bytes_lost,omitempty"`
	FinalHash string         `json:"final_hash"`
}

func runInspect(ctx context.Context, e *env) error {
	fs := newFlags(e, "inspect", "inspect [--verify] [--json] FILE...")
	verify := fs.Bool("verify", false, "exit with status 1 unless every file is intact, naming the first bad block")
	asJSON := fs.Bool("json", false, "print a JSON array with one object per file")
	sample := fs.String("sample", "", "write a sample capture of synthetic events to `FILE` and exit")
	_ = fs.MarkHidden("sample")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if *sample != "" {
		return writeSample(*sample, e.stdout)
	}
	if fs.NArg() == 0 {
		return usagef("no capture file given")
	}

	var reports []*inspectReport
	failed := 0
	for _, name := range fs.Args() {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		rep, err := inspectFile(ctx, name)
		if err != nil {
			failed++
			rep = &inspectReport{File: name, Error: err.Error()}
			if !*asJSON {
				fmt.Fprintf(e.stderr, "peregrine inspect: %v\n", err)
			}
		} else if !*asJSON {
			printInspect(e.stdout, rep)
		}
		reports = append(reports, rep)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(reports); err != nil {
			return fmt.Errorf("write report: %w", err)
		}
	}

	var bad []string
	if *verify {
		for _, r := range reports {
			if r.Error == "" && r.Integrity.Verdict != format.VerdictIntact {
				bad = append(bad, describeDamage(r))
			}
		}
	}
	switch {
	case failed > 0 || len(bad) > 0:
		msg := strings.Join(bad, "\n")
		if failed > 0 && len(reports) > 1 {
			msg = strings.TrimPrefix(msg+"\n"+strconv.Itoa(failed)+" of "+strconv.Itoa(len(reports))+" files could not be read", "\n")
		}
		var err error
		if msg != "" {
			err = errors.New(msg)
		}
		return &exitCodeError{code: exitError, err: err}
	}
	return nil
}

// describeDamage says what is wrong with a file that is not intact.
func describeDamage(r *inspectReport) string {
	in := r.Integrity
	s := fmt.Sprintf("%s: %s", r.File, in.Verdict)
	if in.BadBlock != nil {
		s += fmt.Sprintf(" at block %d", *in.BadBlock)
	}
	if in.BadOffset != nil {
		s += fmt.Sprintf(" (offset %d)", *in.BadOffset)
	}
	if in.Problem != "" {
		s += ": " + in.Problem
	}
	return s
}

// inspectFile opens, reads and verifies one capture: a Peregrine capture,
// or a sysdig/Falco .scap file (which has no integrity data to verify).
func inspectFile(ctx context.Context, name string) (*inspectReport, error) {
	kind, err := sniffFile(name)
	if err != nil {
		return nil, err
	}
	if kind == format.KindScap || kind == format.KindGzip {
		return inspectScap(ctx, name)
	}
	f, err := format.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := f.Header()
	rep := newReport(name, h, f.Snapshot())
	rep.Format = fmt.Sprintf("%d.%d", h.Version.Major, h.Version.Minor)
	rep.Indexed, rep.Bytes = f.Indexed(), f.Size()
	for _, w := range f.Warnings() {
		rep.Warnings = append(rep.Warnings, w.Error())
	}
	for _, b := range f.Blocks() {
		rep.Blocks++
		rep.RawBytes += int64(b.Raw)
	}

	r, err := f.NewReaderAt(math.MinInt64)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if err := countEvents(ctx, rep, r); err != nil {
		return nil, err
	}
	st := r.Stats()
	for _, w := range r.Warnings() {
		rep.Warnings = append(rep.Warnings, w.Error())
	}
	if st.UnknownEvents > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d events of types this version does not know were skipped", st.UnknownEvents))
	}

	v, err := f.Verify()
	if err != nil {
		return nil, err
	}
	rep.Integrity = integrityReport{Verdict: v.Verdict, Problem: v.Problem, BytesLost: v.BytesLost, FinalHash: hex.EncodeToString(v.FinalHash[:])}
	if v.BadBlock >= 0 {
		rep.Integrity.BadBlock = &v.BadBlock
	}
	if v.BadOffset >= 0 {
		rep.Integrity.BadOffset = &v.BadOffset
	}
	return rep, nil
}

// verdictUnverifiable is the integrity verdict of .scap files: they carry
// no checksums or hash chain, so nothing tells an edited file from an
// intact one.
const verdictUnverifiable format.Verdict = "unverifiable"

// inspectScap reports on a sysdig/Falco capture.
func inspectScap(ctx context.Context, name string) (*inspectReport, error) {
	r, err := scap.Open(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rep := newReport(name, r.Header(), r.Snapshot())
	rep.Format = "scap"
	if err := countEvents(ctx, rep, r); err != nil {
		return nil, err
	}
	st := r.Stats()
	rep.Blocks, rep.RawBytes = int(st.Blocks), st.Bytes
	if fi, err := os.Stat(name); err == nil {
		rep.Bytes = fi.Size()
		if rep.Events > 0 {
			rep.BytesPerEvent = float64(rep.Bytes) / float64(rep.Events)
		}
	}
	warnings, n := r.Warnings()
	for _, w := range warnings {
		rep.Warnings = append(rep.Warnings, w.Error())
	}
	if n > len(warnings) {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("and %d more warnings", n-len(warnings)))
	}
	if st.Skipped > 0 {
		rep.Warnings = append(rep.Warnings, fmt.Sprintf("%d events skipped (damaged, or of types this version does not know)", st.Skipped))
	}
	rep.Integrity = integrityReport{Verdict: verdictUnverifiable, Problem: "a .scap file carries no checksums or hash chain; convert it to seal what it holds from now on"}
	return rep, nil
}

// newReport fills the facts every capture's header and snapshot give.
func newReport(name string, h *format.Header, s *format.Snapshot) *inspectReport {
	return &inspectReport{
		File: name, Source: h.Source, Sequence: h.Sequence, Hostname: h.Hostname,
		KernelRelease: h.KernelRelease, BootID: h.BootID, Arch: h.Arch, CPUs: h.CPUs,
		Recorder: h.Recorder, Options: h.Options, StartTime: h.StartTime,
		EventsByType: map[string]int64{},
		Snapshot: snapshotCounts{Time: s.Time, Threads: len(s.Threads), FDs: len(s.FDs), Users: len(s.Users),
			Groups: len(s.Groups), Containers: len(s.Containers), Interfaces: len(s.Interfaces)},
	}
}

// countEvents reads every event of r into rep: counts by type, time range
// and drop records.
func countEvents(ctx context.Context, rep *inspectReport, r format.EventReader) error {
	lost := format.MustParam(format.EvDrop, "lost")
	var ev format.Event
	first, last := int64(math.MaxInt64), int64(math.MinInt64)
	byType := make([]int64, format.NumEventTypes)
	for n := 0; ; n++ {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if n&0xffff == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rep.Events++
		byType[ev.Type]++
		first, last = min(first, ev.Time), max(last, ev.Time)
		if ev.Type == format.EvDrop {
			rep.Drops.Events++
			if v, ok := ev.Param(lost); ok {
				if rep.Drops.ByCPU == nil {
					rep.Drops.ByCPU = map[string]uint64{}
				}
				rep.Drops.Lost += v.Uint()
				rep.Drops.ByCPU[strconv.Itoa(int(ev.CPU))] += v.Uint()
			}
		}
	}
	for t, n := range byType {
		if n > 0 {
			rep.EventsByType[format.EventType(t).String()] = n
		}
	}
	if rep.Events > 0 {
		rep.FirstEvent, rep.LastEvent = first, last
		rep.BytesPerEvent = float64(rep.Bytes) / float64(rep.Events)
	}
	return nil
}

// sniffFile tells what kind of capture name is from its first bytes.
func sniffFile(name string) (format.Kind, error) {
	f, err := os.Open(name)
	if err != nil {
		return 0, fmt.Errorf("open capture: %w", err)
	}
	defer f.Close()
	head := make([]byte, format.SniffLen)
	n, _ := io.ReadFull(f, head)
	return format.Sniff(head[:n]), nil
}

func printInspect(w io.Writer, r *inspectReport) {
	p := func(label, format string, args ...any) {
		fmt.Fprintf(w, "  %-13s %s\n", label, fmt.Sprintf(format, args...))
	}
	fmt.Fprintf(w, "%s\n", r.File)
	p("format", "%s, source %s, sequence %d", r.Format, orNone(r.Source), r.Sequence)
	p("host", "%s, kernel %s, %s, %d CPUs, boot id %s", orNone(r.Hostname), orNone(r.KernelRelease), orNone(r.Arch), r.CPUs, orNone(r.BootID))
	rec := orNone(r.Recorder)
	if len(r.Options) > 0 {
		var opts []string
		for _, k := range slices.Sorted(mapKeys(r.Options)) {
			opts = append(opts, k+"="+r.Options[k])
		}
		rec += " (" + strings.Join(opts, " ") + ")"
	}
	p("recorder", "%s", rec)
	p("started", "%s", fmtTime(r.StartTime))
	if r.Events > 0 {
		p("time range", "%s .. %s (%s)", fmtTime(r.FirstEvent), fmtTime(r.LastEvent), time.Duration(r.LastEvent-r.FirstEvent))
	} else {
		p("time range", "no events")
	}
	switch {
	case r.Format == "scap":
		p("events", "%d in %d blocks", r.Events, r.Blocks)
	case r.Indexed:
		p("events", "%d in %d blocks (indexed)", r.Events, r.Blocks)
	default:
		p("events", "%d in %d blocks (no index: scanned)", r.Events, r.Blocks)
	}
	p("size", "%s on disk, %s uncompressed, %.2f bytes/event", fmtBytes(r.Bytes), fmtBytes(r.RawBytes), r.BytesPerEvent)
	s := r.Snapshot
	p("snapshot", "%d threads, %d fds, %d users, %d groups, %d containers, %d interfaces", s.Threads, s.FDs, s.Users, s.Groups, s.Containers, s.Interfaces)
	switch {
	case r.Drops.Events == 0:
		p("drops", "none reported")
	case r.Drops.ByCPU == nil:
		p("drops", "%d drop events (without counts)", r.Drops.Events)
	default:
		var per []string
		for _, c := range slices.SortedFunc(mapKeys(r.Drops.ByCPU), func(a, b string) int {
			x, _ := strconv.Atoi(a)
			y, _ := strconv.Atoi(b)
			return cmp.Compare(x, y)
		}) {
			per = append(per, fmt.Sprintf("cpu %s: %d", c, r.Drops.ByCPU[c]))
		}
		p("drops", "%d events lost (%s)", r.Drops.Lost, strings.Join(per, ", "))
	}
	in := r.Integrity
	switch in.Verdict {
	case format.VerdictIntact:
		p("integrity", "intact (checksums, hash chain, index and footer verified)")
	case verdictUnverifiable:
		p("integrity", "%s: %s", in.Verdict, in.Problem)
	default:
		p("integrity", "%s", strings.TrimPrefix(describeDamage(r), r.File+": "))
	}
	if in.FinalHash != "" {
		p("final hash", "%s", in.FinalHash)
	}
	for _, wn := range r.Warnings {
		p("warning", "%s", wn)
	}
	if len(r.EventsByType) > 0 {
		fmt.Fprintf(w, "  events by type\n")
		types := slices.SortedFunc(mapKeys(r.EventsByType), func(a, b string) int {
			if c := cmp.Compare(r.EventsByType[b], r.EventsByType[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		for _, t := range types {
			fmt.Fprintf(w, "    %-16s %10d\n", t, r.EventsByType[t])
		}
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fmtTime(ns int64) string {
	if ns == 0 {
		return "-"
	}
	return time.Unix(0, ns).UTC().Format("2006-01-02T15:04:05.000000000Z")
}

func fmtBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// writeSample writes a capture of synthetic events (format.Synth) for
// `make run` and demonstrations, with a couple of drop events.
func writeSample(name string, stdout io.Writer) error {
	s := format.NewSynth(1)
	hdr := s.Header()
	hdr.Recorder = "peregrine " + version + " (sample)"
	w, err := format.Create(name, hdr, s.Snapshot(), nil)
	if err != nil {
		return err
	}
	var ev format.Event
	ratio, lost := format.MustParam(format.EvDrop, "ratio"), format.MustParam(format.EvDrop, "lost")
	const n = 200_000
	for i := range n {
		s.Next(&ev)
		if err := w.WriteEvent(&ev); err != nil {
			w.Close()
			return err
		}
		if i%50_000 == 49_999 {
			// A recorder flushes at least every second and reports what
			// the ring buffer lost.
			t := ev.Time
			ev.Reset(format.EvDrop, format.DirExit)
			ev.Time, ev.CPU, ev.TID, ev.PID = t, uint16(i/50_000), 0, 0
			ev.SetInt(ratio, 1)
			ev.SetInt(lost, int64(17*(i/50_000+1)))
			if err := w.WriteEvent(&ev); err != nil {
				w.Close()
				return err
			}
			if err := w.Flush(); err != nil {
				w.Close()
				return err
			}
		}
	}
	if err := w.Close(); err != nil {
		return err
	}
	st := w.Stats()
	fmt.Fprintf(stdout, "wrote %s: %d synthetic events, %s\n", name, st.Events, fmtBytes(st.Bytes))
	return nil
}
