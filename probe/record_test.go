//go:build linux

package probe

import (
	"encoding/binary"
	"errors"
	"testing"
	"unsafe"
)

// buildRecord lays out a record as the probe writes it: header, then each
// blob's header and data padded to 8 bytes.
func buildRecord(h Header, blobs ...blob) []byte {
	out := make([]byte, headerSize)
	for _, b := range blobs {
		out = binary.LittleEndian.AppendUint16(out, uint16(b.tag))
		out = binary.LittleEndian.AppendUint16(out, uint16(len(b.data)))
		out = append(out, 0, 0, 0, 0)
		out = append(out, b.data...)
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
	}
	h.Len = uint32(len(out))
	h.Nblobs = uint16(len(blobs))
	*(*Header)(unsafe.Pointer(&out[0])) = h
	return out
}

type blob struct {
	tag  Tag
	data []byte
}

func TestRecordParse(t *testing.T) {
	good := buildRecord(Header{Kind: KindSyscall, Nr: 257, Tid: 7, Pid: 7, Ret: 3},
		blob{TagStr1, []byte("/etc/passwd")}, blob{TagFile, make([]byte, 16)})
	tests := []struct {
		name    string
		raw     []byte
		wantErr bool
	}{
		{"valid", good, false},
		{"no blobs", buildRecord(Header{Kind: KindExit}), false},
		{"empty", nil, true},
		{"short header", good[:headerSize-1], true},
		{"length beyond data", good[:len(good)-8], true},
		{"too many blobs", func() []byte {
			b := append([]byte(nil), good...)
			(*Header)(unsafe.Pointer(&b[0])).Nblobs = maxBlobs + 1
			return b
		}(), true},
		{"blob beyond record", func() []byte {
			b := append([]byte(nil), good...)
			binary.LittleEndian.PutUint16(b[headerSize+2:], 4000)
			return b
		}(), true},
		{"misaligned copy", append([]byte{0}, good...)[1:], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var r Record
			err := r.Parse(tc.raw)
			if tc.wantErr {
				if !errors.Is(err, ErrBadRecord) {
					t.Fatalf("Parse: %v, want ErrBadRecord", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
		})
	}

	var r Record
	if err := r.Parse(good); err != nil {
		t.Fatal(err)
	}
	if h := r.Header(); h.Nr != 257 || h.Ret != 3 || h.Tid != 7 {
		t.Errorf("header %+v", h)
	}
	if b, ok := r.Blob(TagStr1); !ok || string(b) != "/etc/passwd" {
		t.Errorf("TagStr1 = %q, %v", b, ok)
	}
	if _, ok := r.File(); !ok {
		t.Error("no file blob")
	}
	if _, ok := r.Proc(); ok {
		t.Error("proc blob found in a record without one")
	}
	if _, ok := r.Blob(TagStr0); ok {
		t.Error("TagStr0 found")
	}
}

// FuzzRecordParse feeds arbitrary bytes to Parse and the accessors: they
// must never panic or return slices beyond the record.
func FuzzRecordParse(f *testing.F) {
	f.Add(buildRecord(Header{Kind: KindSyscall, Nr: 2}, blob{TagStr0, []byte("/tmp/x")}))
	f.Add(buildRecord(Header{Kind: KindExec}, blob{TagProc, make([]byte, unsafe.Sizeof(ProcInfo{}))},
		blob{TagArgs, []byte("sh\x00-c\x00")}, blob{TagCwd, []byte("/")}))
	f.Add(buildRecord(Header{Kind: KindSyscall}, blob{TagSock, make([]byte, 10)}))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var r Record
		if r.Parse(raw) != nil {
			return
		}
		h := r.Header()
		for tag := Tag(0); tag < 32; tag++ {
			if b, ok := r.Blob(tag); ok && len(b) > int(h.Len) {
				t.Fatalf("blob %d of %d bytes in a record of %d", tag, len(b), h.Len)
			}
		}
		r.Proc()
		r.Sock(TagSock)
		r.Sock(TagSockListen)
		r.File()
		r.FDPair()
	})
}
