#!/bin/sh
# make golden: regenerate the differential-test goldens of format/scap from
# sysdig (libsinsp), so that the tests need no sysdig. For every fixture in
# format/scap/testdata it runs
#
#     sysdig -r FIXTURE -p "$(cat format/scap/difftest/testdata/format.txt)" "evt.dir=<"
#
# and writes format/scap/difftest/testdata/golden/FIXTURE.txt, headed by a
# comment line naming the sysdig version. The goldens were made with the
# Debian package sysdig 0.29.3 (apt-get install sysdig); another version
# prints other things in places, so check the diff before committing.
set -eu
cd "$(dirname "$0")/.."
dir=format/scap/difftest/testdata
if ! command -v sysdig >/dev/null 2>&1; then
	echo "golden.sh: sysdig is not installed (Debian: apt-get install sysdig)" >&2
	exit 1
fi
ver=$(sysdig --version)
fmt=$(cat "$dir/format.txt")
mkdir -p "$dir/golden"
# A fixture sysdig cannot read gets a golden holding only the header and
# sysdig's error as comment lines; the test says what it compares it with.
for f in format/scap/testdata/*.scap; do
	name=$(basename "$f" .scap)
	out="$dir/golden/$name.txt"
	printf '# %s: sysdig -r %s -p FORMAT "evt.dir=<"\n' "$ver" "$name.scap" >"$out.tmp"
	if sysdig -r "$f" -p "$fmt" "evt.dir=<" >>"$out.tmp" 2>"$out.err"; then
		echo "$out: $(($(wc -l <"$out.tmp") - 1)) events"
	else
		printf '# sysdig failed: %s\n' "$(tr '\n' ' ' <"$out.err")" >>"$out.tmp"
		echo "$out: sysdig failed: $(cat "$out.err")" >&2
	fi
	rm -f "$out.err"
	mv "$out.tmp" "$out"
done
