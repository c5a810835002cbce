#!/bin/sh
# A containerised program spawns a command interpreter, as an exploited
# service would: find, the container's main process, runs sh -c for each
# match. The container's entrypoint itself is not a shell.
# find sleeps a second before it starts the shell so that the recorder has
# learnt the container's name and image from the engine's API by then.
set -eu
name=pg-corpus-find-shell
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --name $name localhost/bars-test:1 \
	find /bin/busybox -exec sleep 1 \; -exec sh -c 'id -u' \;
