package format

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RotateOptions configure a Rotator. Zero limits mean no limit.
type RotateOptions struct {
	// Path is the base name of the files: for DIR/NAME.EXT they are
	// DIR/NAME-YYYYMMDDTHHMMSSZ-NNNNNN.EXT, with the UTC start time of the
	// file and its sequence number, so that names sort in recording order.
	Path string
	// MaxSize starts a new file once the current one has reached this many
	// bytes (checked as blocks are written, so a file may exceed it by up
	// to one block).
	MaxSize int64
	// MaxAge starts a new file when an event is this much later than the
	// current file's start. Age is measured in event time, so converting
	// or replaying old events rotates as recording them did.
	MaxAge time.Duration
	// MaxFiles deletes the oldest files of the set when there are more.
	MaxFiles int
	// MaxTotalSize deletes the oldest files of the set while the set is
	// larger; the current file is never deleted.
	MaxTotalSize int64
	// Header is the header of every file; Sequence and StartTime are set
	// per file.
	Header Header
	// Snapshot returns the state each new file starts with; nil means an
	// empty snapshot.
	Snapshot func() (*Snapshot, error)
	// Writer configures each file's Writer.
	Writer WriterOptions
}

// Rotator writes events into a rotating set of capture files within a disk
// budget, as a flight recorder does. Every file starts with a fresh
// snapshot and can be analysed alone; event numbers continue across the
// files. Files of an earlier run with the same base name, found in the
// directory at start, count against MaxFiles and MaxTotalSize and are the
// first to go.
//
// Errors are sticky. A Rotator is not safe for concurrent use.
type Rotator struct {
	opts    RotateOptions
	dir     string
	stem    string
	ext     string
	pattern *regexp.Regexp

	cur      *FileWriter
	curStart int64
	full     bool
	seq      int
	files    []string // oldest first, the current file last
	sizes    map[string]int64
	nextNum  uint64
	written  WriterStats // of the files closed so far
	err      error
	closed   bool
}

// NewRotator starts a rotated set with its first file.
func NewRotator(opts *RotateOptions) (*Rotator, error) {
	if opts == nil || opts.Path == "" {
		return nil, fmt.Errorf("%w: rotation needs a Path", ErrInvalidOptions)
	}
	if opts.MaxSize < 0 || opts.MaxAge < 0 || opts.MaxFiles < 0 || opts.MaxTotalSize < 0 {
		return nil, fmt.Errorf("%w: negative rotation limit", ErrInvalidOptions)
	}
	if _, err := opts.Writer.resolve(); err != nil {
		return nil, err
	}
	r := &Rotator{opts: *opts, sizes: make(map[string]int64), nextNum: 1}
	r.dir, r.stem = filepath.Split(opts.Path)
	if r.dir == "" {
		r.dir = "."
	}
	r.ext = filepath.Ext(r.stem)
	r.stem = strings.TrimSuffix(r.stem, r.ext)
	r.pattern = regexp.MustCompile("^" + regexp.QuoteMeta(r.stem) + `-\d{8}T\d{6}Z-(\d{6,})` + regexp.QuoteMeta(r.ext) + "$")
	if err := r.findExisting(); err != nil {
		return nil, err
	}
	start := opts.Header.StartTime
	if start == 0 {
		start = time.Now().UnixNano()
	}
	if err := r.open(start); err != nil {
		return nil, err
	}
	return r, nil
}

// findExisting adds files of an earlier run to the set.
func (r *Rotator) findExisting() error {
	entries, err := os.ReadDir(r.dir)
	if err != nil {
		return fmt.Errorf("rotate: read directory: %w", err)
	}
	for _, e := range entries {
		m := r.pattern.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		name := filepath.Join(r.dir, e.Name())
		r.files = append(r.files, name)
		r.sizes[name] = info.Size()
		if n, err := strconv.Atoi(m[1]); err == nil && n >= r.seq {
			r.seq = n + 1
		}
	}
	slices.Sort(r.files) // names sort by start time
	return nil
}

func (r *Rotator) fileName(start int64, seq int) string {
	ts := time.Unix(0, start).UTC().Format("20060102T150405Z")
	return filepath.Join(r.dir, fmt.Sprintf("%s-%s-%06d%s", r.stem, ts, seq, r.ext))
}

// open starts the next file of the set.
func (r *Rotator) open(start int64) error {
	var snap *Snapshot
	if r.opts.Snapshot != nil {
		s, err := r.opts.Snapshot()
		if err != nil {
			return fmt.Errorf("rotate: take snapshot: %w", err)
		}
		snap = s
	}
	hdr := r.opts.Header
	hdr.Sequence = r.seq
	hdr.StartTime = start
	name := r.fileName(start, r.seq)
	w, err := Create(name, &hdr, snap, &r.opts.Writer)
	if err != nil {
		return err
	}
	r.seq++
	r.cur, r.curStart, r.full = w, start, false
	r.files = append(r.files, name)
	r.sizes[name] = w.Stats().Bytes
	return r.enforce()
}

// rotate closes the current file and opens the next.
func (r *Rotator) rotate(start int64) error {
	if err := r.closeCurrent(); err != nil {
		return err
	}
	return r.open(start)
}

func (r *Rotator) closeCurrent() error {
	w := r.cur
	r.cur = nil
	err := w.Close()
	ws := w.Stats()
	r.written.Events += ws.Events
	r.written.Blocks += ws.Blocks
	r.written.RawBytes += ws.RawBytes
	r.written.Bytes += ws.Bytes
	if info, serr := os.Stat(w.Name()); serr == nil {
		r.sizes[w.Name()] = info.Size()
	}
	return err
}

// enforce deletes the oldest files while the set is over its limits.
func (r *Rotator) enforce() error {
	if r.cur != nil {
		r.sizes[r.cur.Name()] = r.cur.Stats().Bytes
	}
	for len(r.files) > 1 {
		total := int64(0)
		for _, f := range r.files {
			total += r.sizes[f]
		}
		over := (r.opts.MaxFiles > 0 && len(r.files) > r.opts.MaxFiles) ||
			(r.opts.MaxTotalSize > 0 && total > r.opts.MaxTotalSize)
		if !over {
			break
		}
		old := r.files[0]
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("rotate: delete oldest capture: %w", err)
		}
		r.files = r.files[1:]
		delete(r.sizes, old)
	}
	return nil
}

// WriteEvent writes ev to the current file, first starting a new file if
// the current one is full or too old. If ev.Num is 0 the event is numbered
// on from the previous one across files.
func (r *Rotator) WriteEvent(ev *Event) error {
	if r.err != nil {
		return r.err
	}
	if r.full || (r.opts.MaxAge > 0 && ev.Time-r.curStart >= int64(r.opts.MaxAge)) {
		if r.err = r.rotate(ev.Time); r.err != nil {
			return r.err
		}
	}
	num := ev.Num
	if num == 0 {
		ev.Num = r.nextNum
		defer func() { ev.Num = 0 }()
	}
	blocks := r.cur.Stats().Blocks
	if err := r.cur.WriteEvent(ev); err != nil {
		if errors.Is(err, ErrInvalidEvent) {
			return err
		}
		r.err = err
		return err
	}
	r.nextNum = ev.Num + 1
	if r.cur.Stats().Blocks != blocks {
		return r.afterBlock()
	}
	return nil
}

func (r *Rotator) afterBlock() error {
	if r.opts.MaxSize > 0 && r.cur.Stats().Bytes >= r.opts.MaxSize {
		r.full = true
	}
	if err := r.enforce(); err != nil {
		r.err = err
	}
	return r.err
}

// Flush writes out the current file's pending block.
func (r *Rotator) Flush() error {
	if r.err != nil {
		return r.err
	}
	if r.err = r.cur.Flush(); r.err != nil {
		return r.err
	}
	return r.afterBlock()
}

// Close closes the current file (writing its index and footer) and applies
// the limits a last time.
func (r *Rotator) Close() error {
	if r.closed {
		return ErrClosed
	}
	r.closed = true
	var err error
	if r.cur != nil {
		err = r.closeCurrent()
	}
	if eerr := r.enforce(); err == nil {
		err = eerr
	}
	if r.err == nil {
		r.err = ErrClosed
	}
	return err
}

// Files returns the files of the set that exist, oldest first; the current
// file is last.
func (r *Rotator) Files() []string { return slices.Clone(r.files) }

// Stats returns what the Rotator has written, over all its files (those
// it has since deleted included); files of the set from before it started
// do not count.
func (r *Rotator) Stats() WriterStats {
	s := r.written
	if r.cur != nil {
		cs := r.cur.Stats()
		s.Events += cs.Events
		s.Blocks += cs.Blocks
		s.RawBytes += cs.RawBytes
		s.Bytes += cs.Bytes
	}
	return s
}
