#!/bin/sh
# bpftool loads a small eBPF program (Peregrine's own empty benchmark
# hook) and pins it, then the pin is removed and the program unloaded.
set -eu
case $(uname -m) in
x86_64) obj=../../../probe/empty_x86_bpfel.o ;;
aarch64) obj=../../../probe/empty_arm64_bpfel.o ;;
*) echo "no probe object for $(uname -m)" >&2; exit 1 ;;
esac
pin=/sys/fs/bpf/peregrine-corpus-prog
trap 'rm -f "$pin"' EXIT
bpftool prog load "$obj" "$pin"
