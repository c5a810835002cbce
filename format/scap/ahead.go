package scap

import (
	"sync"

	"github.com/peregrine-sec/peregrine/format"
)

// Read-ahead: a goroutine reads and decodes events into batches while the
// caller works on the previous ones, so that reading (and gunzipping) a
// capture runs on another core than the analysis. ReadInto hands the
// batches' events out in order; warnings and errors come out in the
// caller's goroutine at the place in the stream where they happened.

const (
	batchEvents = 1024      // events per batch
	batchBytes  = 256 << 10 // parameter bytes per batch, unless one event needs more
)

// batch is a run of decoded events whose parameter bytes live in data.
type batch struct {
	evs   []format.Event
	n     int
	data  []byte
	warns []batchWarning
	err   error // after the n events: io.EOF or the error that ended the stream
	stats Stats // the producer's counts after this batch
}

// batchWarning is a warning that happened before event at of its batch.
type batchWarning struct {
	at  int
	err error
}

// ahead is the read-ahead state shared by the producer goroutine and
// ReadInto.
type ahead struct {
	free chan *batch
	full chan *batch
	done chan struct{}
	wg   sync.WaitGroup

	// consumer side
	cur  *batch
	next int // index in cur of the next event to hand out
	warn int // index in cur.warns of the next warning to report

	// producer side
	fill  *batch        // the batch being filled; r.warn appends to it
	carry *format.Event // a decoded event that did not fit the last batch
}

// startAhead starts the read-ahead goroutine with n batches.
func (r *Reader) startAhead(n int) {
	a := &ahead{
		free: make(chan *batch, n+1),
		full: make(chan *batch, n),
		done: make(chan struct{}),
	}
	for range n + 1 {
		a.free <- &batch{evs: make([]format.Event, batchEvents), data: make([]byte, 0, batchBytes)}
	}
	r.ahead = a
	a.wg.Add(1)
	go r.produce()
}

// produce fills batches until the stream ends or Close stops it.
func (r *Reader) produce() {
	a := r.ahead
	defer a.wg.Done()
	var tmp format.Event
	for {
		var b *batch
		select {
		case b = <-a.free:
		case <-a.done:
			return
		}
		b.n, b.data, b.warns, b.err = 0, b.data[:0], b.warns[:0], nil
		a.fill = b
		if a.carry != nil {
			b.add(a.carry)
			a.carry = nil
		}
		for b.n < len(b.evs) && b.err == nil {
			if err := r.readSync(&tmp); err != nil {
				b.err = err
				break
			}
			if !b.add(&tmp) {
				a.carry = &tmp
				break
			}
		}
		b.stats = r.stats
		a.fill = nil
		select {
		case a.full <- b:
		case <-a.done:
			return
		}
		if b.err != nil {
			return
		}
	}
}

// add copies ev into the batch, its bytes into b.data. It returns false,
// leaving b unchanged, when they do not fit and the batch is not empty.
func (b *batch) add(ev *format.Event) bool {
	need := 0
	for i := range ev.Params {
		need += len(ev.Params[i].Bytes)
	}
	if len(b.data)+need > cap(b.data) {
		if b.n > 0 {
			return false
		}
		b.data = make([]byte, 0, need) // one event larger than a batch
	}
	d := &b.evs[b.n]
	params := d.Params
	if cap(params) < len(ev.Params) {
		// grown once per slot to the largest event it has held
		params = make([]format.Value, len(ev.Params))
	}
	params = params[:len(ev.Params)]
	*d = *ev
	for i, v := range ev.Params {
		if v.Bytes != nil {
			start := len(b.data)
			b.data = append(b.data, v.Bytes...)
			v.Bytes = b.data[start:len(b.data):len(b.data)]
		}
		params[i] = v
	}
	d.Params = params
	b.n++
	return true
}

// readAhead is ReadInto with read-ahead.
func (r *Reader) readAhead(ev *format.Event) error {
	a := r.ahead
	for {
		if a.cur != nil {
			b := a.cur
			for a.warn < len(b.warns) && b.warns[a.warn].at <= a.next {
				r.report(b.warns[a.warn].err)
				a.warn++
			}
			if a.next < b.n {
				src := &b.evs[a.next]
				a.next++
				params := ev.Params
				if cap(params) < len(src.Params) {
					params = make([]format.Value, 0, format.MaxParams)
				}
				*ev = *src
				ev.Params = params[:len(src.Params)]
				copy(ev.Params, src.Params)
				r.cstats.Events++
				return nil
			}
			r.cstats.Blocks, r.cstats.Bytes, r.cstats.Skipped = b.stats.Blocks, b.stats.Bytes, b.stats.Skipped
			if b.err != nil {
				return b.err
			}
			a.cur = nil
			a.free <- b
		}
		a.cur = <-a.full
		a.next, a.warn = 0, 0
	}
}

// stopAhead stops the producer and waits for it.
func (r *Reader) stopAhead() {
	a := r.ahead
	close(a.done)
	a.wg.Wait()
	r.ahead = nil
}
