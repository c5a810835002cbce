#!/bin/sh
# make run: the main job with embedded defaults. For now: write a sample
# capture of synthetic events and inspect it (header, contents, integrity).
set -eu
bin=${1:-bin/peregrine}
out=${TMPDIR:-/tmp}/peregrine-sample.pgr
"$bin" inspect --sample "$out"
"$bin" inspect --verify "$out"
