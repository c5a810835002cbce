package replay

import (
	"bytes"
	"encoding/binary"
	"net/netip"

	"github.com/peregrine-sec/peregrine/format"
)

// This file applies events to a hostState, following libsinsp's parsers
// (userspace/libsinsp/parsers.cpp): an event updates the state before the
// rules see it, except that a closed fd stays visible to its close event
// and an exited thread stays in the table for exitGrace.

// fdParam is, per event type, the index of the parameter naming the fd the
// event uses (libsinsp's get_exit_event_fd_location), -1 for none.
var fdParam, fdParamEnter [format.NumEventTypes]int

// fdParamNames overrides the "fd" parameter name per event type.
var fdParamNames = map[format.EventType]string{
	format.EvDup: "oldfd", format.EvDup2: "oldfd", format.EvDup3: "oldfd",
	format.EvCopyFileRange: "fdout", format.EvSendfile: "out_fd", format.EvSplice: "fd_out",
	format.EvSymlinkat: "linkdirfd", format.EvNewfstatat: "dirfd", format.EvFchownat: "dirfd",
	format.EvFchmodat: "dirfd", format.EvMkdirat: "dirfd", format.EvUnlinkat: "dirfd",
	format.EvMknodat: "dirfd",
}

func init() {
	for t := range format.NumEventTypes {
		et := format.EventType(t)
		fdParam[t], fdParamEnter[t] = -1, -1
		info := et.Info()
		if info.Flags&format.FlagUsesFD == 0 {
			continue
		}
		name := "fd"
		if n, ok := fdParamNames[et]; ok {
			name = n
		}
		fdParam[t] = info.Param(name)
		fdParamEnter[t] = fdParam[t]
	}
	fdParamEnter[format.EvCopyFileRange] = format.EvCopyFileRange.Info().Param("fdin")
}

// Parameter indices used by the parsers, resolved once from the catalogue.
var (
	pOpenName     = format.MustParam(format.EvOpen, "name")
	pOpenFlags    = format.MustParam(format.EvOpen, "flags")
	pOpenDev      = format.MustParam(format.EvOpen, "dev")
	pOpenIno      = format.MustParam(format.EvOpen, "ino")
	pCreatName    = format.MustParam(format.EvCreat, "name")
	pCreatDev     = format.MustParam(format.EvCreat, "dev")
	pCreatIno     = format.MustParam(format.EvCreat, "ino")
	pCreatFlags   = format.MustParam(format.EvCreat, "creat_flags")
	pOpenatDirfd  = format.MustParam(format.EvOpenat, "dirfd")
	pOpenatName   = format.MustParam(format.EvOpenat, "name")
	pOpenatFlags  = format.MustParam(format.EvOpenat, "flags")
	pOpenatDev    = format.MustParam(format.EvOpenat, "dev")
	pOpenatIno    = format.MustParam(format.EvOpenat, "ino")
	pOpenat2Dirfd = format.MustParam(format.EvOpenat2, "dirfd")
	pOpenat2Name  = format.MustParam(format.EvOpenat2, "name")
	pOpenat2Flags = format.MustParam(format.EvOpenat2, "flags")
	pOpenat2Dev   = format.MustParam(format.EvOpenat2, "dev")
	pOpenat2Ino   = format.MustParam(format.EvOpenat2, "ino")
	pOBHFlags     = format.MustParam(format.EvOpenByHandleAt, "flags")
	pOBHPath      = format.MustParam(format.EvOpenByHandleAt, "path")
	pOBHDev       = format.MustParam(format.EvOpenByHandleAt, "dev")
	pOBHIno       = format.MustParam(format.EvOpenByHandleAt, "ino")

	pSocketDomain = format.MustParam(format.EvSocket, "domain")
	pSocketType   = format.MustParam(format.EvSocket, "type")
	pSocketProto  = format.MustParam(format.EvSocket, "proto")
	pSocketFlags  = format.MustParam(format.EvSocket, "flags")
	pBindAddr     = format.MustParam(format.EvBind, "addr")
	pConnTuple    = format.MustParam(format.EvConnect, "tuple")
	pConnAddr     = format.MustParam(format.EvConnect, "addr")
	pAcceptTuple  = format.MustParam(format.EvAccept, "tuple")
	pAccept4Tuple = format.MustParam(format.EvAccept4, "tuple")
	pAccept4Flags = format.MustParam(format.EvAccept4, "flags")

	pPipeFD1      = format.MustParam(format.EvPipe, "fd1")
	pPipeFD2      = format.MustParam(format.EvPipe, "fd2")
	pPipeIno      = format.MustParam(format.EvPipe, "ino")
	pPipe2FD1     = format.MustParam(format.EvPipe2, "fd1")
	pPipe2FD2     = format.MustParam(format.EvPipe2, "fd2")
	pPipe2Ino     = format.MustParam(format.EvPipe2, "ino")
	pPipe2Flags   = format.MustParam(format.EvPipe2, "flags")
	pSockpairFD1  = format.MustParam(format.EvSocketpair, "fd1")
	pSockpairFD2  = format.MustParam(format.EvSocketpair, "fd2")
	pSockpairSrc  = format.MustParam(format.EvSocketpair, "source")
	pSockpairPeer = format.MustParam(format.EvSocketpair, "peer")

	pDup3Flags    = format.MustParam(format.EvDup3, "flags")
	pFcntlCmd     = format.MustParam(format.EvFcntl, "cmd")
	pFcntlArg     = format.MustParam(format.EvFcntl, "arg")
	pCloseRFirst  = format.MustParam(format.EvCloseRange, "first")
	pCloseRLast   = format.MustParam(format.EvCloseRange, "last")
	pCloseRFlags  = format.MustParam(format.EvCloseRange, "flags")
	pEventfd2Flg  = format.MustParam(format.EvEventfd2, "flags")
	pInotify1Flg  = format.MustParam(format.EvInotifyInit1, "flags")
	pSignalfd4Flg = format.MustParam(format.EvSignalfd4, "flags")
	pTimerfdFlg   = format.MustParam(format.EvTimerfdCreate, "flags")
	pEpoll1Flags  = format.MustParam(format.EvEpollCreate1, "flags")
	pMemfdName    = format.MustParam(format.EvMemfdCreate, "name")
	pMemfdFlags   = format.MustParam(format.EvMemfdCreate, "flags")
	pPidfdPid     = format.MustParam(format.EvPidfdOpen, "pid")
	pPidfdFlags   = format.MustParam(format.EvPidfdOpen, "flags")
	pPidfdGetPid  = format.MustParam(format.EvPidfdGetfd, "pid_fd")
	pPidfdGetFD   = format.MustParam(format.EvPidfdGetfd, "target_fd")

	pChdirPath    = format.MustParam(format.EvChdir, "path")
	pChrootPath   = format.MustParam(format.EvChroot, "path")
	pSetuidUID    = format.MustParam(format.EvSetuid, "uid")
	pSetgidGID    = format.MustParam(format.EvSetgid, "gid")
	pSetresuidE   = format.MustParam(format.EvSetresuid, "euid")
	pSetresgidE   = format.MustParam(format.EvSetresgid, "egid")
	pSetreuidE    = format.MustParam(format.EvSetreuid, "euid")
	pSetregidE    = format.MustParam(format.EvSetregid, "egid")
	pCapsetInh    = format.MustParam(format.EvCapset, "cap_inheritable")
	pCapsetPerm   = format.MustParam(format.EvCapset, "cap_permitted")
	pCapsetEff    = format.MustParam(format.EvCapset, "cap_effective")
	pUnshareFlags = format.MustParam(format.EvUnshare, "flags")
	pSetnsType    = format.MustParam(format.EvSetns, "nstype")
	pPrctlOption  = format.MustParam(format.EvPrctl, "option")
	pPrctlArg2    = format.MustParam(format.EvPrctl, "arg2_int")
	pSetpgidPid   = format.MustParam(format.EvSetpgid, "pid")
	pSetpgidPgid  = format.MustParam(format.EvSetpgid, "pgid")
	pRlimitCur    = format.MustParam(format.EvSetrlimit, "cur")
	pRlimitRes    = format.MustParam(format.EvSetrlimit, "resource")
	pPrlimitCur   = format.MustParam(format.EvPrlimit, "newcur")
	pPrlimitPid   = format.MustParam(format.EvPrlimit, "pid")
	pPrlimitRes   = format.MustParam(format.EvPrlimit, "resource")

	pExitReaper = format.MustParam(format.EvProcexit, "reaper_tid")

	pUserUID   = format.MustParam(format.EvUseradded, "uid")
	pUserGID   = format.MustParam(format.EvUseradded, "gid")
	pUserName  = format.MustParam(format.EvUseradded, "name")
	pUserHome  = format.MustParam(format.EvUseradded, "home")
	pUserShell = format.MustParam(format.EvUseradded, "shell")
	pUserCtr   = format.MustParam(format.EvUseradded, "container_id")
	pGroupGID  = format.MustParam(format.EvGroupadded, "gid")
	pGroupName = format.MustParam(format.EvGroupadded, "name")
	pGroupCtr  = format.MustParam(format.EvGroupadded, "container_id")
	pCtrJSON   = format.MustParam(format.EvContainer, "json")
)

// sendTupleParam and recvTupleParam are, per event type, the index of the
// socket tuple that send*/recv* exit events carry, -1 for none.
var sendTupleParam, recvTupleParam [format.NumEventTypes]int

func init() {
	for t := range format.NumEventTypes {
		sendTupleParam[t], recvTupleParam[t] = -1, -1
	}
	for _, t := range []format.EventType{format.EvSend, format.EvSendto, format.EvSendmsg, format.EvSendmmsg} {
		sendTupleParam[t] = format.MustParam(t, "tuple")
	}
	for _, t := range []format.EventType{format.EvRecv, format.EvRecvfrom, format.EvRecvmsg, format.EvRecvmmsg} {
		recvTupleParam[t] = format.MustParam(t, "tuple")
	}
}

// cloneParams are the indices shared by the clone, fork, vfork and clone3
// events, and execParams those of execve and execveat.
type cloneParams struct {
	exe, args, tid, pid, ptid, cwd, fdlimit, pgftMaj, pgftMin, vmSize, vmRSS, vmSwap,
	comm, cgroups, flags, uid, gid, vtid, vpid, pidnsStart int
}

type execParams struct {
	exe, args, tid, pid, ptid, cwd, fdlimit, pgftMaj, pgftMin, vmSize, vmRSS, vmSwap,
	comm, cgroups, env, tty, vpgid, loginuid, flags, capInh, capPerm, capEff,
	exeIno, exeCtime, exeMtime, uid, trustedExe, pgid, gid, filename,
	sid, vtid, vpid, pidnsStart int
}

var cloneIdx [format.NumEventTypes]*cloneParams

var execIdxs [format.NumEventTypes]*execParams

func init() {
	for _, t := range []format.EventType{format.EvClone, format.EvFork, format.EvVfork, format.EvClone3} {
		info := t.Info()
		p := info.Param
		cloneIdx[t] = &cloneParams{
			exe: p("exe"), args: p("args"), tid: p("tid"), pid: p("pid"), ptid: p("ptid"),
			cwd: p("cwd"), fdlimit: p("fdlimit"), pgftMaj: p("pgft_maj"), pgftMin: p("pgft_min"),
			vmSize: p("vm_size"), vmRSS: p("vm_rss"), vmSwap: p("vm_swap"), comm: p("comm"),
			cgroups: p("cgroups"), flags: p("flags"), uid: p("uid"), gid: p("gid"),
			vtid: p("vtid"), vpid: p("vpid"), pidnsStart: p("pidns_init_start_ts"),
		}
	}
	for _, t := range []format.EventType{format.EvExecve, format.EvExecveat} {
		p := t.Info().Param
		execIdxs[t] = &execParams{
			exe: p("exe"), args: p("args"), tid: p("tid"), pid: p("pid"), ptid: p("ptid"),
			cwd: p("cwd"), fdlimit: p("fdlimit"), pgftMaj: p("pgft_maj"), pgftMin: p("pgft_min"),
			vmSize: p("vm_size"), vmRSS: p("vm_rss"), vmSwap: p("vm_swap"), comm: p("comm"),
			cgroups: p("cgroups"), env: p("env"), tty: p("tty"), vpgid: p("vpgid"),
			loginuid: p("loginuid"), flags: p("flags"), capInh: p("cap_inheritable"),
			capPerm: p("cap_permitted"), capEff: p("cap_effective"), exeIno: p("exe_ino"),
			exeCtime: p("exe_ino_ctime"), exeMtime: p("exe_ino_mtime"), uid: p("uid"),
			trustedExe: p("trusted_exepath"), pgid: p("pgid"), gid: p("gid"),
			filename: p("filename"), sid: p("sid"), vtid: p("vtid"), vpid: p("vpid"),
			pidnsStart: p("pidns_init_start_ts"),
		}
	}
}

// pending is work libsinsp does after the rules have seen an event.
type pending struct {
	grp *group
	fd  int64
	f   *fdInfo
}

// Event parameter accessors: an absent parameter (or index -1) reads as
// not ok.

func pInt(e *format.Event, i int) (int64, bool) {
	if i < 0 || i >= len(e.Params) || e.Has&(1<<uint(i)) == 0 {
		return 0, false
	}
	return e.Params[i].Int, true
}

func pBytes(e *format.Event, i int) ([]byte, bool) {
	if i < 0 || i >= len(e.Params) || e.Has&(1<<uint(i)) == 0 {
		return nil, false
	}
	return e.Params[i].Bytes, true
}

// pStr returns a string parameter without its trailing NULs, as bytes.
func pStr(e *format.Event, i int) ([]byte, bool) {
	b, ok := pBytes(e, i)
	if !ok {
		return nil, false
	}
	if j := bytes.IndexByte(b, 0); j >= 0 {
		b = b[:j]
	}
	return b, true
}

// splitList splits a NUL-separated list (argv, env, cgroups) into strings.
func splitList(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	n := bytes.Count(b, []byte{0}) + 1
	out := make([]string, 0, n)
	for len(b) > 0 || len(out) < n {
		j := bytes.IndexByte(b, 0)
		if j < 0 {
			out = append(out, string(b))
			break
		}
		out = append(out, string(b[:j]))
		b = b[j+1:]
	}
	return out
}

// apply updates the state with e and fills c for the rules. c keeps
// pointers into e.
func (h *hostState) apply(c *evalContext, e *format.Event) {
	if h.pend.f != nil {
		h.finishClose()
	}
	if h.pendGrp != nil {
		h.finishExit()
	}
	if d := e.Time - h.lastPurge; d >= purgeInterval || d < 0 {
		h.purge(e.Time)
	}
	c.e = e
	c.h = h
	c.info = e.Type.Info()
	c.th = nil
	c.fd = nil
	c.fdNum = -1
	c.nameChanged = false
	c.arena = c.arena[:0]
	c.fdEvent = c.info.Flags&(format.FlagCreatesFD|format.FlagUsesFD|format.FlagDestroysFD) != 0

	switch e.Type {
	case format.EvContainer:
		h.parseContainer(e)
		return
	case format.EvUseradded, format.EvUserdeleted:
		h.parseUser(e)
		return
	case format.EvGroupadded, format.EvGroupdeleted:
		h.parseGroup(e)
		return
	case format.EvPluginevent, format.EvAsyncevent, format.EvDrop, format.EvScapevent,
		format.EvNotification, format.EvInfra, format.EvCpuHotplug:
		c.th = h.thread(e.TID)
		return
	}

	th := h.thread(e.TID)
	syscall := c.info.Category&format.CatSyscall != 0
	if syscall && e.Dir == format.DirEnter {
		if th == nil {
			th = h.unknownThread(e)
		}
		c.th = th
		th.lastEnter = e.Type
		th.lastFD = -1
		if i := fdParamEnter[e.Type]; i >= 0 {
			if fd, ok := pInt(e, i); ok {
				th.lastFD = fd
				c.fdNum = fd
				c.fd = th.grp.fds.get(fd)
			}
		}
		return
	}

	switch e.Type {
	case format.EvClone, format.EvFork, format.EvVfork, format.EvClone3:
		h.parseClone(c, e, th)
		return
	case format.EvExecve, format.EvExecveat:
		h.parseExec(c, e, th)
		return
	}
	if th == nil {
		if e.Type == format.EvProcexit {
			return
		}
		th = h.unknownThread(e)
	}
	c.th = th

	// The fd the event names: from its enter event (.scap pairs) or its
	// own fd parameter.
	fdNum := int64(-1)
	if syscall && th.lastEnter == e.Type && th.lastFD >= 0 {
		fdNum = th.lastFD
	}
	th.lastEnter = 0
	th.lastFD = -1
	if fdNum < 0 {
		if i := fdParam[e.Type]; i >= 0 {
			if v, ok := pInt(e, i); ok {
				fdNum = v
			}
		}
	}
	if fdNum >= 0 || fdParam[e.Type] >= 0 {
		c.fdNum = fdNum
		c.fd = th.grp.fds.get(fdNum)
	}
	// Only events that create an fd or change the state can change the
	// name of the event's fd: the others need not read it.
	var oldName string
	checkName := mayRename[e.Type]
	if c.fd != nil && checkName {
		oldName = c.fd.name
	}

	res, _ := c.res()
	switch e.Type {
	case format.EvOpen, format.EvOpenat, format.EvOpenat2, format.EvCreat, format.EvOpenByHandleAt:
		h.parseOpen(c, e, th, res)
	case format.EvSocket:
		if res >= 0 {
			d, _ := pInt(e, pSocketDomain)
			typ, _ := pInt(e, pSocketType)
			proto, _ := pInt(e, pSocketProto)
			fl, _ := pInt(e, pSocketFlags)
			h.addSocket(c, th, res, uint32(d), uint32(typ), uint32(proto), uint32(fl))
		}
	case format.EvBind:
		h.parseBind(c, e, res)
	case format.EvConnect:
		h.parseConnect(c, e, res)
	case format.EvAccept, format.EvAccept4:
		h.parseAccept(c, e, th, res)
	case format.EvClose:
		if res >= 0 && c.fd != nil {
			h.pend = pending{grp: th.grp, fd: c.fdNum, f: c.fd}
		}
	case format.EvCloseRange:
		h.parseCloseRange(e, th, res)
	case format.EvPipe, format.EvPipe2:
		h.parsePipe(c, e, th, res)
	case format.EvSocketpair:
		h.parseSocketpair(c, e, th, res)
	case format.EvDup, format.EvDup2, format.EvDup3:
		h.parseDup(c, e, th, res)
	case format.EvFcntl:
		h.parseFcntl(c, e, th, res)
	case format.EvEventfd, format.EvEventfd2:
		if res >= 0 {
			var fl int64
			if e.Type == format.EvEventfd2 {
				fl, _ = pInt(e, pEventfd2Flg)
			}
			h.addSimpleFD(c, th, res, format.FDEvent, uint32(fl))
		}
	case format.EvSignalfd, format.EvSignalfd4:
		if res >= 0 {
			var fl int64
			if e.Type == format.EvSignalfd4 {
				fl, _ = pInt(e, pSignalfd4Flg)
			}
			h.addSimpleFD(c, th, res, format.FDSignalFD, uint32(fl))
		}
	case format.EvTimerfdCreate:
		if res >= 0 {
			fl, _ := pInt(e, pTimerfdFlg)
			h.addSimpleFD(c, th, res, format.FDTimerFD, uint32(fl))
		}
	case format.EvInotifyInit, format.EvInotifyInit1:
		if res >= 0 {
			var fl int64
			if e.Type == format.EvInotifyInit1 {
				fl, _ = pInt(e, pInotify1Flg)
			}
			h.addSimpleFD(c, th, res, format.FDInotify, uint32(fl))
		}
	case format.EvBpf:
		if res >= 0 {
			h.addSimpleFD(c, th, res, format.FDBPF, 0)
		}
	case format.EvUserfaultfd:
		if res >= 0 {
			h.addSimpleFD(c, th, res, format.FDUserfaultFD, 0)
		}
	case format.EvIoUringSetup:
		if res >= 0 {
			h.addSimpleFD(c, th, res, format.FDIOUring, 0)
		}
	case format.EvEpollCreate, format.EvEpollCreate1:
		if res >= 0 {
			var fl uint32
			if e.Type == format.EvEpollCreate1 {
				if v, _ := pInt(e, pEpoll1Flags); v&epollCloexec != 0 {
					fl = oCloexec
				}
			}
			h.addSimpleFD(c, th, res, format.FDEventPoll, fl)
		}
	case format.EvMemfdCreate:
		if res >= 0 {
			name, _ := pStr(e, pMemfdName)
			fl, _ := pInt(e, pMemfdFlags)
			f := h.newFD()
			f.typ = format.FDMemfd
			f.name = h.names.bytes(name)
			f.flags = uint32(fl)
			h.addFD(c, th, res, f)
		}
	case format.EvPidfdOpen:
		if res >= 0 {
			pid, _ := pInt(e, pPidfdPid)
			fl, _ := pInt(e, pPidfdFlags)
			f := h.newFD()
			f.typ = format.FDPidFD
			var buf [32]byte
			f.name = h.names.bytes(appendInt(append(buf[:0], "/proc/"...), pid))
			f.flags = uint32(fl)
			f.pid = pid
			h.addFD(c, th, res, f)
		}
	case format.EvPidfdGetfd:
		h.parsePidfdGetfd(c, e, th, res)
	case format.EvChdir:
		if res >= 0 {
			p, _ := pStr(e, pChdirPath)
			h.updateCwd(th, bytesStr(p))
		}
	case format.EvFchdir:
		if res >= 0 && c.fd != nil {
			h.updateCwd(th, c.fd.name)
		}
	case format.EvChroot:
		if res == 0 {
			p, _ := pStr(e, pChrootPath)
			ps := bytesStr(p)
			if len(ps) > 0 && ps[0] != '/' {
				th.root = joinPath(th.grp.cwd, ps)
			} else {
				th.root = string(p)
			}
		}
	case format.EvSetsid:
		if res >= 0 {
			th.sid = res
		}
	case format.EvSetpgid:
		h.parseSetpgid(e, th, res)
	case format.EvSetuid:
		h.setUID(th, e, res, pSetuidUID)
	case format.EvSetresuid:
		h.setUID(th, e, res, pSetresuidE)
	case format.EvSetreuid:
		h.setUID(th, e, res, pSetreuidE)
	case format.EvSetgid:
		h.setGID(th, e, res, pSetgidGID)
	case format.EvSetresgid:
		h.setGID(th, e, res, pSetresgidE)
	case format.EvSetregid:
		h.setGID(th, e, res, pSetregidE)
	case format.EvCapset:
		if res >= 0 {
			if v, ok := pInt(e, pCapsetInh); ok {
				th.capInh = uint64(v)
			}
			if v, ok := pInt(e, pCapsetPerm); ok {
				th.capPerm = uint64(v)
			}
			if v, ok := pInt(e, pCapsetEff); ok {
				th.capEff = uint64(v)
			}
		}
	case format.EvUnshare, format.EvSetns:
		if res >= 0 {
			var fl int64
			if e.Type == format.EvUnshare {
				fl, _ = pInt(e, pUnshareFlags)
			} else {
				fl, _ = pInt(e, pSetnsType)
			}
			if fl&cloneNewUser != 0 {
				th.capInh, th.capPerm, th.capEff = maxCaps, maxCaps, maxCaps
			}
		}
	case format.EvPrctl:
		if res >= 0 {
			opt, _ := pInt(e, pPrctlOption)
			if opt == prSetChildSubreaper {
				arg, _ := pInt(e, pPrctlArg2)
				th.grp.reaper = arg != 0
			}
		}
	case format.EvSetrlimit, format.EvGetrlimit:
		if res >= 0 {
			if r, _ := pInt(e, pRlimitRes); r == rlimitNofile {
				if cur, ok := pInt(e, pRlimitCur); ok && cur != -1 {
					if m := h.mainThread(th); m != nil {
						m.fdLimit = cur
					}
				}
			}
		}
	case format.EvPrlimit:
		h.parsePrlimit(e, th, res)
	case format.EvBrk, format.EvMmap, format.EvMmap2, format.EvMunmap:
		h.parseVM(e, th)
	case format.EvProcexit:
		if v, ok := pInt(e, pExitReaper); ok && v > 0 {
			th.reaperTID = v
		}
		h.markExited(th, e.Time)
	default:
		if i := sendTupleParam[e.Type]; i >= 0 {
			h.parseSend(c, e, th, res, i)
		} else if i := recvTupleParam[e.Type]; i >= 0 {
			h.parseRecv(c, e, th, res, i)
		} else if c.fd != nil && res >= 0 && c.fd.isSocket() && c.info.Flags&(format.FlagReadsFromFD|format.FlagWritesToFD) != 0 {
			if c.fd.typ == format.FDIPv4 || c.fd.typ == format.FDIPv6 {
				c.fd.conn = sockConnected
			}
		}
	}
	if c.fd != nil && checkName {
		c.nameChanged = c.fd.name != oldName
	}
}

// mayRename says, per event type, whether applying an event may change
// the name of its fd entry (or replace the entry): fd.name_changed is
// false for the others.
var mayRename = func() (m [format.NumEventTypes]bool) {
	for t := range format.NumEventTypes {
		fl := format.EventType(t).Info().Flags
		m[t] = fl&(format.FlagCreatesFD|format.FlagModifiesState) != 0 || sendTupleParam[t] >= 0 || recvTupleParam[t] >= 0
	}
	return m
}()

// Values in Falco's portable encoding used by the parsers.
const (
	epollCloexec        = 1 << 0 // PPM_EPOLL_CLOEXEC
	prSetChildSubreaper = 36     // PPM_PR_SET_CHILD_SUBREAPER
	rlimitNofile        = 7      // PPM_RLIMIT_NOFILE
	fcntlDupfd          = 1      // PPM_FCNTL_F_DUPFD
	fcntlSetfd          = 3      // PPM_FCNTL_F_SETFD
	fcntlDupfdCloexec   = 26     // PPM_FCNTL_F_DUPFD_CLOEXEC
	closeRangeCloexec   = 4      // PPM_CLOSE_RANGE_CLOEXEC
	afUnix              = 1
	afInet              = 2
	afInet6             = 10
	afNetlink           = 16
	sockStream          = 1
	sockDgram           = 2
	sockRaw             = 3
	ipprotoIP           = 0
	ipprotoICMP         = 1
	ipprotoTCP          = 6
	ipprotoUDP          = 17
	ipprotoRaw          = 255
	errInProgress       = -115
	execWritable        = 1 // PPM_EXE_WRITABLE
	execUpperLayer      = 2 // PPM_EXE_UPPER_LAYER
	execFromMemfd       = 4 // PPM_EXE_FROM_MEMFD
	execLowerLayer      = 8 // PPM_EXE_LOWER_LAYER
	creatUpperLayer     = 1 // PPM_FD_UPPER_LAYER_CREAT
	creatLowerLayer     = 2 // PPM_FD_LOWER_LAYER_CREAT
)

// finishClose drops the fd a successful close named, now that the rules
// have seen it.
func (h *hostState) finishClose() {
	p := h.pend
	h.pend = pending{}
	if p.grp.fds.get(p.fd) == p.f {
		h.release(p.grp.fds.del(p.fd))
	}
}

// unknownThread adds a placeholder for a thread the state never saw, as
// libsinsp does for threads it cannot find in /proc: its fields read
// "<NA>" until an execve tells more.
func (h *hostState) unknownThread(e *format.Event) *thread {
	pid := e.PID
	if pid <= 0 {
		pid = e.TID
	}
	return h.placeholder(e.TID, pid, -1)
}

// placeholder adds thread tid of process pid, child of ptid (-1 when
// unknown), of which nothing else is known.
func (h *hostState) placeholder(tid, pid, ptid int64) *thread {
	t := new(thread)
	t.tid, t.pid, t.ptid = tid, pid, ptid
	t.vtid, t.vpid = -1, -1
	t.comm, t.exe, t.cmdline = "<NA>", "<NA>", "<NA>"
	t.uid, t.gid, t.loginUID = format.NoID, format.NoID, format.NoID
	t.sid, t.pgid, t.vpgid = -1, -1, -1
	t.invalid = true
	t.lastFD = -1
	g := h.groups[t.pid]
	if g == nil {
		g = h.groupFor(t.pid)
		g.cwd = "" // unknown, as libsinsp's
	}
	h.addThread(t, g)
	return t
}

func (h *hostState) addFD(c *evalContext, th *thread, fd int64, f *fdInfo) {
	if old := th.grp.fds.put(fd, f); old != nil && old != f {
		if h.pend.f == old {
			h.pend = pending{}
		}
		h.release(old)
	}
	c.fd = f
	c.fdNum = fd
}

func (h *hostState) addSimpleFD(c *evalContext, th *thread, fd int64, typ format.FDType, flags uint32) {
	f := h.newFD()
	f.typ = typ
	f.flags = flags
	h.addFD(c, th, fd, f)
}

// dirOf returns the directory a *at path resolves against, as libsinsp's
// parse_dirfd: "." for absolute paths, the cwd for AT_FDCWD, the dirfd's
// name (with a slash) otherwise, "<UNKNOWN>" when the dirfd is unknown.
// The result is base1+base2.
func (h *hostState) dirOf(th *thread, name string, dirfd int64) (base1, base2 string) {
	if len(name) > 0 && name[0] == '/' {
		return ".", ""
	}
	if th == nil {
		return "<UNKNOWN>", ""
	}
	if dirfd == atFDCWD {
		return th.grp.cwd, ""
	}
	f := th.grp.fds.get(dirfd)
	if f == nil {
		return "<UNKNOWN>", ""
	}
	if f.name == "" || f.name[len(f.name)-1] == '/' {
		return f.name, ""
	}
	return f.name, "/"
}

// appendResolved appends name resolved against base1+base2.
func appendResolved(dst []byte, base1, base2 string, p string) []byte {
	if len(base1)+len(base2)+len(p)+1 > maxPathSize {
		return append(dst, pathTooLong...)
	}
	if len(p) != 0 && p[0] != '/' {
		start := len(dst)
		dst = append(dst, base1...)
		dst = append(dst, base2...)
		return normalizeInto(dst, start, len(base1)+len(base2) == 0, p)
	}
	return normalizeInto(dst, len(dst), true, p)
}

func (h *hostState) parseOpen(c *evalContext, e *format.Event, th *thread, fd int64) {
	var (
		name         []byte
		flags        uint32
		dev          int64
		ino          int64
		base1, base2 string
	)
	switch e.Type {
	case format.EvOpen:
		name, _ = pStr(e, pOpenName)
		f, _ := pInt(e, pOpenFlags)
		flags = uint32(f)
		dev, _ = pInt(e, pOpenDev)
		ino, _ = pInt(e, pOpenIno)
		base1 = th.grp.cwd
	case format.EvCreat:
		name, _ = pStr(e, pCreatName)
		dev, _ = pInt(e, pCreatDev)
		ino, _ = pInt(e, pCreatIno)
		if cf, ok := pInt(e, pCreatFlags); ok {
			if cf&creatUpperLayer != 0 {
				flags |= oUpper
			} else if cf&creatLowerLayer != 0 {
				flags |= oLower
			}
		}
		base1 = th.grp.cwd
	case format.EvOpenat, format.EvOpenat2:
		pd, pn, pf, pdev, pino := pOpenatDirfd, pOpenatName, pOpenatFlags, pOpenatDev, pOpenatIno
		if e.Type == format.EvOpenat2 {
			pd, pn, pf, pdev, pino = pOpenat2Dirfd, pOpenat2Name, pOpenat2Flags, pOpenat2Dev, pOpenat2Ino
		}
		var ok bool
		if name, ok = pStr(e, pn); !ok {
			name = []byte("<NA>")
		}
		f, _ := pInt(e, pf)
		flags = uint32(f)
		dev, _ = pInt(e, pdev)
		ino, _ = pInt(e, pino)
		if dirfd, ok := pInt(e, pd); ok {
			base1, base2 = h.dirOf(th, bytesStr(name), dirfd)
		}
	case format.EvOpenByHandleAt:
		name, _ = pStr(e, pOBHPath)
		f, _ := pInt(e, pOBHFlags)
		flags = uint32(f)
		dev, _ = pInt(e, pOBHDev)
		ino, _ = pInt(e, pOBHIno)
	}
	if fd < 0 {
		return
	}
	f := h.newFD()
	if flags&oDir != 0 {
		f.typ = format.FDDirectory
	} else {
		f.typ = format.FDFile
	}
	f.flags = flags
	f.dev = uint32(dev)
	f.ino = uint64(ino)
	if base1 == "." && cleanAbs(name) {
		// The common case: an absolute path that normalising leaves as
		// it is.
		f.name = h.names.bytes(name)
		f.nameRaw = f.name
	} else {
		f.nameRaw = h.names.bytes(name)
		start := len(c.arena)
		c.arena = appendResolved(c.arena, base1, base2, bytesStr(name))
		if resolved := c.arena[start:]; string(resolved) == f.nameRaw {
			f.name = f.nameRaw
		} else {
			f.name = h.names.bytes(resolved)
		}
		c.arena = c.arena[:start]
	}
	f.upper = flags&oUpper != 0
	f.lower = flags&oLower != 0
	h.addFD(c, th, fd, f)
}

func (h *hostState) addSocket(c *evalContext, th *thread, fd int64, domain, typ, proto, flags uint32) {
	f := h.newFD()
	f.typ = format.FDUnknown
	f.flags = flags
	switch domain {
	case afUnix:
		f.typ = format.FDUnix
	case afInet, afInet6:
		f.typ = format.FDIPv4
		if domain == afInet6 {
			f.typ = format.FDIPv6
		}
		switch proto {
		case ipprotoTCP:
			f.l4 = l4TCP
			if typ == sockRaw {
				f.l4 = l4Raw
			}
		case ipprotoUDP:
			f.l4 = l4UDP
			if typ == sockRaw {
				f.l4 = l4Raw
			}
		case ipprotoIP:
			switch typ & 0xff {
			case sockStream:
				f.l4 = l4TCP
			case sockDgram:
				f.l4 = l4UDP
			}
		case ipprotoICMP:
			f.l4 = l4ICMP
			if typ == sockRaw {
				f.l4 = l4Raw
			}
		case ipprotoRaw:
			f.l4 = l4Raw
		}
	case afNetlink:
		f.typ = format.FDNetlink
	}
	h.addFD(c, th, fd, f)
}

// ipv4Mapped reports whether a 16-byte address is IPv4-mapped (or all
// zero, which libsinsp also takes for IPv4).
func ipv4Mapped(b []byte) bool {
	for _, x := range b[:10] {
		if x != 0 {
			return false
		}
	}
	if b[10] == 0xff && b[11] == 0xff {
		return true
	}
	return b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0
}

func addr4(b []byte) netip.Addr  { return netip.AddrFrom4([4]byte(b[:4])) }
func addr16(b []byte) netip.Addr { return netip.AddrFrom16([16]byte(b[:16])) }

func (h *hostState) parseBind(c *evalContext, e *format.Event, res int64) {
	if c.fd == nil || res < 0 {
		return
	}
	b, ok := pBytes(e, pBindAddr)
	if !ok || !sockaddrValid(b) {
		return
	}
	f := c.fd
	switch b[0] {
	case afInet:
		port := binary.LittleEndian.Uint16(b[5:])
		if port > 0 {
			f.typ = format.FDIPv4Server
			f.dip, f.dport = addr4(b[1:]), port
			f.role = roleServer
		}
	case afInet6:
		port := binary.LittleEndian.Uint16(b[17:])
		if port > 0 {
			if ipv4Mapped(b[1:17]) {
				f.typ = format.FDIPv4Server
				f.dip = addr4(b[13:])
			} else {
				f.typ = format.FDIPv6Server
				f.dip = addr16(b[1:])
			}
			f.dport = port
			f.role = roleServer
		}
	}
	start := len(c.arena)
	c.arena = appendSockaddr(c.arena, b)
	f.name = string(c.arena[start:])
	c.arena = c.arena[:start]
}

// sockaddrValid reports whether b is long enough for its family.
func sockaddrValid(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch b[0] {
	case afInet:
		return len(b) >= 7
	case afInet6:
		return len(b) >= 19
	case afUnix:
		return true
	}
	return false
}

// tupleValid reports whether b is long enough for its family.
func tupleValid(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	switch b[0] {
	case afInet:
		return len(b) >= 13
	case afInet6:
		return len(b) >= 37
	case afUnix:
		return len(b) >= 17
	}
	return false
}

// setAddrs stores a tuple's ends in f, as libsinsp's
// set_ipv4_addresses_and_ports; it reports whether anything changed.
func setAddrs(f *fdInfo, sip netip.Addr, sport uint16, dip netip.Addr, dport uint16, overwrite bool) bool {
	if (f.typ == format.FDIPv4 || f.typ == format.FDIPv6) &&
		((sip == f.sip && sport == f.sport && dip == f.dip && dport == f.dport) ||
			(dip == f.sip && dport == f.sport && sip == f.dip && sport == f.dport)) {
		return false
	}
	changed := false
	if f.sip != sip {
		f.sip = sip
		changed = true
	}
	if f.sport != sport {
		f.sport = sport
		changed = true
	}
	if !f.dip.IsValid() || f.dip.IsUnspecified() || (overwrite && f.dip != dip) {
		f.dip = dip
		changed = true
	}
	if f.dport == 0 || (overwrite && f.dport != dport) {
		f.dport = dport
		changed = true
	}
	return changed
}

// tupleAddrs decodes an AF_INET or AF_INET6 tuple; v4 says the ends are
// IPv4 (also for IPv4-mapped IPv6).
func tupleAddrs(b []byte) (sip netip.Addr, sport uint16, dip netip.Addr, dport uint16, v4 bool) {
	if b[0] == afInet {
		return addr4(b[1:]), binary.LittleEndian.Uint16(b[5:]), addr4(b[7:]), binary.LittleEndian.Uint16(b[11:]), true
	}
	s, d := b[1:17], b[19:35]
	sport = binary.LittleEndian.Uint16(b[17:])
	dport = binary.LittleEndian.Uint16(b[35:])
	if ipv4Mapped(s) && ipv4Mapped(d) {
		return addr4(s[12:]), sport, addr4(d[12:]), dport, true
	}
	return addr16(s), sport, addr16(d), dport, false
}

func (f *fdInfo) swap() {
	f.sip, f.dip = f.dip, f.sip
	f.sport, f.dport = f.dport, f.sport
}

// setSockName renders f's name from its addresses, as libsinsp's
// sockinfo_to_str.
func (h *hostState) setSockName(c *evalContext, f *fdInfo) {
	start := len(c.arena)
	c.arena = appendSockInfo(c.arena, f)
	f.name = string(c.arena[start:])
	c.arena = c.arena[:start]
}

func (h *hostState) parseConnect(c *evalContext, e *format.Event, res int64) {
	f := c.fd
	if c.th == nil || f == nil {
		return
	}
	if res < 0 && res != errInProgress {
		return
	}
	f.conn = sockConnected
	tuple, hasTuple := pBytes(e, pConnTuple)
	addr, _ := pBytes(e, pConnAddr)
	if !hasTuple || len(tuple) == 0 {
		if !sockaddrValid(addr) {
			return
		}
		switch addr[0] {
		case afInet:
			f.typ = format.FDIPv4
			f.dip, f.dport = addr4(addr[1:]), binary.LittleEndian.Uint16(addr[5:])
		case afInet6:
			port := binary.LittleEndian.Uint16(addr[17:])
			if ipv4Mapped(addr[1:17]) {
				f.typ = format.FDIPv4
				f.dip = addr4(addr[13:])
			} else {
				f.typ = format.FDIPv6
				f.dip = addr16(addr[1:])
			}
			f.dport = port
		default:
			start := len(c.arena)
			c.arena = appendSockaddr(c.arena, addr)
			f.name = string(c.arena[start:])
			c.arena = c.arena[:start]
		}
		return
	}
	if !tupleValid(tuple) {
		return
	}
	switch tuple[0] {
	case afInet, afInet6:
		sip, sport, dip, dport, v4 := tupleAddrs(tuple)
		if v4 {
			f.typ = format.FDIPv4
		} else {
			f.typ = format.FDIPv6
		}
		changed := setAddrs(f, sip, sport, dip, dport, true)
		if changed && f.role == roleServer && f.l4 == l4UDP {
			f.swap()
		}
		h.setSockName(c, f)
	default:
		if f.typ != format.FDUnix {
			return
		}
		f.usrc = binary.LittleEndian.Uint64(tuple[1:])
		f.udst = binary.LittleEndian.Uint64(tuple[9:])
		start := len(c.arena)
		c.arena = appendUnixTuple(c.arena, tuple)
		f.name = string(c.arena[start:])
		c.arena = c.arena[:start]
	}
	if f.role == roleNone {
		f.role = roleClient
	}
}

func (h *hostState) parseAccept(c *evalContext, e *format.Event, th *thread, fd int64) {
	if fd < 0 {
		return
	}
	c.fdNum = fd
	pt := pAcceptTuple
	if e.Type == format.EvAccept4 {
		pt = pAccept4Tuple
	}
	tuple, _ := pBytes(e, pt)
	if !tupleValid(tuple) {
		return
	}
	f := h.newFD()
	switch tuple[0] {
	case afInet, afInet6:
		sip, sport, dip, dport, v4 := tupleAddrs(tuple)
		f.typ = format.FDIPv6
		if v4 {
			f.typ = format.FDIPv4
		}
		f.sip, f.sport, f.dip, f.dport = sip, sport, dip, dport
		f.l4 = l4TCP
	case afUnix:
		f.typ = format.FDUnix
		f.usrc = binary.LittleEndian.Uint64(tuple[1:])
		f.udst = binary.LittleEndian.Uint64(tuple[9:])
	}
	start := len(c.arena)
	c.arena = appendTuple(c.arena, tuple)
	f.name = string(c.arena[start:])
	c.arena = c.arena[:start]
	if e.Type == format.EvAccept4 {
		if fl, _ := pInt(e, pAccept4Flags); fl&oCloexec != 0 {
			f.flags = oCloexec
		}
	}
	f.role = roleServer
	f.conn = sockConnected
	h.addFD(c, th, fd, f)
}

// updateFD applies a send/recv tuple to a socket, as libsinsp's update_fd;
// it reports whether the fd changed.
func (h *hostState) updateFD(f *fdInfo, tuple []byte) bool {
	if !tupleValid(tuple) {
		return false
	}
	switch tuple[0] {
	case afInet, afInet6:
		sip, sport, dip, dport, v4 := tupleAddrs(tuple)
		if f.typ == format.FDIPv4Server || f.typ == format.FDIPv6Server {
			f.dip, f.dport = netip.Addr{}, 0
		}
		switch {
		case v4:
			f.typ = format.FDIPv4
		case tuple[0] == afInet6:
			f.typ = format.FDIPv6
		}
		if !setAddrs(f, sip, sport, dip, dport, false) {
			return false
		}
	case afUnix:
		f.typ = format.FDUnix
		f.usrc = binary.LittleEndian.Uint64(tuple[1:])
		f.udst = binary.LittleEndian.Uint64(tuple[9:])
		f.name = string(cstr(tuple[17:]))
		return true
	}
	if (f.typ == format.FDIPv4 || f.typ == format.FDIPv6) && f.l4 == l4Unknown {
		f.l4 = l4UDP
	}
	h.completeTuple(f)
	return true
}

// cstr returns b up to its first NUL.
func cstr(b []byte) []byte {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return b[:i]
	}
	return b
}

// completeTuple fills a missing end of an IP socket from the host's
// interfaces, as libsinsp's sinsp_network_interfaces::update_fd.
func (h *hostState) completeTuple(f *fdInfo) {
	if (f.typ != format.FDIPv4 && f.typ != format.FDIPv6) || len(h.ifaces) == 0 {
		return
	}
	v6 := f.typ == format.FDIPv6
	sipZero := !f.sip.IsValid() || f.sip.IsUnspecified()
	dipZero := !f.dip.IsValid() || f.dip.IsUnspecified()
	if !sipZero && !dipZero {
		return
	}
	if sipZero {
		a := h.inferAddr(f.dip, v6)
		if a == f.dip && f.sport == f.dport {
			return
		}
		f.sip = a
		return
	}
	if v6 {
		return // libsinsp only completes a missing IPv6 source
	}
	a := h.inferAddr(f.sip, v6)
	if a == f.sip && f.sport == f.dport {
		return
	}
	f.dip = a
}

// inferAddr picks the host's address used to talk to dst: dst itself if
// it is the host's, else one in the same network (the same /64 for IPv6),
// else the first non-loopback one.
func (h *hostState) inferAddr(dst netip.Addr, v6 bool) netip.Addr {
	fam := func(a netip.Addr) bool { return a.Is6() == v6 }
	for _, p := range h.ifaces {
		if fam(p.Addr()) && p.Addr() == dst {
			return p.Addr()
		}
	}
	for _, p := range h.ifaces {
		if !fam(p.Addr()) {
			continue
		}
		if v6 {
			if sameSubnet64(p.Addr(), dst) {
				return p.Addr()
			}
		} else if p.Contains(dst) {
			return p.Addr()
		}
	}
	for _, p := range h.ifaces {
		if fam(p.Addr()) && !p.Addr().IsLoopback() {
			return p.Addr()
		}
	}
	if v6 {
		return netip.IPv6Unspecified()
	}
	return netip.AddrFrom4([4]byte{})
}

// sameSubnet64 reports whether two IPv6 addresses share their first 64
// bits, libsinsp's ipv6addr::in_subnet.
func sameSubnet64(a, b netip.Addr) bool {
	if !a.Is6() || !b.Is6() {
		return false
	}
	x, y := a.As16(), b.As16()
	return [8]byte(x[:8]) == [8]byte(y[:8])
}

// isLocal reports whether a is one of the host's (or the thread's
// container's) addresses.
func (h *hostState) isLocal(th *thread, a netip.Addr) bool {
	if th != nil && th.containerID != "" {
		if a.Is6() && !a.Is4In6() {
			return false // as libsinsp: no IPv6 for containers
		}
		if ct := h.containerOf(th); ct != nil && ct.ip != "" {
			ip, err := netip.ParseAddr(ct.ip)
			return err == nil && ip == a
		}
	}
	for _, p := range h.ifaces {
		if a.Is6() && !a.Is4In6() {
			if sameSubnet64(p.Addr(), a) {
				return true
			}
			continue
		}
		if p.Addr() == a {
			return true
		}
	}
	return false
}

// boundToPort and usesClientPort support libsinsp's role guessing.
func (g *group) boundToPort(port uint16) bool {
	found := false
	g.fds.each(func(f *fdInfo) bool {
		if (f.typ == format.FDIPv4 && f.dport == port) || (f.typ == format.FDIPv4Server && f.dport == port) {
			found = true
			return false
		}
		return true
	})
	return found
}

func (g *group) usesClientPort(port uint16) bool {
	found := false
	g.fds.each(func(f *fdInfo) bool {
		if f.typ == format.FDIPv4 && f.sport == port {
			found = true
			return false
		}
		return true
	})
	return found
}

func guessRole(g *group, f *fdInfo, incoming bool) {
	if !g.boundToPort(f.dport) {
		f.role = roleClient
		return
	}
	if !g.usesClientPort(f.sport) {
		f.role = roleServer
		return
	}
	if incoming {
		f.role = roleServer
	} else {
		f.role = roleClient
	}
}

func (h *hostState) parseSend(c *evalContext, e *format.Event, th *thread, res int64, ti int) {
	tuple, _ := pBytes(e, ti)
	if c.fd == nil && res >= 0 && e.Type != format.EvSendmmsg && len(tuple) > 0 && (tuple[0] == afInet || tuple[0] == afInet6) && c.fdNum >= 0 {
		// The socket() was missed: guess a UDP socket, as libsinsp does.
		var d uint32 = afInet
		if tuple[0] == afInet6 {
			d = afInet6
		}
		h.addSocket(c, th, c.fdNum, d, sockDgram, ipprotoUDP, 0)
	}
	f := c.fd
	if f == nil || res < 0 {
		return
	}
	if f.typ == format.FDIPv4 || f.typ == format.FDIPv6 {
		f.conn = sockConnected
	}
	if f.name != "" && f.isTCP() {
		return
	}
	if !h.updateFD(f, tuple) {
		return
	}
	if f.typ == format.FDIPv4 || f.typ == format.FDIPv6 {
		if f.role == roleNone {
			guessRole(th.grp, f, false)
		}
		if f.role == roleServer {
			f.swap()
		}
		h.setSockName(c, f)
	} else if f.typ != format.FDUnix {
		start := len(c.arena)
		c.arena = appendTuple(c.arena, tuple)
		f.name = string(c.arena[start:])
		c.arena = c.arena[:start]
	}
}

func (h *hostState) parseRecv(c *evalContext, e *format.Event, th *thread, res int64, ti int) {
	f := c.fd
	if f == nil || res < 0 {
		return
	}
	if f.typ == format.FDIPv4 || f.typ == format.FDIPv6 {
		f.conn = sockConnected
	}
	if f.name != "" && f.isTCP() {
		return
	}
	tuple, _ := pBytes(e, ti)
	if !h.updateFD(f, tuple) {
		return
	}
	if f.typ == format.FDIPv4 || f.typ == format.FDIPv6 {
		if f.role == roleNone {
			guessRole(th.grp, f, true)
		}
		if f.role == roleClient {
			f.swap()
		}
		h.setSockName(c, f)
	} else if f.typ != format.FDUnix {
		start := len(c.arena)
		c.arena = appendTuple(c.arena, tuple)
		f.name = string(c.arena[start:])
		c.arena = c.arena[:start]
	}
}

func (f *fdInfo) isTCP() bool {
	return (f.typ == format.FDIPv4 || f.typ == format.FDIPv6) && f.l4 == l4TCP
}

func (h *hostState) parseCloseRange(e *format.Event, th *thread, res int64) {
	if res < 0 {
		return
	}
	first, _ := pInt(e, pCloseRFirst)
	last, _ := pInt(e, pCloseRLast)
	fl, _ := pInt(e, pCloseRFlags)
	first, last = int64(uint32(first)), int64(uint32(last))
	var hit []int64
	th.grp.fds.each(func(f *fdInfo) bool {
		if f.num >= first && f.num <= last {
			hit = append(hit, f.num)
		}
		return true
	})
	for _, fd := range hit {
		if fl&closeRangeCloexec != 0 {
			h.own(th.grp, fd).flags |= oCloexec
			th.grp.fds.cloexec = true
		} else {
			h.release(th.grp.fds.del(fd))
		}
	}
}

func (h *hostState) parsePipe(c *evalContext, e *format.Event, th *thread, res int64) {
	if res < 0 {
		return
	}
	p1, p2, pino, pfl := pPipeFD1, pPipeFD2, pPipeIno, -1
	if e.Type == format.EvPipe2 {
		p1, p2, pino, pfl = pPipe2FD1, pPipe2FD2, pPipe2Ino, pPipe2Flags
	}
	fd1, _ := pInt(e, p1)
	fd2, _ := pInt(e, p2)
	ino, _ := pInt(e, pino)
	fl, _ := pInt(e, pfl)
	for _, fd := range [2]int64{fd1, fd2} {
		f := h.newFD()
		f.typ = format.FDPipe
		f.ino = uint64(ino)
		f.flags = uint32(fl)
		h.addFD(c, th, fd, f)
	}
}

func (h *hostState) parseSocketpair(c *evalContext, e *format.Event, th *thread, res int64) {
	if res < 0 {
		return
	}
	fd1, _ := pInt(e, pSockpairFD1)
	fd2, _ := pInt(e, pSockpairFD2)
	if fd1 == fd2 {
		c.fd = nil
		return
	}
	src, _ := pInt(e, pSockpairSrc)
	peer, _ := pInt(e, pSockpairPeer)
	for _, fd := range [2]int64{fd2, fd1} {
		f := h.newFD()
		f.typ = format.FDUnix
		f.usrc, f.udst = uint64(src), uint64(peer)
		h.addFD(c, th, fd, f)
	}
}

func (h *hostState) parseDup(c *evalContext, e *format.Event, th *thread, res int64) {
	if res < 0 || c.fd == nil {
		return
	}
	f := h.cloneFD(c.fd)
	f.flags &^= oCloexec
	if e.Type == format.EvDup3 {
		if fl, _ := pInt(e, pDup3Flags); fl&oCloexec != 0 {
			f.flags |= oCloexec
		}
	}
	h.addFD(c, th, res, f)
}

func (h *hostState) parseFcntl(c *evalContext, e *format.Event, th *thread, res int64) {
	cmd, _ := pInt(e, pFcntlCmd)
	if cmd != fcntlDupfd && cmd != fcntlDupfdCloexec && cmd != fcntlSetfd {
		return
	}
	if res < 0 || c.fd == nil {
		return
	}
	if cmd == fcntlSetfd {
		// Close-on-exec belongs to this table's entry, not to the file
		// description a fork shares.
		c.fd = h.own(th.grp, c.fdNum)
		c.fd.flags &^= oCloexec
		if arg, _ := pInt(e, pFcntlArg); arg&1 != 0 { // FD_CLOEXEC
			c.fd.flags |= oCloexec
			th.grp.fds.cloexec = true
		}
		return
	}
	f := h.cloneFD(c.fd)
	f.flags &^= oCloexec
	if cmd == fcntlDupfdCloexec {
		f.flags |= oCloexec
	}
	h.addFD(c, th, res, f)
}

func (h *hostState) parsePidfdGetfd(c *evalContext, e *format.Event, th *thread, res int64) {
	pidfd, _ := pInt(e, pPidfdGetPid)
	target, _ := pInt(e, pPidfdGetFD)
	pf := th.grp.fds.get(pidfd)
	if pf == nil || pf.typ != format.FDPidFD {
		return
	}
	other := h.threads[pf.pid]
	if other == nil {
		return
	}
	tf := other.grp.fds.get(target)
	if tf == nil || res < 0 {
		return
	}
	f := h.cloneFD(tf)
	f.flags |= oCloexec
	h.addFD(c, th, res, f)
}

// updateCwd changes the process's working directory, as libsinsp's
// update_cwd (the result always ends in '/').
func (h *hostState) updateCwd(th *thread, dir string) {
	g := th.grp
	var buf [512]byte
	b := appendJoinPath(buf[:0], g.cwd, dir)
	if len(b) == 0 || b[len(b)-1] != '/' {
		b = append(b, '/')
	}
	if string(b) != g.cwd {
		g.cwd = string(b)
	}
}

func (h *hostState) parseSetpgid(e *format.Event, th *thread, res int64) {
	if res < 0 {
		return
	}
	pid, _ := pInt(e, pSetpgidPid)
	pgid, _ := pInt(e, pSetpgidPgid)
	target := th
	if pid != 0 && pid != th.pid {
		target = h.threads[pid]
	}
	if target == nil {
		return
	}
	if pgid == 0 {
		pgid = target.pid
	}
	target.pgid = pgid
	if !target.inPidNS() {
		target.vpgid = pgid
	}
}

func (h *hostState) setUID(th *thread, e *format.Event, res int64, i int) {
	if res != 0 {
		return
	}
	if v, ok := pInt(e, i); ok && uint32(v) != format.NoID {
		th.uid = uint32(v)
	}
}

func (h *hostState) setGID(th *thread, e *format.Event, res int64, i int) {
	if res != 0 {
		return
	}
	if v, ok := pInt(e, i); ok && uint32(v) != format.NoID {
		th.gid = uint32(v)
	}
}

func (h *hostState) parsePrlimit(e *format.Event, th *thread, res int64) {
	if res != 0 {
		return
	}
	if r, ok := pInt(e, pPrlimitRes); !ok || r != rlimitNofile {
		return
	}
	cur, _ := pInt(e, pPrlimitCur)
	if cur == -1 {
		return
	}
	pid, ok := pInt(e, pPrlimitPid)
	if !ok {
		return
	}
	t := th
	if pid != 0 {
		t = h.threads[pid]
	}
	if t == nil || t.invalid {
		return
	}
	if m := h.mainThread(t); m != nil {
		m.fdLimit = cur
	}
}

var vmIdx [format.NumEventTypes][3]int

func init() {
	for _, t := range []format.EventType{format.EvBrk, format.EvMmap, format.EvMmap2, format.EvMunmap} {
		vmIdx[t] = [3]int{format.MustParam(t, "vm_size"), format.MustParam(t, "vm_rss"), format.MustParam(t, "vm_swap")}
	}
}

func (h *hostState) parseVM(e *format.Event, th *thread) {
	idx := vmIdx[e.Type]
	if v, ok := pInt(e, idx[0]); ok {
		th.vmSize = uint32(v)
	}
	rss, ok1 := pInt(e, idx[1])
	swap, ok2 := pInt(e, idx[2])
	if ok1 && ok2 {
		th.vmRSS, th.vmSwap = uint32(rss), uint32(swap)
		th.vmKnown = true
	}
}

// appendInt appends the decimal form of v.
func appendInt(dst []byte, v int64) []byte {
	if v < 0 {
		dst = append(dst, '-')
		return appendUint(dst, uint64(-v))
	}
	return appendUint(dst, uint64(v))
}

func appendUint(dst []byte, v uint64) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}
