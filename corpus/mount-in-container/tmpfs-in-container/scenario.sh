#!/bin/sh
# Inside a container given CAP_SYS_ADMIN, a shell mounts a tmpfs and
# unmounts it: the moves of a container escape.
# The container sleeps a second before acting so that the recorder has
# learnt its name and image from the engine's API by then.
set -eu
name=pg-corpus-mount
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --network none --cap-add SYS_ADMIN --name $name localhost/bars-test:1 \
	sh -c 'sleep 1; mkdir -p /mnt/x; mount -t tmpfs none /mnt/x; umount /mnt/x'
