#!/bin/sh
# The demo workload of `make run`: a few moves an intruder makes, done
# harmlessly in a temporary directory, each one something Peregrine's
# default rules report. Nothing lasts: the temporary directory is removed
# and no file outside it is changed.
#
#   1. read the password hashes with a program that has no business there
#   2. drop a program in /tmp and run it from there
#   3. make a link to /etc/shadow
#   4. set the setuid bit on a copy of a program
#
# Needs root for step 1 (it fails harmlessly otherwise). Record it with
#   sudo peregrine record -o demo.pgr -- scripts/demo.sh
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "demo: reading /etc/shadow with head"
head -c 64 /etc/shadow >/dev/null 2>&1 || echo "demo: (not allowed to read /etc/shadow)"

echo "demo: running a program copied to $tmp"
cp /bin/true "$tmp/payload"
"$tmp/payload"

echo "demo: linking $tmp/notes to /etc/shadow"
ln -s /etc/shadow "$tmp/notes"

echo "demo: setting the setuid bit on $tmp/payload"
chmod u+s "$tmp/payload"

echo "demo: done, $tmp removed"
