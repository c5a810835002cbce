package format

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"sync"
)

const (
	fileMagic       = "\x89PGR\r\n\x1a\n"
	fileHeaderFixed = 16      // magic, major, minor, message length
	maxHeaderLen    = 4 << 20 // the header message
	maxSchemaTypes  = 65536
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Header message field numbers (docs/format.md).
const (
	hfHostname = 1 + iota
	hfKernelRelease
	hfBootID
	hfArch
	hfCPUs
	hfRecorder
	hfOption
	hfStartTime
	hfSource
	hfSequence
	hfEventType
)

// fileParam is one parameter of one of a file's event types, mapped onto
// this program's catalogue.
type fileParam struct {
	name  string
	typ   ParamType
	wire  uint8
	local int8 // index in the local type's Params, or -1: skip the value
}

// fileType is one event type of a file's schema.
type fileType struct {
	defined bool
	name    string
	local   EventType // EvUnknown if this program does not know the type
	params  []fileParam
}

// schema is a file's event schema, indexed by the file's type ids.
type schema struct {
	types []fileType
}

// names interns the catalogue's event and parameter names, so that
// reading a schema does not allocate a string per name.
var names = sync.OnceValue(func() map[string]string {
	m := make(map[string]string)
	for t := range numEventTypes {
		info := t.Info()
		m[info.Name] = info.Name
		for _, p := range info.Params {
			m[p.Name] = p.Name
		}
	}
	return m
})

// intern returns b as a string, without allocating for catalogue names.
func intern(b []byte) string {
	if s, ok := names()[string(b)]; ok {
		return s
	}
	return string(b)
}

// writerSchema is the schema Peregrine writes: the whole catalogue, ids in
// catalogue order, EvUnknown left out.
var writerSchema = sync.OnceValue(func() []byte {
	var m msg
	for t := EventType(1); t < numEventTypes; t++ {
		info := t.Info()
		m.sub(hfEventType, func(m *msg) {
			m.key(1, 0) // id, always written: 0 is not a default here
			m.b = binary.AppendUvarint(m.b, uint64(t))
			m.str(2, info.Name)
			m.uint(3, uint64(info.Category))
			for _, p := range info.Params {
				m.sub(4, func(m *msg) {
					m.str(1, p.Name)
					m.uint(2, uint64(p.Type))
					m.uint(3, uint64(wireOf(p.Type)))
				})
			}
			m.uint(5, uint64(info.Flags))
		})
	}
	return m.b
})

// encodeFileHeader returns the file header for h: fixed part, header
// message with the writer's schema, CRC.
func encodeFileHeader(h *Header) []byte {
	var m msg
	m.str(hfHostname, h.Hostname)
	m.str(hfKernelRelease, h.KernelRelease)
	m.str(hfBootID, h.BootID)
	m.str(hfArch, h.Arch)
	m.uint(hfCPUs, uint64(max(h.CPUs, 0)))
	m.str(hfRecorder, h.Recorder)
	for _, k := range slices.Sorted(maps.Keys(h.Options)) {
		m.sub(hfOption, func(m *msg) {
			m.strAlways(1, k)
			m.strAlways(2, h.Options[k])
		})
	}
	m.int(hfStartTime, h.StartTime)
	m.str(hfSource, h.Source)
	m.uint(hfSequence, uint64(max(h.Sequence, 0)))
	m.b = append(m.b, writerSchema()...)

	out := make([]byte, 0, fileHeaderFixed+len(m.b)+4)
	out = append(out, fileMagic...)
	out = binary.LittleEndian.AppendUint16(out, CurrentVersion.Major)
	out = binary.LittleEndian.AppendUint16(out, CurrentVersion.Minor)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(m.b)))
	out = append(out, m.b...)
	return binary.LittleEndian.AppendUint32(out, crc32.Checksum(out, crcTable))
}

// readFileHeader reads and checks the file header from r. It returns the
// header, the schema and the header's bytes (the start of the hash chain).
func readFileHeader(r io.Reader) (*Header, *schema, []byte, error) {
	fixed := make([]byte, fileHeaderFixed)
	if n, err := io.ReadFull(r, fixed); err != nil {
		if n >= 4 && string(fixed[:4]) != fileMagic[:4] || n > 0 && n < 4 && string(fixed[:n]) != fileMagic[:n] {
			return nil, nil, nil, ErrNotCapture
		}
		if n == 0 && errors.Is(err, io.EOF) {
			return nil, nil, nil, fmt.Errorf("%w: empty file", ErrNotCapture)
		}
		return nil, nil, nil, fmt.Errorf("%w: file header: %d of %d bytes", ErrTruncated, n, fileHeaderFixed)
	}
	if string(fixed[:8]) != fileMagic {
		return nil, nil, nil, ErrNotCapture
	}
	v := Version{binary.LittleEndian.Uint16(fixed[8:]), binary.LittleEndian.Uint16(fixed[10:])}
	if v.Major > CurrentVersion.Major {
		return nil, nil, nil, fmt.Errorf("%w: file format %d.%d, this program reads %d.x: upgrade peregrine",
			ErrNewerVersion, v.Major, v.Minor, CurrentVersion.Major)
	}
	if v.Major < 1 {
		return nil, nil, nil, corruptf("file header: version %d.%d does not exist", v.Major, v.Minor)
	}
	n := binary.LittleEndian.Uint32(fixed[12:])
	if n > maxHeaderLen {
		return nil, nil, nil, fmt.Errorf("%w: file header claims a %d-byte header message (limit %d)", ErrTooLarge, n, maxHeaderLen)
	}
	raw := make([]byte, fileHeaderFixed+int(n)+4)
	copy(raw, fixed)
	if got, err := io.ReadFull(r, raw[fileHeaderFixed:]); err != nil {
		return nil, nil, nil, fmt.Errorf("%w: file header: %d of %d bytes", ErrTruncated, fileHeaderFixed+got, len(raw))
	}
	body := raw[fileHeaderFixed : fileHeaderFixed+int(n)]
	if crc32.Checksum(raw[:len(raw)-4], crcTable) != binary.LittleEndian.Uint32(raw[len(raw)-4:]) {
		return nil, nil, nil, corruptf("file header: checksum mismatch")
	}
	h, s, err := parseHeaderMessage(body)
	if err != nil {
		return nil, nil, nil, fieldError("file header", err)
	}
	h.Version = v
	return h, s, raw, nil
}

// schemaCache keeps the last schemas parsed, keyed by a hash of their
// event_type fields: the files of one recorder (a rotated set, a corpus)
// share their schema, and parsing it is most of opening a file. Schemas are
// not modified once parsed.
var schemaCache struct {
	sync.Mutex
	keys [8][32]byte
	vals [8]*schema
	next int
}

func cachedSchema(key [32]byte) *schema {
	schemaCache.Lock()
	defer schemaCache.Unlock()
	for i, k := range schemaCache.keys {
		if k == key && schemaCache.vals[i] != nil {
			return schemaCache.vals[i]
		}
	}
	return nil
}

func cacheSchema(key [32]byte, s *schema) {
	schemaCache.Lock()
	defer schemaCache.Unlock()
	i := schemaCache.next
	schemaCache.keys[i], schemaCache.vals[i] = key, s
	schemaCache.next = (i + 1) % len(schemaCache.keys)
}

func parseHeaderMessage(b []byte) (*Header, *schema, error) {
	h := &Header{}
	s := &schema{}
	// The schema's key: its event_type fields, in order.
	sum := sha256.New()
	for r := (msgReader{b: b}); ; {
		ok, err := r.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		if r.field == hfEventType && r.wire == 2 {
			sum.Write(binary.AppendUvarint(nil, uint64(len(r.data))))
			sum.Write(r.data)
		}
	}
	var key [32]byte
	sum.Sum(key[:0])
	cached := cachedSchema(key)
	r := msgReader{b: b}
	for {
		ok, err := r.next()
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		switch r.field {
		case hfHostname:
			h.Hostname, err = r.wantString()
		case hfKernelRelease:
			h.KernelRelease, err = r.wantString()
		case hfBootID:
			h.BootID, err = r.wantString()
		case hfArch:
			h.Arch, err = r.wantString()
		case hfCPUs:
			var u uint32
			u, err = r.wantUint32()
			h.CPUs = int(u)
		case hfRecorder:
			h.Recorder, err = r.wantString()
		case hfOption:
			var k, v string
			if k, v, err = parsePair(&r); err == nil {
				if h.Options == nil {
					h.Options = make(map[string]string)
				}
				h.Options[k] = v
			}
		case hfStartTime:
			h.StartTime, err = r.wantInt()
		case hfSource:
			h.Source, err = r.wantString()
		case hfSequence:
			var u uint32
			u, err = r.wantUint32()
			h.Sequence = int(u)
		case hfEventType:
			var data []byte
			if data, err = r.wantBytes(); err == nil && cached == nil {
				err = s.addType(data)
			}
		}
		if err != nil {
			return nil, nil, err
		}
	}
	if cached != nil {
		return h, cached, nil
	}
	cacheSchema(key, s)
	return h, s, nil
}

// parsePair reads a nested {1: key, 2: value} message of strings.
func parsePair(r *msgReader) (k, v string, err error) {
	data, err := r.wantBytes()
	if err != nil {
		return "", "", err
	}
	p := msgReader{b: data}
	for {
		ok, err := p.next()
		if err != nil || !ok {
			return k, v, err
		}
		switch p.field {
		case 1:
			k, err = p.wantString()
		case 2:
			v, err = p.wantString()
		}
		if err != nil {
			return k, v, err
		}
	}
}

// addType parses one event_type message of the schema and maps it onto the
// catalogue by name.
func (s *schema) addType(b []byte) error {
	var (
		id     uint64
		haveID bool
		ft     = fileType{defined: true}
	)
	n := 0 // count the parameters first: one allocation for them
	for r := (msgReader{b: b}); ; {
		ok, err := r.next()
		if err != nil || !ok {
			break
		}
		if r.field == 4 {
			n++
		}
	}
	if n > MaxParams {
		return corruptf("schema: an event type has %d parameters (limit %d)", n, MaxParams)
	}
	ft.params = make([]fileParam, 0, n)
	r := msgReader{b: b}
	for {
		ok, err := r.next()
		if err != nil {
			return fieldError("schema", err)
		}
		if !ok {
			break
		}
		switch r.field {
		case 1:
			id, err = r.wantUint()
			haveID = true
		case 2:
			var b []byte
			b, err = r.wantBytes()
			ft.name = intern(b)
		case 4:
			var data []byte
			if data, err = r.wantBytes(); err == nil {
				if len(ft.params) >= MaxParams {
					return corruptf("schema: event type %q has more than %d parameters", ft.name, MaxParams)
				}
				var p fileParam
				p, err = parseParam(data)
				ft.params = append(ft.params, p)
			}
		}
		if err != nil {
			return fieldError("schema", err)
		}
	}
	if !haveID || id >= maxSchemaTypes {
		return corruptf("schema: event type %q has no id or an id beyond %d", ft.name, maxSchemaTypes-1)
	}
	if int(id) < len(s.types) && s.types[id].defined {
		return corruptf("schema: type id %d defined twice (%q and %q)", id, s.types[id].name, ft.name)
	}
	local, known := LookupEvent(ft.name)
	if known {
		info := local.Info()
		for i := range ft.params {
			p := &ft.params[i]
			p.local = -1
			if j := info.Param(p.name); j >= 0 && info.Params[j].Type.IsInt() == (p.wire != wireBytes) {
				p.local = int8(j)
			}
		}
		ft.local = local
	} else {
		for i := range ft.params {
			ft.params[i].local = -1
		}
	}
	if int(id) >= len(s.types) {
		if int(id) >= cap(s.types) {
			grown := make([]fileType, len(s.types), max(2*cap(s.types), int(id)+1, 256))
			copy(grown, s.types)
			s.types = grown
		}
		s.types = s.types[:id+1]
	}
	s.types[id] = ft
	return nil
}

func parseParam(b []byte) (fileParam, error) {
	p := fileParam{local: -1}
	r := msgReader{b: b}
	for {
		ok, err := r.next()
		if err != nil {
			return p, err
		}
		if !ok {
			break
		}
		switch r.field {
		case 1:
			var b []byte
			b, err = r.wantBytes()
			p.name = intern(b)
		case 2:
			var u uint64
			u, err = r.wantUint()
			if u > 255 {
				err = corruptf("parameter %q: type code %d", p.name, u)
			}
			p.typ = ParamType(u)
		case 3:
			var u uint64
			u, err = r.wantUint()
			if u > wireBytes {
				err = corruptf("parameter %q: unknown wire class %d", p.name, u)
			}
			p.wire = uint8(u)
		}
		if err != nil {
			return p, err
		}
	}
	return p, nil
}
