package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/peregrine-sec/peregrine/format"
	"github.com/peregrine-sec/peregrine/format/scap"
)

// maxShownWarnings bounds the warnings convert prints; the rest are counted.
const maxShownWarnings = 20

func runConvert(ctx context.Context, e *env) error {
	fs := newFlags(e, "convert", "convert [OPTIONS] IN.scap OUT")
	level := fs.Int("level", 0, "compression level: 1 fastest ... 4 smallest (default 1, the capture format's default)")
	quiet := fs.BoolP("quiet", "q", false, "do not print the summary")
	if err := parseFlags(fs, e); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("want IN.scap and OUT, got %d arguments", fs.NArg())
	}
	in, out := fs.Arg(0), fs.Arg(1)
	if *level < 0 || *level > 4 {
		return usagef("--level %d: want 1 to 4", *level)
	}
	if same, _ := sameFile(in, out); same {
		return usagef("OUT %s is the input file", out)
	}
	start := time.Now()

	var shown, warnings int
	r, err := openScapInput(in, func(w error) {
		warnings++
		if shown < maxShownWarnings {
			shown++
			fmt.Fprintf(e.stderr, "peregrine convert: warning: %v\n", w)
		}
	})
	if err != nil {
		return err
	}
	defer r.Close()

	hdr := *r.Header()
	hdr.Recorder = "peregrine " + version + " convert"
	hdr.Options = make(map[string]string, len(r.Header().Options)+1)
	for k, v := range r.Header().Options {
		hdr.Options[k] = v
	}
	hdr.Options["converted_from"] = filepath.Base(in)
	w, err := format.Create(out, &hdr, r.Snapshot(), &format.WriterOptions{Level: *level})
	if err != nil {
		return fmt.Errorf("convert %s: %w", in, err)
	}

	var ev format.Event
	var readErr error
	for n := 0; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			readErr = ctx.Err()
			break
		}
		err := r.ReadInto(&ev)
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = err
			break
		}
		if err := w.WriteEvent(&ev); err != nil {
			if errors.Is(err, format.ErrInvalidEvent) {
				warnings++
				if shown < maxShownWarnings {
					shown++
					fmt.Fprintf(e.stderr, "peregrine convert: warning: event %d not written: %v\n", ev.Num, err)
				}
				continue
			}
			w.Close()
			return fmt.Errorf("convert %s: %w", in, err)
		}
	}
	// Whatever was read is kept: the output is closed properly even when
	// the input is damaged or the user interrupts.
	if err := w.Close(); err != nil {
		return fmt.Errorf("convert %s: %w", in, err)
	}
	if warnings > shown {
		fmt.Fprintf(e.stderr, "peregrine convert: %d more warnings not shown\n", warnings-shown)
	}
	if !*quiet {
		printConvertSummary(e.stdout, in, out, r.Stats(), w.Stats(), time.Since(start))
	}
	if readErr != nil {
		if errors.Is(readErr, context.Canceled) {
			return readErr
		}
		return fmt.Errorf("%w (the events before it were written to %s)", readErr, out)
	}
	return nil
}

// openScapInput opens a .scap file, saying clearly when it is something
// else (a Peregrine capture needs no converting).
func openScapInput(name string, onWarning func(error)) (*scapFile, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open input: %w", err)
	}
	head := make([]byte, format.SniffLen)
	n, _ := io.ReadFull(f, head)
	if format.Sniff(head[:n]) == format.KindCapture {
		f.Close()
		return nil, fmt.Errorf("%s is already a Peregrine capture", name)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("open input: %w", err)
	}
	// Read ahead: decoding runs on one core, encoding and compressing the
	// output on the other.
	r, err := scap.NewReader(f, &scap.ReaderOptions{Name: name, OnWarning: onWarning, ReadAhead: 2})
	if err != nil {
		f.Close()
		return nil, err
	}
	return &scapFile{Reader: r, f: f}, nil
}

// scapFile is a scap.Reader that closes its file.
type scapFile struct {
	*scap.Reader
	f *os.File
}

func (s *scapFile) Close() error {
	err := s.Reader.Close()
	if cerr := s.f.Close(); err == nil {
		err = cerr
	}
	return err
}

func printConvertSummary(w io.Writer, in, out string, rs scap.Stats, ws format.WriterStats, d time.Duration) {
	inSize := fileSize(in)
	outSize := fileSize(out)
	fmt.Fprintf(w, "%s -> %s\n", in, out)
	fmt.Fprintf(w, "  events   %d written", ws.Events)
	if rs.Skipped > 0 {
		fmt.Fprintf(w, ", %d skipped", rs.Skipped)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  input    %d bytes (%d uncompressed)\n", inSize, rs.Bytes)
	fmt.Fprintf(w, "  output   %d bytes", outSize)
	if inSize > 0 {
		fmt.Fprintf(w, " (%.2fx the input)", float64(outSize)/float64(inSize))
	}
	if ws.Events > 0 {
		fmt.Fprintf(w, ", %.1f bytes/event", float64(outSize)/float64(ws.Events))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  time     %s", d.Round(time.Millisecond))
	if s := d.Seconds(); s > 0 {
		fmt.Fprintf(w, " (%.0f events/s)", float64(ws.Events)/s)
	}
	fmt.Fprintln(w)
}

func fileSize(name string) int64 {
	st, err := os.Stat(name)
	if err != nil {
		return 0
	}
	return st.Size()
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
