package format

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// fuzzSeeds are small captures for the fuzzer to start from: crafted with
// tiny schemas (so mutations reach the blocks quickly), plus a real one.
func fuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}

	var m msg
	m.str(hfHostname, "seed")
	schemaType(&m, 1, "openat", schemaParam{"fd", PTFD, wireVarint}, schemaParam{"name", PTFSRelPath, wireBytes},
		schemaParam{"flags", PTFlags32, wireUvarint})
	schemaType(&m, 2, "close", schemaParam{"res", PTErrno, wireVarint}, schemaParam{"fd", PTFD, wireVarint})
	schemaType(&m, 3, "mystery", schemaParam{"x", ParamType(99), wireBytes})
	c := newCrafter(1, 0, m.b)
	var rec msg
	encodeThread(&rec, &Thread{TID: 7, PID: 7, Comm: "sh", Args: []string{"-c", "id"}})
	snap := append([]byte{recThread, byte(len(rec.b))}, rec.b...)
	c.block(craftBlock{kind: kindSnapshot, flags: flagLast, count: 1, raw: snap})
	evs := []craftEvent{
		{typeID: 1, has: 7, num: 1, time: 100, tid: 7, pid: 7, ints: []craftInt{{stFD, wireVarint, 3}, {stFlags, wireUvarint, 1}}, bytes: [][]byte{[]byte("/etc/passwd")}},
		{typeID: 3, has: 1, time: 90, tid: 7, pid: 7, bytes: [][]byte{[]byte("?")}},
		{typeID: 2, has: 3, num: 9, time: 120, tid: 8, pid: 7, cpu: 1, ints: []craftInt{{stRes, wireVarint, 0}, {stFD, wireVarint, 3}}},
	}
	raw := craftEvents(evs, 0)
	off := c.block(craftBlock{kind: kindEvents, count: 3, firstNum: 1, minTime: 90, maxTime: 120, raw: raw})
	off2 := c.block(craftBlock{kind: kindEvents, flags: flagZstd, count: 3, firstNum: 1, minTime: 90, maxTime: 120, raw: raw})
	blocks := []BlockInfo{{Number: 1, Offset: off, Raw: len(raw), Events: 3, FirstNum: 1, MinTime: 90, MaxTime: 120},
		{Number: 2, Offset: off2, Raw: len(raw), Events: 3, FirstNum: 1, MinTime: 90, MaxTime: 120}}
	sealed := bytes.Clone(c.buf.Bytes())
	seeds["unsealed"] = sealed
	c.seal(6, blocks)
	seeds["crafted"] = c.buf.Bytes()
	seeds["truncated"] = c.buf.Bytes()[:c.buf.Len()-30]

	var buf bytes.Buffer
	w, err := NewWriter(&buf, &Header{Hostname: "w"}, &Snapshot{Users: []User{{Name: "root"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSynth(1)
	var ev Event
	for range 40 {
		s.Next(&ev)
		w.WriteEvent(&ev)
	}
	w.Close()
	seeds["writer"] = buf.Bytes()
	return seeds
}

// FuzzReader feeds arbitrary bytes to every way of reading a capture: the
// stream reader, the random-access File (index, scan, seek) and Verify.
// None may panic, hang or allocate without bound.
func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(fuzzBody)
}

// fuzzBody is one FuzzReader execution.
func fuzzBody(t *testing.T, data []byte) {
	{
		opts := &ReaderOptions{ReadAhead: -1, MaxSnapshotSize: 64 << 20}
		if r, err := NewReader(bytes.NewReader(data), opts); err == nil {
			n, last := drain(t, r)
			// Batches give the same events and end the same way.
			r, err := NewReader(bytes.NewReader(data), opts)
			if err != nil {
				t.Fatalf("NewReader failed the second time: %v", err)
			}
			if m, blast := drainBatches(t, r); m != n || fmt.Sprint(blast) != fmt.Sprint(last) {
				t.Fatalf("ReadBatch read %d events and ended with %v, ReadInto %d and %v", m, blast, n, last)
			}
		}
		file, err := NewFile(bytes.NewReader(data), int64(len(data)), "fuzz.pgr")
		if err != nil {
			return
		}
		file.Blocks()
		if _, err := file.Verify(); err != nil {
			t.Fatalf("Verify on an in-memory file: %v", err)
		}
		if r, err := file.NewReaderAt(0); err == nil {
			drain(t, r)
		}
	}
}

// drain reads r to its end with ReadInto, returning the number of events
// and the error that ended reading.
func drain(t *testing.T, r *Reader) (int, error) {
	defer r.Close()
	var ev Event
	for n := 0; ; n++ {
		if err := r.ReadInto(&ev); err != nil {
			return n, err
		}
		if n > len(r.bd.st[stShape].b)+1<<20 {
			t.Fatal("more events than bytes")
		}
	}
}

// drainBatches is drain with ReadBatch, holding two batches at a time.
func drainBatches(t *testing.T, r *Reader) (int, error) {
	defer r.Close()
	bs := [2]*Batch{NewBatch(100), NewBatch(100)}
	n := 0
	for i := 0; ; i++ {
		b := bs[i%2]
		if err := r.ReadBatch(b); err != nil {
			return n, err
		}
		n += len(b.Events)
		if n > len(r.bd.st[stShape].b)+1<<20 {
			t.Fatal("more events than bytes")
		}
	}
}

// TestWriteFuzzCorpus writes the seeds into testdata/fuzz/FuzzReader, the
// corpus `go test` runs as regression tests (with -update).
func TestWriteFuzzCorpus(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzReader")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range fuzzSeeds(t) {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(string(data)))
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A hostile file carries valid checksums: fuzz the decoders behind them
// directly, where mutations are not stopped by a CRC.

// FuzzDecodeEvents decodes arbitrary event block payloads with the
// writer's schema.
func FuzzDecodeEvents(f *testing.F) {
	_, _, evs := synthEvents(3, 200)
	be := newBlockEncoder()
	for i := range evs {
		be.add(&evs[i], uint64(i+1))
	}
	raw, _ := be.appendPayload(nil, nil)
	f.Add(raw, uint32(len(evs)))
	f.Add(craftEvents([]craftEvent{{typeID: uint64(EvClose), has: 3, num: 4, time: 9, ints: []craftInt{{stRes, wireVarint, 0}, {stFD, wireVarint, 5}}}}, 1), uint32(1))
	sch := ownSchema(f)
	f.Fuzz(func(t *testing.T, raw []byte, count uint32) {
		d := blockDecoder{schema: sch}
		h := blockHeader{count: count, firstNum: 1}
		if err := d.reset(&h, raw); err != nil {
			return
		}
		var ev Event
		for d.left > 0 {
			known, err := d.next(&ev)
			if err != nil {
				return
			}
			if known && (len(ev.Params) != len(ev.Type.Info().Params) || ev.Has>>uint(len(ev.Params)) != 0) {
				t.Fatalf("event %+v does not match its type", ev)
			}
		}
	})
}

// FuzzSnapshot decodes arbitrary snapshot block payloads.
func FuzzSnapshot(f *testing.F) {
	var raw []byte
	snapshotRecords(NewSynth(1).Snapshot(), func(rec []byte) error { raw = append(raw, rec...); return nil })
	f.Add(raw)
	f.Fuzz(func(t *testing.T, raw []byte) {
		d := snapshotDecoder{s: &Snapshot{}, budget: 64 << 20}
		d.add(raw)
	})
}

// FuzzHeader parses arbitrary header messages (schemas included).
func FuzzHeader(f *testing.F) {
	f.Add(encodeFileHeader(&Header{Hostname: "h", Options: map[string]string{"a": "b"}})[fileHeaderFixed:])
	var m msg
	schemaType(&m, 3, "openat", schemaParam{"fd", PTFD, wireVarint}, schemaParam{"x", 77, wireBytes})
	f.Add(m.b)
	f.Fuzz(func(t *testing.T, b []byte) {
		parseHeaderMessage(b)
	})
}
