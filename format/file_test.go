package format

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFileBlocksAndSeek(t *testing.T) {
	hdr, snap, evs := synthEvents(4, 40000)
	for i := range evs {
		evs[i].Num = uint64(i + 1)
	}
	data := writeCapture(t, hdr, snap, evs, &WriterOptions{BlockSize: 32 << 10})
	name := filepath.Join(t.TempDir(), "seek.pgr")
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !f.Indexed() || f.Header().Hostname != hdr.Hostname || len(f.Snapshot().Threads) != len(snap.Threads) {
		t.Fatalf("indexed %v, header %+v", f.Indexed(), f.Header())
	}
	blocks := f.Blocks()
	if len(blocks) < 5 {
		t.Fatalf("%d blocks", len(blocks))
	}
	// The index and a scan agree.
	scanned := (&File{ra: f.ra, size: f.size, name: f.name, eventsOff: f.eventsOff}).scan()
	if !sameBlocks(blocks, scanned) {
		t.Fatalf("index %+v\nscan  %+v", blocks, scanned)
	}
	total := 0
	for _, b := range blocks {
		total += b.Events
	}
	if total != len(evs) {
		t.Fatalf("blocks hold %d events, want %d", total, len(evs))
	}

	for _, tc := range []struct {
		name  string
		t     int64
		first uint64 // Num of the first event read; 0: none
	}{
		{"before the start", evs[0].Time - 1e9, 1},
		{"the start", evs[0].Time, 1},
		{"middle", blocks[3].MaxTime, blocks[3].FirstNum},
		{"just after a block", blocks[3].MaxTime + 1, blocks[4].FirstNum},
		{"after the end", evs[len(evs)-1].Time + 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := f.NewReaderAt(tc.t)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var ev Event
			err = r.ReadInto(&ev)
			if tc.first == 0 {
				if err != io.EOF {
					t.Fatalf("ReadInto = %v, %+v; want io.EOF", err, ev)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if ev.Num != tc.first || !sameEvent(&ev, &evs[ev.Num-1]) {
				t.Fatalf("first event %d, want %d", ev.Num, tc.first)
			}
			n := 1
			for r.ReadInto(&ev) == nil {
				n++
			}
			if want := len(evs) - int(tc.first) + 1; n != want {
				t.Fatalf("read %d events, want %d", n, want)
			}
		})
	}
	rep, err := f.Verify()
	if err != nil || rep.Verdict != VerdictIntact || rep.Events != int64(len(evs)) || rep.BadBlock != -1 {
		t.Fatalf("Verify = %+v, %v", rep, err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "missing.pgr")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
	bad := filepath.Join(dir, "text.pgr")
	os.WriteFile(bad, []byte("not a capture at all"), 0o600)
	_, err := Open(bad)
	var e *Error
	if !errors.Is(err, ErrNotCapture) || !errors.As(err, &e) || e.File != bad {
		t.Errorf("text file: %v", err)
	}
	if _, err := Open(dir); !errors.Is(err, ErrNotCapture) || !errors.As(err, &e) || e.File != dir || !strings.Contains(err.Error(), "directory") {
		t.Errorf("directory: %v", err)
	}
}

// TestCreate writes through Create and checks the file's mode and content.
func TestCreate(t *testing.T) {
	hdr, snap, evs := synthEvents(8, 1000)
	name := filepath.Join(t.TempDir(), "c.pgr")
	w, err := Create(name, hdr, snap, nil)
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
	if err := w.Close(); !errors.Is(err, ErrClosed) {
		t.Errorf("second Close: %v", err)
	}
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode())
	}
	if ws := w.Stats(); ws.Bytes != st.Size() || ws.Events != int64(len(evs)) || ws.RawBytes <= ws.Bytes/2 {
		t.Errorf("stats %+v, size %d", ws, st.Size())
	}
	data, _ := os.ReadFile(name)
	if _, got := readAll(t, data, nil); len(got) != len(evs) {
		t.Errorf("read %d events", len(got))
	}
	if !bytes.HasPrefix(data, []byte(fileMagic)) {
		t.Error("no magic")
	}
}

// TestFileConcurrentUse reads, seeks and verifies one File from several
// goroutines (run with -race).
func TestFileConcurrentUse(t *testing.T) {
	hdr, snap, evs := synthEvents(12, 5000)
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, hdr, snap, &WriterOptions{BlockSize: 16 << 10})
	for i := range evs {
		w.WriteEvent(&evs[i])
	}
	w.Flush() // unsealed: Blocks scans
	f := mustFile(t, buf.Bytes())
	done := make(chan error)
	for g := range 4 {
		go func() {
			var err error
			switch g % 2 {
			case 0:
				var r *Reader
				if r, err = f.NewReaderAt(evs[len(evs)/2].Time); err == nil {
					var ev Event
					for err == nil {
						err = r.ReadInto(&ev)
					}
					if err == io.EOF {
						err = nil
					}
					r.Close()
				}
			case 1:
				var rep *VerifyReport
				if rep, err = f.Verify(); err == nil && rep.Verdict != VerdictUnsealed {
					err = errors.New("verdict " + string(rep.Verdict))
				}
			}
			done <- err
		}()
	}
	for range 4 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
