package format

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
)

const (
	blockMagic     = "PGBK"
	blockHeaderLen = 88   // in version 1.0
	maxBlockHeader = 4096 // limit on H
	// MaxBlockSize is the limit on a block's stored and raw payload.
	MaxBlockSize = 64 << 20
	chainOffset  = 52 // where the chain hash sits in a block header
	trailerMagic = "PGRNTAIL"
	trailerLen   = 16
)

// Block kinds.
const (
	kindSnapshot = 1
	kindEvents   = 2
	kindIndex    = 3
	kindFooter   = 4
)

// Block flags.
const (
	flagZstd       = 1 << 0
	flagLast       = 1 << 1
	knownFlagsMask = flagZstd | flagLast
)

// BlockKind is the kind of a block: snapshot, events, index or footer.
type BlockKind uint8

func (k BlockKind) String() string {
	switch k {
	case kindSnapshot:
		return "snapshot"
	case kindEvents:
		return "events"
	case kindIndex:
		return "index"
	case kindFooter:
		return "footer"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// blockHeader is a decoded block header.
type blockHeader struct {
	kind     uint8
	flags    uint8
	hlen     uint16
	number   uint32
	stored   uint32
	raw      uint32
	count    uint32
	crc      uint32
	firstNum uint64
	minTime  int64
	maxTime  int64
	chain    [32]byte
	ext      []byte // bytes [84, hlen-4): later minor versions' fields
}

// marshal appends the encoded header (H = 88, no extension) to dst.
func (h *blockHeader) marshal(dst []byte) []byte {
	start := len(dst)
	dst = append(dst, blockMagic...)
	dst = append(dst, h.kind, h.flags)
	dst = binary.LittleEndian.AppendUint16(dst, blockHeaderLen)
	dst = binary.LittleEndian.AppendUint32(dst, h.number)
	dst = binary.LittleEndian.AppendUint32(dst, h.stored)
	dst = binary.LittleEndian.AppendUint32(dst, h.raw)
	dst = binary.LittleEndian.AppendUint32(dst, h.count)
	dst = binary.LittleEndian.AppendUint32(dst, h.crc)
	dst = binary.LittleEndian.AppendUint64(dst, h.firstNum)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(h.minTime))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(h.maxTime))
	dst = append(dst, h.chain[:]...)
	return binary.LittleEndian.AppendUint32(dst, crc32.Checksum(dst[start:], crcTable))
}

// headerLen returns H from the first 8 bytes of a block header, or an error
// if they are not the start of one.
func headerLen(b []byte) (int, error) {
	if string(b[:4]) != blockMagic {
		return 0, corruptf("no block magic")
	}
	n := int(binary.LittleEndian.Uint16(b[6:]))
	if n < blockHeaderLen || n > maxBlockHeader {
		return 0, corruptf("block header length %d out of range", n)
	}
	return n, nil
}

// parseBlockHeader decodes a whole header (H bytes) and checks its CRC and
// limits.
func parseBlockHeader(b []byte) (blockHeader, error) {
	var h blockHeader
	n := len(b)
	if crc32.Checksum(b[:n-4], crcTable) != binary.LittleEndian.Uint32(b[n-4:]) {
		return h, corruptf("block header checksum mismatch")
	}
	h.kind, h.flags = b[4], b[5]
	h.hlen = uint16(n)
	h.number = binary.LittleEndian.Uint32(b[8:])
	h.stored = binary.LittleEndian.Uint32(b[12:])
	h.raw = binary.LittleEndian.Uint32(b[16:])
	h.count = binary.LittleEndian.Uint32(b[20:])
	h.crc = binary.LittleEndian.Uint32(b[24:])
	h.firstNum = binary.LittleEndian.Uint64(b[28:])
	h.minTime = int64(binary.LittleEndian.Uint64(b[36:]))
	h.maxTime = int64(binary.LittleEndian.Uint64(b[44:]))
	copy(h.chain[:], b[chainOffset:chainOffset+32])
	h.ext = b[chainOffset+32 : n-4]
	if h.stored > MaxBlockSize || h.raw > MaxBlockSize {
		return h, fmt.Errorf("%w: block claims %d stored and %d raw bytes (limit %d)", ErrTooLarge, h.stored, h.raw, MaxBlockSize)
	}
	if h.flags&flagZstd == 0 && h.stored != h.raw {
		return h, corruptf("uncompressed block with stored length %d != raw length %d", h.stored, h.raw)
	}
	if h.kind == kindEvents && h.count > h.raw {
		return h, corruptf("block claims %d events in %d bytes", h.count, h.raw)
	}
	return h, nil
}

// chainer computes the hash chain (docs/format.md, "The hash chain").
type chainer struct {
	h   hash.Hash
	sum [32]byte
}

func newChainer(fileHeader []byte) *chainer {
	c := &chainer{h: sha256.New()}
	c.sum = sha256.Sum256(fileHeader)
	return c
}

// next returns the chain hash of a block given its header bytes (with any
// value in the chain field) and stored payload, without advancing.
func (c *chainer) next(hdr, payload []byte) [32]byte {
	c.h.Reset()
	c.h.Write(c.sum[:])
	c.h.Write(hdr[:chainOffset])
	c.h.Write(hdr[chainOffset+32 : len(hdr)-4])
	c.h.Write(payload)
	var out [32]byte
	c.h.Sum(out[:0])
	return out
}
