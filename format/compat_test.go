package format

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestNewerMajorVersion(t *testing.T) {
	var m msg
	m.str(hfHostname, "future")
	c := newCrafter(CurrentVersion.Major+1, 0, m.b)
	emptySnapshot(c)
	_, err := NewReader(bytes.NewReader(c.buf.Bytes()), &ReaderOptions{Name: "future.pgr"})
	if !errors.Is(err, ErrNewerVersion) {
		t.Fatalf("err = %v, want ErrNewerVersion", err)
	}
	var fe *Error
	if !errors.As(err, &fe) || fe.File != "future.pgr" {
		t.Fatalf("err = %#v, want an *Error naming the file", err)
	}
	if !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("error %q does not say what to do", err)
	}
}

// TestNewerMinorVersion reads a file of a later minor version with
// everything a minor version may add: header fields, event types and
// parameters, a longer block header, extra streams, block kinds and
// snapshot record kinds this reader does not know.
func TestNewerMinorVersion(t *testing.T) {
	var m msg
	m.str(hfHostname, "later")
	m.str(99, "a header field from the future")
	schemaType(&m, 7, "openat",
		schemaParam{"fd", PTFD, wireVarint},
		schemaParam{"shiny", PTUint64, wireUvarint}, // a parameter we do not know
		schemaParam{"name", PTFSRelPath, wireBytes},
		schemaParam{"sparkle", ParamType(200), wireBytes}, // a parameter type we do not know
		schemaParam{"flags", PTFlags32, wireUvarint},
	)
	schemaType(&m, 3, "teleport", schemaParam{"where", PTCharBuf, wireBytes}, schemaParam{"when", PTInt64, wireVarint})
	schemaType(&m, 4, "close", schemaParam{"fd", PTFD, wireVarint}) // no res
	c := newCrafter(CurrentVersion.Major, CurrentVersion.Minor+9, m.b)

	var snap []byte
	var rec msg
	rec.int(1, 42)
	snap = append(snap, recThread)
	snap = append(snap, byte(len(rec.b)))
	snap = append(snap, rec.b...)
	snap = append(snap, 77, 3, 'x', 'y', 'z') // a record kind from the future
	c.block(craftBlock{kind: kindSnapshot, flags: flagLast | flagZstd, count: 2, raw: snap, ext: []byte("future header fields")})

	c.block(craftBlock{kind: 9, raw: []byte("a block kind from the future")})
	evs := []craftEvent{
		{typeID: 7, has: 0b11111, num: 10, time: 1000, tid: 5, pid: 5, cpu: 1,
			ints:  []craftInt{{stFD, wireVarint, 3}, {stNum, wireUvarint, 99}, {stFlags, wireUvarint, 1}},
			bytes: [][]byte{[]byte("/etc/passwd"), []byte("glitter")}},
		{typeID: 3, has: 0b11, time: 1100, tid: 5, pid: 5, cpu: 1,
			ints: []craftInt{{stNum, wireVarint, -7}}, bytes: [][]byte{[]byte("mars")}},
		{typeID: 4, has: 0b1, time: 1050, tid: 6, pid: 5, cpu: 0, ints: []craftInt{{stFD, wireVarint, 3}}},
	}
	raw := craftEvents(evs, 2)
	off := c.block(craftBlock{kind: kindEvents, flags: flagZstd, count: 3, firstNum: 10, minTime: 1000, maxTime: 1100, raw: raw,
		ext: []byte{1, 2, 3, 4}})
	c.seal(3, []BlockInfo{{Number: 2, Offset: off, Stored: 0, Raw: len(raw), Events: 3, FirstNum: 10, MinTime: 1000, MaxTime: 1100}})

	r, got := mustRead(t, c.buf.Bytes())
	if h := r.Header(); h.Hostname != "later" || h.Version.Minor != CurrentVersion.Minor+9 {
		t.Errorf("header %+v", h)
	}
	if s := r.Snapshot(); len(s.Threads) != 1 || s.Threads[0].TID != 42 {
		t.Errorf("snapshot %+v", s)
	}
	if len(got) != 2 {
		t.Fatalf("read %d events, want 2 (the unknown type skipped)", len(got))
	}
	fd, name, flags := EvOpenat.Info().Param("fd"), EvOpenat.Info().Param("name"), EvOpenat.Info().Param("flags")
	e := got[0]
	if e.Type != EvOpenat || e.Num != 10 || e.Time != 1000 || e.TID != 5 || e.CPU != 1 ||
		e.Has != 1<<fd|1<<name|1<<flags || e.Params[fd].Int != 3 || string(e.Params[name].Bytes) != "/etc/passwd" || e.Params[flags].Int != 1 {
		t.Errorf("openat read as %+v", e)
	}
	e = got[1]
	if e.Type != EvClose || e.Num != 12 || e.Time != 1050 || e.TID != 6 || e.PID != 5 || e.Has != 1<<EvClose.Info().Param("fd") {
		t.Errorf("close read as %+v", e)
	}
	if st := r.Stats(); st.UnknownEvents != 1 || !st.Sealed || st.SkippedBlocks != 0 {
		t.Errorf("stats %+v", st)
	}
	if len(r.Warnings()) != 0 {
		t.Errorf("warnings %v", r.Warnings())
	}
	f, err := NewFile(bytes.NewReader(c.buf.Bytes()), int64(c.buf.Len()), "later.pgr")
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := f.Verify(); err != nil || rep.Verdict != VerdictEdited {
		// The crafted index says Stored 0: Verify must notice the index
		// does not match the blocks.
		t.Errorf("Verify = %+v, %v; want edited (index mismatch)", rep, err)
	}
}

// TestEveryParamType declares parameters of the catalogue's open event
// with every parameter type code (and one unknown) and reads values of
// each through the integer or byte path the code selects.
func TestEveryParamType(t *testing.T) {
	codes := []ParamType{200} // not a code this program knows: integer wire class
	for pt := range paramTypeNames {
		codes = append(codes, pt)
	}
	for _, pt := range codes {
		t.Run(pt.String(), func(t *testing.T) {
			wire := wireOf(pt)
			if pt == 200 {
				wire = wireVarint // an unknown code whose values are integers
			}
			name := "ino"
			if wire == wireBytes {
				name = "name"
			}
			var m msg
			schemaType(&m, 1, "open", schemaParam{name, pt, wire})
			c := newCrafter(1, 0, m.b)
			emptySnapshot(c)
			ev := craftEvent{typeID: 1, has: 1, num: 1, time: 5}
			want := Value{Int: -123456789}
			if wire == wireUvarint {
				want.Int = -1 << 62 // a large bit pattern
			}
			if wire == wireBytes {
				want = Value{Bytes: []byte{0, 1, 2, 0xff}}
				ev.bytes = [][]byte{want.Bytes}
			} else {
				ev.ints = []craftInt{{int(intStream(pt)), wire, want.Int}}
			}
			c.block(craftBlock{kind: kindEvents, count: 1, firstNum: 1, minTime: 5, maxTime: 5, raw: craftEvents([]craftEvent{ev}, 0)})
			r, got := mustRead(t, c.buf.Bytes())
			i := EvOpen.Info().Param(name)
			if len(got) != 1 || got[0].Has != 1<<i || got[0].Params[i].Int != want.Int || !bytes.Equal(got[0].Params[i].Bytes, want.Bytes) {
				t.Fatalf("read %+v (warnings %v), want %s = %+v", got, r.Warnings(), name, want)
			}
		})
	}
}

// TestKindMismatchSkipped: a file whose parameter holds bytes where ours
// holds integers keeps the event and drops that parameter.
func TestKindMismatchSkipped(t *testing.T) {
	var m msg
	schemaType(&m, 1, "close", schemaParam{"res", PTCharBuf, wireBytes}, schemaParam{"fd", PTFD, wireVarint})
	c := newCrafter(1, 0, m.b)
	emptySnapshot(c)
	ev := craftEvent{typeID: 1, has: 3, num: 1, time: 5, bytes: [][]byte{[]byte("zero")}, ints: []craftInt{{stFD, wireVarint, 4}}}
	c.block(craftBlock{kind: kindEvents, count: 1, firstNum: 1, minTime: 5, maxTime: 5, raw: craftEvents([]craftEvent{ev}, 0)})
	_, got := mustRead(t, c.buf.Bytes())
	fd := EvClose.Info().Param("fd")
	if len(got) != 1 || got[0].Has != 1<<fd || got[0].Params[fd].Int != 4 {
		t.Fatalf("read %+v", got)
	}
}

func TestSniff(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf, nil, nil, nil)
	w.Close()
	for _, tc := range []struct {
		name string
		in   []byte
		want Kind
	}{
		{"capture", buf.Bytes()[:SniffLen], KindCapture},
		{"capture, 4 bytes", buf.Bytes()[:4], KindCapture},
		{"scap", []byte{0x0A, 0x0D, 0x0D, 0x0A, 0x1c, 0, 0, 0}, KindScap},
		{"gzip", []byte{0x1f, 0x8b, 8, 0}, KindGzip},
		{"text", []byte("hello, world"), KindUnknown},
		{"empty", nil, KindUnknown},
		{"short", []byte{0x89}, KindUnknown},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Sniff(tc.in); got != tc.want {
				t.Errorf("Sniff = %v, want %v", got, tc.want)
			}
		})
	}
}
