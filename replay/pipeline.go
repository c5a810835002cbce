package replay

import (
	"io"

	"github.com/peregrine-sec/peregrine/format"
)

// The reading pipeline: a goroutine per input decodes events into batches
// (copying them out of the reader's buffers) while the run loop applies
// and evaluates the previous ones, so decoding and evaluation use both
// cores; the format reader decompresses ahead on a goroutine of its own.

const (
	batchEvents = 512 // events per batch
	batchDepth  = 4   // batches in flight per input
)

// evBatch is a run of events copied from a reader, with the reader's
// error after them (io.EOF at the end).
type evBatch struct {
	evs   []format.Event
	n     int
	arena []byte // the events' byte values
	err   error
}

func newBatch() *evBatch {
	b := &evBatch{evs: make([]format.Event, batchEvents)}
	for i := range b.evs {
		b.evs[i].Params = make([]format.Value, 0, format.MaxParams)
	}
	return b
}

// copyEvent makes dst a copy of src whose byte values live in *arena.
func copyEvent(dst, src *format.Event, arena *[]byte) {
	params := dst.Params[:len(src.Params)]
	*dst = *src
	dst.Params = params
	for i, v := range src.Params {
		if src.Has&(1<<uint(i)) == 0 {
			params[i] = format.Value{}
			continue
		}
		if v.Bytes == nil {
			params[i] = format.Value{Int: v.Int}
			continue
		}
		start := len(*arena)
		*arena = append(*arena, v.Bytes...)
		params[i] = format.Value{Int: v.Int, Bytes: (*arena)[start:len(*arena):len(*arena)]}
	}
}

// prefetch reads an EventReader ahead on its own goroutine.
type prefetch struct {
	r    format.EventReader
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
	for range batchDepth {
		p.free <- newBatch()
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
		b.n, b.arena, b.err = 0, b.arena[:0], nil
		for b.n < len(b.evs) {
			if err := p.r.ReadInto(&tmp); err != nil {
				b.err = err
				break
			}
			copyEvent(&b.evs[b.n], &tmp, &b.arena)
			b.n++
		}
		select {
		case p.full <- b:
		case <-p.stop:
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
			if p.i < b.n {
				e := &b.evs[p.i]
				p.i++
				return e, nil
			}
			if b.err != nil {
				return nil, b.err
			}
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
// use when close returns.
func (p *prefetch) close() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	<-p.done
}
