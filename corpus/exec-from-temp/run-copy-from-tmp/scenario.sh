#!/bin/sh
# A dropper's pattern: copy a binary to /tmp and run it.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /bin/echo "$tmp/payload"
"$tmp/payload" dropped >/dev/null
