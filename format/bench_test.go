package format

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

// benchEvents is the number of distinct synthetic events the benchmarks
// cycle through: enough for several blocks.
const benchEvents = 200_000

var benchCache struct {
	hdr  *Header
	snap *Snapshot
	evs  []Event
}

func benchInput(b *testing.B) (*Header, *Snapshot, []Event) {
	if benchCache.evs == nil {
		benchCache.hdr, benchCache.snap, benchCache.evs = synthEvents(42, benchEvents)
	}
	return benchCache.hdr, benchCache.snap, benchCache.evs
}

// BenchmarkWrite measures encoding and compression of the synthetic mix at
// each level, on one goroutine: events/s, bytes/event on disk.
func BenchmarkWrite(b *testing.B) {
	hdr, snap, evs := benchInput(b)
	for _, level := range []int{0, 1, 2, 3} {
		b.Run(fmt.Sprintf("level=%d", level), func(b *testing.B) {
			var cw countingWriter
			w, err := NewWriter(&cw, hdr, snap, &WriterOptions{Level: level})
			if err != nil {
				b.Fatal(err)
			}
			start := cw.n
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := w.WriteEvent(&evs[i]); err != nil {
					b.Fatal(err)
				}
				if i++; i == len(evs) {
					i = 0
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			if b.N >= len(evs) {
				b.ReportMetric(float64(cw.n-start)/float64(b.N), "bytes/event")
			}
		})
	}
}

// BenchmarkRead measures decompression and decoding of the synthetic mix:
// read-ahead on (decompression on a second goroutine) and off (one core).
func BenchmarkRead(b *testing.B) {
	hdr, snap, evs := benchInput(b)
	data := writeCapture(b, hdr, snap, evs, nil)
	for _, tc := range []struct {
		name  string
		ahead int
	}{{"readahead", 0}, {"onecore", -1}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var ev Event
			var r *Reader
			for b.Loop() {
				if r == nil {
					var err error
					if r, err = NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: tc.ahead}); err != nil {
						b.Fatal(err)
					}
				}
				err := r.ReadInto(&ev)
				if err == io.EOF {
					r.Close()
					r = nil
				} else if err != nil {
					b.Fatal(err)
				}
			}
			if r != nil {
				r.Close()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(len(data))/float64(len(evs)), "bytes/event")
		})
	}
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return len(p), nil
}

// BenchmarkDecode measures decoding alone (no I/O, no decompression): the
// events of one block of the synthetic mix, decoded again and again.
func BenchmarkDecode(b *testing.B) {
	_, _, evs := benchInput(b)
	be := newBlockEncoder()
	n := 0
	for ; n < len(evs) && be.size() < DefaultBlockSize; n++ {
		be.add(&evs[n], uint64(n+1))
	}
	raw, _ := be.appendPayload(nil, nil)
	h := blockHeader{count: uint32(n), firstNum: 1, minTime: be.minTime}
	d := blockDecoder{schema: ownSchema(b)}
	var ev Event
	b.ReportAllocs()
	for b.Loop() {
		if d.left == 0 {
			if err := d.reset(&h, raw); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := d.next(&ev); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// ownSchema returns the schema this package writes, as a reader maps it.
func ownSchema(tb testing.TB) *schema {
	h, s, err := parseHeaderMessage(writerSchema())
	if err != nil || h == nil {
		tb.Fatal(err)
	}
	return s
}
