package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap/internal/scapfile"
)

// readHeldAll reads r with ReadHeld into batches of size n, holding every
// batch to the end, then returns copies of their events: the events must
// still be intact after the whole capture was read.
func readHeldAll(t *testing.T, r *Reader, n int) ([]format.Event, error) {
	t.Helper()
	var held []*Batch
	var last error
	for {
		b := NewBatch(n)
		if err := r.ReadHeld(b); err != nil {
			if len(b.Events) != 0 {
				t.Fatalf("error %v with %d events", err, len(b.Events))
			}
			if err != io.EOF {
				last = err
				if err2 := r.ReadHeld(b); err2 != err {
					t.Fatalf("error not sticky: %v then %v", err, err2)
				}
			}
			break
		}
		if len(b.Events) == 0 || len(b.Events) > n {
			t.Fatalf("batch of %d events (size %d)", len(b.Events), n)
		}
		held = append(held, b)
	}
	var out []format.Event
	for _, b := range held {
		for i := range b.Events {
			var c format.Event
			c.CopyFrom(&b.Events[i])
			out = append(out, c)
		}
		b.Release()
		b.Release()
	}
	return out, last
}

func sameEvents(t *testing.T, got, want []format.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range got {
		if !sameEvent(&got[i], &want[i]) {
			t.Fatalf("event %d differs:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

// padBlock returns an event block with extra bytes after its event, which
// readers ignore: a way to make a long event block.
func padBlock(b scapfile.Block, extra int) scapfile.Block {
	total := len(b) + extra
	out := make([]byte, 0, total)
	out = append(out, b[:len(b)-4]...)
	out = append(out, make([]byte, extra)...)
	out = binary.LittleEndian.AppendUint32(out, uint32(total))
	binary.LittleEndian.PutUint32(out[4:], uint32(total))
	return out
}

// TestReadHeld: held batches give the events ReadInto gives and stay
// intact while held, across read buffer refills (the capture spans many
// buffers), long event blocks (held too) and enter events whose values an
// exit event takes after the buffer moved on; with read-ahead, as copies.
func TestReadHeld(t *testing.T) {
	big := repeated(t, "curl_google.scap", 12)

	// Every 40th event block padded beyond the read buffer: long blocks,
	// between enter and exit events of the same syscall too.
	blocks := fixtureBlocks(t, "curl_google.scap")
	var long []scapfile.Block
	k := 0
	for _, b := range blocks {
		if b.IsEvent() {
			if k++; k%40 == 0 {
				b = padBlock(b, bufSize+1000)
			}
		}
		long = append(long, b)
	}
	cases := []struct {
		name string
		data []byte
	}{
		{"refills", big},
		{"long-blocks", scapfile.Concat(long)},
		{"truncated", big[:len(big)-30]},
	}
	for _, tc := range cases {
		wantR := mustReader(t, tc.data, 0)
		var want []format.Event
		var wantErr error
		var ev format.Event
		for {
			err := wantR.ReadInto(&ev)
			if err != nil {
				if err != io.EOF {
					wantErr = err
				}
				break
			}
			var c format.Event
			c.CopyFrom(&ev)
			want = append(want, c)
		}
		for _, ahead := range []int{0, 2} {
			for _, n := range []int{3, 256, 5000} {
				t.Run(fmt.Sprintf("%s/readahead=%d/batch=%d", tc.name, ahead, n), func(t *testing.T) {
					got, err := readHeldAll(t, mustReader(t, tc.data, ahead), n)
					sameEvents(t, got, want)
					if fmt.Sprint(err) != fmt.Sprint(wantErr) {
						t.Errorf("ended with %v, ReadInto with %v", err, wantErr)
					}
				})
			}
		}
	}
	r := mustReader(t, big, 0)
	r.Close()
	if err := r.ReadHeld(NewBatch(1)); !errors.Is(err, ErrClosed) {
		t.Errorf("ReadHeld after Close: %v", err)
	}
}

// TestReadHeldEnterValues: an exit event takes the values its enter event
// left in its thread's slot; while batches may hold the exit event, the
// slot's next copy of an enter event's values goes into a new buffer.
func TestReadHeldEnterValues(t *testing.T) {
	r := &Reader{threads: make(map[int64]*enterSlot), warned: make(map[uint64]bool), maxThr: 16, holding: true}
	const sendtoE = 30 // PPME_SOCKET_SENDTO_E; its exit is 31
	if scapEvents[sendtoE].name != "sendto" || scapEvents[sendtoE+1].name != "sendto" {
		t.Fatalf("ids %d, %d are %s, %s", sendtoE, sendtoE+1, scapEvents[sendtoE].name, scapEvents[sendtoE+1].name)
	}
	ti := format.EvSendto.Info().Param("tuple")
	enter := func(tuple string) {
		var ev format.Event
		ev.Reset(format.EvSendto, format.DirEnter)
		ev.TID = 7
		ev.SetBytes(ti, []byte(tuple))
		r.keepEnter(&ev, sendtoE, true) // a long block: copied at once
	}
	exit := func() format.Value {
		var ev format.Event
		ev.Reset(format.EvSendto, format.DirExit)
		ev.TID = 7
		r.addEnter(&ev, sendtoE+1)
		v, _ := ev.Param(ti)
		return v
	}
	enter("first tuple")
	v1 := exit()
	enter("other tuple") // as long: would reuse the slot's buffer
	v2 := exit()
	if string(v1.Bytes) != "first tuple" || string(v2.Bytes) != "other tuple" {
		t.Fatalf("exit values %q, %q: the first was overwritten", v1.Bytes, v2.Bytes)
	}
}

// TestReadHeldPipeline hands held batches to another goroutine, which
// checks and releases them while the reader reads on (run with -race);
// released buffers are reused: once warm, reading allocates nothing.
func TestReadHeldPipeline(t *testing.T) {
	data := repeated(t, "curl_google.scap", 30)
	want := readAll(t, mustReader(t, data, 0))
	r := mustReader(t, data, 0)
	const depth = 4
	free, full := make(chan *Batch, depth), make(chan *Batch, depth)
	for range depth {
		free <- NewBatch(0)
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
		if i == 100 {
			allocs = testing.AllocsPerRun(50, func() {
				if err = r.ReadHeld(b); err == nil {
					full <- b
					b = <-free
				}
			})
		}
		if err == nil {
			err = r.ReadHeld(b)
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
		t.Errorf("%.1f allocations per ReadHeld once warm, want none", allocs)
	}
}

// TestReadHeldCloseStopsFiller closes readers in the middle of a capture
// and checks that their reading goroutines end.
func TestReadHeldCloseStopsFiller(t *testing.T) {
	data := repeated(t, "curl_google.scap", 10)
	before := runtime.NumGoroutine()
	for range 20 {
		r, err := NewReader(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		b := NewBatch(0)
		for range 3 {
			if err := r.ReadHeld(b); err != nil {
				t.Fatal(err)
			}
		}
		r.Close()
		b.Release()
		if err := r.ReadHeld(b); !errors.Is(err, ErrClosed) {
			t.Fatalf("ReadHeld after Close: %v", err)
		}
	}
	runtime.Gosched()
	if after := runtime.NumGoroutine(); after > before+1 {
		t.Fatalf("%d goroutines before, %d after", before, after)
	}
}
