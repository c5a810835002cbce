package format

// Event types known to this version of Peregrine. The numbering is internal to
// a running program: capture files carry their own schema and readers map it
// onto these by name (see docs/format.md, "Schema"). Names and parameter
// names follow Falco's event table so that rules written for Falco
// (evt.type, evt.arg.NAME) work unchanged.
const (
	EvUnknown EventType = iota
	EvSyscall
	EvOpen
	EvClose
	EvRead
	EvWrite
	EvSocket
	EvBind
	EvConnect
	EvListen
	EvSend
	EvSendto
	EvRecv
	EvRecvfrom
	EvShutdown
	EvGetsockname
	EvGetpeername
	EvSocketpair
	EvSetsockopt
	EvGetsockopt
	EvSendmsg
	EvSendmmsg
	EvRecvmsg
	EvRecvmmsg
	EvCreat
	EvPipe
	EvEventfd
	EvFutex
	EvStat
	EvLstat
	EvFstat
	EvStat64
	EvLstat64
	EvFstat64
	EvEpollWait
	EvPoll
	EvSelect
	EvLseek
	EvLlseek
	EvChdir
	EvFchdir
	EvPread
	EvPwrite
	EvReadv
	EvWritev
	EvPreadv
	EvPwritev
	EvSignalfd
	EvKill
	EvTkill
	EvTgkill
	EvNanosleep
	EvTimerfdCreate
	EvInotifyInit
	EvGetrlimit
	EvSetrlimit
	EvPrlimit
	EvDrop
	EvFcntl
	EvSwitch
	EvBrk
	EvMmap
	EvMmap2
	EvMunmap
	EvSplice
	EvPtrace
	EvIoctl
	EvRename
	EvRenameat
	EvSymlink
	EvSymlinkat
	EvProcexit
	EvSendfile
	EvQuotactl
	EvSetresuid
	EvSetresgid
	EvScapevent
	EvCloseRange
	EvSetuid
	EvSetgid
	EvGetuid
	EvGeteuid
	EvGetgid
	EvGetegid
	EvGetresuid
	EvGetresgid
	EvClone
	EvFork
	EvVfork
	EvSignaldeliver
	EvProcinfo
	EvGetdents
	EvGetdents64
	EvSetns
	EvFlock
	EvCpuHotplug
	EvAccept
	EvSemop
	EvSemctl
	EvPpoll
	EvMount
	EvSemget
	EvAccess
	EvChroot
	EvSetsid
	EvMkdir
	EvRmdir
	EvNotification
	EvUnshare
	EvInfra
	EvPageFault
	EvExecve
	EvSetpgid
	EvSeccomp
	EvUnlink
	EvUnlinkat
	EvMkdirat
	EvOpenat
	EvLink
	EvLinkat
	EvFchmodat
	EvChmod
	EvFchmod
	EvRenameat2
	EvUserfaultfd
	EvPluginevent
	EvContainer
	EvOpenat2
	EvMprotect
	EvExecveat
	EvCopyFileRange
	EvClone3
	EvOpenByHandleAt
	EvIoUringSetup
	EvIoUringEnter
	EvIoUringRegister
	EvMlock
	EvMunlock
	EvMlockall
	EvMunlockall
	EvCapset
	EvUseradded
	EvUserdeleted
	EvGroupadded
	EvGroupdeleted
	EvDup2
	EvDup3
	EvDup
	EvBpf
	EvMlock2
	EvFsconfig
	EvEpollCreate
	EvEpollCreate1
	EvChown
	EvLchown
	EvFchown
	EvFchownat
	EvUmount
	EvAccept4
	EvUmount2
	EvPipe2
	EvInotifyInit1
	EvEventfd2
	EvSignalfd4
	EvPrctl
	EvAsyncevent
	EvMemfdCreate
	EvPidfdGetfd
	EvPidfdOpen
	EvInitModule
	EvFinitModule
	EvMknod
	EvMknodat
	EvNewfstatat
	EvProcessVmReadv
	EvProcessVmWritev
	EvDeleteModule
	EvSetreuid
	EvSetregid
	EvKeyctl
	EvSetfsuid
	EvSetfsgid
	EvTruncate
	EvFtruncate

	numEventTypes
)

var eventTable = [numEventTypes]EventInfo{
	EvUnknown: {Name: "unknown"},
	EvSyscall: {Name: "syscall", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "ID", Type: PTSyscallID, Fmt: FmtDec},
		{Name: "nativeID", Type: PTUint16, Fmt: FmtDec},
	}},
	EvOpen: {Name: "open", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTFSPath, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "mode", Type: PTUint32, Fmt: FmtOct},
		{Name: "dev", Type: PTUint32, Fmt: FmtHex},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
	}},
	EvClose: {Name: "close", Category: CatIOOther | CatSyscall, Flags: FlagDestroysFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
	}},
	EvRead: {Name: "read", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
	}},
	EvWrite: {Name: "write", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
	}},
	EvSocket: {Name: "socket", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "domain", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesSocketFamilies},
		{Name: "type", Type: PTUint32, Fmt: FmtDec},
		{Name: "proto", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
	}},
	EvBind: {Name: "bind", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTSockAddr, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
	}},
	EvConnect: {Name: "connect", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "addr", Type: PTSockAddr, Fmt: FmtNA},
	}},
	EvListen: {Name: "listen", Category: CatNet | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "backlog", Type: PTInt32, Fmt: FmtDec},
	}},
	EvSend: {Name: "send", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
	}},
	EvSendto: {Name: "sendto", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
	}},
	EvRecv: {Name: "recv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
	}},
	EvRecvfrom: {Name: "recvfrom", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
	}},
	EvShutdown: {Name: "shutdown", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "how", Type: PTEnumFlags8, Fmt: FmtHex, Names: namesShutdownHow},
	}},
	EvGetsockname: {Name: "getsockname", Category: CatNet | CatSyscall, Flags: 0},
	EvGetpeername: {Name: "getpeername", Category: CatNet | CatSyscall, Flags: 0},
	EvSocketpair: {Name: "socketpair", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd1", Type: PTFD, Fmt: FmtDec},
		{Name: "fd2", Type: PTFD, Fmt: FmtDec},
		{Name: "source", Type: PTUint64, Fmt: FmtHex},
		{Name: "peer", Type: PTUint64, Fmt: FmtHex},
		{Name: "domain", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesSocketFamilies},
		{Name: "type", Type: PTUint32, Fmt: FmtDec},
		{Name: "proto", Type: PTUint32, Fmt: FmtDec},
	}},
	EvSetsockopt: {Name: "setsockopt", Category: CatNet | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "level", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesSockoptLevels},
		{Name: "optname", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesSockoptOptions},
		{Name: "val", Type: PTDyn, Fmt: FmtDec},
		{Name: "optlen", Type: PTUint32, Fmt: FmtDec},
	}},
	EvGetsockopt: {Name: "getsockopt", Category: CatNet | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "level", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesSockoptLevels},
		{Name: "optname", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesSockoptOptions},
		{Name: "val", Type: PTDyn, Fmt: FmtDec},
		{Name: "optlen", Type: PTUint32, Fmt: FmtDec},
	}},
	EvSendmsg: {Name: "sendmsg", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
	}},
	EvSendmmsg: {Name: "sendmmsg", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
	}},
	EvRecvmsg: {Name: "recvmsg", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "msgcontrol", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
	}},
	EvRecvmmsg: {Name: "recvmmsg", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "msgcontrol", Type: PTByteBuf, Fmt: FmtNA},
	}},
	EvCreat: {Name: "creat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTFSPath, Fmt: FmtNA},
		{Name: "mode", Type: PTUint32, Fmt: FmtOct},
		{Name: "dev", Type: PTUint32, Fmt: FmtHex},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
		{Name: "creat_flags", Type: PTFlags16, Fmt: FmtHex, Names: namesCreatFlags},
	}},
	EvPipe: {Name: "pipe", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd1", Type: PTFD, Fmt: FmtDec},
		{Name: "fd2", Type: PTFD, Fmt: FmtDec},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
	}},
	EvEventfd: {Name: "eventfd", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "initval", Type: PTUint64, Fmt: FmtDec},
		{Name: "flags", Type: PTUint32, Fmt: FmtHex},
	}},
	EvFutex: {Name: "futex", Category: CatIPC | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "op", Type: PTFlags16, Fmt: FmtHex, Names: namesFutexOperations},
		{Name: "val", Type: PTUint64, Fmt: FmtDec},
	}},
	EvStat: {Name: "stat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvLstat: {Name: "lstat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvFstat: {Name: "fstat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
	}},
	EvStat64: {Name: "stat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvLstat64: {Name: "lstat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvFstat64: {Name: "fstat64", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
	}},
	EvEpollWait: {Name: "epoll_wait", Category: CatWait | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "maxevents", Type: PTErrno, Fmt: FmtDec},
	}},
	EvPoll: {Name: "poll", Category: CatWait | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fds", Type: PTFDList, Fmt: FmtDec},
		{Name: "timeout", Type: PTInt64, Fmt: FmtDec},
	}},
	EvSelect: {Name: "select", Category: CatWait | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
	}},
	EvLseek: {Name: "lseek", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "offset", Type: PTUint64, Fmt: FmtDec},
		{Name: "whence", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesLseekWhence},
	}},
	EvLlseek: {Name: "llseek", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "offset", Type: PTUint64, Fmt: FmtDec},
		{Name: "whence", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesLseekWhence},
	}},
	EvChdir: {Name: "chdir", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvFchdir: {Name: "fchdir", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
	}},
	EvPread: {Name: "pread", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "pos", Type: PTUint64, Fmt: FmtDec},
	}},
	EvPwrite: {Name: "pwrite", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "pos", Type: PTUint64, Fmt: FmtDec},
	}},
	EvReadv: {Name: "readv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
	}},
	EvWritev: {Name: "writev", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
	}},
	EvPreadv: {Name: "preadv", Category: CatIORead | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "pos", Type: PTUint64, Fmt: FmtDec},
	}},
	EvPwritev: {Name: "pwritev", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint32, Fmt: FmtDec},
		{Name: "pos", Type: PTUint64, Fmt: FmtDec},
	}},
	EvSignalfd: {Name: "signalfd", Category: CatSignal | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "mask", Type: PTUint32, Fmt: FmtHex},
		{Name: "flags", Type: PTUint8, Fmt: FmtHex},
	}},
	EvKill: {Name: "kill", Category: CatSignal | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "sig", Type: PTSigType, Fmt: FmtDec},
	}},
	EvTkill: {Name: "tkill", Category: CatSignal | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "sig", Type: PTSigType, Fmt: FmtDec},
	}},
	EvTgkill: {Name: "tgkill", Category: CatSignal | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "sig", Type: PTSigType, Fmt: FmtDec},
	}},
	EvNanosleep: {Name: "nanosleep", Category: CatSleep | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "interval", Type: PTRelTime, Fmt: FmtDec},
	}},
	EvTimerfdCreate: {Name: "timerfd_create", Category: CatTime | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "clockid", Type: PTUint8, Fmt: FmtDec},
		{Name: "flags", Type: PTUint8, Fmt: FmtHex},
	}},
	EvInotifyInit: {Name: "inotify_init", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTUint8, Fmt: FmtHex},
	}},
	EvGetrlimit: {Name: "getrlimit", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "cur", Type: PTInt64, Fmt: FmtDec},
		{Name: "max", Type: PTInt64, Fmt: FmtDec},
		{Name: "resource", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesRlimitResources},
	}},
	EvSetrlimit: {Name: "setrlimit", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "cur", Type: PTInt64, Fmt: FmtDec},
		{Name: "max", Type: PTInt64, Fmt: FmtDec},
		{Name: "resource", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesRlimitResources},
	}},
	EvPrlimit: {Name: "prlimit", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "newcur", Type: PTInt64, Fmt: FmtDec},
		{Name: "newmax", Type: PTInt64, Fmt: FmtDec},
		{Name: "oldcur", Type: PTInt64, Fmt: FmtDec},
		{Name: "oldmax", Type: PTInt64, Fmt: FmtDec},
		{Name: "pid", Type: PTInt64, Fmt: FmtDec},
		{Name: "resource", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesRlimitResources},
	}},
	EvDrop: {Name: "drop", Category: CatInternal | CatMeta, Flags: 0, Params: []ParamInfo{
		{Name: "ratio", Type: PTUint32, Fmt: FmtDec},
		// Peregrine: events lost on the event's CPU since the previous drop event.
		{Name: "lost", Type: PTUint64, Fmt: FmtDec},
	}},
	EvFcntl: {Name: "fcntl", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "cmd", Type: PTEnumFlags8, Fmt: FmtDec, Names: namesFcntlCommands},
		{Name: "arg", Type: PTUint64, Fmt: FmtHex},
	}},
	EvSwitch: {Name: "switch", Category: CatScheduler | CatTracepoint, Flags: 0, Params: []ParamInfo{
		{Name: "next", Type: PTPID, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
	}},
	EvBrk: {Name: "brk", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTUint64, Fmt: FmtHex},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
	}},
	EvMmap: {Name: "mmap", Category: CatMemory | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtHex},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
		{Name: "prot", Type: PTFlags32, Fmt: FmtHex, Names: namesProtFlags},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMmapFlags},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "offset", Type: PTUint64, Fmt: FmtDec},
	}},
	EvMmap2: {Name: "mmap2", Category: CatMemory | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtHex},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
		{Name: "prot", Type: PTFlags32, Fmt: FmtHex, Names: namesProtFlags},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMmapFlags},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "pgoffset", Type: PTUint64, Fmt: FmtDec},
	}},
	EvMunmap: {Name: "munmap", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
	}},
	EvSplice: {Name: "splice", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd_in", Type: PTFD, Fmt: FmtDec},
		{Name: "fd_out", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint64, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesSpliceFlags},
	}},
	EvPtrace: {Name: "ptrace", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTDyn, Fmt: FmtHex},
		{Name: "data", Type: PTDyn, Fmt: FmtHex},
		{Name: "request", Type: PTEnumFlags16, Fmt: FmtDec, Names: namesPtraceRequests},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
	}},
	EvIoctl: {Name: "ioctl", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "request", Type: PTUint64, Fmt: FmtHex},
		{Name: "argument", Type: PTUint64, Fmt: FmtHex},
	}},
	EvRename: {Name: "rename", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "oldpath", Type: PTFSPath, Fmt: FmtNA},
		{Name: "newpath", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvRenameat: {Name: "renameat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "olddirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "oldpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "olddirfd"},
		{Name: "newdirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "newpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "newdirfd"},
	}},
	EvSymlink: {Name: "symlink", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "target", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "linkpath", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvSymlinkat: {Name: "symlinkat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "target", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "linkdirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "linkpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "linkdirfd"},
	}},
	EvProcexit: {Name: "procexit", Category: CatProcess | CatTracepoint, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "status", Type: PTErrno, Fmt: FmtDec},
		{Name: "ret", Type: PTErrno, Fmt: FmtDec},
		{Name: "sig", Type: PTSigType, Fmt: FmtDec},
		{Name: "core", Type: PTUint8, Fmt: FmtDec},
		{Name: "reaper_tid", Type: PTPID, Fmt: FmtDec},
	}},
	EvSendfile: {Name: "sendfile", Category: CatIOWrite | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "offset", Type: PTUint64, Fmt: FmtDec},
		{Name: "out_fd", Type: PTFD, Fmt: FmtDec},
		{Name: "in_fd", Type: PTFD, Fmt: FmtDec},
		{Name: "size", Type: PTUint64, Fmt: FmtDec},
	}},
	EvQuotactl: {Name: "quotactl", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "special", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "quotafilepath", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "dqb_bhardlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "dqb_bsoftlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "dqb_curspace", Type: PTUint64, Fmt: FmtDec},
		{Name: "dqb_ihardlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "dqb_isoftlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "dqb_btime", Type: PTRelTime, Fmt: FmtDec},
		{Name: "dqb_itime", Type: PTRelTime, Fmt: FmtDec},
		{Name: "dqi_bgrace", Type: PTRelTime, Fmt: FmtDec},
		{Name: "dqi_igrace", Type: PTRelTime, Fmt: FmtDec},
		{Name: "dqi_flags", Type: PTFlags8, Fmt: FmtDec, Names: namesQuotactlDqiFlags},
		{Name: "quota_fmt_out", Type: PTFlags8, Fmt: FmtDec, Names: namesQuotactlQuotaFmts},
		{Name: "cmd", Type: PTFlags16, Fmt: FmtDec, Names: namesQuotactlCmds},
		{Name: "type", Type: PTFlags8, Fmt: FmtDec, Names: namesQuotactlTypes},
		{Name: "id", Type: PTUint32, Fmt: FmtDec},
		{Name: "quota_fmt", Type: PTFlags8, Fmt: FmtDec, Names: namesQuotactlQuotaFmts},
	}},
	EvSetresuid: {Name: "setresuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "ruid", Type: PTUID, Fmt: FmtDec},
		{Name: "euid", Type: PTUID, Fmt: FmtDec},
		{Name: "suid", Type: PTUID, Fmt: FmtDec},
	}},
	EvSetresgid: {Name: "setresgid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "rgid", Type: PTGID, Fmt: FmtDec},
		{Name: "egid", Type: PTGID, Fmt: FmtDec},
		{Name: "sgid", Type: PTGID, Fmt: FmtDec},
	}},
	EvScapevent: {Name: "scapevent", Category: CatInternal | CatMeta, Flags: 0, Params: []ParamInfo{
		{Name: "event_type", Type: PTUint32, Fmt: FmtDec},
		{Name: "event_data", Type: PTUint64, Fmt: FmtDec},
	}},
	EvCloseRange: {Name: "close_range", Category: CatIOOther | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "first", Type: PTUint32, Fmt: FmtDec},
		{Name: "last", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloseRangeFlags},
	}},
	EvSetuid: {Name: "setuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "uid", Type: PTUID, Fmt: FmtDec},
	}},
	EvSetgid: {Name: "setgid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "gid", Type: PTGID, Fmt: FmtDec},
	}},
	EvGetuid: {Name: "getuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "uid", Type: PTUID, Fmt: FmtDec},
	}},
	EvGeteuid: {Name: "geteuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "euid", Type: PTUID, Fmt: FmtDec},
	}},
	EvGetgid: {Name: "getgid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "gid", Type: PTGID, Fmt: FmtDec},
	}},
	EvGetegid: {Name: "getegid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "egid", Type: PTGID, Fmt: FmtDec},
	}},
	EvGetresuid: {Name: "getresuid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "ruid", Type: PTUID, Fmt: FmtDec},
		{Name: "euid", Type: PTUID, Fmt: FmtDec},
		{Name: "suid", Type: PTUID, Fmt: FmtDec},
	}},
	EvGetresgid: {Name: "getresgid", Category: CatUser | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "rgid", Type: PTGID, Fmt: FmtDec},
		{Name: "egid", Type: PTGID, Fmt: FmtDec},
		{Name: "sgid", Type: PTGID, Fmt: FmtDec},
	}},
	EvClone: {Name: "clone", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTPID, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTInt64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvFork: {Name: "fork", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTPID, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTInt64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvVfork: {Name: "vfork", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTPID, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTInt64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvSignaldeliver: {Name: "signaldeliver", Category: CatSignal | CatTracepoint, Flags: 0, Params: []ParamInfo{
		{Name: "spid", Type: PTPID, Fmt: FmtDec},
		{Name: "dpid", Type: PTPID, Fmt: FmtDec},
		{Name: "sig", Type: PTSigType, Fmt: FmtDec},
	}},
	EvProcinfo: {Name: "procinfo", Category: CatInternal | CatMeta, Flags: 0, Params: []ParamInfo{
		{Name: "cpu_usr", Type: PTUint64, Fmt: FmtDec},
		{Name: "cpu_sys", Type: PTUint64, Fmt: FmtDec},
	}},
	EvGetdents: {Name: "getdents", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
	}},
	EvGetdents64: {Name: "getdents64", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
	}},
	EvSetns: {Name: "setns", Category: CatProcess | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
		{Name: "nstype", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
	}},
	EvFlock: {Name: "flock", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtNA},
		{Name: "operation", Type: PTFlags32, Fmt: FmtHex, Names: namesFlockFlags},
	}},
	EvCpuHotplug: {Name: "cpu_hotplug", Category: CatSystem | CatMeta, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "cpu", Type: PTUint32, Fmt: FmtDec},
		{Name: "action", Type: PTUint32, Fmt: FmtDec},
	}},
	EvAccept: {Name: "accept", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "queuepct", Type: PTUint8, Fmt: FmtDec},
		{Name: "queuelen", Type: PTUint32, Fmt: FmtDec},
		{Name: "queuemax", Type: PTUint32, Fmt: FmtDec},
	}},
	EvSemop: {Name: "semop", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "nsops", Type: PTUint32, Fmt: FmtDec},
		{Name: "sem_num_0", Type: PTUint16, Fmt: FmtDec},
		{Name: "sem_op_0", Type: PTInt16, Fmt: FmtDec},
		{Name: "sem_flg_0", Type: PTFlags16, Fmt: FmtHex, Names: namesSemopFlags},
		{Name: "sem_num_1", Type: PTUint16, Fmt: FmtDec},
		{Name: "sem_op_1", Type: PTInt16, Fmt: FmtDec},
		{Name: "sem_flg_1", Type: PTFlags16, Fmt: FmtHex, Names: namesSemopFlags},
		{Name: "semid", Type: PTInt32, Fmt: FmtDec},
	}},
	EvSemctl: {Name: "semctl", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "semid", Type: PTInt32, Fmt: FmtDec},
		{Name: "semnum", Type: PTInt32, Fmt: FmtDec},
		{Name: "cmd", Type: PTFlags16, Fmt: FmtHex, Names: namesSemctlCommands},
		{Name: "val", Type: PTInt32, Fmt: FmtDec},
	}},
	EvPpoll: {Name: "ppoll", Category: CatWait | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fds", Type: PTFDList, Fmt: FmtDec},
		{Name: "timeout", Type: PTRelTime, Fmt: FmtDec},
		{Name: "sigmask", Type: PTSigSet, Fmt: FmtDec},
	}},
	EvMount: {Name: "mount", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dev", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "dir", Type: PTFSPath, Fmt: FmtNA},
		{Name: "type", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMountFlags},
	}},
	EvSemget: {Name: "semget", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "key", Type: PTInt32, Fmt: FmtHex},
		{Name: "nsems", Type: PTInt32, Fmt: FmtDec},
		{Name: "semflg", Type: PTFlags32, Fmt: FmtHex, Names: namesSemgetFlags},
	}},
	EvAccess: {Name: "access", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "name", Type: PTFSPath, Fmt: FmtNA},
		{Name: "mode", Type: PTFlags32, Fmt: FmtHex, Names: namesAccessFlags},
	}},
	EvChroot: {Name: "chroot", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvSetsid: {Name: "setsid", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTPID, Fmt: FmtDec},
	}},
	EvMkdir: {Name: "mkdir", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "mode", Type: PTUint32, Fmt: FmtHex},
	}},
	EvRmdir: {Name: "rmdir", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvNotification: {Name: "notification", Category: CatOther | CatMeta, Flags: 0, Params: []ParamInfo{
		{Name: "id", Type: PTCharBuf, Fmt: FmtDec},
		{Name: "desc", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvUnshare: {Name: "unshare", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
	}},
	EvInfra: {Name: "infra", Category: CatInternal | CatMeta, Flags: 0, Params: []ParamInfo{
		{Name: "source", Type: PTCharBuf, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "description", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "scope", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvPageFault: {Name: "page_fault", Category: CatOther | CatTracepoint, Flags: 0, Params: []ParamInfo{
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "ip", Type: PTUint64, Fmt: FmtHex},
		{Name: "error", Type: PTFlags32, Fmt: FmtHex, Names: namesPfFlags},
	}},
	EvExecve: {Name: "execve", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "env", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tty", Type: PTUint32, Fmt: FmtDec},
		{Name: "vpgid", Type: PTPID, Fmt: FmtDec},
		{Name: "loginuid", Type: PTUID, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesExecveFlags},
		{Name: "cap_inheritable", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_permitted", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_effective", Type: PTUint64, Fmt: FmtHex},
		{Name: "exe_ino", Type: PTUint64, Fmt: FmtDec},
		{Name: "exe_ino_ctime", Type: PTAbsTime, Fmt: FmtDec},
		{Name: "exe_ino_mtime", Type: PTAbsTime, Fmt: FmtDec},
		{Name: "uid", Type: PTUID, Fmt: FmtDec},
		{Name: "trusted_exepath", Type: PTFSPath, Fmt: FmtNA},
		{Name: "pgid", Type: PTPID, Fmt: FmtNA},
		{Name: "gid", Type: PTGID, Fmt: FmtDec},
		{Name: "filename", Type: PTFSPath, Fmt: FmtNA},
		// Peregrine additions: the process context Falco's table lacks.
		{Name: "sid", Type: PTPID, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "ruid", Type: PTUID, Fmt: FmtDec},
		{Name: "rgid", Type: PTGID, Fmt: FmtDec},
		{Name: "pidns", Type: PTUint64, Fmt: FmtDec},
		{Name: "mntns", Type: PTUint64, Fmt: FmtDec},
		{Name: "netns", Type: PTUint64, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvSetpgid: {Name: "setpgid", Category: CatProcess | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "pgid", Type: PTPID, Fmt: FmtDec},
	}},
	EvSeccomp: {Name: "seccomp", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "op", Type: PTUint64, Fmt: FmtDec},
		{Name: "flags", Type: PTUint64, Fmt: FmtHex},
	}},
	EvUnlink: {Name: "unlink", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvUnlinkat: {Name: "unlinkat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesUnlinkatFlags},
	}},
	EvMkdirat: {Name: "mkdirat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "path", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "mode", Type: PTUint32, Fmt: FmtHex},
	}},
	EvOpenat: {Name: "openat", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "mode", Type: PTUint32, Fmt: FmtOct},
		{Name: "dev", Type: PTUint32, Fmt: FmtHex},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
	}},
	EvLink: {Name: "link", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "oldpath", Type: PTFSPath, Fmt: FmtNA},
		{Name: "newpath", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvLinkat: {Name: "linkat", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "olddir", Type: PTFD, Fmt: FmtDec},
		{Name: "oldpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "olddir"},
		{Name: "newdir", Type: PTFD, Fmt: FmtDec},
		{Name: "newpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "newdir"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesLinkatFlags},
	}},
	EvFchmodat: {Name: "fchmodat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "filename", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "mode", Type: PTMode, Fmt: FmtOct, Names: namesChmodMode},
	}},
	EvChmod: {Name: "chmod", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "filename", Type: PTFSPath, Fmt: FmtNA},
		{Name: "mode", Type: PTMode, Fmt: FmtOct, Names: namesChmodMode},
	}},
	EvFchmod: {Name: "fchmod", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "mode", Type: PTMode, Fmt: FmtOct, Names: namesChmodMode},
	}},
	EvRenameat2: {Name: "renameat2", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "olddirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "oldpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "olddirfd"},
		{Name: "newdirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "newpath", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "newdirfd"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesRenameat2Flags},
	}},
	EvUserfaultfd: {Name: "userfaultfd", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
	}},
	EvPluginevent: {Name: "pluginevent", Category: CatOther | CatPlugin, Flags: FlagLargePayload, Params: []ParamInfo{
		{Name: "plugin_id", Type: PTUint32, Fmt: FmtDec},
		{Name: "event_data", Type: PTByteBuf, Fmt: FmtNA},
	}},
	EvContainer: {Name: "container", Category: CatProcess | CatMeta, Flags: FlagModifiesState | FlagLargePayload, Params: []ParamInfo{
		{Name: "json", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvOpenat2: {Name: "openat2", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "mode", Type: PTUint32, Fmt: FmtOct},
		{Name: "resolve", Type: PTFlags32, Fmt: FmtHex, Names: namesOpenat2Flags},
		{Name: "dev", Type: PTUint32, Fmt: FmtHex},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
	}},
	EvMprotect: {Name: "mprotect", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
		{Name: "prot", Type: PTFlags32, Fmt: FmtHex, Names: namesProtFlags},
	}},
	EvExecveat: {Name: "execveat", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "env", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tty", Type: PTUint32, Fmt: FmtDec},
		{Name: "vpgid", Type: PTPID, Fmt: FmtDec},
		{Name: "loginuid", Type: PTUID, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesExecveFlags},
		{Name: "cap_inheritable", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_permitted", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_effective", Type: PTUint64, Fmt: FmtHex},
		{Name: "exe_ino", Type: PTUint64, Fmt: FmtDec},
		{Name: "exe_ino_ctime", Type: PTAbsTime, Fmt: FmtDec},
		{Name: "exe_ino_mtime", Type: PTAbsTime, Fmt: FmtDec},
		{Name: "uid", Type: PTUID, Fmt: FmtDec},
		{Name: "trusted_exepath", Type: PTFSPath, Fmt: FmtNA},
		{Name: "pgid", Type: PTPID, Fmt: FmtNA},
		{Name: "gid", Type: PTGID, Fmt: FmtDec},
		{Name: "filename", Type: PTFSPath, Fmt: FmtNA},
		// Peregrine additions: the process context Falco's table lacks.
		{Name: "sid", Type: PTPID, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "ruid", Type: PTUID, Fmt: FmtDec},
		{Name: "rgid", Type: PTGID, Fmt: FmtDec},
		{Name: "pidns", Type: PTUint64, Fmt: FmtDec},
		{Name: "mntns", Type: PTUint64, Fmt: FmtDec},
		{Name: "netns", Type: PTUint64, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvCopyFileRange: {Name: "copy_file_range", Category: CatFile | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD | FlagWritesToFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fdout", Type: PTFD, Fmt: FmtDec},
		{Name: "offout", Type: PTUint64, Fmt: FmtDec},
		{Name: "fdin", Type: PTFD, Fmt: FmtDec},
		{Name: "offin", Type: PTUint64, Fmt: FmtDec},
		{Name: "len", Type: PTUint64, Fmt: FmtDec},
	}},
	EvClone3: {Name: "clone3", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTPID, Fmt: FmtDec},
		{Name: "exe", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "args", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "tid", Type: PTPID, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "ptid", Type: PTPID, Fmt: FmtDec},
		{Name: "cwd", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "fdlimit", Type: PTInt64, Fmt: FmtDec},
		{Name: "pgft_maj", Type: PTUint64, Fmt: FmtDec},
		{Name: "pgft_min", Type: PTUint64, Fmt: FmtDec},
		{Name: "vm_size", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_rss", Type: PTUint32, Fmt: FmtDec},
		{Name: "vm_swap", Type: PTUint32, Fmt: FmtDec},
		{Name: "comm", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "cgroups", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesCloneFlags},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "vtid", Type: PTPID, Fmt: FmtDec},
		{Name: "vpid", Type: PTPID, Fmt: FmtDec},
		{Name: "pidns_init_start_ts", Type: PTUint64, Fmt: FmtDec},
	}},
	EvOpenByHandleAt: {Name: "open_by_handle_at", Category: CatFile | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "mountfd", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "dev", Type: PTUint32, Fmt: FmtHex},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
	}},
	EvIoUringSetup: {Name: "io_uring_setup", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "entries", Type: PTUint32, Fmt: FmtDec},
		{Name: "sq_entries", Type: PTUint32, Fmt: FmtDec},
		{Name: "cq_entries", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesIoUringSetupFlags},
		{Name: "sq_thread_cpu", Type: PTUint32, Fmt: FmtDec},
		{Name: "sq_thread_idle", Type: PTUint32, Fmt: FmtDec},
		{Name: "features", Type: PTFlags32, Fmt: FmtHex, Names: namesIoUringSetupFeats},
	}},
	EvIoUringEnter: {Name: "io_uring_enter", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "to_submit", Type: PTUint32, Fmt: FmtDec},
		{Name: "min_complete", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesIoUringEnterFlags},
		{Name: "sig", Type: PTSigSet, Fmt: FmtDec},
	}},
	EvIoUringRegister: {Name: "io_uring_register", Category: CatIOOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "opcode", Type: PTEnumFlags16, Fmt: FmtDec, Names: namesIoUringRegisterOpcodes},
		{Name: "arg", Type: PTUint64, Fmt: FmtHex},
		{Name: "nr_args", Type: PTUint32, Fmt: FmtDec},
	}},
	EvMlock: {Name: "mlock", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "len", Type: PTUint64, Fmt: FmtDec},
	}},
	EvMunlock: {Name: "munlock", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "len", Type: PTUint64, Fmt: FmtDec},
	}},
	EvMlockall: {Name: "mlockall", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMlockallFlags},
	}},
	EvMunlockall: {Name: "munlockall", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
	}},
	EvCapset: {Name: "capset", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "cap_inheritable", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_permitted", Type: PTUint64, Fmt: FmtHex},
		{Name: "cap_effective", Type: PTUint64, Fmt: FmtHex},
	}},
	EvUseradded: {Name: "useradded", Category: CatProcess | CatMeta, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "home", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "shell", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "container_id", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvUserdeleted: {Name: "userdeleted", Category: CatProcess | CatMeta, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "home", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "shell", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "container_id", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvGroupadded: {Name: "groupadded", Category: CatProcess | CatMeta, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "container_id", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvGroupdeleted: {Name: "groupdeleted", Category: CatProcess | CatMeta, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "container_id", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvDup2: {Name: "dup2", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "oldfd", Type: PTFD, Fmt: FmtDec},
		{Name: "newfd", Type: PTFD, Fmt: FmtDec},
	}},
	EvDup3: {Name: "dup3", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "oldfd", Type: PTFD, Fmt: FmtDec},
		{Name: "newfd", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
	}},
	EvDup: {Name: "dup", Category: CatIOOther | CatSyscall, Flags: FlagCreatesFD | FlagUsesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "oldfd", Type: PTFD, Fmt: FmtDec},
	}},
	EvBpf: {Name: "bpf", Category: CatOther | CatSyscall, Flags: FlagCreatesFD, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "cmd", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesBpfCommands},
	}},
	EvMlock2: {Name: "mlock2", Category: CatMemory | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "addr", Type: PTUint64, Fmt: FmtHex},
		{Name: "len", Type: PTUint64, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMlock2Flags},
	}},
	EvFsconfig: {Name: "fsconfig", Category: CatSystem | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "cmd", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesFsconfigCmds},
		{Name: "key", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "value_bytebuf", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "value_charbuf", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "aux", Type: PTInt32, Fmt: FmtDec},
	}},
	EvEpollCreate: {Name: "epoll_create", Category: CatWait | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "size", Type: PTInt32, Fmt: FmtDec},
	}},
	EvEpollCreate1: {Name: "epoll_create1", Category: CatWait | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesEpollCreate1Flags},
	}},
	EvChown: {Name: "chown", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
	}},
	EvLchown: {Name: "lchown", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
	}},
	EvFchown: {Name: "fchown", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
	}},
	EvFchownat: {Name: "fchownat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "pathname", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "uid", Type: PTUint32, Fmt: FmtDec},
		{Name: "gid", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFchownatFlags},
	}},
	EvUmount: {Name: "umount", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "name", Type: PTFSPath, Fmt: FmtNA},
	}},
	EvAccept4: {Name: "accept4", Category: CatNet | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "tuple", Type: PTSockTuple, Fmt: FmtNA},
		{Name: "queuepct", Type: PTUint8, Fmt: FmtDec},
		{Name: "queuelen", Type: PTUint32, Fmt: FmtDec},
		{Name: "queuemax", Type: PTUint32, Fmt: FmtDec},
		{Name: "flags", Type: PTInt32, Fmt: FmtHex},
	}},
	EvUmount2: {Name: "umount2", Category: CatFile | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "name", Type: PTFSPath, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesUmountFlags},
	}},
	EvPipe2: {Name: "pipe2", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd1", Type: PTFD, Fmt: FmtDec},
		{Name: "fd2", Type: PTFD, Fmt: FmtDec},
		{Name: "ino", Type: PTUint64, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFileFlags},
	}},
	EvInotifyInit1: {Name: "inotify_init1", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags16, Fmt: FmtHex, Names: namesFileFlags},
	}},
	EvEventfd2: {Name: "eventfd2", Category: CatIPC | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags16, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "initval", Type: PTUint64, Fmt: FmtDec},
	}},
	EvSignalfd4: {Name: "signalfd4", Category: CatSignal | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags16, Fmt: FmtHex, Names: namesFileFlags},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "mask", Type: PTUint32, Fmt: FmtHex},
	}},
	EvPrctl: {Name: "prctl", Category: CatProcess | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "option", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesPrctlOptions},
		{Name: "arg2_str", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "arg2_int", Type: PTInt64, Fmt: FmtDec},
	}},
	EvAsyncevent: {Name: "asyncevent", Category: CatOther | CatMeta, Flags: FlagLargePayload, Params: []ParamInfo{
		{Name: "plugin_id", Type: PTUint32, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
	}},
	EvMemfdCreate: {Name: "memfd_create", Category: CatMemory | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesMemfdCreateFlags},
	}},
	EvPidfdGetfd: {Name: "pidfd_getfd", Category: CatProcess | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "pid_fd", Type: PTFD, Fmt: FmtDec},
		{Name: "target_fd", Type: PTFD, Fmt: FmtDec},
		{Name: "flags", Type: PTUint32, Fmt: FmtHex},
	}},
	EvPidfdOpen: {Name: "pidfd_open", Category: CatProcess | CatSyscall, Flags: FlagCreatesFD | FlagModifiesState, Params: []ParamInfo{
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesPidfdOpenFlags},
	}},
	EvInitModule: {Name: "init_module", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "img", Type: PTByteBuf, Fmt: FmtNA},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
		{Name: "uargs", Type: PTCharBuf, Fmt: FmtNA},
	}},
	EvFinitModule: {Name: "finit_module", Category: CatOther | CatSyscall, Flags: FlagUsesFD | FlagReadsFromFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "uargs", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesFinitModuleFlags},
	}},
	EvMknod: {Name: "mknod", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "mode", Type: PTMode, Fmt: FmtOct, Names: namesMknodMode},
		{Name: "dev", Type: PTUint32, Fmt: FmtDec},
	}},
	EvMknodat: {Name: "mknodat", Category: CatOther | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "path", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "mode", Type: PTMode, Fmt: FmtOct, Names: namesMknodMode},
		{Name: "dev", Type: PTUint32, Fmt: FmtDec},
	}},
	EvNewfstatat: {Name: "newfstatat", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "dirfd", Type: PTFD, Fmt: FmtDec},
		{Name: "path", Type: PTFSRelPath, Fmt: FmtNA, DirFD: "dirfd"},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesNewfstatatFlags},
	}},
	EvProcessVmReadv: {Name: "process_vm_readv", Category: CatSyscall | CatIPC, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTInt64, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
	}},
	EvProcessVmWritev: {Name: "process_vm_writev", Category: CatSyscall | CatIPC, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTInt64, Fmt: FmtDec},
		{Name: "pid", Type: PTPID, Fmt: FmtDec},
		{Name: "data", Type: PTByteBuf, Fmt: FmtNA},
	}},
	EvDeleteModule: {Name: "delete_module", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "name", Type: PTCharBuf, Fmt: FmtNA},
		{Name: "flags", Type: PTFlags32, Fmt: FmtHex, Names: namesDeleteModuleFlags},
	}},
	EvSetreuid: {Name: "setreuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "ruid", Type: PTUID, Fmt: FmtDec},
		{Name: "euid", Type: PTUID, Fmt: FmtDec},
	}},
	EvSetregid: {Name: "setregid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "rgid", Type: PTUID, Fmt: FmtDec},
		{Name: "egid", Type: PTUID, Fmt: FmtDec},
	}},
	EvKeyctl: {Name: "keyctl", Category: CatOther | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "operation", Type: PTEnumFlags32, Fmt: FmtDec, Names: namesKeyctlOperations},
		{Name: "arg2", Type: PTDyn, Fmt: FmtDec},
		{Name: "arg3", Type: PTDyn, Fmt: FmtDec},
		{Name: "arg4", Type: PTDyn, Fmt: FmtDec},
		{Name: "arg5", Type: PTDyn, Fmt: FmtDec},
	}},
	EvSetfsuid: {Name: "setfsuid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "uid", Type: PTUID, Fmt: FmtDec},
	}},
	EvSetfsgid: {Name: "setfsgid", Category: CatUser | CatSyscall, Flags: FlagModifiesState, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "gid", Type: PTGID, Fmt: FmtDec},
	}},
	// Peregrine additions: Falco's table has no truncate events.
	EvTruncate: {Name: "truncate", Category: CatFile | CatSyscall, Flags: 0, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "path", Type: PTFSPath, Fmt: FmtNA},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
	}},
	EvFtruncate: {Name: "ftruncate", Category: CatFile | CatSyscall, Flags: FlagUsesFD, Params: []ParamInfo{
		{Name: "res", Type: PTErrno, Fmt: FmtDec},
		{Name: "fd", Type: PTFD, Fmt: FmtDec},
		{Name: "length", Type: PTUint64, Fmt: FmtDec},
	}},
}
