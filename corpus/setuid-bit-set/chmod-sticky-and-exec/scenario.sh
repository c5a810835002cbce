#!/bin/sh
# Ordinary mode changes: a shared directory gets the sticky bit, a script
# becomes executable.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/shared"
chmod 1777 "$tmp/shared"
printf '#!/bin/sh\n' >"$tmp/script"
chmod 0755 "$tmp/script"
