//go:build linux

package record

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/netip"
	"testing"
	"unsafe"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/probe"
)

// rawRecord lays out a record as the probe writes it (bpf/probe.h).
func rawRecord(h probe.Header, blobs ...tagged) []byte {
	hs := int(unsafe.Sizeof(h))
	out := make([]byte, hs)
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
	*(*probe.Header)(unsafe.Pointer(&out[0])) = h
	return out
}

type tagged struct {
	tag  probe.Tag
	data []byte
}

func structBytes[T any](v *T) []byte {
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))...)
}

func sockaddrIn(ip [4]byte, port uint16) []byte {
	b := binary.LittleEndian.AppendUint16(nil, 2)
	b = binary.BigEndian.AppendUint16(b, port)
	return append(append(b, ip[:]...), make([]byte, 8)...)
}

func inetSock(local, remote [4]byte, lport, rport uint16) []byte {
	si := probe.SockInfo{Family: 2, Lport: lport, Rport: rport, Proto: 6, Type: 1, Sk: 0xffff0001}
	copy(si.Laddr[:], local[:])
	copy(si.Raddr[:], remote[:])
	return structBytes(&si)
}

func unixSock(local, peer uint64, lpath, rpath string) []byte {
	si := probe.SockInfo{Family: 1, Sk: local, Peer: peer, LpathLen: uint16(len(lpath)), RpathLen: uint16(len(rpath))}
	for i := range lpath {
		si.Lpath[i] = int8(lpath[i])
	}
	for i := range rpath {
		si.Rpath[i] = int8(rpath[i])
	}
	return structBytes(&si)
}

func nr(name string) uint16 {
	a := probe.ArchByName("amd64")
	for _, s := range a.Syscalls() {
		if s.Name == name {
			return uint16(a.NR(s))
		}
	}
	panic("no syscall " + name)
}

func tupleBytes(st format.SockTuple) string { return string(format.AppendSockTuple(nil, st)) }

var lo = netip.MustParseAddr("127.0.0.1")

func TestConvert(t *testing.T) {
	const bootOffset = 1_700_000_000_000_000_000
	proc := probe.ProcInfo{Ppid: 1, Vtid: 7, Vpid: 7, Euid: 1000, Egid: 1000, Uid: 1001, Gid: 1002, Sid: 5,
		ExeFlags: probe.ExeFromMemfd, PidnsInitStart: 42, CapEffective: 0x3}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&proc.Comm[0])), 16), "bash")
	fork := proc
	fork.Vtid = 1 // the child is pid 1 of a new pid namespace

	tests := []struct {
		name  string
		raw   []byte
		typ   format.EventType
		want  map[string]any // int64 or string
		nowNo []string       // parameters that must be absent
	}{
		{
			name: "openat created file",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("openat"), Tid: 7, Pid: 7, Ret: 3, Ts: 5,
				Args: [6]uint64{uint64(0xffffffffffffff9c), 0, 0o1101, 0o644}},
				tagged{probe.TagStr1, []byte("/etc/shadow")},
				tagged{probe.TagFile, structBytes(&probe.FileInfo{Ino: 99, Dev: 0x801, Flags: probe.FileCreated | probe.FileUpperLayer})}),
			typ: format.EvOpenat,
			want: map[string]any{"fd": int64(3), "dirfd": int64(-100), "name": "/etc/shadow",
				"flags": int64(2 | 4 | 256 | 1<<14 | 1<<15), "mode": int64(0o644), "ino": int64(99), "dev": int64(0x801)},
		},
		{
			name: "open read-only directory",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("open"), Ret: -2, Args: [6]uint64{0, 0o2200000}},
				tagged{probe.TagStr0, []byte("/nope")}),
			typ:   format.EvOpen,
			want:  map[string]any{"fd": int64(-2), "name": "/nope", "flags": int64(1 | 1<<10 | 1<<12)},
			nowNo: []string{"ino", "dev"},
		},
		{
			name: "connect ipv4",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("connect"), Ret: -115, Args: [6]uint64{4}},
				tagged{probe.TagSock, inetSock([4]byte{127, 0, 0, 1}, [4]byte{127, 0, 0, 1}, 40000, 8080)},
				tagged{probe.TagSockaddr, sockaddrIn([4]byte{127, 0, 0, 1}, 8080)}),
			typ: format.EvConnect,
			want: map[string]any{"res": int64(-115), "fd": int64(4),
				"tuple": tupleBytes(format.SockTuple{Family: format.AFInet, SrcAddr: lo, SrcPort: 40000, DstAddr: lo, DstPort: 8080}),
				"addr":  string(format.AppendSockAddr(nil, format.SockAddr{Family: format.AFInet, Addr: lo, Port: 8080}))},
		},
		{
			name: "accept ipv4 is inbound",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("accept4"), Ret: 5, Args: [6]uint64{3, 0, 0, 0x80000}},
				tagged{probe.TagSock, inetSock([4]byte{127, 0, 0, 1}, [4]byte{127, 0, 0, 1}, 8080, 40000)},
				tagged{probe.TagSockListen, structBytes(&probe.SockInfo{Family: 2, AckBacklog: 1, MaxAckBacklog: 4})}),
			typ: format.EvAccept4,
			want: map[string]any{"fd": int64(5), "flags": int64(0x80000), "queuelen": int64(1), "queuemax": int64(4), "queuepct": int64(25),
				"tuple": tupleBytes(format.SockTuple{Family: format.AFInet, SrcAddr: lo, SrcPort: 40000, DstAddr: lo, DstPort: 8080})},
		},
		{
			name: "unconnected udp sendto takes the destination from the address",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("sendto"), Ret: 3, Args: [6]uint64{4, 0, 3}},
				tagged{probe.TagSock, inetSock([4]byte{0, 0, 0, 0}, [4]byte{}, 5353, 0)},
				tagged{probe.TagSockaddr, sockaddrIn([4]byte{10, 1, 2, 3}, 53)},
				tagged{probe.TagData, []byte("abc")}),
			typ: format.EvSendto,
			want: map[string]any{"data": "abc", "size": int64(3),
				"tuple": tupleBytes(format.SockTuple{Family: format.AFInet, SrcAddr: netip.IPv4Unspecified(), SrcPort: 5353, DstAddr: netip.MustParseAddr("10.1.2.3"), DstPort: 53})},
		},
		{
			name: "unix connect",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("connect"), Args: [6]uint64{4}},
				tagged{probe.TagSock, unixSock(0xa, 0xb, "", "/run/x.sock")}),
			typ:  format.EvConnect,
			want: map[string]any{"tuple": tupleBytes(format.SockTuple{Family: format.AFUnix, SrcPtr: 0xb, DstPtr: 0xa, Path: "/run/x.sock"})},
		},
		{
			name: "unix accept, abstract name",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("accept"), Ret: 6},
				tagged{probe.TagSock, unixSock(0xa, 0xb, "\x00abstract", "")}),
			typ:  format.EvAccept,
			want: map[string]any{"tuple": tupleBytes(format.SockTuple{Family: format.AFUnix, SrcPtr: 0xa, DstPtr: 0xb, Path: "abstract"})},
		},
		{
			name: "bind unix path",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("bind"), Args: [6]uint64{3}},
				tagged{probe.TagSockaddr, append([]byte{1, 0}, "/tmp/s\x00\x00"...)}),
			typ:  format.EvBind,
			want: map[string]any{"fd": int64(3), "addr": string(format.AppendSockAddr(nil, format.SockAddr{Family: format.AFUnix, Path: "/tmp/s"}))},
		},
		{
			name: "execve",
			raw: rawRecord(probe.Header{Kind: probe.KindExec, Nr: nr("execve"), Tid: 7, Pid: 7},
				tagged{probe.TagProc, structBytes(&proc)},
				tagged{probe.TagArgs, []byte("bash\x00-c\x00id\x00")},
				tagged{probe.TagCwd, []byte("/root")},
				tagged{probe.TagExePath, []byte("/memfd:x")},
				tagged{probe.TagFilename, []byte("/proc/self/fd/3")},
				tagged{probe.TagCgroup, []byte("/=/system.slice\x00")},
				tagged{probe.TagEnv, []byte("A=1\x00")}),
			typ: format.EvExecve,
			want: map[string]any{"res": int64(0), "exe": "bash", "args": "-c\x00id\x00", "cwd": "/root", "comm": "bash",
				"trusted_exepath": "/memfd:x", "filename": "/proc/self/fd/3", "env": "A=1\x00", "uid": int64(1000),
				"ruid": int64(1001), "rgid": int64(1002), "sid": int64(5), "flags": int64(probe.ExeFromMemfd),
				"ptid": int64(1), "tid": int64(7), "pid": int64(7), "cap_effective": int64(3),
				"pidns_init_start_ts": int64(bootOffset + 42), "cgroups": "/=/system.slice\x00"},
		},
		{
			name: "execveat success",
			raw:  rawRecord(probe.Header{Kind: probe.KindExec, Nr: nr("execveat")}, tagged{probe.TagArgs, []byte("x\x00")}),
			typ:  format.EvExecveat,
			want: map[string]any{"exe": "x", "args": ""},
		},
		{
			name: "vfork child in a pid namespace",
			raw: rawRecord(probe.Header{Kind: probe.KindForkChild, Nr: nr("vfork"), Tid: 9, Pid: 9},
				tagged{probe.TagProc, structBytes(&fork)}),
			typ:  format.EvVfork,
			want: map[string]any{"res": int64(0), "flags": int64(1<<15 | 1<<27 | 1<<29), "vtid": int64(1)},
		},
		{
			name: "clone3 flags from clone_args",
			raw: rawRecord(probe.Header{Kind: probe.KindForkChild, Nr: nr("clone3"), Tid: 7},
				tagged{probe.TagProc, structBytes(&proc)},
				tagged{probe.TagUStruct, binary.LittleEndian.AppendUint64(nil, 0x00010000|0x00000100)}),
			typ:  format.EvClone3,
			want: map[string]any{"flags": int64(1<<13 | 1<<15)},
		},
		{
			name: "procexit killed by a signal",
			raw:  rawRecord(probe.Header{Kind: probe.KindExit, Ret: 0x89}),
			typ:  format.EvProcexit,
			want: map[string]any{"status": int64(0x89), "sig": int64(9), "core": int64(1), "ret": int64(0)},
		},
		{
			name: "procexit with status 3",
			raw:  rawRecord(probe.Header{Kind: probe.KindExit, Ret: 3 << 8}),
			typ:  format.EvProcexit,
			want: map[string]any{"ret": int64(3), "sig": int64(0)},
		},
		{
			name: "mount strips the magic",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("mount"), Args: [6]uint64{0, 0, 0, 0xC0ED0000 | 0x1000}},
				tagged{probe.TagStr0, []byte("none")}, tagged{probe.TagStr1, []byte("/mnt")}, tagged{probe.TagStr2, nil}),
			typ:  format.EvMount,
			want: map[string]any{"flags": int64(0x1000), "dev": "none", "dir": "/mnt", "type": ""},
		},
		{
			name: "ptrace request",
			raw:  rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("ptrace"), Args: [6]uint64{0x4206, 77}}),
			typ:  format.EvPtrace,
			want: map[string]any{"request": int64(20), "pid": int64(77)},
		},
		{
			name: "openat2 how",
			raw: rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("openat2"), Ret: 3},
				tagged{probe.TagUStruct, binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(binary.LittleEndian.AppendUint64(nil, 0o2), 0o600), 0x04|0x08)}),
			typ:  format.EvOpenat2,
			want: map[string]any{"flags": int64(3), "mode": int64(0o600), "resolve": int64(1<<3 | 1<<0)},
		},
		{
			name: "setns flags",
			raw:  rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("setns"), Args: [6]uint64{5, 0x40000000}}),
			typ:  format.EvSetns,
			want: map[string]any{"fd": int64(5), "nstype": int64(1 << 4)},
		},
	}
	c := newConverter(probe.ArchByName("amd64"), bootOffset)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var rec probe.Record
			if err := rec.Parse(tc.raw); err != nil {
				t.Fatal(err)
			}
			var ev format.Event
			if !c.convert(&rec, &ev) {
				t.Fatal("convert refused the record")
			}
			if ev.Type != tc.typ || ev.Dir != format.DirExit {
				t.Fatalf("event %s %s, want %s <", ev.Type, ev.Dir, tc.typ)
			}
			for name, want := range tc.want {
				v, ok := ev.Param(format.MustParam(ev.Type, name))
				if !ok {
					t.Errorf("%s absent", name)
					continue
				}
				switch w := want.(type) {
				case int64:
					if v.Int != w {
						t.Errorf("%s = %d (%#x), want %d (%#x)", name, v.Int, v.Int, w, w)
					}
				case string:
					if !bytes.Equal(v.Bytes, []byte(w)) {
						t.Errorf("%s = %q, want %q", name, v.Bytes, w)
					}
				}
			}
			for _, name := range tc.nowNo {
				if _, ok := ev.Param(format.MustParam(ev.Type, name)); ok {
					t.Errorf("%s present", name)
				}
			}
		})
	}
	t.Run("time", func(t *testing.T) {
		var rec probe.Record
		rec.Parse(rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("close"), Ts: 1000, Cpu: 1, Tid: 3, Pid: 2}))
		var ev format.Event
		c.convert(&rec, &ev)
		if ev.Time != bootOffset+1000 || ev.CPU != 1 || ev.TID != 3 || ev.PID != 2 {
			t.Errorf("time %d cpu %d tid %d pid %d", ev.Time, ev.CPU, ev.TID, ev.PID)
		}
	})
	t.Run("unknown syscall", func(t *testing.T) {
		var rec probe.Record
		rec.Parse(rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: 39 /* getpid */}))
		var ev format.Event
		if c.convert(&rec, &ev) {
			t.Errorf("converted an unknown syscall to %s", ev.Type)
		}
	})
}

func TestOpenFlagsByArch(t *testing.T) {
	tests := []struct {
		arch string
		raw  uint64
		want uint64
	}{
		{"amd64", 0, 1},
		{"amd64", 0o1, 2},
		{"amd64", 0o2 | 0o100 | 0o200, 3 | 4 | 32},
		{"amd64", 0o200000, 1 | 1<<10},        // O_DIRECTORY on x86
		{"amd64", 0o40000, 1 | 1<<9},          // O_DIRECT on x86
		{"arm64", 0o40000, 1 | 1<<10},         // O_DIRECTORY on arm64
		{"arm64", 0o200000, 1 | 1<<9},         // O_DIRECT on arm64
		{"amd64", 0o4010000, 1 | 1<<7 | 1<<4}, // O_SYNC includes O_DSYNC
		{"amd64", 0o20200000, 1 | 1<<13 | 1<<10},
		{"amd64", 0o2004000, 1 | 1<<12 | 1<<6},
	}
	for _, tc := range tests {
		if got := archFlagsFor(tc.arch).openFlags(tc.raw); got != tc.want {
			t.Errorf("%s openFlags(%#o) = %#x, want %#x", tc.arch, tc.raw, got, tc.want)
		}
	}
}

// BenchmarkConvert measures the conversion of a typical record, which must
// not allocate.
func BenchmarkConvert(b *testing.B) {
	c := newConverter(probe.ArchByName("amd64"), 0)
	raws := [][]byte{
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("openat"), Ret: 3, Args: [6]uint64{uint64(0xffffffffffffff9c), 0, 0}},
			tagged{probe.TagStr1, []byte("/usr/lib/x86_64-linux-gnu/libc.so.6")},
			tagged{probe.TagFile, structBytes(&probe.FileInfo{Ino: 1})}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("read"), Ret: 4096, Args: [6]uint64{3, 0, 4096}}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("connect"), Args: [6]uint64{4}},
			tagged{probe.TagSock, inetSock([4]byte{127, 0, 0, 1}, [4]byte{127, 0, 0, 1}, 40000, 8080)},
			tagged{probe.TagSockaddr, sockaddrIn([4]byte{127, 0, 0, 1}, 8080)}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("close"), Args: [6]uint64{3}}),
	}
	recs := make([]probe.Record, len(raws))
	for i := range raws {
		if err := recs[i].Parse(raws[i]); err != nil {
			b.Fatal(err)
		}
	}
	var ev format.Event
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		c.convert(&recs[n%len(recs)], &ev)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkConvertAndWrite is the recorder's per-event work after the ring
// buffer: conversion, encoding and compression into a capture.
func BenchmarkConvertAndWrite(b *testing.B) {
	c := newConverter(probe.ArchByName("amd64"), 0)
	proc := probe.ProcInfo{Vtid: 1}
	raws := [][]byte{
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("openat"), Ret: 3, Args: [6]uint64{uint64(0xffffffffffffff9c), 0, 0}},
			tagged{probe.TagStr1, []byte("/usr/lib/x86_64-linux-gnu/libc.so.6")},
			tagged{probe.TagFile, structBytes(&probe.FileInfo{Ino: 1})}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("read"), Ret: 4096, Args: [6]uint64{3, 0, 4096}}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("close"), Args: [6]uint64{3}}),
		rawRecord(probe.Header{Kind: probe.KindSyscall, Nr: nr("read"), Ret: 0, Args: [6]uint64{3, 0, 4096}}),
		rawRecord(probe.Header{Kind: probe.KindExec, Nr: nr("execve")}, tagged{probe.TagProc, structBytes(&proc)},
			tagged{probe.TagArgs, []byte("/bin/true\x00")}, tagged{probe.TagCwd, []byte("/tmp")}),
	}
	recs := make([]probe.Record, len(raws))
	for i := range raws {
		if err := recs[i].Parse(raws[i]); err != nil {
			b.Fatal(err)
		}
	}
	w, err := format.NewWriter(io.Discard, &format.Header{}, &format.Snapshot{}, nil)
	if err != nil {
		b.Fatal(err)
	}
	var ev format.Event
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		c.convert(&recs[n%len(recs)], &ev)
		if err := w.WriteEvent(&ev); err != nil {
			b.Fatal(err)
		}
		n++
	}
	w.Close()
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
