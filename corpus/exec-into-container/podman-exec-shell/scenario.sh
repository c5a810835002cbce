#!/bin/sh
# podman exec runs a shell inside a running container, as an operator (or
# an intruder with access to the engine) does.
set -eu
name=pg-corpus-exec-shell
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run -d --network none --name $name localhost/bars-test:1 sleep 30 >/dev/null
sleep 1
podman exec $name sh -c 'id; cat /etc/hostname'
