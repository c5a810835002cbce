package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"
)

// Sink delivers alerts somewhere. Send is called once per alert, in order;
// Close flushes and releases what the sink opened (never what it was given,
// such as a writer) and is called once, after the last Send.
//
// Sinks are not safe for concurrent use unless they say so; a Dispatcher
// serialises the calls.
type Sink interface {
	Send(a *Alert) error
	Close() error
}

// ErrClosed is returned by Send on a sink or dispatcher after Close.
var ErrClosed = errors.New("output: closed")

// WriterOptions configure NewWriter. The zero value writes each alert with
// one Write call as it comes, Falco's buffered_outputs: false. Options
// are read once, by the constructor.
type WriterOptions struct {
	// Buffered collects alerts in a buffer flushed when full and on Close
	// (buffered_outputs: true).
	Buffered bool
}

// NewWriter returns a sink writing each alert as one line to w, rendered by
// f (nil: text). It is the stdout output. Close flushes but does not close w.
func NewWriter(w io.Writer, f *Format, opts *WriterOptions) Sink {
	s := &writerSink{w: w, f: f}
	if opts != nil && opts.Buffered {
		s.bw = bufio.NewWriterSize(w, 64<<10)
	}
	return s
}

type writerSink struct {
	w   io.Writer
	bw  *bufio.Writer
	f   *Format
	buf []byte
	err error // sticky
}

func (s *writerSink) Send(a *Alert) error {
	if s.err != nil {
		return s.err
	}
	s.buf = s.f.Append(s.buf[:0], a)
	s.buf = append(s.buf, '\n')
	if s.bw != nil {
		_, s.err = s.bw.Write(s.buf)
	} else {
		_, s.err = s.w.Write(s.buf)
	}
	if s.err != nil {
		s.err = fmt.Errorf("write alert: %w", s.err)
	}
	return s.err
}

func (s *writerSink) Close() error {
	if s.err == ErrClosed {
		return nil
	}
	err := s.err
	if s.bw != nil && err == nil {
		if ferr := s.bw.Flush(); ferr != nil {
			err = fmt.Errorf("flush alerts: %w", ferr)
		}
	}
	s.err = ErrClosed
	return err
}

// Named is a sink with the name errors report it by ("stdout", "file",
// "syslog", "program", "http"). It is plain data.
type Named struct {
	Name string
	Sink Sink
}

// SinkError is an error of one sink, as reported to
// DispatcherOptions.OnError and returned by Dispatcher.Close. It is
// immutable once made.
type SinkError struct {
	Sink string
	Err  error
}

func (e *SinkError) Error() string { return e.Sink + " output: " + e.Err.Error() }
func (e *SinkError) Unwrap() error { return e.Err }

// DispatcherOptions configure NewDispatcher. The zero value queues up to
// 1024 alerts and drops sink errors after counting them. OnError must be
// safe to call from the dispatcher's goroutine.
type DispatcherOptions struct {
	// Capacity is the number of alerts queued for the sinks before Send
	// waits (Falco's outputs_queue.capacity). 0 means 1024.
	Capacity int
	// OnError, if set, is called (from the dispatcher's goroutine) with
	// every error a sink returns. A failing sink does not stop the others.
	OnError func(*SinkError)
}

// Dispatcher sends every alert to all its sinks, in order, from its own
// goroutine, so slow sinks (an HTTP endpoint that retries) do not hold up
// the caller until the queue is full. Send and Close are safe for
// concurrent use; Close waits until every queued alert was delivered.
type Dispatcher struct {
	sinks   []Named
	queue   chan *Alert
	done    chan struct{}
	onError func(*SinkError)

	// sendMu orders Send against Close: Sends hold it shared while they
	// queue, Close exclusively while it closes the queue.
	sendMu sync.RWMutex
	closed bool

	mu    sync.Mutex
	errs  []uint64 // per sink: failed sends
	first []error  // per sink: first error
}

// NewDispatcher starts a dispatcher over sinks. It owns them: Close closes
// them.
func NewDispatcher(sinks []Named, opts *DispatcherOptions) *Dispatcher {
	var o DispatcherOptions
	if opts != nil {
		o = *opts
	}
	if o.Capacity <= 0 {
		o.Capacity = 1024
	}
	d := &Dispatcher{
		sinks:   sinks,
		queue:   make(chan *Alert, o.Capacity),
		done:    make(chan struct{}),
		onError: o.OnError,
		errs:    make([]uint64, len(sinks)),
		first:   make([]error, len(sinks)),
	}
	go d.loop()
	return d
}

func (d *Dispatcher) loop() {
	defer close(d.done)
	for a := range d.queue {
		for i, s := range d.sinks {
			if err := s.Sink.Send(a); err != nil {
				d.fail(i, err)
			}
		}
	}
}

func (d *Dispatcher) fail(i int, err error) {
	se := &SinkError{Sink: d.sinks[i].Name, Err: err}
	d.mu.Lock()
	d.errs[i]++
	if d.first[i] == nil {
		d.first[i] = se
	}
	d.mu.Unlock()
	if d.onError != nil {
		d.onError(se)
	}
}

// Send queues a for delivery. The dispatcher keeps a until it is delivered:
// the caller must not modify it afterwards.
func (d *Dispatcher) Send(a *Alert) error {
	d.sendMu.RLock()
	defer d.sendMu.RUnlock()
	if d.closed {
		return ErrClosed
	}
	d.queue <- a
	return nil
}

// Failures returns, per sink name, how many sends failed.
func (d *Dispatcher) Failures() map[string]uint64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	m := make(map[string]uint64)
	for i, n := range d.errs {
		if n > 0 {
			m[d.sinks[i].Name] += n
		}
	}
	return m
}

// Close delivers the queued alerts, closes every sink and returns the first
// error of each sink that failed (sends or close), joined.
func (d *Dispatcher) Close() error {
	d.sendMu.Lock()
	if d.closed {
		d.sendMu.Unlock()
		return ErrClosed
	}
	d.closed = true
	close(d.queue)
	d.sendMu.Unlock()
	<-d.done
	for i, s := range d.sinks {
		if err := s.Sink.Close(); err != nil {
			d.fail(i, err)
		}
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var errs []error
	for _, e := range d.first {
		if e != nil {
			errs = append(errs, e)
		}
	}
	return errors.Join(errs...)
}
