#!/bin/bash
# Installs podman (with runc) and imports a small local busybox image,
# localhost/bars-test:1, that the recorder and corpus tests run. Copied from
# the workplace's shared/containers/setup.sh; idempotent.
# Fresh Debian 12 VM (no systemd PID 1, hybrid cgroup v1+v2, no CAP_SYS_RESOURCE), root, no registry access.
set -euo pipefail
if command -v podman >/dev/null && podman image exists localhost/bars-test:1 2>/dev/null; then exit 0; fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# runc listed explicitly: it satisfies podman's "crun | runc" so crun is not pulled in.
apt-get install -y -qq --no-install-recommends podman runc conmon busybox-static curl >/dev/null
mkdir -p /etc/containers
cat > /etc/containers/containers.conf <<CONF
[containers]
# No CAP_SYS_RESOURCE here: podman's root defaults (nofile/nproc 1048576) exceed the host hard limits -> EPERM.
default_ulimits = ["nofile=1024:$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
# crun 1.8.1 refuses hybrid cgroups while cgroup2 still offers a controller (hugetlb); runc 1.1.5 is fine.
runtime = "runc"
CONF
# Image from local material only: static busybox + relative applet symlinks.
W=$(mktemp -d); mkdir -p $W/rootfs/{bin,etc,proc,sys,dev,tmp,root}
cp /bin/busybox $W/rootfs/bin/busybox
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox $W/rootfs/bin/$a; done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > $W/rootfs/etc/passwd
printf 'root:x:0:\nnobody:x:65534:\n' > $W/rootfs/etc/group
tar -C $W/rootfs -cf $W/rootfs.tar .
podman import -q --change 'CMD ["/bin/sh"]' $W/rootfs.tar localhost/bars-test:1
rm -rf $W
