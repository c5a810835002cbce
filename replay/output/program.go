package output

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
)

// ProgramOptions configure NewProgram. The zero value starts the program
// anew for every alert, as Falco's program_output with keep_alive: false.
// Options are read once, by NewProgram.
type ProgramOptions struct {
	// KeepAlive starts the program once, at the first alert, and writes
	// every alert to the same stdin until Close (program_output.keep_alive).
	KeepAlive bool
	// Buffered buffers writes to a kept-alive program until Close or a full
	// buffer (buffered_outputs).
	Buffered bool
	// Format renders the alerts; nil means text.
	Format *Format
	// Stdout and Stderr receive the program's output; nil discards it.
	Stdout, Stderr io.Writer
	// Shell runs the program line; "" means /bin/sh.
	Shell string
}

// NewProgram returns a sink that runs program with the shell ("/bin/sh -c
// PROGRAM", as Falco's popen does) and writes alerts to its stdin, one a
// line, e.g. `mail -s "Peregrine alert" root`.
//
// The program line comes from the configuration, never from events: event
// data only ever travels on the program's stdin, so a file name with shell
// syntax in it cannot run anything.
//
// Without KeepAlive, Send waits for the program to exit and reports a
// failure exit status as an error. With KeepAlive, a program that exits
// early is reported at the next Send and started again at the one after.
func NewProgram(program string, opts *ProgramOptions) (Sink, error) {
	if strings.TrimSpace(program) == "" {
		return nil, errors.New("output: program output needs a program")
	}
	var o ProgramOptions
	if opts != nil {
		o = *opts
	}
	if o.Shell == "" {
		o.Shell = "/bin/sh"
	}
	if _, err := exec.LookPath(o.Shell); err != nil {
		return nil, fmt.Errorf("find shell for program output: %w", err)
	}
	return &programSink{program: program, opts: o}, nil
}

type programSink struct {
	program string
	opts    ProgramOptions
	cmd     *exec.Cmd // running, with KeepAlive
	stdin   io.WriteCloser
	bw      *bufio.Writer
	buf     []byte
	closed  bool
}

func (s *programSink) start() error {
	cmd := exec.Command(s.opts.Shell, "-c", s.program)
	cmd.Stdout = s.opts.Stdout
	cmd.Stderr = s.opts.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("start program %q: %w", s.program, err)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start program %q: %w", s.program, err)
	}
	s.cmd, s.stdin = cmd, stdin
	if s.opts.KeepAlive && s.opts.Buffered {
		s.bw = bufio.NewWriterSize(stdin, 64<<10)
	} else {
		s.bw = nil
	}
	return nil
}

// stop closes the program's stdin and waits for it to exit.
func (s *programSink) stop() error {
	if s.cmd == nil {
		return nil
	}
	var err error
	if s.bw != nil {
		err = s.bw.Flush()
	}
	if cerr := s.stdin.Close(); err == nil && cerr != nil && !errors.Is(cerr, io.ErrClosedPipe) {
		err = cerr
	}
	if werr := s.cmd.Wait(); werr != nil {
		err = werr
	}
	s.cmd, s.stdin, s.bw = nil, nil, nil
	if err != nil {
		return fmt.Errorf("run program %q: %w", s.program, err)
	}
	return nil
}

func (s *programSink) Send(a *Alert) error {
	if s.closed {
		return ErrClosed
	}
	s.buf = s.opts.Format.Append(s.buf[:0], a)
	s.buf = append(s.buf, '\n')
	if s.cmd == nil {
		if err := s.start(); err != nil {
			return err
		}
	}
	var err error
	if s.bw != nil {
		_, err = s.bw.Write(s.buf)
	} else {
		_, err = s.stdin.Write(s.buf)
	}
	if err != nil {
		// The program went away (a closed pipe): collect its exit status,
		// report, and start afresh at the next alert.
		serr := s.stop()
		return fmt.Errorf("write alert to program %q: %w", s.program, errors.Join(err, serr))
	}
	if !s.opts.KeepAlive {
		return s.stop()
	}
	return nil
}

func (s *programSink) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	return s.stop()
}
