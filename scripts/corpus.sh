#!/bin/bash
# make corpus: re-record the corpus cases that have a scenario script.
#
# For each case folder under corpus/ (or under the folders given as
# arguments) with a scenario.sh, runs
#
#     peregrine record -q --no-env -o capture.pgr -- ./scenario.sh
#
# in the case folder, as root: only the scenario and what it starts are
# recorded, containers included (docs/record.md, "Following a command").
# A case's cleanup.sh, if any, runs after the recording (not recorded), for
# what the scenario must leave in place until it ends.
# The podman API socket is started for the run when it is not up, so the
# captures carry container names and images. A capture is replaced only
# when its scenario succeeds. Then `peregrine test` compares the new
# captures with the expectations; review what changed, and rewrite the
# expectations with `peregrine test --update PATH` where the change is
# right (docs/corpus.md).
#
# Usage: scripts/corpus.sh [-b PEREGRINE] [CASE_OR_FOLDER...]
#        make corpus [CASES="corpus/write-below-etc ..."]
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/sbin:/sbin"
bin=bin/peregrine
if [ "${1:-}" = -b ]; then
	bin=$2
	shift 2
fi
bin=$(realpath "$bin")
roots=("$@")
[ ${#roots[@]} -gt 0 ] || roots=(corpus)

if [ "$(id -u)" != 0 ]; then
	echo "corpus: run as root: the scenarios record with eBPF and act as root (in temporary places)" >&2
	exit 1
fi
if [ ! -x "$bin" ]; then
	echo "corpus: $bin is missing: run make build" >&2
	exit 1
fi

# What the scenarios run, besides coreutils (Debian package names).
missing=
for need in bash:bash busybox:busybox-static vim:vim python3:python3 strace:strace gcc:gcc \
	depmod:kmod modprobe:kmod insmod:kmod bpftool:bpftool dpkg-deb:dpkg pwck:passwd chage:passwd curl:curl catatonit:catatonit; do
	command -v "${need%%:*}" >/dev/null 2>&1 || missing="$missing ${need#*:}"
done
if [ -n "$missing" ]; then
	echo "corpus: the scenarios need these packages: apt-get install$(printf '%s\n' $missing | sort -u | tr '\n' ' ' | sed 's/^/ /;s/ $//')" >&2
	exit 1
fi

# Containers: podman, the local busybox image, and the engine's API.
./scripts/containers-setup.sh
sock=/run/podman/podman.sock
api_pid=
api_up() { curl -sf --unix-socket "$sock" http://d/v1.40/_ping >/dev/null 2>&1; }
if ! api_up; then
	mkdir -p "$(dirname "$sock")"
	podman system service --time=0 "unix://$sock" >/dev/null 2>&1 &
	api_pid=$!
	for _ in $(seq 100); do api_up && break; sleep 0.1; done
	api_up || { echo "corpus: the podman API did not come up on $sock" >&2; exit 1; }
fi
cleanup() {
	if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

mapfile -t scenarios < <(find "${roots[@]}" -name scenario.sh -type f | sort)
if [ ${#scenarios[@]} -eq 0 ]; then
	echo "corpus: no scenario.sh under ${roots[*]}" >&2
	exit 1
fi
failed=0
for s in "${scenarios[@]}"; do
	dir=$(dirname "$s")
	if [ ! -f "$dir/case.yaml" ]; then
		echo "corpus: $dir has a scenario.sh but no case.yaml" >&2
		failed=$((failed + 1))
		continue
	fi
	printf '%-60s ' "$dir"
	log=$(mktemp)
	if (cd "$dir" && "$bin" record -q --no-env --container-socket "$sock" -o capture.pgr.new -- ./scenario.sh) >"$log" 2>&1; then
		mv "$dir/capture.pgr.new" "$dir/capture.pgr"
		chmod 0644 "$dir/capture.pgr"
		printf '%s\n' "$(du -h "$dir/capture.pgr" | cut -f1)"
	else
		rm -f "$dir/capture.pgr.new"
		echo "FAILED (the old capture is kept):"
		sed 's/^/    /' "$log"
		failed=$((failed + 1))
	fi
	if [ -x "$dir/cleanup.sh" ] && ! (cd "$dir" && ./cleanup.sh); then
		echo "corpus: $dir/cleanup.sh failed" >&2
		failed=$((failed + 1))
	fi
	rm -f "$log"
done
echo
du -sh corpus
[ "$failed" -eq 0 ] || { echo "corpus: $failed scenario(s) failed" >&2; exit 1; }

# What the new captures raise, against the expectations.
status=0
"$bin" test "${roots[@]}" || status=$?
if [ "$status" -eq 3 ]; then
	echo "corpus: some captures no longer match their expectations: check the scenarios, then" >&2
	echo "        $bin test --update ${roots[*]}   and review with git diff" >&2
fi
exit "$status"
