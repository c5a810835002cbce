#!/bin/bash
# A UDP connection to port 3333 of a remote address (TEST-NET-1), where
# Stratum mining pools listen. UDP connect sends no packet.
set -eu
bash --norc -c 'exec 3<>/dev/udp/192.0.2.1/3333'
