#!/bin/sh
# dpkg on the host, outside any container.
set -eu
dpkg -s dpkg >/dev/null
