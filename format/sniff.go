package format

import "bytes"

// Kind is the kind of a capture file, as Sniff tells it from its first
// bytes.
type Kind uint8

// Kinds of files.
const (
	KindUnknown Kind = iota
	KindCapture      // a Peregrine capture
	KindScap         // a sysdig/Falco .scap file (pcapng section header block)
	KindGzip         // a gzip stream, as gzipped .scap files are
)

// SniffLen is how many bytes Sniff needs to be sure.
const SniffLen = 8

func (k Kind) String() string {
	switch k {
	case KindCapture:
		return "peregrine capture"
	case KindScap:
		return "scap"
	case KindGzip:
		return "gzip"
	}
	return "unknown"
}

// Sniff tells a Peregrine capture from a .scap file or a gzip stream by its
// first bytes (SniffLen are enough; 4 are enough to tell them apart).
func Sniff(prefix []byte) Kind {
	switch {
	case len(prefix) >= 4 && bytes.HasPrefix([]byte(fileMagic), prefix[:min(len(prefix), len(fileMagic))]):
		return KindCapture
	case bytes.HasPrefix(prefix, []byte{0x0A, 0x0D, 0x0D, 0x0A}):
		return KindScap
	case bytes.HasPrefix(prefix, []byte{0x1F, 0x8B}):
		return KindGzip
	}
	return KindUnknown
}
