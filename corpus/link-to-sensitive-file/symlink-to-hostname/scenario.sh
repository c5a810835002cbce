#!/bin/sh
# A link to /etc/hostname: links into /etc are common.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s /etc/hostname "$tmp/hostname"
