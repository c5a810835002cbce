#!/bin/sh
# podman exec of a plain program (a health check, say) starts no shell.
set -eu
name=pg-corpus-exec-cmd
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run -d --network none --name $name localhost/bars-test:1 sleep 30 >/dev/null
sleep 1
podman exec $name cat /etc/hostname
