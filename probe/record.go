//go:build linux

package probe

import (
	"errors"
	"unsafe"
)

// Record kinds, as Record.Header().Kind.
const (
	KindSyscall   = uint16(bpfRecordKindKIND_SYSCALL)    // a syscall's exit
	KindExec      = uint16(bpfRecordKindKIND_EXEC)       // a successful execve/execveat
	KindForkChild = uint16(bpfRecordKindKIND_FORK_CHILD) // the child side of clone/fork/vfork
	KindExit      = uint16(bpfRecordKindKIND_EXIT)       // a thread exited
)

// Tag identifies a blob in a record.
type Tag uint16

// Blob tags; see bpf/probe.h for what each holds.
const (
	TagStr0       = Tag(bpfBlobTagTAG_STR0)
	TagStr1       = Tag(bpfBlobTagTAG_STR1)
	TagStr2       = Tag(bpfBlobTagTAG_STR2)
	TagStr3       = Tag(bpfBlobTagTAG_STR3)
	TagData       = Tag(bpfBlobTagTAG_DATA)
	TagSockaddr   = Tag(bpfBlobTagTAG_SOCKADDR)
	TagSock       = Tag(bpfBlobTagTAG_SOCK)
	TagSockListen = Tag(bpfBlobTagTAG_SOCK_LISTEN)
	TagFile       = Tag(bpfBlobTagTAG_FILE)
	TagFDPair     = Tag(bpfBlobTagTAG_FDPAIR)
	TagProc       = Tag(bpfBlobTagTAG_PROC)
	TagArgs       = Tag(bpfBlobTagTAG_ARGS)
	TagEnv        = Tag(bpfBlobTagTAG_ENV)
	TagCwd        = Tag(bpfBlobTagTAG_CWD)
	TagExePath    = Tag(bpfBlobTagTAG_EXEPATH)
	TagFilename   = Tag(bpfBlobTagTAG_FILENAME)
	TagCgroup     = Tag(bpfBlobTagTAG_CGROUP)
	TagUStruct    = Tag(bpfBlobTagTAG_USTRUCT)
)

// File and exe flags, as FileInfo.Flags and ProcInfo.ExeFlags.
const (
	FileUpperLayer = uint32(bpfFileFlagFILE_UPPER_LAYER)
	FileLowerLayer = uint32(bpfFileFlagFILE_LOWER_LAYER)
	FileCreated    = uint32(bpfFileFlagFILE_CREATED)

	ExeWritable   = uint32(bpfExeFlagEXE_WRITABLE)
	ExeUpperLayer = uint32(bpfExeFlagEXE_UPPER_LAYER)
	ExeFromMemfd  = uint32(bpfExeFlagEXE_FROM_MEMFD)
	ExeLowerLayer = uint32(bpfExeFlagEXE_LOWER_LAYER)
)

// The record layouts, generated from bpf/probe.h.
type (
	// Header is the fixed part of every record.
	Header = bpfEventHeader
	// ProcInfo is a task's process context (TagProc).
	ProcInfo = bpfProcInfo
	// SockInfo is a socket as the kernel sees it (TagSock, TagSockListen).
	SockInfo = bpfSockInfo
	// FileInfo is the file behind a returned fd (TagFile).
	FileInfo = bpfFileInfo
	// FDPair is the two fds of pipe and socketpair (TagFDPair).
	FDPair = bpfFdPair
)

// maxBlobs bounds the blobs a record may carry.
const maxBlobs = 16

var (
	headerSize = int(unsafe.Sizeof(Header{}))
	blobHdrLen = int(unsafe.Sizeof(bpfBlobHeader{}))
)

// ErrBadRecord means a ring buffer record does not have the layout of
// bpf/probe.h: the loaded object and this package disagree.
var ErrBadRecord = errors.New("probe: malformed record")

// Record is one record read from the ring buffer. Its slices point into a
// buffer that is reused by the next Read.
//
// A Record is not safe for concurrent use.
type Record struct {
	raw     []byte
	aligned []byte // copy of a misaligned raw
	n       int
	blobs   [maxBlobs]struct {
		tag      Tag
		off, len int
	}
}

// Parse makes r the record in raw, as the ring buffer holds it (see
// bpf/probe.h), checking its layout. r keeps raw (or a copy, when raw is
// not 8-byte aligned) until the next Parse.
func (r *Record) Parse(raw []byte) error {
	if len(raw) > 0 && uintptr(unsafe.Pointer(&raw[0]))%8 != 0 {
		r.aligned = append(alignedBuf(r.aligned, len(raw)), raw...)
		raw = r.aligned
	}
	r.raw = raw
	r.n = 0
	if len(raw) < headerSize {
		return ErrBadRecord
	}
	h := r.Header()
	if int(h.Len) > len(raw) || int(h.Len) < headerSize || int(h.Nblobs) > maxBlobs {
		return ErrBadRecord
	}
	off := headerSize
	for i := 0; i < int(h.Nblobs); i++ {
		if off+blobHdrLen > int(h.Len) {
			return ErrBadRecord
		}
		bh := (*bpfBlobHeader)(unsafe.Pointer(&raw[off]))
		start := off + blobHdrLen
		if start+int(bh.Len) > int(h.Len) {
			return ErrBadRecord
		}
		r.blobs[i].tag = Tag(bh.Tag)
		r.blobs[i].off = start
		r.blobs[i].len = int(bh.Len)
		r.n++
		off = start + (int(bh.Len)+7)&^7
	}
	return nil
}

// alignedBuf returns an empty slice with room for n bytes that starts on
// an 8-byte boundary.
func alignedBuf(b []byte, n int) []byte {
	if cap(b) >= n && (cap(b) == 0 || uintptr(unsafe.Pointer(&b[:1][0]))%8 == 0) {
		return b[:0]
	}
	words := make([]uint64, (n+7)/8)
	return unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), len(words)*8)[:0]
}

// Header returns the record's fixed part.
func (r *Record) Header() *Header { return (*Header)(unsafe.Pointer(&r.raw[0])) }

// Blob returns the data of the blob tagged t.
func (r *Record) Blob(t Tag) ([]byte, bool) {
	for i := 0; i < r.n; i++ {
		if r.blobs[i].tag == t {
			b := &r.blobs[i]
			return r.raw[b.off : b.off+b.len], true
		}
	}
	return nil, false
}

// structBlob returns the blob tagged t as a *T when it is at least as
// large as T.
func structBlob[T any](r *Record, t Tag) (*T, bool) {
	b, ok := r.Blob(t)
	var zero T
	if !ok || len(b) < int(unsafe.Sizeof(zero)) {
		return nil, false
	}
	return (*T)(unsafe.Pointer(&b[0])), true
}

// Proc returns the record's process context.
func (r *Record) Proc() (*ProcInfo, bool) { return structBlob[ProcInfo](r, TagProc) }

// Sock returns the socket blob tagged t (TagSock or TagSockListen).
func (r *Record) Sock(t Tag) (*SockInfo, bool) { return structBlob[SockInfo](r, t) }

// File returns the returned fd's file facts.
func (r *Record) File() (*FileInfo, bool) { return structBlob[FileInfo](r, TagFile) }

// FDPair returns the fds of pipe, pipe2 and socketpair.
func (r *Record) FDPair() (*FDPair, bool) { return structBlob[FDPair](r, TagFDPair) }

// Raw returns the record's bytes.
func (r *Record) Raw() []byte { return r.raw }
