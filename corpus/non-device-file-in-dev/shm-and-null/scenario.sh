#!/bin/sh
# Shared memory files belong in /dev/shm; redirecting output to /dev/null
# opens it with O_CREAT but creates nothing.
set -eu
f=/dev/shm/peregrine-corpus
trap 'rm -f "$f"' EXIT
echo data >"$f"
echo discarded >/dev/null
