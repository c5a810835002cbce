#!/bin/sh
# chmod u+s on a copy of a program in a temporary directory.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /bin/true "$tmp/backdoor"
chmod u+s "$tmp/backdoor"
