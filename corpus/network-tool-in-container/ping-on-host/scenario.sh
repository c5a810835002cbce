#!/bin/sh
# ping on the host (busybox's applet, under the name ping).
set -eu
dir=$(mktemp -d /run/peregrine-corpus.XXXXXX)
trap 'rm -rf "$dir"' EXIT
ln -s "$(command -v busybox)" "$dir/ping"
"$dir/ping" -c1 127.0.0.1 >/dev/null
