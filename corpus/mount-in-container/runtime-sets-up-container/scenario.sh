#!/bin/sh
# runc sets up a container's mounts and namespaces from inside its cgroup:
# the runtime's work, not the container's.
set -eu
name=pg-corpus-setup
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --name $name localhost/bars-test:1 true
