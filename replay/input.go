package replay

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"

	"github.com/peregrine-sec/peregrine/format"
)

// ErrUnknownInput is returned by OpenInput for a file that is neither a
// Peregrine capture nor a sysdig/Falco .scap file.
var ErrUnknownInput = errors.New("replay: not a Peregrine capture or .scap file")

// OpenInput opens a capture file for Run: a Peregrine capture or a
// sysdig/Falco .scap file, told apart by their first bytes (either may be
// gzip-compressed). Errors name the file. The reader it returns reports
// how many bytes it has read (for Options.Progress) and closes the file
// when closed.
func OpenInput(name string) (format.EventReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	in, err := newInput(f, name)
	if err != nil {
		f.Close()
		return nil, err
	}
	return in, nil
}

func newInput(f *os.File, name string) (*input, error) {
	in := &input{file: f, name: name}
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, fmt.Errorf("%w: %s is a directory", ErrUnknownInput, name)
		}
		in.size = st.Size()
	}
	in.count = &countingReader{r: f}
	br := bufio.NewReaderSize(in.count, 1<<16)
	head, _ := br.Peek(format.SniffLen)
	kind := format.Sniff(head)
	var src io.Reader = br
	if kind == format.KindGzip {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("open input %s: read gzip header: %w", name, err)
		}
		in.gz = zr
		zbr := bufio.NewReaderSize(zr, 1<<16)
		head, _ = zbr.Peek(format.SniffLen)
		kind = format.Sniff(head)
		src = zbr
	}
	switch kind {
	case format.KindCapture:
		r, err := format.NewReader(src, &format.ReaderOptions{Name: name})
		if err != nil {
			return nil, err // format's errors name the file
		}
		in.EventReader = r
		return in, nil
	case format.KindScap:
		r, err := openScap(src, name)
		if err != nil {
			return nil, err
		}
		in.EventReader = r
		return in, nil
	}
	if len(head) == 0 {
		return nil, fmt.Errorf("%w: %s is empty", ErrUnknownInput, name)
	}
	return nil, fmt.Errorf("%w: %s starts with % x", ErrUnknownInput, name, head)
}

// input is an EventReader over a file that OpenInput opened.
type input struct {
	format.EventReader
	name  string
	file  *os.File
	gz    *gzip.Reader
	count *countingReader
	size  int64
}

// BytesRead is how much of the file has been read.
func (in *input) BytesRead() int64 { return in.count.n.Load() }

// Size is the file's size.
func (in *input) Size() int64 { return in.size }

// Name is the file name.
func (in *input) Name() string { return in.name }

// Close closes the reader and the file.
func (in *input) Close() error {
	err := in.EventReader.Close()
	if in.gz != nil {
		in.gz.Close()
	}
	if cerr := in.file.Close(); err == nil {
		err = cerr
	}
	return err
}

// countingReader counts the bytes read through it; the count may be read
// from another goroutine (progress reports).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
