#!/bin/sh
# A shell in a running container lists and would install packages with
# dpkg (busybox's): software changing inside a container.
# The container sleeps a second before acting so that the recorder has
# learnt its name and image from the engine's API by then.
set -eu
name=pg-corpus-dpkg
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --name $name localhost/bars-test:1 \
	sh -c 'sleep 1; dpkg -l >/dev/null 2>&1; echo done'
