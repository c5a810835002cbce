#!/bin/sh
# A container started with an init process (podman run --init: catatonit,
# as podman-init, is process 1 and reaps zombies): the entrypoint shell is
# process 2, under podman-init, and still the container's main process.
# The container sleeps a second before acting so that the recorder has
# learnt its name and image from the engine's API by then. Needs catatonit.
set -eu
name=pg-corpus-init
trap 'podman rm -f -t 0 $name >/dev/null 2>&1 || true' EXIT
podman run --rm --init --network none --name $name localhost/bars-test:1 \
	sh -c 'sleep 1; echo starting; cat /etc/hostname; echo done'
