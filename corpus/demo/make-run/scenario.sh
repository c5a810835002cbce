#!/bin/sh
# The demo workload of `make run` (scripts/demo.sh). Its capture is what
# make run replays where it cannot record (not root, no eBPF).
exec ../../../scripts/demo.sh
