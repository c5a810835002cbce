#!/bin/sh
# A program with no business there reads the password hashes.
set -eu
cat /etc/shadow >/dev/null
