#!/bin/sh
# insmod asks the kernel to load a module file. The file is not a real
# module (and this kernel may not load modules at all), so the attempt
# fails, but it is made: the rule fires on the attempt.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'not a module\n' >"$tmp/rootkit.ko"
insmod "$tmp/rootkit.ko" 2>/dev/null || true
