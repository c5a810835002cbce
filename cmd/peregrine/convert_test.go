package main

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

const scapTestdata = "../../format/scap/testdata"

// readEvents reads every event of r, deep-copied.
func readEvents(t *testing.T, r format.EventReader) []format.Event {
	t.Helper()
	var out []format.Event
	var ev format.Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var c format.Event
		c.CopyFrom(&ev)
		out = append(out, c)
	}
}

// TestConvertRoundTrip converts every fixture and reads the result back:
// the same events (numbers, times, threads, parameters) and state.
func TestConvertRoundTrip(t *testing.T) {
	names, err := filepath.Glob(filepath.Join(scapTestdata, "*.scap"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, in := range names {
		t.Run(filepath.Base(in), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.pcap")
			var stdout, stderr bytes.Buffer
			code := run([]string{"convert", in, out}, &stdout, &stderr)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			if !strings.Contains(stdout.String(), "events") || stderr.Len() != 0 {
				t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
			}

			sr, err := scap.Open(in)
			if err != nil {
				t.Fatal(err)
			}
			defer sr.Close()
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pr, err := format.NewReader(f, &format.ReaderOptions{Name: out})
			if err != nil {
				t.Fatal(err)
			}
			defer pr.Close()
			if h := pr.Header(); h.Source != "scap" || h.Options["converted_from"] != filepath.Base(in) || h.StartTime != sr.Header().StartTime {
				t.Errorf("header %+v", h)
			}
			ps, ss := pr.Snapshot(), sr.Snapshot()
			if len(ps.Threads) != len(ss.Threads) || len(ps.FDs) != len(ss.FDs) || len(ps.Users) != len(ss.Users) || len(ps.Interfaces) != len(ss.Interfaces) {
				t.Errorf("snapshot sizes differ: %d/%d threads, %d/%d fds", len(ps.Threads), len(ss.Threads), len(ps.FDs), len(ss.FDs))
			}
			want, got := readEvents(t, sr), readEvents(t, pr)
			if len(want) != len(got) {
				t.Fatalf("%d events read back, want %d", len(got), len(want))
			}
			for i := range want {
				w, g := &want[i], &got[i]
				if w.Time != g.Time {
					t.Fatalf("event %d: time %d read back as %d (the capture's times are not monotonic: "+
						"format's block encoder starts time deltas at the block's first event, its decoder at the block's minimum time)", w.Num, w.Time, g.Time)
				}
				if w.Num != g.Num || w.Type != g.Type || w.Dir != g.Dir || w.TID != g.TID || w.CPU != g.CPU || w.Has != g.Has {
					t.Fatalf("event %d: got %+v, want %+v", w.Num, g, w)
				}
				for j := range w.Params {
					if w.Has&(1<<uint(j)) == 0 {
						continue
					}
					if w.Params[j].Int != g.Params[j].Int || !bytes.Equal(w.Params[j].Bytes, g.Params[j].Bytes) {
						t.Fatalf("event %d parameter %s: got %+v, want %+v", w.Num, w.Type.Info().Params[j].Name, g.Params[j], w.Params[j])
					}
				}
			}
			if !reflect.DeepEqual(ps.Threads[0].Args, ss.Threads[0].Args) {
				t.Errorf("thread args %q vs %q", ps.Threads[0].Args, ss.Threads[0].Args)
			}
		})
	}
}

func TestConvertErrors(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(scapTestdata, "cat_write.scap")
	converted := filepath.Join(dir, "c.pcap")
	if code := run([]string{"convert", "-q", good, converted}, io.Discard, io.Discard); code != 0 {
		t.Fatalf("convert: exit %d", code)
	}
	// A capture cut in the middle of its events: what was read is kept.
	plain, err := os.ReadFile(filepath.Join(scapTestdata, "sample.scap"))
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.scap")
	if err := os.WriteFile(cut, plain[:len(plain)-1000], 0o600); err != nil {
		t.Fatal(err)
	}
	// A capture with one damaged event: skipped with a warning.
	damaged := append([]byte(nil), plain...)
	off := lastEventBlock(t, damaged)
	binary.LittleEndian.PutUint32(damaged[off+8+2+16:], 60000) // event length past its block
	dmg := filepath.Join(dir, "damaged.scap")
	if err := os.WriteFile(dmg, damaged, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no_args", []string{"convert"}, 2, "want IN.scap and OUT"},
		{"bad_level", []string{"convert", "--level", "9", good, filepath.Join(dir, "x")}, 2, "--level 9"},
		{"same_file", []string{"convert", good, good}, 2, "is the input file"},
		{"missing_input", []string{"convert", filepath.Join(dir, "nope.scap"), filepath.Join(dir, "x")}, 1, "no such file"},
		{"already_converted", []string{"convert", converted, filepath.Join(dir, "x")}, 1, "already a Peregrine capture"},
		{"not_scap", []string{"convert", "convert_test.go", filepath.Join(dir, "x")}, 1, "not a .scap capture"},
		{"truncated", []string{"convert", "-q", cut, filepath.Join(dir, "cut.pcap")}, 1, "truncated"},
		{"damaged_event", []string{"convert", "-q", dmg, filepath.Join(dir, "dmg.pcap")}, 0, "warning: scap: " + dmg + ": block"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(tt.args, io.Discard, &stderr)
			if code != tt.code || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr.String(), tt.code, tt.stderr)
			}
		})
	}
	// The truncated input's events up to the damage are in the output,
	// which is a complete capture.
	f, err := os.Open(filepath.Join(dir, "cut.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := format.NewReader(f, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(readEvents(t, r)); n < 500 || n >= 572 {
		t.Errorf("%d events kept from the truncated capture", n)
	}
}

// lastEventBlock returns the offset of the last block of an uncompressed
// capture.
func lastEventBlock(t *testing.T, data []byte) int {
	last := -1
	for off := 0; off+12 <= len(data); {
		n := int(binary.LittleEndian.Uint32(data[off+4:]))
		if n < 12 {
			t.Fatal("bad block")
		}
		last = off
		off += n
	}
	return last
}
