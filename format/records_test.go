package format

import (
	"bytes"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// randomValue returns a random value of parameter type t.
func randomValue(r *rand.Rand, t ParamType) Value {
	if !t.IsInt() {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		if r.IntN(8) == 0 { // also long values, past the dictionary limit
			b = bytes.Repeat([]byte{byte(r.Uint32())}, maxDictLen+1+r.IntN(100))
		}
		return Value{Bytes: b}
	}
	switch r.IntN(4) {
	case 0:
		return Value{Int: int64(r.IntN(128))}
	case 1:
		return Value{Int: -int64(r.IntN(1 << 20))}
	case 2:
		return Value{Int: []int64{math.MinInt64, math.MaxInt64, -1, 0, math.MaxUint32}[r.IntN(5)]}
	}
	return Value{Int: int64(r.Uint64())}
}

// TestRoundTripEveryEventType writes events of every catalogue type with
// random values of every parameter (so every ParamType in the catalogue),
// both directions, random parameter subsets, explicit event numbers that
// jump back and forth, and times that go backwards and wrap, and reads them
// back.
func TestRoundTripEveryEventType(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	var evs []Event
	times := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, 1_764_000_000_000_000_000}
	for round := range 6 {
		for typ := EventType(1); typ < numEventTypes; typ++ {
			var ev Event
			ev.Reset(typ, Dir(r.IntN(2)))
			for i, p := range typ.Info().Params {
				if round == 0 || r.IntN(3) != 0 {
					ev.Set(i, randomValue(r, p.Type))
				}
			}
			ev.Num = uint64(len(evs) + 1)
			if r.IntN(4) == 0 {
				ev.Num = r.Uint64()
			}
			ev.Time = times[r.IntN(len(times))] + r.Int64N(1000)
			ev.CPU = uint16(r.IntN(65536))
			ev.TID = int64(r.Uint64())
			ev.PID = int64(r.IntN(5))
			evs = append(evs, ev)
		}
	}
	for name, opts := range map[string]*WriterOptions{"default": nil, "small blocks": {BlockSize: 4096}} {
		t.Run(name, func(t *testing.T) {
			data := writeCapture(t, &Header{Hostname: "h"}, nil, evs, opts)
			rd, got := readAll(t, data, nil)
			if len(got) != len(evs) {
				t.Fatalf("read %d events, wrote %d; warnings %v; stats %+v", len(got), len(evs), rd.Warnings(), rd.Stats())
			}
			for i := range evs {
				if !sameEvent(&evs[i], &got[i]) {
					t.Fatalf("event %d (%s):\nwrote %+v\nread  %+v", i, evs[i].Type, evs[i], got[i])
				}
			}
			if len(rd.Warnings()) > 0 {
				t.Fatalf("warnings: %v", rd.Warnings())
			}
		})
	}
}

// fill sets every field of the value v points to to a non-zero value, so
// that a field the encoder forgets shows up in a round trip.
func fill(r *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("s" + string(rune('a'+r.IntN(26))) + "\x00é")
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-1 - int64(r.IntN(1000)))
		if v.Kind() == reflect.Int {
			v.SetInt(1 + int64(r.IntN(1000)))
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1 + uint64(r.IntN(250)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		n := 1 + r.IntN(3)
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			fill(r, s.Index(i))
		}
		if v.Type().Elem().Kind() == reflect.String {
			s.Index(0).SetString("") // empty elements survive
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(r, k)
			fill(r, e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(r, v.Field(i))
		}
	default:
		panic("fill: " + v.Kind().String())
	}
}

func TestRoundTripSnapshotAllFields(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var snap Snapshot
	fill(r, reflect.ValueOf(&snap).Elem())
	snap.Threads[0].UID = NoID
	var hdr Header
	fill(r, reflect.ValueOf(&hdr).Elem())
	hdr.Version = CurrentVersion
	hdr.CPUs, hdr.Sequence = 64, 3
	data := writeCapture(t, &hdr, &snap, nil, &WriterOptions{BlockSize: 4096})
	rd, _ := readAll(t, data, nil)
	if !reflect.DeepEqual(rd.Snapshot(), &snap) {
		t.Errorf("snapshot:\nwrote %+v\nread  %+v", snap, *rd.Snapshot())
	}
	if !reflect.DeepEqual(rd.Header(), &hdr) {
		t.Errorf("header:\nwrote %+v\nread  %+v", hdr, *rd.Header())
	}
}

// TestLargeSnapshotSpansBlocks checks that a snapshot larger than a block
// is split into several snapshot blocks and read back whole.
func TestLargeSnapshotSpansBlocks(t *testing.T) {
	s := NewSynth(3)
	snap := s.Snapshot()
	for i := range 5000 {
		snap.FDs = append(snap.FDs, FD{PID: int64(i), Num: int64(i), Type: FDIPv4, Name: "10.0.0.1:1->10.0.0.2:2",
			Tuple: AppendSockTuple(nil, SockTuple{Family: AFInet})})
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, nil, snap, &WriterOptions{BlockSize: 4096})
	if err != nil {
		t.Fatal(err)
	}
	if w.Stats().Blocks < 10 {
		t.Fatalf("snapshot in %d blocks, want many", w.Stats().Blocks)
	}
	w.Close()
	rd, _ := readAll(t, buf.Bytes(), nil)
	if !reflect.DeepEqual(rd.Snapshot(), snap) {
		t.Fatal("snapshot differs")
	}
}
