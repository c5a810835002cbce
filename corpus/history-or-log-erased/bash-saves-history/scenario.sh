#!/bin/bash
# bash rewrites its history file when an interactive session ends (an
# open with O_TRUNC); a program empties and deletes its own files. The
# history file stays until cleanup.sh, run after the recording.
set -eu
home=/tmp/peregrine-corpus-history
rm -rf "$home"
mkdir -p "$home"
printf 'echo hello\nexit\n' | HOME=$home HISTFILE=$home/.bash_history bash --norc --noprofile -i >/dev/null 2>&1
[ -s "$home/.bash_history" ]
printf 'report\n' >"$home/report.txt"
: >"$home/report.txt"
rm "$home/report.txt"
