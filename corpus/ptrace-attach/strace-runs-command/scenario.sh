#!/bin/sh
# strace attaches to the command it starts (PTRACE_SEIZE): debugging.
set -eu
strace -o /dev/null true
