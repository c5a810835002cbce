package format

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"
)

// cpuMeter reports CPU time per event besides wall time, so that figures
// stay meaningful on a machine shared with other work (wall time then
// includes waiting for a core).
type cpuMeter struct {
	start time.Duration
	on    bool
}

func (m *cpuMeter) begin() {
	if !m.on {
		m.on, m.start = true, cpuTime()
	}
}

func (m *cpuMeter) report(b *testing.B) {
	if c := cpuTime(); c > 0 && b.N > 0 {
		per := float64(c-m.start) / float64(b.N)
		b.ReportMetric(per, "cpu-ns/event")
		b.ReportMetric(1e9/per, "events/cpu-s")
	}
}

// benchEvents is the number of distinct synthetic events the benchmarks
// cycle through: enough for several blocks.
const benchEvents = 200_000

var benchCache struct {
	hdr  *Header
	snap *Snapshot
	evs  []Event
}

// benchInput returns the benchmark's events, laid out one after another
// in memory (parameters and bytes in two slabs) as a recorder meets them in
// its ring buffer, rather than scattered over the heap.
func benchInput(b *testing.B) (*Header, *Snapshot, []Event) {
	if benchCache.evs == nil {
		hdr, snap, evs := synthEvents(42, benchEvents)
		nv, nb := 0, 0
		for i := range evs {
			nv += len(evs[i].Params)
			for _, v := range evs[i].Params {
				nb += len(v.Bytes)
			}
		}
		values, data := make([]Value, 0, nv), make([]byte, 0, nb)
		for i := range evs {
			start := len(values)
			for _, v := range evs[i].Params {
				if v.Bytes != nil {
					d := len(data)
					data = append(data, v.Bytes...)
					v.Bytes = data[d:len(data):len(data)]
				}
				values = append(values, v)
			}
			evs[i].Params = values[start:len(values):len(values)]
		}
		benchCache.hdr, benchCache.snap, benchCache.evs = hdr, snap, evs
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
			var cpu cpuMeter
			for b.Loop() {
				cpu.begin()
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
			cpu.report(b)
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
			var cpu cpuMeter
			for b.Loop() {
				cpu.begin()
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
			cpu.report(b)
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric(float64(len(data))/float64(len(evs)), "bytes/event")
		})
	}
}

// BenchmarkReadBatch measures ReadBatch: alone, and handing the batches to
// a consumer goroutine that reads every event's parameters (as the
// analyzer's pipeline does), which costs the cache traffic between cores.
// That traffic depends on the batch size: on this project's machine, 4
// batches of 512 events in flight cost the consumer 80 CPU ns per event,
// of 256 some 15 (DefaultBatchEvents).
func BenchmarkReadBatch(b *testing.B) {
	hdr, snap, evs := benchInput(b)
	data := writeCapture(b, hdr, snap, evs, nil)
	for _, consumer := range []bool{false, true} {
		name := "alone"
		if consumer {
			name = "consumer"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			const depth = 4
			free, full := make(chan *Batch, depth), make(chan *Batch, depth)
			for range depth {
				free <- NewBatch(0)
			}
			done := make(chan int64)
			go func() {
				var sum int64
				for bt := range full {
					if consumer {
						for i := range bt.Events {
							for _, v := range bt.Events[i].Params {
								sum += v.Int + int64(len(v.Bytes))
							}
						}
					}
					bt.Release()
					free <- bt
				}
				done <- sum
			}()
			var cpu cpuMeter
			n := 0
			for b.Loop() {
				cpu.begin()
				r, err := NewReader(bytes.NewReader(data), nil)
				if err != nil {
					b.Fatal(err)
				}
				for {
					bt := <-free
					if err := r.ReadBatch(bt); err != nil {
						free <- bt
						break
					}
					n += len(bt.Events)
					full <- bt
				}
				r.Close()
			}
			close(full)
			<-done
			if c := cpuTime(); c > 0 && n > 0 {
				b.ReportMetric(float64(c-cpu.start)/float64(n), "cpu-ns/event")
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
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
	var cpu cpuMeter
	for b.Loop() {
		cpu.begin()
		if d.left == 0 {
			if err := d.reset(&h, raw); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := d.next(&ev); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b)
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
