#!/bin/sh
# make bench-scap: race Peregrine against sysdig (libsinsp) on one large
# .scap capture.
#
# It builds peregrine, writes a capture of about EVENTS events by repeating
# a fixture's event blocks with shifted timestamps (uncompressed pcapng, as
# sysdig writes without -z), converts it with `peregrine convert`, then
# times, side by side and ROUNDS times each, for two filters:
#
#   count: sysdig -r BIG.scap -q FILTER      vs  peregrine dump -q FILE FILTER
#   print: sysdig -r BIG.scap -p %evt.num FILTER | wc -l
#                                            vs  peregrine dump -p %evt.num FILE FILTER | wc -l
#
# where FILE is the .scap and the converted capture. Both tools read and
# filter every event; in the print runs both print the matches (the counts
# must agree). It prints the best wall time of the rounds with its CPU time
# (user + system, all threads), events/s by wall time and the ratio to
# sysdig, and the sizes: converted capture against the gzip-compressed
# .scap (gzip -6, as sysdig -z writes).
#
# Settings (environment): EVENTS (2000000), ROUNDS (3), FIXTURE
# (format/scap/testdata/curl_google.scap), BENCH_DIR (a temporary
# directory, removed at the end unless KEEP=1), PEREGRINE (a peregrine
# binary to use instead of building one).
set -eu
cd "$(dirname "$0")/.."

events=${EVENTS:-2000000}
rounds=${ROUNDS:-3}
fixture=${FIXTURE:-format/scap/testdata/curl_google.scap}
go=${GO:-go}
if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/peregrine-bench-scap.XXXXXX")
	[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
fi

if ! command -v sysdig >/dev/null 2>&1; then
	echo "bench-scap: sysdig is not installed (Debian: apt-get install sysdig)" >&2
	exit 1
fi

pg=${PEREGRINE:-$work/peregrine}
big=$work/big.scap
conv=$work/big.pcap
[ -n "${PEREGRINE:-}" ] || $go build -o "$pg" ./cmd/peregrine
$go run ./format/scap/internal/bigscap -in "$fixture" -events "$events" -o "$big" >"$work/bigscap.out"
n=$(sed -n 's/.*: \([0-9]*\) events.*/\1/p' "$work/bigscap.out")
gzip -6 -c "$big" >"$big.gz"
"$pg" convert -q "$big" "$conv"

echo "capture: $n events, from $fixture; $(sysdig --version); $($pg version | head -1)"
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# run NAME CMD... runs a command with its output to $work/out.NAME and
# prints "WALL CPU" in seconds (CPU: user + system, of all its threads).
run() {
	name=$1
	shift
	if ! /usr/bin/time -f '%e %U %S' -o "$work/time.$name" "$@" >"$work/out.$name" 2>"$work/err.$name"; then
		echo "FAILED FAILED"
		return 0
	fi
	awk '{printf "%s %.2f", $1, $2+$3}' "$work/time.$name"
}

# best WALLS...: the least wall time of the rounds (a busy machine only
# adds time) with its CPU time.
best() {
	echo "$@" | tr ' ' '\n' | paste - - | grep -v FAILED | sort -n | head -1
}

fa='evt.type in (open, openat) and fd.name startswith /etc'
fb='(proc.name in (bash, sh, zsh, curl) and (fd.name contains passwd or proc.cmdline contains google)) or (evt.type=connect and fd.port=443)'

dump_ok=1
if "$pg" dump -q "$fixture" "evt.num=1" >/dev/null 2>"$work/dumpcheck" || ! grep -q "not built yet" "$work/dumpcheck"; then :; else
	dump_ok=0
	echo "note: peregrine dump is not built yet; only sysdig and the converter are timed"
	echo
fi

printf '%-6s %-5s %-22s %8s %8s %12s %7s %9s\n' filter mode tool wall_s cpu_s events/s ratio matches
# line FILTER MODE LABEL "WALL CPU" SYSDIG_WALL MATCHES
line() {
	w=${4% *}
	c=${4#* }
	printf '%-6s %-5s %-22s %8s %8s %12.0f %7.2f %9s\n' "$1" "$2" "$3" "$w" "$c" \
		"$(echo "$n $w" | awk '{print $1/$2}')" "$(echo "$5 $w" | awk '{print $1/$2}')" "$6"
}
for f in a b; do
	if [ $f = a ]; then filter=$fa; else filter=$fb; fi
	for mode in count print; do
		ts=""
		tp=""
		tc=""
		i=0
		while [ $i -lt "$rounds" ]; do
			i=$((i + 1))
			if [ $mode = count ]; then
				ts="$ts $(run s sysdig -r "$big" -q "$filter")"
				if [ $dump_ok = 1 ]; then
					tp="$tp $(run p "$pg" dump -q "$big" "$filter")"
					tc="$tc $(run c "$pg" dump -q "$conv" "$filter")"
				fi
			else
				ts="$ts $(run s sh -c 'sysdig -r "$1" -p %evt.num "$2" | wc -l' sh "$big" "$filter")"
				if [ $dump_ok = 1 ]; then
					tp="$tp $(run p sh -c '"$1" dump -p %evt.num "$2" "$3" | wc -l' sh "$pg" "$big" "$filter")"
					tc="$tc $(run c sh -c '"$1" dump -p %evt.num "$2" "$3" | wc -l' sh "$pg" "$conv" "$filter")"
				fi
			fi
		done
		bs=$(best $ts)
		sw=${bs%%	*}
		ms=""
		[ $mode = print ] && ms=$(cat "$work/out.s")
		line $f $mode "sysdig .scap" "$(echo "$bs" | tr '\t' ' ')" "$sw" "$ms"
		if [ $dump_ok = 1 ]; then
			for k in p c; do
				if [ $k = p ]; then tt=$tp label="peregrine .scap"; else tt=$tc label="peregrine converted"; fi
				bt=$(best $tt)
				if [ -z "$bt" ]; then
					printf '%-6s %-5s %-22s failed: %s\n' "$f" $mode "$label" "$(head -c 200 "$work/err.$k")"
					continue
				fi
				mt=$(tr -d ' ' <"$work/out.$k" | head -1)
				line $f $mode "$label" "$(echo "$bt" | tr '\t' ' ')" "$sw" "$mt"
			done
		fi
	done
done

echo
tconv=$(run conv "$pg" convert -q "$big" "$work/again.pcap")
echo "peregrine convert (read .scap, write capture): ${tconv% *} s wall, ${tconv#* } s CPU, $(echo "$n ${tconv% *}" | awk '{printf "%.0f", $1/$2}') events/s"
echo
ssz=$(wc -c <"$big")
gsz=$(wc -c <"$big.gz")
csz=$(wc -c <"$conv")
echo "sizes: .scap $ssz bytes, .scap.gz (gzip -6) $gsz bytes, converted $csz bytes"
echo "$csz $gsz $n" | awk '{printf "converted / gzip .scap = %.3f (target <= 0.5); %.2f bytes/event\n", $1/$2, $1/$3}'
