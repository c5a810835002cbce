#!/bin/sh
# modprobe resolves a module in a module tree and asks the kernel to load
# it. The tree is a private one in a temporary directory (modprobe -d) with
# a module that is not real, so the kernel refuses it.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
v=peregrine-corpus
mkdir -p "$tmp/lib/modules/$v/kernel"
printf 'not a module\n' >"$tmp/lib/modules/$v/kernel/pgcorpus.ko"
echo "kernel/pgcorpus.ko:" >"$tmp/lib/modules/$v/modules.dep"
depmod -b "$tmp" -a "$v" 2>/dev/null || true
modprobe -d "$tmp" -S "$v" pgcorpus 2>/dev/null || true
