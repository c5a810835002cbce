package format_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/peregrine-sec/peregrine/format"
)

// Write a capture with two events, then read it back.
func ExampleNewWriter() {
	var buf bytes.Buffer
	hdr := &format.Header{Hostname: "web-1", Recorder: "example", Source: "peregrine"}
	snap := &format.Snapshot{Threads: []format.Thread{{TID: 42, PID: 42, Comm: "cat"}}}
	w, err := format.NewWriter(&buf, hdr, snap, nil)
	if err != nil {
		log.Fatal(err)
	}

	var ev format.Event
	ev.Reset(format.EvOpenat, format.DirExit)
	ev.Time, ev.TID, ev.PID = 1_764_000_000_000_000_000, 42, 42
	ev.SetInt(format.MustParam(format.EvOpenat, "fd"), 3)
	ev.SetInt(format.MustParam(format.EvOpenat, "dirfd"), -100)
	ev.SetBytes(format.MustParam(format.EvOpenat, "name"), []byte("/etc/passwd"))
	if err := w.WriteEvent(&ev); err != nil {
		log.Fatal(err)
	}
	ev.Reset(format.EvClose, format.DirExit)
	ev.Time += 1500
	ev.SetInt(format.MustParam(format.EvClose, "res"), 0)
	ev.SetInt(format.MustParam(format.EvClose, "fd"), 3)
	if err := w.WriteEvent(&ev); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("events:", w.Stats().Events)

	r, err := format.NewReader(&buf, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	fmt.Println("host:", r.Header().Hostname, "threads:", len(r.Snapshot().Threads))
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d %s%s tid=%d", ev.Num, ev.Dir, ev.Type, ev.TID)
		for i, p := range ev.Type.Info().Params {
			if v, ok := ev.Param(i); ok {
				if p.Type.IsInt() {
					fmt.Printf(" %s=%d", p.Name, v.Int)
				} else {
					fmt.Printf(" %s=%s", p.Name, v.Bytes)
				}
			}
		}
		fmt.Println()
	}
	// Output:
	// events: 2
	// host: web-1 threads: 1
	// 1 <openat tid=42 fd=3 dirfd=-100 name=/etc/passwd
	// 2 <close tid=42 res=0 fd=3
}

// Read a capture in batches and work on them on another goroutine: a
// batch's events point into the reader's buffers without copies, and stay
// valid until the batch is released.
func ExampleReader_ReadBatch() {
	r, err := format.NewReader(bytes.NewReader(sampleCapture()), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	free, full := make(chan *format.Batch, 2), make(chan *format.Batch, 2)
	free <- format.NewBatch(128)
	free <- format.NewBatch(128)
	done := make(chan int)
	go func() {
		opens := 0
		for b := range full {
			for i := range b.Events {
				if b.Events[i].Type == format.EvOpenat {
					opens++
				}
			}
			b.Release()
			free <- b
		}
		done <- opens
	}()
	for {
		b := <-free
		if err := r.ReadBatch(b); err != nil {
			if err != io.EOF {
				log.Fatal(err)
			}
			break
		}
		full <- b
	}
	close(full)
	fmt.Println("openat:", <-done, "events:", r.Stats().Events)
	// Output:
	// openat: 139 events: 1000
}

// Read a capture as a stream; damaged blocks are skipped with warnings.
func ExampleReader_ReadInto() {
	data := sampleCapture()
	r, err := format.NewReader(bytes.NewReader(data), &format.ReaderOptions{
		Name: "sample.pgr",
		Warn: func(w *format.Warning) { fmt.Println("warning:", w) },
	})
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	counts := map[format.EventType]int{}
	var ev format.Event // reused: no allocation per event
	for r.ReadInto(&ev) == nil {
		counts[ev.Type]++
	}
	st := r.Stats()
	fmt.Println("events:", st.Events, "sealed:", st.Sealed)
	fmt.Println("reads:", counts[format.EvRead], "writes:", counts[format.EvWrite])
	// Output:
	// events: 1000 sealed: true
	// reads: 381 writes: 215
}

// Open a capture for random access: check its integrity and read from a
// point in time.
func ExampleOpen() {
	name := filepath.Join(os.TempDir(), "example-open.pgr")
	defer os.Remove(name)
	if err := os.WriteFile(name, sampleCapture(), 0o600); err != nil {
		log.Fatal(err)
	}

	f, err := format.Open(name)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rep, err := f.Verify()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verdict:", rep.Verdict, "events:", rep.Events)

	blocks := f.Blocks()
	r, err := f.NewReaderAt(blocks[1].MinTime)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	var ev format.Event
	if err := r.ReadInto(&ev); err != nil {
		log.Fatal(err)
	}
	fmt.Println("first event from there:", ev.Num == blocks[1].FirstNum)
	// Output:
	// verdict: intact events: 1000
	// first event from there: true
}

// Record into a rotated set of files within a disk budget.
func ExampleNewRotator() {
	dir, err := os.MkdirTemp("", "example-rotate")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	synth := format.NewSynth(1)
	r, err := format.NewRotator(&format.RotateOptions{
		Path:     filepath.Join(dir, "capture.pgr"),
		MaxSize:  64 << 10, // start a new file at 64 KiB
		MaxFiles: 3,        // keep the newest three
		Header:   *synth.Header(),
		Snapshot: func() (*format.Snapshot, error) { return synth.Snapshot(), nil },
		// Sizes are checked as blocks are written: small blocks, close limits.
		Writer: format.WriterOptions{BlockSize: 64 << 10},
	})
	if err != nil {
		log.Fatal(err)
	}
	var ev format.Event
	for range 100_000 {
		synth.Next(&ev)
		if err := r.WriteEvent(&ev); err != nil {
			log.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Println("files kept:", len(r.Files()))
	// Output:
	// files kept: 3
}

// Tell a Peregrine capture from a .scap file by its first bytes.
func ExampleSniff() {
	fmt.Println(format.Sniff(sampleCapture()[:format.SniffLen]))
	fmt.Println(format.Sniff([]byte{0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0}))
	// Output:
	// peregrine capture
	// scap
}

// sampleCapture returns a capture of 1000 synthetic events in 4 blocks.
func sampleCapture() []byte {
	var buf bytes.Buffer
	s := format.NewSynth(1)
	w, err := format.NewWriter(&buf, s.Header(), s.Snapshot(), nil)
	if err != nil {
		log.Fatal(err)
	}
	var ev format.Event
	for i := range 1000 {
		s.Next(&ev)
		if err := w.WriteEvent(&ev); err != nil {
			log.Fatal(err)
		}
		if i%250 == 249 {
			w.Flush()
		}
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}
