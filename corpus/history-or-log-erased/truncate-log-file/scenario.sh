#!/bin/sh
# A log file below /var/log emptied with truncate, then removed (which is
# erasing it again).
set -eu
f=/var/log/peregrine-corpus.log
trap 'rm -f "$f"' EXIT
echo "login from 192.0.2.7" >>"$f"
truncate -s 0 "$f"
