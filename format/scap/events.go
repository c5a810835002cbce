package scap

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"slices"

	"github.com/peregrine-sec/peregrine/format"
)

// How a scap parameter's bytes become a format.Value.
const (
	kindNone   uint8 = iota // no slot in the catalogue: dropped
	kindInt                 // signed little-endian integer of 1, 2, 4 or 8 bytes
	kindUint                // unsigned little-endian integer
	kindString              // C string: cut at the first NUL
	kindList                // NUL-separated list: one trailing NUL dropped
	kindRaw                 // bytes as they are
	// kindDynInt: a PT_DYN parameter holding an integer: the driver
	// writes a 1-byte index (which integer) before its 8 bytes; without
	// the index (8 bytes, as libscap's converter tests build it) the bytes
	// are the integer.
	kindDynInt
)

// paramMap says where one scap parameter goes.
type paramMap struct {
	slot int8 // index in the catalogue type's Params
	kind uint8
	// narrow is the catalogue slot's width in bytes when an integer
	// parameter is wider than it (0 otherwise): the value is cut to it,
	// as libscap's converter copies the low bytes (bpf's 64-bit enter cmd
	// into the exit's 32-bit cmd).
	narrow uint8
}

// intWidth is the width in bytes of an integer parameter type.
func intWidth(pt format.ParamType) int {
	switch pt {
	case format.PTInt8, format.PTUint8, format.PTSigType, format.PTL4Proto, format.PTSockFamily,
		format.PTFlags8, format.PTEnumFlags8:
		return 1
	case format.PTInt16, format.PTUint16, format.PTSyscallID, format.PTPort, format.PTFlags16,
		format.PTEnumFlags16:
		return 2
	case format.PTInt32, format.PTUint32, format.PTBool, format.PTFlags32, format.PTUID, format.PTGID,
		format.PTSigSet, format.PTMode, format.PTEnumFlags32:
		return 4
	}
	return 8
}

// eventMap maps one scap event id onto Peregrine's catalogue.
type eventMap struct {
	typ    format.EventType // EvUnknown: no catalogue type, the event is skipped
	dir    format.Dir
	large  bool // u32 parameter lengths
	unused bool
	// keepsPending: the event leaves its thread's pending enter event
	// alone (scheduler switches and meta events, as in libsinsp's
	// parser reset), so that a syscall's exit still finds its enter.
	keepsPending bool
	params       []paramMap
	nslots       int // parameters of the catalogue type
	// zeroes are the slots an exit event of this old layout gets as 0
	// when neither it nor its enter event has them, as libscap's
	// converter fills them (exitZeroes).
	zeroes uint64
	// enterOnly are the slots of this enter event that its exit event
	// does not take (enterOnly).
	enterOnly uint64
}

// enterRenames maps parameters of old enter events whose name differs
// from the newest exit event's, as libscap's converter moves them.
var enterRenames = map[string]map[string]string{
	"SYSCALL_DUP_E": {"fd": "oldfd"},
}

// enterOnly are parameters of enter events that share a name with a
// different parameter of the exit event: the exit does not take them.
// execveat's enter flags are AT_* flags, the exit's are the PPM_EXE_*
// flags of the new executable (libscap's converter leaves an old exit's
// flags empty, it does not move the enter's there).
var enterOnly = map[string][]string{
	"SYSCALL_EXECVEAT_E": {"flags"},
}

// exitRenames maps parameters of old exit events whose name differs from
// the newest exit event's, as libscap's converter moves them: the old bpf
// exit's res_or_fd (an fd, or an error) becomes the new one's fd.
var exitRenames = map[string]map[string]string{
	"SYSCALL_BPF_X": {"res_or_fd": "fd"},
}

// exitZeroes are the integer parameters that libscap's converter sets to 0
// (its default value, not empty) when it converts these old exit events
// and neither they nor their enter event have them: those it fills from
// the enter event without falling back to empty when the enter event is
// missing, and those it fills with the default. Rules see 0. (Facts from
// libscap's converter table, userspace/libscap/engine/savefile/converter/
// table.cpp; names are the newest exit event's.)
var exitZeroes = map[string][]string{
	"SOCKET_ACCEPT4_5_X":        {"flags"},
	"SOCKET_ACCEPT4_6_X":        {"flags"},
	"SOCKET_ACCEPT4_X":          {"queuelen", "queuemax", "flags"},
	"SOCKET_ACCEPT_X":           {"queuelen", "queuemax"},
	"SOCKET_BIND_X":             {"fd"},
	"SOCKET_CONNECT_X":          {"fd"},
	"SOCKET_LISTEN_X":           {"fd", "backlog"},
	"SOCKET_RECVFROM_X":         {"fd", "size"},
	"SOCKET_RECVMMSG_X":         {"res"},
	"SOCKET_RECVMSG_X":          {"fd"},
	"SOCKET_RECV_X":             {"fd", "size"},
	"SOCKET_SENDMMSG_X":         {"res"},
	"SOCKET_SENDMSG_X":          {"fd", "size"},
	"SOCKET_SENDTO_X":           {"fd", "size"},
	"SOCKET_SEND_X":             {"fd", "size"},
	"SOCKET_SHUTDOWN_X":         {"fd", "how"},
	"SOCKET_SOCKETPAIR_X":       {"domain", "type", "proto"},
	"SOCKET_SOCKET_X":           {"domain", "type", "proto", "flags"},
	"SYSCALL_ACCESS_X":          {"mode"},
	"SYSCALL_CLOSE_X":           {"fd"},
	"SYSCALL_COPY_FILE_RANGE_X": {"fdin", "offin", "len"},
	"SYSCALL_EPOLLWAIT_X":       {"maxevents"},
	"SYSCALL_EPOLL_CREATE1_X":   {"flags"},
	"SYSCALL_EPOLL_CREATE_X":    {"size"},
	"SYSCALL_EVENTFD2_X":        {"initval"},
	"SYSCALL_EVENTFD_X":         {"initval", "flags"},
	"SYSCALL_FCNTL_X":           {"fd", "cmd", "arg"},
	"SYSCALL_FLOCK_X":           {"fd", "operation"},
	"SYSCALL_FSTAT_X":           {"fd"},
	"SYSCALL_FUTEX_X":           {"addr", "op", "val"},
	"SYSCALL_GETDENTS64_X":      {"fd"},
	"SYSCALL_GETDENTS_X":        {"fd"},
	"SYSCALL_GETRLIMIT_X":       {"resource"},
	"SYSCALL_INOTIFY_INIT_X":    {"flags"},
	"SYSCALL_IOCTL_3_X":         {"fd", "request", "argument"},
	"SYSCALL_KILL_X":            {"pid", "sig"},
	"SYSCALL_LLSEEK_X":          {"fd", "offset", "whence"},
	"SYSCALL_LSEEK_X":           {"fd", "offset", "whence"},
	"SYSCALL_MMAP2_X":           {"addr", "length", "prot", "flags", "fd", "pgoffset"},
	"SYSCALL_MMAP_X":            {"addr", "length", "prot", "flags", "fd", "offset"},
	"SYSCALL_MOUNT_X":           {"flags"},
	"SYSCALL_MPROTECT_X":        {"addr", "length", "prot"},
	"SYSCALL_MUNMAP_X":          {"addr", "length"},
	"SYSCALL_NANOSLEEP_X":       {"interval"},
	"SYSCALL_POLL_X":            {"timeout"},
	"SYSCALL_PPOLL_X":           {"timeout", "sigmask"},
	"SYSCALL_PREADV_X":          {"fd", "pos"},
	"SYSCALL_PREAD_X":           {"fd", "size", "pos"},
	"SYSCALL_PWRITEV_X":         {"fd", "size", "pos"},
	"SYSCALL_PWRITE_X":          {"fd", "size", "pos"},
	"SYSCALL_QUOTACTL_X":        {"cmd", "type", "id", "quota_fmt"},
	"SYSCALL_READV_X":           {"fd"},
	"SYSCALL_READ_X":            {"fd", "size"},
	"SYSCALL_SECCOMP_X":         {"op", "flags"},
	"SYSCALL_SEMCTL_X":          {"semid", "semnum", "cmd", "val"},
	"SYSCALL_SEMGET_X":          {"key", "nsems", "semflg"},
	"SYSCALL_SEMOP_X":           {"semid"},
	"SYSCALL_SENDFILE_X":        {"out_fd", "in_fd", "size"},
	"SYSCALL_SETRLIMIT_X":       {"resource"},
	"SYSCALL_SIGNALFD4_X":       {"fd", "mask"},
	"SYSCALL_SIGNALFD_X":        {"fd", "mask", "flags"},
	"SYSCALL_SPLICE_X":          {"fd_in", "fd_out", "size", "flags"},
	"SYSCALL_TGKILL_X":          {"pid", "tid", "sig"},
	"SYSCALL_TIMERFD_CREATE_X":  {"clockid", "flags"},
	"SYSCALL_TKILL_X":           {"tid", "sig"},
	"SYSCALL_UMOUNT2_X":         {"flags"},
	"SYSCALL_UNSHARE_X":         {"flags"},
	"SYSCALL_WRITEV_X":          {"fd", "size"},
	"SYSCALL_WRITE_X":           {"fd", "size"},
}

// eventMaps is built once from the generated table and the catalogue.
var eventMaps = buildEventMaps()

func buildEventMaps() *[numScapEvents]eventMap {
	var m [numScapEvents]eventMap
	for id := range scapEvents {
		se := &scapEvents[id]
		em := &m[id]
		em.dir = format.DirExit
		if id%2 == 0 {
			em.dir = format.DirEnter
		}
		em.large = se.flags&evLarge != 0
		em.unused = se.flags&evUnused != 0
		em.keepsPending = se.flags&evSkipReset != 0 || slices.Contains(pendingNeutral, uint16(id))
		em.params = make([]paramMap, len(se.params))
		t, ok := format.LookupEvent(se.name)
		if !ok || em.unused {
			continue
		}
		em.typ = t
		info := t.Info()
		em.nslots = len(info.Params)
		for _, name := range exitZeroes[se.enum] {
			if slot := info.Param(name); slot >= 0 && slot < format.MaxParams {
				em.zeroes |= 1 << uint(slot)
			}
		}
		for _, name := range enterOnly[se.enum] {
			if slot := info.Param(name); slot >= 0 && slot < format.MaxParams {
				em.enterOnly |= 1 << uint(slot)
			}
		}
		for i, p := range se.params {
			name := p.name
			if to, ok := enterRenames[se.enum][name]; ok {
				name = to
			}
			if to, ok := exitRenames[se.enum][name]; ok {
				name = to
			}
			slot := info.Param(name)
			if slot < 0 || slot >= format.MaxParams {
				continue
			}
			want := info.Params[slot].Type
			kind := paramKind(p)
			if p.typ == format.PTDyn && want.IsInt() {
				kind = kindDynInt
			} else if want.IsInt() != p.typ.IsInt() {
				continue // cannot be represented in the catalogue's slot
			}
			pm := paramMap{slot: int8(slot), kind: kind}
			if p.typ.IsInt() && want.IsInt() && intWidth(want) < intWidth(p.typ) {
				pm.narrow = uint8(intWidth(want))
				pm.kind = kindUint
				if want.IsSigned() {
					pm.kind = kindInt
				}
			}
			em.params[i] = pm
		}
	}
	return &m
}

func paramKind(p scapParam) uint8 {
	switch {
	case p.typ.IsInt():
		if p.typ.IsSigned() {
			return kindInt
		}
		return kindUint
	case p.typ == format.PTCharBuf || p.typ == format.PTFSPath || p.typ == format.PTFSRelPath:
		return kindString
	case p.typ == format.PTByteBuf && (p.name == "args" || p.name == "env" || p.name == "cgroups"):
		return kindList
	case p.typ == format.PTCharBufList:
		return kindList
	}
	return kindRaw
}

// pendingNeutral are the ids, besides those flagged EF_SKIPPARSERESET,
// that libsinsp's parser reset does not record as a thread's last event:
// scheduler switches and the meta events without a thread.
var pendingNeutral = []uint16{
	146, 152, // PPME_SCHEDSWITCH_1_E, PPME_SCHEDSWITCH_6_E
	322, 324, // PPME_PLUGINEVENT_E, PPME_CONTAINER_JSON_2_E
	354, 356, 358, 360, // PPME_USER_ADDED_E, _DELETED_E, PPME_GROUP_ADDED_E, _DELETED_E
	402, // PPME_ASYNCEVENT_E
}

// Event ids with quirks in old (V1) event blocks: their recorded length is
// 3 bytes too long.
const (
	ppmeNotificationE = 280
	ppmeInfraE        = 286
)

// enterSlot keeps a thread's last enter event for its exit event. Its
// values point into the read buffer, where the enter event's block is,
// until the buffer is about to move them (pin copies them into buf).
type enterSlot struct {
	id     uint16 // scap id of the enter event; noEnter when none is pending
	has    uint64
	vals   [format.MaxParams]format.Value
	buf    []byte
	inRead bool // vals point into the read buffer; the slot is in Reader.unpinned
	// lent says an exit event took values from buf while batches may
	// hold it (ReadHeld): the next copy goes into a new buffer.
	lent bool
}

const noEnter = 0xffff

// decodeEvent decodes an event block into ev. It returns false when the
// event was skipped (a warning says why).
func (r *Reader) decodeEvent(b *rawBlock, ev *format.Event) bool {
	flags, v2 := eventBlockLayout(b.typ)
	p := b.body
	hdrOff, hdrLen := 2, 22
	if flags {
		hdrOff += 4
	}
	if v2 {
		hdrLen = 26
	}
	if len(p) < hdrOff+hdrLen {
		r.stats.Skipped++
		r.warn(r.errAt(b.num, b.typ, b.off, ErrCorrupt,
			fmt.Sprintf("event block body of %d bytes is shorter than its %d-byte header; skipped", len(p), hdrOff+hdrLen)))
		return false
	}
	e := p[hdrOff:]
	evLen := int(binary.LittleEndian.Uint32(e[16:]))
	id := binary.LittleEndian.Uint16(e[20:])
	if int(id) >= numScapEvents {
		r.skipNewer(b, id)
		return false
	}
	r.num++
	em := &eventMaps[id]
	if evLen > len(e) {
		return r.skipDamaged(b, id, fmt.Sprintf("event length %d runs past the block's %d bytes", evLen, len(e)))
	}
	if evLen < hdrLen {
		return r.skipDamaged(b, id, fmt.Sprintf("event length %d is shorter than the %d-byte event header", evLen, hdrLen))
	}
	e = e[:evLen]

	var nparams int
	lenSize := 2
	full := e        // the event as recorded, for counting V1 parameters again
	guessed := false // nparams is a V1 type's count of last time: to be checked
	if v2 {
		if em.large {
			lenSize = 4
		}
		np := binary.LittleEndian.Uint32(e[22:])
		if uint64(np)*uint64(lenSize) > uint64(evLen-hdrLen) {
			return r.skipDamaged(b, id, fmt.Sprintf("%d parameters do not fit in event length %d", np, evLen))
		}
		nparams = int(np)
	} else {
		if id == ppmeNotificationE || id == ppmeInfraE {
			e = e[:evLen-3] // these events record a length 3 bytes too long
		}
		if c := int(r.v1Count[id]) - 1; c >= 0 && hdrLen+2*c <= len(e) {
			// The count this type had last time: decoding checks that
			// the lengths add up to the event's.
			nparams, guessed = c, true
		} else {
			var msg string
			if nparams, msg = v1Params(full, id); nparams < 0 {
				return r.skipDamaged(b, id, msg)
			}
			r.v1Count[id] = uint8(nparams + 1)
		}
	}
	tid := int64(binary.LittleEndian.Uint64(e[8:]))
	if em.typ == format.EvUnknown {
		if guessed && !v1Fits(full, id, nparams) {
			n, msg := v1Params(full, id)
			if n < 0 {
				return r.skipDamaged(b, id, msg)
			}
			r.v1Count[id] = uint8(n + 1)
		}
		r.skipUncatalogued(b, id, tid, em)
		return false
	}

	// As ev.Reset, but the slots are cleared after the parameters are
	// set, only those left unset.
	ps := ev.Params
	if cap(ps) < em.nslots {
		ps = make([]format.Value, em.nslots, format.MaxParams)
	}
	ps = ps[:em.nslots]
	ev.Params = ps
	ev.Type, ev.Dir, ev.Has = em.typ, em.dir, 0
	ev.Num = r.num
	ev.Time = int64(binary.LittleEndian.Uint64(e))
	ev.CPU = binary.LittleEndian.Uint16(p)
	ev.TID = tid
	ev.PID = 0
	used, bad, badLen := decodeParams(ev, em, e[hdrLen:], nparams, lenSize)
	if guessed && (bad >= 0 || hdrLen+2*nparams+used != len(e)) {
		// Not last time's count: work it out, and decode again.
		var msg string
		if nparams, msg = v1Params(full, id); nparams < 0 {
			return r.skipDamaged(b, id, msg)
		}
		r.v1Count[id] = uint8(nparams + 1)
		ev.Has = 0
		_, bad, badLen = decodeParams(ev, em, e[hdrLen:], nparams, lenSize)
	}
	if bad >= 0 {
		return r.skipDamaged(b, id, fmt.Sprintf("parameter %d length %d runs past the event", bad, badLen))
	}
	for unset := ^ev.Has & (1<<uint(em.nslots) - 1); unset != 0; unset &= unset - 1 {
		ps[bits.TrailingZeros64(unset)] = format.Value{}
	}

	switch {
	case em.keepsPending:
	case em.dir == format.DirEnter:
		r.keepEnter(ev, id, b.long)
	default:
		r.addEnter(ev, id)
		// Unset slots hold the zero Value: marking them present is
		// setting them to 0.
		ev.Has |= em.zeroes
	}
	return true
}

// decodeParams decodes an event's nparams parameters from body (the event
// after its header: the lengths, lenSize bytes each, then the values) into
// ev's slots. It returns how many bytes the values took, or the index and
// length of the first parameter whose length runs past the event (bad is
// -1 when none does).
func decodeParams(ev *format.Event, em *eventMap, body []byte, nparams, lenSize int) (used, bad, badLen int) {
	lens := body[:nparams*lenSize]
	vals := body[nparams*lenSize:]
	known := min(nparams, len(em.params))
	off := 0
	for i := 0; i < nparams; i++ {
		var n int
		if lenSize == 2 {
			n = int(binary.LittleEndian.Uint16(lens[2*i:]))
		} else {
			n = int(binary.LittleEndian.Uint32(lens[4*i:]))
		}
		if n > len(vals)-off {
			return off, i, n
		}
		if i < known {
			if pm := em.params[i]; pm.kind != kindNone {
				setParam(ev, pm, vals[off:off+n:off+n])
			}
		}
		off += n
	}
	return off, -1, 0
}

// v1Params works out how many parameters a V1 event (which does not record
// it) has: the count whose lengths add up to the event's length, from the
// most its type has downwards, as libscap does. It returns -1 and why when
// none fits.
func v1Params(e []byte, id uint16) (int, string) {
	const hdrLen = 22
	end := len(e)
	if id == ppmeNotificationE || id == ppmeInfraE {
		// these events record a length 3 bytes too long
		end -= 3
	}
	for n := len(scapEvents[id].params); n >= 0; n-- {
		pos := hdrLen + 2*n
		if pos > end {
			continue
		}
		for i := 0; i < n; i++ {
			pos += int(binary.LittleEndian.Uint16(e[hdrLen+2*i:]))
		}
		if pos < end {
			return -1, fmt.Sprintf("parameter lengths add up to %d, short of event length %d", pos, end)
		}
		if pos == end {
			return n, ""
		}
	}
	return -1, fmt.Sprintf("no parameter count fits event length %d", end)
}

// v1Fits reports whether a V1 event has exactly n parameters.
func v1Fits(e []byte, id uint16, n int) bool {
	const hdrLen = 22
	end := len(e)
	if id == ppmeNotificationE || id == ppmeInfraE {
		end -= 3
	}
	pos := hdrLen + 2*n
	if pos > end {
		return false
	}
	for i := 0; i < n; i++ {
		pos += int(binary.LittleEndian.Uint16(e[hdrLen+2*i:]))
	}
	return pos == end
}

// skipNewer warns (once per type) about an event type newer than the
// table. libscap skips such events without numbering them; so do we.
func (r *Reader) skipNewer(b *rawBlock, id uint16) {
	r.stats.Skipped++
	if r.warned[uint64(id)] {
		return
	}
	r.warned[uint64(id)] = true
	r.warn(r.errAt(b.num, b.typ, b.off, ErrSkipped,
		fmt.Sprintf("event type %d is newer than this program's scap table (%d types); events of this type are skipped", id, numScapEvents)))
}

// skipDamaged warns about a damaged event and skips it.
func (r *Reader) skipDamaged(b *rawBlock, id uint16, msg string) bool {
	r.stats.Skipped++
	w := r.errAt(b.num, b.typ, b.off, ErrCorrupt, scapEvents[id].name+" event: "+msg+"; skipped")
	w.Event = r.num
	r.warn(w)
	return false
}

// skipUncatalogued skips an event whose type has no catalogue entry,
// warning once per type.
func (r *Reader) skipUncatalogued(b *rawBlock, id uint16, tid int64, em *eventMap) {
	r.stats.Skipped++
	if !r.warned[uint64(id)] {
		r.warned[uint64(id)] = true
		se := &scapEvents[id]
		w := r.errAt(b.num, b.typ, b.off, ErrSkipped,
			fmt.Sprintf("event type %s (PPME_%s) has no Peregrine event type; events of this type are skipped", se.name, se.enum))
		w.Event = r.num
		r.warn(w)
	}
	// Still consume the thread's pending enter event, as an exit would.
	if em.dir == format.DirExit && !em.keepsPending {
		if s := r.slot(tid, false); s != nil {
			s.id = noEnter
		}
	}
}

// setParam stores one parameter value into its slot.
func setParam(ev *format.Event, pm paramMap, v []byte) {
	i := int(pm.slot)
	if pm.narrow != 0 && len(v) > int(pm.narrow) {
		v = v[:pm.narrow]
	}
	switch pm.kind {
	case kindInt:
		switch len(v) {
		case 1:
			ev.SetInt(i, int64(int8(v[0])))
		case 2:
			ev.SetInt(i, int64(int16(binary.LittleEndian.Uint16(v))))
		case 4:
			ev.SetInt(i, int64(int32(binary.LittleEndian.Uint32(v))))
		case 8:
			ev.SetInt(i, int64(binary.LittleEndian.Uint64(v)))
		}
	case kindUint:
		switch len(v) {
		case 1:
			ev.SetInt(i, int64(v[0]))
		case 2:
			ev.SetInt(i, int64(binary.LittleEndian.Uint16(v)))
		case 4:
			ev.SetInt(i, int64(binary.LittleEndian.Uint32(v)))
		case 8:
			ev.SetInt(i, int64(binary.LittleEndian.Uint64(v)))
		}
	case kindString:
		if j := bytes.IndexByte(v, 0); j >= 0 {
			v = v[:j]
		}
		ev.SetBytes(i, v)
	case kindDynInt:
		if len(v) == 9 {
			v = v[1:]
		}
		if len(v) == 8 {
			ev.SetInt(i, int64(binary.LittleEndian.Uint64(v)))
		}
	case kindList:
		if len(v) > 0 && v[len(v)-1] == 0 {
			v = v[:len(v)-1]
		}
		ev.SetBytes(i, v)
	default:
		ev.SetBytes(i, v)
	}
}

// slot returns the pending-enter slot of a thread, making one if create
// is set. The last thread's slot is cached: events come in runs.
func (r *Reader) slot(tid int64, create bool) *enterSlot {
	if r.lastSlot != nil && r.lastTID == tid {
		return r.lastSlot
	}
	s := r.threads[tid]
	if s == nil {
		if !create {
			return nil
		}
		if len(r.threads) >= r.maxThr {
			r.threads = make(map[int64]*enterSlot)
			if !r.warned[1<<33] {
				r.warned[1<<33] = true
				r.warn(&FormatError{File: r.name, Block: -1, Offset: r.off, Event: r.num, Err: ErrSkipped,
					Msg: fmt.Sprintf("more than %d threads with pending enter events; pending enter arguments dropped", r.maxThr)})
			}
		}
		s = &enterSlot{}
		r.threads[tid] = s
	}
	r.lastTID, r.lastSlot = tid, s
	return s
}

// keepEnter remembers an enter event's parameters for the thread's exit.
// The values stay where they are, in the read buffer (pin copies them
// before the buffer moves), unless the block is a long one, whose buffer
// the next long block reuses.
func (r *Reader) keepEnter(ev *format.Event, id uint16, long bool) {
	s := r.slot(ev.TID, true)
	s.id = id
	s.has = ev.Has
	for has := ev.Has; has != 0; has &= has - 1 {
		i := bits.TrailingZeros64(has)
		s.vals[i] = ev.Params[i]
	}
	switch {
	case long:
		s.own()
	case !s.inRead:
		s.inRead = true
		r.unpinned = append(r.unpinned, s)
	}
}

// pin copies the values of the pending enter events that point into the
// read buffer into their slots' own buffers. The read buffer calls it
// before it moves its contents.
func (r *Reader) pin() {
	for _, s := range r.unpinned {
		if s.inRead && s.id != noEnter {
			s.own()
		}
		s.inRead = false
	}
	clear(r.unpinned)
	r.unpinned = r.unpinned[:0]
}

// own copies the slot's byte values into its own buffer.
func (s *enterSlot) own() {
	need := 0
	for has := s.has; has != 0; has &= has - 1 {
		need += len(s.vals[bits.TrailingZeros64(has)].Bytes)
	}
	if cap(s.buf) < need || s.lent {
		s.buf = make([]byte, 0, need)
		s.lent = false
	}
	buf := s.buf[:0]
	for has := s.has; has != 0; has &= has - 1 {
		if v := &s.vals[bits.TrailingZeros64(has)]; v.Bytes != nil {
			start := len(buf)
			buf = append(buf, v.Bytes...)
			v.Bytes = buf[start:len(buf):len(buf)]
		}
	}
	s.buf = buf
	s.inRead = false
}

// addEnter gives an exit event the arguments of its thread's pending enter
// event (if the enter is of the matching type), for the parameters the
// exit does not have itself.
func (r *Reader) addEnter(ev *format.Event, id uint16) {
	s := r.slot(ev.TID, false)
	if s == nil {
		return
	}
	if s.id == id-1 {
		if r.holding && !s.inRead {
			s.lent = true
		}
		missing := s.has &^ ev.Has &^ eventMaps[s.id].enterOnly
		ev.Has |= missing
		for ; missing != 0; missing &= missing - 1 {
			i := bits.TrailingZeros64(missing)
			ev.Params[i] = s.vals[i]
		}
	}
	s.id = noEnter
}
