package format

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Wire classes of parameter values in event blocks (docs/format.md,
// "Event blocks"), and of message fields.
const (
	wireUvarint = 0
	wireVarint  = 1
	wireBytes   = 2
)

// wireOf returns how values of a parameter type are stored.
func wireOf(t ParamType) uint8 {
	switch {
	case !t.IsInt():
		return wireBytes
	case t.IsSigned():
		return wireVarint
	}
	return wireUvarint
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// stream is a cursor over one stream of an event block. Reads past the end
// or malformed varints set bad and return zero, so that the decoder checks
// once per event instead of once per value.
type stream struct {
	b   []byte
	i   int
	bad bool
}

func (s *stream) uv() uint64 {
	if i := s.i; i < len(s.b) && s.b[i] < 0x80 {
		s.i = i + 1
		return uint64(s.b[i])
	}
	return s.uvSlow()
}

func (s *stream) uvSlow() uint64 {
	b := s.b[s.i:]
	if len(b) >= 3 && b[0] >= 0x80 {
		if b[1] < 0x80 {
			s.i += 2
			return uint64(b[0]&0x7f) | uint64(b[1])<<7
		}
		if b[2] < 0x80 {
			s.i += 3
			return uint64(b[0]&0x7f) | uint64(b[1]&0x7f)<<7 | uint64(b[2])<<14
		}
	}
	v, n := binary.Uvarint(b)
	if n <= 0 {
		s.bad = true
		s.i = len(s.b)
		return 0
	}
	s.i += n
	return v
}

func (s *stream) v() int64 { return unzigzag(s.uv()) }

// take returns the next n bytes.
func (s *stream) take(n uint64) []byte {
	if n > uint64(len(s.b)-s.i) {
		s.bad = true
		s.i = len(s.b)
		return nil
	}
	b := s.b[s.i : s.i+int(n) : s.i+int(n)]
	s.i += int(n)
	return b
}

// msg builds a message (docs/format.md, "Messages"). Zero values are left
// out unless written with an "Always" method.
type msg struct{ b []byte }

func (m *msg) key(field int, wire uint64) {
	m.b = binary.AppendUvarint(m.b, uint64(field)<<3|wire)
}

func (m *msg) uint(field int, v uint64) {
	if v != 0 {
		m.key(field, 0)
		m.b = binary.AppendUvarint(m.b, v)
	}
}

func (m *msg) int(field int, v int64) { m.uint(field, zigzag(v)) }

func (m *msg) bool(field int, v bool) {
	if v {
		m.uint(field, 1)
	}
}

func (m *msg) str(field int, s string) {
	if s != "" {
		m.strAlways(field, s)
	}
}

func (m *msg) strAlways(field int, s string) {
	m.key(field, 2)
	m.b = binary.AppendUvarint(m.b, uint64(len(s)))
	m.b = append(m.b, s...)
}

func (m *msg) bytes(field int, b []byte) {
	if len(b) != 0 {
		m.key(field, 2)
		m.b = binary.AppendUvarint(m.b, uint64(len(b)))
		m.b = append(m.b, b...)
	}
}

func (m *msg) strs(field int, ss []string) {
	for _, s := range ss {
		m.strAlways(field, s)
	}
}

// sub appends a nested message built by fill.
func (m *msg) sub(field int, fill func(*msg)) {
	var n msg
	fill(&n)
	m.key(field, 2)
	m.b = binary.AppendUvarint(m.b, uint64(len(n.b)))
	m.b = append(m.b, n.b...)
}

// msgReader iterates over the fields of a message.
type msgReader struct {
	b []byte
	i int
	// current field
	field int
	wire  int
	u     uint64 // value for wire type 0
	data  []byte // value for wire type 2
}

// next advances to the next field; it returns false at the end, and an
// error for malformed input.
func (r *msgReader) next() (bool, error) {
	if r.i >= len(r.b) {
		return false, nil
	}
	k, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		return false, corruptf("message: bad field key at byte %d", r.i)
	}
	r.i += n
	if k>>3 > math.MaxInt32 || k>>3 == 0 {
		return false, corruptf("message: bad field number %d", k>>3)
	}
	r.field, r.wire = int(k>>3), int(k&7)
	switch r.wire {
	case 0:
		v, n := binary.Uvarint(r.b[r.i:])
		if n <= 0 {
			return false, corruptf("message: field %d: bad varint at byte %d", r.field, r.i)
		}
		r.i += n
		r.u, r.data = v, nil
	case 2:
		l, n := binary.Uvarint(r.b[r.i:])
		if n <= 0 || l > uint64(len(r.b)-r.i-n) {
			return false, corruptf("message: field %d: length runs past the message at byte %d", r.field, r.i)
		}
		r.i += n
		r.data = r.b[r.i : r.i+int(l)]
		r.i += int(l)
		r.u = 0
	default:
		return false, corruptf("message: field %d: unknown wire type %d", r.field, r.wire)
	}
	return true, nil
}

// Typed accessors. A field with the wrong wire type is an error.

func (r *msgReader) wantUint() (uint64, error) {
	if r.wire != 0 {
		return 0, corruptf("message: field %d: want a varint, have wire type %d", r.field, r.wire)
	}
	return r.u, nil
}

func (r *msgReader) wantInt() (int64, error) {
	u, err := r.wantUint()
	return unzigzag(u), err
}

func (r *msgReader) wantBytes() ([]byte, error) {
	if r.wire != 2 {
		return nil, corruptf("message: field %d: want bytes, have wire type %d", r.field, r.wire)
	}
	return r.data, nil
}

func (r *msgReader) wantString() (string, error) {
	b, err := r.wantBytes()
	return string(b), err
}

func (r *msgReader) wantUint32() (uint32, error) {
	u, err := r.wantUint()
	if err == nil && u > math.MaxUint32 {
		err = corruptf("message: field %d: %d does not fit 32 bits", r.field, u)
	}
	return uint32(u), err
}

// fieldError adds the record's name to a message error.
func fieldError(what string, err error) error {
	return fmt.Errorf("%s: %w", what, err)
}
