#!/bin/bash
# A local service on port 3333, and a remote host on 443: neither is a
# mining pool.
set -eu
bash --norc -c 'exec 3<>/dev/udp/127.0.0.1/3333; exec 4<>/dev/udp/192.0.2.1/443'
