#!/bin/sh
# The shell opens /etc/passwd for appending, the first step of adding a
# user by hand. Nothing is written: the redirection of the null command
# opens and closes the file, so its bytes (and mtime) stay as they were.
set -eu
before=$(sha256sum /etc/passwd)
: >> /etc/passwd
[ "$(sha256sum /etc/passwd)" = "$before" ] || { echo "/etc/passwd changed" >&2; exit 1; }
