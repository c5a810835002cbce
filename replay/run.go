package replay

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// ErrNoInputs is returned by Run when Options has no inputs.
var ErrNoInputs = errors.New("replay: no inputs")

// Options configure Run. The zero value of each field is its documented
// default.
type Options struct {
	// Inputs are the capture files to replay, as opened by OpenInput (or
	// any format.EventReader). Their events are merged in timestamp order
	// (a rotated set, or captures of several hosts). Each input keeps its
	// own host state, built from its opening snapshot: a rotated file's
	// snapshot describes its host fully, so files never share state. Run
	// does not close them.
	Inputs []format.EventReader

	// Engine holds the compiled rules (rules.Compile with Fields() as
	// Values and EventTypeNames() as EventTypes). Nil means no rules: the
	// replay only reads, updates the state and calls OnEvent.
	Engine *rules.Engine

	// Filter, if set, restricts the events that are evaluated and passed
	// to OnEvent to those it matches (replay --filter, dump CONDITION).
	// Compile it as the Engine (Fields() as Values, EventTypeNames() as
	// EventTypes): Run does not evaluate it on event types its condition
	// cannot match (Filter.EventTypes).
	Filter *rules.Filter

	// Since and Until bound, in ns since the Unix epoch, the events that
	// are evaluated and passed to OnEvent; 0 means unbounded. Events
	// outside still update the state.
	Since, Until int64

	// OnEvent, if set, is called for every event that passes
	// Since/Until and Filter, after the state has been updated, in
	// order. ev is the fields.Event to extract fields from; both ev and e
	// are valid only during the call.
	OnEvent func(ev fields.Event, e *format.Event)

	// OnAlert, if set, is called for every alert, in order. The Alert is
	// the callee's to keep.
	OnAlert func(*Alert)

	// OnDrop, if set, is called for every drop record whose interval
	// overlaps Since/Until. All drops are in Stats.Drops.
	OnDrop func(Drop)

	// Progress, if set, is called a few times per second (and once at the
	// end) with how far the replay is.
	Progress func(Progress)
}

// Alert is a rule that matched an event. It owns its values: nothing in it
// points into Run's buffers.
type Alert struct {
	Time     int64 // of the event, ns since the Unix epoch
	Rule     *rules.Rule
	Priority rules.Priority
	// Output is the rule's output rendered for the event, without the time
	// and priority prefix.
	Output string
	// OutputFields are the values of the fields the output names, as
	// Falco's JSON output_fields.
	OutputFields map[string]any
	Hostname     string // of the recorded host
	Source       string // "syscall"
	Tags         []string
}

// Drop is a record of events the recorder lost: how many, on which CPU,
// between which times.
type Drop struct {
	File       string
	CPU        int
	Lost       uint64
	Start, End int64 // ns since the Unix epoch
}

// Progress says how far a replay is.
type Progress struct {
	Files      int   // inputs
	FilesDone  int   // inputs read to their end
	BytesRead  int64 // read from the input files so far, when known
	BytesTotal int64 // size of the input files, 0 when unknown
	Events     uint64
	Elapsed    time.Duration
}

// RuleCount is how often one rule fired.
type RuleCount struct {
	Rule  string
	Count uint64
}

// NumPriorities is the number of rule priorities (rules.Emergency to
// rules.Debug).
const NumPriorities = int(rules.Debug) + 1

// Stats summarise a replay.
type Stats struct {
	Events       uint64            // events read
	EventsByType map[string]uint64 // by evt.type
	Alerts       uint64
	// ByPriority counts the alerts by rules.Priority.
	ByPriority [NumPriorities]uint64
	// ByRule counts the alerts by rule, in the rules' load order; rules
	// that did not fire are left out.
	ByRule  []RuleCount
	Drops   []Drop
	Elapsed time.Duration
	Files   int
	// Warnings are the inputs' warnings: damaged blocks skipped, unknown
	// event types, and the like.
	Warnings []error
	// PeakThreads is the largest thread table any input's state reached.
	PeakThreads int
}

// EventsPerSecond is the replay's rate.
func (s *Stats) EventsPerSecond() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Events) / s.Elapsed.Seconds()
}

// namer is the optional interface of inputs that know their file name.
type namer interface{ Name() string }

// sized is the optional interface of inputs that know their size.
type sized interface {
	BytesRead() int64
	Size() int64
}

// source is one input being replayed.
type source struct {
	r     format.EventReader
	name  string
	pf    *prefetch
	ev    *format.Event // the next event, in pf's batch
	h     *hostState
	c     evalContext
	done  bool
	drops map[uint16]int64 // time of the previous drop record per CPU
}

// runState is what Run keeps across events.
type runState struct {
	opts    *Options
	st      *Stats
	byType  [format.NumEventTypes]uint64
	eval    *rules.Evaluator
	byRule  []uint64 // by rule, in the engine's load order
	ruleIdx map[*rules.Rule]int
	// filterTypes, when not nil, says by index in EventTypeNames which
	// event types Options.Filter can match: the others skip it.
	filterTypes []bool
	outBuf      []byte
	start       time.Time
	lastProg    time.Time
}

// Run replays the inputs: it merges their events in timestamp order,
// applies each to its input's state, evaluates the rules and reports
// alerts. It returns when the inputs are exhausted, on the first read
// error (with the stats so far), or when ctx is cancelled (with the stats
// so far and ctx's error).
func Run(ctx context.Context, opts *Options) (*Stats, error) {
	if opts == nil || len(opts.Inputs) == 0 {
		return nil, ErrNoInputs
	}
	rs := &runState{
		opts:  opts,
		st:    &Stats{Files: len(opts.Inputs)},
		start: time.Now(),
	}
	rs.lastProg = rs.start
	if opts.Filter != nil {
		if ts := opts.Filter.EventTypes(); ts != nil {
			rs.filterTypes = make([]bool, format.NumEventTypes+numSyscallIDs)
			for _, t := range ts {
				if t >= 0 && t < len(rs.filterTypes) {
					rs.filterTypes[t] = true
				}
			}
		}
	}
	if opts.Engine != nil {
		rs.eval = opts.Engine.NewEvaluator()
		rs.ruleIdx = make(map[*rules.Rule]int)
		for i, r := range opts.Engine.Rules() {
			rs.ruleIdx[r] = i
		}
		rs.byRule = make([]uint64, len(opts.Engine.Rules()))
	}
	srcs := make([]*source, len(opts.Inputs))
	for i, r := range opts.Inputs {
		s := &source{r: r, name: fmt.Sprintf("input %d", i+1)}
		if n, ok := r.(namer); ok {
			s.name = n.Name()
		}
		srcs[i] = s
	}
	err := rs.loop(ctx, srcs)
	for _, s := range srcs {
		if s.pf != nil {
			s.pf.close()
		}
	}
	rs.finish(srcs)
	return rs.st, err
}

// open reads a source's first event and builds its state.
func (rs *runState) open(s *source) error {
	hostname := ""
	if hdr := s.r.Header(); hdr != nil {
		hostname = hdr.Hostname
	}
	s.h = newHostState(hostname)
	s.h.load(s.r.Snapshot())
	s.c.syscallName = syscallName
	if hdr := s.r.Header(); hdr != nil {
		s.c.nativeNames = hdr.Arch == "" || hdr.Arch == "amd64"
	}
	s.pf = startPrefetch(s.r)
	return rs.next(s)
}

// next reads s's next event, marking it done at the end.
func (rs *runState) next(s *source) error {
	ev, err := s.pf.next()
	if err == nil {
		s.ev = ev
		return nil
	}
	s.ev = nil
	s.done = true
	if s.h != nil && s.h.peakThreads > rs.st.PeakThreads {
		rs.st.PeakThreads = s.h.peakThreads
	}
	s.h = nil // the state goes with the input
	if errors.Is(err, io.EOF) {
		return nil
	}
	return fmt.Errorf("read %s: %w", s.name, err)
}

func (rs *runState) loop(ctx context.Context, srcs []*source) error {
	active := make([]*source, 0, len(srcs))
	for _, s := range srcs {
		if err := rs.open(s); err != nil {
			return err
		}
		if !s.done {
			s.c.first = s.ev.Time
			active = append(active, s)
		}
	}
	done := ctx.Done()
	var n uint32
	for len(active) > 0 {
		// The source with the earliest event; ties go to the first input.
		cur := active[0]
		for _, s := range active[1:] {
			if s.ev.Time < cur.ev.Time {
				cur = s
			}
		}
		if err := rs.event(cur); err != nil {
			return err
		}
		if err := rs.next(cur); err != nil {
			return err
		}
		if cur.done {
			active = removeSource(active, cur)
		}
		n++
		if n&0xfff == 0 {
			select {
			case <-done:
				return ctx.Err()
			default:
			}
			if n&0xffff == 0 && rs.opts.Progress != nil {
				if now := time.Now(); now.Sub(rs.lastProg) >= 250*time.Millisecond {
					rs.lastProg = now
					rs.opts.Progress(rs.progress(srcs))
				}
			}
		}
	}
	return nil
}

func removeSource(active []*source, s *source) []*source {
	for i, x := range active {
		if x == s {
			return append(active[:i], active[i+1:]...)
		}
	}
	return active
}

// event handles one event of source s.
func (rs *runState) event(s *source) error {
	e := s.ev
	c := &s.c
	s.h.apply(c, e)
	rs.st.Events++
	if int(e.Type) < len(rs.byType) {
		rs.byType[e.Type]++
	}
	if e.Type == format.EvDrop {
		rs.drop(s, e)
	}
	o := rs.opts
	if (o.Since != 0 && e.Time < o.Since) || (o.Until != 0 && e.Time > o.Until) {
		return nil
	}
	if o.Filter != nil {
		if rs.filterTypes != nil {
			if t := typeIndex(c); t >= len(rs.filterTypes) || !rs.filterTypes[t] {
				return nil // a type the condition cannot match
			}
		}
		if !o.Filter.Match(c) {
			return nil
		}
	}
	if o.OnEvent != nil {
		o.OnEvent(c, e)
	}
	if rs.eval == nil {
		return nil
	}
	for _, r := range rs.eval.Eval(typeIndex(c), c) {
		rs.alert(s, r)
	}
	return nil
}

// typeIndex is the event's index in EventTypeNames: its type, or for a
// generic syscall event its syscall's.
func typeIndex(c *evalContext) int {
	if c.e.Type == format.EvSyscall {
		if id, ok := pInt(c.e, 0); ok && id > 0 && int(id) < numSyscallIDs {
			return format.NumEventTypes + int(id)
		}
		if i, ok := syscallIndex[c.genericName()]; ok {
			return i
		}
	}
	return int(c.e.Type)
}

// alert reports rule r for the current event of s.
func (rs *runState) alert(s *source, r *rules.Rule) {
	c := &s.c
	rs.st.Alerts++
	if r.Priority >= 0 && int(r.Priority) < NumPriorities {
		rs.st.ByPriority[r.Priority]++
	}
	if i, ok := rs.ruleIdx[r]; ok {
		rs.byRule[i]++
	}
	if rs.opts.OnAlert == nil {
		return
	}
	rs.outBuf = r.FormatOutput(c, rs.outBuf[:0])
	a := &Alert{
		Time:         c.e.Time,
		Rule:         r,
		Priority:     r.Priority,
		Output:       string(rs.outBuf),
		OutputFields: ownValues(r.OutputFields(c)),
		Hostname:     s.h.hostname,
		Source:       "syscall",
		Tags:         r.Tags,
	}
	rs.opts.OnAlert(a)
}

// ownValues copies the strings of output field values, which may point
// into the event's buffers.
func ownValues(m map[string]any) map[string]any {
	for k, v := range m {
		switch x := v.(type) {
		case string:
			m[k] = strings.Clone(x)
		case []string:
			y := make([]string, len(x))
			for i, s := range x {
				y[i] = strings.Clone(s)
			}
			m[k] = y
		}
	}
	return m
}

var pDropLost = format.MustParam(format.EvDrop, "lost")

// drop records a drop event: the events lost on its CPU since the
// previous drop record of that CPU (or the start of the file).
func (rs *runState) drop(s *source, e *format.Event) {
	lost, ok := pInt(e, pDropLost)
	if !ok || lost <= 0 {
		return
	}
	if s.drops == nil {
		s.drops = make(map[uint16]int64)
	}
	start, seen := s.drops[e.CPU]
	if !seen {
		start = s.c.first
		if hdr := s.r.Header(); hdr != nil && hdr.StartTime != 0 && hdr.StartTime < start {
			start = hdr.StartTime
		}
	}
	s.drops[e.CPU] = e.Time
	d := Drop{File: s.name, CPU: int(e.CPU), Lost: uint64(lost), Start: start, End: e.Time}
	rs.st.Drops = append(rs.st.Drops, d)
	o := rs.opts
	if o.OnDrop != nil && (o.Since == 0 || d.End >= o.Since) && (o.Until == 0 || d.Start <= o.Until) {
		o.OnDrop(d)
	}
}

func (rs *runState) progress(srcs []*source) Progress {
	p := Progress{Files: len(srcs), Events: rs.st.Events, Elapsed: time.Since(rs.start)}
	for _, s := range srcs {
		if s.done {
			p.FilesDone++
		}
		if z, ok := s.r.(sized); ok {
			p.BytesRead += z.BytesRead()
			p.BytesTotal += z.Size()
		}
	}
	return p
}

// finish completes the stats.
func (rs *runState) finish(srcs []*source) {
	st := rs.st
	st.Elapsed = time.Since(rs.start)
	if rs.opts.Engine != nil {
		for i, r := range rs.opts.Engine.Rules() {
			if n := rs.byRule[i]; n > 0 {
				st.ByRule = append(st.ByRule, RuleCount{Rule: r.Name, Count: n})
			}
		}
		if err := rs.eval.Err(); err != nil {
			st.Warnings = append(st.Warnings, fmt.Errorf("evaluate rules: %w", err))
		}
	}
	st.EventsByType = make(map[string]uint64)
	for t, n := range rs.byType {
		if n > 0 {
			st.EventsByType[format.EventType(t).String()] += n
		}
	}
	for _, s := range srcs {
		if s.h != nil && s.h.peakThreads > st.PeakThreads {
			st.PeakThreads = s.h.peakThreads
		}
		st.Warnings = append(st.Warnings, warningsOf(s.r)...)
	}
	if rs.opts.Progress != nil {
		rs.opts.Progress(rs.progress(srcs))
	}
}

// EventTypeNames returns the names of the event types indexed by
// format.EventType, for rules.Options.EventTypes. Generic syscall events
// (format.EvSyscall, sysdig's "syscall" for syscalls without an event of
// their own) are evaluated as their syscall: the names past
// format.NumEventTypes are those syscalls', at format.NumEventTypes plus
// the syscall's id in Falco's portable numbering. The slice is the
// caller's.
func EventTypeNames() []string {
	names := make([]string, format.NumEventTypes+numSyscallIDs)
	for i := range format.NumEventTypes {
		names[i] = format.EventType(i).String()
	}
	for id := range numSyscallIDs {
		n := syscallName(uint16(id))
		if n == "" {
			n = format.EvSyscall.String()
		}
		names[format.NumEventTypes+id] = n
	}
	return names
}
