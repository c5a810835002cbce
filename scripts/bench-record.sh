#!/bin/sh
# Load benchmark of the recorder (make bench-record; root).
#
# Runs a fixed syscall-heavy workload (scripts/benchload: open/read/close,
# stat, rename/unlink, loopback TCP, fork+exec; ~650K syscalls) untraced,
# under an empty sys_exit hook and under `peregrine record`, interleaved,
# ROUNDS times, and prints the slowdowns, the drops and the recorder's CPU
# time per million events. Slowdowns are given on the workload's CPU time
# (user + system, where a syscall hook's cost lands) and on wall time, as
# the ratio of the best (least disturbed) round of each mode and as the
# median of the per-round ratios: on a shared machine the best-of figures
# are the steadiest. A last run with the kernel's BPF statistics on
# (kernel.bpf_stats_enabled, needs bpftool) gives the time spent in the
# probe itself, which no other load on the machine disturbs.
#
# Environment: ROUNDS (default 5), SCALE (workload repetitions, default 1),
# RECORD_ARGS (extra options for peregrine record, e.g. "--snaplen 80").
set -eu

ROUNDS=${ROUNDS:-5}
SCALE=${SCALE:-1}
RECORD_ARGS=${RECORD_ARGS:-}
GO=${GO:-go}

if [ "$(id -u)" != 0 ]; then
	echo "bench-record: run as root (the probe needs CAP_BPF and CAP_PERFMON)" >&2
	exit 1
fi

tmp=$(mktemp -d /tmp/bench-record.XXXXXX)
cleanup() {
	[ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cd "$(dirname "$0")/.."
$GO build -o "$tmp/peregrine" ./cmd/peregrine
$GO build -o "$tmp/benchload" ./scripts/benchload

# cputicks PID: user+system clock ticks a process has used.
cputicks() {
	awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}

# waitfor FILE PATTERN: wait up to 30 s for PATTERN in FILE (or the file).
waitfor() {
	i=0
	while [ $i -lt 300 ]; do
		if [ -z "$2" ] && [ -s "$1" ]; then return 0; fi
		if [ -n "$2" ] && grep -q "$2" "$1" 2>/dev/null; then return 0; fi
		if ! kill -0 "$pid" 2>/dev/null; then cat "$tmp/log" >&2; exit 1; fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "bench-record: $3 did not start in 30 s" >&2
	cat "$tmp/log" >&2
	exit 1
}

workload() { "$tmp/benchload" -scale "$SCALE"; }

echo "workload: $(perf stat -x, -e raw_syscalls:sys_enter "$tmp/benchload" -scale "$SCALE" 2>&1 >/dev/null | cut -d, -f1) syscalls per run (perf), $ROUNDS rounds"
workload >/dev/null # warm the page cache

: >"$tmp/results"
r=1
while [ $r -le "$ROUNDS" ]; do
	base=$(workload)

	"$tmp/peregrine" record --empty-hook >"$tmp/log" 2>&1 &
	pid=$!
	waitfor "$tmp/log" "attached" "the empty hook"
	empty=$(workload)
	kill -INT "$pid"; wait "$pid" || true; pid=

	rm -f "$tmp/cap.pcap"
	# shellcheck disable=SC2086 # RECORD_ARGS is a list of options
	"$tmp/peregrine" record -o "$tmp/cap.pcap" $RECORD_ARGS >"$tmp/log" 2>&1 &
	pid=$!
	waitfor "$tmp/cap.pcap" "" "the recorder"
	sleep 0.2
	c0=$(cputicks "$pid")
	rec=$(workload)
	c1=$(cputicks "$pid")
	kill -INT "$pid"; wait "$pid" || true; pid=
	events=$(sed -n 's/^peregrine record: \([0-9,]*\) events.*/\1/p' "$tmp/log" | tr -d ,)
	drops=$(sed -n 's/.* events in .*, \([0-9]*\) dropped.*/\1/p' "$tmp/log")
	echo "$base $empty $rec $events ${drops:-?} $((c1 - c0))" >>"$tmp/results"
	# Each of base, empty, rec is "WALL CPU" in seconds.
	set -- $base $empty $rec
	printf 'round %d: CPU (wall) untraced %ss (%ss), empty hook %ss (%ss), record %ss (%ss); %s events, %s dropped\n' \
		"$r" "$2" "$1" "$4" "$3" "$6" "$5" "$events" "$drops"
	r=$((r + 1))
done

# In-kernel cost, measured without the noise of the machine: one more run
# under the recorder with BPF run-time statistics on (they add a little
# time of their own, so the rounds above ran without them).
# progstats: total run_time_ns and run_cnt of the probe's attached programs.
progstats() {
	bpftool prog show 2>/dev/null | awk '
		/ name (sys_exit|sched_exec|sched_fork|sched_exit) / {
			for (i = 1; i <= NF; i++) { if ($i == "run_time_ns") t += $(i + 1); if ($i == "run_cnt") c += $(i + 1) }
		}
		END { printf "%d %d\n", t, c }'
}
kstats=""
if command -v bpftool >/dev/null 2>&1; then
	oldstats=$(sysctl -n kernel.bpf_stats_enabled)
	sysctl -q -w kernel.bpf_stats_enabled=1
	rm -f "$tmp/cap.pcap"
	"$tmp/peregrine" record -o "$tmp/cap.pcap" -q >"$tmp/log" 2>&1 &
	pid=$!
	waitfor "$tmp/cap.pcap" "" "the recorder"
	sleep 0.2
	s0=$(progstats)
	w=$(workload)
	s1=$(progstats)
	kill -INT "$pid"; wait "$pid" || true; pid=
	sysctl -q -w kernel.bpf_stats_enabled="$oldstats"
	kstats="$s0 $s1 $w"
fi

awk -v hz="$(getconf CLK_TCK)" -v kstats="$kstats" '
function median(a, n,   i, j, t) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
# Fields: base wall, base CPU, empty wall, empty CPU, rec wall, rec CPU,
# events, drops, recorder CPU ticks.
function lo(x, v) { return (x == "" || v < x) ? v : x }
{
	n++; e[n] = $4 / $2; r[n] = $6 / $2; ew[n] = $3 / $1; rw[n] = $5 / $1; ev += $7; if ($8 != "?") dr += $8; cpu += $9
	bw = lo(bw, $1); bc = lo(bc, $2); xw = lo(xw, $3); xc = lo(xc, $4); rwm = lo(rwm, $5); rc = lo(rc, $6)
}
END {
	printf "\nbest of %d rounds (workload CPU time): untraced %.3fs, empty sys_exit hook %+.1f%%, peregrine record %+.1f%%\n", n, bc, (xc / bc - 1) * 100, (rc / bc - 1) * 100
	printf "best of %d rounds (wall time):         untraced %.3fs, empty sys_exit hook %+.1f%%, peregrine record %+.1f%%\n", n, bw, (xw / bw - 1) * 100, (rwm / bw - 1) * 100
	printf "median of the per-round ratios (CPU): empty sys_exit hook %+.1f%%, peregrine record %+.1f%%\n", (median(e, n) - 1) * 100, (median(r, n) - 1) * 100
	printf "median of the per-round ratios (wall): empty sys_exit hook %+.1f%%, peregrine record %+.1f%%\n", (median(ew, n) - 1) * 100, (median(rw, n) - 1) * 100
	if (split(kstats, k, " ") == 6 && k[4] > k[2]) {
		ns = k[3] - k[1]; runs = k[4] - k[2]
		printf "in the kernel: %.0f ns per hook run (%d runs), %.3f s in the probe = %.1f%% of the workload'"'"'s %.3f s CPU\n", ns / runs, runs, ns / 1e9, ns / 1e9 / k[6] * 100, k[6]
	}
	printf "drops: %d of %d events\n", dr, ev
	if (ev > 0) printf "recorder CPU during the workload: %.2f s per million events\n", cpu / hz / ev * 1e6
}' "$tmp/results"
