// Package format reads and writes Peregrine capture files: a header with the
// host's facts and the event schema, a state snapshot, then events in
// independently compressed, checksummed and hash-chained blocks. The
// byte-level specification is docs/format.md.
//
// It also holds the event catalogue (event types, their parameters and
// value names, following Falco's event table) shared by the recorder, the
// .scap importer (format/scap) and the analyzer.
//
// It is not the analyzer: it knows nothing of processes or rules, and it
// imports nothing Linux-specific, so captures can be read on any OS.
package format

// CurrentVersion is the format version this package writes.
var CurrentVersion = Version{Major: 1, Minor: 0}
