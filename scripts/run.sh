#!/bin/sh
# make run: Peregrine's main job with its embedded defaults.
#
# As root on a kernel that can load the probe, it records a short, harmless
# demo workload (scripts/demo.sh: reads /etc/shadow with head, runs a
# program copied to /tmp, links to /etc/shadow, sets a setuid bit, all in a
# temporary directory) with
#
#     peregrine record --no-env -o FILE -- scripts/demo.sh
#
# which records only the demo and what it starts, then replays the capture
# with the default rules: the alerts, then the summary. Where it cannot
# record (not root, no eBPF, no BTF) it says why and replays the demo's
# capture from the corpus instead (corpus/demo/make-run), which shows the
# same alerts, as recorded when the corpus was.
#
# Usage: scripts/run.sh [PEREGRINE]     (make run builds bin/peregrine first)
set -u
cd "$(dirname "$0")/.."
bin=${1:-bin/peregrine}
if [ ! -x "$bin" ]; then
	echo "run: $bin is missing: run make build" >&2
	exit 1
fi
corpus_capture=corpus/demo/make-run/capture.pgr
out=${TMPDIR:-/tmp}/peregrine-demo.pgr
log=$(mktemp)
trap 'rm -f "$log"' EXIT

replay() {
	echo
	echo "== peregrine replay $1 (the default rules)"
	"$bin" replay "$1"
}

why=
if [ "$(id -u)" != 0 ]; then
	why="not running as root (recording loads an eBPF probe: sudo make run)"
else
	rm -f "$out"
	echo "== peregrine record --no-env -o $out -- scripts/demo.sh"
	"$bin" record --no-env -o "$out" -- scripts/demo.sh 2>"$log"
	status=$?
	if [ -s "$out" ]; then
		cat "$log"
		if [ "$status" != 0 ]; then
			echo "run: the demo exited with status $status; replaying what was recorded" >&2
		fi
		replay "$out"
		echo
		echo "The capture is $out: try '$bin dump $out' or '$bin inspect $out'."
		exit 0
	fi
	why=$(sed 's/^peregrine record: //' "$log")
	[ -n "$why" ] || why="peregrine record exited with status $status"
fi

echo "run: cannot record here: $why"
echo "run: replaying the demo's capture from the corpus instead ($corpus_capture)"
replay "$corpus_capture"
