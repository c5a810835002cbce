#!/bin/sh
# pwck locks the account files and opens them read-write to verify them; on
# a consistent system, with no one to answer its questions, it changes
# nothing. (Checked without reading the files, which would be a finding of
# its own: size and modification times must be as they were.)
set -eu
before=$(stat -c '%s %Y %Z' /etc/passwd /etc/shadow)
pwck -q </dev/null || true
if [ "$(stat -c '%s %Y %Z' /etc/passwd /etc/shadow)" != "$before" ]; then
	echo "pwck changed /etc/passwd or /etc/shadow: compare them with /etc/passwd- and /etc/shadow-" >&2
	exit 1
fi
