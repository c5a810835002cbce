#!/bin/bash
# A trojaned "cat" (here a copy of bash under that name, outside the
# temporary directories) opens a UDP connection to a remote address: an
# unexpected outbound connection. UDP connect sends no packet.
set -eu
dir=$(mktemp -d /run/peregrine-corpus.XXXXXX)
trap 'rm -rf "$dir"' EXIT
cp /bin/bash "$dir/cat"
"$dir/cat" --norc -c 'exec 3<>/dev/udp/192.0.2.1/53'
