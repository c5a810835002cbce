// Package format reads and writes Peregrine capture files: a header with the
// host's facts and the event schema, a state snapshot, then events in
// independently compressed, checksummed and hash-chained blocks, closed by a
// block index and a footer. The byte-level specification is docs/format.md.
//
// Writing: NewWriter (or Create for a file) writes the header and snapshot;
// WriteEvent appends events, Flush ends a block, Close writes the index and
// footer. NewRotator writes a rotating set of files within a disk budget.
//
// Reading: NewReader reads a capture as a stream, ReadInto filling a caller's
// Event without allocating; decompression runs ahead on a second goroutine.
// ReadBatch decodes runs of events without copying them: a Batch holds the
// decompressed blocks its events point into until it is released, so a
// caller can decode on one goroutine and work on another.
// Open and NewFile give random access: the block list, readers starting at a
// time, and Verify, which tells an intact file from a truncated, corrupted,
// edited or unsealed one. Sniff tells a capture from a .scap file by its
// first bytes; EventReader is what both kinds of reader offer the analyzer.
//
// Captures are hostile input: readers never panic, never allocate because a
// header says so, skip damaged blocks with a Warning naming the file, block
// and offset, and return *Error values that wrap the package's sentinels.
//
// The package also holds the event catalogue (event types, their parameters
// and value names, following Falco's event table) and the state records
// shared by the recorder, the .scap importer (format/scap) and the analyzer,
// and Synth, a generator of realistic synthetic events for tests,
// benchmarks and demonstrations.
//
// It is not the analyzer: it knows nothing of processes, fields or rules,
// and it imports nothing Linux-specific, so captures can be read on any OS.
package format

// CurrentVersion is the format version this package writes.
var CurrentVersion = Version{Major: 1, Minor: 0}
