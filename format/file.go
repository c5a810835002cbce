package format

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sort"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// File is a capture file opened for random access: its header, snapshot,
// block list (from the index, or by scanning when the file has none),
// readers starting at a time, and verification.
//
// A File is safe for concurrent use by several goroutines once opened
// (each Reader it makes is not).
type File struct {
	ra     io.ReaderAt
	size   int64
	name   string
	closer io.Closer

	hdr       *Header
	snap      *Snapshot
	schema    *schema
	headRaw   []byte
	eventsOff int64 // offset of the first block after the snapshot
	warnings  []*Warning

	blocks   []BlockInfo // from the index, or from scanning (once) if there is none
	index    bool        // blocks came from a valid index
	scanOnce sync.Once
}

// Open opens the named capture file for random access.
func Open(name string) (*File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open capture: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open capture: %w", err)
	}
	if st.IsDir() {
		f.Close()
		return nil, &Error{File: name, Block: -1, Err: fmt.Errorf("%w: a directory", ErrNotCapture)}
	}
	cf, err := NewFile(f, st.Size(), name)
	if err != nil {
		f.Close()
		return nil, err
	}
	cf.closer = f
	return cf, nil
}

// NewFile reads the header, snapshot and index of a capture of size bytes
// readable through r. name is used in errors. Close does not close r.
func NewFile(r io.ReaderAt, size int64, name string) (*File, error) {
	f := &File{ra: r, size: size, name: name}
	rd, err := NewReader(io.NewSectionReader(r, 0, size), &ReaderOptions{Name: name, ReadAhead: -1,
		Warn: func(w *Warning) { f.warnings = append(f.warnings, w) }})
	if err != nil {
		return nil, err
	}
	f.hdr, f.snap, f.schema = rd.hdr, rd.snap, rd.schema
	f.eventsOff = rd.src.off
	if rd.src.pending != nil {
		f.eventsOff = rd.src.pending.off
	}
	rd.Close()
	if f.headRaw, err = readHead(r, size); err != nil {
		return nil, &Error{File: name, Block: -1, Offset: 0, Err: err}
	}
	f.blocks, f.index = f.readIndex()
	return f, nil
}

// readHead returns the file header's bytes (already checked by NewReader).
func readHead(r io.ReaderAt, size int64) ([]byte, error) {
	var fixed [fileHeaderFixed]byte
	if _, err := r.ReadAt(fixed[:], 0); err != nil {
		return nil, fmt.Errorf("read file header: %w", err)
	}
	n := int64(fileHeaderFixed) + int64(binary.LittleEndian.Uint32(fixed[12:])) + 4
	if n > size {
		return nil, fmt.Errorf("%w: file header", ErrTruncated)
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("read file header: %w", err)
	}
	return b, nil
}

// readBlockAt reads and checks the block at off, returning its header and
// raw payload.
func (f *File) readBlockAt(off int64, dec *zstd.Decoder) (blockHeader, []byte, error) {
	var h blockHeader
	head := make([]byte, 8)
	if _, err := f.ra.ReadAt(head, off); err != nil {
		return h, nil, err
	}
	hlen, err := headerLen(head)
	if err != nil {
		return h, nil, err
	}
	hb := make([]byte, hlen)
	if _, err := f.ra.ReadAt(hb, off); err != nil {
		return h, nil, err
	}
	if h, err = parseBlockHeader(hb); err != nil {
		return h, nil, err
	}
	if off+int64(hlen)+int64(h.stored) > f.size {
		return h, nil, fmt.Errorf("%w: block runs past the end of the file", ErrTruncated)
	}
	stored := make([]byte, h.stored)
	if _, err := f.ra.ReadAt(stored, off+int64(hlen)); err != nil {
		return h, nil, err
	}
	raw, err := decodePayload(dec, &h, stored, &blockBuf{})
	return h, raw, err
}

// readIndex finds the trailer, footer and index. It returns nil, false if
// the file has none or they do not check out (the blocks are then found by
// scanning).
func (f *File) readIndex() ([]BlockInfo, bool) {
	if f.size < f.eventsOff+trailerLen {
		return nil, false
	}
	var t [trailerLen]byte
	if _, err := f.ra.ReadAt(t[:], f.size-trailerLen); err != nil || string(t[8:]) != trailerMagic {
		return nil, false
	}
	dec := getDecoder()
	defer putDecoder(dec)
	footOff := int64(binary.LittleEndian.Uint64(t[:]))
	if footOff < f.eventsOff || footOff >= f.size {
		return nil, false
	}
	h, raw, err := f.readBlockAt(footOff, dec)
	if err != nil || h.kind != kindFooter {
		return nil, false
	}
	ft, err := parseFooter(raw)
	if err != nil || ft.indexOffset < f.eventsOff || ft.indexOffset >= footOff {
		return nil, false
	}
	h, raw, err = f.readBlockAt(ft.indexOffset, dec)
	if err != nil || h.kind != kindIndex {
		return nil, false
	}
	blocks, err := parseIndex(raw)
	if err != nil {
		return nil, false
	}
	for _, b := range blocks {
		if b.Offset < f.eventsOff || b.Offset >= ft.indexOffset {
			return nil, false
		}
	}
	return blocks, true
}

// Header returns the file's header.
func (f *File) Header() *Header { return f.hdr }

// Snapshot returns the state the file opens with. It is shared with the
// Readers the File makes: do not modify it.
func (f *File) Snapshot() *Snapshot { return f.snap }

// Name returns the name the File was opened with.
func (f *File) Name() string { return f.name }

// Size returns the file's size in bytes.
func (f *File) Size() int64 { return f.size }

// Indexed reports whether the file has a valid index (it was closed
// properly); without one, Blocks scans the file.
func (f *File) Indexed() bool { return f.index }

// Warnings returns the problems met reading the header and snapshot.
func (f *File) Warnings() []*Warning { return f.warnings }

// Blocks returns the file's event blocks in file order, from the index or,
// when there is none, by scanning the file's block headers (damaged blocks
// are left out).
func (f *File) Blocks() []BlockInfo {
	if !f.index {
		f.scanOnce.Do(func() { f.blocks = f.scan() })
	}
	return append([]BlockInfo(nil), f.blocks...)
}

func (f *File) scan() []BlockInfo {
	src := &blockSource{br: bufio.NewReaderSize(io.NewSectionReader(f.ra, f.eventsOff, f.size-f.eventsOff), bufSize(f.size-f.eventsOff, 1<<20)),
		name: f.name, off: f.eventsOff}
	blocks := []BlockInfo{}
	var buf []byte
	for {
		b, _, err := src.next(buf)
		if err != nil {
			return blocks
		}
		buf = b.payload
		if b.hdr.kind == kindEvents {
			blocks = append(blocks, BlockInfo{Number: int(b.hdr.number), Offset: b.off, Stored: int(b.hdr.stored),
				Raw: int(b.hdr.raw), Events: int(b.hdr.count), FirstNum: b.hdr.firstNum,
				MinTime: b.hdr.minTime, MaxTime: b.hdr.maxTime})
		}
	}
}

// NewReaderAt returns a Reader that starts at the first event block that
// may hold events at or after time t (its latest event is not before t).
// Events in a block are not sorted by time, so the first events read may be
// a little earlier than t: callers that need a sharp start filter by
// ev.Time. The Reader's Snapshot is the file's (the state at its start).
func (f *File) NewReaderAt(t int64) (*Reader, error) { return f.NewReaderAtOptions(t, nil) }

// NewReaderAtOptions is NewReaderAt with reader options.
func (f *File) NewReaderAtOptions(t int64, opts *ReaderOptions) (*Reader, error) {
	var o ReaderOptions
	if opts != nil {
		o = *opts
	}
	if o.Name == "" {
		o.Name = f.name
	}
	blocks := f.Blocks()
	off := f.size
	// Blocks are in file order; max times are nearly sorted but not
	// exactly, so take the first block whose max time reaches t.
	if i := sort.Search(len(blocks), func(i int) bool { return blocks[i].MaxTime >= t }); i < len(blocks) {
		for j := 0; j < i; j++ { // an earlier block that reaches t despite the near order
			if blocks[j].MaxTime >= t {
				i = j
				break
			}
		}
		off = blocks[i].Offset
	} else {
		for j := range blocks {
			if blocks[j].MaxTime >= t {
				off = blocks[j].Offset
				break
			}
		}
	}
	br := bufio.NewReaderSize(io.NewSectionReader(f.ra, off, f.size-off), bufSize(f.size-off, 256<<10))
	r := newReader(br, o, f.hdr, f.schema)
	r.snap = f.snap
	r.src.off = off
	r.start()
	return r, nil
}

// Close releases the File. It closes the underlying file if the File was
// made by Open. Readers made by NewReaderAt must be closed first.
func (f *File) Close() error {
	if f.closer == nil {
		return nil
	}
	c := f.closer
	f.closer = nil
	return c.Close()
}

// Verdict is the outcome of verifying a capture file (docs/format.md, "The
// hash chain and verification").
type Verdict string

// Verdicts, from worst to best.
const (
	VerdictCorrupted Verdict = "corrupted" // a block fails its checksum or does not decode
	VerdictEdited    Verdict = "edited"    // blocks are consistent but the chain, numbering, index or footer is not
	VerdictTruncated Verdict = "truncated" // the file ends inside a block
	VerdictUnsealed  Verdict = "unsealed"  // whole blocks, no footer: the writer did not close the file
	VerdictIntact    Verdict = "intact"    // everything checks
)

// VerifyReport is the result of File.Verify.
type VerifyReport struct {
	Verdict   Verdict
	Blocks    int      // whole blocks checked, of every kind
	Events    int64    // events in the event blocks checked
	BadBlock  int      // number of the first bad block, -1 if none
	BadOffset int64    // its offset in the file, -1 if none
	Problem   string   // what is wrong there; "" when intact
	BytesLost int64    // bytes after the last whole block, for truncated files
	FinalHash [32]byte // chain hash of the last block checked: for an intact file the footer's, covering the whole file
}

// Verify reads the whole file and checks every block's header and payload
// checksums, that payloads decompress, the hash chain, the block numbering,
// the index and the footer. The error is for I/O failures only; damage is
// in the report.
func (f *File) Verify() (*VerifyReport, error) {
	rep := &VerifyReport{Verdict: VerdictIntact, BadBlock: -1, BadOffset: -1}
	ch := newChainer(f.headRaw)
	rep.FinalHash = ch.sum
	br := bufio.NewReaderSize(io.NewSectionReader(f.ra, 0, f.size), bufSize(f.size, 1<<20))
	if _, err := br.Discard(len(f.headRaw)); err != nil {
		return nil, fmt.Errorf("verify %s: %w", f.name, err)
	}
	off := int64(len(f.headRaw))
	dec := getDecoder()
	defer putDecoder(dec)

	bad := func(v Verdict, block int, at int64, format string, args ...any) (*VerifyReport, error) {
		rep.Verdict, rep.BadBlock, rep.BadOffset, rep.Problem = v, block, at, fmt.Sprintf(format, args...)
		return rep, nil
	}
	var (
		num       = 0
		seen      []BlockInfo
		index     []BlockInfo
		indexOff  int64 = -1
		buf             = &blockBuf{}
		stored    []byte
		hb        = make([]byte, maxBlockHeader)
		ioErr     = func(err error) (*VerifyReport, error) { return nil, fmt.Errorf("verify %s: %w", f.name, err) }
		truncated = func(n int64, what string) (*VerifyReport, error) {
			rep.BytesLost = n
			return bad(VerdictTruncated, num, off, "the file ends inside %s (%d bytes after the last whole block)", what, n)
		}
	)
	for {
		head, err := br.Peek(8)
		if len(head) == 0 {
			if err != nil && err != io.EOF {
				return ioErr(err)
			}
			return bad(VerdictUnsealed, -1, -1, "no footer: the writer did not close the file (killed, crashed or still writing)")
		}
		if len(head) < 8 {
			return truncated(int64(len(head)), "a block header")
		}
		hlen, err := headerLen(head)
		if err != nil {
			return bad(VerdictCorrupted, num, off, "no valid block header here: %v", err)
		}
		h := hb[:hlen]
		if n, err := io.ReadFull(br, h); err != nil {
			if err == io.ErrUnexpectedEOF || err == io.EOF {
				return truncated(int64(n), "a block header")
			}
			return ioErr(err)
		}
		bh, err := parseBlockHeader(h)
		if err != nil {
			return bad(VerdictCorrupted, num, off, "%v", err)
		}
		if cap(stored) < int(bh.stored) {
			stored = make([]byte, bh.stored)
		}
		stored = stored[:bh.stored]
		if n, err := io.ReadFull(br, stored); err != nil {
			if err == io.ErrUnexpectedEOF || err == io.EOF {
				return truncated(int64(hlen+n), "a block")
			}
			return ioErr(err)
		}
		raw, err := decodePayload(dec, &bh, stored, buf)
		if err != nil {
			return bad(VerdictCorrupted, num, off, "%v", err)
		}
		sum := ch.next(h, stored)
		if sum != bh.chain {
			return bad(VerdictEdited, int(bh.number), off, "hash chain broken: the block's content or its place in the file was changed (blocks removed, inserted, reordered or rewritten)")
		}
		if int(bh.number) != num {
			return bad(VerdictEdited, int(bh.number), off, "block number %d where %d was expected", bh.number, num)
		}
		ch.sum = sum
		rep.FinalHash = sum
		rep.Blocks++
		switch bh.kind {
		case kindEvents:
			rep.Events += int64(bh.count)
			seen = append(seen, BlockInfo{Number: num, Offset: off, Stored: int(bh.stored), Raw: int(bh.raw),
				Events: int(bh.count), FirstNum: bh.firstNum, MinTime: bh.minTime, MaxTime: bh.maxTime})
		case kindIndex:
			if index, err = parseIndex(raw); err != nil {
				return bad(VerdictCorrupted, num, off, "%v", err)
			}
			indexOff = off
		case kindFooter:
			ft, err := parseFooter(raw)
			if err != nil {
				return bad(VerdictCorrupted, num, off, "%v", err)
			}
			blockOff := off
			off += int64(hlen) + int64(bh.stored)
			t := make([]byte, trailerLen)
			n, err := io.ReadFull(br, t)
			if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
				return ioErr(err)
			}
			if n < trailerLen {
				rep.BytesLost = int64(n)
				return bad(VerdictTruncated, -1, off, "the file ends inside the trailer")
			}
			if string(t[8:]) != trailerMagic || int64(binary.LittleEndian.Uint64(t)) != blockOff {
				return bad(VerdictEdited, -1, off, "the trailer does not point at the footer")
			}
			if rest, _ := io.Copy(io.Discard, br); rest > 0 {
				return bad(VerdictEdited, -1, off+trailerLen, "%d bytes after the end of the capture", rest)
			}
			switch {
			case ft.indexOffset != indexOff:
				return bad(VerdictEdited, num, blockOff, "the footer's index offset %d is not where the index is (%d)", ft.indexOffset, indexOff)
			case ft.blocks != uint64(num):
				return bad(VerdictEdited, num, blockOff, "the footer counts %d blocks, the file has %d", ft.blocks, num)
			case ft.events != uint64(rep.Events):
				return bad(VerdictEdited, num, blockOff, "the footer counts %d events, the blocks hold %d", ft.events, rep.Events)
			case !sameBlocks(index, seen):
				return bad(VerdictEdited, num, blockOff, "the index does not match the event blocks")
			}
			return rep, nil
		}
		off += int64(hlen) + int64(bh.stored)
		num++
	}
}

// bufSize is the buffer size for reading n bytes: at most limit, at least
// enough to peek at a whole block header.
func bufSize(n int64, limit int) int {
	return int(max(2*maxBlockHeader, min(n, int64(limit))))
}

func sameBlocks(a, b []BlockInfo) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
