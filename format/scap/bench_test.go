package scap

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// BenchmarkReadInto reads an uncompressed capture of curl_google.scap's
// events repeated 50 times (76,800 events), as bench-scap's large capture
// is made.
// BenchmarkReadBatch is BenchmarkReadInto reading batches of 512 events.
func BenchmarkReadBatch(b *testing.B) {
	data := repeated(b, "curl_google.scap", 50)
	evs := make([]format.Event, 512)
	var events int
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), nil)
		if err != nil {
			b.Fatal(err)
		}
		for {
			n, err := r.ReadBatch(evs)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			events += n
		}
		r.Close()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReadHeld is BenchmarkReadInto reading held batches of 256
// events, released as soon as read.
func BenchmarkReadHeld(b *testing.B) {
	data := repeated(b, "curl_google.scap", 50)
	bt := NewBatch(0)
	var events int
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), nil)
		if err != nil {
			b.Fatal(err)
		}
		for {
			err := r.ReadHeld(bt)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			events += len(bt.Events)
		}
		bt.Release()
		r.Close()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkReadInto(b *testing.B) {
	for _, ahead := range []int{0, 2} {
		b.Run(fmt.Sprintf("readahead=%d", ahead), func(b *testing.B) { benchReadInto(b, ahead) })
	}
}

func benchReadInto(b *testing.B, ahead int) {
	data := repeated(b, "curl_google.scap", 50)
	var ev format.Event
	var events int
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: ahead})
		if err != nil {
			b.Fatal(err)
		}
		for {
			err := r.ReadInto(&ev)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			events++
		}
		r.Close()
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(data))*float64(b.N)/float64(events), "bytes/event")
}
