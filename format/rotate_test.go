package format

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

func readFileEvents(t *testing.T, name string) (*Reader, []Event) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, data, nil)
}

func TestRotateBySize(t *testing.T) {
	dir := t.TempDir()
	_, _, evs := synthEvents(6, 30000)
	snaps := 0
	r, err := NewRotator(&RotateOptions{
		Path:     filepath.Join(dir, "cap.pgr"),
		MaxSize:  20 << 10,
		Header:   Header{Hostname: "rot", Recorder: "test"},
		Snapshot: func() (*Snapshot, error) { snaps++; return &Snapshot{Time: int64(snaps)}, nil },
		Writer:   WriterOptions{BlockSize: 8 << 10},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := r.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if evs[i].Num != 0 {
			t.Fatal("WriteEvent changed the caller's event number")
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	files := r.Files()
	if len(files) < 5 || snaps != len(files) {
		t.Fatalf("%d files, %d snapshots", len(files), snaps)
	}
	name := regexp.MustCompile(`^cap-\d{8}T\d{6}Z-(\d{6})\.pgr$`)
	next := uint64(1)
	for i, f := range files {
		m := name.FindStringSubmatch(filepath.Base(f))
		if m == nil || m[1] != fmt.Sprintf("%06d", i) {
			t.Errorf("file %d is %s", i, f)
		}
		rd, got := readFileEvents(t, f)
		h := rd.Header()
		if h.Sequence != i || h.Hostname != "rot" || rd.Snapshot().Time != int64(i+1) || !rd.Stats().Sealed {
			t.Errorf("%s: header %+v", f, h)
		}
		if len(got) == 0 || got[0].Num != next || h.StartTime != got[0].Time && i > 0 {
			t.Errorf("%s: first event %d, want %d", f, got[0].Num, next)
		}
		next = got[len(got)-1].Num + 1
		if st, _ := os.Stat(f); i < len(files)-1 && st.Size() > 20<<10+8<<10 {
			t.Errorf("%s: %d bytes, limit 20 KiB plus one block", f, st.Size())
		}
	}
	if next != uint64(len(evs)+1) {
		t.Errorf("events numbered up to %d, want %d", next-1, len(evs))
	}
	// Stats covers every file: its bytes are the files' sizes.
	var size int64
	for _, f := range files {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		size += st.Size()
	}
	if st := r.Stats(); st.Events != int64(len(evs)) || st.Bytes != size || st.RawBytes == 0 || st.Blocks < int64(len(files)) {
		t.Errorf("Stats %+v, want %d events and %d bytes", st, len(evs), size)
	}
}

func TestRotateByAgeWithinBudget(t *testing.T) {
	dir := t.TempDir()
	base := filepath.Join(dir, "fr.pgr")
	// A file of an earlier run, which counts against the budget.
	old := filepath.Join(dir, "fr-20200101T000000Z-000041.pgr")
	os.WriteFile(old, []byte("old"), 0o600)
	os.WriteFile(filepath.Join(dir, "unrelated.pgr"), []byte("keep"), 0o600)

	r, err := NewRotator(&RotateOptions{Path: base, MaxAge: time.Second, MaxFiles: 3, Header: Header{StartTime: 1_000_000_000}})
	if err != nil {
		t.Fatal(err)
	}
	if fs := r.Files(); len(fs) != 2 || fs[0] != old {
		t.Fatalf("files at start %v", fs)
	}
	var ev Event
	ev.Reset(EvClose, DirExit)
	for i := range 50 { // 10 s of events, 5 per second
		ev.Time = 1_000_000_000 + int64(i)*200_000_000
		if err := r.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	fs := r.Files()
	if len(fs) != 3 {
		t.Fatalf("files %v, want 3", fs)
	}
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Error("the oldest file of the earlier run was kept")
	}
	if _, err := os.Stat(filepath.Join(dir, "unrelated.pgr")); err != nil {
		t.Error("an unrelated file was deleted")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		t.Errorf("%d files in the directory", len(entries))
	}
	for _, f := range fs {
		rd, got := readFileEvents(t, f)
		if len(got) != 5 || got[len(got)-1].Time-rd.Header().StartTime >= int64(time.Second) {
			t.Errorf("%s: %d events from %d to %d", f, len(got), rd.Header().StartTime, got[len(got)-1].Time)
		}
		if m := regexp.MustCompile(`-0000(4[2-9]|5\d)\.pgr$`); !m.MatchString(f) {
			t.Errorf("%s: sequence does not continue the earlier run's", f)
		}
	}
}

func TestRotateTotalSize(t *testing.T) {
	dir := t.TempDir()
	_, _, evs := synthEvents(6, 20000)
	r, err := NewRotator(&RotateOptions{Path: filepath.Join(dir, "t.pgr"), MaxSize: 16 << 10, MaxTotalSize: 64 << 10,
		Writer: WriterOptions{BlockSize: 8 << 10}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range evs {
		if err := r.WriteEvent(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	total := int64(0)
	for _, f := range r.Files() {
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		total += st.Size()
	}
	if total > 64<<10 || len(r.Files()) < 2 {
		t.Errorf("%d files, %d bytes, budget 64 KiB", len(r.Files()), total)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(r.Files()) {
		t.Errorf("%d files on disk, %d in the set", len(entries), len(r.Files()))
	}
}

func TestRotateErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts *RotateOptions
		want error
	}{
		{"nil", nil, ErrInvalidOptions},
		{"no path", &RotateOptions{}, ErrInvalidOptions},
		{"negative", &RotateOptions{Path: "x.pgr", MaxFiles: -1}, ErrInvalidOptions},
		{"writer", &RotateOptions{Path: "x.pgr", Writer: WriterOptions{Level: 9}}, ErrInvalidOptions},
		{"no directory", &RotateOptions{Path: "/nonexistent/dir/x.pgr"}, os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewRotator(tc.opts); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	snapErr := errors.New("proc went away")
	_, err := NewRotator(&RotateOptions{Path: filepath.Join(t.TempDir(), "s.pgr"), Snapshot: func() (*Snapshot, error) { return nil, snapErr }})
	if !errors.Is(err, snapErr) {
		t.Fatalf("snapshot error: %v", err)
	}
}
