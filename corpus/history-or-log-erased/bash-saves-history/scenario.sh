#!/bin/bash
# An interactive bash ends and saves its history, cutting the file down to
# HISTFILESIZE lines (an open with O_TRUNC, as every session does once the
# history is full); a program empties and deletes its own files. The
# history file stays until cleanup.sh, run after the recording.
set -eu
home=/tmp/peregrine-corpus-history
rm -rf "$home"
mkdir -p "$home"
printf 'ls\nid\ndate\n' >>"$home/.bash_history"
printf 'echo hello\nexit\n' | HOME=$home HISTFILE=$home/.bash_history HISTFILESIZE=2 bash --norc --noprofile -i >/dev/null 2>&1
grep -q 'echo hello' "$home/.bash_history"
printf 'report\n' >"$home/report.txt"
: >"$home/report.txt"
rm "$home/report.txt"
