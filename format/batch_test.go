package format

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"testing"
)

// readBatches reads data with ReadBatch into batches of size n, keeping
// every batch unreleased until the end, and returns copies of the events
// (made after the whole file was read: the batches' events must still be
// intact), the reader and the batches.
func readBatches(t *testing.T, data []byte, opts *ReaderOptions, n int) (*Reader, []Event, []*Batch) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	var held []*Batch
	for {
		b := NewBatch(n)
		err := r.ReadBatch(b)
		if err == io.EOF {
			if len(b.Events) != 0 {
				t.Fatalf("io.EOF with %d events", len(b.Events))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Events) == 0 || len(b.Events) > n {
			t.Fatalf("batch of %d events (size %d) without an error", len(b.Events), n)
		}
		held = append(held, b)
	}
	var evs []Event
	for _, b := range held {
		for i := range b.Events {
			var c Event
			c.CopyFrom(&b.Events[i])
			evs = append(evs, c)
		}
	}
	return r, evs, held
}

func sameEvents(t *testing.T, got, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range got {
		if !sameEvent(&got[i], &want[i]) {
			t.Fatalf("event %d:\n got  %+v\n want %+v", i, got[i], want[i])
		}
	}
}

// TestReadBatch: batches give the events ReadInto gives, and stay valid
// while held, with and without read-ahead, for blocks smaller and larger
// than a batch.
func TestReadBatch(t *testing.T) {
	hdr, snap, evs := synthEvents(4, 10000)
	for _, bs := range []int{4096, DefaultBlockSize} {
		data := writeCapture(t, hdr, snap, evs, &WriterOptions{BlockSize: bs})
		_, want := readAll(t, data, nil)
		for _, ahead := range []int{-1, 0, 3} {
			for _, n := range []int{3, 512, 5000} {
				t.Run(fmt.Sprintf("block%d/ahead%d/batch%d", bs, ahead, n), func(t *testing.T) {
					r, got, held := readBatches(t, data, &ReaderOptions{ReadAhead: ahead}, n)
					sameEvents(t, got, want)
					if st := r.Stats(); st.Events != int64(len(want)) || !st.Sealed {
						t.Errorf("stats %+v", st)
					}
					for _, b := range held {
						b.Release()
						b.Release()
					}
					r.Close()
					if err := r.ReadBatch(NewBatch(1)); !errors.Is(err, ErrClosed) {
						t.Errorf("ReadBatch after Close: %v", err)
					}
				})
			}
		}
	}
}

// TestReadBatchDamaged: on damaged files, batches give the events, stats
// and warnings ReadInto gives.
func TestReadBatchDamaged(t *testing.T) {
	data, _ := smallCapture(t)
	_, ends, _ := blockEnds(t, data)
	flipped := bytes.Clone(data)
	flipped[ends[2]+100] ^= 0x10 // inside block 3's payload: checksum mismatch

	// A block whose events stop decoding halfway: too many shapes.
	ces := make([]craftEvent, maxShapes+1)
	for i := range ces {
		ces[i] = craftEvent{typeID: uint64(EvClose), num: 1, time: 1}
	}
	c := newCrafter(1, 0, writerSchema())
	emptySnapshot(c)
	c.block(craftBlock{kind: kindEvents, count: uint32(len(ces)), firstNum: 1, raw: craftEvents(ces, 0)})

	cases := []struct {
		name string
		data []byte
	}{
		{"cut", data[:ends[3]+30]},
		{"flipped", flipped},
		{"halfway", c.buf.Bytes()},
	}
	for _, tc := range cases {
		for _, ahead := range []int{-1, 0} {
			t.Run(fmt.Sprintf("%s/ahead%d", tc.name, ahead), func(t *testing.T) {
				opts := &ReaderOptions{ReadAhead: ahead, Name: "bad.pgr"}
				r1, want := readAll(t, tc.data, opts)
				r2, got, _ := readBatches(t, tc.data, opts, 100)
				sameEvents(t, got, want)
				if s1, s2 := r1.Stats(), r2.Stats(); s1 != s2 {
					t.Errorf("stats: ReadBatch %+v, ReadInto %+v", s2, s1)
				}
				w1, w2 := fmt.Sprint(r1.Warnings()), fmt.Sprint(r2.Warnings())
				if w1 != w2 || len(r1.Warnings()) == 0 {
					t.Errorf("warnings: ReadBatch %s, ReadInto %s", w2, w1)
				}
			})
		}
	}
}

// TestReadBatchMixed alternates ReadInto and ReadBatch at random: each
// event comes once, in order, whichever call takes it.
func TestReadBatchMixed(t *testing.T) {
	hdr, snap, evs := synthEvents(5, 5000)
	data := writeCapture(t, hdr, snap, evs, &WriterOptions{BlockSize: 8192})
	_, want := readAll(t, data, nil)
	r, err := NewReader(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var got []Event
	var ev Event
	b := NewBatch(64)
	for {
		if rng.IntN(2) == 0 {
			err = r.ReadInto(&ev)
			if err == nil {
				var c Event
				c.CopyFrom(&ev)
				got = append(got, c)
			}
		} else if err = r.ReadBatch(b); err == nil {
			for i := range b.Events {
				var c Event
				c.CopyFrom(&b.Events[i])
				got = append(got, c)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	sameEvents(t, got, want)
}

// TestReadBatchPipeline hands batches to another goroutine, which checks
// and releases them while the reader reads on (run with -race), and checks
// that the reader then reads without allocating: released buffers are
// reused.
func TestReadBatchPipeline(t *testing.T) {
	hdr, snap, evs := synthEvents(6, 60000)
	data := writeCapture(t, hdr, snap, evs, &WriterOptions{BlockSize: 16384})
	_, want := readAll(t, data, nil)
	r, err := NewReader(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const depth = 4
	free := make(chan *Batch, depth)
	full := make(chan *Batch, depth)
	for range depth {
		free <- NewBatch(256)
	}
	var seen int
	var bad error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for b := range full {
			for i := range b.Events {
				if bad == nil && (seen >= len(want) || !sameEvent(&b.Events[i], &want[seen])) {
					bad = fmt.Errorf("event %d differs", seen)
				}
				seen++
			}
			b.Release()
			free <- b
		}
	}()
	var allocs float64
	for i := 0; ; i++ {
		b := <-free
		var err error
		if i == 50 {
			allocs = testing.AllocsPerRun(20, func() {
				if err = r.ReadBatch(b); err == nil {
					full <- b
					b = <-free
				}
			})
		}
		if err == nil {
			err = r.ReadBatch(b)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		full <- b
	}
	close(full)
	wg.Wait()
	if bad != nil || seen != len(want) {
		t.Fatalf("%d events of %d: %v", seen, len(want), bad)
	}
	if allocs > 0.5 && !raceEnabled {
		t.Errorf("%.1f allocations per ReadBatch once warm, want none", allocs)
	}
}

// TestReadBatchTinyBlocks: a batch holds at most maxBatchBlocks blocks.
func TestReadBatchTinyBlocks(t *testing.T) {
	hdr, snap, evs := synthEvents(7, 400)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, hdr, snap, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if err := w.Flush(); err != nil { // one event per block
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	_, got, held := readBatches(t, buf.Bytes(), nil, 512)
	_, want := readAll(t, buf.Bytes(), nil)
	sameEvents(t, got, want)
	for _, b := range held {
		if len(b.bufs) > maxBatchBlocks || len(b.Events) > maxBatchBlocks {
			t.Fatalf("a batch of %d events holds %d blocks", len(b.Events), len(b.bufs))
		}
	}
	if want := (len(evs) + maxBatchBlocks - 1) / maxBatchBlocks; len(held) != want {
		t.Errorf("%d batches for %d one-event blocks, want %d", len(held), len(evs), want)
	}
}
