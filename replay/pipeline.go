package replay

import (
	"os"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// The reading pipeline: the format reader reads and decompresses ahead on
// a goroutine of its own; events are decoded into batches either on a
// goroutine per input, while the run loop applies and evaluates the
// previous ones, or by the run loop itself, whichever is faster here
// (prefetch). Events are decoded in place (format.Reader.ReadBatch,
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

// prefetch hands the run loop an input's events, batch by batch, decoded
// either ahead on a goroutine of its own (parallel) or by the run loop
// itself when it needs the next batch (inline), whichever replays faster
// on this machine, now. Parallel decoding uses a second core, but every
// decoded event then crosses between cores (the decoder writes it, the run
// loop reads it, the batch goes back): where that traffic is dear (cores
// without a shared cache, a neighbour on the other core) it costs more
// than the core gives, and a light run loop waits for the decoder. Inline
// decoding keeps the batch in one core's cache; the reader still reads and
// decompresses ahead on its own goroutine. The run loop times an epoch of
// each mode and keeps the faster, trying the other again now and then.
type prefetch struct {
	r    format.EventReader
	br   batchReader // r's batch interfaces, or nil
	hr   heldReader
	full chan *evBatch // decoded by the goroutine, in order
	free chan *evBatch
	stop chan struct{} // closed by close
	cur  *evBatch
	i    int
	tmp  format.Event
	tune tuner

	// The decoding goroutine, while the mode is parallel: pause makes it
	// exit after the batch in hand, done is closed when it has.
	running bool
	pause   chan struct{}
	done    chan struct{}
	ended   bool // a batch ended with the reader's error: nothing more to decode
	changes int  // mode changes so far (tests)
}

func startPrefetch(r format.EventReader) *prefetch {
	p := &prefetch{
		r:    r,
		full: make(chan *evBatch, batchDepth),
		free: make(chan *evBatch, batchDepth),
		stop: make(chan struct{}),
		tune: newTuner(),
	}
	p.br, p.hr = batchReaders(r)
	for range batchDepth {
		p.free <- newBatch(p.br, p.hr)
	}
	if p.tune.parallel {
		p.startDecoder()
	}
	return p
}

// startDecoder starts the decoding goroutine.
func (p *prefetch) startDecoder() {
	p.pause, p.done = make(chan struct{}), make(chan struct{})
	p.running = true
	go p.run(p.pause, p.done)
}

// stopDecoder makes the decoding goroutine exit and waits for it; the
// batches it decoded stay in full, ahead of any the run loop decodes.
func (p *prefetch) stopDecoder() {
	if !p.running {
		return
	}
	close(p.pause)
	<-p.done
	p.running = false
}

func (p *prefetch) run(pause, done chan struct{}) {
	defer close(done)
	for {
		select {
		case <-pause:
			return
		case <-p.stop:
			return
		default:
		}
		var b *evBatch
		select {
		case b = <-p.free:
		case <-pause:
			return
		case <-p.stop:
			return
		}
		p.fill(b)
		// full has room for every batch: this does not block.
		p.full <- b
		if b.err != nil {
			return
		}
	}
}

// fill decodes the next batch of events into b.
func (p *prefetch) fill(b *evBatch) {
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
			if err := p.r.ReadInto(&p.tmp); err != nil {
				b.err = err
				break
			}
			b.add(&p.tmp)
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
			p.tune.batch(len(b.evs))
			b.release()
			p.free <- b // never blocks: the channel holds every batch
			p.cur = nil
			p.switchMode()
		}
		p.cur, p.i = p.nextBatch(), 0
	}
}

// nextBatch returns the next batch of events: decoded by the goroutine, or
// by this call when the goroutine is not running and has left none.
func (p *prefetch) nextBatch() *evBatch {
	var b *evBatch
	if p.running {
		b = <-p.full
	} else {
		select {
		case b = <-p.full:
		default:
			b = <-p.free
			p.fill(b)
		}
	}
	if b.err != nil {
		p.ended = true
	}
	return b
}

// switchMode starts or stops the decoding goroutine when the tuner says
// the other mode is the one to run.
func (p *prefetch) switchMode() {
	if p.tune.parallel == p.running || p.ended {
		return
	}
	p.changes++
	if p.tune.parallel {
		p.startDecoder()
	} else {
		p.stopDecoder()
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
	if p.running {
		<-p.done
		p.running = false
	}
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

// tuner chooses between parallel and inline decoding by timing epochs of
// each: the run loop's wall time per event, which counts its own work and
// its waits for the decoder. It starts parallel; after a warm-up epoch it
// times one epoch of each mode and keeps the faster, and every
// stayEpochs epochs it times the other mode again, so that it follows a
// machine whose load changes. The other mode has to be at least 5% faster
// than the fastest epoch of the stay to take over.
type tuner struct {
	parallel bool
	epoch    int     // events per epoch
	fixed    bool    // PEREGRINE_DECODE set the mode: no tuning
	n        int     // events of the current epoch so far
	start    int64   // its start, ns (monotonic)
	epochs   int     // epochs ended
	probing  bool    // the current epoch times the other mode
	last     float64 // ns per event the probe has to beat
	best     float64 // ns per event of the fastest epoch of the stay, 0: none yet
	stay     int     // epochs left before the next probe
	stayFor  int     // epochs in the chosen mode between probes
	clock    func() int64
}

const (
	epochEvents = 1 << 15 // events per timed epoch
	stayEpochs  = 16      // epochs in the chosen mode between probes
)

// clockBase makes monotonicNow's readings positive.
var clockBase = time.Now()

// monotonicNow reads the monotonic clock, in ns.
func monotonicNow() int64 { return int64(time.Since(clockBase)) + 1 }

func newTuner() tuner {
	t := tuner{parallel: true, epoch: epochEvents, stayFor: stayEpochs, clock: monotonicNow}
	switch os.Getenv("PEREGRINE_DECODE") {
	case "parallel":
		t.fixed = true
	case "inline":
		t.parallel, t.fixed = false, true
	}
	return t
}

// batch counts n events the run loop has done with, and ends the epoch
// when it is full.
func (t *tuner) batch(n int) {
	if t.fixed {
		return
	}
	now := t.clock()
	if t.start == 0 {
		t.start = now // the first batch: timing starts
		return
	}
	t.n += n
	if t.n < t.epoch {
		return
	}
	perEvent := float64(now-t.start) / float64(t.n)
	t.start, t.n = now, 0
	t.epochs++
	switch {
	case t.epochs == 1:
		// Warm-up: caches, buffers and the reader's goroutine start.
	case t.probing:
		t.probing = false
		if perEvent < 0.95*t.last {
			// The other mode is faster: it becomes the chosen one.
			t.best = perEvent
		} else {
			t.parallel = !t.parallel
			t.best = 0
		}
		t.stay = t.stayFor
	case t.epochs == 2 || t.stay == 0:
		// The probe has to beat the best epoch of the stay: one slow
		// epoch of the chosen mode (a neighbour's burst) does not make
		// the other mode look faster.
		t.last = fastest(t.best, perEvent)
		t.probing = true
		t.parallel = !t.parallel
	default:
		t.best = fastest(t.best, perEvent)
		t.stay--
	}
}

// fastest returns the smaller of two times per event, a being 0 when
// there is none yet.
func fastest(a, b float64) float64 {
	if a == 0 || b < a {
		return b
	}
	return a
}
