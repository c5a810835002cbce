#!/bin/sh
# modprobe, the system's module loader, resolves a module in a module tree
# and asks the kernel to load it. The tree is a private one in a temporary
# directory (modprobe -d) holding a stub: an object with module information
# and no code, which the kernel refuses (or, built without module support,
# cannot load at all). Needs gcc and depmod.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
v=0.0.0-peregrine-corpus
mkdir -p "$tmp/lib/modules/$v/kernel"
cat >"$tmp/stub.c" <<'C'
static const char modinfo[] __attribute__((section(".modinfo"), used, aligned(1))) =
	"license=GPL\0name=pgcorpus";
C
gcc -c -o "$tmp/lib/modules/$v/kernel/pgcorpus.ko" "$tmp/stub.c"
depmod -b "$tmp" "$v" 2>/dev/null
if modprobe -d "$tmp" -S "$v" pgcorpus 2>/dev/null; then
	echo "the kernel accepted the stub module" >&2
	exit 1
fi
