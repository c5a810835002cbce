package format

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"sync"
	"sync/atomic"

	"github.com/klauspost/compress/zstd"
)

// ReaderOptions configure a Reader. The zero value gives the defaults.
type ReaderOptions struct {
	// Warn receives each Warning as it happens, in the goroutine calling
	// ReadInto (or NewReader, for the snapshot). If nil, warnings are
	// collected and returned by Reader.Warnings.
	Warn func(w *Warning)
	// Name is the file name that errors and warnings carry.
	Name string
	// ReadAhead is how many blocks a separate goroutine reads and
	// decompresses ahead of the caller, so that decompression runs on
	// another core than decoding and evaluation. 0 means
	// DefaultReadAhead; a negative value turns read-ahead off (everything
	// happens in the caller's goroutine).
	ReadAhead int
	// MaxSnapshotSize bounds the memory the snapshot may take, in bytes as
	// estimated from its encoded size. 0 means DefaultMaxSnapshotSize.
	MaxSnapshotSize int64
}

// Defaults for ReaderOptions.
const (
	DefaultReadAhead       = 2
	DefaultMaxSnapshotSize = 1 << 30
	maxCollectedWarnings   = 1000
)

// ReaderStats are a Reader's counters.
type ReaderStats struct {
	Events        int64 // events returned by ReadInto
	Blocks        int64 // event blocks read
	SkippedBlocks int64 // blocks skipped because they were damaged
	BytesLost     int64 // bytes skipped: damaged blocks, truncated ends
	UnknownEvents int64 // events of types this program does not know, skipped
	Warnings      int64 // warnings given
	Sealed        bool  // the footer was read: the writer closed the file properly
}

// EventReader is what the analyzer reads events from: a Peregrine capture
// (*Reader) or an imported .scap file (format/scap).
type EventReader interface {
	Header() *Header
	Snapshot() *Snapshot
	// ReadInto reads the next event into ev; it returns io.EOF at the end.
	// ev's byte slices stay valid until the next call.
	ReadInto(ev *Event) error
	Close() error
}

// decoders is a small free list of zstd decoders. Unlike a sync.Pool it
// survives garbage collections, so opening many files does not build a
// decoder each time.
var decoders = make(chan *zstd.Decoder, 4)

func getDecoder() *zstd.Decoder {
	select {
	case d := <-decoders:
		return d
	default:
	}
	d, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxMemory(MaxBlockSize),
		zstd.WithDecoderMaxWindow(MaxBlockSize), zstd.WithDecodeAllCapLimit(true), zstd.IgnoreChecksum(true))
	if err != nil {
		panic("format: zstd decoder options: " + err.Error()) // constant options: cannot happen
	}
	return d
}

func putDecoder(d *zstd.Decoder) {
	select {
	case decoders <- d:
	default:
		d.Close()
	}
}

// Reader reads a capture file as a stream: header and snapshot when it is
// made, then events in order. Damaged blocks are skipped with a Warning;
// errors are sticky.
//
// A Reader is not safe for concurrent use; its read-ahead goroutine is
// internal.
type Reader struct {
	opts   ReaderOptions
	hdr    *Header
	snap   *Snapshot
	schema *schema
	src    *blockSource
	dec    *zstd.Decoder

	ahead   bool
	results chan blockResult
	free    chan *blockBuf // block buffers no event points into any more
	done    chan struct{}
	wg      sync.WaitGroup

	cur      *blockBuf
	curHdr   blockHeader
	curOff   int64
	bd       blockDecoder
	stats    ReaderStats
	warnings []*Warning
	err      error
	closed   bool
}

// blockBuf holds one block's stored and raw payload. Decoded events point
// into it: refs counts its holders (the Reader while the block is its
// current one, and each Batch with events from it); the last to let go
// returns it to pool.
type blockBuf struct {
	stored []byte
	raw    []byte // space for decompression
	data   []byte // the raw payload: raw, or stored if not compressed
	refs   atomic.Int32
	pool   chan *blockBuf
}

// unref drops one hold on b, recycling it after the last. It may be called
// from any goroutine.
func (b *blockBuf) unref() {
	if b.refs.Add(-1) != 0 {
		return
	}
	select {
	case b.pool <- b:
	default: // the pool is full: let the garbage collector have it
	}
}

// getBuf returns a free block buffer, or a new one.
func (r *Reader) getBuf() *blockBuf {
	select {
	case b := <-r.free:
		return b
	default:
		return &blockBuf{pool: r.free}
	}
}

// putBuf recycles a buffer no event points into.
func (r *Reader) putBuf(b *blockBuf) {
	select {
	case r.free <- b:
	default:
	}
}

// blockResult is what the block stage hands the event stage: a decoded
// block, or warnings, or the end.
type blockResult struct {
	buf     *blockBuf // nil when there is no block
	hdr     blockHeader
	off     int64
	warns   []*Warning
	skipped int
	lost    int64
	sealed  bool
	err     error // terminal: io.EOF or a fatal error
}

// NewReader reads the file header and the snapshot from r and returns a
// Reader positioned at the first event. It does not close r.
func NewReader(r io.Reader, opts *ReaderOptions) (*Reader, error) {
	var o ReaderOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxSnapshotSize < 0 {
		return nil, fmt.Errorf("%w: negative MaxSnapshotSize", ErrInvalidOptions)
	}
	if o.MaxSnapshotSize == 0 {
		o.MaxSnapshotSize = DefaultMaxSnapshotSize
	}
	size := 64 << 10
	if sz, ok := r.(interface{ Size() int64 }); ok { // bytes.Reader, io.SectionReader, ...
		size = bufSize(sz.Size(), size)
	}
	br := bufio.NewReaderSize(r, size)
	hdr, sch, head, err := readFileHeader(br)
	if err != nil {
		return nil, &Error{File: o.Name, Block: -1, Offset: 0, Err: err}
	}
	rd := newReader(br, o, hdr, sch)
	rd.src.off = int64(len(head))
	if err := rd.readSnapshot(); err != nil {
		rd.Close()
		return nil, err
	}
	rd.start()
	return rd, nil
}

func newReader(br *bufio.Reader, o ReaderOptions, hdr *Header, sch *schema) *Reader {
	rd := &Reader{opts: o, hdr: hdr, schema: sch, snap: &Snapshot{}}
	rd.src = &blockSource{br: br, name: o.Name}
	rd.dec = getDecoder()
	rd.bd.schema = sch
	return rd
}

// start begins reading events, with a read-ahead goroutine unless turned
// off.
func (r *Reader) start() {
	n := r.opts.ReadAhead
	if n == 0 {
		n = DefaultReadAhead
	}
	// Buffers held by batches come back when released; a few more than
	// the read-ahead needs are kept for reuse.
	r.free = make(chan *blockBuf, max(n, 0)+4*maxBatchBlocks)
	if n < 0 {
		return
	}
	r.ahead = true
	r.results = make(chan blockResult, n)
	r.done = make(chan struct{})
	r.wg.Add(1)
	go r.readAhead()
}

func (r *Reader) readAhead() {
	defer r.wg.Done()
	for {
		select {
		case <-r.done:
			return
		default:
		}
		buf := r.getBuf()
		res := r.nextBlock(buf)
		if res.buf == nil {
			r.putBuf(buf)
		}
		select {
		case r.results <- res:
		case <-r.done:
			return
		}
		if res.err != nil {
			return
		}
	}
}

// readSnapshot reads the snapshot blocks. Damaged snapshot blocks are
// skipped with a warning.
func (r *Reader) readSnapshot() error {
	sd := snapshotDecoder{s: r.snap, budget: r.opts.MaxSnapshotSize}
	buf := &blockBuf{}
	for {
		b, warns, err := r.src.next(buf.stored)
		r.blockWarnings(warns)
		if err == io.EOF {
			return nil // the recorder died before writing an event; a warning said so if bytes were lost
		}
		if err != nil {
			return err
		}
		buf.stored = b.payload
		if b.hdr.kind != kindSnapshot {
			r.warn(&Warning{File: r.opts.Name, Block: int(b.hdr.number), Offset: b.off,
				Err: corruptf("snapshot ends without its last block: the snapshot is incomplete")})
			r.src.pushBack(b)
			return nil
		}
		raw, err := r.payload(&b, buf)
		if err == nil {
			err = sd.add(raw)
			if errors.Is(err, ErrTooLarge) {
				return &Error{File: r.opts.Name, Block: int(b.hdr.number), Offset: b.off, Err: err}
			}
		}
		if err != nil {
			r.warn(&Warning{File: r.opts.Name, Block: int(b.hdr.number), Offset: b.off,
				Lost: int64(b.hdr.hlen) + int64(b.hdr.stored), Err: fmt.Errorf("skip snapshot block: %w", err)})
			r.stats.SkippedBlocks++
			r.stats.BytesLost += int64(b.hdr.hlen) + int64(b.hdr.stored)
		}
		if b.hdr.flags&flagLast != 0 {
			return nil
		}
	}
}

// payload checks a block's CRC and flags and returns its raw payload,
// decompressing into buf.raw if needed.
func (r *Reader) payload(b *srcBlock, buf *blockBuf) ([]byte, error) {
	return decodePayload(r.dec, &b.hdr, b.payload, buf)
}

func decodePayload(dec *zstd.Decoder, h *blockHeader, stored []byte, buf *blockBuf) ([]byte, error) {
	if h.flags&^knownFlagsMask != 0 {
		return nil, fmt.Errorf("unknown block flags %#x (from a newer version?)", h.flags)
	}
	if crc32.Checksum(stored, crcTable) != h.crc {
		return nil, corruptf("payload checksum mismatch")
	}
	if h.flags&flagZstd == 0 {
		return stored, nil
	}
	if cap(buf.raw) < int(h.raw) {
		buf.raw = make([]byte, 0, h.raw)
	}
	raw, err := dec.DecodeAll(stored, buf.raw[:0:h.raw])
	if err != nil {
		return nil, corruptf("decompress: %v", err)
	}
	if len(raw) != int(h.raw) {
		return nil, corruptf("payload decompresses to %d bytes, header says %d", len(raw), h.raw)
	}
	return raw, nil
}

// nextBlock reads blocks until an event block decodes (or the end), and
// returns it with the warnings on the way. It runs in the read-ahead
// goroutine, or in the caller's without read-ahead.
func (r *Reader) nextBlock(buf *blockBuf) blockResult {
	var res blockResult
	for {
		b, warns, err := r.src.next(buf.stored)
		for _, w := range warns {
			res.warns = append(res.warns, w)
			res.lost += w.Lost
			if w.Lost > 0 {
				res.skipped++
			}
		}
		if err != nil {
			res.err = err
			res.sealed = r.src.sealed
			return res
		}
		buf.stored = b.payload
		lost := int64(b.hdr.hlen) + int64(b.hdr.stored)
		skip := func(err error) {
			res.warns = append(res.warns, &Warning{File: r.opts.Name, Block: int(b.hdr.number), Offset: b.off, Lost: lost, Err: err})
			res.skipped++
			res.lost += lost
		}
		switch b.hdr.kind {
		case kindEvents:
			raw, err := decodePayload(r.dec, &b.hdr, b.payload, buf)
			if err != nil {
				skip(fmt.Errorf("skip event block: %w", err))
				continue
			}
			buf.data = raw
			res.buf, res.hdr, res.off = buf, b.hdr, b.off
			return res
		case kindSnapshot:
			skip(corruptf("snapshot block among the events"))
		case kindFooter:
			if _, err := decodePayload(r.dec, &b.hdr, b.payload, buf); err != nil {
				skip(fmt.Errorf("skip footer: %w", err))
			}
		}
		// Index blocks, footers and kinds of later versions: nothing to do.
	}
}

// Header returns the file's header.
func (r *Reader) Header() *Header { return r.hdr }

// Snapshot returns the state the file opens with.
func (r *Reader) Snapshot() *Snapshot { return r.snap }

// ReadInto reads the next event into ev. It returns io.EOF after the last
// event. ev's byte slices point into the Reader's buffers and stay valid
// until the next call. Damaged blocks are skipped (see Warnings); an error
// other than io.EOF is an *Error and ends reading.
func (r *Reader) ReadInto(ev *Event) error {
	if r.err != nil {
		return r.err
	}
	for {
		if r.bd.left > 0 {
			known, err := r.bd.next(ev)
			if err != nil {
				r.skipBlockRest(err)
				continue
			}
			if !known {
				r.stats.UnknownEvents++
				continue
			}
			r.stats.Events++
			return nil
		}
		if !r.advance() {
			return r.err
		}
	}
}

// skipBlockRest gives up the rest of the current block after an event of
// it failed to decode, with a warning naming the block.
func (r *Reader) skipBlockRest(err error) {
	left := r.bd.left + 1
	r.bd.left = 0
	r.stats.SkippedBlocks++
	r.warn(&Warning{File: r.opts.Name, Block: int(r.curHdr.number), Offset: r.curOff,
		Err: fmt.Errorf("skip the last %d of %d events of the block: %w", left, r.curHdr.count, err)})
}

// Batch is a run of consecutive events that Reader.ReadBatch decoded
// without copying: the events' parameters live in the batch and their byte
// values point into the blocks the Reader decompressed, which the batch
// holds until Release (or until it is read into again). A caller can thus
// hand batches to another goroutine while the Reader goes on.
//
// The zero Batch is ready for use and holds up to DefaultBatchEvents
// events. A Batch is not safe for concurrent use; Release may be called
// from another goroutine than the Reader's, but not while ReadBatch reads
// into the same batch.
type Batch struct {
	// Events are the batch's events, in order, valid until Release.
	Events []Event
	evs    []Event
	params []Value
	bufs   []*blockBuf // the blocks the events point into, held
}

// DefaultBatchEvents is how many events a zero Batch holds.
const DefaultBatchEvents = 256

// maxBatchBlocks bounds the blocks one batch holds, so that a file of
// tiny blocks does not pin many buffers.
const maxBatchBlocks = 4

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
	b.evs = make([]Event, n)
	// Room for 8 parameters per event on average, and one event of the
	// most parameters at the end: a batch of larger events ends early.
	b.params = make([]Value, 8*n+MaxParams)
}

// Release lets go of the batch's events and the buffers they point into.
// Release of a released batch does nothing.
func (b *Batch) Release() {
	for i, buf := range b.bufs {
		buf.unref()
		b.bufs[i] = nil
	}
	b.bufs = b.bufs[:0]
	b.Events = b.Events[:0]
}

// ReadBatch releases b and reads the next events into it: up to its
// capacity, fewer where a run of blocks ends. Their parameters and byte
// values stay valid until b is released or read into again, whatever the
// Reader does meanwhile, so batches can be worked on while the Reader
// reads on. After the last event it returns io.EOF with b empty; an error
// that ends reading comes after the events before it, in the next call,
// and stays. Warnings are given as ReadInto gives them, in the calling
// goroutine, when the reader meets them (before the caller has seen the
// batch's events).
//
// ReadBatch and ReadInto may be mixed; events go to one or the other.
func (r *Reader) ReadBatch(b *Batch) error {
	b.Release()
	if r.err != nil {
		return r.err
	}
	if b.evs == nil {
		b.init(0)
	}
	n, k := 0, 0
	for n < len(b.evs) {
		if r.bd.left == 0 {
			if n > 0 && len(b.bufs) >= maxBatchBlocks {
				break
			}
			if !r.advance() {
				if n > 0 {
					break // r.err comes with the next call
				}
				return r.err
			}
			continue
		}
		if len(b.params)-k < MaxParams {
			break
		}
		ev := &b.evs[n]
		ev.Params = b.params[k:k:len(b.params)]
		known, err := r.bd.next(ev)
		if err != nil {
			r.skipBlockRest(err)
			continue
		}
		if !known {
			r.stats.UnknownEvents++
			continue
		}
		np := len(ev.Params)
		ev.Params = ev.Params[:np:np]
		k += np
		if len(b.bufs) == 0 || b.bufs[len(b.bufs)-1] != r.cur {
			r.cur.refs.Add(1)
			b.bufs = append(b.bufs, r.cur)
		}
		n++
	}
	r.stats.Events += int64(n)
	b.Events = b.evs[:n]
	return nil
}

// advance moves to the next event block. It returns false at the end or on
// a fatal error, which it stores in r.err.
func (r *Reader) advance() bool {
	if r.closed {
		r.err = ErrClosed
		return false
	}
	if r.cur != nil {
		r.cur.unref()
		r.cur = nil
	}
	var res blockResult
	if r.ahead {
		res = <-r.results
	} else {
		buf := r.getBuf()
		if res = r.nextBlock(buf); res.buf == nil {
			r.putBuf(buf)
		}
	}
	for _, w := range res.warns {
		r.warn(w)
	}
	r.stats.SkippedBlocks += int64(res.skipped)
	r.stats.BytesLost += res.lost
	if res.err != nil {
		r.stats.Sealed = res.sealed
		if res.err != io.EOF {
			var e *Error
			if !errors.As(res.err, &e) {
				res.err = &Error{File: r.opts.Name, Block: -1, Offset: r.src.off, Err: res.err}
			}
		}
		r.err = res.err
		return false
	}
	r.cur = res.buf
	r.cur.refs.Store(1)
	r.curHdr, r.curOff = res.hdr, res.off
	r.stats.Blocks++
	if err := r.bd.reset(&res.hdr, res.buf.data); err != nil {
		lost := int64(res.hdr.hlen) + int64(res.hdr.stored)
		r.stats.SkippedBlocks++
		r.stats.BytesLost += lost
		r.warn(&Warning{File: r.opts.Name, Block: int(res.hdr.number), Offset: res.off, Lost: lost,
			Err: fmt.Errorf("skip event block: %w", err)})
	}
	return true
}

func (r *Reader) blockWarnings(ws []*Warning) {
	for _, w := range ws {
		if w.Lost > 0 {
			r.stats.SkippedBlocks++
			r.stats.BytesLost += w.Lost
		}
		r.warn(w)
	}
}

func (r *Reader) warn(w *Warning) {
	r.stats.Warnings++
	if r.opts.Warn != nil {
		r.opts.Warn(w)
		return
	}
	if len(r.warnings) < maxCollectedWarnings {
		r.warnings = append(r.warnings, w)
	}
}

// Warnings returns the warnings collected so far (the first 1000), when
// ReaderOptions.Warn is nil.
func (r *Reader) Warnings() []*Warning { return r.warnings }

// Stats returns the Reader's counters.
func (r *Reader) Stats() ReaderStats { return r.stats }

// Close stops the read-ahead goroutine (waiting for its current read to
// return) and releases the Reader's buffers. It does not close the
// io.Reader the Reader was made with.
func (r *Reader) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	if r.ahead {
		close(r.done)
		r.wg.Wait()
	}
	if r.dec != nil {
		putDecoder(r.dec)
		r.dec = nil
	}
	if r.cur != nil {
		r.cur.unref()
		r.cur = nil
	}
	r.bd.left = 0
	if r.err == nil || r.err == io.EOF {
		r.err = ErrClosed
	}
	return nil
}

// blockSource reads block frames from a stream, resynchronising after
// damaged headers and noticing truncation.
type blockSource struct {
	br      *bufio.Reader
	name    string
	off     int64 // offset of the next unread byte
	nextNum int   // the block number expected next (for warnings)
	sealed  bool  // the footer and trailer were read
	pending *srcBlock
}

type srcBlock struct {
	hdr     blockHeader
	off     int64
	payload []byte
}

func (s *blockSource) pushBack(b srcBlock) { s.pending = &b }

// next reads the next block, its payload into buf's space. At the end it
// returns io.EOF; lost bytes come as warnings.
func (s *blockSource) next(buf []byte) (srcBlock, []*Warning, error) {
	if s.pending != nil {
		b := *s.pending
		s.pending = nil
		return b, nil, nil
	}
	var warns []*Warning
	var damage int64 = -1 // start of bytes being skipped
	lose := func(err error) {
		warns = append(warns, &Warning{File: s.name, Block: s.nextNum, Offset: damage, Lost: s.off - damage, Err: err})
		damage = -1
	}
	for {
		if s.sealed {
			return srcBlock{}, warns, io.EOF
		}
		head, err := s.br.Peek(8)
		if len(head) == 0 && err != nil {
			if damage >= 0 {
				lose(corruptf("no block header found up to the end of the file"))
			}
			if err == io.EOF {
				return srcBlock{}, warns, io.EOF
			}
			return srcBlock{}, warns, fmt.Errorf("read block: %w", err)
		}
		if len(head) < 8 {
			if damage < 0 {
				damage = s.off
			}
			s.discard(len(head))
			lose(fmt.Errorf("%w: the file ends inside a block header", ErrTruncated))
			continue
		}
		hlen, herr := headerLen(head)
		var hb []byte
		if herr == nil {
			hb, err = s.br.Peek(hlen)
			if len(hb) < hlen {
				if err != nil && err != io.EOF {
					return srcBlock{}, warns, fmt.Errorf("read block: %w", err)
				}
				if damage < 0 {
					damage = s.off
				}
				s.discard(len(hb))
				lose(fmt.Errorf("%w: the file ends inside a block header", ErrTruncated))
				continue
			}
		}
		var h blockHeader
		if herr == nil {
			h, herr = parseBlockHeader(hb)
		}
		if herr != nil {
			// Not a trustworthy header: look for the next one.
			if damage < 0 {
				damage = s.off
			}
			s.discard(1)
			s.scan()
			continue
		}
		if damage >= 0 {
			lose(corruptf("damaged block header: skipped to the next block"))
		}
		b := srcBlock{hdr: h, off: s.off}
		s.discard(hlen)
		if cap(buf) < int(h.stored) {
			buf = make([]byte, h.stored)
		}
		b.payload = buf[:h.stored]
		n, err := io.ReadFull(s.br, b.payload)
		s.off += int64(n)
		if err != nil {
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				warns = append(warns, &Warning{File: s.name, Block: int(h.number), Offset: b.off, Lost: int64(hlen + n),
					Err: fmt.Errorf("%w: the file ends %d bytes into a %d-byte block", ErrTruncated, hlen+n, hlen+int(h.stored))})
				return srcBlock{}, warns, io.EOF
			}
			return srcBlock{}, warns, fmt.Errorf("read block: %w", err)
		}
		s.nextNum = int(h.number) + 1
		if h.kind == kindFooter {
			s.readTrailer(&warns)
		}
		return b, warns, nil
	}
}

// scan discards bytes up to the next block magic (or the end).
func (s *blockSource) scan() {
	for {
		buf, _ := s.br.Peek(s.br.Size())
		if len(buf) == 0 {
			return
		}
		if i := bytes.Index(buf, []byte(blockMagic)); i >= 0 {
			s.discard(i)
			return
		}
		if len(buf) < 4 {
			s.discard(len(buf))
			return
		}
		s.discard(len(buf) - 3)
	}
}

func (s *blockSource) discard(n int) {
	d, _ := s.br.Discard(n)
	s.off += int64(d)
}

// readTrailer reads the trailer after a footer; anything after it is
// reported and ignored.
func (s *blockSource) readTrailer(warns *[]*Warning) {
	t, _ := s.br.Peek(trailerLen)
	if len(t) == trailerLen && string(t[8:]) == trailerMagic {
		s.discard(trailerLen)
		s.sealed = true
		if rest, _ := s.br.Peek(1); len(rest) > 0 {
			start := s.off
			n, _ := io.Copy(io.Discard, s.br)
			*warns = append(*warns, &Warning{File: s.name, Block: -1, Offset: start,
				Err: fmt.Errorf("%w: %d bytes after the end of the capture ignored", ErrCorrupt, n)})
			s.off += n
		}
	}
}
