//go:build linux

package record

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"github.com/peregrine-sec/peregrine/format"
)

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times; 100 on every
// architecture Linux runs Peregrine on.
const clockTicks = 100

// snapshotter reads the host's state from /proc and /etc: every thread
// with its process context, the fds of every process, users, groups,
// containers and network interfaces.
//
// A snapshotter is not safe for concurrent use.
type snapshotter struct {
	proc       string // mount point of procfs, "/proc"
	etc        string // "/etc"
	noEnv      bool
	bootOffset int64 // CLOCK_BOOTTIME ns + bootOffset = ns since the epoch
	engine     *engine
	flags      *archFlags
}

// procInfo is what a snapshot reads once per process and shares between
// its threads.
type procInfo struct {
	args    []string
	env     []string
	cwd     string
	root    string
	exePath string
	exeIno  uint64
	exeCt   int64
	exeMt   int64
	exeFl   uint32
	fdLimit uint64
	pidns   uint64
	mntns   uint64
	netns   uint64
}

// take reads a full snapshot. Processes that exit while it runs are left
// out; nothing about a single process is an error.
func (s *snapshotter) take(ctx context.Context) (*format.Snapshot, error) {
	snap := &format.Snapshot{Time: time.Now().UnixNano()}
	pids, err := s.pids()
	if err != nil {
		return nil, err
	}
	nets := newNetTables(s.proc)
	pidnsStart := map[uint64]int64{}
	containers := map[string]int64{} // id -> a pid in it
	for _, pid := range pids {
		pi, ok := s.readProc(pid)
		if !ok {
			continue
		}
		tids, _ := s.tids(pid)
		if len(tids) == 0 {
			tids = []int64{pid}
		}
		for _, tid := range tids {
			th, ok := s.readThread(pid, tid, pi)
			if !ok {
				continue
			}
			if th.VTID == 1 {
				pidnsStart[th.PidNS] = th.StartTime
			}
			if th.ContainerID != "" {
				if _, seen := containers[th.ContainerID]; !seen {
					containers[th.ContainerID] = pid
				}
			}
			snap.Threads = append(snap.Threads, th)
		}
		snap.FDs = append(snap.FDs, s.readFDs(pid, pi.netns, nets)...)
	}
	for i := range snap.Threads {
		snap.Threads[i].PidNSStart = pidnsStart[snap.Threads[i].PidNS]
	}

	snap.Users, snap.Groups = readUsers(filepath.Join(s.etc, "passwd"), filepath.Join(s.etc, "group"), "")
	ids := make([]string, 0, len(containers))
	for id := range containers {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		c := s.engine.container(ctx, id, runtimeOf(snap.Threads, id))
		snap.Containers = append(snap.Containers, *c)
		root := filepath.Join(s.proc, strconv.FormatInt(containers[id], 10), "root", "etc")
		u, g := readUsers(filepath.Join(root, "passwd"), filepath.Join(root, "group"), id)
		snap.Users = append(snap.Users, u...)
		snap.Groups = append(snap.Groups, g...)
	}
	snap.Interfaces = interfaces()
	return snap, nil
}

func runtimeOf(threads []format.Thread, id string) string {
	for i := range threads {
		if threads[i].ContainerID == id {
			_, rt := containerFromCgroups(threads[i].Cgroups)
			return rt
		}
	}
	return ""
}

func (s *snapshotter) pids() ([]int64, error) {
	return numericDir(s.proc)
}

func (s *snapshotter) tids(pid int64) ([]int64, error) {
	return numericDir(filepath.Join(s.proc, strconv.FormatInt(pid, 10), "task"))
}

func numericDir(dir string) ([]int64, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(names))
	for _, n := range names {
		if v, err := strconv.ParseInt(n, 10, 64); err == nil {
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

func (s *snapshotter) readProc(pid int64) (*procInfo, bool) {
	dir := filepath.Join(s.proc, strconv.FormatInt(pid, 10))
	pi := &procInfo{}
	cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline"))
	if err != nil {
		return nil, false
	}
	pi.args = splitNUL(cmdline)
	if !s.noEnv {
		if env, err := os.ReadFile(filepath.Join(dir, "environ")); err == nil {
			pi.env = splitNUL(env)
		}
	}
	pi.cwd, _ = os.Readlink(filepath.Join(dir, "cwd"))
	pi.root, _ = os.Readlink(filepath.Join(dir, "root"))
	pi.exePath, _ = os.Readlink(filepath.Join(dir, "exe"))
	pi.exePath = strings.TrimSuffix(pi.exePath, " (deleted)")
	var st unix.Stat_t
	if unix.Stat(filepath.Join(dir, "exe"), &st) == nil {
		pi.exeIno = st.Ino
		pi.exeCt = st.Ctim.Nano()
		pi.exeMt = st.Mtim.Nano()
		if strings.HasPrefix(pi.exePath, "/memfd:") {
			pi.exeFl |= format.ThreadExeFromMemfd
		}
	}
	pi.fdLimit = readFDLimit(filepath.Join(dir, "limits"))
	pi.pidns = nsInode(filepath.Join(dir, "ns", "pid"))
	pi.mntns = nsInode(filepath.Join(dir, "ns", "mnt"))
	pi.netns = nsInode(filepath.Join(dir, "ns", "net"))
	return pi, true
}

func splitNUL(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\x00")
}

func nsInode(link string) uint64 {
	var st unix.Stat_t
	if unix.Stat(link, &st) != nil {
		return 0
	}
	return st.Ino
}

func readFDLimit(name string) uint64 {
	b, err := os.ReadFile(name)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Max open files") {
			f := strings.Fields(line[len("Max open files"):])
			if len(f) > 0 {
				v, _ := strconv.ParseUint(f[0], 10, 64)
				return v
			}
		}
	}
	return 0
}

func (s *snapshotter) readThread(pid, tid int64, pi *procInfo) (format.Thread, bool) {
	dir := filepath.Join(s.proc, strconv.FormatInt(pid, 10), "task", strconv.FormatInt(tid, 10))
	th := format.Thread{TID: tid, PID: pid, VTID: tid, VPID: pid, LoginUID: format.NoID}
	status, err := os.ReadFile(filepath.Join(dir, "status"))
	if err != nil {
		return th, false
	}
	for _, line := range strings.Split(string(status), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		f := strings.Fields(v)
		switch k {
		case "Name":
			th.Comm = v
		case "PPid":
			th.PPID, _ = strconv.ParseInt(v, 10, 64)
		case "Uid":
			if len(f) == 4 {
				th.UID, th.EUID, th.SUID, th.FSUID = atou32(f[0]), atou32(f[1]), atou32(f[2]), atou32(f[3])
			}
		case "Gid":
			if len(f) == 4 {
				th.GID, th.EGID, th.SGID, th.FSGID = atou32(f[0]), atou32(f[1]), atou32(f[2]), atou32(f[3])
			}
		case "CapInh":
			th.CapInheritable, _ = strconv.ParseUint(v, 16, 64)
		case "CapPrm":
			th.CapPermitted, _ = strconv.ParseUint(v, 16, 64)
		case "CapEff":
			th.CapEffective, _ = strconv.ParseUint(v, 16, 64)
		case "NSpid":
			if len(f) > 0 {
				th.VTID, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
			}
		case "NStgid":
			if len(f) > 0 {
				th.VPID, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
			}
		case "NSpgid":
			if len(f) > 0 {
				th.VPGID, _ = strconv.ParseInt(f[len(f)-1], 10, 64)
			}
		}
	}
	if stat, err := os.ReadFile(filepath.Join(dir, "stat")); err == nil {
		// Fields after the comm, which may contain spaces and parentheses.
		if i := bytes.LastIndexByte(stat, ')'); i >= 0 {
			f := strings.Fields(string(stat[i+1:]))
			// f[0] is field 3 (state): pgrp is field 5, session 6, tty_nr 7, starttime 22.
			if len(f) > 19 {
				th.PGID, _ = strconv.ParseInt(f[2], 10, 64)
				th.SID, _ = strconv.ParseInt(f[3], 10, 64)
				tty, _ := strconv.ParseInt(f[4], 10, 64)
				th.TTY = uint32(tty)
				ticks, _ := strconv.ParseInt(f[19], 10, 64)
				th.StartTime = ticks*(1e9/clockTicks) + s.bootOffset
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "loginuid")); err == nil {
		if v, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 32); err == nil {
			th.LoginUID = uint32(v)
		}
	}
	th.Cgroups = readCgroups(filepath.Join(dir, "cgroup"))
	th.ContainerID, _ = containerFromCgroups(th.Cgroups)

	if len(pi.args) > 0 {
		th.Exe = pi.args[0]
		th.Args = pi.args[1:]
	} else {
		th.Exe = th.Comm
	}
	th.Env = pi.env
	th.Cwd = pi.cwd
	th.Root = pi.root
	th.ExePath = pi.exePath
	th.ExeIno, th.ExeInoCtime, th.ExeInoMtime = pi.exeIno, pi.exeCt, pi.exeMt
	th.ExeFlags = pi.exeFl
	th.FDLimit = pi.fdLimit
	th.PidNS, th.MntNS, th.NetNS = pi.pidns, pi.mntns, pi.netns
	return th, true
}

func atou32(s string) uint32 {
	v, _ := strconv.ParseUint(s, 10, 32)
	return uint32(v)
}

// readCgroups turns /proc/PID/cgroup lines ("3:cpu,cpuacct:/path",
// "0::/path") into Falco's "subsys=path" entries, "/=path" for the
// unified hierarchy.
func readCgroups(name string) []string {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			out = append(out, "/="+parts[2])
			continue
		}
		for _, sub := range strings.Split(parts[1], ",") {
			out = append(out, strings.TrimPrefix(sub, "name=")+"="+parts[2])
		}
	}
	return out
}

// readFDs lists the open fds of a process.
func (s *snapshotter) readFDs(pid int64, netns uint64, nets *netTables) []format.FD {
	dir := filepath.Join(s.proc, strconv.FormatInt(pid, 10), "fd")
	nums, err := numericDir(dir)
	if err != nil {
		return nil
	}
	var out []format.FD
	for _, n := range nums {
		p := filepath.Join(dir, strconv.FormatInt(n, 10))
		target, err := os.Readlink(p)
		if err != nil {
			continue
		}
		fd := format.FD{PID: pid, Num: n, Name: target}
		var st unix.Stat_t
		if unix.Stat(p, &st) == nil {
			fd.Dev = uint32(st.Dev)
			fd.Ino = st.Ino
		}
		flags, mntID := readFDInfo(filepath.Join(s.proc, strconv.FormatInt(pid, 10), "fdinfo", strconv.FormatInt(n, 10)))
		fd.Flags = uint32(s.flags.openFlags(flags))
		fd.MntID = mntID
		switch {
		case strings.HasPrefix(target, "socket:["):
			ino, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(target, "socket:["), "]"), 10, 64)
			fd.Ino = ino
			if sk, ok := nets.lookup(pid, netns, ino); ok {
				fd.Type, fd.Name, fd.Tuple, fd.L4Proto = sk.typ, sk.name, sk.tuple, sk.proto
			} else {
				fd.Type = format.FDUnknown
			}
		case strings.HasPrefix(target, "pipe:["):
			fd.Type = format.FDPipe
		case strings.HasPrefix(target, "anon_inode:"):
			fd.Type = anonType(strings.TrimPrefix(target, "anon_inode:"))
		case strings.HasPrefix(target, "/memfd:"):
			fd.Type = format.FDMemfd
		case st.Mode&unix.S_IFMT == unix.S_IFDIR:
			fd.Type = format.FDDirectory
		default:
			fd.Type = format.FDFile
		}
		out = append(out, fd)
	}
	return out
}

func anonType(kind string) format.FDType {
	switch strings.Trim(kind, "[]") {
	case "eventfd":
		return format.FDEvent
	case "signalfd":
		return format.FDSignalFD
	case "eventpoll":
		return format.FDEventPoll
	case "inotify":
		return format.FDInotify
	case "timerfd":
		return format.FDTimerFD
	case "userfaultfd":
		return format.FDUserfaultFD
	case "io_uring":
		return format.FDIOUring
	case "pidfd":
		return format.FDPidFD
	}
	if strings.HasPrefix(kind, "bpf") {
		return format.FDBPF
	}
	return format.FDUnknown
}

// readFDInfo returns the open flags and mount id of an fd.
func readFDInfo(name string) (flags uint64, mntID uint32) {
	f, err := os.Open(name)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch k {
		case "flags":
			flags, _ = strconv.ParseUint(v, 8, 64)
		case "mnt_id":
			m, _ := strconv.ParseUint(v, 10, 32)
			mntID = uint32(m)
		}
	}
	return flags, mntID
}

// interfaces lists the host's interface addresses.
func interfaces() []format.Interface {
	ifs, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var out []format.Interface
	for _, ifc := range ifs {
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			ip := ipn.IP
			if v4 := ip.To4(); v4 != nil {
				ip = v4
			}
			mask := []byte(ipn.Mask)
			if len(ip) == 4 && len(mask) == 16 {
				mask = mask[12:]
			}
			out = append(out, format.Interface{Name: ifc.Name, Addr: []byte(ip), Netmask: mask})
		}
	}
	return out
}
