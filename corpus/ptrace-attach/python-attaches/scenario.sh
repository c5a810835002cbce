#!/bin/sh
# python3 calls ptrace(PTRACE_ATTACH) on a sleeping child, waits for it to
# stop and detaches: the first step of injecting code into a process.
set -eu
sleep 5 &
target=$!
trap 'kill $target 2>/dev/null || true' EXIT
/usr/bin/python3 - "$target" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
pid = int(sys.argv[1])
PTRACE_ATTACH, PTRACE_DETACH = 16, 17
if libc.ptrace(PTRACE_ATTACH, pid, None, None) != 0:
    sys.exit("ptrace attach: " + os.strerror(ctypes.get_errno()))
os.waitpid(pid, 0)
libc.ptrace(PTRACE_DETACH, pid, None, None)
EOF
