package output

import (
	"bufio"
	"errors"
	"fmt"
	"os"
)

// FileOptions configure OpenFile. The zero value reopens the file for every
// alert and writes unbuffered, as Falco's file_output with keep_alive: false.
// Options are read once, by OpenFile.
type FileOptions struct {
	// KeepAlive opens the file once and keeps it open until Close
	// (file_output.keep_alive). Otherwise it is opened in append mode,
	// written and closed for every alert, so log rotation just works.
	KeepAlive bool
	// Buffered buffers writes of a kept-alive file until Close or a full
	// buffer (buffered_outputs).
	Buffered bool
	// Format renders the alerts; nil means text.
	Format *Format
}

// OpenFile returns a sink appending alerts, one a line, to the file name,
// created with mode 0600 if it does not exist. The file is opened once
// here, so a path that cannot be written is an error now rather than at
// the first alert.
func OpenFile(name string, opts *FileOptions) (Sink, error) {
	if name == "" {
		return nil, errors.New("output: file output needs a filename")
	}
	var o FileOptions
	if opts != nil {
		o = *opts
	}
	s := &fileSink{name: name, opts: o}
	f, err := s.open()
	if err != nil {
		return nil, err
	}
	if o.KeepAlive {
		s.f = f
		if o.Buffered {
			s.bw = bufio.NewWriterSize(f, 64<<10)
		}
	} else if err := f.Close(); err != nil {
		return nil, fmt.Errorf("close alert file: %w", err)
	}
	return s, nil
}

type fileSink struct {
	name   string
	opts   FileOptions
	f      *os.File // kept open with KeepAlive
	bw     *bufio.Writer
	buf    []byte
	closed bool
}

func (s *fileSink) open() (*os.File, error) {
	f, err := os.OpenFile(s.name, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open alert file: %w", err)
	}
	return f, nil
}

func (s *fileSink) Send(a *Alert) error {
	if s.closed {
		return ErrClosed
	}
	s.buf = s.opts.Format.Append(s.buf[:0], a)
	s.buf = append(s.buf, '\n')
	if s.f == nil {
		f, err := s.open()
		if err != nil {
			return err
		}
		_, werr := f.Write(s.buf)
		cerr := f.Close()
		if werr != nil {
			return fmt.Errorf("write alert to %s: %w", s.name, werr)
		}
		if cerr != nil {
			return fmt.Errorf("close alert file: %w", cerr)
		}
		return nil
	}
	var err error
	if s.bw != nil {
		_, err = s.bw.Write(s.buf)
	} else {
		_, err = s.f.Write(s.buf)
	}
	if err != nil {
		return fmt.Errorf("write alert to %s: %w", s.name, err)
	}
	return nil
}

func (s *fileSink) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	if s.f == nil {
		return nil
	}
	var err error
	if s.bw != nil {
		if ferr := s.bw.Flush(); ferr != nil {
			err = fmt.Errorf("write alert to %s: %w", s.name, ferr)
		}
	}
	if cerr := s.f.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("close alert file: %w", cerr)
	}
	return err
}
