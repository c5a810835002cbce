package format

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"testing"
)

// synthEvents returns the header and snapshot of a synthetic host and n
// of its events, deep-copied.
func synthEvents(seed uint64, n int) (*Header, *Snapshot, []Event) {
	s := NewSynth(seed)
	hdr, snap := s.Header(), s.Snapshot()
	evs := make([]Event, n)
	var ev Event
	for i := range evs {
		s.Next(&ev)
		evs[i].CopyFrom(&ev)
	}
	return hdr, snap, evs
}

// writeCapture writes a capture of evs and returns its bytes.
func writeCapture(t testing.TB, hdr *Header, snap *Snapshot, evs []Event, opts *WriterOptions) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := NewWriter(&buf, hdr, snap, opts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := w.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// readAll reads every event of a capture.
func readAll(t testing.TB, data []byte, opts *ReaderOptions) (*Reader, []Event) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), opts)
	if err != nil {
		t.Fatal(err)
	}
	var evs []Event
	var ev Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var c Event
		c.CopyFrom(&ev)
		evs = append(evs, c)
	}
	return r, evs
}

// sameEvent compares events by value, treating nil and empty byte slices
// alike and ignoring parameters that are not present.
func sameEvent(a, b *Event) bool {
	if a.Num != b.Num || a.Time != b.Time || a.Type != b.Type || a.Dir != b.Dir || a.CPU != b.CPU ||
		a.TID != b.TID || a.PID != b.PID || a.Has != b.Has {
		return false
	}
	for i := range a.Params {
		if a.Has&(1<<uint(i)) == 0 {
			continue
		}
		if a.Params[i].Int != b.Params[i].Int || !bytes.Equal(a.Params[i].Bytes, b.Params[i].Bytes) {
			return false
		}
	}
	return true
}

func TestRoundTripSynth(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts WriterOptions
		read ReaderOptions
	}{
		{"defaults", WriterOptions{}, ReaderOptions{}},
		{"small blocks", WriterOptions{BlockSize: 4096}, ReaderOptions{}},
		{"sequential", WriterOptions{BlockSize: 8192}, ReaderOptions{ReadAhead: -1}},
		{"level 4", WriterOptions{Level: 4}, ReaderOptions{ReadAhead: 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr, snap, evs := synthEvents(1, 20000)
			for i := range evs {
				evs[i].Num = uint64(i + 1)
			}
			data := writeCapture(t, hdr, snap, evs, &tc.opts)
			r, got := readAll(t, data, &tc.read)
			defer r.Close()
			if len(got) != len(evs) {
				t.Fatalf("read %d events, wrote %d", len(got), len(evs))
			}
			for i := range evs {
				if !sameEvent(&evs[i], &got[i]) {
					t.Fatalf("event %d:\nwrote %+v\nread  %+v", i, evs[i], got[i])
				}
			}
			if w := r.Warnings(); len(w) != 0 {
				t.Errorf("warnings: %v", w)
			}
			if st := r.Stats(); !st.Sealed || st.Events != int64(len(evs)) {
				t.Errorf("stats %+v", st)
			}
			if !reflect.DeepEqual(r.Snapshot(), snap) {
				t.Errorf("snapshot differs")
			}
			want := *hdr
			want.Version = CurrentVersion
			if !reflect.DeepEqual(r.Header(), &want) {
				t.Errorf("header differs:\nwrote %+v\nread  %+v", want, r.Header())
			}
		})
	}
}

func TestReadIntoAfterEOF(t *testing.T) {
	data := writeCapture(t, nil, nil, nil, nil)
	r, err := NewReader(bytes.NewReader(data), nil)
	if err != nil {
		t.Fatal(err)
	}
	var ev Event
	for range 3 {
		if err := r.ReadInto(&ev); err != io.EOF {
			t.Fatalf("ReadInto = %v, want io.EOF", err)
		}
	}
	r.Close()
	if err := r.ReadInto(&ev); !errors.Is(err, ErrClosed) {
		t.Fatalf("ReadInto after Close = %v, want ErrClosed", err)
	}
}
