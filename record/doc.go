// Package record is Peregrine's recorder: it loads the probe, takes a
// snapshot of the host from /proc (every thread with its process context,
// every process's fds with socket addresses from /proc/net, users and
// groups, containers with their engine's metadata, network interfaces),
// converts the probe's records into format events in Falco's encoding and
// writes them into a capture file or a rotated set of files, with drop
// records for events the kernel lost.
//
// Run is the whole job; the command line is cmd/peregrine's "record".
// It needs Linux and the privileges to load eBPF programs.
//
// It is not the analyzer and keeps no process table of its own: each file
// opens with a fresh /proc snapshot and the events say what changed.
package record
