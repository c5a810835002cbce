//go:build linux

package record

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/peregrine-sec/peregrine/format"
)

// sockEntry is a socket found in /proc/net.
type sockEntry struct {
	typ   format.FDType
	name  string
	tuple []byte
	proto uint8
}

// netTables maps socket inodes to their addresses, read from
// /proc/PID/net/{tcp,tcp6,udp,udp6,unix} once per network namespace.
type netTables struct {
	proc string
	byNS map[uint64]map[uint64]sockEntry
}

func newNetTables(proc string) *netTables {
	return &netTables{proc: proc, byNS: map[uint64]map[uint64]sockEntry{}}
}

func (n *netTables) lookup(pid int64, netns, ino uint64) (sockEntry, bool) {
	tab, ok := n.byNS[netns]
	if !ok {
		tab = map[uint64]sockEntry{}
		dir := filepath.Join(n.proc, strconv.FormatInt(pid, 10), "net")
		for _, f := range []struct {
			name  string
			proto uint8
			v6    bool
		}{{"tcp", 6, false}, {"tcp6", 6, true}, {"udp", 17, false}, {"udp6", 17, true}} {
			readInetTable(filepath.Join(dir, f.name), f.proto, f.v6, tab)
		}
		readUnixTable(filepath.Join(dir, "unix"), tab)
		n.byNS[netns] = tab
	}
	e, ok := tab[ino]
	return e, ok
}

const tcpListen = 0x0A

// readInetTable parses a /proc/net/{tcp,udp}[6] table:
//
//	sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
//	0: 0100007F:1F90 00000000:0000 0A ...
func readInetTable(name string, proto uint8, v6 bool, tab map[uint64]sockEntry) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		if len(fl) < 10 {
			continue
		}
		laddr, lport, ok1 := parseHexAddr(fl[1], v6)
		raddr, rport, ok2 := parseHexAddr(fl[2], v6)
		st, _ := strconv.ParseUint(fl[3], 16, 8)
		ino, err := strconv.ParseUint(fl[9], 10, 64)
		if !ok1 || !ok2 || err != nil || ino == 0 {
			continue
		}
		e := sockEntry{proto: proto}
		tup := format.SockTuple{Family: format.AFInet, SrcAddr: laddr, SrcPort: lport, DstAddr: raddr, DstPort: rport}
		if v6 {
			tup.Family = format.AFInet6
		}
		e.tuple = format.AppendSockTuple(nil, tup)
		listening := (proto == 6 && st == tcpListen) || (proto == 17 && rport == 0)
		switch {
		case v6 && listening:
			e.typ = format.FDIPv6Server
		case v6:
			e.typ = format.FDIPv6
		case listening:
			e.typ = format.FDIPv4Server
		default:
			e.typ = format.FDIPv4
		}
		if listening {
			e.name = netip.AddrPortFrom(laddr, lport).String()
		} else {
			e.name = netip.AddrPortFrom(laddr, lport).String() + "->" + netip.AddrPortFrom(raddr, rport).String()
		}
		tab[ino] = e
	}
}

// parseHexAddr parses "0100007F:1F90": the address as the kernel's 32-bit
// words printed in host byte order, the port in hex.
func parseHexAddr(s string, v6 bool) (netip.Addr, uint16, bool) {
	a, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.Addr{}, 0, false
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.Addr{}, 0, false
	}
	raw, err := hex.DecodeString(a)
	if err != nil || (v6 && len(raw) != 16) || (!v6 && len(raw) != 4) {
		return netip.Addr{}, 0, false
	}
	// Each 32-bit word is printed as a host-order number: swap it back to
	// network order (the hosts Peregrine runs on are little endian).
	for i := 0; i+4 <= len(raw); i += 4 {
		w := binary.BigEndian.Uint32(raw[i:])
		binary.LittleEndian.PutUint32(raw[i:], w)
	}
	if v6 {
		return netip.AddrFrom16([16]byte(raw)), uint16(port), true
	}
	return netip.AddrFrom4([4]byte(raw)), uint16(port), true
}

// readUnixTable parses /proc/net/unix:
//
//	Num       RefCount Protocol Flags    Type St Inode Path
//	ffff8880...: 00000002 00000000 00010000 0001 01 12345 /run/sock
func readUnixTable(name string, tab map[uint64]sockEntry) {
	f, err := os.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		if len(fl) < 7 {
			continue
		}
		ino, err := strconv.ParseUint(fl[6], 10, 64)
		if err != nil || ino == 0 {
			continue
		}
		ptr, _ := strconv.ParseUint(strings.TrimSuffix(fl[0], ":"), 16, 64)
		path := ""
		if len(fl) > 7 {
			path = strings.TrimPrefix(fl[7], "@")
		}
		tab[ino] = sockEntry{
			typ:   format.FDUnix,
			name:  path,
			tuple: format.AppendSockTuple(nil, format.SockTuple{Family: format.AFUnix, SrcPtr: ptr, Path: path}),
		}
	}
}
