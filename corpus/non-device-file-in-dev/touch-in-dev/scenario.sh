#!/bin/sh
# A regular file made in /dev (by touch), then removed.
set -eu
f=/dev/.peregrine-corpus
trap 'rm -f "$f"' EXIT
touch "$f"
