package format

import (
	"errors"
	"fmt"
	"strconv"
)

// Sentinel errors. Errors returned by this package wrap one of them (test
// with errors.Is) and, where a position is known, come as an *Error.
var (
	// ErrNotCapture means the input does not start with a Peregrine capture
	// file header (see Sniff for telling other formats apart).
	ErrNotCapture = errors.New("format: not a capture file")
	// ErrNewerVersion means the file was written by a newer major version
	// of the format than this program reads.
	ErrNewerVersion = errors.New("format: file format is newer than this program reads")
	// ErrCorrupt means bytes that do not follow the format: a checksum that
	// does not match, a length running past its container, a reference to
	// something that does not exist.
	ErrCorrupt = errors.New("format: corrupt data")
	// ErrTruncated means the input ended in the middle of a header or block.
	ErrTruncated = errors.New("format: truncated")
	// ErrTooLarge means a length beyond the format's limits (docs/format.md,
	// "Limits"), for example a block claiming 4 GiB.
	ErrTooLarge = errors.New("format: size beyond limits")
	// ErrInvalidEvent means a Writer was given an event it cannot store: an
	// unknown type, parameters the type does not have, or a value too large.
	ErrInvalidEvent = errors.New("format: invalid event")
	// ErrClosed means the Writer, Reader or File was used after Close.
	ErrClosed = errors.New("format: use after close")
	// ErrInvalidOptions means options out of their documented range.
	ErrInvalidOptions = errors.New("format: invalid options")
)

// Error is an error at a position in a capture file. Block is the block
// number (from 0, counting every block of the file) or -1 when the error is
// not inside a block (the file header); Offset is the byte offset in the file
// where the offending header or block starts.
type Error struct {
	File   string
	Block  int
	Offset int64
	Err    error
}

func (e *Error) Error() string {
	return position(e.File, e.Block, e.Offset) + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func position(file string, block int, off int64) string {
	s := ""
	if file != "" {
		s = file + ": "
	}
	if block >= 0 {
		s += "block " + strconv.Itoa(block) + " at offset " + strconv.FormatInt(off, 10) + ": "
	} else if off > 0 {
		s += "offset " + strconv.FormatInt(off, 10) + ": "
	}
	return s
}

// Warning is a problem a Reader recovered from: a damaged block it skipped,
// a truncated end, a parameter it could not map. Reading goes on.
type Warning struct {
	File   string
	Block  int   // block number, or -1
	Offset int64 // where the block (or the damage) starts
	Lost   int64 // bytes skipped because of this problem, 0 if none
	Err    error // what happened; wraps ErrCorrupt, ErrTruncated, ...
}

func (w *Warning) Error() string {
	s := position(w.File, w.Block, w.Offset) + w.Err.Error()
	if w.Lost > 0 {
		s += " (" + strconv.FormatInt(w.Lost, 10) + " bytes skipped)"
	}
	return s
}

// Unwrap returns the underlying error.
func (w *Warning) Unwrap() error { return w.Err }

// corruptf returns an error wrapping ErrCorrupt with a description.
func corruptf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrCorrupt, fmt.Sprintf(format, args...))
}
