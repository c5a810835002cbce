package replay

import (
	"errors"
	"io"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
)

// plainReader hides a reader's batch interfaces, so the pipeline copies
// its events.
type plainReader struct{ format.EventReader }

// TestPrefetchModeChanges reads inputs of each kind (batches decoded in
// place, held .scap batches, copied events) while the tuner changes
// between parallel and inline decoding every few batches, and checks that
// every event comes once, in order, and that the end is the reader's.
func TestPrefetchModeChanges(t *testing.T) {
	dir := t.TempDir()
	capture := writeCapture(t, dir, 20000, 7, "h", nil)
	open := func(t *testing.T, name string) format.EventReader {
		in, err := OpenInput(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { in.Close() })
		return in
	}
	for _, tc := range []struct {
		name string
		path string
		wrap bool
	}{
		{"capture batches", capture, false},
		{"capture copied", capture, true},
		{"scap held", fixtureDir + "/curl_google.scap", false},
		{"scap copied", fixtureDir + "/sample.scap", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			needFixture(t, tc.path)
			// What the reader gives, read directly.
			var want []uint64
			ref := open(t, tc.path)
			var ev format.Event
			for {
				if err := ref.ReadInto(&ev); err != nil {
					if !errors.Is(err, io.EOF) {
						t.Fatal(err)
					}
					break
				}
				want = append(want, ev.Num)
			}
			r := open(t, tc.path)
			if tc.wrap {
				r = plainReader{r}
			}
			p := startPrefetch(r)
			defer p.close()
			// Epochs of a little more than a batch, and a clock that
			// makes whichever mode is being tried look faster: the mode
			// changes at every probe.
			p.tune.fixed = false
			p.tune.epoch = batchEvents + 1
			p.tune.stayFor = 1
			var now int64
			p.tune.clock = func() int64 {
				if p.tune.probing {
					now += 1
				} else {
					now += 100
				}
				return now
			}
			var got []uint64
			for {
				e, err := p.next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						t.Fatalf("after %d events: %v", len(got), err)
					}
					break
				}
				got = append(got, e.Num)
			}
			if len(got) != len(want) {
				t.Fatalf("%d events, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("event %d is number %d, want %d", i, got[i], want[i])
				}
			}
			// An epoch is two batches; a probe and the stay after it
			// make a change every two epochs at least.
			if min := len(want) / (batchEvents * 2 * 3); p.changes < min {
				t.Errorf("%d mode changes over %d events, want %d at least", p.changes, len(want), min)
			}
			t.Logf("%d events, %d mode changes", len(got), p.changes)
		})
	}
}

// TestTuner checks the tuner's choices on a clock where one mode is
// faster.
func TestTuner(t *testing.T) {
	for _, fast := range []bool{true, false} { // parallel faster, inline faster
		tu := tuner{parallel: true, epoch: 100, stayFor: stayEpochs}
		var now int64
		tu.clock = func() int64 {
			if tu.parallel == fast {
				now += 10
			} else {
				now += 20
			}
			return now
		}
		inFast := 0
		for range 2000 {
			tu.batch(50)
			if tu.parallel == fast {
				inFast++
			}
		}
		// Apart from probes (one epoch in stayEpochs+1), the tuner runs the
		// faster mode.
		if inFast < 2000*stayEpochs/(stayEpochs+2) {
			t.Errorf("parallel faster=%v: %d of 2000 batches in the faster mode", fast, inFast)
		}
	}
}
