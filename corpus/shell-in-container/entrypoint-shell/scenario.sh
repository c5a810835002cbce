#!/bin/sh
# A shell as the container's entrypoint (process 1 in the container) is
# how many images start; it runs a few commands and no further shell.
# The container sleeps a second before acting so that the recorder has
# learnt its name and image from the engine's API by then.
set -eu
name=pg-corpus-entrypoint
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --name $name localhost/bars-test:1 \
	sh -c 'sleep 1; echo starting; cat /etc/hostname; echo done'
