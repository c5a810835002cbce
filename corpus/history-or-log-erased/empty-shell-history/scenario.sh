#!/bin/sh
# Covering tracks: a shell empties a user's .bash_history with a
# redirection (: > ~/.bash_history), in a temporary home. The emptied file
# stays until cleanup.sh, run after the recording.
set -eu
home=/tmp/peregrine-corpus-empty-history
rm -rf "$home"
mkdir -p "$home"
printf 'ls\ncat /etc/shadow\n' >>"$home/.bash_history"
: >"$home/.bash_history"
