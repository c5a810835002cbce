#!/bin/sh
# Run by make corpus after the recording: removes the saved history.
rm -rf /tmp/peregrine-corpus-history
