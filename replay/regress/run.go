package regress

import (
	"context"
	"fmt"
	"regexp"
	"runtime"
	"sync"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/replay"
	"github.com/peregrine-sec/peregrine/rules"
)

// Options configure a corpus run. The zero value runs every case, each
// against its own rules or the built-in defaults, on GOMAXPROCS workers.
type Options struct {
	// Rules, when set, are run against every case instead of the case's
	// own rules or the defaults (peregrine test -r).
	Rules []rules.File
	// Defaults are the rules of cases that name none, when Rules is not
	// set: the built-in rules for `peregrine test`.
	Defaults []rules.File
	// Run selects the cases whose name matches; nil runs all.
	Run *regexp.Regexp
	// Jobs is the number of cases run at once; 0 means GOMAXPROCS.
	Jobs int
	// Update rewrites each case's expectations from what happened.
	Update bool
	// TimeFormat formats alert times; nil uses Falco's HH:MM:SS.nnnnnnnnn in UTC.
	TimeFormat func(ns int64) string
}

// Run runs the cases and returns their results in the order of cases. It
// stops early, with the results so far, when ctx is cancelled.
func Run(ctx context.Context, cases []*Case, opts *Options) ([]*Result, error) {
	if opts == nil {
		opts = &Options{}
	}
	var selected []*Case
	for _, c := range cases {
		if opts.Run == nil || opts.Run.MatchString(c.Name) {
			selected = append(selected, c)
		}
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	results := make([]*Result, len(selected))
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(jobs, max(len(selected), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = runCase(ctx, selected[i], opts)
			}
		}()
	}
feed:
	for i := range selected {
		select {
		case work <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(work)
	wg.Wait()
	done := results[:0]
	for _, r := range results {
		if r != nil {
			done = append(done, r)
		}
	}
	if opts.Update {
		for _, r := range done {
			if r.Err == nil && len(r.Mismatches) > 0 {
				if err := Update(r); err != nil {
					return done, err
				}
			}
		}
	}
	return done, ctx.Err()
}

func runCase(ctx context.Context, c *Case, opts *Options) *Result {
	start := time.Now()
	r := &Result{Case: c}
	r.Alerts, r.Events, r.Err = replayCase(ctx, c, opts)
	if r.Err == nil {
		r.Mismatches = Compare(c.Expect, r.Alerts)
	}
	r.Elapsed = time.Since(start)
	return r
}

func replayCase(ctx context.Context, c *Case, opts *Options) ([]Alert, uint64, error) {
	files := opts.Rules
	if files == nil && len(c.Rules) > 0 {
		for _, p := range c.Rules {
			data, err := readBounded(p, 64<<20)
			if err != nil {
				return nil, 0, fmt.Errorf("read rules: %w", err)
			}
			files = append(files, rules.File{Name: p, Data: data})
		}
	}
	if files == nil {
		files = opts.Defaults
	}
	if files == nil {
		return nil, 0, fmt.Errorf("%w: %s: no rules to run: the case names none and none were given", ErrCase, c.Dir)
	}
	set, diags := rules.Load(files...)
	if err := diags.Err(); err != nil {
		return nil, 0, err
	}
	ropts := &rules.Options{Values: replay.Fields(), EventTypes: replay.EventTypeNames(), MinPriority: rules.Debug}
	if c.Priority != "" {
		p, err := rules.ParsePriority(c.Priority)
		if err != nil {
			return nil, 0, fmt.Errorf("%w: %s: priority: %v", ErrCase, c.Dir, err)
		}
		ropts.MinPriority = p
	}
	engine, diags := rules.Compile(set, ropts)
	if err := diags.Err(); err != nil {
		return nil, 0, err
	}
	var inputs []format.EventReader
	defer func() {
		for _, in := range inputs {
			in.Close()
		}
	}()
	for _, p := range c.Captures {
		in, err := replay.OpenInput(p)
		if err != nil {
			return nil, 0, err
		}
		inputs = append(inputs, in)
	}
	timef := opts.TimeFormat
	if timef == nil {
		timef = falcoTime
	}
	var alerts []Alert
	stats, err := replay.Run(ctx, &replay.Options{
		Inputs: inputs,
		Engine: engine,
		OnAlert: func(a *replay.Alert) {
			alerts = append(alerts, Alert{Rule: a.Rule.Name, Priority: a.Priority.String(), Time: timef(a.Time), Output: a.Output})
		},
	})
	if err != nil {
		return alerts, 0, err
	}
	if n := len(stats.Warnings); n > 0 {
		// A case whose capture is damaged proves nothing either way.
		return alerts, stats.Events, fmt.Errorf("replay: %w (%d warning%s)", stats.Warnings[0], n, plural(n))
	}
	return alerts, stats.Events, nil
}

func falcoTime(ns int64) string {
	return time.Unix(0, ns).UTC().Format("15:04:05.000000000")
}
