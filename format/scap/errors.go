package scap

import (
	"errors"
	"fmt"
	"strings"
)

// Errors a Reader returns, wrapped in a *FormatError that says where.
var (
	// ErrNotScap means the input starts with neither a pcapng section header
	// block nor a gzip stream holding one.
	ErrNotScap = errors.New("scap: not a .scap capture")

	// ErrUnsupported means a section header this package cannot read: a
	// newer major version, or big-endian byte order.
	ErrUnsupported = errors.New("scap: unsupported capture")

	// ErrTruncated means the input ends in the middle of a block.
	ErrTruncated = errors.New("scap: truncated capture")

	// ErrCorrupt means a block or event that does not hold together: a
	// length that runs past its block, a trailer that does not match the
	// header, a list entry that does not fit.
	ErrCorrupt = errors.New("scap: corrupt capture")

	// ErrTooLarge means a block longer than ReaderOptions.MaxBlockSize.
	ErrTooLarge = errors.New("scap: block too large")

	// ErrSkipped marks warnings about blocks and events the reader skipped:
	// unknown block types, event types newer than this program, events of
	// types Peregrine's catalogue does not have.
	ErrSkipped = errors.New("scap: skipped")

	// ErrClosed is returned by a Reader used after Close.
	ErrClosed = errors.New("scap: reader closed")
)

// FormatError says where in a .scap file something was wrong: the file,
// the block (numbered from 0, the section header block), its type, and the
// byte offset. For gzip-compressed files, offsets count uncompressed bytes.
// It wraps one of the package's sentinel errors (or an I/O error).
type FormatError struct {
	File      string // file name; empty when reading a stream
	Block     int64  // block number from 0; -1 when not inside a block
	BlockType uint32 // the block's type, 0 when unknown
	Offset    int64  // offset of the problem in the uncompressed stream
	Event     uint64 // event number, when the problem is in an event; else 0
	Msg       string // what was wrong, in words
	Err       error  // the sentinel or underlying error
}

func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("scap: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Block >= 0 {
		fmt.Fprintf(&b, "block %d", e.Block)
		if name := blockName(e.BlockType); name != "" {
			fmt.Fprintf(&b, " (%s, type %#x)", name, e.BlockType)
		} else if e.BlockType != 0 {
			fmt.Fprintf(&b, " (type %#x)", e.BlockType)
		}
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "at offset %d", e.Offset)
	if e.Event != 0 {
		fmt.Fprintf(&b, ", event %d", e.Event)
	}
	b.WriteString(": ")
	switch {
	case e.Err == nil:
		b.WriteString(e.Msg)
	case isSentinel(e.Err):
		// "truncated capture: block of 88 bytes, input ends after 56"
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "scap: "))
		if e.Msg != "" {
			b.WriteString(": ")
			b.WriteString(e.Msg)
		}
	default:
		if e.Msg != "" {
			b.WriteString(e.Msg)
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *FormatError) Unwrap() error { return e.Err }

func isSentinel(err error) bool {
	switch err {
	case ErrNotScap, ErrUnsupported, ErrTruncated, ErrCorrupt, ErrTooLarge, ErrSkipped, ErrClosed:
		return true
	}
	return false
}
