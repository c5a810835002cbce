package format

import (
	"encoding/binary"
	"math"
)

// shape is a decoded shape: an event type, direction and parameter set, and
// the plan for decoding its values.
type shape struct {
	local EventType // EvUnknown: skip events of this shape
	dir   Dir
	plan  []planOp
}

// planOp decodes one stored parameter value.
type planOp struct {
	wire uint8
	dst  int8 // parameter index in the local type, or -1: skip
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
	if uint64(h.count) > lens[stEv] {
		return corruptf("events: %d events in a %d-byte event stream", h.count, lens[stEv])
	}
	d.left = int(h.count)
	d.num = h.firstNum - 1
	d.time = h.minTime
	return nil
}

// next decodes the next event into ev. It returns false (and leaves ev's
// type EvUnknown) for an event of a type this program does not know, which
// the caller skips.
func (d *blockDecoder) next(ev *Event) (known bool, err error) {
	d.left--
	es := &d.st[stEv]
	code := es.uv()
	var sh *shape
	if code>>1 == 0 {
		if sh, err = d.defineShape(es); err != nil {
			return false, err
		}
	} else if code>>1 <= uint64(len(d.shapes)) {
		sh = &d.shapes[code>>1-1]
	} else {
		return false, corruptf("events: shape %d of %d", code>>1, len(d.shapes))
	}
	if code&1 != 0 {
		d.num += 1 + uint64(es.v())
	} else {
		d.num++
	}
	var th threadRef
	if r := es.uv(); r == 0 {
		th = threadRef{es.v(), es.v()}
		d.threads = append(d.threads, th)
	} else if r <= uint64(len(d.threads)) {
		th = d.threads[r-1]
	} else {
		return false, corruptf("events: thread %d of %d", r, len(d.threads))
	}
	cpu := es.uv()
	d.time += d.st[stTime].v()
	if es.bad || d.st[stTime].bad || cpu > math.MaxUint16 {
		return false, corruptf("events: event header runs past its stream")
	}

	if sh.local == EvUnknown {
		return false, d.skipValues(sh.plan)
	}
	ev.Reset(sh.local, sh.dir)
	ev.Num = d.num
	ev.Time = d.time
	ev.CPU = uint16(cpu)
	ev.TID, ev.PID = th.tid, th.pid
	is := &d.st[stInt]
	var has uint64
	for _, op := range sh.plan {
		switch op.wire {
		case wireUvarint:
			v := int64(is.uv())
			if op.dst >= 0 {
				ev.Params[op.dst].Int = v
				has |= 1 << uint(op.dst)
			}
		case wireVarint:
			v := is.v()
			if op.dst >= 0 {
				ev.Params[op.dst].Int = v
				has |= 1 << uint(op.dst)
			}
		default:
			b, err := d.bytes()
			if err != nil {
				return false, err
			}
			if op.dst >= 0 {
				ev.Params[op.dst].Bytes = b
				has |= 1 << uint(op.dst)
			}
		}
	}
	if is.bad {
		return false, corruptf("events: integer values run past their stream")
	}
	ev.Has = has
	return true, nil
}

func (d *blockDecoder) skipValues(plan []planOp) error {
	is := &d.st[stInt]
	for _, op := range plan {
		if op.wire == wireBytes {
			if _, err := d.bytes(); err != nil {
				return err
			}
		} else {
			is.uv()
		}
	}
	if is.bad {
		return corruptf("events: integer values run past their stream")
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
		d.dict = append(d.dict, b)
	}
	return b, nil
}

func (d *blockDecoder) defineShape(es *stream) (*shape, error) {
	id := es.uv()
	dir := es.uv()
	has := es.uv()
	if es.bad {
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
	for i := range ft.params {
		if has&(1<<uint(i)) != 0 {
			d.plans = append(d.plans, planOp{wire: ft.params[i].wire, dst: ft.params[i].local})
		}
	}
	d.shapes = append(d.shapes, shape{local: ft.local, dir: Dir(dir), plan: d.plans[start:len(d.plans):len(d.plans)]})
	return &d.shapes[len(d.shapes)-1], nil
}
