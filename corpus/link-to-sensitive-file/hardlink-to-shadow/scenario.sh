#!/bin/sh
# A hard link to /etc/shadow, a second name for the password hashes that
# survives checks on the original path. The link is made in a temporary
# directory on the same filesystem as /etc (hard links cannot cross
# filesystems) and removed again; the file itself is not changed.
set -eu
dir=$(mktemp -d /var/tmp/peregrine-corpus.XXXXXX)
if [ "$(stat -c %d "$dir")" != "$(stat -c %d /etc)" ]; then
	rmdir "$dir"
	dir=$(mktemp -d /peregrine-corpus.XXXXXX)
fi
trap 'rm -rf "$dir"' EXIT
ln /etc/shadow "$dir/shadow-copy"
