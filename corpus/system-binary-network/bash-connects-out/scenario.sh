#!/bin/bash
# bash opens the same UDP connection as the trojaned cat of the other case.
set -eu
bash --norc -c 'exec 3<>/dev/udp/192.0.2.1/53'
