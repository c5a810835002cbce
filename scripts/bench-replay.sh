#!/bin/sh
# make bench-replay: replay a synthetic capture (format's Synth: a busy web
# and database host recorded with the recorder's default syscalls, written
# with format's Writer; per 1000 events about 390 reads, 240 writes, 140
# openat, 150 close, 10 socket+connect, 15 accept4, 40 sendto/recvfrom and
# 3 clone+execve+exit, fds reused lowest-first as the kernel does; the mix
# is in format/synth.go) three ways and print the events per second of
# each:
#   floor     no rules: read, decompress, decode, update the state
#   default   Peregrine's default rules (rules.DefaultFiles)
#   upstream  the three upstream Falco rule files (../shared/fixtures)
# then the peak resident memory of a replay of the capture and of one ten
# times longer, in separate processes: memory must follow the live state,
# not the length of the capture.
#
# Environment: PEREGRINE_BENCH_EVENTS (capture size, default 5000000),
# PEREGRINE_RSS_EVENTS (base size of the memory comparison, default
# 2000000), ROUNDS (replays per case, default 3), PEREGRINE_BENCH_DIR
# (where captures are cached; default a temporary directory, removed at
# the end). Timings on a shared machine are noisy: compare them within one
# run.
set -eu

GO=${GO:-go}
N=${PEREGRINE_BENCH_EVENTS:-5000000}
RSSN=${PEREGRINE_RSS_EVENTS:-2000000}
ROUNDS=${ROUNDS:-3}
cleanup=
if [ -z "${PEREGRINE_BENCH_DIR:-}" ]; then
	PEREGRINE_BENCH_DIR=$(mktemp -d)
	cleanup=$PEREGRINE_BENCH_DIR
fi
export PEREGRINE_BENCH_DIR
trap '[ -n "$cleanup" ] && rm -rf "$cleanup"' EXIT

root=$(cd "$(dirname "$0")/.." && pwd)
bin=$PEREGRINE_BENCH_DIR/replay.test
(cd "$root" && $GO test -c -o "$bin" ./replay)
cd "$root/replay" # the test binary finds the fixtures relative to its package

echo "Generating a capture of $N synthetic events in $PEREGRINE_BENCH_DIR ..."
PEREGRINE_RSS_EVENTS=$N PEREGRINE_RSS_GENERATE_ONLY=1 "$bin" -test.run 'TestReplayPeakRSS$' >/dev/null
size=$(wc -c <"$PEREGRINE_BENCH_DIR/peregrine-bench-$N.pcap")
echo "capture: $N events, $size bytes ($(awk "BEGIN{printf \"%.2f\", $size/$N}") bytes/event)"
echo "cpus: $(getconf _NPROCESSORS_ONLN), load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
echo

echo "Replay speed ($ROUNDS rounds each; events/s and ns/event are wall time, CPU ns/event"
echo "the process's CPU time (all goroutines: reading, decoding, state, rules, GC) per event):"
PEREGRINE_BENCH_EVENTS=$N "$bin" -test.run '^$' -test.bench 'BenchmarkReplay/' \
	-test.benchtime "${ROUNDS}x" -test.benchmem |
	awk '/^BenchmarkReplay\// {
		name = $1; sub(/^BenchmarkReplay\//, "", name); sub(/-[0-9]+$/, "", name)
		eps = ""; cpu = ""
		for (i = 2; i < NF; i++) {
			if ($(i+1) == "events/s") eps = $i
			if ($(i+1) == "cpu-ns/event") cpu = $i
		}
		if (cpu != "")
			printf "  %-9s %12.0f events/s  %7.0f CPU ns/event (%.2fM events per CPU second)\n", name, eps, cpu, 1000 / cpu
		else
			printf "  %-9s %12.0f events/s\n", name, eps
		print "            " $0
	}'
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
echo

echo "Peak memory (separate processes, no rules):"
for n in "$RSSN" "$((RSSN * 10))"; do
	PEREGRINE_RSS_EVENTS=$n PEREGRINE_RSS_GENERATE_ONLY=1 "$bin" -test.run 'TestReplayPeakRSS$' >/dev/null
	PEREGRINE_RSS_EVENTS=$n "$bin" -test.run 'TestReplayPeakRSS$' -test.v | sed -n 's/^rss /  /p'
done
