package replay

import (
	"encoding/binary"
	"testing"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/rules/fields"
)

// fuzzEvents turns fuzz input into events: captures are hostile input, and
// any sequence of well-formed events (any type, any parameter values, any
// thread) must update the state and extract every field without panicking.
func fuzzEvents(data []byte, emit func(e *format.Event)) {
	var e format.Event
	ts := int64(1_700_000_000_000_000_000)
	next := func(n int) []byte {
		if len(data) < n {
			b := make([]byte, n)
			copy(b, data)
			data = data[:0]
			return b
		}
		b := data[:n]
		data = data[n:]
		return b
	}
	for len(data) > 4 {
		head := next(4)
		t := format.EventType(int(binary.LittleEndian.Uint16(head)) % format.NumEventTypes)
		dir := format.DirExit
		if head[2]&1 != 0 {
			dir = format.DirEnter
		}
		e.Reset(t, dir)
		e.TID = int64(head[3] % 8)
		e.PID = int64(head[2] >> 5)
		ts += int64(head[2]) * 1e8
		e.Time = ts
		e.CPU = uint16(head[3] >> 4)
		for i, pi := range t.Info().Params {
			sel := next(1)[0]
			if sel&3 == 0 {
				continue // absent
			}
			if pi.Type.IsInt() {
				var v int64
				switch sel >> 6 {
				case 0:
					v = int64(int8(next(1)[0])) // small values: fds, pids, flags
				case 1:
					v = -100 // AT_FDCWD
				default:
					v = int64(binary.LittleEndian.Uint64(next(8)))
				}
				e.SetInt(i, v)
				continue
			}
			n := int(sel >> 2)
			e.SetBytes(i, append([]byte(nil), next(n)...))
		}
		emit(&e)
	}
}

func FuzzApply(f *testing.F) {
	f.Add([]byte("\x02\x00\x00\x01\x05\x03\x00/etc/passwd\x05\x01"))
	f.Add([]byte("\x55\x00\x00\x02\x41\x00\x09\x01\x01\x01\x01\x09\x01\x01\x01\x01"))
	f.Add([]byte("\x08\x00\x00\x03\xfd\x02\x0a\x00\x00\x01\x01\x01\x01\x7f\x00\x00\x01\x00\x50"))
	var exs []fields.Extractor
	for _, fl := range fields.Default.All() {
		fl := fl
		arg := sampleArg(&fl)
		if fl.Arg != fields.IndexArg && fl.Arg != fields.KeyArg {
			if ex, err := Fields().Bind(&fl, ""); err == nil {
				exs = append(exs, ex)
			}
		}
		if arg != "" {
			if ex, err := Fields().Bind(&fl, arg); err == nil {
				exs = append(exs, ex)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h := newHostState("fuzz")
		h.load(baseSnapshot())
		c := &evalContext{syscallName: syscallName}
		fuzzEvents(data, func(e *format.Event) {
			h.apply(c, e)
			for _, ex := range exs {
				ex(c)
			}
		})
	})
}
