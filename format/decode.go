package format

import (
	"encoding/binary"
	"math"
	"math/bits"
)

// shape is a decoded shape: an event type, direction and parameter set, and
// the plan for decoding its values.
type shape struct {
	local   EventType // EvUnknown: skip events of this shape
	dir     Dir
	nparams int    // parameters of the local type
	has     uint64 // the local parameters the plan sets
	plan    []planOp
}

// planOp decodes one stored parameter value.
type planOp struct {
	wire uint8
	st   uint8 // stream of integer values
	dst  int8  // parameter index in the local type, or -1: skip
}

type threadRef struct{ tid, pid int64 }

// blockDecoder decodes the events of one event block.
type blockDecoder struct {
	schema  *schema
	st      [numStreams]stream
	shapes  []shape
	plans   []planOp // backing store of the shapes' plans
	threads []threadRef
	dict    [][]byte
	left    int // events not yet decoded
	num     uint64
	time    int64
}

// reset prepares to decode a block's raw payload.
func (d *blockDecoder) reset(h *blockHeader, raw []byte) error {
	d.shapes = d.shapes[:0]
	d.plans = d.plans[:0]
	d.threads = d.threads[:0]
	d.dict = d.dict[:0]
	d.left = 0
	ns, n := binary.Uvarint(raw)
	if n <= 0 || ns < numStreams || ns > 255 {
		return corruptf("events: bad stream count")
	}
	p := n
	var lens [256]uint64
	total := uint64(0)
	for i := range int(ns) {
		l, n := binary.Uvarint(raw[p:])
		if n <= 0 {
			return corruptf("events: bad stream length")
		}
		p += n
		lens[i] = l
		total += l
		if l > uint64(len(raw)) || total > uint64(len(raw)) {
			return corruptf("events: stream lengths run past the payload")
		}
	}
	if total != uint64(len(raw)-p) {
		return corruptf("events: stream lengths add up to %d, payload holds %d", total, len(raw)-p)
	}
	for i := range numStreams {
		d.st[i] = stream{b: raw[p : p+int(lens[i]) : p+int(lens[i])]}
		p += int(lens[i])
	}
	if uint64(h.count) > lens[stShape] {
		return corruptf("events: %d events in a %d-byte shape stream", h.count, lens[stShape])
	}
	d.left = int(h.count)
	d.num = h.firstNum - 1
	d.time = 0
	return nil
}

// next decodes the next event into ev. It returns false (and leaves ev's
// type EvUnknown) for an event of a type this program does not know, which
// the caller skips.
func (d *blockDecoder) next(ev *Event) (known bool, err error) {
	d.left--
	ss := &d.st[stShape]
	code := ss.uv()
	var sh *shape
	if code>>1 == 0 {
		if sh, err = d.defineShape(ss); err != nil {
			return false, err
		}
	} else if code>>1 <= uint64(len(d.shapes)) {
		sh = &d.shapes[code>>1-1]
	} else {
		return false, corruptf("events: shape %d of %d", code>>1, len(d.shapes))
	}
	if code&1 != 0 {
		d.num += 1 + uint64(ss.v())
	} else {
		d.num++
	}
	ts := &d.st[stThread]
	var th threadRef
	if r := ts.uv(); r == 0 {
		if len(d.threads) >= maxThreads {
			return false, corruptf("events: more than %d threads in a block", maxThreads)
		}
		th = threadRef{ts.v(), ts.v()}
		d.threads = append(d.threads, th)
	} else if r <= uint64(len(d.threads)) {
		th = d.threads[r-1]
	} else {
		return false, corruptf("events: thread %d of %d", r, len(d.threads))
	}
	cpu := d.st[stCPU].uv()
	lo := d.st[stTimeLo].take(1)
	hi := d.st[stTimeHi].uv()
	if ss.bad || ts.bad || d.st[stCPU].bad || d.st[stTimeLo].bad || d.st[stTimeHi].bad || cpu > math.MaxUint16 {
		return false, corruptf("events: event header runs past its streams")
	}
	d.time += unzigzag(hi<<8 | uint64(lo[0]))

	if sh.local == EvUnknown {
		return false, d.skipValues(sh.plan)
	}
	// As ev.Reset, without looking the type up again.
	ps := ev.Params
	if cap(ps) < sh.nparams {
		ps = make([]Value, sh.nparams, MaxParams)
	}
	ps = ps[:sh.nparams]
	for unset := ^sh.has & (1<<uint(sh.nparams) - 1); unset != 0; unset &= unset - 1 {
		ps[bits.TrailingZeros64(unset)] = Value{}
	}
	ev.Params = ps
	ev.Type, ev.Dir = sh.local, sh.dir
	ev.Num = d.num
	ev.Time = d.time
	ev.CPU = uint16(cpu)
	ev.TID, ev.PID = th.tid, th.pid
	for _, op := range sh.plan {
		if op.wire != wireBytes {
			// The varint fast path, inlined by hand: this loop is the
			// reader's hottest.
			st := &d.st[op.st]
			var u uint64
			if i := st.i; i < len(st.b) && st.b[i] < 0x80 {
				u = uint64(st.b[i])
				st.i = i + 1
			} else {
				u = st.uvSlow()
			}
			v := int64(u)
			if op.wire == wireVarint {
				v = unzigzag(u)
			}
			if op.dst >= 0 {
				ps[op.dst] = Value{Int: v}
			}
			continue
		}
		b, err := d.bytes()
		if err != nil {
			return false, err
		}
		if op.dst >= 0 {
			ps[op.dst] = Value{Bytes: b}
		}
	}
	if d.st[stFD].bad || d.st[stRes].bad || d.st[stFlags].bad || d.st[stNum].bad {
		return false, corruptf("events: integer values run past their streams")
	}
	ev.Has = sh.has
	return true, nil
}

func (d *blockDecoder) skipValues(plan []planOp) error {
	for _, op := range plan {
		if op.wire == wireBytes {
			if _, err := d.bytes(); err != nil {
				return err
			}
		} else {
			d.st[op.st].uv()
		}
	}
	if d.st[stFD].bad || d.st[stRes].bad || d.st[stFlags].bad || d.st[stNum].bad {
		return corruptf("events: integer values run past their streams")
	}
	return nil
}

func (d *blockDecoder) bytes() ([]byte, error) {
	rs := &d.st[stRef]
	r := rs.uv()
	if r >= 2 {
		if r-2 >= uint64(len(d.dict)) {
			return nil, corruptf("events: dictionary entry %d of %d", r-2, len(d.dict))
		}
		return d.dict[r-2], nil
	}
	b := d.st[stLit].take(rs.uv())
	if rs.bad || d.st[stLit].bad {
		return nil, corruptf("events: byte values run past their stream")
	}
	if r == 1 {
		if len(d.dict) >= maxDict {
			return nil, corruptf("events: more than %d dictionary entries in a block", maxDict)
		}
		d.dict = append(d.dict, b)
	}
	return b, nil
}

func (d *blockDecoder) defineShape(ss *stream) (*shape, error) {
	if len(d.shapes) >= maxShapes {
		return nil, corruptf("events: more than %d shapes in a block", maxShapes)
	}
	id := ss.uv()
	dir := ss.uv()
	has := ss.uv()
	if ss.bad {
		return nil, corruptf("events: shape runs past its stream")
	}
	if id >= uint64(len(d.schema.types)) || !d.schema.types[id].defined {
		return nil, corruptf("events: type id %d is not in the schema", id)
	}
	if dir > 1 {
		return nil, corruptf("events: direction %d", dir)
	}
	ft := &d.schema.types[id]
	if has>>uint(len(ft.params)) != 0 {
		return nil, corruptf("events: %s: parameter bits %#x beyond its %d parameters", ft.name, has, len(ft.params))
	}
	start := len(d.plans)
	var set uint64
	for i := range ft.params {
		if has&(1<<uint(i)) != 0 {
			p := &ft.params[i]
			d.plans = append(d.plans, planOp{wire: p.wire, st: intStream(p.typ), dst: p.local})
			if p.local >= 0 {
				set |= 1 << uint(p.local)
			}
		}
	}
	n := 0
	if ft.local != EvUnknown {
		n = len(ft.local.Info().Params)
	}
	d.shapes = append(d.shapes, shape{local: ft.local, dir: Dir(dir), nparams: n, has: set, plan: d.plans[start:len(d.plans):len(d.plans)]})
	return &d.shapes[len(d.shapes)-1], nil
}
