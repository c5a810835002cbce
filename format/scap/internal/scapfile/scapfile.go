// Package scapfile splits .scap captures into their raw blocks and writes
// blocks back, for tests, fuzz seeds and the benchmark's large capture. It
// checks only the framing (lengths and trailers), not the block contents.
package scapfile

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/gzip"
)

// Block is one raw block, framing included: type, total length, body,
// total length again.
type Block []byte

// Type returns the block's type.
func (b Block) Type() uint32 { return binary.LittleEndian.Uint32(b) }

// IsEvent reports whether the block holds an event.
func (b Block) IsEvent() bool {
	switch b.Type() {
	case 0x204, 0x8010ABCD, 0x216, 0x221, 0x208, 0x217, 0x222:
		return true
	}
	return false
}

// eventOffset returns the offset of the event header in an event block.
func (b Block) eventOffset() int {
	switch b.Type() {
	case 0x208, 0x217, 0x222:
		return 8 + 2 + 4
	}
	return 8 + 2
}

// Time returns an event block's timestamp.
func (b Block) Time() uint64 { return binary.LittleEndian.Uint64(b[b.eventOffset():]) }

// SetTime sets an event block's timestamp.
func (b Block) SetTime(ts uint64) { binary.LittleEndian.PutUint64(b[b.eventOffset():], ts) }

// Decompress returns data, gunzipped if it is a gzip stream.
func Decompress(data []byte) ([]byte, error) {
	if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
		return data, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

// Split splits an uncompressed capture into its blocks. The blocks alias
// data.
func Split(data []byte) ([]Block, error) {
	var out []Block
	for off := 0; off < len(data); {
		if len(data)-off < 12 {
			return out, fmt.Errorf("scapfile: %d trailing bytes at offset %d", len(data)-off, off)
		}
		n := int(binary.LittleEndian.Uint32(data[off+4:]))
		if n < 12 || n > len(data)-off {
			return out, fmt.Errorf("scapfile: bad block length %d at offset %d", n, off)
		}
		if binary.LittleEndian.Uint32(data[off+n-4:]) != uint32(n) {
			return out, fmt.Errorf("scapfile: trailer mismatch at offset %d", off)
		}
		out = append(out, Block(data[off:off+n]))
		off += n
	}
	if len(out) == 0 {
		return nil, errors.New("scapfile: no blocks")
	}
	return out, nil
}

// Concat joins blocks into a capture.
func Concat(blocks []Block) []byte {
	var b []byte
	for _, bl := range blocks {
		b = append(b, bl...)
	}
	return b
}

// Repeat writes the capture made of head followed by the event blocks
// events, repeated until at least n events are written, each round's
// timestamps shifted past the previous round's. It returns the number of
// events written.
func Repeat(w io.Writer, head, events []Block, n int) (int, error) {
	if len(events) == 0 {
		return 0, errors.New("scapfile: no event blocks to repeat")
	}
	for _, b := range head {
		if _, err := w.Write(b); err != nil {
			return 0, err
		}
	}
	first, last := events[0].Time(), events[0].Time()
	for _, e := range events {
		first, last = min(first, e.Time()), max(last, e.Time())
	}
	span := last - first + 1_000_000 // rounds 1 ms apart
	scratch := make([]byte, 0, 1<<16)
	written := 0
	for round := uint64(0); written < n; round++ {
		for _, e := range events {
			scratch = append(scratch[:0], e...)
			b := Block(scratch)
			b.SetTime(e.Time() + round*span)
			if _, err := w.Write(b); err != nil {
				return written, err
			}
			written++
		}
	}
	return written, nil
}
