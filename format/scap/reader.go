package scap

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/klauspost/compress/gzip"

	"github.com/peregrine-sec/peregrine/format"
)

// Limits a Reader applies unless its options say otherwise.
const (
	// DefaultMaxBlockSize bounds one block. The largest blocks of real
	// captures are process lists of busy hosts, a few MiB.
	DefaultMaxBlockSize = 256 << 20

	// DefaultMaxThreads bounds the threads whose last enter event is kept
	// for pairing with the exit event.
	DefaultMaxThreads = 1 << 16

	// maxKeptWarnings bounds the warnings a Reader keeps for Warnings.
	maxKeptWarnings = 100
)

// bufSize is the read buffer. Blocks that fit are handed out in place;
// larger ones are assembled in a separate buffer.
const bufSize = 256 << 10

// ReaderOptions configure a Reader. The zero value is the default.
type ReaderOptions struct {
	// Name is the file name errors and warnings carry. Open sets it.
	Name string

	// MaxBlockSize bounds the length of one block, in bytes;
	// 0 means DefaultMaxBlockSize. A longer block is an ErrTooLarge error.
	MaxBlockSize int

	// MaxThreads bounds how many threads' pending enter events are kept
	// for pairing with their exit events; 0 means DefaultMaxThreads. When
	// a capture has more threads, the pending enter events are dropped
	// (with a warning) and pairing starts over.
	MaxThreads int

	// ReadAhead is how many batches of events (1024 each) a goroutine
	// reads and decodes ahead of ReadInto, so that reading runs on another
	// core than the caller's work. 0 (the default) or less: none, everything
	// happens in ReadInto, as suits a caller that already reads on a
	// goroutine of its own (the analyzer's pipeline does).
	ReadAhead int

	// OnWarning, if not nil, is called with each warning (a *FormatError
	// wrapping ErrCorrupt or ErrSkipped): a damaged event or list entry
	// skipped, an unknown block or event type. It is called in the
	// goroutine calling NewReader or ReadInto, at the point of the stream
	// where the warning belongs (with read-ahead too). Warnings are also
	// kept, up to a limit, for Warnings.
	OnWarning func(error)
}

// Stats counts what a Reader has read so far.
type Stats struct {
	Blocks  int64  // blocks read, the section header included
	Bytes   int64  // uncompressed bytes read
	Events  uint64 // events returned by ReadInto
	Skipped uint64 // events skipped: damaged, or of a type with no catalogue entry
}

// A Reader reads a .scap capture: the header and snapshot are decoded by
// NewReader, the events one at a time by ReadInto.
//
// A Reader is not safe for concurrent use; its read-ahead goroutine is
// internal and stops at Close.
type Reader struct {
	name     string
	maxBlock int
	maxThr   int
	onWarn   func(error)

	file  *os.File // opened by Open, closed by Close
	gz    *gzip.Reader
	in    *inbuf
	big   []byte   // blocks longer than bufSize
	bigHB *heldBuf // big, as batches hold it; nil until a batch may
	// holding says ReadHeld was used: batches may hold buffers, which
	// are then not reused.
	holding  bool
	lastLong bool // the last event read is in big

	off   int64 // uncompressed offset of the next block
	block int64 // number of the next block
	num   uint64

	hdr  format.Header
	snap format.Snapshot

	threads  map[int64]*enterSlot
	lastTID  int64
	lastSlot *enterSlot   // threads[lastTID], or nil
	unpinned []*enterSlot // slots whose values point into the read buffer
	// stayBuffered makes readSync stop rather than move the read buffer.
	stayBuffered bool
	// v1Count caches, per event id, 1 + the parameter count its last V1
	// event had (0: none yet), tried first for the next.
	v1Count  [numScapEvents]uint8
	warned   map[uint64]bool // event ids, and block types | 1<<32, already warned about
	warnings []error
	nwarn    int
	stats    Stats
	err      error // sticky, for ReadInto: io.EOF, the first error or ErrClosed
	serr     error // sticky, for readSync (the producer, with read-ahead)

	aheadN int    // batches to read ahead; 0: none
	ahead  *ahead // the read-ahead, once started
	cstats Stats  // with read-ahead: the counts as of what ReadInto handed out
}

// Open opens the named .scap file (gzip-compressed or plain) and reads its
// header and state. Close closes the file.
func Open(name string) (*Reader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open scap capture: %w", err)
	}
	r, err := NewReader(f, &ReaderOptions{Name: name})
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewReader reads a .scap capture from rd, gzip-compressed or plain: it
// reads the section header and the state blocks up to the first event. A
// nil opts means the defaults. Close does not close rd.
func NewReader(rd io.Reader, opts *ReaderOptions) (*Reader, error) {
	var o ReaderOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxBlockSize < 0 || o.MaxThreads < 0 {
		return nil, errors.New("scap: negative limit in ReaderOptions")
	}
	if o.MaxBlockSize == 0 {
		o.MaxBlockSize = DefaultMaxBlockSize
	}
	if o.MaxThreads == 0 {
		o.MaxThreads = DefaultMaxThreads
	}
	r := &Reader{
		name:     o.Name,
		maxBlock: o.MaxBlockSize,
		maxThr:   o.MaxThreads,
		onWarn:   o.OnWarning,
		aheadN:   max(o.ReadAhead, 0),
		threads:  make(map[int64]*enterSlot),
		warned:   make(map[uint64]bool),
	}
	r.in = newInbuf(rd, bufSize, r.pin)
	magic, err := r.in.peek(2)
	if len(magic) < 2 {
		if err == io.EOF || err == nil {
			return nil, r.errAt(-1, 0, 0, ErrNotScap, "empty input")
		}
		return nil, r.errAt(-1, 0, 0, err, "read")
	}
	if magic[0] == 0x1f && magic[1] == 0x8b {
		gz, err := gzip.NewReader(r.in)
		if err != nil {
			return nil, r.errAt(-1, 0, 0, ErrNotScap, "gzip stream: "+err.Error())
		}
		gz.Multistream(true)
		r.gz = gz
		r.in = newInbuf(gz, bufSize, r.pin)
	}
	r.hdr.Source = "scap"
	r.hdr.Options = map[string]string{}
	if err := r.readHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

// Header returns the capture's metadata. Source is "scap"; Options hold
// the scap format version ("scap.version"), the section header's comment
// and the machine info the file has.
func (r *Reader) Header() *format.Header { return &r.hdr }

// Snapshot returns the state the capture opens with: threads, fds, users,
// groups and network interfaces from the file's list blocks.
func (r *Reader) Snapshot() *format.Snapshot { return &r.snap }

// Stats returns counts of what has been read so far: with read-ahead, of
// what ReadInto has handed out.
func (r *Reader) Stats() Stats {
	if r.aheadN > 0 && r.cstats.Blocks > 0 {
		return r.cstats
	}
	return r.stats
}

// Warnings returns the first warnings the Reader met (up to 100) and how
// many there were in all.
func (r *Reader) Warnings() ([]error, int) { return r.warnings, r.nwarn }

// Close releases the Reader; it closes the file if Open opened it. Further
// calls to ReadInto return ErrClosed.
func (r *Reader) Close() error {
	if r.err == ErrClosed {
		return nil
	}
	r.err = ErrClosed
	if r.ahead != nil {
		r.stopAhead()
	}
	r.in.stopFill()
	var err error
	if r.gz != nil {
		r.gz.Close()
	}
	if r.file != nil {
		err = r.file.Close()
		r.file = nil
	}
	r.big, r.bigHB = nil, nil
	r.threads, r.lastSlot = nil, nil
	return err
}

// errAt builds a *FormatError at the given block and offset.
func (r *Reader) errAt(block int64, typ uint32, off int64, err error, msg string) *FormatError {
	return &FormatError{File: r.name, Block: block, BlockType: typ, Offset: off, Msg: msg, Err: err}
}

// warn records a warning: with read-ahead, in the batch being filled, to
// be reported when ReadInto gets there.
func (r *Reader) warn(w *FormatError) {
	if a := r.ahead; a != nil && a.fill != nil {
		a.fill.warns = append(a.fill.warns, batchWarning{a.fill.n, w})
		return
	}
	r.report(w)
}

// report counts and keeps a warning and passes it to OnWarning.
func (r *Reader) report(w error) {
	r.nwarn++
	if len(r.warnings) < maxKeptWarnings {
		r.warnings = append(r.warnings, w)
	}
	if r.onWarn != nil {
		r.onWarn(w)
	}
}

// rawBlock is one block as read: its type, number, offset and the bytes
// between the 8-byte header and the 4-byte trailer.
type rawBlock struct {
	typ  uint32
	num  int64
	off  int64
	body []byte
	long bool // body is in Reader.big, which the next long block reuses
}

// peekType returns the type of the next block without consuming it, and
// io.EOF at a clean end of input.
func (r *Reader) peekType() (uint32, error) {
	h, err := r.in.peek(8)
	if len(h) == 8 {
		return binary.LittleEndian.Uint32(h), nil
	}
	return 0, r.headerErr(h, err)
}

func (r *Reader) headerErr(h []byte, err error) error {
	if len(h) == 0 && err == io.EOF {
		return io.EOF
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return r.errAt(r.block, 0, r.off, ErrTruncated,
			fmt.Sprintf("input ends %d bytes into a block header", len(h)))
	}
	return r.errAt(r.block, 0, r.off, err, "read block header")
}

// next reads the next block into b. Its body stays valid until the next
// call.
func (r *Reader) next(b *rawBlock) error {
	h, err := r.in.peek(8)
	if len(h) < 8 {
		return r.headerErr(h, err)
	}
	typ := binary.LittleEndian.Uint32(h)
	total := binary.LittleEndian.Uint32(h[4:])
	b.typ, b.num, b.off, b.body, b.long = typ, r.block, r.off, nil, false
	if total < 12 {
		return r.errAt(b.num, typ, b.off, ErrCorrupt,
			fmt.Sprintf("block length %d is shorter than a block's 12 bytes of framing", total))
	}
	if uint64(total) > uint64(r.maxBlock) {
		return r.errAt(b.num, typ, b.off, ErrTooLarge,
			fmt.Sprintf("block length %d exceeds the limit of %d bytes", total, r.maxBlock))
	}
	n := int(total)
	var data []byte
	if n <= len(r.in.buf) {
		data, err = r.in.peek(n)
		if len(data) == n {
			r.in.discard(n)
			err = nil
		}
	} else {
		data, err = r.readLong(n)
		b.long = true
	}
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return r.errAt(b.num, typ, b.off, ErrTruncated,
				fmt.Sprintf("block of %d bytes, input ends after %d", n, len(data)))
		}
		return r.errAt(b.num, typ, b.off, err, "read block")
	}
	if trailer := binary.LittleEndian.Uint32(data[n-4:]); trailer != total {
		return r.errAt(b.num, typ, b.off+int64(n)-4, ErrCorrupt,
			fmt.Sprintf("block trailer says length %d, header says %d", trailer, total))
	}
	r.off += int64(n)
	r.block++
	r.stats.Blocks++
	r.stats.Bytes = r.off
	b.body = data[8 : n-4]
	return nil
}

// readLong reads an n-byte block that does not fit the read buffer into
// r.big, growing it as data arrives so that a block length claiming more
// than the input holds costs no more memory than the input.
func (r *Reader) readLong(n int) ([]byte, error) {
	const chunk = 1 << 20
	if r.bigHB != nil && r.bigHB.held() {
		// A batch holds the last long block: read into a new buffer.
		r.bigHB.unref()
		r.bigHB, r.big = nil, nil
	}
	buf := r.big[:0]
	for len(buf) < n {
		want := min(n-len(buf), chunk)
		if cap(buf)-len(buf) < want {
			nc := min(max(2*cap(buf), len(buf)+want), n)
			nb := make([]byte, len(buf), nc)
			copy(nb, buf)
			buf = nb
			if r.bigHB != nil {
				r.bigHB.unref() // not the buffer any more
				r.bigHB = nil
			}
		}
		m, err := io.ReadFull(r.in, buf[len(buf):len(buf)+want])
		buf = buf[:len(buf)+m]
		if err != nil {
			r.big = buf[:0]
			return buf, err
		}
	}
	r.big = buf[:0]
	if r.holding && r.bigHB == nil {
		r.bigHB = &heldBuf{b: r.big}
		r.bigHB.refs.Store(1)
	}
	return buf, nil
}

// ReadInto reads the next event into ev, returning io.EOF after the last.
// The byte slices of ev's parameters point into the Reader's buffers and
// stay valid until the next call. Damaged events whose block is intact are
// skipped with a warning; a damaged block framing is an error, and every
// later call returns it again.
func (r *Reader) ReadInto(ev *format.Event) error {
	if r.err != nil {
		return r.err
	}
	if r.aheadN > 0 {
		if r.ahead == nil {
			r.startAhead(r.aheadN)
		}
		return r.readAhead(ev)
	}
	if err := r.readSync(ev); err != nil {
		r.err = err
		return err
	}
	return nil
}

// ReadBatch reads up to len(evs) events into evs and returns how many it
// read. Their byte slices stay valid until the next call to ReadBatch or
// ReadInto, so a caller that works on events in batches (on another
// goroutine, say) can keep a whole batch without copying it. A batch ends
// early where the read buffer must be refilled. After the last event it
// returns 0 and io.EOF; an error comes after the events before it, in the
// next call, and stays. Warnings go to OnWarning as they are met, which
// may be before the caller has looked at the batch's earlier events.
func (r *Reader) ReadBatch(evs []format.Event) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if len(evs) == 0 {
		return 0, nil
	}
	if r.aheadN > 0 {
		// The read-ahead's batches are copies already: hand out one
		// event per slot, all from the current batch at most.
		n := 0
		for n < len(evs) {
			if n > 0 && r.ahead != nil && r.ahead.cur != nil && r.ahead.next >= r.ahead.cur.n {
				break // the next event would recycle the current batch
			}
			if err := r.ReadInto(&evs[n]); err != nil {
				if n > 0 {
					return n, nil
				}
				return 0, err
			}
			n++
		}
		return n, nil
	}
	n := 0
	for n < len(evs) {
		// After the first event, reading must not move the buffered
		// bytes the events so far point into.
		r.stayBuffered = n > 0
		err := r.readSync(&evs[n])
		r.stayBuffered = false
		if err == errNeedRefill {
			break
		}
		if err != nil {
			if n == 0 {
				r.err = err
				return 0, err
			}
			break // r.serr holds it for the next call
		}
		n++
	}
	return n, nil
}

// errNeedRefill stops readSync, for ReadBatch, where the next block is
// not wholly buffered.
var errNeedRefill = errors.New("scap: read buffer needs a refill")

// buffered reports whether the next block is wholly in the read buffer,
// so that reading it moves nothing. Long blocks never are (they are read
// into a buffer of their own, which the next long block reuses).
func (r *Reader) buffered() bool {
	in := r.in
	if in.w-in.r < 8 {
		return false
	}
	total := binary.LittleEndian.Uint32(in.buf[in.r+4:])
	return uint64(in.w-in.r) >= uint64(total)
}

// readSync reads and decodes the next event. With read-ahead it runs in
// the producer goroutine, and only there.
func (r *Reader) readSync(ev *format.Event) error {
	if r.serr != nil {
		return r.serr
	}
	var b rawBlock
	for {
		if r.stayBuffered && !r.buffered() {
			return errNeedRefill
		}
		if err := r.next(&b); err != nil {
			r.serr = err
			return err
		}
		switch {
		case isEventBlock(b.typ):
			if r.decodeEvent(&b, ev) {
				r.stats.Events++
				r.lastLong = b.long
				return nil
			}
		case b.typ == blockSection:
			// An appended capture (sysdig can concatenate files): its
			// events continue the stream; its state blocks cannot be
			// applied mid-stream and are skipped.
			r.warn(r.errAt(b.num, b.typ, b.off, ErrSkipped,
				"another section starts here (concatenated captures): its process, fd, user and interface lists are skipped"))
		default:
			if key := 1<<32 | uint64(b.typ); !r.warned[key] {
				r.warned[key] = true
				r.warn(r.errAt(b.num, b.typ, b.off, ErrSkipped,
					"block between events skipped (further blocks of this type are skipped silently)"))
			}
		}
	}
}
