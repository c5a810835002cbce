#!/bin/sh
# make run: the main job with embedded defaults. For now: write a small
# sample capture and inspect it.
set -eu
bin=${1:-bin/peregrine}
out=${TMPDIR:-/tmp}/peregrine-sample.pcap
"$bin" inspect --sample "$out" >/dev/null 2>&1 || true
"$bin" inspect "$out"
