package scap

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap/internal/scapfile"
)

// smallCapture returns a valid uncompressed capture made of a fixture's
// section header, machine info, interface and user lists, the first few
// fd lists and the first events: a seed small enough to mutate well.
func smallCapture(t testing.TB, name string, nev int) []byte {
	var out []scapfile.Block
	fds := 0
	for _, b := range fixtureBlocks(t, name) {
		switch {
		case b.IsEvent():
			if nev > 0 {
				out = append(out, b)
				nev--
			}
		case procVersion(b.Type()) != 0:
			out = append(out, trimProcs(t, b, 3))
		case b.Type() == blockFD || b.Type() == blockFDV2:
			if fds < 3 {
				out = append(out, b)
				fds++
			}
		default:
			out = append(out, b)
		}
	}
	return scapfile.Concat(out)
}

// trimProcs returns a process list block holding only its first n
// entries, found by parsing the block.
func trimProcs(t testing.TB, b scapfile.Block, n int) scapfile.Block {
	r := &Reader{}
	rb := rawBlock{typ: b.Type(), body: b[8 : len(b)-4]}
	ends := r.procEntryEnds(&rb)
	if len(ends) < n {
		return b
	}
	body := rb.body[:ends[n-1]]
	out := binary.LittleEndian.AppendUint32(nil, b.Type())
	out = binary.LittleEndian.AppendUint32(out, uint32(len(body)+12))
	out = append(out, body...)
	return binary.LittleEndian.AppendUint32(out, uint32(len(body)+12))
}

// FuzzReader reads arbitrary bytes as a capture. The reader must never
// panic, must stop, and must keep its allocations bounded.
func FuzzReader(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.scap")
	for _, name := range names {
		f.Add(smallCapture(f, filepath.Base(name), 40))
	}
	// One gzip-compressed file as it is, so the gzip path is exercised.
	if gz, err := os.ReadFile("testdata/test_ipv6_client.scap"); err == nil {
		f.Add(gz)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		opts := ReaderOptions{MaxBlockSize: 1 << 20, MaxThreads: 64}
		r, err := NewReader(bytes.NewReader(data), &opts)
		if err != nil {
			return
		}
		defer r.Close()
		var ev format.Event
		events := 0
		var last error
		for {
			err := r.ReadInto(&ev)
			if err == io.EOF {
				break
			}
			if err != nil {
				if err2 := r.ReadInto(&ev); err2 != err {
					t.Fatalf("error not sticky: %v then %v", err, err2)
				}
				last = err
				break
			}
			if ev.Num == 0 || int(ev.Type) >= format.NumEventTypes {
				t.Fatalf("bad event %+v", ev)
			}
			for j, p := range ev.Type.Info().Params {
				if v, ok := ev.Param(j); ok && p.Type.IsInt() && v.Bytes != nil {
					t.Fatalf("integer parameter %s with bytes", p.Name)
				}
			}
			if events++; events > len(data) {
				t.Fatalf("more events (%d) than input bytes", events)
			}
		}
		// ReadBatch must give the same events and end the same way.
		rb, err := NewReader(bytes.NewReader(data), &opts)
		if err != nil {
			t.Fatalf("second NewReader: %v", err)
		}
		defer rb.Close()
		batch := make([]format.Event, 5)
		n := 0
		for {
			k, err := rb.ReadBatch(batch)
			n += k
			if err == io.EOF {
				err = nil
			}
			if err != nil || k == 0 {
				if (err == nil) != (last == nil) || (err != nil && err.Error() != last.Error()) {
					t.Fatalf("ReadBatch ended with %v, ReadInto with %v", err, last)
				}
				break
			}
		}
		if n != events {
			t.Fatalf("ReadBatch read %d events, ReadInto %d", n, events)
		}
		// So must ReadHeld, two batches held at a time.
		rh, err := NewReader(bytes.NewReader(data), &opts)
		if err != nil {
			t.Fatalf("third NewReader: %v", err)
		}
		defer rh.Close()
		held := [2]*Batch{NewBatch(5), NewBatch(5)}
		n = 0
		for i := 0; ; i++ {
			err := rh.ReadHeld(held[i%2])
			n += len(held[i%2].Events)
			if err == io.EOF {
				err = nil
			} else if err == nil {
				continue
			}
			if (err == nil) != (last == nil) || (err != nil && err.Error() != last.Error()) {
				t.Fatalf("ReadHeld ended with %v, ReadInto with %v", err, last)
			}
			break
		}
		if n != events {
			t.Fatalf("ReadHeld read %d events, ReadInto %d", n, events)
		}
	})
}
