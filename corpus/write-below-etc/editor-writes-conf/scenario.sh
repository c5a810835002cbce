#!/bin/sh
# vim, run as an editor script, writes a configuration file below /etc
# (no swap file, no viminfo); the file is removed again.
set -eu
f=/etc/peregrine-corpus-editor.conf
trap 'rm -f "$f"' EXIT
vim -u NONE -i NONE -n -es -c 'call setline(1, "peregrine=corpus")' -c "write $f" -c 'quit!' </dev/null
grep -q peregrine=corpus "$f"
