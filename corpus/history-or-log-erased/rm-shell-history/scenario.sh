#!/bin/sh
# Covering tracks: a user's .bash_history removed (in a temporary home).
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'ls\ncat /etc/shadow\n' >"$tmp/.bash_history"
rm "$tmp/.bash_history"
