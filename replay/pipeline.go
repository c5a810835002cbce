package replay

import (
	"io"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// The reading pipeline: a goroutine per input decodes events into batches
// while the run loop applies and evaluates the previous ones, so decoding
// and evaluation use both cores; the format reader decompresses ahead on a
// goroutine of its own. Events are decoded in place (format.Reader.ReadBatch,
// scap.Reader.ReadHeld: their values point into the reader's buffers, held
// until the run loop is done with the batch); other readers' events are
// copied into the batch.

const (
	batchEvents = 256 // events per batch
	batchDepth  = 8   // batches in flight per input
)

// batchReader is a reader that decodes batches without copying.
type batchReader interface {
	ReadBatch(b *format.Batch) error
}

// heldReader is a .scap reader that decodes batches without copying.
type heldReader interface {
	ReadHeld(b *scap.Batch) error
}

// batchReaders returns r's batch interfaces, looking through OpenInput's
// wrapper; nil for those it lacks.
func batchReaders(r format.EventReader) (batchReader, heldReader) {
	if in, ok := r.(*input); ok {
		r = in.EventReader
	}
	br, _ := r.(batchReader)
	hr, _ := r.(heldReader)
	return br, hr
}

// evBatch is a run of events from a reader, with the reader's error after
// them (io.EOF at the end).
type evBatch struct {
	evs []format.Event // the events: fb's, or copies
	err error

	fb *format.Batch // for batch readers
	sb *scap.Batch   // for held readers

	// Copies, for other readers: the events' parameters and bytes are
	// laid out one after the other, for the cache's sake.
	copies []format.Event
	params []format.Value
	arena  []byte
}

func newBatch(br batchReader, hr heldReader) *evBatch {
	switch {
	case br != nil:
		return &evBatch{fb: format.NewBatch(batchEvents)}
	case hr != nil:
		return &evBatch{sb: scap.NewBatch(batchEvents)}
	}
	return &evBatch{
		copies: make([]format.Event, batchEvents),
		params: make([]format.Value, 0, batchEvents*8),
		arena:  make([]byte, 0, batchEvents*32),
	}
}

// release lets go of the batch's events.
func (b *evBatch) release() {
	if b.fb != nil {
		b.fb.Release()
	}
	if b.sb != nil {
		b.sb.Release()
	}
	b.evs = nil
}

// add appends a copy of src to the batch.
func (b *evBatch) add(src *format.Event) {
	n := len(b.evs)
	b.evs = b.copies[:n+1]
	dst := &b.evs[n]
	start := len(b.params)
	if cap(b.params)-start < len(src.Params) {
		// A new slab: the events before keep the old one.
		b.params = make([]format.Value, 0, max(2*cap(b.params), len(src.Params)))
		start = 0
	}
	b.params = b.params[:start+len(src.Params)]
	params := b.params[start : start+len(src.Params) : start+len(src.Params)]
	*dst = *src
	dst.Params = params
	for i, v := range src.Params {
		if src.Has&(1<<uint(i)) == 0 || v.Bytes == nil {
			params[i] = format.Value{Int: v.Int}
			continue
		}
		at := len(b.arena)
		if cap(b.arena)-at < len(v.Bytes) {
			b.arena = make([]byte, 0, max(2*cap(b.arena), len(v.Bytes)))
			at = 0
		}
		b.arena = append(b.arena, v.Bytes...)
		params[i] = format.Value{Int: v.Int, Bytes: b.arena[at:len(b.arena):len(b.arena)]}
	}
}

// prefetch reads an EventReader ahead on its own goroutine.
type prefetch struct {
	r    format.EventReader
	br   batchReader // r's batch interfaces, or nil
	hr   heldReader
	full chan *evBatch
	free chan *evBatch
	stop chan struct{}
	done chan struct{}
	cur  *evBatch
	i    int
}

func startPrefetch(r format.EventReader) *prefetch {
	p := &prefetch{
		r:    r,
		full: make(chan *evBatch, batchDepth),
		free: make(chan *evBatch, batchDepth),
		stop: make(chan struct{}),
		done: make(chan struct{}),
	}
	p.br, p.hr = batchReaders(r)
	for range batchDepth {
		p.free <- newBatch(p.br, p.hr)
	}
	go p.run()
	return p
}

func (p *prefetch) run() {
	defer close(p.done)
	var tmp format.Event
	for {
		var b *evBatch
		select {
		case b = <-p.free:
		case <-p.stop:
			return
		}
		b.err = nil
		switch {
		case p.br != nil:
			b.err = p.br.ReadBatch(b.fb)
			b.evs = b.fb.Events
		case p.hr != nil:
			b.err = p.hr.ReadHeld(b.sb)
			b.evs = b.sb.Events
		default:
			b.evs, b.params, b.arena = b.copies[:0], b.params[:0], b.arena[:0]
			for len(b.evs) < len(b.copies) {
				if err := p.r.ReadInto(&tmp); err != nil {
					b.err = err
					break
				}
				b.add(&tmp)
			}
		}
		select {
		case p.full <- b:
		case <-p.stop:
			b.release()
			return
		}
		if b.err != nil {
			return
		}
	}
}

// next returns the next event, valid until the call after next, or the
// reader's error (io.EOF at the end), which stays.
func (p *prefetch) next() (*format.Event, error) {
	for {
		if b := p.cur; b != nil {
			if p.i < len(b.evs) {
				e := &b.evs[p.i]
				p.i++
				return e, nil
			}
			if b.err != nil {
				return nil, b.err
			}
			b.release()
			p.free <- b // never blocks: the channel holds every batch
			p.cur = nil
		}
		b, ok := <-p.full
		if !ok {
			return nil, io.ErrUnexpectedEOF
		}
		p.cur, p.i = b, 0
	}
}

// close stops the goroutine and waits for it, so that the reader is not in
// use when close returns, and lets go of the batches.
func (p *prefetch) close() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
	if p.cur != nil {
		p.cur.release()
		p.cur = nil
	}
	for {
		select {
		case b := <-p.full:
			b.release()
		default:
			return
		}
	}
}
