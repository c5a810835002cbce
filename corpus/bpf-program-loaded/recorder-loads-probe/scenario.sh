#!/bin/sh
# Peregrine's recorder, a program known to load eBPF programs, loads its
# probe for a moment (recording a rare syscall into a temporary file).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
../../../bin/peregrine record -q --no-env --syscalls chroot --duration 200ms -o "$tmp/inner.pgr"
