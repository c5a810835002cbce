#!/bin/sh
# The shell reads a script from /tmp: the program executed is /bin/sh.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'echo from a script\n' >"$tmp/job.sh"
sh "$tmp/job.sh" >/dev/null
