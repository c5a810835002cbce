// Command bigscap writes a large uncompressed .scap capture for the
// benchmark against sysdig (scripts/bench-scap.sh): the state blocks of a
// fixture, then its event blocks repeated, each round's timestamps shifted
// past the previous one's, until the capture holds at least -events events.
//
//	go run ./format/scap/internal/bigscap -in format/scap/testdata/curl_google.scap -events 2000000 -o /tmp/big.scap
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/peregrine-sec/peregrine/format/scap/internal/scapfile"
)

func main() {
	in := flag.String("in", "", "fixture capture to repeat (gzip or plain)")
	out := flag.String("o", "", "output file")
	events := flag.Int("events", 2_000_000, "least number of events to write")
	flag.Parse()
	if err := run(*in, *out, *events); err != nil {
		fmt.Fprintln(os.Stderr, "bigscap:", err)
		os.Exit(1)
	}
}

func run(in, out string, events int) error {
	if in == "" || out == "" {
		return fmt.Errorf("need -in and -o")
	}
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	if data, err = scapfile.Decompress(data); err != nil {
		return fmt.Errorf("decompress %s: %w", in, err)
	}
	blocks, err := scapfile.Split(data)
	if err != nil {
		return fmt.Errorf("split %s: %w", in, err)
	}
	var head, evs []scapfile.Block
	for _, b := range blocks {
		if b.IsEvent() {
			evs = append(evs, b)
		} else if len(evs) == 0 {
			head = append(head, b)
		}
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	n, err := scapfile.Repeat(w, head, evs, events)
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	fmt.Printf("%s: %d events (%d rounds of %s)\n", out, n, n/len(evs), in)
	return nil
}
