package scap

import (
	"bytes"
	"io"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// BenchmarkReadInto reads an uncompressed capture of curl_google.scap's
// events repeated 50 times (76,800 events), as bench-scap's large capture
// is made.
func BenchmarkReadInto(b *testing.B) {
	data := repeated(b, "curl_google.scap", 50)
	var ev format.Event
	var events int
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), nil)
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
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(len(data))*float64(b.N)/float64(events), "bytes/event")
}
