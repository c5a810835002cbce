package format

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/klauspost/compress/zstd"
)

// WriterOptions configure a Writer. The zero value gives the defaults.
type WriterOptions struct {
	// Level is the compression level: 1 fastest, 2 default, 3 better,
	// 4 best (zstd's SpeedFastest, SpeedDefault, SpeedBetterCompression and
	// SpeedBestCompression). 0 means DefaultLevel.
	Level int
	// BlockSize is the uncompressed size in bytes at which the writer ends
	// a block, from 4 KiB to 64 MiB; 0 means DefaultBlockSize. Larger blocks
	// compress better; smaller ones lose less when damaged.
	BlockSize int
}

// Defaults for WriterOptions.
const (
	// DefaultLevel is zstd's SpeedFastest. On the synthetic mix of the
	// benchmarks it writes some 5 million events per second of CPU at about
	// 7.1 bytes per event; level 2 saves 3% of the bytes for 40% more CPU,
	// level 3 4% for twice the CPU.
	DefaultLevel = 1
	// DefaultBlockSize is 1 MiB of uncompressed events: some 60,000 events
	// of a typical mix.
	DefaultBlockSize = 1 << 20
	minBlockSize     = 4 << 10
	// minFrame is the least raw bytes a zstd frame of an event block
	// holds: the writer starts a new frame at a stream boundary only after
	// this much.
	minFrame = 4 << 10
)

func (o *WriterOptions) resolve() (WriterOptions, error) {
	var r WriterOptions
	if o != nil {
		r = *o
	}
	if r.Level == 0 {
		r.Level = DefaultLevel
	}
	if r.Level < 1 || r.Level > 4 {
		return r, fmt.Errorf("%w: compression level %d (want 1 to 4, or 0 for the default)", ErrInvalidOptions, r.Level)
	}
	if r.BlockSize == 0 {
		r.BlockSize = DefaultBlockSize
	}
	if r.BlockSize < minBlockSize || r.BlockSize > MaxBlockSize {
		return r, fmt.Errorf("%w: block size %d (want %d to %d, or 0 for the default)", ErrInvalidOptions, r.BlockSize, minBlockSize, MaxBlockSize)
	}
	return r, nil
}

// encoders are small free lists of zstd encoders per level (see
// decoders).
var encoders = [5]chan *zstd.Encoder{make(chan *zstd.Encoder, 2), make(chan *zstd.Encoder, 2),
	make(chan *zstd.Encoder, 2), make(chan *zstd.Encoder, 2), make(chan *zstd.Encoder, 2)}

func getEncoder(level int) *zstd.Encoder {
	select {
	case e := <-encoders[level]:
		return e
	default:
	}
	levels := [...]zstd.EncoderLevel{1: zstd.SpeedFastest, 2: zstd.SpeedDefault, 3: zstd.SpeedBetterCompression, 4: zstd.SpeedBestCompression}
	e, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(levels[level]), zstd.WithEncoderConcurrency(1),
		zstd.WithEncoderCRC(false), zstd.WithZeroFrames(true), zstd.WithAllLitEntropyCompression(true))
	if err != nil {
		panic("format: zstd encoder options: " + err.Error()) // constant options: cannot happen
	}
	return e
}

// WriterStats are a Writer's counters.
type WriterStats struct {
	Events   int64 // events written
	Blocks   int64 // blocks written, of every kind
	RawBytes int64 // uncompressed payload bytes of the blocks written
	Bytes    int64 // bytes written to the underlying writer, headers included
}

// Writer writes a capture file: the header and snapshot when it is made,
// then events in blocks, then at Close the index and footer.
//
// Errors are sticky: after a write fails, every call returns that error.
// A Writer is not safe for concurrent use.
type Writer struct {
	w     io.Writer
	name  string // file name for errors, if known
	opts  WriterOptions
	level int
	enc   *zstd.Encoder
	be    *blockEncoder
	chain *chainer

	off      int64
	blockNum uint32
	nextNum  uint64
	index    []BlockInfo
	minTime  int64
	maxTime  int64
	stats    WriterStats
	err      error
	closed   bool
	onError  func(good int64) // called once at the first write error

	raw    []byte // raw payload scratch
	splits []int  // where streams start in raw
	cmp    []byte // compressed payload scratch
	out    []byte // header + payload scratch
}

// NewWriter writes the file header (with the event schema) and the
// snapshot to w and returns a Writer for the events. hdr and snap may be nil
// for an empty header or snapshot; hdr.Version is ignored (the writer writes
// CurrentVersion).
func NewWriter(w io.Writer, hdr *Header, snap *Snapshot, opts *WriterOptions) (*Writer, error) {
	return newWriter(w, "", nil, hdr, snap, opts)
}

func newWriter(w io.Writer, name string, onError func(int64), hdr *Header, snap *Snapshot, opts *WriterOptions) (*Writer, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	var h Header
	if hdr != nil {
		h = *hdr
	}
	h.Version = CurrentVersion
	if snap == nil {
		snap = &Snapshot{}
	}
	wr := &Writer{w: w, name: name, onError: onError, opts: o, level: o.Level, be: newBlockEncoder(), nextNum: 1}
	wr.enc = getEncoder(o.Level)
	head := encodeFileHeader(&h)
	if len(head) > fileHeaderFixed+4+maxHeaderLen {
		wr.release()
		return nil, fmt.Errorf("%w: a header of %d bytes (limit %d): too many options?", ErrTooLarge, len(head), maxHeaderLen)
	}
	wr.chain = newChainer(head)
	if err := wr.write(head, -1); err != nil {
		wr.release()
		return nil, err
	}
	if err := wr.writeSnapshot(snap); err != nil {
		wr.release()
		return nil, err
	}
	return wr, nil
}

// writeSnapshot writes the snapshot records in blocks of about BlockSize.
func (w *Writer) writeSnapshot(s *Snapshot) error {
	buf := w.raw[:0]
	count := 0
	err := snapshotRecords(s, func(rec []byte) error {
		if len(rec) > MaxBlockSize {
			return fmt.Errorf("%w: snapshot record of %d bytes (limit %d)", ErrTooLarge, len(rec), MaxBlockSize)
		}
		if count > 0 && len(buf)+len(rec) > w.opts.BlockSize {
			if err := w.writeBlock(kindSnapshot, 0, uint32(count), 0, s.Time, s.Time, buf, true); err != nil {
				return err
			}
			buf, count = buf[:0], 0
		}
		buf = append(buf, rec...)
		count++
		return nil
	})
	if err == nil {
		err = w.writeBlock(kindSnapshot, flagLast, uint32(count), 0, s.Time, s.Time, buf, true)
	}
	w.raw = buf[:0]
	return err
}

// WriteEvent appends ev to the current block, writing the block out when it
// reaches the block size. If ev.Num is 0 the writer numbers the event (one
// more than the previous event, from 1); otherwise it stores ev.Num (files
// converted from .scap keep sysdig's numbers). An invalid event returns an
// error wrapping ErrInvalidEvent and leaves the Writer usable.
func (w *Writer) WriteEvent(ev *Event) error {
	if w.err != nil {
		return w.err
	}
	size, err := checkEvent(ev)
	if err != nil {
		return err
	}
	if size > MaxBlockSize-1024 {
		return fmt.Errorf("%w: %s event of %d bytes does not fit a block", ErrInvalidEvent, ev.Type, size)
	}
	if w.be.count > 0 && (w.be.size()+size > MaxBlockSize || w.be.full()) {
		if err := w.Flush(); err != nil {
			return err
		}
	}
	num := ev.Num
	if num == 0 {
		num = w.nextNum
	}
	w.nextNum = num + 1
	w.be.add(ev, num)
	w.stats.Events++
	if w.be.size() >= w.opts.BlockSize {
		return w.Flush()
	}
	return nil
}

// Flush ends the current block and writes it out. Recorders call it at
// least every second, so that a crash loses little.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	be := w.be
	if be.count == 0 {
		return nil
	}
	w.raw, w.splits = be.appendPayload(w.raw[:0], w.splits[:0])
	info := BlockInfo{
		Number: int(w.blockNum), Offset: w.off, Events: be.count, FirstNum: be.firstNum, Raw: len(w.raw),
		MinTime: be.minTime, MaxTime: be.maxTime,
	}
	if err := w.writeBlock(kindEvents, 0, uint32(be.count), be.firstNum, be.minTime, be.maxTime, w.raw, true, w.splits...); err != nil {
		return err
	}
	info.Stored = int(w.off-info.Offset) - blockHeaderLen
	w.index = append(w.index, info)
	if len(w.index) == 1 {
		w.minTime, w.maxTime = be.minTime, be.maxTime
	}
	w.minTime = min(w.minTime, be.minTime)
	w.maxTime = max(w.maxTime, be.maxTime)
	be.reset()
	return nil
}

// Close writes the last block, the index and the footer. It does not close
// the underlying writer. After Close every method returns ErrClosed.
func (w *Writer) Close() error {
	if w.closed {
		return ErrClosed
	}
	defer func() {
		w.closed = true
		w.release()
		if w.err == nil {
			w.err = ErrClosed
		}
	}()
	if err := w.Flush(); err != nil {
		return err
	}
	// Index.
	raw := binary.AppendUvarint(w.raw[:0], uint64(len(w.index)))
	raw = binary.AppendUvarint(raw, indexEntryLen)
	for i := range w.index {
		raw = w.index[i].appendEntry(raw)
	}
	w.raw = raw
	indexOff := w.off
	if err := w.writeBlock(kindIndex, 0, uint32(len(w.index)), 0, w.minTime, w.maxTime, raw, true); err != nil {
		return err
	}
	// Footer and trailer.
	var m msg
	m.uint(1, uint64(indexOff))
	m.uint(2, uint64(w.blockNum))
	m.uint(3, uint64(w.stats.Events))
	m.int(4, w.minTime)
	m.int(5, w.maxTime)
	return w.writeBlock(kindFooter, 0, 0, 0, w.minTime, w.maxTime, m.b, false)
}

// Stats returns the Writer's counters.
func (w *Writer) Stats() WriterStats { return w.stats }

func (w *Writer) release() {
	if w.enc != nil {
		select {
		case encoders[w.level] <- w.enc:
		default:
		}
		w.enc = nil
	}
}

// writeBlock compresses (if asked and worthwhile), frames, chains and
// writes one block. splits are offsets in raw where a new zstd frame may
// start: the streams of an event block compress better each on its own.
// The footer block is followed by the trailer, in the same write.
func (w *Writer) writeBlock(kind, flags uint8, count uint32, firstNum uint64, minT, maxT int64, raw []byte, compress bool, splits ...int) error {
	if w.err != nil {
		return w.err
	}
	payload := raw
	if compress && len(raw) > 64 {
		w.cmp = w.cmp[:0]
		start := 0
		for _, s := range splits {
			if s-start >= minFrame {
				w.cmp = w.enc.EncodeAll(raw[start:s], w.cmp)
				start = s
			}
		}
		w.cmp = w.enc.EncodeAll(raw[start:], w.cmp)
		if len(w.cmp) < len(raw) {
			payload = w.cmp
			flags |= flagZstd
		}
	}
	footerOff := w.off
	h := blockHeader{
		kind: kind, flags: flags, number: w.blockNum, stored: uint32(len(payload)), raw: uint32(len(raw)),
		count: count, crc: crc32.Checksum(payload, crcTable), firstNum: firstNum, minTime: minT, maxTime: maxT,
	}
	out := h.marshal(w.out[:0])
	h.chain = w.chain.next(out, payload)
	out = h.marshal(out[:0])
	out = append(out, payload...)
	if kind == kindFooter {
		out = binary.LittleEndian.AppendUint64(out, uint64(footerOff))
		out = append(out, trailerMagic...)
	}
	w.out = out
	if err := w.write(out, int(w.blockNum)); err != nil {
		return err
	}
	w.chain.sum = h.chain
	w.blockNum++
	w.stats.Blocks++
	w.stats.RawBytes += int64(len(raw))
	return nil
}

func (w *Writer) write(b []byte, block int) error {
	n, err := w.w.Write(b)
	if err == nil && n < len(b) {
		err = io.ErrShortWrite
	}
	if err != nil {
		what := "write block"
		if block < 0 {
			what = "write file header"
		}
		w.err = &Error{File: w.name, Block: block, Offset: w.off, Err: fmt.Errorf("%s: %w", what, err)}
		if w.onError != nil {
			w.onError(w.off)
		}
		return w.err
	}
	w.off += int64(n)
	w.stats.Bytes += int64(n)
	return nil
}

// FileWriter is a Writer to a file it created. It is not safe for
// concurrent use.
type FileWriter struct {
	*Writer
	f *os.File
}

// Create creates (or truncates) the named file with mode 0600 and writes
// the header and snapshot to it. If a write fails (the disk is full), the
// file is cut back to its last whole block, so it stays readable up to
// there, and the error is sticky.
func Create(name string, hdr *Header, snap *Snapshot, opts *WriterOptions) (*FileWriter, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, fmt.Errorf("create capture: %w", err)
	}
	fw := &FileWriter{f: f}
	fw.Writer, err = newWriter(f, name, func(good int64) { _ = f.Truncate(good) }, hdr, snap, opts)
	if err != nil {
		f.Close()
		return nil, err
	}
	return fw, nil
}

// Name returns the file's name.
func (fw *FileWriter) Name() string { return fw.f.Name() }

// Close finishes the capture as Writer.Close does, syncs the file to disk
// and closes it.
func (fw *FileWriter) Close() error {
	if fw.Writer.closed {
		return ErrClosed
	}
	err := fw.Writer.Close()
	if err == nil {
		if serr := fw.f.Sync(); serr != nil {
			err = &Error{File: fw.name, Block: -1, Offset: fw.off, Err: fmt.Errorf("sync capture: %w", serr)}
		}
	}
	if cerr := fw.f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close capture: %w", cerr)
	}
	return err
}
