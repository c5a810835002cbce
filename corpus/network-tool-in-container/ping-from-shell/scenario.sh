#!/bin/sh
# A shell in a container pings: reconnaissance from inside.
# The container sleeps a second before acting so that the recorder has
# learnt its name and image from the engine's API by then.
set -eu
name=pg-corpus-ping
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --cap-add NET_RAW --name $name localhost/bars-test:1 \
	sh -c 'sleep 1; ping -c1 127.0.0.1 >/dev/null; echo done'
