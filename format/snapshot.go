package format

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
	"unsafe"
)

// Snapshot record kinds (docs/format.md, "Snapshot blocks").
const (
	recSnapshot  = 1
	recThread    = 2
	recFD        = 3
	recUser      = 4
	recGroup     = 5
	recContainer = 6
	recInterface = 7
)

// snapshotRecords calls emit with each record of s, encoded.
func snapshotRecords(s *Snapshot, emit func(rec []byte) error) error {
	var m msg
	rec := func(kind int, fill func(*msg)) error {
		m.b = m.b[:0]
		fill(&m)
		out := binary.AppendUvarint(nil, uint64(kind))
		out = binary.AppendUvarint(out, uint64(len(m.b)))
		return emit(append(out, m.b...))
	}
	if err := rec(recSnapshot, func(m *msg) { m.int(1, s.Time) }); err != nil {
		return err
	}
	for i := range s.Threads {
		if err := rec(recThread, func(m *msg) { encodeThread(m, &s.Threads[i]) }); err != nil {
			return err
		}
	}
	for i := range s.FDs {
		f := &s.FDs[i]
		err := rec(recFD, func(m *msg) {
			m.int(1, f.PID)
			m.int(2, f.Num)
			m.uint(3, uint64(f.Type))
			m.str(4, f.Name)
			m.uint(5, uint64(f.Flags))
			m.uint(6, uint64(f.Dev))
			m.uint(7, f.Ino)
			m.uint(8, uint64(f.MntID))
			m.bytes(9, f.Tuple)
			m.uint(10, uint64(f.L4Proto))
		})
		if err != nil {
			return err
		}
	}
	for i := range s.Users {
		u := &s.Users[i]
		err := rec(recUser, func(m *msg) {
			m.uint(1, uint64(u.UID))
			m.uint(2, uint64(u.GID))
			m.str(3, u.Name)
			m.str(4, u.Home)
			m.str(5, u.Shell)
			m.str(6, u.ContainerID)
		})
		if err != nil {
			return err
		}
	}
	for i := range s.Groups {
		g := &s.Groups[i]
		err := rec(recGroup, func(m *msg) {
			m.uint(1, uint64(g.GID))
			m.str(2, g.Name)
			m.str(3, g.ContainerID)
		})
		if err != nil {
			return err
		}
	}
	for i := range s.Containers {
		if err := rec(recContainer, func(m *msg) { encodeContainer(m, &s.Containers[i]) }); err != nil {
			return err
		}
	}
	for i := range s.Interfaces {
		in := &s.Interfaces[i]
		err := rec(recInterface, func(m *msg) {
			m.str(1, in.Name)
			m.bytes(2, in.Addr)
			m.bytes(3, in.Netmask)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func encodeThread(m *msg, t *Thread) {
	m.int(1, t.TID)
	m.int(2, t.PID)
	m.int(3, t.PPID)
	m.int(4, t.VTID)
	m.int(5, t.VPID)
	m.int(6, t.SID)
	m.int(7, t.PGID)
	m.int(8, t.VPGID)
	m.str(9, t.Comm)
	m.str(10, t.Exe)
	m.str(11, t.ExePath)
	m.strs(12, t.Args)
	m.strs(13, t.Env)
	m.str(14, t.Cwd)
	m.str(15, t.Root)
	for i, id := range []uint32{t.UID, t.GID, t.EUID, t.EGID, t.SUID, t.SGID, t.FSUID, t.FSGID, t.LoginUID, t.TTY} {
		m.uint(16+i, uint64(id))
	}
	m.uint(26, t.CapPermitted)
	m.uint(27, t.CapEffective)
	m.uint(28, t.CapInheritable)
	m.strs(29, t.Cgroups)
	m.str(30, t.ContainerID)
	m.int(31, t.StartTime)
	m.int(32, t.PidNSStart)
	m.uint(33, t.ExeIno)
	m.int(34, t.ExeInoCtime)
	m.int(35, t.ExeInoMtime)
	m.uint(36, uint64(t.ExeFlags))
	m.uint(37, t.PidNS)
	m.uint(38, t.MntNS)
	m.uint(39, t.NetNS)
	m.uint(40, t.FDLimit)
}

func encodeContainer(m *msg, c *Container) {
	m.str(1, c.ID)
	m.str(2, c.Runtime)
	m.str(3, c.Name)
	m.str(4, c.Image)
	m.str(5, c.ImageID)
	m.bool(6, c.Privileged)
	m.int(7, c.Created)
	for _, k := range slices.Sorted(maps.Keys(c.Labels)) {
		m.sub(8, func(m *msg) {
			m.strAlways(1, k)
			m.strAlways(2, c.Labels[k])
		})
	}
	for i := range c.Mounts {
		mt := &c.Mounts[i]
		m.sub(9, func(m *msg) {
			m.str(1, mt.Source)
			m.str(2, mt.Dest)
			m.str(3, mt.Mode)
			m.bool(4, mt.RW)
			m.str(5, mt.Propagation)
		})
	}
	m.strs(10, c.Env)
	m.str(11, c.User)
	m.str(12, c.IP)
}

// snapshotDecoder adds the records of snapshot block payloads to a
// Snapshot.
type snapshotDecoder struct {
	s      *Snapshot
	budget int64 // decoded bytes still allowed (ReaderOptions.MaxSnapshotSize)
}

// recordCost is what a record of a kind costs against the budget besides
// its bytes: the struct it becomes.
func recordCost(kind uint64) int64 {
	switch kind {
	case recThread:
		return int64(unsafe.Sizeof(Thread{}))
	case recFD:
		return int64(unsafe.Sizeof(FD{}))
	case recUser:
		return int64(unsafe.Sizeof(User{}))
	case recGroup:
		return int64(unsafe.Sizeof(Group{}))
	case recContainer:
		return int64(unsafe.Sizeof(Container{}))
	case recInterface:
		return int64(unsafe.Sizeof(Interface{}))
	}
	return 0
}

// add parses the records of one raw snapshot block payload.
func (d *snapshotDecoder) add(raw []byte) error {
	for p := 0; p < len(raw); {
		kind, n := binary.Uvarint(raw[p:])
		if n <= 0 {
			return corruptf("snapshot: bad record kind at byte %d", p)
		}
		p += n
		l, n := binary.Uvarint(raw[p:])
		if n <= 0 || l > uint64(len(raw)-p-n) {
			return corruptf("snapshot: record at byte %d runs past the block", p)
		}
		p += n
		body := raw[p : p+int(l)]
		p += int(l)
		// A value of two bytes can become a 16-byte string header: charge
		// eight times the bytes, plus the struct the record becomes.
		d.budget -= int64(l)*8 + recordCost(kind)
		if d.budget < 0 {
			return fmt.Errorf("%w: snapshot larger than the reader's limit (ReaderOptions.MaxSnapshotSize)", ErrTooLarge)
		}
		if err := d.record(kind, body); err != nil {
			return fmt.Errorf("snapshot: record at byte %d: %w", p-int(l), err)
		}
	}
	return nil
}

func (d *snapshotDecoder) record(kind uint64, b []byte) error {
	s := d.s
	r := msgReader{b: b}
	var fields func() error
	switch kind {
	case recSnapshot:
		fields = func() (err error) {
			if r.field == 1 {
				s.Time, err = r.wantInt()
			}
			return err
		}
	case recThread:
		s.Threads = append(s.Threads, Thread{})
		t := &s.Threads[len(s.Threads)-1]
		fields = func() error { return threadField(&r, t) }
	case recFD:
		s.FDs = append(s.FDs, FD{})
		f := &s.FDs[len(s.FDs)-1]
		fields = func() (err error) {
			var u uint64
			switch r.field {
			case 1:
				f.PID, err = r.wantInt()
			case 2:
				f.Num, err = r.wantInt()
			case 3:
				u, err = r.wantUint()
				f.Type = FDType(min(u, 255))
			case 4:
				f.Name, err = r.wantString()
			case 5:
				f.Flags, err = r.wantUint32()
			case 6:
				f.Dev, err = r.wantUint32()
			case 7:
				f.Ino, err = r.wantUint()
			case 8:
				f.MntID, err = r.wantUint32()
			case 9:
				var b []byte
				b, err = r.wantBytes()
				f.Tuple = append([]byte(nil), b...)
			case 10:
				u, err = r.wantUint()
				f.L4Proto = uint8(min(u, 255))
			}
			return err
		}
	case recUser:
		s.Users = append(s.Users, User{})
		u := &s.Users[len(s.Users)-1]
		fields = func() (err error) {
			switch r.field {
			case 1:
				u.UID, err = r.wantUint32()
			case 2:
				u.GID, err = r.wantUint32()
			case 3:
				u.Name, err = r.wantString()
			case 4:
				u.Home, err = r.wantString()
			case 5:
				u.Shell, err = r.wantString()
			case 6:
				u.ContainerID, err = r.wantString()
			}
			return err
		}
	case recGroup:
		s.Groups = append(s.Groups, Group{})
		g := &s.Groups[len(s.Groups)-1]
		fields = func() (err error) {
			switch r.field {
			case 1:
				g.GID, err = r.wantUint32()
			case 2:
				g.Name, err = r.wantString()
			case 3:
				g.ContainerID, err = r.wantString()
			}
			return err
		}
	case recContainer:
		s.Containers = append(s.Containers, Container{})
		c := &s.Containers[len(s.Containers)-1]
		fields = func() error { return containerField(&r, c) }
	case recInterface:
		s.Interfaces = append(s.Interfaces, Interface{})
		in := &s.Interfaces[len(s.Interfaces)-1]
		fields = func() (err error) {
			var b []byte
			switch r.field {
			case 1:
				in.Name, err = r.wantString()
			case 2:
				b, err = r.wantBytes()
				in.Addr = append([]byte(nil), b...)
			case 3:
				b, err = r.wantBytes()
				in.Netmask = append([]byte(nil), b...)
			}
			return err
		}
	default:
		return nil // a kind from a later minor version
	}
	for {
		ok, err := r.next()
		if err != nil {
			return err
		}
		if !ok {
			return nil
		}
		if err := fields(); err != nil {
			return err
		}
	}
}

func threadField(r *msgReader, t *Thread) (err error) {
	var s string
	switch f := r.field; {
	case f == 1:
		t.TID, err = r.wantInt()
	case f == 2:
		t.PID, err = r.wantInt()
	case f == 3:
		t.PPID, err = r.wantInt()
	case f == 4:
		t.VTID, err = r.wantInt()
	case f == 5:
		t.VPID, err = r.wantInt()
	case f == 6:
		t.SID, err = r.wantInt()
	case f == 7:
		t.PGID, err = r.wantInt()
	case f == 8:
		t.VPGID, err = r.wantInt()
	case f == 9:
		t.Comm, err = r.wantString()
	case f == 10:
		t.Exe, err = r.wantString()
	case f == 11:
		t.ExePath, err = r.wantString()
	case f == 12:
		s, err = r.wantString()
		t.Args = append(t.Args, s)
	case f == 13:
		s, err = r.wantString()
		t.Env = append(t.Env, s)
	case f == 14:
		t.Cwd, err = r.wantString()
	case f == 15:
		t.Root, err = r.wantString()
	case f >= 16 && f <= 25:
		ids := [...]*uint32{&t.UID, &t.GID, &t.EUID, &t.EGID, &t.SUID, &t.SGID, &t.FSUID, &t.FSGID, &t.LoginUID, &t.TTY}
		*ids[f-16], err = r.wantUint32()
	case f == 26:
		t.CapPermitted, err = r.wantUint()
	case f == 27:
		t.CapEffective, err = r.wantUint()
	case f == 28:
		t.CapInheritable, err = r.wantUint()
	case f == 29:
		s, err = r.wantString()
		t.Cgroups = append(t.Cgroups, s)
	case f == 30:
		t.ContainerID, err = r.wantString()
	case f == 31:
		t.StartTime, err = r.wantInt()
	case f == 32:
		t.PidNSStart, err = r.wantInt()
	case f == 33:
		t.ExeIno, err = r.wantUint()
	case f == 34:
		t.ExeInoCtime, err = r.wantInt()
	case f == 35:
		t.ExeInoMtime, err = r.wantInt()
	case f == 36:
		t.ExeFlags, err = r.wantUint32()
	case f == 37:
		t.PidNS, err = r.wantUint()
	case f == 38:
		t.MntNS, err = r.wantUint()
	case f == 39:
		t.NetNS, err = r.wantUint()
	case f == 40:
		t.FDLimit, err = r.wantUint()
	}
	return err
}

func containerField(r *msgReader, c *Container) (err error) {
	var s string
	var u uint64
	switch r.field {
	case 1:
		c.ID, err = r.wantString()
	case 2:
		c.Runtime, err = r.wantString()
	case 3:
		c.Name, err = r.wantString()
	case 4:
		c.Image, err = r.wantString()
	case 5:
		c.ImageID, err = r.wantString()
	case 6:
		u, err = r.wantUint()
		c.Privileged = u != 0
	case 7:
		c.Created, err = r.wantInt()
	case 8:
		var k, v string
		if k, v, err = parsePair(r); err == nil {
			if c.Labels == nil {
				c.Labels = make(map[string]string)
			}
			c.Labels[k] = v
		}
	case 9:
		var b []byte
		if b, err = r.wantBytes(); err != nil {
			return err
		}
		var mt Mount
		mr := msgReader{b: b}
		for {
			ok, err := mr.next()
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			switch mr.field {
			case 1:
				mt.Source, err = mr.wantString()
			case 2:
				mt.Dest, err = mr.wantString()
			case 3:
				mt.Mode, err = mr.wantString()
			case 4:
				u, err = mr.wantUint()
				mt.RW = u != 0
			case 5:
				mt.Propagation, err = mr.wantString()
			}
			if err != nil {
				return err
			}
		}
		c.Mounts = append(c.Mounts, mt)
	case 10:
		s, err = r.wantString()
		c.Env = append(c.Env, s)
	case 11:
		c.User, err = r.wantString()
	case 12:
		c.IP, err = r.wantString()
	}
	return err
}
