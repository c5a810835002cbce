#!/bin/bash
# The probe's cost when following a command (make bench-follow; root).
#
# Runs the load benchmark's workload (scripts/benchload) ROUNDS times in
# each of three ways and prints the time the probe spent per sys_exit run,
# from the kernel's BPF run-time statistics (which the rest of the machine
# does not disturb):
#   host-wide     peregrine record, the workload recorded with everything else
#   followed      peregrine record -- sh -c '...workload...': only it recorded
#   not followed  peregrine record -- sleep: the workload runs beside it
# Needs bpftool. docs/record.md has the figures.
set -eu
ROUNDS=${ROUNDS:-3}
GO=${GO:-go}
if [ "$(id -u)" != 0 ]; then
	echo "bench-follow: run as root (the probe needs CAP_BPF and CAP_PERFMON)" >&2
	exit 1
fi
command -v bpftool >/dev/null || { echo "bench-follow: needs bpftool" >&2; exit 1; }

tmp=$(mktemp -d /tmp/bench-follow.XXXXXX)
pid=
old=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	sysctl -q -w kernel.bpf_stats_enabled="$old"
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
cd "$(dirname "$0")/.."
$GO build -o "$tmp/peregrine" ./cmd/peregrine
$GO build -o "$tmp/benchload" ./scripts/benchload
P=$tmp/peregrine
W=$tmp/benchload

# progstats: total run_time_ns and run_cnt of the probe's attached programs.
progstats() {
	bpftool prog show 2>/dev/null | awk '
		/ name (sys_exit|sched_exec|sched_fork|sched_exit) / {
			for (i = 1; i <= NF; i++) { if ($i == "run_time_ns") t += $(i + 1); if ($i == "run_cnt") c += $(i + 1) }
		}
		END { printf "%d %d\n", t, c }'
}
# report LABEL BEFORE... AFTER...: ns per run between two progstats.
report() {
	printf '%-14s %5d ns per sys_exit run (%d runs)\n' "$1" $((($4 - $2) / ($5 - $3))) $(($5 - $3))
}
# started FILE: wait until the recorder has written its capture's start.
started() {
	for _ in $(seq 300); do [ -s "$1" ] && return 0; sleep 0.1; done
	echo "bench-follow: the recorder did not start" >&2
	exit 1
}

sysctl -q -w kernel.bpf_stats_enabled=1
"$W" >/dev/null # warm the page cache
for r in $(seq "$ROUNDS"); do
	echo "round $r"
	rm -f "$tmp/a.pgr"
	"$P" record -q --no-env -o "$tmp/a.pgr" &
	pid=$!
	started "$tmp/a.pgr"
	s0=$(progstats); "$W" >/dev/null; s1=$(progstats)
	kill -INT "$pid"; wait "$pid" || true; pid=
	report "host-wide" $s0 $s1

	rm -f "$tmp/b.pgr" "$tmp/go" "$tmp/done"
	mkfifo "$tmp/go"
	"$P" record -q --no-env -o "$tmp/b.pgr" -- sh -c "cat $tmp/go >/dev/null; $W >/dev/null; touch $tmp/done; sleep 2" &
	pid=$!
	started "$tmp/b.pgr"
	s0=$(progstats); echo go >"$tmp/go"
	while [ ! -e "$tmp/done" ]; do sleep 0.05; done
	s1=$(progstats)
	wait "$pid" || true; pid=
	report "followed" $s0 $s1

	rm -f "$tmp/c.pgr"
	"$P" record -q --no-env -o "$tmp/c.pgr" -- sleep 600 &
	pid=$!
	started "$tmp/c.pgr"
	s0=$(progstats); "$W" >/dev/null; s1=$(progstats)
	kill -INT "$pid"; wait "$pid" || true; pid=
	report "not followed" $s0 $s1
done
echo "capture sizes of the last round: host-wide $(du -h "$tmp/a.pgr" | cut -f1), followed $(du -h "$tmp/b.pgr" | cut -f1), not followed $(du -h "$tmp/c.pgr" | cut -f1)"
