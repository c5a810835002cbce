package format

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math/bits"
	"sync"
)

const (
	maxDictLen  = 4096 // byte values longer than this are never put in the dictionary
	maxValueLen = 16 << 20
	// Per-block table limits (docs/format.md, "Limits"): they bound the
	// memory a reader spends on a block to a small multiple of its size.
	maxShapes  = 1 << 16
	maxThreads = 1 << 20
	maxDict    = 1 << 20
)

// Streams of an event block, in order (docs/format.md, "Event blocks").
const (
	stShape  = iota // shape references, inline shape definitions, number jumps
	stThread        // thread references, inline thread entries
	stCPU           // CPU numbers
	stTimeLo        // low byte of each time difference
	stTimeHi        // the rest of each time difference
	stFD            // fd and pid parameter values
	stRes           // errno (return value) parameter values
	stFlags         // flag, enum, mode and other small categorical values
	stNum           // all other integer values
	stRef           // byte values: dictionary references and literal lengths
	stLit           // byte values: literal bytes
	numStreams
)

// intStream returns the stream that holds integer values of a parameter
// type. Types this table does not name (including codes from later
// versions) use stNum.
func intStream(t ParamType) uint8 {
	switch t {
	case PTFD, PTPID:
		return stFD
	case PTErrno:
		return stRes
	case PTFlags8, PTFlags16, PTFlags32, PTEnumFlags8, PTEnumFlags16, PTEnumFlags32, PTMode, PTBool,
		PTSigType, PTL4Proto, PTSockFamily, PTPort, PTUID, PTGID:
		return stFlags
	}
	return stNum
}

type shapeKey struct {
	t   EventType
	dir Dir
	has uint64
}

// shapeCache remembers the last shape used per event type: most events of
// a type have the same direction and parameters.
type shapeCache struct {
	gen uint32
	dir Dir
	has uint64
	ref uint64
}

// blockEncoder accumulates one event block (docs/format.md, "Event
// blocks").
type blockEncoder struct {
	st [numStreams][]byte

	gen      uint32 // block generation, for shapeCache
	last     [numEventTypes]shapeCache
	shapes   map[shapeKey]uint64
	nshapes  uint64
	threads  intTable
	thrPIDs  []int64 // pid of each thread entry
	dict     dictTable
	count    int
	firstNum uint64
	nextNum  uint64
	prevTime int64
	minTime  int64
	maxTime  int64
}

func newBlockEncoder() *blockEncoder {
	// Generations start at 1: the zero shapeCache entries must not match.
	return &blockEncoder{gen: 1, shapes: make(map[shapeKey]uint64), dict: dictTable{seed: maphash.MakeSeed()}}
}

func (e *blockEncoder) reset() {
	for i := range e.st {
		e.st[i] = e.st[i][:0]
	}
	e.gen++
	if e.gen == 0 { // wrapped: old generations could match again
		e.last = [numEventTypes]shapeCache{}
		e.gen = 1
	}
	clear(e.shapes)
	e.nshapes = 0
	e.threads.reset()
	e.thrPIDs = e.thrPIDs[:0]
	e.dict.reset()
	e.count = 0
}

// full reports whether the block's shape or thread table is at its limit,
// so that the next event might need a new entry it cannot have.
func (e *blockEncoder) full() bool {
	return e.nshapes >= maxShapes || len(e.thrPIDs) >= maxThreads
}

// size is about the raw payload size the block would have now (at most
// 5*numStreams bytes more).
func (e *blockEncoder) size() int {
	n := 1 + 5*numStreams
	for i := range e.st {
		n += len(e.st[i])
	}
	return n
}

// encType is what the encoder needs of an event type, precomputed.
type encType struct {
	nparams int
	bytes   uint64   // parameters whose values are bytes
	ops     [64]byte // per parameter: wire class << 4 | integer stream
}

var encTypes = sync.OnceValue(func() *[numEventTypes]encType {
	var t [numEventTypes]encType
	for i := range numEventTypes {
		et := &t[i]
		for j, p := range i.Info().Params {
			et.nparams++
			w := wireOf(p.Type)
			if w == wireBytes {
				et.bytes |= 1 << uint(j)
			}
			et.ops[j] = w<<4 | intStream(p.Type)
		}
	}
	return &t
})

// checkEvent validates ev and returns an upper bound of its encoded size.
func checkEvent(ev *Event) (int, error) {
	if ev.Type == EvUnknown || int(ev.Type) >= NumEventTypes {
		return 0, fmt.Errorf("%w: unknown event type %d", ErrInvalidEvent, ev.Type)
	}
	if ev.Dir > DirEnter {
		return 0, fmt.Errorf("%w: %s: direction %d", ErrInvalidEvent, ev.Type, ev.Dir)
	}
	et := &encTypes()[ev.Type]
	if ev.Has>>uint(et.nparams) != 0 || bits.Len64(ev.Has) > len(ev.Params) {
		return 0, fmt.Errorf("%w: %s: parameter bits %#x beyond its %d parameters (%d values)",
			ErrInvalidEvent, ev.Type, ev.Has, et.nparams, len(ev.Params))
	}
	size := 64 + 20*bits.OnesCount64(ev.Has)
	for has := ev.Has & et.bytes; has != 0; has &= has - 1 {
		i := bits.TrailingZeros64(has)
		l := len(ev.Params[i].Bytes)
		if l > maxValueLen {
			return 0, fmt.Errorf("%w: %s: parameter %s has %d bytes (limit %d)",
				ErrInvalidEvent, ev.Type, ev.Type.Info().Params[i].Name, l, maxValueLen)
		}
		size += l
	}
	return size, nil
}

// add appends an event with number num. The event has been checked.
func (e *blockEncoder) add(ev *Event, num uint64) {
	if e.count == 0 {
		e.firstNum = num
		e.nextNum = num
		e.prevTime = 0 // the first difference is the time itself
		e.minTime, e.maxTime = ev.Time, ev.Time
	}

	// Shape and number.
	var code uint64
	c := &e.last[ev.Type]
	if c.gen == e.gen && c.dir == ev.Dir && c.has == ev.Has {
		code = c.ref << 1
	} else {
		k := shapeKey{ev.Type, ev.Dir, ev.Has}
		ref, ok := e.shapes[k]
		if !ok {
			e.nshapes++
			ref = e.nshapes
			e.shapes[k] = ref
		}
		*c = shapeCache{gen: e.gen, dir: ev.Dir, has: ev.Has, ref: ref}
		if ok {
			code = ref << 1
		} // else code 0: defined inline, below
	}
	jump := num != e.nextNum
	if jump {
		code |= 1
	}
	sh := binary.AppendUvarint(e.st[stShape], code)
	if code>>1 == 0 {
		sh = binary.AppendUvarint(sh, uint64(ev.Type))
		sh = append(sh, byte(ev.Dir))
		sh = binary.AppendUvarint(sh, ev.Has)
	}
	if jump {
		sh = binary.AppendUvarint(sh, zigzag(int64(num-e.nextNum)))
	}
	e.st[stShape] = sh
	e.nextNum = num + 1

	// Thread and CPU.
	ref, found := e.threads.get(ev.TID)
	if found && e.thrPIDs[ref] == ev.PID {
		e.st[stThread] = binary.AppendUvarint(e.st[stThread], uint64(ref)+1)
	} else {
		e.threads.put(ev.TID, uint32(len(e.thrPIDs)))
		e.thrPIDs = append(e.thrPIDs, ev.PID)
		th := append(e.st[stThread], 0)
		th = binary.AppendUvarint(th, zigzag(ev.TID))
		e.st[stThread] = binary.AppendUvarint(th, zigzag(ev.PID))
	}
	e.st[stCPU] = binary.AppendUvarint(e.st[stCPU], uint64(ev.CPU))

	// Time.
	z := zigzag(ev.Time - e.prevTime)
	e.st[stTimeLo] = append(e.st[stTimeLo], byte(z))
	e.st[stTimeHi] = binary.AppendUvarint(e.st[stTimeHi], z>>8)
	e.prevTime = ev.Time
	e.minTime = min(e.minTime, ev.Time)
	e.maxTime = max(e.maxTime, ev.Time)

	// Parameters.
	et := &encTypes()[ev.Type]
	for has := ev.Has; has != 0; has &= has - 1 {
		i := bits.TrailingZeros64(has)
		v := &ev.Params[i]
		op := et.ops[i]
		switch op >> 4 {
		case wireUvarint:
			e.st[op&15] = binary.AppendUvarint(e.st[op&15], uint64(v.Int))
		case wireVarint:
			e.st[op&15] = binary.AppendUvarint(e.st[op&15], zigzag(v.Int))
		default:
			e.addBytes(v.Bytes)
		}
	}
	e.count++
}

func (e *blockEncoder) addBytes(b []byte) {
	if len(b) == 0 || len(b) > maxDictLen {
		e.st[stRef] = append(e.st[stRef], 0)
		e.st[stRef] = binary.AppendUvarint(e.st[stRef], uint64(len(b)))
		e.st[stLit] = append(e.st[stLit], b...)
		return
	}
	lit := e.st[stLit]
	ref, h, ok := e.dict.lookup(b, lit)
	if ok {
		e.st[stRef] = binary.AppendUvarint(e.st[stRef], uint64(ref)+2)
		return
	}
	if len(e.dict.entries) >= maxDict {
		e.st[stRef] = append(e.st[stRef], 0)
		e.st[stRef] = binary.AppendUvarint(e.st[stRef], uint64(len(b)))
		e.st[stLit] = append(lit, b...)
		return
	}
	e.dict.insert(h, uint32(len(lit)), uint32(len(b)))
	e.st[stRef] = append(e.st[stRef], 1)
	e.st[stRef] = binary.AppendUvarint(e.st[stRef], uint64(len(b)))
	e.st[stLit] = append(lit, b...)
}

// appendPayload appends the block's raw payload to dst, and to splits the
// offsets in dst where each stream starts (where a writer may start a new
// zstd frame).
func (e *blockEncoder) appendPayload(dst []byte, splits []int) ([]byte, []int) {
	dst = append(dst, numStreams)
	for i := range e.st {
		dst = binary.AppendUvarint(dst, uint64(len(e.st[i])))
	}
	for i := range e.st {
		splits = append(splits, len(dst))
		dst = append(dst, e.st[i]...)
	}
	return dst, splits
}

// intTable is an open-addressing hash table from int64 keys to uint32
// values that is cleared, not reallocated, between blocks.
type intTable struct {
	keys  []int64
	vals  []uint32 // value+1; 0 marks an empty slot
	n     int
	shift uint
}

func (t *intTable) reset() {
	clear(t.vals)
	t.n = 0
}

func (t *intTable) slot(k int64) uint64 {
	return (uint64(k) * 0x9E3779B97F4A7C15) >> t.shift
}

func (t *intTable) get(k int64) (uint32, bool) {
	if len(t.vals) == 0 {
		return 0, false
	}
	mask := uint64(len(t.vals) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		v := t.vals[i]
		if v == 0 {
			return 0, false
		}
		if t.keys[i] == k {
			return v - 1, true
		}
	}
}

func (t *intTable) put(k int64, v uint32) {
	if (t.n+1)*2 > len(t.vals) {
		t.grow()
	}
	mask := uint64(len(t.vals) - 1)
	for i := t.slot(k); ; i = (i + 1) & mask {
		if t.vals[i] == 0 {
			t.keys[i], t.vals[i] = k, v+1
			t.n++
			return
		}
		if t.keys[i] == k {
			t.vals[i] = v + 1
			return
		}
	}
}

func (t *intTable) grow() {
	keys, vals := t.keys, t.vals
	size := max(64, 2*len(vals))
	t.keys, t.vals = make([]int64, size), make([]uint32, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	t.n = 0
	for i, v := range vals {
		if v != 0 {
			t.put(keys[i], v-1)
		}
	}
}

// dictTable is the writer's per-block dictionary of byte values: entries
// point into the block's lit stream.
type dictTable struct {
	seed    maphash.Seed
	slots   []uint32 // entry+1; 0 marks an empty slot
	entries []dictEntry
}

type dictEntry struct {
	hash     uint64
	off, len uint32
}

func (t *dictTable) reset() {
	clear(t.slots)
	t.entries = t.entries[:0]
}

func (t *dictTable) lookup(b, lit []byte) (ref uint32, h uint64, ok bool) {
	h = maphash.Bytes(t.seed, b)
	if len(t.slots) == 0 {
		return 0, h, false
	}
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0, h, false
		}
		en := &t.entries[s-1]
		if en.hash == h && bytes.Equal(lit[en.off:en.off+en.len], b) {
			return s - 1, h, true
		}
	}
}

// insert adds the value with hash h at lit[off:off+n]; the caller appends
// it to lit.
func (t *dictTable) insert(h uint64, off, n uint32) {
	t.entries = append(t.entries, dictEntry{hash: h, off: off, len: n})
	if len(t.entries)*2 > len(t.slots) {
		size := max(256, 2*len(t.slots))
		if cap(t.slots) >= size {
			t.slots = t.slots[:size]
			clear(t.slots)
		} else {
			t.slots = make([]uint32, size)
		}
		for i := range t.entries {
			t.place(uint32(i))
		}
		return
	}
	t.place(uint32(len(t.entries) - 1))
}

func (t *dictTable) place(e uint32) {
	mask := uint64(len(t.slots) - 1)
	for i := t.entries[e].hash & mask; ; i = (i + 1) & mask {
		if t.slots[i] == 0 {
			t.slots[i] = e + 1
			return
		}
	}
}
