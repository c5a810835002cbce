#!/bin/sh
# Run by make corpus after the recording: removes the emptied history.
rm -rf /tmp/peregrine-corpus-empty-history
