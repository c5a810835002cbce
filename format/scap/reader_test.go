package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap/internal/scapfile"
)

// readAll reads every event of r, deep-copying them.
func readAll(t testing.TB, r *Reader) []format.Event {
	t.Helper()
	var out []format.Event
	var ev format.Event
	for {
		err := r.ReadInto(&ev)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("ReadInto after %d events: %v", len(out), err)
		}
		var c format.Event
		c.CopyFrom(&ev)
		out = append(out, c)
	}
}

// fixtureBlocks returns the uncompressed blocks of a testdata capture.
func fixtureBlocks(t testing.TB, name string) []scapfile.Block {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	data, err = scapfile.Decompress(data)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := scapfile.Split(data)
	if err != nil {
		t.Fatal(err)
	}
	return blocks
}

// param returns parameter name of ev, failing if absent.
func param(t *testing.T, ev *format.Event, name string) format.Value {
	t.Helper()
	i := ev.Type.Info().Param(name)
	v, ok := ev.Param(i)
	if !ok {
		t.Fatalf("event %d %s%s: no parameter %s", ev.Num, ev.Dir, ev.Type, name)
	}
	return v
}

func TestFixtures(t *testing.T) {
	// Event counts are the number of event blocks in each file (counted
	// independently of this package); sysdig numbers them the same way.
	tests := []struct {
		file     string
		events   int
		host     string
		cpus     int
		version  string
		threads  int
		gzip     bool
		firstNum uint64
	}{
		{"cat_write.scap", 345, "", 0, "1.0", 73, true, 1},
		{"connect_localhost.scap", 374, "", 0, "1.0", 184, true, 1},
		{"curl_google.scap", 1536, "ip-10-0-0-79", 1, "1.0", 54, true, 1},
		{"curl_google_comments.scap", 1536, "ip-10-0-0-79", 1, "1.0", 54, true, 1},
		{"empty.scap", 143, "ubuntu", 4, "1.2", 218, true, 1},
		{"open-multiple-files.scap", 1272, "", 0, "1.0", 128, true, 1},
		{"ping_sendto.scap", 1526, "", 0, "1.2", 136, true, 1},
		{"sample.scap", 572, "", 0, "1.2", 94, false, 1},
		{"single_ipv6_conn.scap", 1728, "", 0, "1.2", 154, true, 1},
		{"syscall.scap", 368, "", 0, "1.1", 229, true, 1},
		{"test_ipv6_client.scap", 326, "", 0, "1.0", 58, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Open(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			h := r.Header()
			if h.Source != "scap" {
				t.Errorf("Source = %q", h.Source)
			}
			if got := h.Options["scap.version"]; got != tt.version {
				t.Errorf("scap.version = %q, want %q", got, tt.version)
			}
			if tt.host != "" && h.Hostname != tt.host {
				t.Errorf("Hostname = %q, want %q", h.Hostname, tt.host)
			}
			if tt.cpus != 0 && h.CPUs != tt.cpus {
				t.Errorf("CPUs = %d, want %d", h.CPUs, tt.cpus)
			}
			if got := len(r.Snapshot().Threads); got != tt.threads {
				t.Errorf("%d threads, want %d", got, tt.threads)
			}
			evs := readAll(t, r)
			if len(evs) != tt.events {
				t.Errorf("%d events, want %d", len(evs), tt.events)
			}
			for i := range evs {
				if evs[i].Num != tt.firstNum+uint64(i) {
					t.Fatalf("event %d has number %d, want %d", i, evs[i].Num, tt.firstNum+uint64(i))
				}
			}
			if h.StartTime != evs[0].Time || r.Snapshot().Time != evs[0].Time {
				t.Errorf("StartTime %d, snapshot time %d, first event %d", h.StartTime, r.Snapshot().Time, evs[0].Time)
			}
			if w, n := r.Warnings(); n != 0 {
				t.Errorf("%d warnings: %v", n, w)
			}
			if err := r.ReadInto(&format.Event{}); err != io.EOF {
				t.Errorf("ReadInto after the end = %v, want io.EOF", err)
			}
		})
	}
}

func TestCommentOption(t *testing.T) {
	r, err := Open("testdata/curl_google_comments.scap")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if got := r.Header().Options["comment"]; got != "File-level comment" {
		t.Errorf("comment = %q", got)
	}
}

// TestEvents checks decoded events against what sysdig 0.29.3 prints for
// them (sysdig -r curl_google.scap -p '%evt.num %evt.args' ...).
func TestEvents(t *testing.T) {
	r, err := Open("testdata/curl_google.scap")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	evs := readAll(t, r)
	byNum := map[uint64]*format.Event{}
	for i := range evs {
		byNum[evs[i].Num] = &evs[i]
	}
	get := func(t *testing.T, num uint64, typ string, dir format.Dir) *format.Event {
		ev := byNum[num]
		if ev == nil {
			t.Fatalf("no event %d", num)
		}
		if ev.Type.String() != typ || ev.Dir != dir {
			t.Fatalf("event %d is %s%s, want %s%s", num, ev.Dir, ev.Type, dir, typ)
		}
		return ev
	}
	t.Run("execve_16_exit", func(t *testing.T) {
		ev := get(t, 211, "execve", format.DirExit)
		if ev.TID != 17497 {
			t.Errorf("tid %d", ev.TID)
		}
		if v := param(t, ev, "exe"); string(v.Bytes) != "curl" {
			t.Errorf("exe %q", v.Bytes)
		}
		if v := param(t, ev, "args"); string(v.Bytes) != "-6\x00http://www.google.com" {
			t.Errorf("args %q", v.Bytes)
		}
		if v := param(t, ev, "ptid"); v.Int != 3200 {
			t.Errorf("ptid %d", v.Int)
		}
		if v := param(t, ev, "cwd"); string(v.Bytes) != "/home/ubuntu" {
			t.Errorf("cwd %q", v.Bytes)
		}
		if v := param(t, ev, "env"); !bytes.HasPrefix(v.Bytes, []byte("XDG_SESSION_ID=1\x00TERM=xterm-256color\x00")) {
			t.Errorf("env %q", v.Bytes)
		}
	})
	t.Run("open_exit", func(t *testing.T) {
		ev := get(t, 219, "open", format.DirExit)
		if v := param(t, ev, "fd"); v.Int != 3 {
			t.Errorf("fd %d", v.Int)
		}
		if v := param(t, ev, "name"); string(v.Bytes) != "/etc/ld.so.cache" {
			t.Errorf("name %q", v.Bytes)
		}
		if v := param(t, ev, "flags"); v.Int != 4097 {
			t.Errorf("flags %d", v.Int)
		}
		if r, ok := ev.Res(); !ok || r != 3 {
			t.Errorf("Res() = %d, %v", r, ok)
		}
	})
	t.Run("read_exit_gets_enter_args", func(t *testing.T) {
		// The read exit of this capture has res and data; fd and size
		// come from the enter event 230.
		ev := get(t, 231, "read", format.DirExit)
		if v := param(t, ev, "res"); v.Int != 832 {
			t.Errorf("res %d", v.Int)
		}
		if v := param(t, ev, "data"); len(v.Bytes) != 80 || !bytes.HasPrefix(v.Bytes, []byte("\x7fELF")) {
			t.Errorf("data %q", v.Bytes)
		}
		if v := param(t, ev, "fd"); v.Int != 3 {
			t.Errorf("fd %d", v.Int)
		}
		if v := param(t, ev, "size"); v.Int != 832 {
			t.Errorf("size %d", v.Int)
		}
		enter := get(t, 230, "read", format.DirEnter)
		if i := enter.Type.Info().Param("res"); enter.Has&(1<<uint(i)) != 0 {
			t.Error("enter event has res")
		}
	})
	t.Run("generic", func(t *testing.T) {
		ev := get(t, 239, "syscall", format.DirExit)
		id := param(t, ev, "ID")
		if name, ok := SyscallName(uint16(id.Int)); !ok || name != "mprotect" {
			t.Errorf("SyscallName(%d) = %q, %v; sysdig prints mprotect", id.Int, name, ok)
		}
		if v := param(t, ev, "nativeID"); v.Int != 10 {
			t.Errorf("nativeID %d", v.Int)
		}
	})
	t.Run("clone_20", func(t *testing.T) {
		var n int
		for i := range evs {
			ev := &evs[i]
			if ev.Type.String() == "clone" && ev.Dir == format.DirExit {
				n++
				if v := param(t, ev, "comm"); string(v.Bytes) != "curl" {
					t.Errorf("clone %d comm %q", ev.Num, v.Bytes)
				}
			}
		}
		if n != 2 {
			t.Errorf("%d clone exits, want 2 (parent and child)", n)
		}
	})
	t.Run("connect_tuple", func(t *testing.T) {
		var found bool
		for i := range evs {
			ev := &evs[i]
			if ev.Type.String() != "connect" || ev.Dir != format.DirExit {
				continue
			}
			st, ok := format.ParseSockTuple(param(t, ev, "tuple").Bytes)
			if !ok {
				t.Fatalf("event %d: bad tuple", ev.Num)
			}
			if st.Family == format.AFInet6 && st.DstPort == 53 && st.DstAddr.String() == "2001:4860:4860::8888" {
				found = true
			}
		}
		if !found {
			t.Error("no connect to [2001:4860:4860::8888]:53 (sysdig shows fd.sip 2001:4860:4860::8888, fd.sport 53)")
		}
	})
}

func TestSnapshot(t *testing.T) {
	r, err := Open("testdata/curl_google.scap")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	s := r.Snapshot()
	var bash *format.Thread
	for i := range s.Threads {
		if s.Threads[i].TID == 3200 {
			bash = &s.Threads[i]
		}
	}
	if bash == nil || bash.Comm != "bash" {
		t.Fatalf("thread 3200 = %+v, want bash (sysdig: proc.pname of curl is bash)", bash)
	}
	if bash.Cwd != "/home/ubuntu/" && bash.Cwd != "/home/ubuntu" {
		t.Errorf("bash cwd %q", bash.Cwd)
	}
	var ubuntu bool
	for _, u := range s.Users {
		if u.Name == "ubuntu" && u.Home == "/home/ubuntu" {
			ubuntu = true
		}
	}
	if !ubuntu {
		t.Error("no user ubuntu")
	}
	var lo bool
	for _, in := range s.Interfaces {
		if in.Name == "lo" && bytes.Equal(in.Addr, []byte{127, 0, 0, 1}) {
			lo = true
		}
	}
	if !lo {
		t.Errorf("no lo 127.0.0.1 in %v", s.Interfaces)
	}
	var fds int
	for _, fd := range s.FDs {
		if fd.PID == 3200 {
			fds++
		}
		if fd.Type == format.FDUnknown && fd.Name == "" {
			t.Errorf("fd %+v has no type or name", fd)
		}
	}
	if fds == 0 {
		t.Error("bash has no fds")
	}
}

func TestSocketsInSnapshot(t *testing.T) {
	r, err := Open("testdata/single_ipv6_conn.scap")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	counts := map[format.FDType]int{}
	for _, fd := range r.Snapshot().FDs {
		counts[fd.Type]++
		switch fd.Type {
		case format.FDIPv4, format.FDIPv6:
			st, ok := format.ParseSockTuple(fd.Tuple)
			if !ok {
				t.Errorf("fd %+v: bad tuple", fd)
				continue
			}
			want := st.SrcAddr.String() + ":" + itoa(st.SrcPort) + "->" + st.DstAddr.String() + ":" + itoa(st.DstPort)
			if fd.Name != want {
				t.Errorf("fd name %q, tuple says %q", fd.Name, want)
			}
			if fd.L4Proto != 6 && fd.L4Proto != 17 && fd.L4Proto != 0 && fd.L4Proto != 1 && fd.L4Proto != 255 {
				t.Errorf("fd %+v: L4Proto %d", fd, fd.L4Proto)
			}
		case format.FDUnix:
			if _, ok := format.ParseSockTuple(fd.Tuple); !ok {
				t.Errorf("unix fd %+v: bad tuple", fd)
			}
		}
	}
	if counts[format.FDUnix] == 0 || counts[format.FDIPv4]+counts[format.FDIPv6]+counts[format.FDIPv4Server]+counts[format.FDIPv6Server] == 0 {
		t.Errorf("fd types %v: want unix and inet sockets", counts)
	}
}

func itoa(p uint16) string { return strconv.Itoa(int(p)) }

// TestNumberingWithNewerTypes: sample.scap opens with 95 useradded
// and groupadded events. sysdig 0.29.3 (libs of March 2022) does not know
// these types, skips them and numbers the next event 1; current libs know
// and number them, and so does this reader.
func TestNumberingWithNewerTypes(t *testing.T) {
	r, err := Open("testdata/sample.scap")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	evs := readAll(t, r)
	if evs[0].Type.String() != "useradded" || evs[34].Type.String() != "groupadded" {
		t.Errorf("events 1 and 35 are %s and %s", evs[0].Type, evs[34].Type)
	}
	if evs[95].Type.String() != "scapevent" || evs[95].Num != 96 {
		t.Errorf("event 96 is %d %s, want scapevent", evs[95].Num, evs[95].Type)
	}
	u := &evs[0]
	if v := param(t, u, "name"); len(v.Bytes) == 0 {
		t.Error("useradded without name")
	}
}

func TestGenericSyscallName(t *testing.T) {
	tests := []struct {
		id, native uint16
		want       string
	}{
		{75, 10, "mprotect"},
		{0, 221, "fadvise64"}, // cat_write.scap event 201; current libs resolve it so
		{0, 0, "read"},
		{0, 60000, "unknown"},
		{60000, 60000, "unknown"},
	}
	for _, tt := range tests {
		if got := GenericSyscallName(tt.id, tt.native); got != tt.want {
			t.Errorf("GenericSyscallName(%d, %d) = %q, want %q", tt.id, tt.native, got, tt.want)
		}
	}
}

func TestSyscallName(t *testing.T) {
	tests := []struct {
		id   uint16
		name string
		ok   bool
	}{
		{3, "read", true},
		{75, "mprotect", true},
		{0, "unknown", true},
		{65535, "", false},
	}
	for _, tt := range tests {
		name, ok := SyscallName(tt.id)
		if name != tt.name || ok != tt.ok {
			t.Errorf("SyscallName(%d) = %q, %v; want %q, %v", tt.id, name, ok, tt.name, tt.ok)
		}
	}
}

// blockWith returns a copy of blocks with block i replaced.
func blockWith(blocks []scapfile.Block, i int, b []byte) []scapfile.Block {
	out := append([]scapfile.Block(nil), blocks...)
	out[i] = b
	return out
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }

// damaged is a case of TestDamaged.
type damaged struct {
	name     string
	data     func() []byte
	openErr  error // error from NewReader
	readErr  error // error from ReadInto
	block    int64
	offset   int64
	warn     error // expected warning sentinel
	events   int   // events read before the error or EOF; -1: don't check
	contains string
}

// TestDamaged feeds damaged captures and checks the error or warning: its
// sentinel, block number and offset.
func TestDamaged(t *testing.T) {
	blocks := fixtureBlocks(t, "cat_write.scap")
	good := scapfile.Concat(blocks)
	firstEv := -1
	offsets := make([]int64, len(blocks))
	var off int64
	for i, b := range blocks {
		offsets[i] = off
		off += int64(len(b))
		if firstEv < 0 && b.IsEvent() {
			firstEv = i
		}
	}
	ev := firstEv + 200 // an event block well inside the stream

	tests := []damaged{
		{name: "empty", data: func() []byte { return nil }, openErr: ErrNotScap, block: -1},
		{name: "not_scap", data: func() []byte { return []byte("hello, world, this is not a capture") }, openErr: ErrNotScap, block: 0},
		{name: "bad_gzip", data: func() []byte { return []byte{0x1f, 0x8b, 1, 2, 3} }, openErr: ErrNotScap, block: -1},
		{name: "big_endian", data: func() []byte {
			b := clone(good)
			binary.BigEndian.PutUint32(b[8:], sectionMagic)
			return b
		}, openErr: ErrUnsupported, block: 0, offset: 8},
		{name: "newer_major", data: func() []byte {
			b := clone(good)
			binary.LittleEndian.PutUint16(b[12:], 2)
			return b
		}, openErr: ErrUnsupported, block: 0, offset: 12, contains: "upgrade"},
		{name: "header_only", data: func() []byte { return clone(blocks[0]) }, events: 0},
		{name: "truncated_in_state", data: func() []byte { return good[:offsets[3]+20] }, openErr: ErrTruncated, block: 3, offset: offsets[3]},
		{name: "truncated_in_header", data: func() []byte { return good[:offsets[3]+5] }, openErr: ErrTruncated, block: 3, offset: offsets[3]},
		{name: "truncated_in_events", data: func() []byte { return good[:offsets[ev]+30] }, readErr: ErrTruncated, block: int64(ev), offset: offsets[ev], events: ev - firstEv},
		{name: "huge_block_length", data: func() []byte {
			b := clone(good)
			binary.LittleEndian.PutUint32(b[offsets[ev]+4:], 0xffffffff)
			return b
		}, readErr: ErrTooLarge, block: int64(ev), offset: offsets[ev], events: ev - firstEv, contains: "4294967295"},
		{name: "length_past_end", data: func() []byte {
			b := clone(good)
			binary.LittleEndian.PutUint32(b[offsets[ev]+4:], 100<<20)
			return b
		}, readErr: ErrTruncated, block: int64(ev), offset: offsets[ev], events: ev - firstEv},
		{name: "tiny_block_length", data: func() []byte {
			b := clone(good)
			binary.LittleEndian.PutUint32(b[offsets[ev]+4:], 4)
			return b
		}, readErr: ErrCorrupt, block: int64(ev), offset: offsets[ev], events: ev - firstEv},
		{name: "trailer_mismatch", data: func() []byte {
			b := clone(good)
			end := offsets[ev] + int64(len(blocks[ev]))
			binary.LittleEndian.PutUint32(b[end-4:], 12345)
			return b
		}, readErr: ErrCorrupt, block: int64(ev), offset: offsets[ev] + int64(len(blocks[ev])) - 4, events: ev - firstEv},
		{name: "event_len_past_block", data: func() []byte {
			bl := clone(blocks[ev])
			binary.LittleEndian.PutUint32(bl[8+2+16:], 60000)
			return scapfile.Concat(blockWith(blocks, ev, bl))
		}, warn: ErrCorrupt, block: int64(ev), offset: offsets[ev], events: len(blocks) - firstEv - 1},
		{name: "param_lengths_wrong", data: func() []byte {
			bl := clone(blocks[ev])
			binary.LittleEndian.PutUint16(bl[8+2+22:], 0xfff0)
			return scapfile.Concat(blockWith(blocks, ev, bl))
		}, warn: ErrCorrupt, block: int64(ev), offset: offsets[ev], events: len(blocks) - firstEv - 1},
		{name: "unknown_event_type", data: func() []byte {
			bl := clone(blocks[ev])
			binary.LittleEndian.PutUint16(bl[8+2+20:], 9999)
			return scapfile.Concat(blockWith(blocks, ev, bl))
		}, warn: ErrSkipped, block: int64(ev), offset: offsets[ev], events: len(blocks) - firstEv - 1},
		{name: "event_type_not_in_catalogue", data: func() []byte {
			bl := clone(blocks[ev])
			binary.LittleEndian.PutUint16(bl[8+2+20:], 93) // PPME_SYSCALL_GETCWD_X
			return scapfile.Concat(blockWith(blocks, ev, bl))
		}, warn: ErrSkipped, block: int64(ev), offset: offsets[ev], events: len(blocks) - firstEv - 1, contains: "getcwd"},
		{name: "unknown_block_type", data: func() []byte {
			bl := clone(blocks[2])
			binary.LittleEndian.PutUint32(bl, 0x7777)
			return scapfile.Concat(blockWith(blocks, 2, bl))
		}, warn: ErrSkipped, block: 2, offset: offsets[2], events: len(blocks) - firstEv},
		{name: "proc_entry_past_block", data: func() []byte {
			i := procBlock(blocks)
			bl := scapfile.Block(clone(blocks[i]))
			// the first entry's comm length (a V6 entry: tid, pid, ptid, sid)
			if bl.Type() != blockProcV6 {
				panic("cat_write.scap should have a V6 process list")
			}
			binary.LittleEndian.PutUint16(bl[8+32:], 0xffff)
			return scapfile.Concat(blockWith(blocks, i, bl))
		}, warn: ErrCorrupt, block: int64(procBlock(blocks)), offset: offsets[procBlock(blocks)] + 8, events: len(blocks) - firstEv},
	}
	for _, tt := range tests {
		for _, ahead := range []int{0, 1} {
			t.Run(fmt.Sprintf("%s/readahead=%d", tt.name, ahead), func(t *testing.T) {
				testDamaged(t, &tt, ahead)
			})
		}
	}
}

// testDamaged runs one case of TestDamaged.
func testDamaged(t *testing.T, tt *damaged, ahead int) {
	var warns []error
	r, err := NewReader(bytes.NewReader(tt.data()), &ReaderOptions{Name: "x.scap", ReadAhead: ahead, OnWarning: func(w error) { warns = append(warns, w) }})
	check := func(err, want error) {
		t.Helper()
		if !errors.Is(err, want) {
			t.Fatalf("error %v, want %v", err, want)
		}
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("error %T is not a *FormatError", err)
		}
		if fe.File != "x.scap" || fe.Block != tt.block || fe.Offset != tt.offset {
			t.Errorf("error at file %q block %d offset %d, want block %d offset %d: %v", fe.File, fe.Block, fe.Offset, tt.block, tt.offset, err)
		}
		if !strings.HasPrefix(err.Error(), "scap: x.scap: ") || !strings.Contains(err.Error(), tt.contains) {
			t.Errorf("message %q", err)
		}
	}
	if tt.openErr != nil {
		check(err, tt.openErr)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev format.Event
	n := 0
	for {
		err = r.ReadInto(&ev)
		if err != nil {
			break
		}
		n++
	}
	if tt.readErr != nil {
		check(err, tt.readErr)
		if again := r.ReadInto(&ev); again != err {
			t.Errorf("error not sticky: %v then %v", err, again)
		}
	} else if err != io.EOF {
		t.Fatalf("ReadInto: %v", err)
	}
	if tt.events >= 0 && n != tt.events {
		t.Errorf("%d events, want %d", n, tt.events)
	}
	if tt.warn != nil {
		if len(warns) != 1 {
			t.Fatalf("warnings %v, want one", warns)
		}
		check(warns[0], tt.warn)
		if kept, total := r.Warnings(); total != 1 || len(kept) != 1 {
			t.Errorf("Warnings() = %v, %d", kept, total)
		}
	} else if len(warns) != 0 {
		t.Errorf("unexpected warnings %v", warns)
	}
}

func procBlock(blocks []scapfile.Block) int {
	for i, b := range blocks {
		if procVersion(b.Type()) != 0 {
			return i
		}
	}
	return -1
}

// TestConcatenated reads two captures appended to each other (sysdig can
// write such files): the second section's events follow the first's, its
// state blocks are skipped with a warning per block type.
func TestConcatenated(t *testing.T) {
	blocks := fixtureBlocks(t, "test_ipv6_client.scap")
	data := scapfile.Concat(append(append([]scapfile.Block(nil), blocks...), blocks...))
	for _, ahead := range []int{0, 2} {
		t.Run(fmt.Sprintf("readahead=%d", ahead), func(t *testing.T) {
			var warns []error
			r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: ahead, OnWarning: func(w error) { warns = append(warns, w) }})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			evs := readAll(t, r)
			if len(evs) != 2*326 || evs[len(evs)-1].Num != 2*326 {
				t.Errorf("%d events, last %d", len(evs), evs[len(evs)-1].Num)
			}
			types := map[uint32]bool{}
			for _, b := range blocks {
				if !b.IsEvent() {
					types[b.Type()] = true
				}
			}
			if len(warns) != len(types) {
				t.Errorf("%d warnings for %d kinds of state block: %v", len(warns), len(types), warns)
			}
			for _, w := range warns {
				if !errors.Is(w, ErrSkipped) {
					t.Errorf("warning %v", w)
				}
			}
		})
	}
}

// withLayout rewrites a capture's event blocks as block type typ: the
// flags layouts get 4 bytes of flags after the CPU number.
func withLayout(blocks []scapfile.Block, typ uint32) []byte {
	var out []scapfile.Block
	for _, b := range blocks {
		if !b.IsEvent() {
			out = append(out, b)
			continue
		}
		body := b[8 : len(b)-4]
		var nb []byte
		nb = binary.LittleEndian.AppendUint32(nb, typ)
		nb = binary.LittleEndian.AppendUint32(nb, 0)
		nb = append(nb, body[:2]...)
		if flags, _ := eventBlockLayout(typ); flags {
			nb = binary.LittleEndian.AppendUint32(nb, 0xdeadbeef)
		}
		nb = append(nb, body[2:]...)
		nb = binary.LittleEndian.AppendUint32(nb, uint32(len(nb)+4))
		binary.LittleEndian.PutUint32(nb[4:], uint32(len(nb)))
		out = append(out, nb)
	}
	return scapfile.Concat(out)
}

// TestEventBlockLayouts reads the same events from every event block type.
func TestEventBlockLayouts(t *testing.T) {
	tests := []struct {
		fixture string
		types   []uint32
	}{
		{"cat_write.scap", []uint32{blockEvent, blockEventInt, blockEventFlags}},
		{"empty.scap", []uint32{blockEventV2, blockEventV2Large, blockEventFlagsV2, blockEventFlagsV2L}},
	}
	for _, tt := range tests {
		blocks := fixtureBlocks(t, tt.fixture)
		r, err := NewReader(bytes.NewReader(scapfile.Concat(blocks)), nil)
		if err != nil {
			t.Fatal(err)
		}
		want := readAll(t, r)
		for _, typ := range tt.types {
			t.Run(fmt.Sprintf("%s/%#x", tt.fixture, typ), func(t *testing.T) {
				r, err := NewReader(bytes.NewReader(withLayout(blocks, typ)), nil)
				if err != nil {
					t.Fatal(err)
				}
				got := readAll(t, r)
				if len(got) != len(want) {
					t.Fatalf("%d events, want %d", len(got), len(want))
				}
				for i := range want {
					w, g := &want[i], &got[i]
					if w.Num != g.Num || w.Type != g.Type || w.Has != g.Has || w.Time != g.Time || w.CPU != g.CPU {
						t.Fatalf("event %d differs: %+v vs %+v", i, g, w)
					}
				}
				if _, n := r.Warnings(); n != 0 {
					t.Errorf("%d warnings", n)
				}
			})
		}
	}
}

// TestEnterArgsSurviveBufferMoves puts more than a read buffer of other
// events between an enter event and its exit, so that the read buffer
// moves the enter event's bytes in between: the exit must still get them.
func TestEnterArgsSurviveBufferMoves(t *testing.T) {
	blocks := fixtureBlocks(t, "test_ipv6_client.scap")
	// Event 224 is a sendto enter with a tuple; 225 its exit, which has
	// no tuple of its own. Find their blocks and a procinfo block (which
	// leaves pending enter events alone) to pad with.
	var exit, pad int
	n := 0
	for i, b := range blocks {
		if !b.IsEvent() {
			continue
		}
		n++
		switch {
		case n == 225:
			exit = i
		case pad == 0 && binary.LittleEndian.Uint16(b[8+2+20:]) == 234: // PPME_PROCINFO_E
			pad = i
		}
	}
	var out []scapfile.Block
	out = append(out, blocks[:exit]...)
	for size := 0; size < 3*bufSize; size += len(blocks[pad]) {
		out = append(out, blocks[pad])
	}
	out = append(out, blocks[exit:]...)
	want := readAll(t, mustReader(t, scapfile.Concat(blocks), 0))
	for _, ahead := range []int{0, 2} {
		t.Run(fmt.Sprintf("readahead=%d", ahead), func(t *testing.T) {
			got := readAll(t, mustReader(t, scapfile.Concat(out), ahead))
			var w, g *format.Event
			for i := range want {
				if want[i].Num == 225 {
					w = &want[i]
				}
			}
			for i := range got {
				if got[i].Type == w.Type && got[i].Dir == format.DirExit && got[i].Time == w.Time {
					g = &got[i]
				}
			}
			if g == nil {
				t.Fatal("exit event not found")
			}
			ti := w.Type.Info().Param("tuple")
			wt, _ := w.Param(ti)
			gt, ok := g.Param(ti)
			if !ok || !bytes.Equal(gt.Bytes, wt.Bytes) || len(wt.Bytes) == 0 {
				t.Errorf("exit tuple %q, want %q", gt.Bytes, wt.Bytes)
			}
		})
	}
}

func mustReader(t *testing.T, data []byte, ahead int) *Reader {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: ahead})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestReadBatch reads captures in batches and checks every event of each
// batch, after the batch is complete, against ReadInto's.
func TestReadBatch(t *testing.T) {
	data := repeated(t, "curl_google.scap", 6) // several read buffers
	want := readAll(t, mustReader(t, data, 0))
	for _, ahead := range []int{0, 2} {
		for _, size := range []int{1, 7, 4096} {
			t.Run(fmt.Sprintf("readahead=%d/batch=%d", ahead, size), func(t *testing.T) {
				r := mustReader(t, data, ahead)
				evs := make([]format.Event, size)
				i := 0
				for {
					n, err := r.ReadBatch(evs)
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
					if n == 0 || n > size {
						t.Fatalf("batch of %d", n)
					}
					for j := range n {
						if !sameEvent(&evs[j], &want[i]) {
							t.Fatalf("event %d (batch position %d) differs after its batch was read:\n got %+v\nwant %+v", i, j, evs[j], want[i])
						}
						i++
					}
				}
				if i != len(want) {
					t.Errorf("%d events, want %d", i, len(want))
				}
			})
		}
	}
	t.Run("error_after_events", func(t *testing.T) {
		r := mustReader(t, data[:len(data)-30], 0)
		evs := make([]format.Event, 4096)
		total := 0
		var err error
		for {
			var n int
			n, err = r.ReadBatch(evs)
			total += n
			if err != nil {
				break
			}
		}
		if !errors.Is(err, ErrTruncated) || total != len(want)-1 {
			t.Errorf("%d events then %v", total, err)
		}
	})
}

// sameEvent compares two events, parameter bytes included.
func sameEvent(a, b *format.Event) bool {
	if a.Num != b.Num || a.Time != b.Time || a.Type != b.Type || a.Dir != b.Dir || a.TID != b.TID || a.CPU != b.CPU || a.Has != b.Has {
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

func TestGzipAndPlainAgree(t *testing.T) {
	gz, err := os.ReadFile("testdata/test_ipv6_client.scap")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := scapfile.Decompress(gz)
	if err != nil {
		t.Fatal(err)
	}
	var got [2][]format.Event
	for i, data := range [][]byte{gz, plain} {
		r, err := NewReader(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = readAll(t, r)
		if st := r.Stats(); st.Bytes != int64(len(plain)) || st.Events != uint64(len(got[i])) {
			t.Errorf("stats %+v for %d bytes", st, len(plain))
		}
	}
	if len(got[0]) != len(got[1]) {
		t.Fatalf("%d vs %d events", len(got[0]), len(got[1]))
	}
	for i := range got[0] {
		a, b := &got[0][i], &got[1][i]
		if a.Num != b.Num || a.Type != b.Type || a.Has != b.Has || a.Time != b.Time {
			t.Fatalf("event %d differs", i)
		}
	}
}

func TestLargeStateBlock(t *testing.T) {
	// A process list block larger than the read buffer goes through the
	// long-block path; build one by padding an entry list with a V9
	// entry of a large env.
	blocks := fixtureBlocks(t, "empty.scap")
	i := procBlock(blocks)
	if blocks[i].Type() != blockProcV9 {
		t.Fatalf("proc block type %#x", blocks[i].Type())
	}
	// V9 entries start with their length; the block ends with padding.
	entries := blocks[i][8 : len(blocks[i])-4]
	n := 0
	for n+4 <= len(entries) {
		n += int(binary.LittleEndian.Uint32(entries[n:]))
	}
	entries = entries[:n]
	var body []byte
	for len(body) < 3*bufSize {
		body = append(body, entries...)
	}
	bl := make([]byte, 8, len(body)+12)
	binary.LittleEndian.PutUint32(bl, blockProcV9)
	binary.LittleEndian.PutUint32(bl[4:], uint32(len(body)+12))
	bl = append(bl, body...)
	bl = binary.LittleEndian.AppendUint32(bl, uint32(len(body)+12))
	r, err := NewReader(bytes.NewReader(scapfile.Concat(blockWith(blocks, i, bl))), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if n := len(r.Snapshot().Threads); n < 3*218 || n%218 != 0 {
		t.Errorf("%d threads, want a multiple of 218", n)
	}
	if w, n := r.Warnings(); n != 0 {
		t.Errorf("warnings: %v", w)
	}
	if len(readAll(t, r)) != 143 {
		t.Error("events lost")
	}
	// And a limit below the block's size refuses it.
	_, err = NewReader(bytes.NewReader(scapfile.Concat(blockWith(blocks, i, bl))), &ReaderOptions{MaxBlockSize: bufSize})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("with MaxBlockSize: %v", err)
	}
}

func TestOptionsValidated(t *testing.T) {
	if _, err := NewReader(bytes.NewReader(nil), &ReaderOptions{MaxBlockSize: -1}); err == nil {
		t.Error("negative MaxBlockSize accepted")
	}
}

func TestClose(t *testing.T) {
	r, err := Open("testdata/cat_write.scap")
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.ReadInto(&format.Event{}); !errors.Is(err, ErrClosed) {
		t.Errorf("ReadInto after Close: %v", err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := Open("testdata/no-such-file.scap"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Open missing file: %v", err)
	}
}

// repeated returns an uncompressed capture of the fixture's blocks with
// its events repeated rounds times.
func repeated(t testing.TB, name string, rounds int) []byte {
	blocks := fixtureBlocks(t, name)
	var head, evs []scapfile.Block
	for _, b := range blocks {
		if b.IsEvent() {
			evs = append(evs, b)
		} else {
			head = append(head, b)
		}
	}
	var buf bytes.Buffer
	if _, err := scapfile.Repeat(&buf, head, evs, rounds*len(evs)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadIntoDoesNotAllocate(t *testing.T) {
	for _, ahead := range []int{0, 2} {
		t.Run(fmt.Sprintf("readahead=%d", ahead), func(t *testing.T) { testNoAllocs(t, ahead) })
	}
}

func testNoAllocs(t *testing.T, ahead int) {
	data := repeated(t, "curl_google.scap", 4)
	r, err := NewReader(bytes.NewReader(data), &ReaderOptions{ReadAhead: ahead})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev format.Event
	// The first round meets every thread once (a pending-enter slot each).
	for range 1536 {
		if err := r.ReadInto(&ev); err != nil {
			t.Fatal(err)
		}
	}
	allocs := testing.AllocsPerRun(2000, func() {
		if err := r.ReadInto(&ev); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%.2f allocations per event", allocs)
	}
}

func TestManyThreads(t *testing.T) {
	data := repeated(t, "curl_google.scap", 1)
	var warns []error
	r, err := NewReader(bytes.NewReader(data), &ReaderOptions{MaxThreads: 1, OnWarning: func(w error) { warns = append(warns, w) }})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(readAll(t, r)); n != 1536 {
		t.Errorf("%d events", n)
	}
	if len(warns) != 1 || !errors.Is(warns[0], ErrSkipped) {
		t.Errorf("warnings %v", warns)
	}
}
