package format

import (
	"encoding/binary"
)

// BlockInfo describes one event block of a file, from the index or from
// scanning.
type BlockInfo struct {
	Number   int    // block number in the file, from 0, counting blocks of every kind
	Offset   int64  // where the block header starts
	Stored   int    // payload bytes in the file (compressed)
	Raw      int    // payload bytes uncompressed
	Events   int    // events in the block
	FirstNum uint64 // number of the block's first event
	MinTime  int64  // earliest event time in the block
	MaxTime  int64  // latest event time in the block
}

const indexEntryLen = 48

func (b *BlockInfo) appendEntry(dst []byte) []byte {
	dst = binary.LittleEndian.AppendUint64(dst, uint64(b.Offset))
	dst = binary.LittleEndian.AppendUint64(dst, b.FirstNum)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(b.MinTime))
	dst = binary.LittleEndian.AppendUint64(dst, uint64(b.MaxTime))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(b.Number))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(b.Events))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(b.Stored))
	return binary.LittleEndian.AppendUint32(dst, uint32(b.Raw))
}

// parseIndex decodes an index block's raw payload.
func parseIndex(raw []byte) ([]BlockInfo, error) {
	n, k := binary.Uvarint(raw)
	if k <= 0 {
		return nil, corruptf("index: bad entry count")
	}
	raw = raw[k:]
	size, k := binary.Uvarint(raw)
	if k <= 0 || size < indexEntryLen || size > 4096 {
		return nil, corruptf("index: bad entry size")
	}
	raw = raw[k:]
	if n > uint64(len(raw))/size || n*size != uint64(len(raw)) {
		return nil, corruptf("index: %d entries of %d bytes in %d bytes", n, size, len(raw))
	}
	out := make([]BlockInfo, n)
	for i := range out {
		e := raw[uint64(i)*size:]
		out[i] = BlockInfo{
			Offset:   int64(binary.LittleEndian.Uint64(e)),
			FirstNum: binary.LittleEndian.Uint64(e[8:]),
			MinTime:  int64(binary.LittleEndian.Uint64(e[16:])),
			MaxTime:  int64(binary.LittleEndian.Uint64(e[24:])),
			Number:   int(binary.LittleEndian.Uint32(e[32:])),
			Events:   int(binary.LittleEndian.Uint32(e[36:])),
			Stored:   int(binary.LittleEndian.Uint32(e[40:])),
			Raw:      int(binary.LittleEndian.Uint32(e[44:])),
		}
		if out[i].Offset < 0 || (i > 0 && out[i].Offset <= out[i-1].Offset) {
			return nil, corruptf("index: entry %d: offsets out of order", i)
		}
	}
	return out, nil
}

// footer is a decoded footer message.
type footer struct {
	indexOffset int64
	blocks      uint64
	events      uint64
	minTime     int64
	maxTime     int64
}

func parseFooter(raw []byte) (footer, error) {
	var f footer
	r := msgReader{b: raw}
	for {
		ok, err := r.next()
		if err != nil {
			return f, fieldError("footer", err)
		}
		if !ok {
			return f, nil
		}
		var u uint64
		switch r.field {
		case 1:
			u, err = r.wantUint()
			if u > 1<<62 {
				err = corruptf("footer: index offset %d", u)
			}
			f.indexOffset = int64(u)
		case 2:
			f.blocks, err = r.wantUint()
		case 3:
			f.events, err = r.wantUint()
		case 4:
			f.minTime, err = r.wantInt()
		case 5:
			f.maxTime, err = r.wantInt()
		}
		if err != nil {
			return f, fieldError("footer", err)
		}
	}
}
