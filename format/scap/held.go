package scap

import (
	"sync/atomic"

	"github.com/peregrine-sec/peregrine/format"
)

// Held batches: ReadHeld decodes events in place, their values pointing
// into the read buffer (or the buffer of a long block), as ReadBatch does;
// but the batch holds those buffers until it is released, and the Reader
// reads on into fresh ones meanwhile instead of moving or reusing them.
// So a caller can decode batches on one goroutine and work on them on
// another, without copying an event.

// heldBuf is a read buffer that batches may hold: refs counts the Reader
// (while the buffer is its current one) and each batch with events in it.
// The last to let go returns it to pool.
type heldBuf struct {
	b    []byte
	refs atomic.Int32
	pool chan *heldBuf
}

// held reports whether a batch holds the buffer. Only the Reader's
// goroutine adds holds, so a false answer stays true until it does.
func (h *heldBuf) held() bool { return h.refs.Load() > 1 }

// unref drops one hold, recycling the buffer after the last. It may be
// called from any goroutine.
func (h *heldBuf) unref() {
	if h.refs.Add(-1) != 0 {
		return
	}
	if h.pool == nil {
		return
	}
	select {
	case h.pool <- h:
	default: // the pool is full: let the garbage collector have it
	}
}

// newHeldBuf returns a buffer of size bytes from pool, or a new one, held
// once (by the Reader).
func newHeldBuf(pool chan *heldBuf, size int) *heldBuf {
	select {
	case h := <-pool:
		if cap(h.b) >= size {
			h.b = h.b[:size]
			h.refs.Store(1)
			return h
		}
	default:
	}
	h := &heldBuf{b: make([]byte, size), pool: pool}
	h.refs.Store(1)
	return h
}

// Batch is a run of consecutive events that Reader.ReadHeld decoded
// without copying: their parameters live in the batch and their byte
// values in the Reader's buffers, which the batch holds until Release (or
// until it is read into again).
//
// The zero Batch is ready for use and holds up to DefaultBatchEvents
// events. A Batch is not safe for concurrent use; Release may be called
// from another goroutine than the Reader's, but not while ReadHeld reads
// into the same batch.
type Batch struct {
	// Events are the batch's events, in order, valid until Release.
	Events []format.Event
	evs    []format.Event
	params []format.Value
	held   []*heldBuf
	data   []byte // copies of the values, with read-ahead
}

// DefaultBatchEvents is how many events a zero Batch holds.
const DefaultBatchEvents = 256

// NewBatch returns a Batch for up to n events (DefaultBatchEvents if n <=
// 0).
func NewBatch(n int) *Batch {
	b := &Batch{}
	b.init(n)
	return b
}

func (b *Batch) init(n int) {
	if n <= 0 {
		n = DefaultBatchEvents
	}
	b.evs = make([]format.Event, n)
	// Room for 8 parameters per event on average and one event of the
	// most parameters at the end: a batch of larger events ends early.
	b.params = make([]format.Value, 8*n+format.MaxParams)
}

// Release lets go of the batch's events and the buffers they point into.
// Release of a released batch does nothing.
func (b *Batch) Release() {
	for i, h := range b.held {
		h.unref()
		b.held[i] = nil
	}
	b.held = b.held[:0]
	b.Events = b.Events[:0]
}

// hold makes b hold h, unless it does already.
func (b *Batch) hold(h *heldBuf) {
	if h == nil {
		return
	}
	for _, x := range b.held {
		if x == h {
			return
		}
	}
	h.refs.Add(1)
	b.held = append(b.held, h)
}

// ReadHeld releases b and reads the next events into it: up to its
// capacity, fewer where a run of events ends (a damaged block, the end).
// Their parameters and byte values stay valid until b is released or read
// into again, whatever the Reader does meanwhile. After the last event it
// returns io.EOF with b empty; an error comes after the events before it,
// in the next call, and stays. Warnings go to OnWarning as they are met,
// which may be before the caller has looked at the batch's earlier events.
//
// ReadHeld may be mixed with ReadInto and ReadBatch. With read-ahead the
// events are copies, held by the batch.
func (r *Reader) ReadHeld(b *Batch) error {
	b.Release()
	if r.err != nil {
		return r.err
	}
	if b.evs == nil {
		b.init(0)
	}
	b.data = b.data[:0]
	n, k := 0, 0
	for n < len(b.evs) && len(b.params)-k >= format.MaxParams {
		ev := &b.evs[n]
		ev.Params = b.params[k : k : k+format.MaxParams]
		var err error
		if r.aheadN > 0 {
			err = r.ReadInto(ev)
			if err == nil {
				b.own(ev)
			}
		} else {
			if !r.holding {
				r.holding = true
				// Buffers are handed over from now on, not reused: read
				// ahead into fresh ones on another goroutine.
				r.in.startFill()
			}
			err = r.readSync(ev)
			if err == nil {
				b.hold(r.in.hb)
				if r.lastLong {
					b.hold(r.bigHB)
				}
			}
		}
		if err != nil {
			if n > 0 {
				break // readSync keeps it for the next call
			}
			r.err = err
			return err
		}
		np := len(ev.Params)
		ev.Params = ev.Params[:np:np]
		k += np
		n++
	}
	b.Events = b.evs[:n]
	return nil
}

// own copies ev's byte values into the batch.
func (b *Batch) own(ev *format.Event) {
	for i := range ev.Params {
		if v := &ev.Params[i]; v.Bytes != nil {
			start := len(b.data)
			if cap(b.data)-start < len(v.Bytes) {
				// A new slab: the events before keep the old one.
				b.data = make([]byte, 0, max(2*cap(b.data), len(v.Bytes), 64<<10))
				start = 0
			}
			b.data = append(b.data, v.Bytes...)
			v.Bytes = b.data[start:len(b.data):len(b.data)]
		}
	}
}
