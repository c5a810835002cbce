package format

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"testing"

	"github.com/klauspost/compress/zstd"
)

// crafter builds capture files by hand, following docs/format.md rather
// than the Writer, for tests of what the Writer never writes: other
// versions, other schemas, damaged and edited files.
type crafter struct {
	buf   bytes.Buffer
	chain *chainer
	num   uint32
}

func newCrafter(major, minor uint16, body []byte) *crafter {
	var h []byte
	h = append(h, fileMagic...)
	h = binary.LittleEndian.AppendUint16(h, major)
	h = binary.LittleEndian.AppendUint16(h, minor)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(body)))
	h = append(h, body...)
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(h, crcTable))
	c := &crafter{chain: newChainer(h)}
	c.buf.Write(h)
	return c
}

type craftBlock struct {
	kind, flags      uint8
	count            uint32
	firstNum         uint64
	minTime, maxTime int64
	raw              []byte
	ext              []byte // header extension bytes (a later minor version's fields)
	number           *uint32
}

// block appends a block; with flagZstd set the raw payload is compressed.
func (c *crafter) block(b craftBlock) int64 {
	off := int64(c.buf.Len())
	stored := b.raw
	if b.flags&flagZstd != 0 {
		enc, _ := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1))
		stored = enc.EncodeAll(b.raw, nil)
	}
	num := c.num
	if b.number != nil {
		num = *b.number
	}
	hl := blockHeaderLen + len(b.ext)
	h := make([]byte, 0, hl)
	h = append(h, blockMagic...)
	h = append(h, b.kind, b.flags)
	h = binary.LittleEndian.AppendUint16(h, uint16(hl))
	h = binary.LittleEndian.AppendUint32(h, num)
	h = binary.LittleEndian.AppendUint32(h, uint32(len(stored)))
	h = binary.LittleEndian.AppendUint32(h, uint32(len(b.raw)))
	h = binary.LittleEndian.AppendUint32(h, b.count)
	h = binary.LittleEndian.AppendUint32(h, crc32.Checksum(stored, crcTable))
	h = binary.LittleEndian.AppendUint64(h, b.firstNum)
	h = binary.LittleEndian.AppendUint64(h, uint64(b.minTime))
	h = binary.LittleEndian.AppendUint64(h, uint64(b.maxTime))
	h = append(h, make([]byte, 32)...)
	h = append(h, b.ext...)
	h = append(h, 0, 0, 0, 0)
	sum := c.chain.next(h, stored)
	copy(h[chainOffset:], sum[:])
	binary.LittleEndian.PutUint32(h[hl-4:], crc32.Checksum(h[:hl-4], crcTable))
	c.chain.sum = sum
	c.buf.Write(h)
	c.buf.Write(stored)
	c.num++
	return off
}

// seal appends an index of the given event blocks, a footer and the
// trailer.
func (c *crafter) seal(events uint64, blocks []BlockInfo) {
	raw := binary.AppendUvarint(nil, uint64(len(blocks)))
	raw = binary.AppendUvarint(raw, indexEntryLen)
	for i := range blocks {
		raw = blocks[i].appendEntry(raw)
	}
	idx := c.block(craftBlock{kind: kindIndex, count: uint32(len(blocks)), raw: raw})
	var m msg
	m.uint(1, uint64(idx))
	m.uint(2, uint64(c.num))
	m.uint(3, events)
	foot := c.block(craftBlock{kind: kindFooter, raw: m.b})
	c.buf.Write(binary.LittleEndian.AppendUint64(nil, uint64(foot)))
	c.buf.WriteString(trailerMagic)
}

// craftEvent is one event for craftEvents, with values already in the
// file's schema order and wire classes.
type craftEvent struct {
	typeID   uint64
	dir      uint64
	has      uint64
	num      uint64 // 0: previous + 1
	time     int64
	tid, pid int64
	cpu      uint64
	ints     []craftInt // in order, by stream
	bytes    [][]byte   // in order
}

type craftInt struct {
	stream int
	wire   uint8
	v      int64
}

// craftEvents encodes an event block's raw payload from the spec's
// description, defining every shape and thread inline each time (which the
// spec allows: the table just grows) and never using the dictionary.
func craftEvents(evs []craftEvent, extraStreams int) []byte {
	st := make([][]byte, numStreams+extraStreams)
	prevNum := uint64(0)
	prevTime := int64(0)
	for i, e := range evs {
		num := prevNum + 1
		if i == 0 {
			num = e.num
		}
		code := uint64(0)
		if e.num != 0 && e.num != num {
			code |= 1
		}
		st[stShape] = binary.AppendUvarint(st[stShape], code)
		st[stShape] = binary.AppendUvarint(st[stShape], e.typeID)
		st[stShape] = binary.AppendUvarint(st[stShape], e.dir)
		st[stShape] = binary.AppendUvarint(st[stShape], e.has)
		if code&1 != 0 {
			st[stShape] = binary.AppendUvarint(st[stShape], zigzag(int64(e.num-num)))
			num = e.num
		}
		prevNum = num
		st[stThread] = append(st[stThread], 0)
		st[stThread] = binary.AppendUvarint(st[stThread], zigzag(e.tid))
		st[stThread] = binary.AppendUvarint(st[stThread], zigzag(e.pid))
		st[stCPU] = binary.AppendUvarint(st[stCPU], e.cpu)
		z := zigzag(e.time - prevTime)
		prevTime = e.time
		st[stTimeLo] = append(st[stTimeLo], byte(z))
		st[stTimeHi] = binary.AppendUvarint(st[stTimeHi], z>>8)
		for _, v := range e.ints {
			u := uint64(v.v)
			if v.wire == wireVarint {
				u = zigzag(v.v)
			}
			st[v.stream] = binary.AppendUvarint(st[v.stream], u)
		}
		for _, b := range e.bytes {
			st[stRef] = append(st[stRef], 0)
			st[stRef] = binary.AppendUvarint(st[stRef], uint64(len(b)))
			st[stLit] = append(st[stLit], b...)
		}
	}
	for i := numStreams; i < len(st); i++ {
		st[i] = []byte("a stream from the future")
	}
	raw := binary.AppendUvarint(nil, uint64(len(st)))
	for _, s := range st {
		raw = binary.AppendUvarint(raw, uint64(len(s)))
	}
	for _, s := range st {
		raw = append(raw, s...)
	}
	return raw
}

// schemaType builds an event_type message of the schema.
type schemaParam struct {
	name string
	typ  ParamType
	wire uint8
}

func schemaType(m *msg, id uint64, name string, params ...schemaParam) {
	m.sub(hfEventType, func(m *msg) {
		m.key(1, 0)
		m.b = binary.AppendUvarint(m.b, id)
		m.str(2, name)
		for _, p := range params {
			m.sub(4, func(m *msg) {
				m.str(1, p.name)
				m.uint(2, uint64(p.typ))
				m.uint(3, uint64(p.wire))
			})
		}
	})
}

func emptySnapshot(c *crafter) {
	var rec []byte
	c.block(craftBlock{kind: kindSnapshot, flags: flagLast, raw: rec})
}

func mustRead(t *testing.T, data []byte) (*Reader, []Event) {
	t.Helper()
	return readAll(t, data, nil)
}
