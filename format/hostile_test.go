package format

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// smallCapture is a small file of several event blocks with a small
// snapshot, for tests that try every offset.
func smallCapture(t testing.TB) ([]byte, []Event) {
	t.Helper()
	s := NewSynth(11)
	hdr := s.Header()
	snap := &Snapshot{Time: 1, Threads: []Thread{{TID: 1, PID: 1, Comm: "init", Args: []string{"a"}}}, Users: []User{{Name: "root"}}}
	evs := make([]Event, 300)
	var ev Event
	for i := range evs {
		s.Next(&ev)
		evs[i].CopyFrom(&ev)
		evs[i].Num = uint64(i + 1)
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, hdr, snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if i%50 == 49 {
			w.Flush()
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), evs
}

// blockEnds returns where each whole block of a capture ends, and the end
// of the file header.
func blockEnds(t testing.TB, data []byte) (headEnd int64, ends []int64, evEnds map[int64]int) {
	t.Helper()
	br := bufio.NewReader(bytes.NewReader(data))
	_, _, raw, err := readFileHeader(br)
	if err != nil {
		t.Fatal(err)
	}
	src := &blockSource{br: br, off: int64(len(raw))}
	evEnds = map[int64]int{} // end offset -> events up to there
	events := 0
	for {
		b, warns, err := src.next(nil)
		if len(warns) > 0 {
			t.Fatalf("warnings on an intact file: %v", warns)
		}
		if err != nil {
			break
		}
		end := b.off + int64(b.hdr.hlen) + int64(b.hdr.stored)
		if b.hdr.kind == kindEvents {
			events += int(b.hdr.count)
		}
		evEnds[end] = events
		ends = append(ends, end)
	}
	return int64(len(raw)), ends, evEnds
}

// readPrefix reads everything it can from data and checks each event
// against the originals by number. It returns the reader and how many
// events it read.
func readPrefix(t *testing.T, data []byte, want []Event) (*Reader, int, error) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: -1, Name: "cut.pgr"})
	if err != nil {
		var e *Error
		if !errors.As(err, &e) || e.File != "cut.pgr" {
			t.Fatalf("NewReader error %v is not an *Error naming the file", err)
		}
		return nil, 0, err
	}
	defer r.Close()
	got := 0
	var ev Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("ReadInto: %v", err)
		}
		if ev.Num == 0 || ev.Num > uint64(len(want)) || !sameEvent(&ev, &want[ev.Num-1]) {
			t.Fatalf("read an event that was not written: %+v", ev)
		}
		got++
	}
	return r, got, nil
}

func TestTruncateEveryOffset(t *testing.T) {
	data, evs := smallCapture(t)
	headEnd, ends, evEnds := blockEnds(t, data)
	t.Logf("%d bytes, %d blocks", len(data), len(ends))
	last := func(n int64) int64 { // end of the last whole block at or before n
		b := headEnd
		for _, e := range ends {
			if e <= n {
				b = e
			}
		}
		return b
	}
	for n := int64(0); n <= int64(len(data)); n++ {
		cut := data[:n]
		r, got, err := readPrefix(t, cut, evs)
		if n < headEnd {
			switch {
			case err == nil:
				t.Fatalf("cut at %d: NewReader accepted a partial file header", n)
			case n == 0 && !errors.Is(err, ErrNotCapture), n > 0 && !errors.Is(err, ErrTruncated):
				t.Fatalf("cut at %d: %v", n, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("cut at %d: %v", n, err)
		}
		b := last(n)
		if want := evEnds[b]; got != want {
			t.Fatalf("cut at %d: read %d events, want %d (the whole blocks)", n, got, want)
		}
		if n == int64(len(data)) {
			b = n // the trailer is not a block, but not lost either
		}
		st := r.Stats()
		if st.BytesLost != n-b {
			t.Fatalf("cut at %d: %d bytes lost, want %d (warnings %v)", n, st.BytesLost, n-b, r.Warnings())
		}
		if n-b > 0 && (len(r.Warnings()) == 0 || !errors.Is(r.Warnings()[0], ErrTruncated) && !errors.Is(r.Warnings()[0], ErrCorrupt)) {
			t.Fatalf("cut at %d: no warning about the cut: %v", n, r.Warnings())
		}
		if n%5 == 0 || n-b == 0 || n == int64(len(data)) {
			f, err := NewFile(bytes.NewReader(cut), n, "cut.pgr")
			if err != nil {
				t.Fatalf("cut at %d: NewFile: %v", n, err)
			}
			rep, err := f.Verify()
			if err != nil {
				t.Fatal(err)
			}
			want := VerdictTruncated
			switch {
			case n == int64(len(data)):
				want = VerdictIntact
			case n-b == 0 && b != ends[len(ends)-1]: // a cut right after the footer loses the trailer
				want = VerdictUnsealed
			}
			if rep.Verdict != want {
				t.Fatalf("cut at %d: verdict %s (%s), want %s", n, rep.Verdict, rep.Problem, want)
			}
		}
	}
}

func TestBitFlips(t *testing.T) {
	data, evs := smallCapture(t)
	headEnd, _, _ := blockEnds(t, data)
	r := rand.New(rand.NewPCG(3, 4))
	trials := 3000
	if testing.Short() {
		trials = 300
	}
	for range trials {
		pos := r.IntN(len(data))
		bit := byte(1) << r.IntN(8)
		bad := bytes.Clone(data)
		bad[pos] ^= bit
		rd, got, err := readPrefix(t, bad, evs)
		if int64(pos) < headEnd {
			if err == nil {
				t.Fatalf("flip at %d (header): read without error", pos)
			}
			continue
		}
		if err != nil {
			t.Fatalf("flip at %d: %v", pos, err)
		}
		if st := rd.Stats(); got < len(evs) && st.SkippedBlocks == 0 {
			t.Fatalf("flip at %d: %d of %d events, nothing reported skipped", pos, got, len(evs))
		}
		f, err := NewFile(bytes.NewReader(bad), int64(len(bad)), "flip.pgr")
		if err != nil {
			t.Fatalf("flip at %d: NewFile: %v", pos, err)
		}
		rep, err := f.Verify()
		if err != nil {
			t.Fatal(err)
		}
		if rep.Verdict == VerdictIntact {
			t.Fatalf("flip at %d: verdict intact", pos)
		}
	}
}

// rechain recomputes the header CRCs and chain hashes of every block in
// data, as someone covering up an edit would.
func rechain(t *testing.T, data []byte) []byte {
	t.Helper()
	out := bytes.Clone(data)
	headEnd, ends, _ := blockEnds(t, data)
	ch := newChainer(out[:headEnd])
	start := headEnd
	for _, end := range ends {
		hl := int64(binary.LittleEndian.Uint16(out[start+6:]))
		h, payload := out[start:start+hl], out[start+hl:end]
		binary.LittleEndian.PutUint32(h[24:], crc32.Checksum(payload, crcTable))
		sum := ch.next(h, payload)
		copy(h[chainOffset:], sum[:])
		binary.LittleEndian.PutUint32(h[hl-4:], crc32.Checksum(h[:hl-4], crcTable))
		ch.sum = sum
		start = end
	}
	return out
}

func TestVerifyEdited(t *testing.T) {
	data, _ := smallCapture(t)
	_, ends, _ := blockEnds(t, data)
	f0 := mustFile(t, data)
	orig, _ := f0.Verify()
	if orig.Verdict != VerdictIntact || orig.Blocks != len(ends) {
		t.Fatalf("original: %+v", orig)
	}
	blocks := f0.Blocks()
	victim := blocks[1] // an event block in the middle
	vEnd := victim.Offset + blockHeaderLen + int64(victim.Stored)

	// edit rewrites the victim block with one raw payload byte changed,
	// consistent in itself (compressed, checksums fixed) but with its old
	// chain hash.
	edit := func() []byte {
		dec := getDecoder()
		defer putDecoder(dec)
		hb := data[victim.Offset : victim.Offset+blockHeaderLen]
		h, err := parseBlockHeader(hb)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := decodePayload(dec, &h, data[victim.Offset+blockHeaderLen:vEnd], &blockBuf{})
		if err != nil {
			t.Fatal(err)
		}
		raw = bytes.Clone(raw)
		raw[len(raw)-1] ^= 1 // the last literal byte: a path, a name
		enc := getEncoder(1)
		stored := enc.EncodeAll(raw, nil)
		h.stored, h.raw, h.crc = uint32(len(stored)), uint32(len(raw)), crc32.Checksum(stored, crcTable)
		out := append(bytes.Clone(data[:victim.Offset]), h.marshal(nil)...)
		out = append(out, stored...)
		return append(out, data[vEnd:]...)
	}
	// Fix the CRCs of a block whose payload byte was changed.
	fixCRC := func(b []byte, off int64) {
		hl := int64(binary.LittleEndian.Uint16(b[off+6:]))
		stored := int64(binary.LittleEndian.Uint32(b[off+12:]))
		binary.LittleEndian.PutUint32(b[off+24:], crc32.Checksum(b[off+hl:off+hl+stored], crcTable))
		binary.LittleEndian.PutUint32(b[off+hl-4:], crc32.Checksum(b[off:off+hl-4], crcTable))
	}
	for _, tc := range []struct {
		name      string
		edit      func() []byte
		want      Verdict
		wantBlock int
	}{
		{"payload changed, checksums fixed", edit, VerdictEdited, victim.Number},
		{"compressed bytes changed, checksums fixed", func() []byte {
			b := bytes.Clone(data)
			b[victim.Offset+blockHeaderLen+3] ^= 0x40
			fixCRC(b, victim.Offset)
			return b
		}, VerdictCorrupted, victim.Number},
		{"payload changed", func() []byte {
			b := bytes.Clone(data)
			b[victim.Offset+blockHeaderLen+3] ^= 0x40
			return b
		}, VerdictCorrupted, victim.Number},
		{"block removed", func() []byte {
			return append(bytes.Clone(data[:victim.Offset]), data[vEnd:]...)
		}, VerdictEdited, victim.Number + 1},
		{"block duplicated", func() []byte {
			b := append(bytes.Clone(data[:vEnd]), data[victim.Offset:vEnd]...)
			return append(b, data[vEnd:]...)
		}, VerdictEdited, victim.Number},
		{"bytes appended", func() []byte {
			return append(bytes.Clone(data), "more"...)
		}, VerdictEdited, -1},
		{"footer removed", func() []byte {
			return bytes.Clone(data[:ends[len(ends)-2]])
		}, VerdictUnsealed, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := mustFile(t, tc.edit()).Verify()
			if err != nil {
				t.Fatal(err)
			}
			if rep.Verdict != tc.want || rep.BadBlock != tc.wantBlock {
				t.Fatalf("verdict %s at block %d (%s), want %s at block %d", rep.Verdict, rep.BadBlock, rep.Problem, tc.want, tc.wantBlock)
			}
		})
	}

	// Rewriting the whole chain after an edit passes verification: only
	// the final hash, kept elsewhere, shows the change.
	rep, err := mustFile(t, rechain(t, edit())).Verify()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Verdict != VerdictIntact || rep.FinalHash == orig.FinalHash {
		t.Fatalf("re-chained edit: %s, final hash changed: %v", rep.Verdict, rep.FinalHash != orig.FinalHash)
	}
}

func mustFile(t *testing.T, data []byte) *File {
	t.Helper()
	f, err := NewFile(bytes.NewReader(data), int64(len(data)), "test.pgr")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestUnsealed reads a file whose writer flushed but never closed.
func TestUnsealed(t *testing.T) {
	_, _, evs := synthEvents(5, 3000)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, nil, nil, &WriterOptions{BlockSize: 16 << 10})
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	r, got := readAll(t, buf.Bytes(), nil)
	if len(got) != len(evs) || r.Stats().Sealed || len(r.Warnings()) != 0 {
		t.Fatalf("read %d of %d events, stats %+v, warnings %v", len(got), len(evs), r.Stats(), r.Warnings())
	}
	f := mustFile(t, buf.Bytes())
	if f.Indexed() {
		t.Error("an unsealed file has an index")
	}
	n := 0
	for _, b := range f.Blocks() {
		n += b.Events
	}
	if n != len(evs) {
		t.Errorf("scanned blocks hold %d events, want %d", n, len(evs))
	}
	if rep, _ := f.Verify(); rep.Verdict != VerdictUnsealed {
		t.Errorf("verdict %s", rep.Verdict)
	}
}

// TestHugeClaims: blocks and headers claiming enormous sizes are errors or
// skipped blocks, not allocations.
func TestHugeClaims(t *testing.T) {
	t.Run("header message", func(t *testing.T) {
		b := []byte(fileMagic + "\x01\x00\x00\x00\xff\xff\xff\xff")
		_, err := NewReader(bytes.NewReader(b), nil)
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("block", func(t *testing.T) {
		c := newCrafter(1, 0, writerSchema())
		emptySnapshot(c)
		// A valid header (CRC and all) claiming 4 GiB, then a good block.
		var h []byte
		h = append(h, blockMagic...)
		h = append(h, kindEvents, flagZstd)
		h = binary.LittleEndian.AppendUint16(h, blockHeaderLen)
		h = binary.LittleEndian.AppendUint32(h, 1)
		h = binary.LittleEndian.AppendUint32(h, 0xffffffff)
		h = binary.LittleEndian.AppendUint32(h, 0xffffffff)
		h = append(h, make([]byte, blockHeaderLen-4-len(h))...)
		h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(h, crcTable))
		c.buf.Write(h)
		c.num++
		ev := craftEvent{typeID: uint64(EvClose), has: 0, num: 1, time: 5}
		c.block(craftBlock{kind: kindEvents, count: 1, firstNum: 1, minTime: 5, maxTime: 5, raw: craftEvents([]craftEvent{ev}, 0)})

		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, got := readAll(t, c.buf.Bytes(), nil)
		runtime.ReadMemStats(&after)
		if len(got) != 1 || len(r.Warnings()) != 1 || !errors.Is(r.Warnings()[0], ErrCorrupt) {
			t.Fatalf("events %d, warnings %v", len(got), r.Warnings())
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
			t.Fatalf("allocated %d bytes", grew)
		}
	})
	t.Run("snapshot", func(t *testing.T) {
		snap := &Snapshot{}
		for range 2000 {
			snap.Threads = append(snap.Threads, Thread{Env: []string{strings.Repeat("x", 500)}})
		}
		data := writeCapture(t, nil, snap, nil, nil)
		_, err := NewReader(bytes.NewReader(data), &ReaderOptions{MaxSnapshotSize: 1 << 20})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("err = %v, want ErrTooLarge", err)
		}
	})
}

func TestNotACapture(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrNotCapture},
		{"text", "hello, this is not a capture", ErrNotCapture},
		{"scap", "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00", ErrNotCapture},
		{"magic only", fileMagic, ErrTruncated},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tc.in), nil)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// failingWriter accepts limit bytes, then fails, writing part of the
// failing write (as a full disk does).
type failingWriter struct {
	w     io.Writer
	limit int
	err   error
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if len(p) <= f.limit {
		f.limit -= len(p)
		return f.w.Write(p)
	}
	n, _ := f.w.Write(p[:f.limit])
	f.limit = 0
	return n, f.err
}

func TestWriteErrors(t *testing.T) {
	_, _, evs := synthEvents(9, 5000)
	t.Run("sticky", func(t *testing.T) {
		var buf bytes.Buffer
		fw := &failingWriter{w: &buf, limit: 30000, err: syscall.ENOSPC}
		w, err := NewWriter(fw, nil, nil, &WriterOptions{BlockSize: 8192})
		if err != nil {
			t.Fatal(err)
		}
		var first error
		for i := range evs {
			if err := w.WriteEvent(&evs[i]); err != nil {
				first = err
				break
			}
		}
		if !errors.Is(first, syscall.ENOSPC) {
			t.Fatalf("first error %v", first)
		}
		var e *Error
		if !errors.As(first, &e) || e.Block < 0 {
			t.Fatalf("%v is not an *Error with a block", first)
		}
		if err := w.WriteEvent(&evs[0]); err != first {
			t.Errorf("after an error: %v", err)
		}
		if err := w.Flush(); err != first {
			t.Errorf("Flush after an error: %v", err)
		}
		if err := w.Close(); err != first {
			t.Errorf("Close after an error: %v", err)
		}
		// What reached the disk reads up to the last whole block.
		r, got := readAll(t, buf.Bytes(), nil)
		if len(got) == 0 || r.Stats().BytesLost == 0 {
			t.Errorf("read %d events, stats %+v", len(got), r.Stats())
		}
	})
	t.Run("file cut back to the last whole block", func(t *testing.T) {
		name := filepath.Join(t.TempDir(), "full.pgr")
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fw := &failingWriter{w: f, limit: 30000, err: syscall.ENOSPC}
		w, err := newWriter(fw, name, func(good int64) { f.Truncate(good) }, nil, nil, &WriterOptions{BlockSize: 8192})
		if err != nil {
			t.Fatal(err)
		}
		for i := range evs {
			if w.WriteEvent(&evs[i]) != nil {
				break
			}
		}
		cf, err := Open(name)
		if err != nil {
			t.Fatal(err)
		}
		defer cf.Close()
		if rep, _ := cf.Verify(); rep.Verdict != VerdictUnsealed {
			t.Errorf("verdict %s (%s), want unsealed", rep.Verdict, rep.Problem)
		}
	})
	t.Run("dev full", func(t *testing.T) {
		if _, err := os.Stat("/dev/full"); err != nil {
			t.Skip("no /dev/full")
		}
		_, err := Create("/dev/full", nil, nil, nil)
		if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "no space left on device") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestInvalidInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts WriterOptions
	}{
		{"level", WriterOptions{Level: 5}},
		{"negative level", WriterOptions{Level: -1}},
		{"block size", WriterOptions{BlockSize: 100}},
		{"huge block size", WriterOptions{BlockSize: MaxBlockSize + 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewWriter(io.Discard, nil, nil, &tc.opts); !errors.Is(err, ErrInvalidOptions) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	w, err := NewWriter(io.Discard, nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev Event
	ev.Reset(EvClose, DirExit)
	for _, tc := range []struct {
		name string
		ev   Event
	}{
		{"unknown type", Event{Type: EvUnknown}},
		{"type out of range", Event{Type: EventType(NumEventTypes)}},
		{"bad direction", Event{Type: EvClose, Dir: 7, Params: ev.Params}},
		{"parameter bits past the type", Event{Type: EvClose, Has: 1 << 5, Params: make([]Value, 6)}},
		{"parameter bits past the values", Event{Type: EvClose, Has: 3}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := w.WriteEvent(&tc.ev); !errors.Is(err, ErrInvalidEvent) {
				t.Fatalf("err = %v", err)
			}
		})
	}
	// Invalid events do not poison the writer.
	if err := w.WriteEvent(&ev); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Fatalf("second Close: %v", err)
	}
	if err := w.WriteEvent(&ev); !errors.Is(err, ErrClosed) {
		t.Fatalf("WriteEvent after Close: %v", err)
	}
}

// TestReaderCloseStopsReadAhead closes a reader in the middle of a file
// and checks that its goroutine ends.
func TestReaderCloseStopsReadAhead(t *testing.T) {
	hdr, snap, evs := synthEvents(2, 50000)
	data := writeCapture(t, hdr, snap, evs, &WriterOptions{BlockSize: 8192})
	before := runtime.NumGoroutine()
	for range 20 {
		r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: 3})
		if err != nil {
			t.Fatal(err)
		}
		var ev Event
		for range 100 {
			if err := r.ReadInto(&ev); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		if err := r.ReadInto(&ev); !errors.Is(err, ErrClosed) {
			t.Fatalf("ReadInto after Close: %v", err)
		}
	}
	runtime.Gosched()
	if after := runtime.NumGoroutine(); after > before+1 {
		t.Fatalf("%d goroutines before, %d after", before, after)
	}
}

// TestWarnCallback: warnings go to the callback, in the reading goroutine.
func TestWarnCallback(t *testing.T) {
	data, _ := smallCapture(t)
	_, ends, _ := blockEnds(t, data)
	cut := data[:ends[1]+20]
	var got []*Warning
	r, err := NewReader(bytes.NewReader(cut), &ReaderOptions{Name: "cut.pgr", Warn: func(w *Warning) { got = append(got, w) }})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev Event
	for r.ReadInto(&ev) == nil {
	}
	if len(got) != 1 || got[0].File != "cut.pgr" || got[0].Lost != 20 || got[0].Block != 2 || got[0].Offset != ends[1] {
		t.Fatalf("warnings %v", got)
	}
	if !strings.Contains(got[0].Error(), "cut.pgr: block 2 at offset") {
		t.Errorf("warning text %q", got[0].Error())
	}
	if len(r.Warnings()) != 0 {
		t.Errorf("Warnings() = %v with a callback", r.Warnings())
	}
}

// TestBlockTableLimits: the writer ends a block before its shape table
// overflows, and a reader refuses a block that defines too many shapes.
func TestBlockTableLimits(t *testing.T) {
	n := maxShapes + 100
	evs := make([]Event, n)
	params := make([]Value, len(EvExecve.Info().Params)) // shared: the writer only reads them
	for i := range evs {
		// A distinct parameter set per event.
		evs[i] = Event{Type: EvExecve, Params: params, Has: uint64(i)&(1<<20-1) | 1<<25}
	}
	data := writeCapture(t, nil, nil, evs, &WriterOptions{BlockSize: MaxBlockSize})
	r, got := readAll(t, data, nil)
	if len(got) != n || r.Stats().Blocks != 2 {
		t.Fatalf("read %d of %d events in %d blocks", len(got), n, r.Stats().Blocks)
	}

	ces := make([]craftEvent, maxShapes+1)
	for i := range ces {
		ces[i] = craftEvent{typeID: uint64(EvClose), num: 1, time: 1}
	}
	c := newCrafter(1, 0, writerSchema())
	emptySnapshot(c)
	c.block(craftBlock{kind: kindEvents, count: uint32(len(ces)), firstNum: 1, raw: craftEvents(ces, 0)})
	r, got = readAll(t, c.buf.Bytes(), nil)
	if len(got) != maxShapes || len(r.Warnings()) != 1 || !strings.Contains(r.Warnings()[0].Error(), "more than 65536 shapes") {
		t.Fatalf("read %d events, warnings %v", len(got), r.Warnings())
	}
}
