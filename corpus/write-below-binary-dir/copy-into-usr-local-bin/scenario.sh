#!/bin/sh
# A binary dropped into /usr/local/bin by hand, then removed again.
set -eu
f=/usr/local/bin/peregrine-corpus-dropped
trap 'rm -f "$f"' EXIT
cp /bin/true "$f"
